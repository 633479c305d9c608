package cebpress

import "github.com/fabkit/fabkit/model"

// levels are the heights and half-widths the assembly is laid out on, in
// the assembly frame: X across the frame (brick length), Y front to back
// (the drawer's travel, output to +Y), Z up from the floor; the chamber is
// centred on X = Y = 0.
type levels struct {
	xi, xo   float64 // column inner and outer faces (|x|)
	zc0, zc1 float64 // chamber wall bottom and top
	zD, zT   float64 // drawer bottom and top (= top beam bottom)
	yD0      float64 // drawer's back end, pressing position (cylinder extended)
	dist     float64 // chamber centre to the drawer cylinder's base pin line (distancetof8center)
}

func layout(d dims) levels {
	var l levels
	l.xi = (d.brickL + 2*d.d2z + d.drawerHgap) / 2
	l.xo = d.f1x / 2
	// f9x read bottom to top: base strip, main cylinder's clevis and body,
	// 1in of clearance, chamber walls, drawer gap, drawer, top beam.
	l.zc0 = d.f2z + (d.cylMainS+0.125*in)/2 + d.cylMainRet - d.cylMainJ + 1*in
	l.zc1 = l.zc0 + d.f4y
	l.zD = l.zc1 + d.drawergap
	l.zT = l.zD + d.brickCH
	l.yD0 = -(d.brickW/2 + d.d6z + d.d8y)
	l.dist = d.distancetof8center - d.a4x/2
	return l
}

// frame declares the f plates: two channel columns (f8 web, f9 flanges,
// f11 ties), the chamber walls f4 with their wear strips f14 and flanges f5,
// the base f6 on feet f2, and the top beam f1/f3 under the cap f12. The
// roles are our reading of Fp.scad; the sizes are OSE's formulas.
func frame(a *asm, d dims, l levels) error {
	t, w := d.fZ, d.brickW
	L := []string{"brick_length", "structure_plate"}
	H := []string{"chamber_height", "main_retracted", "structure_plate"}

	fr := upX(l.xo, w/2, 0, t) // front-right flange; the others are its mirror images
	fl := mirror(fr, 0, t)
	a.add("f9", "column flange", d.f9x, d.f9y, t, H, fr, mirror(fr, 1, t), fl, mirror(fl, 1, t))
	web := upY(l.xo-2*t, w/2, 0)
	a.add("f8", "column web", d.f8x, d.f8y, t, append(H, "brick_width"), web, mirror(web, 0, t))
	var ties []model.Transform
	for _, z := range []float64{d.f2z + d.f6y + 1*in, (d.f2z + d.f6y + l.zc0) / 2, l.zc0 - 1*in - t} {
		ties = append(ties, flat(l.xi, -w/2, z))
	}
	for i := range 3 {
		ties = append(ties, mirror(ties[i], 0, t))
	}
	a.add("f11", "column tie", d.f11x, d.f11y, t, []string{"brick_width"}, ties...)

	wall := alongX(-d.f4x/2, w/2+t, l.zc0, t)
	a.add("f4", "chamber side wall", d.f4x, d.f4y, t, L, wall, mirror(wall, 1, t))
	strip := alongX(-d.f14x/2, w/2, l.zc1-d.f14y, t)
	a.add("f14", "chamber wear strip", d.f14x, d.f14y, t, append(L, "tab_clearance"), strip, mirror(strip, 1, t))
	fl5 := flat(-d.f5x/2, w/2+2*t, l.zc1-t)
	a.add("f5", "chamber flange (arm seat)", d.f5x, d.f5y, t, L, fl5, mirror(fl5, 1, t))
	base := alongX(-d.f6x/2, w/2+t, d.f2z, t)
	a.add("f6", "base plate (main cylinder mount)", d.f6x, d.f6y, t, L, base, mirror(base, 1, t))
	foot := model.Identity().RotateZ(180).Move(d.f2x/2, w/2+t+d.f2y, 0) // inner edge is its top edge
	ledge := flat(-d.f2x/2, w/2+2*t, l.zc0+d.f4y/2-t/2)
	a.add("f2", "base foot / wall ledge", d.f2x, d.f2y, t, L, foot, mirror(foot, 1, t), ledge, mirror(ledge, 1, t))
	beam := alongX(-l.xo, w/2+t, l.zT, t)
	a.add("f1", "top beam", d.f1x, d.f1y, t, L, beam, mirror(beam, 1, t))
	fl3 := flat(-l.xo, w/2+2*t, l.zT+d.f1y/2-t/2)
	a.add("f3", "top beam flange", d.f3x, d.f3y, t, L, fl3, mirror(fl3, 1, t))
	a.add("f12", "top cap", d.f12x, d.f12y, t, append(L, "brick_width"), flat(-l.xo, -(w/2+d.f3y), d.f9x))

	// The wear strips' ends are let into the column flanges.
	over := d.f14x/2 - l.xi + d.dGap
	zs := d.f9x - l.zc1 // along f9's inner (top) edge, s runs down from the top
	a.plates["f9"].edges[top] = append(a.plates["f9"].edges[top], feature{zs, zs + d.f14y, -over})

	var joints []joint
	for c := range 2 { // columns: right (flanges 0, 1), left (2, 3)
		joints = append(joints,
			joint{a: ref{"f8", c}, edge: bottom, b: ref{"f9", 2 * c}},
			joint{a: ref{"f8", c}, edge: top, b: ref{"f9", 2*c + 1}},
			joint{a: ref{"f8", c}, edge: right, b: ref{"f12", 0}})
		for k := range 3 {
			joints = append(joints,
				joint{a: ref{"f11", 3*c + k}, edge: bottom, b: ref{"f9", 2*c + 1}},
				joint{a: ref{"f11", 3*c + k}, edge: top, b: ref{"f9", 2 * c}})
		}
	}
	for s := range 2 { // sides: front 0, back 1
		joints = append(joints,
			joint{a: ref{"f6", s}, edge: bottom, s0: 2 * in, s1: d.f6x - 2*in, b: ref{"f2", s}},
			joint{a: ref{"f2", 2 + s}, edge: bottom, b: ref{"f4", s}},
			joint{a: ref{"f5", s}, edge: bottom, s0: 0.5 * in, s1: d.f5x - 0.5*in, b: ref{"f4", s}},
			joint{a: ref{"f3", s}, edge: bottom, b: ref{"f1", s}},
			joint{a: ref{"f1", s}, edge: top, b: ref{"f12", 0}})
	}
	for _, j := range joints {
		if err := a.join(j); err != nil {
			return err
		}
	}

	// Bolts on the column centre lines clamp the skins (f6, f4, f1) to the
	// flanges; two more hold each wear strip to its wall.
	xb := l.xo - d.f9y/2
	for s, ys := range []float64{w/2 + t, -(w/2 + t)} {
		for c, xs := range []float64{xb, -xb} {
			fl := ref{"f9", 2*c + s}
			for _, zb := range []struct {
				z float64
				p ref
			}{
				{d.f2z + 4.5*in, ref{"f6", s}}, {d.f2z + 6.75*in, ref{"f6", s}},
				{l.zc0 + d.f4y/4, ref{"f4", s}}, {l.zc0 + 3*d.f4y/4, ref{"f4", s}},
				{l.zT + 1.25*in, ref{"f1", s}}, {l.zT + d.f1y - 1.25*in, ref{"f1", s}},
			} {
				if err := a.bolt([3]float64{xs, ys, zb.z}, fl, zb.p); err != nil {
					return err
				}
			}
		}
		for _, xs := range []float64{-d.brickL / 4, d.brickL / 4} {
			if err := a.bolt([3]float64{xs, ys, l.zc1 - d.f14y/2}, ref{"f14", s}, ref{"f4", s}); err != nil {
				return err
			}
		}
	}
	// The main cylinder's base pin crosses both base plates.
	return a.through([3]float64{0, 0, d.f2z + (d.cylMainS+0.125*in)/2}, d.cylMainR, ref{"f6", 0}, ref{"f6", 1})
}
