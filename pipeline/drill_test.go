package pipeline_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/fabkit/fabkit/cam/gcode/gcodetest"
	"github.com/fabkit/fabkit/geometry/section"
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
