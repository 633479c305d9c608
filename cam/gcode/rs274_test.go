package gcode_test

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/cam/gcode"
	"github.com/fabkit/fabkit/cam/gcode/gcodetest"
	"github.com/fabkit/fabkit/cam/toolpath"
	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/shop"
	"github.com/fabkit/fabkit/units"
)

func pt(x, y float64) profile.Point { return profile.Point{X: x, Y: y} }

var testCut = shop.CutSettings{Thickness: 6.35, Kerf: 1.5, Feed: 1350, PierceDelay: 0.5, PierceHeight: 3.8, CutHeight: 1.5, Amps: 45, SmallHoleFeed: 0.6}

// testPlan plans a 600 x 400 mm sheet of 1/4in plate: two plates with round
// holes, a slot and a square cut-out (one plate turned 90°), an L-shaped
// plate, and a disc nested in a plate's large hole.
func testPlan(t *testing.T) (*toolpath.Plan, []toolpath.PlacedPart) {
	t.Helper()
	plate := profile.New(profile.RoundedRect(0, 0, 200, 150, 10),
		profile.Circle(100, 75, 40),
		profile.Circle(30, 30, 12.7),
		profile.Circle(170, 30, 4),
		profile.Circle(170, 120, 2.5),
		profile.Slot(pt(20, 120), pt(60, 120), 14),
		profile.Rect(150, 60, 30, 20).Reverse(),
	)
	ell := profile.New(profile.Polygon(pt(0, 0), pt(150, 0), pt(150, 40), pt(40, 40), pt(40, 120), pt(0, 120)),
		profile.Circle(20, 20, 8))
	disc := profile.New(profile.Circle(0, 0, 30), profile.Circle(0, 0, 8))
	parts := []toolpath.PlacedPart{
		{ID: "f4", Instance: 1, Shape: plate.Transform(0, pt(20, 20))},
		{ID: "f4", Instance: 2, Shape: plate.Transform(90, pt(420, 20))},
		{ID: "g1", Instance: 1, Shape: ell.Transform(0, pt(20, 230))},
		{ID: "w", Instance: 1, Shape: disc.Transform(0, pt(120, 95))},
	}
	sheet := toolpath.Sheet{SizeX: 600, SizeY: 400, Thickness: 6.35}
	plan, err := toolpath.Build(context.Background(), sheet, parts, toolpath.Options{Cut: testCut, RapidFeed: 10000, LeadIn: 6, LeadOut: 3, MinHoleRatio: 1})
	if err != nil {
		t.Fatal(err)
	}
	return plan, parts
}

func TestCutProgramsRunInRS274(t *testing.T) {
	plan, parts := testPlan(t)
	for _, tc := range []struct {
		dialect string
		sys     units.System
	}{
		{"linuxcnc", units.Metric}, {"linuxcnc", units.Imperial}, {"grbl", units.Metric}, {"grbl", units.Imperial},
	} {
		t.Run(tc.dialect+"-"+string(tc.sys), func(t *testing.T) {
			d, err := gcode.Lookup(tc.dialect)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := gcode.WriteCut(&buf, plan, d, tc.sys); err != nil {
				t.Fatal(err)
			}
			gcodetest.CheckDialect(t, buf.Bytes(), d)
			if tc.dialect == "linuxcnc" {
				for _, w := range []string{"M3 $0 S1", "M5 $0", "M62 P2", "M63 P2", "G64 P", "(part f4 #1: hole 2 dia "} {
					if !bytes.Contains(buf.Bytes(), []byte(w)) {
						t.Errorf("program lacks %q", w)
					}
				}
			}
			if tc.sys == units.Imperial && !bytes.Contains(buf.Bytes(), []byte("dia 1.000in")) {
				t.Error("imperial program should name the 1in hole 'dia 1.000in'")
			}
			gcodetest.CheckCutProgram(t, buf.Bytes(), plan, parts)
		})
	}
}

func TestDrillProgramsRunInRS274(t *testing.T) {
	plan, _ := testPlan(t)
	holes := gcode.DrillHoles(plan)
	// Add a deep hole that needs pecking and a second size.
	holes = append(holes, gcode.DrillHole{Label: "part x #1: hole 1", X: 300, Y: 300, Diameter: 3, Depth: 12}, gcode.DrillHole{Label: "part x #1: hole 2", X: 310, Y: 300, Diameter: 12.7, Depth: 6.35})
	for _, id := range []string{"linuxcnc", "grbl"} {
		for _, sys := range []units.System{units.Metric, units.Imperial} {
			t.Run(id+"-"+string(sys), func(t *testing.T) {
				d, _ := gcode.Lookup(id)
				var buf bytes.Buffer
				if err := gcode.WriteDrill(&buf, holes, d, sys, gcode.DrillOptions{}); err != nil {
					t.Fatal(err)
				}
				gcodetest.CheckDialect(t, buf.Bytes(), d)
				if id == "linuxcnc" && (!bytes.Contains(buf.Bytes(), []byte("G83 ")) || !bytes.Contains(buf.Bytes(), []byte("G81 "))) {
					t.Errorf("linuxcnc drilling should use G81 and G83:\n%s", buf.String())
				}
				all, _ := gcodetest.Simulate(t, gcodetest.RS274(t, buf.Bytes()), false)
				for _, h := range holes {
					bottom := -(h.Depth + h.Diameter/2/math.Tan(59*math.Pi/180)) // a 118° point
					found := false
					for _, m := range all {
						if !m.Rapid && m.To.Sub(pt(h.X, h.Y)).Len() < 0.01 && math.Abs(m.Z-bottom) < 0.01 {
							found = true
						}
					}
					if !found {
						t.Errorf("%s: no feed to Z%.3f at (%.2f, %.2f)", h.Label, bottom, h.X, h.Y)
					}
				}
			})
		}
	}
}

// TestDrillDepthsAndToolChanges: each hole is drilled through its stack
// plus the point of the drill (135° here) and no deeper; 0.437in and
// 0.438in holes share the catalogue's 7/16in drill (one tool change in
// all, for the 1/4in drill); only the hole deeper than 3 diameters pecks.
func TestDrillDepthsAndToolChanges(t *testing.T) {
	in := units.MMPerInch
	dr := shop.Drill{PointAngle: 135, PeckRatio: 3, Sizes: []float64{in / 4, 7 * in / 16, in / 2}}
	holes := []gcode.DrillHole{
		{Label: "part a: hole 1", X: 10, Y: 10, Diameter: 0.437 * in, Depth: in / 8},
		{Label: "part a: hole 2", X: 40, Y: 10, Diameter: 0.438 * in, Depth: in / 8},
		{Label: "part a: hole 3", X: 70, Y: 10, Diameter: in / 4, Depth: in / 4},
		{Label: "part a: hole 4", X: 100, Y: 10, Diameter: in / 4, Depth: 2 * in},
	}
	tip := func(d float64) float64 { return d / 2 / math.Tan(67.5*math.Pi/180) }
	for _, id := range []string{"linuxcnc", "grbl"} {
		t.Run(id, func(t *testing.T) {
			d, _ := gcode.Lookup(id)
			var buf bytes.Buffer
			if err := gcode.WriteDrill(&buf, holes, d, units.Imperial, gcode.DrillOptions{Drill: dr}); err != nil {
				t.Fatal(err)
			}
			prog := buf.String()
			if n := strings.Count(prog, "change to the"); n != 1 {
				t.Errorf("%d tool changes, want 1 (1/4in then 7/16in):\n%s", n, prog)
			}
			if d.CannedDrill && strings.Count(prog, "G83 ") != 1 {
				t.Errorf("want exactly one G83 (the 2in deep hole):\n%s", prog)
			}
			all, _ := gcodetest.Simulate(t, gcodetest.RS274(t, buf.Bytes()), false)
			for _, h := range holes {
				want := -(h.Depth + tip(h.Diameter))
				deepest := math.Inf(1)
				for _, m := range all {
					if m.To.Sub(pt(h.X, h.Y)).Len() < 0.01 {
						deepest = math.Min(deepest, m.Z)
					}
				}
				if math.Abs(deepest-want) > 0.01 {
					t.Errorf("%s: drilled to Z%.3f mm, want Z%.3f (stack %.3f + point %.3f)", h.Label, deepest, want, h.Depth, tip(h.Diameter))
				}
			}
		})
	}
}

// TestProbeBeforeEachPierce: with height sensing, every torch start is
// preceded by a G38.2 probe and the dialect's touch-off; rs274 runs the
// programs to their end. Without it there is no probe.
func TestProbeBeforeEachPierce(t *testing.T) {
	plan, _ := testPlan(t)
	for _, tc := range []struct{ id, set string }{{"linuxcnc", "G10 L20 P0 Z"}, {"grbl", "G92 Z"}} {
		t.Run(tc.id, func(t *testing.T) {
			d, _ := gcode.Lookup(tc.id)
			var plain bytes.Buffer
			if err := gcode.WriteCut(&plain, plan, d, units.Metric); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(plain.String(), "G38.2") {
				t.Error("a probe without height_sense")
			}
			probed := *plan
			probed.Probe = &toolpath.Probe{Feed: 500, Offset: 1.5}
			var buf bytes.Buffer
			if err := gcode.WriteCut(&buf, &probed, d, units.Metric); err != nil {
				t.Fatal(err)
			}
			gcodetest.CheckDialect(t, buf.Bytes(), d)
			lines := strings.Split(buf.String(), "\n")
			starts := 0
			for i, l := range lines {
				if !strings.HasPrefix(l, d.TorchOn) {
					continue
				}
				starts++
				probe, set := -1, -1
				for j := i - 1; j >= 0 && !strings.HasPrefix(lines[j], d.TorchOff); j-- {
					if strings.HasPrefix(lines[j], "G38.2 Z-10 F500") && probe < 0 {
						probe = j
					}
					if strings.HasPrefix(lines[j], tc.set+"-1.5") && set < 0 {
						set = j
					}
				}
				if probe < 0 || set < probe {
					t.Fatalf("torch start at line %d without a probe and touch-off before it", i+1)
				}
			}
			if starts != len(plan.Cuts) {
				t.Errorf("%d torch starts, %d cuts", starts, len(plan.Cuts))
			}
			if calls := gcodetest.RS274(t, buf.Bytes()); !gcodetest.HasCall(calls, "PROGRAM_END") || !gcodetest.HasCall(calls, "STRAIGHT_PROBE") {
				t.Error("rs274 did not probe and reach the end")
			}
		})
	}
}

// TestCutProgramFromEachOriginCorner: from a table whose origin is any
// corner, the program is that of the lower-left origin moved so that X0
// Y0 is the sheet's corner there: rs274's motion lies in the travel box
// of that corner (X or Y negative from a right or upper origin), the cuts
// are still the parts' outlines offset by kerf/2 once moved back, and the
// header names the corner.
func TestCutProgramFromEachOriginCorner(t *testing.T) {
	for _, c := range shop.Corners {
		for _, id := range []string{"linuxcnc", "grbl"} {
			t.Run(string(c)+"-"+id, func(t *testing.T) {
				base, parts := testPlan(t)
				sheet := base.Sheet
				sheet.Origin = c
				plan, err := toolpath.Build(context.Background(), sheet, parts, toolpath.Options{Cut: testCut, RapidFeed: 10000, LeadIn: 6, LeadOut: 3, MinHoleRatio: 1})
				if err != nil {
					t.Fatal(err)
				}
				d, _ := gcode.Lookup(id)
				var buf bytes.Buffer
				if err := gcode.WriteCut(&buf, plan, d, units.Metric); err != nil {
					t.Fatal(err)
				}
				gcodetest.CheckDialect(t, buf.Bytes(), d)
				if want := "X0 Y0: the table's " + string(c) + " corner, with the sheet's " + string(c) + " corner"; !strings.Contains(buf.String(), want) {
					t.Errorf("header lacks %q:\n%s", want, buf.String()[:400])
				}
				all, _ := gcodetest.Simulate(t, gcodetest.RS274(t, buf.Bytes()), true)
				e := gcodetest.Extents(all)
				travel := toolpath.Bed{TravelX: 600, TravelY: 400, Origin: c}.Travel()
				const eps = 1e-3
				if e.Min.X < travel.Min.X-eps || e.Min.Y < travel.Min.Y-eps || e.Max.X > travel.Max.X+eps || e.Max.Y > travel.Max.Y+eps {
					t.Errorf("motion spans %v, outside the %s travel %v", e, c, travel)
				}
				gcodetest.CheckCutProgram(t, buf.Bytes(), plan, parts)
			})
		}
	}
}

// TestOneOfEachSaysSo: a program with one pierce, one hole and one drill
// says "1 pierce", "1 hole, 1 drill", never "1 pierces".
func TestOneOfEachSaysSo(t *testing.T) {
	parts := []toolpath.PlacedPart{{ID: "d", Instance: 1, Shape: profile.New(profile.Circle(100, 100, 40), profile.Circle(100, 100, 3))}}
	plan, err := toolpath.Build(context.Background(), toolpath.Sheet{SizeX: 300, SizeY: 300, Thickness: 6.35}, parts,
		toolpath.Options{Cut: testCut, MinHoleRatio: 1.5})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := gcode.Lookup("linuxcnc")
	var cut, drill bytes.Buffer
	if err := gcode.WriteCut(&cut, plan, d, units.Metric); err != nil {
		t.Fatal(err)
	}
	if err := gcode.WriteDrill(&drill, gcode.DrillHoles(plan), d, units.Metric, gcode.DrillOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(cut.String(), "(1 pierce, cut ") {
		t.Errorf("torch program header:\n%s", cut.String()[:300])
	}
	if !strings.Contains(drill.String(), "(1 hole, 1 drill, ") {
		t.Errorf("drill program header:\n%s", drill.String()[:200])
	}
}
