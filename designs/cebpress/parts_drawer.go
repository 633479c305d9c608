package cebpress

// drawer declares the d plates: the sliding box on top of the chamber,
// shown in its pressing position (drawer cylinder extended). Along Y from
// the cylinder end, as d2x reads: the cylinder mount (d8 shelf, d12 back,
// d7 lugs, d9 gussets, d11 bushing blocks), the back wall d6, the lid d5
// (ribbed by d4) over the chamber, the wall d3, the open soil cell, the
// front wall d3 that pushes the brick out. d1 covers the box, open over
// the cell, and runs on past the front wall. d2 are the sides.
func drawer(a *asm, d dims, l levels) error {
	t, w := d.dZ, d.brickW
	y0, zD, zT := l.yD0, l.zD, l.zT
	L := []string{"brick_length", "structure_plate"}
	W := []string{"brick_width", "structure_plate"}

	side := alongY(d.brickL/2, y0, zD)
	a.add("d2", "drawer side", d.d2x, d.d2y, t, append(W, "chamber_height"), side, mirror(side, 0, t))
	a.add("d6", "drawer back wall", d.d6x, d.d6y, t, append(L, "chamber_height"), alongX(-d.d6x/2, y0+d.d8y, zD, t))
	a.add("d3", "drawer wall", d.d3x, d.d3y, t, append(L, "chamber_height"),
		alongX(-d.d3x/2, y0+d.d8y+t+w, zD, t), alongX(-d.d3x/2, y0+d.d2x-t, zD, t))
	a.add("d5", "drawer lid", d.d5x, d.d5y, t, append(L, "brick_width"), flat(-d.d5x/2, y0+d.d8y+t, zD))
	a.add("d4", "lid rib", d.d4x, d.d4y, t, append(W, "chamber_height"),
		alongY(-d.brickL/6-t/2, y0+d.d8y, zD+t), alongY(-t/2, y0+d.d8y, zD+t), alongY(d.brickL/6-t/2, y0+d.d8y, zD+t))
	a.add("d1", "drawer top (cell opening, hopper shutter)", d.d1x, d.d1y, t, append(L, "brick_width"), flat(-d.d1x/2, y0+d.d8y+t, zT-t))
	a.add("d8", "cylinder mount shelf", d.d8x, d.d8y, t, L, flat(-d.d8x/2, y0, zD))
	a.add("d12", "mount back plate", d.d12x, d.d12y, t, L, alongX(-d.d12x/2, y0, zD+t, t))
	gus := alongY(2.5*in-t/2, y0+d.d8y-(d.d9x-d.d6z), zD)
	a.add("d9", "mount gusset", d.d9x, d.d9y, t, []string{"structure_plate"}, gus, mirror(gus, 0, t))
	lug := alongY(0.75*in, y0+d.d8y-d.d7x, zD+t)
	a.add("d7", "drawer cylinder lug", d.d7x, d.d7y, t, []string{"structure_plate"}, lug, mirror(lug, 0, t))
	blk := alongX(d.brickL/2-d.d11x, y0+t+0.25*in, zD+t, t)
	a.add("d11", "bushing block", d.d11x, d.d11y, t, []string{"structure_plate"}, blk, mirror(blk, 0, t))

	joints := []joint{
		{a: ref{"d1", 0}, edge: bottom, b: ref{"d6", 0}},
		{a: ref{"d8", 0}, edge: top, b: ref{"d6", 0}},
		{a: ref{"d12", 0}, edge: bottom, b: ref{"d8", 0}},
		{a: ref{"d2", 0}, edge: top, inlaid: true, s0: 0, s1: d.d2x - d.d8y - t, b: ref{"d1", 0}},
		{a: ref{"d2", 1}, edge: top, inlaid: true, s0: 0, s1: d.d2x - d.d8y - t, b: ref{"d1", 0}},
	}
	for s := range 2 {
		e := []int{right, left}[s]
		joints = append(joints,
			joint{a: ref{"d6", 0}, edge: e, inlaid: true, b: ref{"d2", s}},
			joint{a: ref{"d3", 0}, edge: e, inlaid: true, b: ref{"d2", s}},
			joint{a: ref{"d3", 1}, edge: e, inlaid: true, b: ref{"d2", s}},
			joint{a: ref{"d5", 0}, edge: e, inlaid: true, b: ref{"d2", s}},
			joint{a: ref{"d8", 0}, edge: e, inlaid: true, b: ref{"d2", s}},
			joint{a: ref{"d9", s}, edge: bottom, inlaid: true, s0: 0, s1: d.d9x - d.d6z, b: ref{"d8", 0}},
			joint{a: ref{"d7", s}, edge: bottom, b: ref{"d8", 0}},
			joint{a: ref{"d11", s}, edge: bottom, b: ref{"d8", 0}})
		// d12's ends go into the sides only as high as the sides reach.
		es, ee := 0.0, min(d.d12y, d.d2y-d.d1z-t)
		if e == left {
			es, ee = d.d12y-ee, d.d12y
		}
		joints = append(joints, joint{a: ref{"d12", 0}, edge: e, inlaid: true, s0: es, s1: ee, b: ref{"d2", s}})
	}
	// The gussets are welded to d6: their end over d6 is cut back.
	a.plates["d9"].edges[right] = []feature{{0, d.d9y, -d.d6z}}
	for i := range 2 {
		joints = append(joints, joint{a: ref{"d3", i}, edge: top, b: ref{"d1", 0}})
	}
	for i := range 3 {
		joints = append(joints,
			joint{a: ref{"d4", i}, edge: left, inlaid: true, b: ref{"d6", 0}},
			joint{a: ref{"d4", i}, edge: right, inlaid: true, b: ref{"d3", 0}},
			joint{a: ref{"d4", i}, edge: top, inlaid: true, s0: t, s1: d.d4x - t, b: ref{"d1", 0}})
	}
	for _, j := range joints {
		if err := a.join(j); err != nil {
			return err
		}
	}

	// The soil cell: open through d1 between the two walls.
	g := d.dGap + 0.25*in
	p1 := a.plates["d1"]
	p1.slot(t+g, w+t+g, d.d1x-t-g, 2*w+t-g)

	// Slide rods run through the bushing blocks and clear holes in the walls;
	// the drawer cylinder's rod-end pin crosses the lugs.
	zr := zD + t + d.d11y/2
	for _, xr := range []float64{d.brickL/2 - d.d11x + 3.125*in, -(d.brickL/2 - d.d11x + 3.125*in)} {
		if err := a.through([3]float64{xr, 0, zr}, d.d1bushingOD, ref{"d11", map[bool]int{true: 0, false: 1}[xr > 0]}); err != nil {
			return err
		}
		if err := a.through([3]float64{xr, 0, zr}, d.sliderodholeOD, ref{"d12", 0}, ref{"d6", 0}, ref{"d3", 0}, ref{"d3", 1}); err != nil {
			return err
		}
	}
	if err := a.through([3]float64{0, y0 + d.d8y - (d.d9x-d.d6z)/2, zD + t + 2*in}, d.d1shaftOD+2*d.dGap, ref{"d7", 0}, ref{"d7", 1}); err != nil {
		return err
	}
	// d10: one rail under each slide rod's back end, clamped with two U-bolts.
	yr := y0 - d.cylDrawerStroke - 2*in
	rail := alongY(d.brickL/2-d.d11x+3.125*in-t/2, yr, zr-d.d1shaftOD/2-d.d10y)
	a.add("d10", "slide rod rail", d.d10x, d.d10y, t, nil, rail, mirror(rail, 0, t))
	for _, u := range []float64{2 * in, d.d10x - 2*in} {
		for i := range 2 {
			if err := a.boltSized(hopperBolt, 0.375*in, a.world(ref{"d10", i}, u, d.d10y/2), ref{"d10", i}); err != nil {
				return err
			}
		}
	}
	return nil
}
