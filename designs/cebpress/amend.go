package cebpress

import (
	"math"

	"github.com/fabkit/fabkit/geometry/profile"
)

// fabkit's amendments to OSE's plates: cuts that OSE's own files call for
// but do not make, without which the parts do not go together. Each is
// placed from the part it serves, so it follows every parameter, and
// names the OSE file that asks for it. TestPlatesMatchOSE compares the
// plates as OSE draws them (vars.asOSE); TestAmendments checks that the
// amended plates differ from OSE's by exactly these cuts.

// amendment is one cut fabkit adds to an OSE plate, in the plate's frame.
type amendment struct {
	why string
	cut []profile.Path
}

// amendments returns the cuts fabkit adds to plate id.
func (o vars) amendments(id string) []amendment {
	switch id {
	case "a4":
		var out []amendment
		// d7p.scad: "need to add holes to A4 for cornerjoint". d7's
		// cornerjoint leaves two tabs a4z tall, 0.5in wide, on its bottom
		// edge; they stand in a4 and a4p.scad cuts nothing for them. Each
		// gets a slot of the tab grown by dGap, OSE's "gap between a hole
		// cut's edge and the part sitting within the hole".
		a4 := o.placed("a4")[0]
		for _, d7 := range o.placed("d7") {
			for _, x := range [][2]float64{{0, 0.5}, {o.d7x - 0.5, o.d7x}} {
				p := a4.inverse().then(d7)
				lo, hi := p.apply([3]float64{x[0], 0, 0}), p.apply([3]float64{x[1], o.aZ, o.dZ})
				x0, x1 := math.Min(lo[0], hi[0])-o.dGap, math.Max(lo[0], hi[0])+o.dGap
				y0, y1 := math.Min(lo[1], hi[1])-o.dGap, math.Max(lo[1], hi[1])+o.dGap
				out = append(out, amendment{"slot for a tab of d7 (d7p.scad: need to add holes to A4)", rect(x0, y0, x1-x0, y1-y0)})
			}
		}
		// a1p.scad bolts each rail to a4 through two holes at a4x/2 ± 1;
		// a4p.scad has no holes under them.
		for _, a1 := range o.placed("a1") {
			for _, h := range o.a1Holes() {
				if h.part == "a4" {
					c := a4.inverse().then(a1).apply([3]float64{o.a1x / 2, h.y, 0})
					out = append(out, amendment{"bolt hole under a1's (a1p.scad's two holes at a4x/2 ± 1)", circle(c[0], c[1], 0.4)})
				}
			}
		}
		return out
	case "a5":
		// a1p.scad's "A5" hole, at a1y - a5x/2 over a5; a5p.scad has no
		// hole under it.
		var out []amendment
		a5 := o.placed("a5")[0]
		for _, a1 := range o.placed("a1") {
			for _, h := range o.a1Holes() {
				if h.part == "a5" {
					c := a5.inverse().then(a1).apply([3]float64{o.a1x / 2, h.y, 0})
					out = append(out, amendment{`bolt hole under a1's "A5" hole (a1p.scad)`, circle(c[0], c[1], 0.4)})
				}
			}
		}
		return out
	}
	return nil
}

// placed returns the placements of every instance of a plate, in order.
func (o vars) placed(id string) []affine {
	var out []affine
	for _, in := range o.instances() {
		if in.id == id {
			out = append(out, in.at)
		}
	}
	return out
}

// inverse is the placement that undoes a: its rotation is orthonormal (a
// mirror at most), so the inverse is its transpose.
func (a affine) inverse() affine {
	var out affine
	for i := range 3 {
		for j := range 3 {
			out.r[i][j] = a.r[j][i]
		}
	}
	for i := range 3 {
		out.t[i] = -(out.r[i][0]*a.t[0] + out.r[i][1]*a.t[1] + out.r[i][2]*a.t[2])
	}
	return out
}
