package toolpath

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/geometry/profile"
)

// TestSmallHolesBetweenDrillAndTwoAndAHalf: with holes under 1.5 x
// thickness drilled, the round holes from 1.5 to 2.5 x thickness are cut
// as small holes (slower feed, THC off), larger ones at full feed.
func TestSmallHolesBetweenDrillAndTwoAndAHalf(t *testing.T) {
	const th = 6.35
	part := profile.New(profile.Rect(0, 0, 200, 100),
		profile.Circle(30, 50, 1.2*th/2), // drilled
		profile.Circle(70, 50, 2*th/2),   // small
		profile.Circle(120, 50, 3*th/2),  // full feed
	)
	plan, err := Build(context.Background(), Sheet{SizeX: 300, SizeY: 200, Thickness: th},
		[]PlacedPart{{ID: "p", Instance: 1, Shape: part.Transform(0, pt(50, 50))}}, Options{Cut: testCut, MinHoleRatio: 1.5})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Drill) != 1 || plan.Drill[0].Hole != 1 {
		t.Errorf("drill points %+v, want hole 1", plan.Drill)
	}
	for _, c := range plan.Cuts {
		if c.Feature != Hole {
			continue
		}
		small := c.Hole == 2
		if c.Small != small || c.THCOff != small {
			t.Errorf("hole %d: small %v, THC off %v; want %v", c.Hole, c.Small, c.THCOff, small)
		}
		want := testCut.Feed
		if small {
			want *= testCut.SmallHoleFeed
		}
		if math.Abs(c.Feed-want) > 1e-9 {
			t.Errorf("hole %d: feed %v, want %v", c.Hole, c.Feed, want)
		}
	}
}

// TestNarrowFeatures: a 0.479in slot in 1/2in plate (as on the CEB's f9)
// is cut with a warning naming the part and the slot, whichever way the
// part is turned, and is an error where the shop says the torch cannot cut
// features narrower than the plate.
func TestNarrowFeatures(t *testing.T) {
	const th = 12.7
	w := 0.479 * 25.4
	part := profile.New(profile.Rect(0, 0, 150, 100), profile.Circle(30, 50, 20), profile.Slot(pt(70, 50), pt(110, 50), w))
	cut := testCut
	cut.Thickness = th
	for _, deg := range []float64{0, 30, 90} {
		parts := []PlacedPart{{ID: "f9", Instance: 1, Shape: part.Transform(deg, pt(150, 150))}}
		sheet := Sheet{SizeX: 400, SizeY: 400, Thickness: th}
		plan, err := Build(context.Background(), sheet, parts, Options{Cut: cut, MinHoleRatio: 1})
		if err != nil {
			t.Fatal(err)
		}
		warned := 0
		for _, wn := range plan.Warnings {
			if strings.Contains(wn.String(), "part f9 #1: hole 2: 12.17mm wide, narrower than the 12.70mm plate") {
				warned++
			}
		}
		if warned != 1 {
			t.Errorf("turned %v: warnings %v, want one about hole 2", deg, plan.Warnings)
		}
		_, err = Build(context.Background(), sheet, parts, Options{Cut: cut, MinHoleRatio: 1, MinFeatureRatio: 1})
		var pe *PartError
		if !errors.As(err, &pe) || pe.Part != "f9" || pe.Feature != "hole 2" {
			t.Errorf("turned %v with min_feature_ratio 1: %v, want an error for f9 hole 2", deg, err)
		}
	}
}

// TestPiercesAKerfFromEveryEdge: on the test sheet every pierce that is
// not at a hole's centre stands at least a kerf plus its lead-in's length
// off its own part's finished edge (the old rule, one kerf, let the 6mm
// arc leads pierce 4.6mm off it), and a kerf off every other part.
func TestPiercesAKerfFromEveryEdge(t *testing.T) {
	sheet, parts := testSheet()
	plan, err := Build(context.Background(), sheet, parts, Options{Cut: testCut, MinHoleRatio: 1, LeadIn: 6, LeadOut: 3})
	if err != nil {
		t.Fatal(err)
	}
	checkPierces(t, plan, parts, 6)
}

// checkPierces checks every pierce not at a hole's centre: at least a kerf
// plus its lead-in (the arc that meets the loop) off its own part, a kerf
// off the others, and, where no warning says an outline's lead was
// shortened, an outline lead of at least minLead (holes cap theirs at a
// fraction of their size).
func checkPierces(t *testing.T, plan *Plan, parts []PlacedPart, minLead float64) {
	t.Helper()
	kerf := plan.Kerf
	shortened := map[string]bool{}
	for _, w := range plan.Warnings {
		if strings.Contains(w.Message, "lead-in shortened") {
			shortened[fmt.Sprintf("%s #%d %s", w.Part, w.Instance, w.Feature())] = true
		}
	}
	checked := 0
	for i := range plan.Cuts {
		c := &plan.Cuts[i]
		if len(c.LeadIn) == 1 && c.LeadIn[0].Bulge == 0 && c.Feature == Hole {
			continue // pierced at the centre of a round hole
		}
		lead := leadArc(c)
		feature := "outline"
		if c.Feature == Hole {
			feature = fmt.Sprintf("hole %d", c.Hole)
		}
		if c.Feature == Outline && lead < minLead-1e-9 && !shortened[fmt.Sprintf("%s #%d %s", c.Part, c.Instance, feature)] {
			t.Errorf("%s: a %.2fmm lead-in, shorter than %.2fmm, with no warning", c.Name(), lead, minLead)
		}
		for _, p := range parts {
			d := sdistProfile(p.Shape, c.Pierce)
			want := kerf
			if p.ID == c.Part && p.Instance == c.Instance {
				want = kerf + lead
			}
			if d < want-2e-3 {
				t.Errorf("%s: pierce %.2fmm off part %s #%d, want at least %.2fmm", c.Name(), d, p.ID, p.Instance, want)
			}
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no pierce checked")
	}
}

// TestPierceInANarrowMargin: a 1/2in plate part (2.5mm kerf) with 3.2mm
// of sheet round it has no room for a 1.5mm lead pierced 4mm off it; its
// lead is shortened, with a warning, until the pierce stands a kerf plus
// the lead off the part (the old rule, one kerf, kept the 1.5mm lead with
// its pierce 2.5mm off).
func TestPierceInANarrowMargin(t *testing.T) {
	part := profile.New(profile.Rect(0, 0, 96, 46))
	parts := []PlacedPart{{ID: "p", Instance: 1, Shape: part.Transform(0, pt(3.2, 3.2))}}
	cut := testCut
	cut.Thickness, cut.Kerf = 12.7, 2.5
	plan, err := Build(context.Background(), Sheet{SizeX: 102.4, SizeY: 52.4, Thickness: 12.7}, parts, Options{Cut: cut, LeadIn: 6, LeadOut: 3})
	if err != nil {
		t.Fatal(err)
	}
	checkPierces(t, plan, parts, 1.5)
	if len(plan.Warnings) != 1 || !strings.Contains(plan.Warnings[0].String(), "part p #1: outline: lead-in shortened to 0.") {
		t.Errorf("warnings %v, want the outline's lead shortened under 1mm", plan.Warnings)
	}
}
