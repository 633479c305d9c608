package assembly

import (
	"fmt"
	"math"
	"sort"

	v3 "github.com/deadsy/sdfx/vec/v3"
	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/geometry/section"
	"github.com/fabkit/fabkit/model"
)

// hole is a round hole of a plate or bar instance: an axis in the
// assembly frame and the spans of material it passes, as positions along
// the axis (s = dot(point, axis)).
type hole struct {
	b      *body
	index  int // in Plate.Shape.Holes or Bar.Holes
	origin vec // a point of the axis
	axis   vec // unit
	dia    float64
	spans  [][2]float64
}

func (h *hole) name() string {
	return fmt.Sprintf("%s hole %d (%s mm)", h.b.name(), h.index+1, mm(h.dia))
}

// point returns the axis point at position s.
func (h *hole) point(s float64) vec {
	return add(h.origin, scale(h.axis, s-dot(h.origin, h.axis)))
}

func (h *hole) lo() float64 { return h.spans[0][0] }
func (h *hole) hi() float64 { return h.spans[len(h.spans)-1][1] }

// mid is the hole's centre in the assembly frame.
func (h *hole) mid() vec { return h.point((h.lo() + h.hi()) / 2) }

// shaped is a plate hole that is not round (a slot, window or cut-out),
// or a notch: a rectangular slot open to the plate's edge, whose path is
// the rectangle it leaves in the plate, closed across its mouth.
type shaped struct {
	b     *body
	index int // in Plate.Shape.Holes, or the notch's number along the outline
	path  profile.Path
	notch bool
}

// notches finds the rectangular notches of an outline that runs
// counter-clockwise: three straight sides in a row, the outer two parallel
// and opposed and square to the middle one (the notch's bottom), with
// convex corners at its mouth and concave ones at its bottom. Each is returned as the rectangle from
// its bottom to the shallower of its two sides, in the order bottom-left,
// bottom-right, mouth-right, mouth-left, so that rect reads it with u
// across the notch and v towards its mouth.
func notches(outer profile.Path) []profile.Path {
	pts := outer.Points()
	n := len(pts)
	if n < 5 {
		return nil
	}
	seg := func(i int) (profile.Point, profile.Point, bool) {
		i = ((i % n) + n) % n
		a, b := pts[i], pts[(i+1)%n]
		return a, b, outer.Segs[i].Bulge == 0
	}
	dir := func(i int) profile.Point {
		a, b, _ := seg(i)
		d := b.Sub(a)
		if l := d.Len(); l > 0 {
			return d.Scale(1 / l)
		}
		return d
	}
	turn := func(i int) float64 { return dir(i).Cross(dir(i + 1)) } // > 0: a convex corner of the plate, < 0: concave
	var out []profile.Path
	for i := 0; i < n; i++ {
		a, b, s1 := seg(i)
		_, c, s2 := seg(i + 1)
		_, d, s3 := seg(i + 2)
		if !s1 || !s2 || !s3 {
			continue
		}
		u, w1, w3 := dir(i+1), dir(i), dir(i+2)
		square := math.Abs(w1.X*u.X+w1.Y*u.Y) < 1e-6 && math.Abs(w3.X*u.X+w3.Y*u.Y) < 1e-6 && w1.X*w3.X+w1.Y*w3.Y < -1+1e-6
		if !square || turn(i-1) < 1e-6 || turn(i) > -1e-6 || turn(i+1) > -1e-6 || turn(i+2) < 1e-6 {
			continue
		}
		depth := math.Min(a.Sub(b).Len(), d.Sub(c).Len())
		v := w1.Scale(-1)
		out = append(out, profile.Polygon(b, c, c.Add(v.Scale(depth)), b.Add(v.Scale(depth))))
	}
	return out
}

// collectHoles finds the round holes of every plate and bar instance and the
// shaped holes of every plate instance.
func collectHoles(bs []*body) ([]*hole, []shaped) {
	var holes []*hole
	var shapes []shaped
	for _, b := range bs {
		switch b.kind {
		case plateBody:
			t := b.part.Plate.Thickness
			axis := rotate(b.tr, vec{0, 0, 1})
			for i, p := range notches(b.part.Plate.Shape.Outer) {
				shapes = append(shapes, shaped{b: b, index: i, path: p, notch: true})
			}
			for i, p := range b.part.Plate.Shape.Holes {
				c, r, ok := p.Circle()
				if !ok {
					shapes = append(shapes, shaped{b: b, index: i, path: p})
					continue
				}
				o := b.tr.Apply(vec{c.X, c.Y, 0})
				s0 := dot(o, axis)
				holes = append(holes, &hole{b: b, index: i, origin: o, axis: axis, dia: 2 * r, spans: [][2]float64{{s0, s0 + t}}})
			}
		case barBody:
			for i, bh := range b.part.Bar.Holes {
				if h := barHole(b, i, bh); h != nil {
					holes = append(holes, h)
				}
			}
		}
	}
	return holes, shapes
}

// barHole is a bar's drilled hole: along the section's v (z) axis for top
// and bottom faces, u (y) for left and right; through every wall the axis
// line crosses, or only the wall of its face.
func barHole(b *body, i int, bh model.Hole) *hole {
	var dir profile.Point
	first := false // the face's wall is the first along dir
	switch bh.Face {
	case section.Top:
		dir = profile.Point{Y: -1}
		first = true
	case section.Bottom:
		dir, first = profile.Point{Y: 1}, true
	case section.Left:
		dir, first = profile.Point{X: -1}, true
	case section.Right:
		dir, first = profile.Point{X: 1}, true
	default:
		return nil
	}
	// Walk the axis line across the section's bounds at 0.05 mm steps.
	bb := b.region.Bounds()
	ext := math.Max(bb.Max.X-bb.Min.X, bb.Max.Y-bb.Min.Y)
	const step = 0.05
	var walls [][2]float64
	in := false
	for k := 0; ; k++ {
		t := -ext + float64(k)*step
		if t > ext {
			break
		}
		q := dir.Scale(t)
		inside := b.field.Below(q, 0)
		switch {
		case inside && !in:
			walls = append(walls, [2]float64{t, t})
		case inside:
			walls[len(walls)-1][1] = t
		}
		in = inside
	}
	if len(walls) == 0 {
		return nil
	}
	if !bh.Through && first {
		walls = walls[:1]
	}
	origin := b.world(0, 0, bh.At)
	axis := rotate(b.tr, b.local(dir.X, dir.Y, 0))
	s0 := dot(origin, axis)
	h := &hole{b: b, index: i, origin: origin, axis: axis, dia: bh.Diameter}
	for _, w := range walls {
		h.spans = append(h.spans, [2]float64{s0 + w[0] - step/2, s0 + w[1] + step/2})
	}
	return h
}

// coaxial reports whether two axes are parallel within 0.5° and no
// further apart than tol.
func coaxial(o1, a1, o2, a2 vec, tol float64) bool {
	if math.Abs(dot(a1, a2)) < math.Cos(0.5*math.Pi/180) {
		return false
	}
	d := sub(o2, o1)
	off := sub(d, scale(a1, dot(d, a1)))
	return norm(off) <= tol
}

// touch reports whether two sets of spans along the same axis meet
// (overlap or lie within gap of each other).
func touch(a, b [][2]float64, gap float64) bool {
	for _, x := range a {
		for _, y := range b {
			if x[0] <= y[1]+gap && y[0] <= x[1]+gap {
				return true
			}
		}
	}
	return false
}

// spansOn returns h's spans measured along axis ax (flipped if opposed).
func spansOn(h *hole, ax vec) [][2]float64 {
	if dot(h.axis, ax) > 0 {
		return h.spans
	}
	out := make([][2]float64, len(h.spans))
	for i, s := range h.spans {
		out[i] = [2]float64{-s[1], -s[0]}
	}
	return out
}

// rodThrough reports whether round bar r runs coaxially through hole h.
func rodThrough(h *hole, r *body, tol float64) bool {
	o := r.world(0, 0, 0)
	ax := rotate(r.tr, vec{1, 0, 0})
	if r.round > h.dia+tol || !coaxial(h.origin, h.axis, o, ax, tol+(h.dia-r.round)/2) {
		return false
	}
	var sp [][2]float64
	for _, s := range r.spans {
		a, b := dot(r.world(0, 0, s[0]), h.axis), dot(r.world(0, 0, s[1]), h.axis)
		sp = append(sp, [2]float64{math.Min(a, b), math.Max(a, b)})
	}
	return touch(h.spans, sp, -0.5*tol) // the rod must be in the hole, not only at its rim
}

// solidHole measures how far a solid continues hole h past its end at
// position s going in direction sign (±1): the length along the axis over
// which the axis is empty and a ring just outside the hole's radius is
// solid material. Zero means the solid has no hole there.
func solidHole(h *hole, s *body, at, sign float64) float64 {
	u := cross(h.axis, vec{1, 0, 0})
	if norm(u) < 0.5 {
		u = cross(h.axis, vec{0, 1, 0})
	}
	u = scale(u, 1/norm(u))
	w := cross(h.axis, u)
	eval := func(p vec) float64 {
		q := inverse(s.tr, p)
		return s.sdf.Evaluate(v3.Vec{X: q[0], Y: q[1], Z: q[2]})
	}
	const step = 0.5
	length := 0.0
	for k := 0; k < 400; k++ {
		c := h.point(at + sign*(float64(k)+0.5)*step)
		if eval(c) < 0.05 {
			break // material on the axis: the hole ends (or never began)
		}
		ring := 0
		for j := range 8 {
			sn, cs := math.Sincos(float64(j) * math.Pi / 4)
			p := add(c, add(scale(u, cs*(h.dia/2+1)), scale(w, sn*(h.dia/2+1))))
			if eval(p) < 0 {
				ring++
			}
		}
		if ring < 6 {
			break
		}
		length = float64(k+1) * step
	}
	return length
}

// stack is a set of coaxial holes of touching parts, and what passes
// through them.
type stack struct {
	holes  []*hole
	rods   []*body
	solids []*body
	grip   float64 // mm of material along the axis, end to end
	lo, hi float64 // along holes[0].axis
}

// stacks groups the holes into stacks: union of coaxial holes of touching
// parts, with the rods that pass through them and the solids that continue
// them.
func stacks(holes []*hole, bs []*body, tol, gap float64) []*stack {
	parent := make([]int, len(holes))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if parent[i] != i {
			parent[i] = find(parent[i])
		}
		return parent[i]
	}
	// Sort by a coarse key so only near holes are compared.
	idx := make([]int, len(holes))
	for i := range idx {
		idx[i] = i
	}
	key := func(h *hole) float64 { m := h.mid(); return m[0] + m[1] + m[2] }
	sort.Slice(idx, func(i, j int) bool { return key(holes[idx[i]]) < key(holes[idx[j]]) })
	for x, i := range idx {
		hi := holes[i]
		reach := 0.0
		for _, s := range hi.spans {
			reach = math.Max(reach, s[1]-s[0])
		}
		for _, j := range idx[x+1:] {
			hj := holes[j]
			if key(hj)-key(hi) > 2*(reach+hj.hi()-hj.lo())+3*gap+3*tol+500 {
				break
			}
			if hi.b == hj.b || !coaxial(hi.origin, hi.axis, hj.origin, hj.axis, tol) {
				continue
			}
			if touch(hi.spans, spansOn(hj, hi.axis), gap) {
				parent[find(i)] = find(j)
			}
		}
	}
	groups := map[int]*stack{}
	var order []int
	for i, h := range holes {
		r := find(i)
		if groups[r] == nil {
			groups[r] = &stack{}
			order = append(order, r)
		}
		groups[r].holes = append(groups[r].holes, h)
	}
	var out []*stack
	for _, r := range order {
		st := groups[r]
		ax := st.holes[0].axis
		st.lo, st.hi = math.Inf(1), math.Inf(-1)
		for _, h := range st.holes {
			for _, s := range spansOn(h, ax) {
				st.lo, st.hi = math.Min(st.lo, s[0]), math.Max(st.hi, s[1])
			}
		}
		probe := emptyBox()
		for _, h := range st.holes {
			probe = probe.union(box{h.point(h.lo()), h.point(h.lo())}.extend(h.point(h.hi())))
		}
		probe = probe.grow(st.holes[0].dia/2 + 2)
		seen := map[*body]bool{}
		for _, h := range st.holes {
			seen[h.b] = true
		}
		for _, b := range bs {
			if seen[b] || !b.box.overlaps(probe, 0) {
				continue
			}
			switch {
			case b.round > 0:
				for _, h := range st.holes {
					if rodThrough(h, b, tol) {
						st.rods = append(st.rods, b)
						seen[b] = true
						break
					}
				}
			case b.kind == solidBody:
				h0 := st.holes[0]
				// Ends of the stack along h0's axis, stepping outwards.
				hiLen := solidHole(h0, b, st.hi, 1)
				loLen := solidHole(h0, b, st.lo, -1)
				if hiLen > 0 || loLen > 0 {
					st.solids = append(st.solids, b)
					st.hi += hiLen
					st.lo -= loLen
					seen[b] = true
				}
			}
		}
		st.grip = st.hi - st.lo
		out = append(out, st)
	}
	return out
}

func mm(x float64) string { return fmt.Sprintf("%.4g", x) }
