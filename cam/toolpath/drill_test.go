package toolpath

import (
	"context"
	"testing"

	"github.com/fabkit/fabkit/geometry/profile"
)

// TestDrillRuleIgnoresPlacement: a hole of exactly MinHoleRatio x thickness
// (1.5 x 1/4in, and 1.5 x 1/8in = 4.7625mm, half-way between two
// micrometres) gets the same decision on every copy of its part, in every
// rotation and position, as on the part itself.
func TestDrillRuleIgnoresPlacement(t *testing.T) {
	for _, th := range []float64{6.35, 3.175} {
		drillRuleCopies(t, th)
	}
}

func drillRuleCopies(t *testing.T, th float64) {
	const ratio = 1.5
	part := profile.New(profile.Rect(0, 0, 80, 60), profile.Circle(23.3, 17.9, ratio*th/2), profile.Circle(60, 40, 3))
	want := Drilled(part.Holes[0], th, ratio)
	var parts []PlacedPart
	for i, deg := range []float64{0, 90, 180, 270, 33.3, 123.7, 211.1, 301.9, 45, 17.77} {
		at := profile.Point{X: 61.7 + float64(i%5)*131.3, Y: 73.1 + float64(i/5)*137.9}
		parts = append(parts, PlacedPart{ID: "p", Instance: i + 1, Shape: part.Transform(deg, at)})
	}
	cut := testCut
	cut.Thickness = th
	plan, err := Build(context.Background(), Sheet{SizeX: 800, SizeY: 400, Thickness: th}, parts, Options{Cut: cut, MinHoleRatio: ratio})
	if err != nil {
		t.Fatal(err)
	}
	drilled := map[int]bool{}
	for _, d := range plan.Drill {
		if d.Hole == 1 {
			drilled[d.Instance] = true
		}
	}
	cutHoles := map[int]bool{}
	for _, c := range plan.Cuts {
		if c.Feature == Hole && c.Hole == 1 {
			cutHoles[c.Instance] = true
		}
	}
	for i := range parts {
		n := i + 1
		if drilled[n] == cutHoles[n] {
			t.Errorf("%gmm: copy %d: hole 1 drilled %v and cut %v", th, n, drilled[n], cutHoles[n])
		}
		if drilled[n] != want {
			t.Errorf("%gmm: copy %d: hole 1 drilled %v, the part's own rule says %v", th, n, drilled[n], want)
		}
	}
	if want {
		t.Error("a hole at exactly the threshold is drilled; the rule is diameter < ratio x thickness")
	}
}
