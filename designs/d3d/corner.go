package d3d

import (
	"github.com/deadsy/sdfx/sdf"
	v3 "github.com/deadsy/sdfx/vec/v3"
	"github.com/fabkit/fabkit/model"
)

// cornerConnector is the printed tri-bracket that joins three angle bars
// at a frame corner (workbench formulas, section 2.5). In its frame the
// cube corner is at the origin and the cube lies towards +X, +Y, +Z. Each
// arm is an angle section of legs Width and wall 3t running CornerArm =
// W + 2t from the corner, flush with the bars' outer faces; a tongue 2t
// thick then continues Tongue into the bar, inside its legs. Each tongue
// leg has an M6 hole at the bar's end hole (half the tongue from the arm,
// W/2 from the heel) with a nut trap on its inner face, so the part is the
// same under any swap of two axes and one part fits all eight corners.
func cornerConnector(d dims) (sdf.SDF3, error) {
	var c csg
	W, t, a, wall, lt := d.Width, d.Thickness, d.CornerArm, d.CornerWall, d.Tongue
	// at maps (along the arm, across u, across v) to XYZ for arm k.
	at := func(k int, along, u, v float64) v3.Vec {
		p := [3]float64{}
		p[k], p[(k+1)%3], p[(k+2)%3] = along, u, v
		return v3.Vec{X: p[0], Y: p[1], Z: p[2]}
	}
	slab := func(k int, a0, a1, u0, u1, v0, v1 float64) sdf.SDF3 {
		p, q := at(k, a0, u0, v0), at(k, a1, u1, v1)
		return c.box(min(p.X, q.X), min(p.Y, q.Y), min(p.Z, q.Z), max(p.X, q.X), max(p.Y, q.Y), max(p.Z, q.Z))
	}
	var solid, cuts []sdf.SDF3
	for k := 0; k < 3; k++ {
		solid = append(solid,
			slab(k, 0, a, 0, wall, 0, W), slab(k, 0, a, 0, W, 0, wall), // arm: angle of wall 3t
			slab(k, a-1, a+lt, t, wall, t, W), slab(k, a-1, a+lt, t, W, t, wall)) // tongue inside the bar
		hole := a + lt/2
		for leg := 0; leg < 2; leg++ {
			// The hole runs across the leg's thickness (u for leg 0, v for leg 1).
			var p0, p1, nut v3.Vec
			if leg == 0 {
				p0, p1, nut = at(k, hole, -1, W/2), at(k, hole, wall+1, W/2), at(k, hole, wall-(m6NutH-1)/2+0.5, W/2)
			} else {
				p0, p1, nut = at(k, hole, W/2, -1), at(k, hole, W/2, wall+1), at(k, hole, W/2, wall-(m6NutH-1)/2+0.5)
			}
			axisOf := (k + 1 + leg) % 3
			cuts = append(cuts, c.cylAlong(axisOf, p0, p1, m6Hole/2), c.hex(axisOf, nut, m6NutAF, m6NutH-1))
		}
	}
	if c.err != nil {
		return nil, c.err
	}
	return minus(sdf.Union3D(solid...), cuts...), nil
}

// cornerPlacements puts a connector at each of the 8 cube corners. A corner
// whose inward directions are an odd number of reversed axes needs a
// mirror; the part is symmetric under swapping X and Y, so that swap
// followed by the reversal is a proper rotation.
func cornerPlacements(d dims) []model.Transform {
	var out []model.Transform
	for _, cz := range []float64{0, d.Size} {
		for _, cy := range []float64{0, d.Size} {
			for _, cx := range []float64{0, d.Size} {
				c := [3]float64{cx, cy, cz}
				s := [3]float64{}
				neg := 0
				for i, v := range c {
					s[i] = 1
					if v > 0 {
						s[i], neg = -1, neg+1
					}
				}
				var t model.Transform
				t.T = c
				for i := 0; i < 3; i++ {
					j := i
					if neg%2 == 1 && i < 2 {
						j = 1 - i // swap X and Y first
					}
					t.R[i][j] = s[i]
				}
				out = append(out, t)
			}
		}
	}
	return out
}
