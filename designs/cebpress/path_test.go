package cebpress

import (
	"math"
	"testing"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
)

// The soil path is open at every brick size: from the hopper's base down
// through f12's chamber opening and the drawer's soil cell to the top of
// the chamber walls, no plate stands in the brick's footprint. The hopper
// itself stands on f12 around it.
func TestSoilPathOpen(t *testing.T) {
	for _, c := range []struct {
		name, preset string
		kv           []string
	}{
		{"6x12x6", "classic-6x12", nil}, {"6x24x6", "long-6x24", nil}, {"140x290", "140x290", nil},
		{"3.5x8x4", "", []string{"brick_width", "3.5in", "brick_length", "8in", "chamber_height", "4in", "drawer_stroke", "12in", "drawer_retracted", "31in"}},
		{"8x16x8", "", []string{"brick_width", "8in", "brick_length", "16in", "chamber_height", "8in", "drawer_stroke", "18in", "drawer_retracted", "25in"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := deriveVars(resolve(t, c.preset, c.kv...))
			ps, err := plates(o)
			if err != nil {
				t.Fatal(err)
			}
			type inst struct {
				id     string
				t      float64
				shape  profile.Profile
				at     model.Transform
				lo, hi [3]float64
			}
			var all []inst
			for _, p := range ps {
				b := p.shape.Bounds()
				for _, at := range p.at {
					lo, hi := [3]float64{math.Inf(1), math.Inf(1), math.Inf(1)}, [3]float64{math.Inf(-1), math.Inf(-1), math.Inf(-1)}
					for _, q := range [][3]float64{{b.Min.X, b.Min.Y, 0}, {b.Max.X, b.Min.Y, 0}, {b.Min.X, b.Max.Y, 0}, {b.Max.X, b.Max.Y, 0},
						{b.Min.X, b.Min.Y, p.t}, {b.Max.X, b.Min.Y, p.t}, {b.Min.X, b.Max.Y, p.t}, {b.Max.X, b.Max.Y, p.t}} {
						w := at.Apply(q)
						for i := range 3 {
							lo[i], hi[i] = math.Min(lo[i], w[i]), math.Max(hi[i], w[i])
						}
					}
					all = append(all, inst{p.id, p.t, p.shape, at, lo, hi})
				}
			}
			inside := func(pt [3]float64) string {
				for _, s := range all {
					if pt[0] < s.lo[0] || pt[0] > s.hi[0] || pt[1] < s.lo[1] || pt[1] > s.hi[1] || pt[2] < s.lo[2] || pt[2] > s.hi[2] {
						continue
					}
					d := [3]float64{pt[0] - s.at.T[0], pt[1] - s.at.T[1], pt[2] - s.at.T[2]}
					var q [3]float64
					for i := range 3 {
						q[i] = s.at.R[0][i]*d[0] + s.at.R[1][i]*d[1] + s.at.R[2][i]*d[2]
					}
					if q[2] > 0 && q[2] < s.t && s.shape.Evaluate2(profile.Point{X: q[0], Y: q[1]}) < 0 {
						return s.id
					}
				}
				return ""
			}
			// The brick's footprint, 1/16in in from the chamber walls, from
			// the chamber's top (the drawer's bottom) to the hopper's base on
			// f12 (the brick width along x, its length along y).
			m := 1.0 / 16
			z0, z1 := o.z0(), o.f9x+o.fZ
			blocked := map[string]int{}
			n := 0
			for x := -o.brickW/2 + m; x <= o.brickW/2-m+1e-9; x += (o.brickW - 2*m) / 12 {
				for y := -o.brickL/2 + m; y <= o.brickL/2-m+1e-9; y += (o.brickL - 2*m) / 24 {
					for z := z0 + m; z <= z1; z += 0.25 {
						n++
						if id := inside([3]float64{x * in, y * in, z * in}); id != "" {
							blocked[id]++
						}
					}
				}
			}
			if len(blocked) > 0 {
				t.Errorf("the soil path is blocked: %v (of %d points)", blocked, n)
			}
			// And the hopper does stand there: its two plates meet f12 at
			// the brick's footprint, the back h1 on one side, the slope h2
			// rising from the other.
			for _, p := range []struct {
				x, z float64
				id   string
			}{{o.brickW/2 + o.hZ/2, 0.01, "h1"}, {-o.brickW/2 + 0.01, 0.05, "h2"}} {
				if id := inside([3]float64{p.x * in, 0, (o.f9x + o.fZ + p.z) * in}); id != p.id {
					t.Errorf("at the hopper's base, x = %.3fin: %q, want %s", p.x, id, p.id)
				}
			}
		})
	}
}
