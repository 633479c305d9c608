package cebpress

import (
	"fmt"
	"math"

	"github.com/deadsy/sdfx/sdf"
	v3 "github.com/deadsy/sdfx/vec/v3"
	"github.com/fabkit/fabkit/model"
)

// printTolerance is the mesh cell of the printed holders, in mm: the
// blocks are 100 mm wide with 19 mm holes, so 1 mm keeps every feature.
const printTolerance = 1.0

// The slide rod bushing holders (dRodBushingHolder2bottom.scad and
// dRodBushingHolder2top.scad) are 3D printed: a block X by Y with two
// bolt-1 holes through it and d1/d12, two bolt-2 holes (nut traps in the
// bottom half), and a half channel for the bushing and the rod in each
// half's top face. Both are drawn as printed (flat face down, channel up);
// in the assembly the top half lies upside down on the bottom one.

// holder builds one half in mm: bottom (with nut traps) or top.
func (o vars) holder(bottom bool) (sdf.SDF3, error) {
	zb, zt := o.holderZ()
	X, Y, Z := o.d11x, o.d11y, zt
	if bottom {
		Z = zb
	}
	var err error
	keep := func(s sdf.SDF3, e error) sdf.SDF3 {
		if e != nil && err == nil {
			err = e
		}
		return s
	}
	box := func(x0, y0, z0, x1, y1, z1 float64) sdf.SDF3 {
		b := keep(sdf.Box3D(v3.Vec{X: (x1 - x0) * in, Y: (y1 - y0) * in, Z: (z1 - z0) * in}, 0))
		if b == nil {
			return nil
		}
		return sdf.Transform3D(b, sdf.Translate3d(v3.Vec{X: (x0 + x1) / 2 * in, Y: (y0 + y1) / 2 * in, Z: (z0 + z1) / 2 * in}))
	}
	cylZ := func(x, y, z0, z1, r float64) sdf.SDF3 {
		c := keep(sdf.Cylinder3D((z1-z0)*in, r*in, 0))
		if c == nil {
			return nil
		}
		return sdf.Transform3D(c, sdf.Translate3d(v3.Vec{X: x * in, Y: y * in, Z: (z0 + z1) / 2 * in}))
	}
	cylY := func(x, z, y0, y1, r float64) sdf.SDF3 {
		c := keep(sdf.Cylinder3D((y1-y0)*in, r*in, 0))
		if c == nil {
			return nil
		}
		return sdf.Transform3D(c, sdf.Translate3d(v3.Vec{X: x * in, Y: (y0 + y1) / 2 * in, Z: z * in}).Mul(sdf.RotateX(math.Pi/2)))
	}
	e := o.d1bolt1OD/2 + 0.5
	cuts := []sdf.SDF3{
		cylZ(e, Y-e, 0, Z, o.d1bolt1OD/2), cylZ(e, e, 0, Z, o.d1bolt1OD/2), // bolts 1a, 1b
		cylZ(X-e, Y-e, 0, Z, o.d1bolt2OD/2), cylZ(X-e, e, 0, Z, o.d1bolt2OD/2), // bolts 2a, 2b
		cylY(X/2, Z, Y/2-o.d1bushingL/2, Y/2+o.d1bushingL/2, o.d1bushingOD/2), // bushing
		cylY(X/2, Z, 0, Y, o.d1shaftOD*1.05/2),                                // rod: 105% of the shaft
	}
	if bottom {
		for _, y := range []float64{Y - e, e} { // hex nut traps for bolts 2
			af, h := o.d1nut2AF, o.d1nut2H
			var hex sdf.SDF3
			for k := range 3 {
				slab := box(-af/2, -af, 0, af/2, af, h)
				if slab == nil {
					break
				}
				slab = sdf.Transform3D(slab, sdf.RotateZ(float64(k)*math.Pi/3))
				if hex == nil {
					hex = slab
				} else {
					hex = sdf.Intersect3D(hex, slab)
				}
			}
			if hex != nil {
				cuts = append(cuts, sdf.Transform3D(hex, sdf.Translate3d(v3.Vec{X: (X - e) * in, Y: y * in})))
			}
		}
	}
	body := box(0, 0, 0, X, Y, Z)
	if err != nil {
		return nil, err
	}
	return sdf.Difference3D(body, sdf.Union3D(cuts...)), nil
}

// printedParts are the eight holder halves: a bottom and a top on each of
// the four holder seats (two on d12, two on d1's far end).
func printedParts(o vars) ([]*model.Part, error) {
	zb, zt := o.holderZ()
	var bottoms, tops []model.Transform
	for _, h := range o.holderAt() {
		bottoms = append(bottoms, place(h, zb))
		tops = append(tops, place(chain(h, T(0, o.d11y, zb+zt), R(180, 0, 0)), zt))
	}
	var out []*model.Part
	for _, p := range []struct {
		id, name string
		bottom   bool
		at       []model.Transform
	}{
		{"holder-bottom", "rod bushing holder, bottom (dRodBushingHolder2bottom)", true, bottoms},
		{"holder-top", "rod bushing holder, top (dRodBushingHolder2top)", false, tops},
	} {
		s, err := o.holder(p.bottom)
		if err != nil {
			return nil, fmt.Errorf("designs/cebpress: part %s: %w", p.id, err)
		}
		out = append(out, &model.Part{ID: p.id, Name: p.name, Material: "pla", Process: model.Print3D, Qty: len(p.at), Placements: p.at,
			Solid: &model.Solid{Shape: s, Tolerance: printTolerance},
			Notes: "printed flat face down, channel up; holds a 1-1/4in DOM bushing on the 1in slide rod"})
	}
	return out, nil
}
