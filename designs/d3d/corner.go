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
	at := cornerAt
	slab := func(k int, a0, a1, u0, u1, v0, v1 float64) sdf.SDF3 {
		p, q := at(k, a0, u0, v0), at(k, a1, u1, v1)
		return c.box(min(p.X, q.X), min(p.Y, q.Y), min(p.Z, q.Z), max(p.X, q.X), max(p.Y, q.Y), max(p.Z, q.Z))
	}
	var solid, cuts []sdf.SDF3
	for k := 0; k < 3; k++ {
		solid = append(solid,
			slab(k, 0, a, 0, wall, 0, W), slab(k, 0, a, 0, W, 0, wall), // arm: angle of wall 3t
			slab(k, a-1, a+lt, t, wall, t, W), slab(k, a-1, a+lt, t, W, t, wall)) // tongue inside the bar
		for leg := 0; leg < 2; leg++ {
			p0, p1, nut := cornerHole(d, k, leg)
			axisOf := (k + 1 + leg) % 3
			cuts = append(cuts, c.cylAlong(axisOf, p0, p1, m6Hole/2), c.hex(axisOf, nut, m6NutAF, m6NutH-1))
		}
	}
	if c.err != nil {
		return nil, c.err
	}
	return minus(sdf.Union3D(solid...), cuts...), nil
}

// cornerAt maps (along the arm, across u, across v) to XYZ for arm k of a
// corner connector.
func cornerAt(k int, along, u, v float64) v3.Vec {
	p := [3]float64{}
	p[k], p[(k+1)%3], p[(k+2)%3] = along, u, v
	return v3.Vec{X: p[0], Y: p[1], Z: p[2]}
}

// cornerHole is the M6 hole of leg leg (0, 1) of arm k of a corner
// connector, in its frame: the ends of its axis, across the leg's
// thickness (u for leg 0, v for leg 1), and the centre of its nut trap.
func cornerHole(d dims, k, leg int) (p0, p1, nut v3.Vec) {
	W, wall := d.Width, d.CornerWall
	hole := d.CornerArm + d.Tongue/2
	if leg == 0 {
		return cornerAt(k, hole, -1, W/2), cornerAt(k, hole, wall+1, W/2), cornerAt(k, hole, wall-(m6NutH-1)/2+0.5, W/2)
	}
	return cornerAt(k, hole, W/2, -1), cornerAt(k, hole, W/2, wall+1), cornerAt(k, hole, W/2, wall-(m6NutH-1)/2+0.5)
}

// cornerJoints declares the corner bolts: the holes take M6 bolts, since
// the nut traps are M6 (in an inch shop a 1/4in bolt would pass the
// 6.78 mm hole too, and its nut fit no trap), with one washer under the
// head on the bar and the nut in its trap. The assembly check finds each
// joint at the bar's end hole and chooses the length from the stack.
func cornerJoints(d dims, at []model.Transform) []model.Joint {
	var out []model.Joint
	for i, t := range at {
		for k := 0; k < 3; k++ {
			for leg := 0; leg < 2; leg++ {
				p0, p1, _ := cornerHole(d, k, leg)
				a, b := t.Apply([3]float64{p0.X, p0.Y, p0.Z}), t.Apply([3]float64{p1.X, p1.Y, p1.Z})
				out = append(out, model.Joint{Kind: model.Bolted, Parts: []model.Ref{{Part: "corner", Instance: i}}, At: a,
					Axis: [3]float64{b[0] - a[0], b[1] - a[1], b[2] - a[2]}, Fastener: &model.Fastener{Diameter: 6, Washers: 1}})
			}
		}
	}
	return out
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
