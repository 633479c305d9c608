package pipeline_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/cam/gcode/gcodetest"
	"github.com/fabkit/fabkit/cam/toolpath"
	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/geometry/section"
	"github.com/fabkit/fabkit/pipeline"
	"github.com/fabkit/fabkit/shop"
)

// TestBarDrillsStopAtTheStack runs every bar drilling program of every
// preset through rs274: a hole in an angle's leg or a flat goes through
// that one thickness plus the drill's point (the D3D's 1/8in angle legs
// were drilled 1.58in deep), and no hole goes deeper than the whole
// section plus the point.
func TestBarDrillsStopAtTheStack(t *testing.T) {
	for _, b := range everyPreset(t) {
		t.Run(b.name, func(t *testing.T) {
			if b.err != nil {
				t.Fatal(b.err)
			}
			s := b.res.Request.Shop
			angle := s.Drill.PointAngle
			if angle == 0 {
				angle = 118
			}
			tip := func(d float64) float64 { return d / 2 / math.Tan(angle/2*math.Pi/180) }
			files := map[string][]byte{}
			for _, f := range b.res.Files {
				files[f.Path] = f.Data
			}
			for _, p := range b.res.Model.Parts {
				if p.Bar == nil || len(p.Bar.Holes) == 0 {
					continue
				}
				prof, ok := s.Profile(p.Bar.Profile)
				if !ok {
					t.Fatalf("part %s: no profile %s", p.ID, p.Bar.Profile)
				}
				widest := map[section.Face]float64{}
				for _, h := range p.Bar.Holes {
					widest[h.Face] = math.Max(widest[h.Face], h.Diameter)
				}
				for face, dia := range widest {
					path := fmt.Sprintf("gcode/%s-drill-%s.ngc", p.ID, face)
					prog, ok := files[path]
					if !ok {
						t.Errorf("no %s", path)
						continue
					}
					moves, _ := gcodetest.Simulate(t, gcodetest.RS274(t, prog), false)
					deepest := 0.0
					for _, m := range moves {
						deepest = math.Min(deepest, m.Z)
					}
					section := max(prof.Width, prof.Height, prof.Diameter)
					if deepest < -(section+tip(dia))-0.01 {
						t.Errorf("%s: drills to Z%.3f mm, below the %.3f mm section and the point", path, deepest, section)
					}
					if prof.Shape == shop.Angle || prof.Shape == shop.Flat {
						if want := -(prof.Wall + tip(dia)); math.Abs(deepest-want) > 0.01 {
							t.Errorf("%s: drills to Z%.3f mm, want Z%.3f (the %.3f mm leg and the point)", path, deepest, want, prof.Wall)
						}
					}
				}
			}
		})
	}
}

// TestSheetDrillsWhereTheTorchCuts: a sheet's drilling program is in its
// torch program's frame (the sheet laid on the bed as the torch cuts it,
// X0 Y0 on its corner in the table's origin corner). The press is built
// twice on one table, once drilling its holes under 2 x the plate's
// thickness (its 3/4in bolt holes in 1/2in plate; the shop's 1.5 drills
// none of the press's holes) and once with every round hole torch-cut
// (min_hole_ratio 0), on the same nests; run
// through rs274, each hole's drilled position in the first is its
// torch-cut loop's centre in the second, from a lower-left, an
// upper-right and a lower-right origin, the bed Y-long and X-long.
func TestSheetDrillsWhereTheTorchCuts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CEB press six times")
	}
	d, err := designs.Get("ceb-press")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name       string
		bedX, bedY float64
		origin     shop.Corner
	}{
		{"Y-long from the lower-left", 1219.2, 2438.4, shop.LowerLeft},
		{"Y-long from the upper-right", 1219.2, 2438.4, shop.UpperRight},
		{"X-long from the lower-right", 2438.4, 1219.2, shop.LowerRight},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var res [2]*pipeline.Result
			for i, ratio := range []float64{2, 0} {
				s, err := shop.Builtin("us-imperial")
				if err != nil {
					t.Fatal(err)
				}
				s.TorchTable.BedX, s.TorchTable.BedY, s.TorchTable.Origin = tc.bedX, tc.bedY, tc.origin
				s.TorchTable.MinHoleRatio = ratio
				if res[i], err = pipeline.Run(context.Background(), pipeline.Request{Design: d, Preset: "classic-6x12", Shop: s, Only: []string{"gcode"}}); err != nil {
					t.Fatal(err)
				}
			}
			drilled, cut := res[0].NestedSheets(), res[1].NestedSheets()
			if len(drilled) != len(cut) {
				t.Fatalf("%d sheets drilling small holes, %d cutting every hole", len(drilled), len(cut))
			}
			holes := 0
			for k, ns := range drilled {
				if len(ns.Plan.Drill) == 0 {
					continue
				}
				if len(cut[k].Plan.Drill) != 0 {
					t.Fatalf("%s: %d holes drilled with min_hole_ratio 0", ns.ID, len(cut[k].Plan.Drill))
				}
				for i, p := range ns.Parts {
					if q := cut[k].Parts[i]; q.ID != p.ID || q.Instance != p.Instance || q.Shape.Bounds() != p.Shape.Bounds() {
						t.Fatalf("%s: the two builds nest differently (%s #%d at %v, %s #%d at %v)", ns.ID, p.ID, p.Instance, p.Shape.Bounds(), q.ID, q.Instance, q.Shape.Bounds())
					}
				}
				at := drillPositions(t, file(t, res[0], "gcode/"+ns.ID+"-drill.ngc"))
				centres := holeCentres(t, file(t, res[1], "gcode/"+ns.ID+".ngc"), cut[k].Plan)
				if len(at) != len(ns.Plan.Drill) {
					t.Errorf("%s: %d holes drilled, the plan drills %d", ns.ID, len(at), len(ns.Plan.Drill))
				}
				for label, p := range at {
					c, ok := centres[label]
					if !ok {
						t.Errorf("%s: %s is drilled, but not torch-cut in the other build", ns.ID, label)
						continue
					}
					if off := p.Sub(c).Len(); off > 0.01 {
						t.Errorf("%s: %s drilled at (%.3f, %.3f) mm, torch-cut at (%.3f, %.3f) mm: %.3f mm apart", ns.ID, label, p.X, p.Y, c.X, c.Y, off)
					}
					holes++
				}
			}
			if holes == 0 {
				t.Fatal("no sheet hole drilled")
			}
		})
	}
}

// file returns a build's output.
func file(t *testing.T, res *pipeline.Result, path string) []byte {
	t.Helper()
	for _, f := range res.Files {
		if f.Path == path {
			return f.Data
		}
	}
	t.Fatalf("no %s", path)
	return nil
}

// drillPositions runs a drilling program through rs274 and returns where
// each labelled hole ("part f4 #1: hole 4") is drilled: the XY of the
// first move below Z0 after its comment, in mm.
func drillPositions(t *testing.T, prog []byte) map[string]profile.Point {
	t.Helper()
	out := map[string]profile.Point{}
	all, _ := gcodetest.Simulate(t, gcodetest.RS274(t, prog), false)
	for _, m := range all {
		label := strings.SplitN(m.Label, " dia ", 2)[0]
		if _, done := out[label]; label != "" && !done && !m.Arc && m.Z < -1e-3 {
			out[label] = m.To
		}
	}
	return out
}

// holeCentres runs a torch program through rs274 and returns the centre
// of each hole's cut loop (its box, leads left out), in mm.
func holeCentres(t *testing.T, prog []byte, plan *toolpath.Plan) map[string]profile.Point {
	t.Helper()
	cuts := map[string]*toolpath.Cut{}
	for i := range plan.Cuts {
		cuts[plan.Cuts[i].Name()] = &plan.Cuts[i]
	}
	_, groups := gcodetest.Simulate(t, gcodetest.RS274(t, prog), true)
	out := map[string]profile.Point{}
	for _, g := range groups {
		name := strings.TrimSuffix(strings.SplitN(g.Label, " dia ", 2)[0], " small")
		c, ok := cuts[name]
		if !ok || c.Feature != toolpath.Hole {
			continue
		}
		loop := g.Moves[len(c.LeadIn) : len(g.Moves)-len(c.LeadOut)]
		b := profile.EmptyBox()
		for _, m := range loop {
			for k := 0; k <= 64; k++ {
				b = b.Extend(m.At(float64(k) / 64))
			}
		}
		out[name] = b.Min.Add(b.Max).Scale(0.5)
	}
	return out
}
