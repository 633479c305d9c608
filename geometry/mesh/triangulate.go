package mesh

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/fabkit/fabkit/geometry/profile"
)

// This file holds the planar triangulator used for prism caps, tube ends and
// drilled faces: ear clipping after bridging the holes into the outer ring
// (Eberly's construction), then Lawson edge flips until every unconstrained
// edge is locally Delaunay, which gives the constrained Delaunay triangulation
// of the rings. Only ring vertices are used (no Steiner points), so the caps
// share every vertex and edge with the walls and there are no T-junctions.

// orient returns twice the signed area of triangle (a, b, c): positive when
// counter-clockwise.
func orient(a, b, c profile.Point) float64 {
	return (b.X-a.X)*(c.Y-a.Y) - (b.Y-a.Y)*(c.X-a.X)
}

type node struct {
	i          int // index into the point slice
	p          profile.Point
	prev, next *node
	dead       bool // clipped off (earIndex keeps it in its cell)
}

// triangulate triangulates the region bounded by rings (index lists into
// pts). rings[0] must be counter-clockwise and the others (holes) clockwise,
// all simple and pairwise disjoint. It returns counter-clockwise triangles.
func triangulate(pts []profile.Point, rings [][]int) ([][3]int, error) {
	outer, err := bridged(pts, rings)
	if err != nil {
		return nil, err
	}
	tris, err := clipEars(outer, newEarIndex(outer))
	if err != nil {
		return nil, err
	}
	flipToDelaunay(pts, tris, newEdgeSet(len(pts), rings))
	return tris, nil
}

// bridged links the rings into one list, each hole joined to the outer
// ring by a two-way bridge, and returns a node of it.
func bridged(pts []profile.Point, rings [][]int) (*node, error) {
	if len(rings) == 0 || len(rings[0]) < 3 {
		return nil, errors.New("outer ring has fewer than 3 vertices")
	}
	outer := linkRing(pts, rings[0])
	type hole struct{ left *node }
	holes := make([]hole, 0, len(rings)-1)
	for _, r := range rings[1:] {
		h := linkRing(pts, r)
		l := h
		for p := h.next; p != h; p = p.next {
			if p.p.X < l.p.X || (p.p.X == l.p.X && p.p.Y < l.p.Y) {
				l = p
			}
		}
		holes = append(holes, hole{l})
	}
	slices.SortStableFunc(holes, func(a, b hole) int {
		if c := cmp.Compare(a.left.p.X, b.left.p.X); c != 0 {
			return c
		}
		return cmp.Compare(a.left.p.Y, b.left.p.Y)
	})
	for k, h := range holes {
		m := findBridge(h.left, outer)
		if m == nil {
			return nil, fmt.Errorf("hole %d: no bridge to the outer ring (hole outside or touching it?)", k+1)
		}
		split(m, h.left)
	}
	return outer, nil
}

func linkRing(pts []profile.Point, r []int) *node {
	var first, last *node
	for _, i := range r {
		n := &node{i: i, p: pts[i]}
		if first == nil {
			first = n
		} else {
			last.next, n.prev = n, last
		}
		last = n
	}
	last.next, first.prev = first, last
	return first
}

// findBridge returns a node of the outer list visible from hole vertex h,
// the leftmost vertex of its hole: cast a ray from h towards -X, take the
// nearest edge it hits, then the vertex of smallest angle to the ray inside
// the triangle h, hit point, edge end.
func findBridge(h, outer *node) *node {
	hx, hy := h.p.X, h.p.Y
	qx := math.Inf(-1)
	var m *node
	p := outer
	for {
		a, b := p, p.next
		if (a.p.Y <= hy && hy <= b.p.Y || b.p.Y <= hy && hy <= a.p.Y) && a.p.Y != b.p.Y {
			x := a.p.X + (hy-a.p.Y)*(b.p.X-a.p.X)/(b.p.Y-a.p.Y)
			if x <= hx && x > qx {
				qx = x
				switch {
				case x == a.p.X && hy == a.p.Y:
					m = a
				case x == b.p.X && hy == b.p.Y:
					m = b
				case a.p.X < b.p.X:
					m = a
				default:
					m = b
				}
			}
		}
		p = p.next
		if p == outer {
			break
		}
	}
	if m == nil {
		return nil
	}
	if qx == hx {
		return nil // the hole touches the outer boundary
	}
	// Vertices inside triangle (h, q, m) may block the view of m; the one
	// making the smallest angle with the ray is visible.
	q := profile.Point{X: qx, Y: hy}
	t0, t1, t2 := h.p, q, m.p
	if orient(t0, t1, t2) < 0 {
		t1, t2 = t2, t1
	}
	best := m
	bestTan := math.Inf(1)
	bestD := math.Inf(1)
	if m.p.X != hx {
		bestTan = math.Abs(hy-m.p.Y) / (hx - m.p.X)
		bestD = dist2(h.p, m.p)
	}
	p = outer
	for {
		if p != m && p.p != m.p && p.p.X < hx && inTriangle(t0, t1, t2, p.p) {
			tan := math.Abs(hy-p.p.Y) / (hx - p.p.X)
			d := dist2(h.p, p.p)
			if (tan < bestTan || tan == bestTan && d < bestD) && locallyInside(p, h.p) {
				best, bestTan, bestD = p, tan, d
			}
		}
		p = p.next
		if p == outer {
			break
		}
	}
	// Among coincident copies of best (earlier bridges), take the one whose
	// interior wedge contains h.
	p = outer
	for {
		if p.p == best.p && locallyInside(p, h.p) {
			return p
		}
		p = p.next
		if p == outer {
			break
		}
	}
	return best
}

func dist2(a, b profile.Point) float64 { return (a.X-b.X)*(a.X-b.X) + (a.Y-b.Y)*(a.Y-b.Y) }

// inTriangle reports whether p is inside or on counter-clockwise triangle abc.
func inTriangle(a, b, c, p profile.Point) bool {
	return orient(a, b, p) >= 0 && orient(b, c, p) >= 0 && orient(c, a, p) >= 0
}

// locallyInside reports whether the direction from n towards q lies inside
// the polygon's interior wedge at n (interior on the left of a CCW list).
func locallyInside(n *node, q profile.Point) bool {
	if orient(n.prev.p, n.p, n.next.p) >= 0 { // convex
		return orient(n.p, n.next.p, q) > 0 && orient(n.p, q, n.prev.p) > 0
	}
	return orient(n.p, n.prev.p, q) < 0 || orient(n.p, q, n.next.p) < 0
}

// split links outer node a to hole node b with a two-way bridge, duplicating
// both nodes.
func split(a, b *node) {
	a2 := &node{i: a.i, p: a.p}
	b2 := &node{i: b.i, p: b.p}
	an, bp := a.next, b.prev
	a.next, b.prev = b, a
	a2.next, an.prev = an, a2
	b2.next, a2.prev = a2, b2
	bp.next, b2.prev = b2, bp
}

// wedge reports whether q is strictly inside the angle at v spanned
// counter-clockwise from u to w.
func wedge(v, u, w, q profile.Point) bool {
	return orient(v, u, q) > 0 && orient(v, q, w) > 0
}

// isEar reports whether e's node is an ear tip: its triangle is
// counter-clockwise and no other node lies in it (a node at one of its
// corners blocks it when the polygon there enters the corner's angle). g,
// when not nil, is the polygon's earIndex.
func isEar(e *node, g *earIndex) bool {
	a, b, c := e.prev.p, e.p, e.next.p
	o := orient(a, b, c)
	if o <= 0 {
		return false
	}
	passes := func(p *node) bool {
		switch p.p {
		case a:
			return !wedge(a, b, c, p.prev.p) && !wedge(a, b, c, p.next.p)
		case b:
			return !wedge(b, c, a, p.prev.p) && !wedge(b, c, a, p.next.p)
		case c:
			return !wedge(c, a, b, p.prev.p) && !wedge(c, a, b, p.next.p)
		}
		return !inTriangle(a, b, c, p.p)
	}
	if g != nil {
		ok := true
		if g.near(a, b, c, o, func(p *node) bool {
			if p != e.prev && p != e && p != e.next {
				ok = passes(p)
			}
			return ok
		}) {
			return ok
		}
	}
	for p := e.next.next; p != e.prev; p = p.next {
		if !passes(p) {
			return false
		}
	}
	return true
}

// clipEars clips ears off the list at start until a triangle is left; g,
// when not nil, is the list's earIndex (the triangles are the same without
// it).
func clipEars(start *node, g *earIndex) ([][3]int, error) {
	var tris [][3]int
	ear := start
	stop := ear
	for ear.prev != ear.next {
		if isEar(ear, g) {
			tris = append(tris, [3]int{ear.prev.i, ear.i, ear.next.i})
			ear.prev.next, ear.next.prev = ear.next, ear.prev
			ear.dead = true
			ear = ear.next
			stop = ear
			continue
		}
		ear = ear.next
		if ear == stop {
			// Zero-area spikes left by bridges: drop a node whose
			// neighbours coincide (it adds no area and no edge).
			removed := false
			for p := ear; ; {
				if p.prev.p == p.next.p && p.prev != p.next {
					p.prev.next, p.next.prev = p.next.next, p.prev
					p.next.next.prev = p.prev
					p.dead, p.next.dead = true, true
					ear, stop, removed = p.prev, p.prev, true
					break
				}
				p = p.next
				if p == ear {
					break
				}
			}
			if !removed {
				n := 0
				for p := ear.next; p != ear; p = p.next {
					n++
				}
				return nil, fmt.Errorf("ear clipping stuck with %d vertices left (self-intersecting or touching rings?)", n+1)
			}
		}
	}
	return tris, nil
}

// flipToDelaunay flips unconstrained edges that are not locally Delaunay until
// none is left (the constrained Delaunay triangulation). tris is updated in
// place. constrained is indexed by the smaller vertex of an edge (see
// newEdgeSet).
func flipToDelaunay(pts []profile.Point, tris [][3]int, constrained edgeSet) {
	type half struct{ a, b int }
	owner := newHalfMap(3 * len(tris))
	for t, tr := range tris {
		for k := 0; k < 3; k++ {
			owner.set(tr[k], tr[(k+1)%3], t)
		}
	}
	var stack []half
	for t := range tris {
		for k := 0; k < 3; k++ {
			a, b := tris[t][k], tris[t][(k+1)%3]
			if a < b && !constrained.has(a, b) {
				stack = append(stack, half{a, b})
			}
		}
	}
	third := func(tr [3]int, a, b int) int {
		for _, v := range tr {
			if v != a && v != b {
				return v
			}
		}
		return -1
	}
	limit := 50*len(tris) + 100
	for len(stack) > 0 && limit > 0 {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		t1, ok1 := owner.get(e.a, e.b)
		t2, ok2 := owner.get(e.b, e.a)
		if !ok1 || !ok2 || constrained.has(e.a, e.b) {
			continue
		}
		a, b := e.a, e.b
		c := third(tris[t1], a, b)
		d := third(tris[t2], a, b)
		if !inCircle(pts[a], pts[b], pts[c], pts[d]) {
			continue
		}
		// The quad a, d, b, c must be strictly convex for the flip.
		if orient(pts[a], pts[d], pts[c]) <= 0 || orient(pts[d], pts[b], pts[c]) <= 0 {
			continue
		}
		limit--
		// The diagonal a-b becomes d-c; of the quad's sides, b→c moves to
		// t2 and a→d to t1, while c→a and d→b stay where they are.
		tris[t1] = [3]int{a, d, c}
		tris[t2] = [3]int{d, b, c}
		owner.del(a, b)
		owner.del(b, a)
		owner.set(d, c, t1)
		owner.set(c, d, t2)
		owner.set(b, c, t2)
		owner.set(a, d, t1)
		stack = append(stack, half{a, d}, half{d, b}, half{b, c}, half{c, a})
	}
}

// edgeSet is a set of undirected edges between points 0..n-1, stored by
// their smaller end (a counting sort): has costs the valence, not a hash.
type edgeSet struct {
	start []int32 // edges of vertex v: other[start[v]:start[v+1]]
	other []int32
}

// newEdgeSet holds the edges of the rings (each ring closed).
func newEdgeSet(n int, rings [][]int) edgeSet {
	s := edgeSet{start: make([]int32, n+2)}
	each := func(f func(lo, hi int)) {
		for _, r := range rings {
			for k := range r {
				a, b := r[k], r[(k+1)%len(r)]
				f(min(a, b), max(a, b))
			}
		}
	}
	each(func(lo, _ int) { s.start[lo+2]++ })
	for v := 2; v < n+2; v++ {
		s.start[v] += s.start[v-1]
	}
	s.other = make([]int32, s.start[n+1])
	each(func(lo, hi int) {
		s.other[s.start[lo+1]] = int32(hi)
		s.start[lo+1]++
	})
	s.start = s.start[:n+1]
	return s
}

func (s edgeSet) has(a, b int) bool {
	lo, hi := min(a, b), max(a, b)
	if lo < 0 || lo+1 >= len(s.start) {
		return false
	}
	for _, o := range s.other[s.start[lo]:s.start[lo+1]] {
		if int(o) == hi {
			return true
		}
	}
	return false
}

// halfMap maps directed edges a→b between points to a triangle: an
// open-addressing hash table with linear probing and backward-shift
// deletion. Ear clipping leaves fans whose hub has hundreds of edges, so a
// per-vertex list would cost the valence at every look-up.
type halfMap struct {
	keys []uint64 // a<<32 | b, or emptyHalf
	tris []int32
	mask uint64
}

const emptyHalf = ^uint64(0)

func newHalfMap(size int) *halfMap {
	n := 16
	for n < 2*size {
		n *= 2
	}
	m := &halfMap{keys: make([]uint64, n), tris: make([]int32, n), mask: uint64(n - 1)}
	for i := range m.keys {
		m.keys[i] = emptyHalf
	}
	return m
}

func halfKey(a, b int) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

// slot is where key k's probe starts (Fibonacci hashing).
func (m *halfMap) slot(k uint64) uint64 { return (k * 0x9E3779B97F4A7C15 >> 32) & m.mask }

func (m *halfMap) get(a, b int) (int, bool) {
	k := halfKey(a, b)
	for i := m.slot(k); ; i = (i + 1) & m.mask {
		switch m.keys[i] {
		case k:
			return int(m.tris[i]), true
		case emptyHalf:
			return 0, false
		}
	}
}

func (m *halfMap) set(a, b, t int) {
	k := halfKey(a, b)
	i := m.slot(k)
	for m.keys[i] != k && m.keys[i] != emptyHalf {
		i = (i + 1) & m.mask
	}
	m.keys[i], m.tris[i] = k, int32(t)
}

func (m *halfMap) del(a, b int) {
	k := halfKey(a, b)
	i := m.slot(k)
	for m.keys[i] != k {
		if m.keys[i] == emptyHalf {
			return
		}
		i = (i + 1) & m.mask
	}
	// Shift back the entries after i whose probe passes through i, so no
	// look-up stops early at the hole.
	for j := (i + 1) & m.mask; m.keys[j] != emptyHalf; j = (j + 1) & m.mask {
		if h := m.slot(m.keys[j]); (j-h)&m.mask >= (j-i)&m.mask {
			m.keys[i], m.tris[i] = m.keys[j], m.tris[j]
			i = j
		}
	}
	m.keys[i] = emptyHalf
}

// inCircle reports whether d lies clearly inside the circumcircle of the
// counter-clockwise triangle abc. Near-cocircular points (the vertices of a
// drilled hole) count as outside, so flipping terminates.
func inCircle(a, b, c, d profile.Point) bool {
	adx, ady := a.X-d.X, a.Y-d.Y
	bdx, bdy := b.X-d.X, b.Y-d.Y
	cdx, cdy := c.X-d.X, c.Y-d.Y
	ad := adx*adx + ady*ady
	bd := bdx*bdx + bdy*bdy
	cd := cdx*cdx + cdy*cdy
	det := adx*(bdy*cd-bd*cdy) - ady*(bdx*cd-bd*cdx) + ad*(bdx*cdy-bdy*cdx)
	scale := max(ad, bd, cd)
	return det > 1e-10*scale*scale
}
