package cebpress

import (
	"math"

	"github.com/fabkit/fabkit/geometry/profile"
)

// The plates of v2509P, one function per XXp.scad, each in the frame of
// its file (the frame OpenSCAD exports it in) and in inches. Constants
// that OSE writes as numbers in a part file (relief sizes, hole offsets)
// are kept as numbers here, with the file's comments where it has them.

// drawing returns the plate's sketch for an OSE id: OSE's drawing, with
// fabkit's amendments (amend.go) unless o.asOSE.
func (o vars) drawing(id string) sketch {
	s := o.oseDrawing(id)
	if !o.asOSE {
		for _, a := range o.amendments(id) {
			s.cut(a.cut...)
		}
	}
	return s
}

// oseDrawing is the plate as OSE's XXp.scad draws it.
func (o vars) oseDrawing(id string) sketch {
	var s sketch
	switch id {
	case "d1":
		s.base(rect(-o.d1x/2, 0, o.d1x, o.d1y)...)
		var c []profile.Path
		c = append(c, rect((o.d1x-o.brickL-2*o.dZ)/2, 1.5, o.dZ+o.dGap, o.dZ+o.brickW-1.5)...)
		bx := o.d1x/2 - o.sliderodoffset + o.d11x/2 - (o.d1bolt1OD/2 + 0.5) // d11 bolts 1a, 1b
		c = append(c, circle(bx, o.d1y-o.d1bolt1OD/2-0.5, o.d1bolt1OD/2)...)
		c = append(c, circle(bx, o.d1y-o.d11y+o.d1bolt1OD/2+0.5, o.d1bolt1OD/2)...)
		mx := o.d1x/2 - o.sliderodoffset + o.d11x/2 // the opening between the bushing holders
		c = append(c, rect(mx, o.d1y-o.brickW, o.d1x-2*mx, o.brickW)...)
		s.cut(symmetric(o.d1x, c)...)
	case "d2":
		o.d2(&s)
	case "d3":
		s.base(rect(-o.d3x/2, 0, o.d3x, o.d3y)...)
		side := tab{X: o.dZ, Y: 0.75, dGap: o.dGap, cGap: 0.09375, c: [8]float64{0.375, 0.25, 0.25, 0.375, 0.375, 0.25, 0.25, 0.375}, centre: true}
		foot := tab{X: o.dZ, Y: 1.5, dGap: o.dGap, cGap: 0.09375, c: [8]float64{0.625, 0.25, 0.25, 0.625}, centre: true}
		var c []profile.Path
		c = append(c, corner{o.d3y - 1.5, o.dZ, 0.125, 0.25, 0.125}.at(0, o.d3y/2, 270, true)...)
		for _, x := range []float64{o.brickL/4 + o.dZ, o.d3x / 2} { // outer and centre d4 ribs
			c = append(c, side.at(x, o.d3y-o.dZ-0.75/2)...)
			c = append(c, foot.at(x, 0)...)
		}
		s.cut(symmetric(o.d3x, c)...)
	case "d4":
		s.base(rect(-o.d4x/2, 0, o.d4x, o.d4y)...)
		L := o.d4y - 1.5 - o.dZ
		var c []profile.Path
		c = append(c, corner{L, o.dZ, 0.125, L - 0.25, 0.125}.at(0, o.dZ+0.75, 270, false)...)
		h := (o.d4x - 0.5) / 2
		c = append(c, corner{h + 0.125, o.dZ, 0.125, h - 0.125, 0.125}.at(-0.125, 0, 0, false)...)
		s.cut(symmetric(o.d4x, c)...)
	case "d5":
		s.base(rect(-o.d5x/2, 0, o.d5x, o.d5y)...)
		in := tab{X: o.dZ, Y: 0.5, dGap: o.dGap, cGap: 0.09375, c: [8]float64{0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25}, centre: true}
		var c []profile.Path
		c = append(c, corner{o.d5y - 1, o.dZ, 0.125, 0.25, 0.125}.at(0, o.d5y/2, 270, true)...)
		c = append(c, rect(1, 0, (o.d5x-3)/2, 0.125)...)
		c = append(c, rect(1, o.d5y-0.125, (o.d5x-3)/2, 0.125)...)
		c = append(c, in.at(o.brickL/4+o.dZ, o.d5y/2)...)
		c = append(c, in.at(o.d5x/2, o.d5y/2)...)
		s.cut(symmetric(o.d5x, c)...)
	case "d6":
		s.base(rect(-o.d6x/2, 0, o.d6x, o.d6y)...)
		in := tab{X: o.dZ, Y: 0.5, dGap: o.dGap, cGap: 0.09375, c: [8]float64{0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25}, centre: true}
		var c []profile.Path
		c = append(c, corner{o.d6y - 1.5, o.dZ, 0.125, 0.25, 0.125}.at(0, 1, 270, false)...)
		c = append(c, in.at((o.d6x-o.rodclevisW)/2-o.dZ/2, (o.d9y-o.dZ)/2+o.dZ)...) // d9 rod clevis
		s.cut(symmetric(o.d6x, c)...)
	case "d7":
		s.base(rect(0, 0, o.d7x, o.d7y)...)
		s.cut(corner{o.d7x - 1, o.aZ, 0.125, 0.25, 0.125}.at(o.d7x/2, 0, 0, true)...)
		s.cut(circle(o.d7x/2, o.aZ+o.dZ+o.bodyH/2, o.rearclevisID/2)...) // pin hole
	case "d8":
		s.base(rect(-o.d8x/2, 0, o.d8x, o.d8y)...)
		in := tab{X: o.dZ, Y: 0.5, dGap: o.dGap, cGap: 0.09375, c: [8]float64{0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25}, centre: true}
		var c []profile.Path
		c = append(c, corner{o.d8y - 1.5, o.dZ, 0.125, 0.25, 0.125}.at(0, o.d8y/2, 270, true)...)
		c = append(c, rect(1, o.d8y-0.125, (o.d8x-3)/2, 0.125)...)
		c = append(c, in.at((o.d6x-o.rodclevisW)/2-o.dZ/2, o.d8y-(o.d9x-o.dZ)/2)...)
		s.cut(symmetric(o.d8x, c)...)
	case "d9":
		s.base(rect(0, 0, o.d9x, o.d9y)...)
		qx, qy := (o.d9x-o.dZ-0.5)/2, (o.d9y-o.dZ-0.5)/2
		s.cut(corner{0.125 + o.dZ + qx, o.dZ, 0.125, o.dZ + qx - 0.125, 0.125}.at(-0.125, 0, 0, false)...)
		s.cut(corner{qx + 0.125, o.dZ, 0.125, qx - 0.125, 0.125}.at(0.5+o.dZ+qx, 0, 0, false)...)
		s.cut(corner{0.125 + o.dZ + qy, o.dZ, 0.125, o.dZ + qy - 0.125, 0.125}.at(0, -0.125, 270, false)...)
		s.cut(corner{qy + 0.125, o.dZ, 0.125, qy - 0.125, 0.125}.at(0, 0.5+o.dZ+qy, 270, false)...)
		s.cut(circle(0.25+o.dZ+qx, 0.25+o.dZ+qy, o.rodclevisID/2)...) // pin hole
	case "d10":
		s.base(rect(0, 0, o.d10x, o.d10y)...)
		for _, x := range []float64{1, 4, 9, 14, 17} {
			s.cut(circle(x, o.d10y/2, 0.55)...)
		}
	case "d11":
		s.base(rect(0, 0, o.d11x, o.d11y)...)
		e := o.d1bolt1OD/2 + 0.5
		s.cut(circle(e, o.d11y-e, o.d1bolt1OD/2)...)
		s.cut(circle(e, e, o.d1bolt1OD/2)...)
		s.cut(circle(o.d11x-e, o.d11y-e, o.d1bolt2OD/2)...)
		s.cut(circle(o.d11x-e, e, o.d1bolt2OD/2)...)
	case "d12":
		s.base(rect(-o.d12x/2, 0, o.d12x, o.d12y)...)
		e := o.d1bolt1OD/2 + 0.5
		bx := o.d12x/2 - o.sliderodoffset + o.d11x/2 - e
		var c []profile.Path
		c = append(c, circle(bx, o.d12y-e, o.d1bolt1OD/2)...)
		c = append(c, circle(bx, o.d12y-o.d11y+e, o.d1bolt1OD/2)...)
		s.cut(symmetric(o.d12x, c)...)
	default:
		if s, ok := o.frameDrawing(id); ok {
			return s
		}
		return o.armDrawing(id)
	}
	return s
}

// d2 is the drawer side: cuts numbered clockwise from the top left.
func (o vars) d2(s *sketch) {
	s.base(rect(0, 0, o.d2x, o.d2y)...)
	T := func(X, Y float64, c ...float64) tab {
		t := tab{X: X, Y: Y, dGap: o.dGap, cGap: 0.125}
		copy(t.c[:], c)
		return t
	}
	x6 := o.d8y + o.dZ + o.brickW                                                              // the wall d3 behind the cell
	s.cut(T(o.d8y-o.f2y+o.dZ, o.dZ, 0, 0, 0, 0, 0.25, 0.25).at(0, o.d2y-o.dZ)...)              // 1: d12
	s.cut(T(o.dZ, 0.5, 0, 0, 0, 0, 0.25, 0.25, 0.25, 0.25).at(o.d8y, o.d2y-0.5)...)            // 2: d6
	s.cut(T(o.dZ, o.dZ+0.75, 0, 0, 0, 0, 0.375, 0.25, 0.25, 0.375).at(x6, o.d2y-o.dZ-0.75)...) // 3: d3, d1
	s.cut(T(1.5-o.dZ, o.dZ, 0, 0, 0, 0, 0.25, 0.625).at(x6+o.dZ, o.d2y-o.dZ)...)               //
	s.cut(T(o.dZ, o.dZ+0.75, 0, 0, 0, 0, 0, 0, 0.25, 0.5).at(o.d2x-o.dZ, o.d2y-0.75-o.dZ)...)  // 4: d3, d1
	s.cut(T(0.5, o.dZ, 0.25, 0.25).at(x6+o.dZ+o.d5y-0.5, 0)...)                                // 5: d3, d5
	s.cut(T(o.dZ, 0.75, 0.25, 0.25).at(x6+o.dZ+o.d5y, 0)...)                                   //
	s.cut(T(o.dZ, 0.75, 0.5, 0.25, 0.25, 0.25).at(x6, 0)...)                                   // 6: d3, d5
	s.cut(T(0.5, o.dZ, 0, 0, 0.25, 0.375).at(x6+o.dZ, 0)...)                                   //
	s.cut(T(0.75, o.dZ, 0.25, 0.25).at(o.d8y-0.75, 0)...)                                      // 7: d6, d8
	s.cut(T(o.dZ, 1, 0.25, 0.25, 0.25, 0.625).at(o.d8y, 0)...)                                 //
	s.cut(T(0.75, o.dZ, 0, 0, 0.25, 0.25).at(0, 0)...)                                         // 8: d8
	x, y, r := o.d2AccessHole()
	s.cut(circle(x, y, r)...)
}

// d2AccessHole is d2's clevis pin access hole (d2clevispinaccessholeOD):
// the drawer cylinder's rod clevis pin goes in through it.
func (o vars) d2AccessHole() (x, y, r float64) {
	r = o.d2clevispinaccessholeOD / 2
	return math.Min(o.d8y-r, o.d8y-(o.d9x-o.dZ)/2), math.Max(o.dZ+0.25+r, (o.d9y-o.dZ)/2+o.dZ), r
}

// frameDrawing draws the f plates.
func (o vars) frameDrawing(id string) (sketch, bool) {
	var s sketch
	core := o.brickL + 2*o.dZ + o.drawerHgap // between the columns
	switch id {
	case "f1":
		s.base(rect(-o.f1x/2, 0, o.f1x, o.f1y)...)
		T := func(c ...float64) tab { t := tab{X: 1, Y: o.fZ, dGap: 0.0625, cGap: 0.125}; copy(t.c[:], c); return t }
		var c []profile.Path
		c = append(c, T(0, 0, 0.25, 0.25).at(0, 0)...)
		c = append(c, rect(0, o.f1y-0.25, 0.4, 0.25)...)
		c = append(c, T(0, 0, 0, 0, 0.25, 0.25, 0.25, 0.25).at((o.f1x-o.f2x)/2, o.f1y-o.fZ)...) // f2
		c = append(c, T(0.25, 0.25).at(o.f1x/2-1, 0)...)
		bx := (o.f1x-o.d3x-o.drawerHgap)/2 - 2 // bolt centre to the inner edge of f9: 2in
		c = append(c, circle(bx, 1.5, 0.375)...)
		c = append(c, circle(bx, 4.5, 0.375)...)
		c = append(c, circle(o.f1x/2-o.sliderodoffset, o.f1y-(o.dZ+0.5+o.sliderodholeOD/2), o.sliderodholeOD/2)...) // slide rod
		s.cut(symmetric(o.f1x, c)...)
	case "f2":
		s.base(rect(0, 0, o.f2x, o.f2y)...)
		s.cut(corner{o.f2x - 2, o.fZ, 0.125, o.f2x - 2.25, 0.125}.at(1, 0, 0, false)...)
	case "f3":
		s.base(rect(-o.f3x/2, 0, o.f3x, o.f3y)...)
		var c []profile.Path
		c = append(c, corner{(o.f3x - 4) / 2, o.fZ, 1, 1, 0.125}.at(1, 0, 0, false)...)
		c = append(c, circle(5.375, o.f3y/2, 0.5)...)
		s.cut(symmetric(o.f3x, c)...)
	case "f4":
		// A trapezoid: the column-to-column core, widened at the top to f4x
		// by two triangles from half height.
		s.base(profile.Polygon(profile.Point{X: -o.f1x / 2}, profile.Point{X: o.f1x / 2}, profile.Point{X: o.f1x / 2, Y: o.f4y / 2},
			profile.Point{X: o.f4x / 2, Y: o.f4y}, profile.Point{X: -o.f4x / 2, Y: o.f4y}, profile.Point{X: -o.f1x / 2, Y: o.f4y / 2}))
		var c []profile.Path
		c = append(c, corner{4, o.fZ, 0.125, 1, 0.125}.at(o.f4x/2+o.f5x/2-2, o.f4y, 180, true)...) // f5 outer
		c = append(c, tab{X: 2, Y: 2 * o.fZ, dGap: 0.0625, cGap: 0.125, c: [8]float64{6: 0.25, 7: 0.25}, centre: true}.at(o.f4x/2, o.f4y)...)
		c = append(c, tab{X: 1, Y: o.fZ, dGap: 0.0625, cGap: 0.125, c: [8]float64{0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25}, centre: true}.at((o.f4x-o.f14x+1)/2, 7.5)...) // f14
		bx := (o.f4x-core)/2 - 2
		for _, y := range []float64{2, 6, 9} { // f9 bolts
			c = append(c, circle(bx, y, 0.5025)...)
		}
		s.cut(symmetric(o.f4x, c)...)
	case "f5":
		s.base(rect(-o.f5x/2, 0, o.f5x, o.f5y)...)
		var c []profile.Path
		c = append(c, corner{(o.f5x - 10) / 2, o.fZ, 1, 1, 0.125}.at(4, 0, 0, false)...)
		c = append(c, circle(o.a1x/2, o.f5y-1.5, 0.5)...) // arm bolt: the centre of a1
		s.cut(symmetric(o.f5x, c)...)
	case "f6":
		s.base(rect(-o.f6x/2, 0, o.f6x, o.f6y)...)
		var c []profile.Path
		c = append(c, tab{X: 1, Y: o.fZ, dGap: 0.0625, cGap: 0.125, c: [8]float64{4: 0.25, 5: 0.25, 6: 0.25, 7: 0.25}}.at((o.f6x-o.f2x)/2, o.f6y-o.fZ)...) // f2
		r := (o.cylMainS + 0.125) / 2                                                                                                                      // the main cylinder's boss
		c = append(c, circle(o.f6x/2, o.f6y-o.fZ-r, r)...)
		bx := (o.f6x-core)/2 - 2
		c = append(c, circle(bx, 2, 0.38)...) // f9 bolts
		c = append(c, circle(bx, 6, 0.38)...)
		s.cut(symmetric(o.f6x, c)...)
	case "f8":
		s.base(rect(0, 0, o.f8x, o.f8y)...)
		cj := corner{o.f8x / 6, o.fZ, 0.25, 0.5, 0.125}
		for _, k := range []float64{1, 5, 9} {
			s.cut(cj.at(k/12*o.f8x, 0, 0, true)...)
			s.cut(cj.at(k/12*o.f8x, o.f8y, 180, true)...)
		}
		for _, x := range o.f8Slots() {
			s.cut(slot(x-0.13, x+0.13, o.f8y/2, o.boltD)...)
		}
	case "f9":
		s.base(rect(0, 0, o.f9x, o.f9y)...)
		cj := corner{o.f8x / 6, o.fZ, 0.25, 0.5, 0.125}
		for _, k := range []float64{3, 7, 11} {
			s.cut(cj.at(k/12*o.f9x, 0, 0, true)...)
		}
		T := func(c ...float64) tab {
			t := tab{X: 0.5, Y: 0.5, dGap: o.dGap, cGap: 0.125}
			copy(t.c[:], c)
			return t
		}
		s.cut(T(0, 0, 0, 0, 0.25, 0.25).at(0, o.f9y-0.5)...)
		s.cut(T(0, 0, 0, 0, 0.25, 0.25, 0.25, 0.25).at(o.f9x-o.f1y-o.d2y-o.f4y-o.drawergap-0.5, o.f9y-0.5)...)
		s.cut(T(0, 0, 0, 0, 0, 0, 0.25, 0.25).at(o.f9x-0.5, o.f9y-0.5)...)
		s.cut(rect(o.f9x-(o.f1y-0.2)-(o.a2x+0.4), o.f9y-1.4, o.a2x+0.4, 1.4)...) // the big cut-out
		for _, x := range []float64{2, 6, o.f9x - 4.5, o.f9x - 1.5} {            // f6 and f1 bolts
			s.cut(circle(x, 2, 0.38)...)
		}
		for _, dx := range []float64{2, 5, 9} { // f4 bolts
			s.cut(circle(o.f9x-o.f1y-o.d2y-o.drawergap-dx, 2, 0.5025)...)
		}
	case "f11":
		s.base(rect(0, -o.f11y/2, o.f11x, o.f11y)...)
		var c []profile.Path
		c = append(c, rect(0.5, 0, 0.125, 0.125+o.fZ)...)
		c = append(c, rect(0.625, 0, o.f11x-0.625, o.fZ)...)
		s.cut(moved(c, 0, 0, -o.f11y/2)...)
		s.cut(mirrorY(c, o.f11y/2)...)
	case "f12":
		s.base(rect(-o.f12x/2, 0, o.f12x, o.f12y)...)
		var c []profile.Path
		c = append(c, circle(5.375, o.f3y/2, 0.5)...)
		c = append(c, circle(5.375, o.f12y/2+o.brickW/2+o.f3y/2, 0.5)...)
		s.cut(symmetric(o.f12x, c)...)
		w, h := o.brickL+2*o.dZ+o.fZ, o.brickW+o.fZ // the chamber opening
		s.cut(rect(-w/2, o.f12y/2-h/2, w, h)...)
	case "f13":
		s.base(rect(0, 0, o.f13x, o.f13y)...)
		s.cut(circle(2, o.f9y-2.5, 0.38)...)
		s.cut(circle(6, o.f9y-2.5, 0.38)...)
	case "f14":
		s.base(rect(0, 0, o.f14x, o.f14y)...)
		s.cut(corner{o.f14x - 2, o.fZ, 0.125, o.f14x - 2.25, 0.125}.at(1, 0, 0, false)...)
	default:
		return s, false
	}
	return s, true
}

// armDrawing draws the a and h plates.
func (o vars) armDrawing(id string) sketch {
	var s sketch
	// The rails and bars carry six corner joints along their right edge,
	// cut 1/8in longer than the tabs between them.
	joints := func(x, y, shift float64) {
		tl := (y - 0.125*5.5) / 12
		il := tl + 0.125
		for i := range 6 {
			yy := float64(i)*(tl+il) + il/2 - 0.0625 + shift*(tl+0.0625)
			s.cut(moved(corner{il, o.aZ, 0.125, 0.5, 0.125}.at(0, 0, 0, true), 90, x, yy)...)
		}
	}
	gusset := tab{X: 0.625, Y: o.aZ + 2*o.dGap, dGap: 0.0625, cGap: 0.125, c: [8]float64{2: 0.25, 3: 0.25, 4: 0.25, 5: 0.25}, centre: true}
	gussets := func(y float64) {
		for _, yy := range []float64{1, o.distancetof8center, y - 1} { // a6, the middle one on the chamber's centre
			s.cut(gusset.at(0.625/2, yy)...)
		}
	}
	switch id {
	case "a1":
		s.base(rect(0, 0, o.a1x, o.a1y)...)
		gussets(o.a1y)
		for _, h := range o.a1Holes() {
			s.cut(circle(o.a1x/2, h.y, 0.4)...)
		}
		joints(o.a1x, o.a1y, 0)
	case "a2":
		s.base(rect(0, 0, o.a2x, o.a2y)...)
		gussets(o.a2y)
		joints(o.a2x, o.a2y, 1)
	case "a3":
		s.base(rect(0, 0, o.a3x, o.a3y)...)
		joints(o.a3x, o.a3y, 1)
	case "a4":
		s.base(rect(0, 0, o.a4x, o.a4y)...)
		joints(o.a4x, o.a4y, 0)
	case "a5":
		s.base(rect(0, 0, o.a5x, o.a5y)...)
		joints(o.a5x, o.a5y, 0)
	case "a6":
		o.a6(&s)
	case "h1":
		// The sides slope in to the hopper's base, scaled as the grate slopes.
		A := o.grateA * math.Pi / 180
		S := o.hopperBaseX * (o.h1y - math.Sin(A)*o.grateY) / o.h1y
		s.base(trapezoid(S, o.h1x, o.h1y))
	case "h2":
		s.base(trapezoid(o.hopperBaseX, o.h2x, o.h2y))
	case "h7":
		s.base(rect(-o.h7x/2, 0, o.h7x, o.h7y)...)
		for _, c := range o.keyholes("h7") {
			s.cut(o.keyhole(c, o.h7x)...)
		}
	case "h8":
		s.base(rect(-o.h8x/2, 0, o.h8x, o.h8y)...)
		for _, c := range o.keyholes("h8") {
			s.cut(o.keyhole(c, o.h8x)...)
		}
	}
	return s
}

// railHole is one of a1's bolt holes (0.8in, on its centre line): its
// height along the rail and the part a1p.scad names for it.
type railHole struct {
	y    float64
	part string
}

// a1Holes are a1's bolt holes in a1p.scad's order.
func (o vars) a1Holes() []railHole {
	c, w2 := o.distancetof8center, o.brickW/2
	return []railHole{
		{o.a4x/2 - 1, "a4"}, {o.a4x/2 + 1, "a4"},
		{c - w2 - o.f5y - 1.75, "h7"}, {c - w2 - o.f5y - (o.h7y - 1.75), "h7"},
		{c - w2 - (o.f5y - 1.5), "f5"}, {c + w2 + (o.f5y - 1.5), "f5"},
		{c + w2 + o.f5y + 2, "h8"}, {c + w2 + o.f5y + 5, "h8"}, {c + w2 + o.f5y + (o.h8y - 2), "h8"},
		{o.a1y - o.a5x/2, "a5"},
	}
}

// keyholes are the centres of a guard's mounting slots: 1.5in in from each
// side edge, at 1.75in and h7y - 1.75in up h7, at 2in and h8y - 2in up h8,
// and one more at h8y - 5in on h8's left side only (h8p.scad cuts it
// outside its mirrored cuts()).
func (o vars) keyholes(id string) []profile.Point {
	var ys []float64
	w := o.h7x
	switch id {
	case "h7":
		ys = []float64{1.75, o.h7y - 1.75}
	case "h8":
		ys, w = []float64{2, o.h8y - 2}, o.h8x
	}
	var out []profile.Point
	for _, y := range ys {
		out = append(out, profile.Point{X: -w/2 + 1.5, Y: y}, profile.Point{X: w/2 - 1.5, Y: y})
	}
	if id == "h8" {
		out = append(out, profile.Point{X: -w/2 + 1.5, Y: o.h8y - 5})
	}
	return out
}

// keyhole is a guard's mounting slot at c on a guard w wide: a bolt hole,
// open to the nearer side edge.
func (o vars) keyhole(c profile.Point, w float64) []profile.Path {
	edge := rect(-w/2, c.Y-o.boltD/2, c.X+w/2, o.boltD)
	if c.X > 0 {
		edge = rect(c.X, c.Y-o.boltD/2, w/2-c.X, o.boltD)
	}
	return append(circle(c.X, c.Y, o.boltD/2), edge...)
}

// f8Slots are the heights (along f8x) of f8's two oblong bolt slots,
// 1in and 8in below the bottom of the drawer's run (f8p.scad).
func (o vars) f8Slots() []float64 {
	x := o.f8x - (o.f1y + o.d2y + o.drawergap + 1)
	return []float64{x - 7, x}
}

// a6 is the gusset between a1 and a2: a band along the diagonal with a
// 0.625in tab on each leg, trimmed to the X by Y corner.
func (o vars) a6(s *sketch) {
	X, Y, Zx, Zy := o.a6x, o.a6y, o.aZ, o.aZ
	th := math.Atan((Y - 1) / (X - 1))
	W := math.Min(1/math.Cos(th), 1/math.Sin(th))
	band := moved(moved(rect(0, 0, 50, W), 0, 0, -W), th*180/math.Pi, -1/math.Tan(th), 0)
	s.base(band...)
	s.base(rect(0, 0, 0.625, Zx)...)
	s.base(rect(X-Zy, Y-0.625, Zy, 0.625)...)
	s.cut(rect(0.625, 0, 100, Zx)...)
	s.cut(rect(-100, -99, 100, 100)...)
	s.cut(rect(0, -100, 100, 100)...)
	s.cut(rect(0, Y, 100, 100)...)
	s.cut(rect(X, 0, 100, 100)...)
	s.cut(rect(X-Zy, Y-0.625-100, Zy, 100)...)
}
