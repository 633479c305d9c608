package cebpress

import "github.com/fabkit/fabkit/geometry/profile"

// arms declares the a plates: two rails (a1 flat, a2 upright) seated on the
// chamber flanges f5 and running from the drawer cylinder's base (a4 with
// its lug a6) past the chamber to the output shelf (a5); a3 tie them. The
// 72in cross bars do not change with the brick, so they carry slots that
// fit the rails at every brick length.
func arms(a *asm, d dims, l levels) error {
	t, w := d.aZ, d.brickW
	A := []string{"brick_width", "drawer_extended", "output_shelf"}
	yBack, yFront := -l.dist, -l.dist+d.a1y

	rail := flat(l.xo, yBack, l.zc1)
	a.add("a1", "arm rail", d.a1x, d.a1y, t, A, rail, mirror(rail, 0, t))
	up := upY(l.xo+d.a1x-2*t, yFront, l.zc1+t)
	a.add("a2", "arm side rail", d.a2x, d.a2y, t, A, up, mirror(up, 0, t))
	zb := l.zc1 - t
	a.add("a4", "drawer cylinder cross bar", d.a4x, d.a4y, t, nil, across(d.a4y/2, yBack, zb))
	a.add("a3", "arm cross bar", d.a3x, d.a3y, t, nil,
		across(d.a3y/2, yBack+d.a4x, zb), across(d.a3y/2, yFront-d.a5x-d.a3x, zb))
	a.add("a5", "output shelf", d.a5x, d.a5y, t, nil, across(d.a5y/2, yFront-d.a5x, zb))
	a.add("a6", "drawer cylinder base lug", d.a6x, d.a6y, t, nil, alongY(-t/2, yBack+(d.a4x-d.a6x)/2, l.zc1))

	// Adjustment slots: rail centres over the whole brick_length and plate range.
	lo, hi := 10.75*in, 19.75*in
	for _, id := range []string{"a3", "a4", "a5"} {
		p := a.plates[id]
		for _, c := range []float64{d.a3y/2 - hi, d.a3y/2 + lo} {
			s := profile.Slot(profile.Point{X: p.w / 2, Y: c}, profile.Point{X: p.w / 2, Y: c + hi - lo}, d.boltHole)
			p.holes = append(p.holes, s)
		}
	}

	for _, j := range []joint{
		{a: ref{"a2", 0}, edge: left, b: ref{"a1", 0}},
		{a: ref{"a2", 1}, edge: left, b: ref{"a1", 1}},
		{a: ref{"a6", 0}, edge: bottom, b: ref{"a4", 0}},
	} {
		if err := a.join(j); err != nil {
			return err
		}
	}
	xr := l.xo + d.a1x/2
	for r, x := range []float64{xr, -xr} {
		rail := ref{"a1", r}
		for _, y := range []float64{w/2 + 2*t + d.f5y/2, -(w/2 + 2*t + d.f5y/2)} {
			if err := a.bolt([3]float64{x, y, l.zc1}, rail, ref{"f5", map[bool]int{true: 0, false: 1}[y > 0]}); err != nil {
				return err
			}
		}
		for _, bar := range []struct {
			r ref
			y float64
		}{{ref{"a4", 0}, yBack + d.a4x/2}, {ref{"a3", 0}, yBack + d.a4x + d.a3x/2},
			{ref{"a3", 1}, yFront - d.a5x - d.a3x/2}, {ref{"a5", 0}, yFront - d.a5x/2}} {
			if err := a.slotBolt([3]float64{x, bar.y, l.zc1}, bar.r, rail); err != nil {
				return err
			}
		}
	}
	// The drawer cylinder's base pin, on the line of the drawer's lug pin.
	return a.through([3]float64{0, yBack + d.a4x/2, l.zD + d.dZ + 2*in}, d.d1shaftOD+2*d.dGap, ref{"a6", 0})
}
