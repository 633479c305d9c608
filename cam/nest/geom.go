package nest

import (
	"math"

	"github.com/fabkit/fabkit/geometry/profile"
)

// This file holds the polygon geometry the nester runs on: a conservative
// flattening of exact profiles and an exact clearance test between the
// resulting polygons. profile.Path.Flatten keeps area, so its vertices may
// lie outside a convex arc; here vertices lie on the arcs, so every point of
// the true outline is within dev of the polygon and clearances can be
// padded by dev to stay exact for the true shapes.

type pt = profile.Point

// ring is a closed polygon with its bounding box, in part coordinates.
// chunks[k] bounds the edges starting at vertices k*chunk .. k*chunk+chunk-1.
type ring struct {
	pts    []pt
	box    profile.Box
	chunks []profile.Box
}

const chunk = 8

// flattenPath returns the path as a polygon with vertices on the true path
// and the largest distance between a chord and its arc.
func flattenPath(p profile.Path, tol float64) (ring, float64) {
	var pts []pt
	dev := 0.0 // the snap to the grid (below) moves a vertex by < 1e-6 mm, far inside any check's tolerance
	p.Each(func(a pt, s profile.Segment) {
		pts = append(pts, snapPt(a))
		arc, ok := profile.ArcOf(a, s)
		if !ok {
			return
		}
		th := math.Abs(arc.Sweep)
		step := th
		if tol < arc.Radius {
			step = 2 * math.Acos(1-tol/arc.Radius)
		}
		n := int(math.Ceil(th/step - 1e-9))
		if n < 2 {
			n = 2
		}
		dev = math.Max(dev, arc.Radius*(1-math.Cos(th/float64(2*n))))
		for i := 1; i < n; i++ {
			pts = append(pts, snapPt(arc.At(float64(i)/float64(n))))
		}
	})
	return newRing(pts), dev
}

// grid is the step, in mm, every input length and vertex is snapped to, so
// that inputs equal but for their last bits (12 in and 304.8 mm, a vertex
// turned by 90 degrees) nest the same: no decision can turn on a
// difference below it.
const grid = 1e-6

func snap(v float64) float64 { return math.Round(v/grid) * grid }

func snapPt(p pt) pt { return pt{X: snap(p.X), Y: snap(p.Y)} }

func snapBox(b profile.Box) profile.Box { return profile.Box{Min: snapPt(b.Min), Max: snapPt(b.Max)} }

func newRing(pts []pt) ring {
	b := profile.EmptyBox()
	for _, p := range pts {
		b = b.Extend(p)
	}
	r := ring{pts: pts, box: b}
	for i := 0; i < len(pts); i += chunk {
		cb := profile.EmptyBox()
		for j := i; j <= i+chunk && j <= len(pts); j++ {
			cb = cb.Extend(pts[j%len(pts)])
		}
		r.chunks = append(r.chunks, cb)
	}
	return r
}

// boxy reports whether the ring is its own bounding box: an axis-aligned
// rectangle, possibly with collinear extra vertices.
func (r ring) boxy() bool {
	const eps = 1e-9
	for _, p := range r.pts {
		onX := math.Abs(p.X-r.box.Min.X) < eps || math.Abs(p.X-r.box.Max.X) < eps
		onY := math.Abs(p.Y-r.box.Min.Y) < eps || math.Abs(p.Y-r.box.Max.Y) < eps
		if !onX && !onY {
			return false
		}
	}
	n := len(r.pts)
	for i, a := range r.pts {
		b := r.pts[(i+1)%n]
		if math.Abs(a.X-b.X) > eps && math.Abs(a.Y-b.Y) > eps {
			return false // a diagonal edge
		}
	}
	return polyArea(r.pts) > 0 && math.Abs(polyArea(r.pts)-boxArea(r.box)) < 1e-9*boxArea(r.box)
}

func polyArea(pts []pt) float64 {
	a := 0.0
	for i, p := range pts {
		a += p.Cross(pts[(i+1)%len(pts)])
	}
	return a / 2
}

func boxArea(b profile.Box) float64 { s := b.Size(); return s.X * s.Y }

func shift(b profile.Box, d pt) profile.Box { return profile.Box{Min: b.Min.Add(d), Max: b.Max.Add(d)} }

// boxGap is the distance between two boxes, 0 when they overlap.
func boxGap(a, b profile.Box) float64 {
	dx := math.Max(0, math.Max(a.Min.X-b.Max.X, b.Min.X-a.Max.X))
	dy := math.Max(0, math.Max(a.Min.Y-b.Max.Y, b.Min.Y-a.Max.Y))
	if dx == 0 {
		return dy
	}
	if dy == 0 {
		return dx
	}
	return math.Hypot(dx, dy)
}

// boxInside reports whether a lies inside b.
func boxInside(a, b profile.Box) bool {
	return a.Min.X >= b.Min.X && a.Min.Y >= b.Min.Y && a.Max.X <= b.Max.X && a.Max.Y <= b.Max.Y
}

// segsWithin reports whether segments ab and cd come closer than the
// square root of c2: a proper crossing, or an end point within it of the
// other segment. It stops at the first test that shows it.
func segsWithin(a, b, c, d pt, c2 float64) bool {
	return ptSeg2(a, c, d) < c2 || ptSeg2(b, c, d) < c2 || ptSeg2(c, a, b) < c2 || ptSeg2(d, a, b) < c2 || segsCross(a, b, c, d)
}

func ptSeg2(p, a, b pt) float64 {
	dx, dy := b.X-a.X, b.Y-a.Y
	l2 := dx*dx + dy*dy
	u := 0.0
	if l2 > 0 {
		u = ((p.X-a.X)*dx + (p.Y-a.Y)*dy) / l2
		u = math.Max(0, math.Min(1, u))
	}
	ex, ey := p.X-a.X-u*dx, p.Y-a.Y-u*dy
	return ex*ex + ey*ey
}

func orient(a, b, c pt) float64 { return (b.X-a.X)*(c.Y-a.Y) - (b.Y-a.Y)*(c.X-a.X) }

// segsCross reports a proper crossing of ab and cd; touching cases have a
// point-segment distance of zero and are caught there.
func segsCross(a, b, c, d pt) bool {
	d1, d2 := orient(c, d, a), orient(c, d, b)
	d3, d4 := orient(a, b, c), orient(a, b, d)
	return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))
}

// ringsClose reports whether ring a moved by da and ring b moved by db come
// closer than c anywhere on their edges (crossing edges count as distance 0).
// Edges are visited in chunks whose boxes prune most pairs.
func ringsClose(a ring, da pt, b ring, db pt, c float64) bool {
	c2 := c * c
	off := da.Sub(db) // work in b's frame
	region := grow(b.box, c)
	for ci, ca := range a.chunks {
		ba := shift(ca, off)
		if !overlaps(ba, region) {
			continue
		}
		near := grow(ba, c)
		for cj, cb := range b.chunks {
			if !overlaps(cb, near) {
				continue
			}
			if edgesClose(a.pts, ci*chunk, off, b.pts, cj*chunk, cb, c, c2) {
				return true
			}
		}
	}
	return false
}

// edgesClose tests the edges of one chunk of a against one chunk of b,
// whose box is cb: an edge of a whose box grown by c misses cb misses
// each of its edges.
func edgesClose(ap []pt, i0 int, off pt, bp []pt, j0 int, cb profile.Box, c, c2 float64) bool {
	na, nb := len(ap), len(bp)
	i1, j1 := min(i0+chunk, na), min(j0+chunk, nb)
	for i := i0; i < i1; i++ {
		p, q := ap[i].Add(off), ap[(i+1)%na].Add(off)
		lo, hi := minmax(p, q)
		lo.X, lo.Y, hi.X, hi.Y = lo.X-c, lo.Y-c, hi.X+c, hi.Y+c
		if cb.Max.X < lo.X || cb.Min.X > hi.X || cb.Max.Y < lo.Y || cb.Min.Y > hi.Y {
			continue
		}
		for j := j0; j < j1; j++ {
			r, s := bp[j], bp[(j+1)%nb]
			if (r.X < lo.X && s.X < lo.X) || (r.X > hi.X && s.X > hi.X) ||
				(r.Y < lo.Y && s.Y < lo.Y) || (r.Y > hi.Y && s.Y > hi.Y) {
				continue
			}
			if segsWithin(p, q, r, s, c2) {
				return true
			}
		}
	}
	return false
}

func minmax(p, q pt) (lo, hi pt) {
	lo, hi = p, q
	if q.X < p.X {
		lo.X, hi.X = q.X, p.X
	}
	if q.Y < p.Y {
		lo.Y, hi.Y = q.Y, p.Y
	}
	return lo, hi
}

func grow(b profile.Box, c float64) profile.Box {
	return profile.Box{Min: pt{X: b.Min.X - c, Y: b.Min.Y - c}, Max: pt{X: b.Max.X + c, Y: b.Max.Y + c}}
}

func overlaps(a, b profile.Box) bool {
	return a.Min.X <= b.Max.X && b.Min.X <= a.Max.X && a.Min.Y <= b.Max.Y && b.Min.Y <= a.Max.Y
}

// inRing reports whether p lies inside ring r moved by d (even-odd rule).
// Chunks whose box lies wholly above, below or left of p cannot cross the
// ray from p toward +X and are skipped.
func inRing(p pt, r ring, d pt) bool {
	p = p.Sub(d)
	if p.X < r.box.Min.X || p.X > r.box.Max.X || p.Y < r.box.Min.Y || p.Y > r.box.Max.Y {
		return false
	}
	in := false
	n := len(r.pts)
	for ci, cb := range r.chunks {
		if p.Y < cb.Min.Y || p.Y >= cb.Max.Y || cb.Max.X < p.X {
			continue
		}
		for i := ci * chunk; i < min(ci*chunk+chunk, n); i++ {
			a, b := r.pts[i], r.pts[(i+1)%n]
			if (a.Y > p.Y) != (b.Y > p.Y) {
				x := a.X + (p.Y-a.Y)*(b.X-a.X)/(b.Y-a.Y)
				if x > p.X {
					in = !in
				}
			}
		}
	}
	return in
}

// coreBox returns an axis-aligned rectangle inside ring r (its holes
// ignored), found by pulling the sides of the bounding box in past every
// vertex that lies inside, nearest side first, and checked. Clearance tests
// use it to reject a position early: two parts whose cores come closer than
// the spacing collide unless one can sit in a hole of the other.
func coreBox(r ring) (profile.Box, bool) {
	c := r.box
	for range 4 * len(r.pts) {
		var v *pt
		for i := range r.pts {
			p := &r.pts[i]
			if p.X > c.Min.X+eps && p.X < c.Max.X-eps && p.Y > c.Min.Y+eps && p.Y < c.Max.Y-eps {
				v = p
				break
			}
		}
		if v == nil {
			break
		}
		// Pull in the side nearest to v, relative to the box's extent.
		sz := c.Size()
		dl, dr := (v.X-c.Min.X)/sz.X, (c.Max.X-v.X)/sz.X
		db, dt := (v.Y-c.Min.Y)/sz.Y, (c.Max.Y-v.Y)/sz.Y
		switch m := min(dl, dr, db, dt); m {
		case dl:
			c.Min.X = v.X
		case dr:
			c.Max.X = v.X
		case db:
			c.Min.Y = v.Y
		default:
			c.Max.Y = v.Y
		}
	}
	sz := c.Size()
	if sz.X <= 0 || sz.Y <= 0 || sz.X*sz.Y < 0.25*boxArea(r.box) {
		return profile.Box{}, false
	}
	// No vertex is inside c; c is inside r when its centre is and no edge
	// crosses its interior.
	in := grow(c, -1e-7)
	if !inRing(pt{X: (in.Min.X + in.Max.X) / 2, Y: (in.Min.Y + in.Max.Y) / 2}, r, pt{}) {
		return profile.Box{}, false
	}
	corners := [4]pt{in.Min, {X: in.Max.X, Y: in.Min.Y}, in.Max, {X: in.Min.X, Y: in.Max.Y}}
	n := len(r.pts)
	for i := range n {
		a, b := r.pts[i], r.pts[(i+1)%n]
		for k := range 4 {
			if segsCross(a, b, corners[k], corners[(k+1)%4]) {
				return profile.Box{}, false
			}
		}
		if boxInside(profile.Box{Min: a, Max: a}, in) {
			return profile.Box{}, false
		}
	}
	return c, true
}
