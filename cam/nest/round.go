package nest

import (
	"cmp"
	"math"
	"slices"

	"github.com/fabkit/fabkit/geometry/profile"
)

// This file places round parts (an outer outline that is a full circle)
// where they touch two things: two placed round parts, or one and an
// edge (the sheet's margin or a side of a placed part's bounding box).
// Corner candidates put a disc at the corner of boxes, a square's worth of
// sheet around it; a disc resting in the notch between two others packs
// them as a honeycomb does.

// circleCands appends to out the translations of round shape sh that put
// its circle at the clearance from two placed round items or from one and
// an edge, and returns them sorted by the lower-left corner of the
// shape's box, least X first, then least Y.
func (e *engine) circleCands(s *sheetState, sh *shape, out []pt) []pt {
	r := sh.rad
	lo := sh.ctr.Sub(sh.box.Min) // from the box's lower-left corner to the centre
	hi := sh.box.Max.Sub(sh.ctr)
	z := e.sizes[s.size]
	reach := func(q *item) float64 { return q.sh.rad + r + e.spacing + q.sh.outerDev + sh.outerDev + 1e-6 }
	e.roundBuf = e.roundBuf[:0]
	for i := range s.items {
		if s.items[i].sh.round {
			e.roundBuf = append(e.roundBuf, i)
		}
	}
	add := func(c pt) {
		if c.X-lo.X < e.margin-eps || c.Y-lo.Y < e.margin-eps || c.X+hi.X > z.SizeX-e.margin+eps || c.Y+hi.Y > z.SizeY-e.margin+eps {
			return
		}
		out = append(out, c.Sub(sh.ctr))
	}
	for a, i := range e.roundBuf {
		p := &s.items[i]
		ci, di := p.sh.ctr.Add(p.d), reach(p)
		for _, j := range e.roundBuf[a+1:] {
			q := &s.items[j]
			cj, dj := q.sh.ctr.Add(q.d), reach(q)
			for _, c := range circlesMeet(ci, di, cj, dj) {
				add(c)
			}
		}
		// The sheet's margins and the sides of the boxes near it.
		for _, c := range circleLine(ci, di, e.margin+lo.X, true) {
			add(c)
		}
		for _, c := range circleLine(ci, di, e.margin+lo.Y, false) {
			add(c)
		}
		e.near = s.ras.near(grow(profile.Box{Min: ci, Max: ci}, di+math.Max(lo.X, lo.Y)), e.near[:0])
		for _, k := range e.near {
			q := &s.items[k]
			if k == i {
				continue
			}
			c := e.spacing + q.sh.outerDev + sh.outerDev + 1e-6
			for _, v := range circleLine(ci, di, q.box.Max.X+c+lo.X, true) {
				add(v)
			}
			for _, v := range circleLine(ci, di, q.box.Max.Y+c+lo.Y, false) {
				add(v)
			}
			for _, v := range circleLine(ci, di, q.box.Min.X-c-hi.X, true) {
				add(v)
			}
			for _, v := range circleLine(ci, di, q.box.Min.Y-c-hi.Y, false) {
				add(v)
			}
		}
	}
	slices.SortFunc(out, func(a, b pt) int {
		if c := cmp.Compare(a.X, b.X); c != 0 {
			return c
		}
		return cmp.Compare(a.Y, b.Y)
	})
	return out
}

// circlesMeet returns the points at distance ra from a and rb from b.
func circlesMeet(a pt, ra float64, b pt, rb float64) []pt {
	d := b.Sub(a)
	l := d.Len()
	if l == 0 || l > ra+rb || l < math.Abs(ra-rb) {
		return nil
	}
	x := (l*l + ra*ra - rb*rb) / (2 * l)
	h := math.Sqrt(math.Max(0, ra*ra-x*x))
	u := d.Scale(1 / l)
	m := a.Add(u.Scale(x))
	n := pt{X: -u.Y, Y: u.X}
	return []pt{m.Add(n.Scale(h)), m.Sub(n.Scale(h))}
}

// circleLine returns the points at distance r from c on the line X = v
// (alongX) or Y = v.
func circleLine(c pt, r, v float64, alongX bool) []pt {
	o, w := c.X, c.Y
	if !alongX {
		o, w = c.Y, c.X
	}
	dd := r*r - (v-o)*(v-o)
	if dd < 0 {
		return nil
	}
	h := math.Sqrt(dd)
	if alongX {
		return []pt{{X: v, Y: w - h}, {X: v, Y: w + h}}
	}
	return []pt{{X: w - h, Y: v}, {X: w + h, Y: v}}
}

// circleFit returns the first of circleCands in order that is feasible.
func (e *engine) circleFit(s *sheetState, sh *shape) (pt, bool) {
	e.circBuf = e.circleCands(s, sh, e.circBuf[:0])
	hint := -1
	var prev pt
	for n, d := range e.circBuf {
		if n > 0 && math.Abs(d.X-prev.X) < 1e-7 && math.Abs(d.Y-prev.Y) < 1e-7 {
			continue
		}
		prev = d
		e.work++
		if e.rasterHit(s, sh, d) {
			continue
		}
		e.near = s.ras.near(shift(sh.box, d), e.near[:0])
		if b := e.blocker(s, sh, d, hint, e.near); b >= 0 {
			hint = b
			continue
		}
		return d, true
	}
	return pt{}, false
}
