package toolpath

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/shop"
)

var testCut = shop.CutSettings{Thickness: 6.35, Kerf: 1.5, Feed: 1350, PierceDelay: 0.5, PierceHeight: 3.8, CutHeight: 1.5, Amps: 45, SmallHoleFeed: 0.6}

// testSheet is a 600 x 400 mm sheet of 1/4in plate with two plates with
// holes (one turned), an L-shaped plate, and a disc nested in a plate's
// large hole.
func testSheet() (Sheet, []PlacedPart) {
	plate := profile.New(profile.RoundedRect(0, 0, 200, 150, 10),
		profile.Circle(100, 75, 40),                // large cut-out: the disc sits in it
		profile.Circle(30, 30, 12.7),               // 1in hole
		profile.Circle(170, 30, 4),                 // 8mm: small, cut slowly with THC off
		profile.Circle(170, 120, 2.5),              // 5mm: drilled
		profile.Slot(pt(20, 120), pt(60, 120), 14), // slot
		profile.Rect(150, 60, 30, 20).Reverse(),    // square cut-out
	)
	ell := profile.New(profile.Polygon(pt(0, 0), pt(150, 0), pt(150, 40), pt(40, 40), pt(40, 120), pt(0, 120)),
		profile.Circle(20, 20, 8))
	disc := profile.New(profile.Circle(0, 0, 30), profile.Circle(0, 0, 8))
	parts := []PlacedPart{
		{ID: "f4", Instance: 1, Shape: plate.Transform(0, pt(20, 20))},
		{ID: "f4", Instance: 2, Shape: plate.Transform(90, pt(420, 20))},
		{ID: "g1", Instance: 1, Shape: ell.Transform(0, pt(20, 230))},
		{ID: "w", Instance: 1, Shape: disc.Transform(0, pt(120, 95))},
	}
	return Sheet{SizeX: 600, SizeY: 400, Thickness: 6.35}, parts
}

func TestBuildPlan(t *testing.T) {
	sheet, parts := testSheet()
	opt := Options{Cut: testCut, RapidFeed: 10000, LeadIn: 6, LeadOut: 3, MinHoleRatio: 1}
	plan, err := Build(context.Background(), sheet, parts, opt)
	if err != nil {
		t.Fatal(err)
	}
	byPart := map[string]profile.Profile{}
	for _, p := range parts {
		byPart[key(p.ID, p.Instance)] = p.Shape
	}
	// Drill list: the 5 mm hole of both f4 plates.
	if len(plan.Drill) != 2 || plan.Drill[0].Diameter != 5 {
		t.Errorf("drill points %+v, want the two 5mm holes", plan.Drill)
	}
	// 4 parts: f4 has 5 cut holes + outline, g1 1 + 1, w 1 + 1.
	if want := 2*6 + 2 + 2; len(plan.Cuts) != want {
		t.Fatalf("%d cuts, want %d", len(plan.Cuts), want)
	}
	outlineDone := map[string]bool{}
	for i := range plan.Cuts {
		c := &plan.Cuts[i]
		k := key(c.Part, c.Instance)
		shape := byPart[k]
		if outlineDone[k] {
			t.Errorf("%s: cut after the outline", c.Name())
		}
		if c.Feature == Outline {
			outlineDone[k] = true
			if c.Loop.Area() >= 0 {
				t.Errorf("%s: outline cut counter-clockwise", c.Name())
			}
		} else if c.Loop.Area() <= 0 {
			t.Errorf("%s: hole cut clockwise", c.Name())
		}
		// The loop is the nominal edge offset by half the kerf, into scrap.
		for _, p := range c.Loop.Flatten(0.001) {
			if d := sdistProfile(shape, p); math.Abs(d-0.75) > 0.002 {
				t.Fatalf("%s: loop point %v is %.4f from the part, want 0.75", c.Name(), p, d)
			}
		}
		// Pierce and leads in scrap, clear of every part.
		for _, p := range append(sampleOpen(c.Pierce, c.LeadIn, 0.2, true), sampleOpen(c.Loop.Start, c.LeadOut, 0.2, false)...) {
			for _, q := range parts {
				if d := sdistProfile(q.Shape, p); d < 0.75-1e-3 {
					t.Errorf("%s: lead point %v is %.3f from part %s #%d", c.Name(), p, d, q.ID, q.Instance)
				}
			}
		}
		if c.Diameter == 8 {
			if !c.Small || !c.THCOff || math.Abs(c.Feed-0.6*1350) > 1e-9 || c.Pierce.Sub(center(c)).Len() > 1e-9 {
				t.Errorf("%s: 8mm hole: small %v thc off %v feed %v pierce %v", c.Name(), c.Small, c.THCOff, c.Feed, c.Pierce)
			}
		}
		if c.Diameter == 25.4 && (c.Small || c.Feed != 1350 || len(c.LeadOut) == 0) {
			t.Errorf("%s: 1in hole should be cut at full feed with a lead-out", c.Name())
		}
		if c.Diameter == 25.4 {
			// Lead capped at 40% of the compensated radius.
			if l := leadArc(c); l > 0.4*(12.7-0.75)+1e-9 {
				t.Errorf("%s: lead-in %.2fmm is longer than 40%% of the radius", c.Name(), l)
			}
		}
	}
	// The disc nested in f4 #1's cut-out is cut before f4 #1's outline and cut-out.
	idx := func(part string, inst int, f Feature, hole int) int {
		for i, c := range plan.Cuts {
			if c.Part == part && c.Instance == inst && c.Feature == f && (f == Outline || c.Hole == hole) {
				return i
			}
		}
		return -1
	}
	if idx("w", 1, Outline, 0) > idx("f4", 1, Hole, 1) {
		t.Error("the disc nested in f4 #1's cut-out is cut after the cut-out")
	}
	st := plan.Stats
	if st.Pierces != len(plan.Cuts) || st.CutLength <= 0 || st.RapidLength <= 0 || st.Time <= 0 {
		t.Errorf("stats %+v", st)
	}
	sum := 0.0
	for _, p := range parts {
		sum += p.Shape.CutLength()
	}
	if st.CutLength < sum {
		t.Errorf("cut length %.1f is less than the parts' perimeters %.1f", st.CutLength, sum)
	}
}

func TestOrderBeatsInputOrder(t *testing.T) {
	// A row of squares given in scrambled order: the plan must travel less
	// than cutting them in input order.
	var parts []PlacedPart
	for i, x := range []int{7, 2, 9, 0, 5, 3, 8, 1, 6, 4} {
		parts = append(parts, PlacedPart{ID: "s", Instance: i + 1, Shape: profile.New(profile.Rect(20+float64(x)*50, 20, 30, 30))})
	}
	plan, err := Build(context.Background(), Sheet{SizeX: 600, SizeY: 100, Thickness: 3}, parts, Options{Cut: testCut})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Stats.RapidLength > 600 {
		t.Errorf("rapid length %.1f: the row of squares should be cut left to right", plan.Stats.RapidLength)
	}
}

func TestSwirlCCWAndLineLeads(t *testing.T) {
	sheet, parts := testSheet()
	plan, err := Build(context.Background(), sheet, parts, Options{Cut: testCut, Swirl: SwirlCCW, Lead: LeadLine})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range plan.Cuts {
		if (c.Feature == Outline) != (c.Loop.Area() > 0) {
			t.Errorf("%s: wrong direction for a counter-clockwise swirl", c.Name())
		}
		for _, s := range c.LeadIn {
			if s.Bulge != 0 {
				t.Errorf("%s: arc lead with LeadLine", c.Name())
			}
		}
	}
}

func TestHoleTooSmallForKerf(t *testing.T) {
	// With no drill threshold, a hole smaller than the kerf is sent to the
	// drill with a warning; a slot narrower than the kerf is an error.
	shape := profile.New(profile.Rect(0, 0, 100, 100), profile.Circle(50, 50, 0.6))
	plan, err := Build(context.Background(), Sheet{SizeX: 200, SizeY: 200, Thickness: 3},
		[]PlacedPart{{ID: "p", Instance: 1, Shape: shape.Transform(0, pt(20, 20))}}, Options{Cut: testCut})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Drill) != 1 || len(plan.Warnings) == 0 || !strings.Contains(plan.Warnings[0].String(), "too small") {
		t.Errorf("drill %+v warnings %v", plan.Drill, plan.Warnings)
	}
	slot := profile.New(profile.Rect(0, 0, 100, 100), profile.Slot(pt(20, 50), pt(80, 50), 1.2))
	_, err = Build(context.Background(), Sheet{SizeX: 200, SizeY: 200, Thickness: 3},
		[]PlacedPart{{ID: "p", Instance: 1, Shape: slot.Transform(0, pt(20, 20))}}, Options{Cut: testCut})
	if err == nil || !strings.Contains(err.Error(), "part p #1: hole 1") {
		t.Errorf("narrow slot: err = %v", err)
	}
}

// leadArc is the length of a cut's lead-in proper, the quarter circle that
// meets the loop (without the straight run from the pierce to it).
func leadArc(c *Cut) float64 {
	from := c.Pierce
	if n := len(c.LeadIn); n > 1 {
		from = c.LeadIn[n-2].End
	}
	return openLength(from, c.LeadIn[len(c.LeadIn)-1:])
}

func key(id string, inst int) string { return id + "#" + string(rune('0'+inst)) }

func center(c *Cut) point {
	ctr, _, _ := c.Loop.Circle()
	return ctr
}
