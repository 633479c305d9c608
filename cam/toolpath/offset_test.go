package toolpath

import (
	"errors"
	"math"
	"testing"

	"github.com/fabkit/fabkit/geometry/profile"
)

func TestOffsetExact(t *testing.T) {
	const d = 0.9
	pi := math.Pi
	// An L-shaped plate (one concave corner) and a rounded rectangle with a
	// concave fillet smaller than the offset.
	ell := profile.Polygon(pt(0, 0), pt(100, 0), pt(100, 40), pt(40, 40), pt(40, 80), pt(0, 80))
	notch := profile.Start(0, 0).Line(100, 0).Line(100, 50).Line(60, 50).Arc(50, 40, -math.Tan(pi/8)).Line(50, 20).
		Arc(40, 30, -1).Line(40, 50).Line(0, 50).Close() // U-shaped notch, 10 wide, round bottom
	cases := []struct {
		name  string
		p     profile.Path
		d     float64
		area  float64 // expected signed area of the result
		nArcs int     // -1: don't check
	}{
		{"rect outward", profile.Rect(0, 0, 100, 50), d, 100*50 + 300*d + pi*d*d, 4},
		{"rect hole inward", profile.Rect(0, 0, 100, 50).Reverse(), d, -(100 - 2*d) * (50 - 2*d), 0},
		{"rect inward (left)", profile.Rect(0, 0, 100, 50), -d, (100 - 2*d) * (50 - 2*d), 0},
		{"circle hole", profile.Circle(10, 10, 6).Reverse(), d, -pi * (6 - d) * (6 - d), 2},
		{"circle outward", profile.Circle(10, 10, 6), d, pi * (6 + d) * (6 + d), 2},
		{"slot hole", profile.Slot(pt(0, 0), pt(30, 0), 10).Reverse(), d, -(30*(10-2*d) + pi*(5-d)*(5-d)), 2},
		{"L outward", ell, d, 100*40 + 40*40 + (100+40+60+40+40+80)*d + (5*pi/4-1)*d*d, -1},
		{"rounded rect, fillet < d, inward", profile.RoundedRect(0, 0, 60, 40, 0.5), -d, (60 - 2*d) * (40 - 2*d), 0},
		{"rounded rect, fillet > d, inward", profile.RoundedRect(0, 0, 60, 40, 5), -d, (60-2*d)*(40-2*d) - (4-pi)*(5-d)*(5-d), 4},
		{"U notch outward", notch, d, -1, -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q, err := Offset(c.p, c.d)
			if err != nil {
				t.Fatal(err)
			}
			if err := q.Validate(); err != nil {
				t.Fatalf("offset loop invalid: %v", err)
			}
			if c.area != -1 && math.Abs(q.Area()-c.area) > 1e-6 {
				t.Errorf("area = %.6f, want %.6f", q.Area(), c.area)
			}
			arcs := 0
			for _, s := range q.Segs {
				if s.Bulge != 0 {
					arcs++
				}
			}
			if c.nArcs >= 0 && arcs != c.nArcs {
				t.Errorf("%d arcs, want %d", arcs, c.nArcs)
			}
			ref := profile.Profile{Outer: c.p}
			for _, pt := range q.Flatten(0.001) {
				// Flatten moves vertices off the arc by up to tol.
				if got := math.Abs(ref.Evaluate2(pt)); math.Abs(got-math.Abs(c.d)) > 0.0011 {
					t.Fatalf("point %v is %.5f from the path, want %.5f", pt, got, math.Abs(c.d))
				}
			}
		})
	}
}

func TestOffsetTooSmall(t *testing.T) {
	for name, p := range map[string]profile.Path{
		"hole radius < d":  profile.Circle(0, 0, 0.8).Reverse(),
		"hole radius == d": profile.Circle(0, 0, 0.9).Reverse(),
		"slot too narrow":  profile.Slot(pt(0, 0), pt(10, 0), 1.5).Reverse(),
		"neck too narrow":  profile.Polygon(pt(0, 0), pt(100, 0), pt(100, 50), pt(51, 50), pt(51, 10), pt(50, 10), pt(50, 50), pt(0, 50)),
	} {
		_, err := Offset(p, 0.9)
		var oe *OffsetError
		if !errors.As(err, &oe) {
			t.Errorf("%s: err = %v, want an *OffsetError", name, err)
		}
	}
}

func TestOffsetSwallowsShortEdge(t *testing.T) {
	// A 0.3 mm step on the top edge: the offset by 0.9 swallows the step's
	// vertical edge and keeps the round join about its convex corner.
	p := profile.Polygon(pt(0, 0), pt(100, 0), pt(100, 50), pt(50, 50), pt(50, 50.3), pt(0, 50.3))
	q, err := Offset(p, 0.9)
	if err != nil {
		t.Fatal(err)
	}
	ref := profile.Profile{Outer: p}
	for _, pt := range q.Flatten(0.0001) {
		if got := ref.Evaluate2(pt); math.Abs(got-0.9) > 0.0002 {
			t.Fatalf("point %v is %.5f from the path", pt, got)
		}
	}
	var sawJoin bool
	q.Each(func(a point, s profile.Segment) {
		if arc, ok := profile.ArcOf(a, s); ok && arc.Center.Sub(pt(50, 50.3)).Len() < 1e-9 {
			sawJoin = true
		}
	})
	if !sawJoin {
		t.Errorf("no round join about the step's outer corner: %+v", q)
	}
}

func pt(x, y float64) point { return point{X: x, Y: y} }
