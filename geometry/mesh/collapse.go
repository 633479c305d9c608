package mesh

import (
	"math"
	"slices"
)

// This file holds Simplify's second stage: edge collapse on curved regions
// by quadric error (Garland and Heckbert), with the merged vertex placed so
// that the enclosed volume does not change (Lindstrom and Turk's volume
// constraint). Collapsing to an end of the edge would cut every convex
// bump and fill every hollow by a little, so a part would lose or gain
// about a per mille of its volume, and by how much would depend on the
// triangulation the first stage chose.

// quadric is a symmetric 4×4 matrix: the sum of p pᵀ over planes
// p = (n, -d), so that (x,1)ᵀ Q (x,1) is the sum of squared distances from
// x to the planes.
type quadric [10]float64

func (q *quadric) addPlane(n Vec3, d float64) {
	a, b, c, e := n.X, n.Y, n.Z, -d
	q[0] += a * a
	q[1] += a * b
	q[2] += a * c
	q[3] += a * e
	q[4] += b * b
	q[5] += b * c
	q[6] += b * e
	q[7] += c * c
	q[8] += c * e
	q[9] += e * e
}

func (q *quadric) add(o *quadric) {
	for i := range q {
		q[i] += o[i]
	}
}

func (q *quadric) eval(p Vec3) float64 {
	x, y, z := p.X, p.Y, p.Z
	return q[0]*x*x + 2*q[1]*x*y + 2*q[2]*x*z + 2*q[3]*x + q[4]*y*y + 2*q[5]*y*z + 2*q[6]*y +
		q[7]*z*z + 2*q[8]*z + q[9]
}

// mul returns A p, A being the quadric's upper-left 3×3 block.
func (q *quadric) mul(p Vec3) Vec3 {
	return Vec3{q[0]*p.X + q[1]*p.Y + q[2]*p.Z, q[1]*p.X + q[4]*p.Y + q[5]*p.Z, q[2]*p.X + q[5]*p.Y + q[7]*p.Z}
}

// designWidth is the width, in cells, from which a flat region counts as a
// face of the part rather than a facet of a curved surface that marching
// happened to make flat (the strips of a hole or a rounded edge are about
// a cell wide). A collapse along such a face (both ends on it) keeps the
// merged vertex in its plane, so faces stay where the design put them but
// where they meet curved surfaces.
const designWidth = 2

// volumeBudget is the largest share of the volume by which the collapse
// stage may change it, in collapses that no placement keeps exact.
const volumeBudget = 1e-6

// collapser holds the state of the collapse stage.
type collapser struct {
	*simplifier
	o      Vec3      // origin of the relative coordinates the quadrics use
	q      []quadric // per vertex: planes of the triangles merged into it
	hard   []bool    // per region: a face whose plane its vertices keep
	tol2   float64
	hsB    []int32 // the star of the far end b (as star gives it)
	ringB  []int32
	facesA []int32  // the faces (hard regions) around a
	crossA []Vec3   // per edge of a's ring: r_k × r_k+1 (relative)
	oldA   float64  // six times the volume a's star encloses (relative)
	rows   [4]plane // constraints on the merged vertex: n·p = d, orthonormal
	nrows  int
	placed Vec3 // the merged vertex the last fit found (relative)
	lo, hi Vec3 // the bounding box of the mesh before collapse (relative)
	// drift is six times the volume the collapses so far added; it stays
	// within budget. placedDV is the last fit's share.
	drift, budget, placedDV float64
}

// collapse is the quadric-error stage: edge collapses a–b, in sweeps over
// the vertices in index order. Each vertex carries the quadric of the
// planes of the triangles merged into it. The merged vertex p is the point
// of least quadric error (for a and b's planes together) that keeps the
// enclosed volume of the two stars, the planes of the part's faces that
// both a and b lie on, and the bounding box; a collapse is allowed when the sum of squared
// distances from p to those planes is at most tol² (so p is within tol of
// every one of them), the link condition holds (the mesh stays manifold)
// and no triangle flips or degenerates. Among a's neighbours the cheapest
// allowed b is taken; b takes the new position and a goes.
func (s *simplifier) collapse(tol float64) {
	nv := len(s.v)
	// Coordinates relative to the centre keep the quadrics well conditioned.
	var o Vec3
	n := 0
	for v := range s.v {
		if s.deg[v] > 0 {
			o = o.Add(s.v[v])
			n++
		}
	}
	if n == 0 {
		return
	}
	o = o.Scale(1 / float64(n))
	c := &collapser{simplifier: s, o: o, q: make([]quadric, nv), tol2: tol * tol}
	c.lo, c.hi = Vec3{X: math.Inf(1), Y: math.Inf(1), Z: math.Inf(1)}, Vec3{X: math.Inf(-1), Y: math.Inf(-1), Z: math.Inf(-1)}
	for v, p := range s.v {
		if s.deg[v] > 0 {
			p = p.Sub(o)
			c.lo = Vec3{X: min(c.lo.X, p.X), Y: min(c.lo.Y, p.Y), Z: min(c.lo.Z, p.Z)}
			c.hi = Vec3{X: max(c.hi.X, p.X), Y: max(c.hi.Y, p.Y), Z: max(c.hi.Z, p.Z)}
		}
	}
	area := make([]float64, len(s.planes))
	longest := make([]float64, len(s.planes))
	for t := range s.tri {
		tr := s.tri[t]
		if tr[0] < 0 {
			continue
		}
		x := s.cross(int32(t))
		l := x.Len()
		if l == 0 {
			continue
		}
		nn := x.Scale(1 / l)
		d := nn.Dot(s.v[tr[0]].Sub(o))
		for k := 0; k < 3; k++ {
			c.q[tr[k]].addPlane(nn, d)
		}
		r := s.region[t]
		area[r] += l / 2
		for k := 0; k < 3; k++ {
			e := s.v[tr[(k+1)%3]].Sub(s.v[tr[k]])
			longest[r] = max(longest[r], e.Dot(e))
		}
	}
	// A region of area A whose longest edge is L is about A/L wide.
	c.hard = make([]bool, len(s.planes))
	for r, pl := range s.planes {
		w := designWidth * 4 * tol
		c.hard[r] = pl.n != (Vec3{}) && longest[r] > 0 && area[r] > w*math.Sqrt(longest[r])
	}
	var vol6 float64
	for _, tr := range s.tri {
		if tr[0] >= 0 {
			vol6 += s.v[tr[0]].Sub(o).Dot(s.v[tr[1]].Sub(o).Cross(s.v[tr[2]].Sub(o)))
		}
	}
	c.budget = volumeBudget * math.Abs(vol6)
	// The vertices move, and s.v may be the caller's mesh.
	s.v = slices.Clone(s.v)
	pending := make([]bool, nv)
	touched := make([]int32, nv)
	for v := range pending {
		pending[v] = s.deg[v] > 0
		touched[v] = -1
	}
	var ringA, hsA []int32
	for pass := int32(0); ; pass++ {
		done := 0
		for a := int32(0); a < int32(nv); a++ {
			if s.cancelled(a) {
				return
			}
			if !pending[a] || touched[a] == pass {
				continue
			}
			pending[a] = false
			if s.deg[a] < 3 || s.deg[a] > maxValence || !s.star(a) {
				continue
			}
			ringA = append(ringA[:0], s.ring...)
			hsA = append(hsA[:0], s.hs...)
			best, bestCost := -1, c.tol2
			var bestP Vec3
			var bestDV float64
			c.prepare(a, ringA, hsA)
			for i := range ringA {
				if cost, ok := c.fit(a, i, ringA, bestCost); ok {
					best, bestCost, bestP, bestDV = i, cost, c.placed, c.placedDV
				}
			}
			if best < 0 {
				continue
			}
			b := ringA[best]
			c.starOf(b)
			s.star(a)
			s.collapseEdge(a, best)
			s.v[b] = bestP.Add(o)
			c.drift += bestDV
			c.q[b].add(&c.q[a])
			done++
			touched[b], pending[b] = pass, true
			for _, r := range ringA {
				touched[r], pending[r] = pass, true
			}
			for _, r := range c.ringB {
				touched[r], pending[r] = pass, true
			}
		}
		if done == 0 {
			return
		}
	}
}

// starOf gathers b's star into c.hsB and c.ringB, as star does; it
// reports false for a vertex whose triangles do not form a single fan.
func (c *collapser) starOf(b int32) bool {
	var ok bool
	c.hsB, c.ringB, ok = c.starInto(b, c.hsB[:0], c.ringB[:0])
	return ok
}

// prepare gathers what fit needs of a's star (ringA, hsA) whatever the far
// end: the faces around a, the products r_k × r_k+1 of its ring and six
// times the volume its star encloses against the origin.
func (c *collapser) prepare(a int32, ringA, hsA []int32) {
	s := c.simplifier
	c.facesA = c.facesA[:0]
	for _, h := range hsA {
		if r := s.region[h/3]; c.hard[r] {
			c.facesA = append(c.facesA, r)
		}
	}
	pa := s.v[a].Sub(c.o)
	n := len(ringA)
	c.crossA, c.oldA = c.crossA[:0], 0
	for k := 0; k < n; k++ {
		r0, r1 := s.v[ringA[k]].Sub(c.o), s.v[ringA[(k+1)%n]].Sub(c.o)
		x := r0.Cross(r1)
		c.crossA = append(c.crossA, x)
		c.oldA += pa.Dot(x)
	}
}

// fit plans the collapse of edge a→ringA[i] (prepare has seen a): it
// reports the quadric error of the merged vertex, leaving the vertex in
// c.placed, and whether the collapse is allowed and costs at most limit.
func (c *collapser) fit(a int32, i int, ringA []int32, limit float64) (float64, bool) {
	s := c.simplifier
	n := len(ringA)
	b := ringA[i]
	x, y := ringA[(i+1)%n], ringA[(i+n-1)%n]
	if s.deg[b] < 3 || (n == 3 && s.deg[b] == 3) || s.deg[b] > maxValence || !c.starOf(b) {
		return 0, false
	}
	// Link condition: a and b share exactly the neighbours x and y.
	s.gen++
	for _, r := range ringA {
		s.stamp[r] = s.gen
	}
	for _, w := range c.ringB {
		if s.stamp[w] == s.gen && w != x && w != y {
			return 0, false
		}
	}
	pa, pb := s.v[a].Sub(c.o), s.v[b].Sub(c.o)
	// The volume the stars enclose (six times, against the origin) is
	// linear in the merged vertex p: p·(sum of r_j × r_j+1 over the new
	// star) must equal the old stars' sum of a·(r_j × r_j+1).
	var nrm Vec3
	old := c.oldA
	m := len(c.ringB)
	j := slices.Index(c.ringB, a)
	for k, x := range c.crossA {
		if k != i && (k+1)%n != i {
			nrm = nrm.Add(x)
		}
	}
	for k := 0; k < m; k++ {
		if k == j || (k+1)%m == j {
			continue // the triangles on edge ab, counted in a's star
		}
		r0, r1 := s.v[c.ringB[k]].Sub(c.o), s.v[c.ringB[(k+1)%m]].Sub(c.o)
		x := r0.Cross(r1)
		old += pb.Dot(x)
		nrm = nrm.Add(x)
	}
	// Constraints: the planes of the faces around a and b, then the volume.
	c.nrows = 0
	for _, h := range c.hsB {
		if r := s.region[h/3]; c.hard[r] && slices.Contains(c.facesA, r) && !c.constrain(s.planes[r].n, s.planes[r].d-s.planes[r].n.Dot(c.o)) {
			return 0, false
		}
	}
	l := nrm.Len()
	exact := l > 0 && c.constrain(nrm.Scale(1/l), old/l)
	var q quadric
	q = c.q[a]
	q.add(&c.q[b])
	p := c.place(&q, pa.Add(pb).Scale(0.5))
	cost := q.eval(p)
	if !(cost <= limit) {
		return 0, false
	}
	// Where the faces leave no point that keeps the volume, the change
	// is drawn from a small budget for the whole stage.
	dv := 0.0
	if !exact {
		dv = p.Dot(nrm) - old
		if !(math.Abs(c.drift+dv) <= c.budget) {
			return 0, false
		}
	}
	// The part's extent never grows: p stays in the bounding box.
	if p.X < c.lo.X || p.Y < c.lo.Y || p.Z < c.lo.Z || p.X > c.hi.X || p.Y > c.hi.Y || p.Z > c.hi.Z {
		return 0, false
	}
	// No surviving triangle of either star may flip or degenerate.
	if !c.keepsShape(pa, p, ringA, i) || !c.keepsShape(pb, p, c.ringB, j) {
		return 0, false
	}
	c.placed, c.placedDV = p, dv
	return cost, true
}

// constrain adds the plane n·p = d (n unit) to the constraints, kept
// orthonormal; it reports false when the plane contradicts those already
// there. A plane that follows from them adds nothing.
func (c *collapser) constrain(n Vec3, d float64) bool {
	for k := 0; k < c.nrows; k++ {
		e := c.rows[k]
		f := n.Dot(e.n)
		n = n.Sub(e.n.Scale(f))
		d -= f * e.d
	}
	l := n.Len()
	if l < 1e-6 {
		return math.Abs(d) <= 1e-3*math.Sqrt(c.tol2)
	}
	if c.nrows == 3 {
		return false
	}
	c.rows[c.nrows] = plane{n.Scale(1 / l), d / l}
	c.nrows++
	return true
}

// place returns the point on the constraints of least quadric error q,
// pulled faintly towards mid where q does not decide (along a straight
// crease, say).
func (c *collapser) place(q *quadric, mid Vec3) Vec3 {
	var p0 Vec3
	for k := 0; k < c.nrows; k++ {
		p0 = p0.Add(c.rows[k].n.Scale(c.rows[k].d))
	}
	eps := 1e-6 * (q[0] + q[4] + q[7])
	// Gradient of q plus eps|p-mid|² at p0, and the free directions.
	g := q.mul(p0).Add(Vec3{q[3], q[6], q[8]}).Add(p0.Sub(mid).Scale(eps))
	switch c.nrows {
	case 3:
		return p0
	case 2:
		u := c.rows[0].n.Cross(c.rows[1].n)
		den := u.Dot(q.mul(u)) + eps*u.Dot(u)
		return p0.Sub(u.Scale(u.Dot(g) / den))
	}
	e := c.rows[0].n
	u := Vec3{1, 0, 0}
	if math.Abs(e.X) > 0.6 {
		u = Vec3{0, 1, 0}
	}
	u = u.Sub(e.Scale(u.Dot(e)))
	u = u.Scale(1 / u.Len())
	w := e.Cross(u)
	au, aw := q.mul(u), q.mul(w)
	m00, m01, m11 := u.Dot(au)+eps, u.Dot(aw), w.Dot(aw)+eps
	r0, r1 := -u.Dot(g), -w.Dot(g)
	det := m00*m11 - m01*m01
	s, t := (r0*m11-r1*m01)/det, (m00*r1-m01*r0)/det
	return p0.Add(u.Scale(s)).Add(w.Scale(t))
}

// keepsShape reports whether the triangles of a star around v (ring),
// but the two on the collapsed edge ring[i], neither flip nor degenerate
// when v moves to p (both relative to c.o).
func (c *collapser) keepsShape(v, p Vec3, ring []int32, i int) bool {
	s := c.simplifier
	n := len(ring)
	for j := 0; j < n; j++ {
		if j == i || (j+1)%n == i {
			continue // the two triangles on the edge go away
		}
		a, r := s.v[ring[j]].Sub(c.o), s.v[ring[(j+1)%n]].Sub(c.o)
		old := a.Sub(v).Cross(r.Sub(v))
		nw := a.Sub(p).Cross(r.Sub(p))
		l := max(a.Sub(p).Dot(a.Sub(p)), r.Sub(p).Dot(r.Sub(p)), r.Sub(a).Dot(r.Sub(a)))
		nl := nw.Len()
		if !(nl > 1e-9*l) || nw.Dot(old) < 0.5*nl*old.Len() || thinFace(a, r, p, s.minH) {
			return false
		}
	}
	return true
}

// collapseEdge collapses half-edge s.hs[i] (a→b) of a's star: the two
// triangles on edge ab go and a's other triangles take b for a.
func (s *simplifier) collapseEdge(a int32, i int) {
	n := len(s.hs)
	h := s.hs[i]   // a→b in triangle (a, b, x)
	g := s.twin[h] // b→a in triangle (b, a, y)
	b := s.ring[i]
	x := s.ring[(i+1)%n]
	y := s.ring[(i+n-1)%n]
	e1, e2 := s.twin[next(h)], s.twin[prev(h)] // x→b, a→x
	f1, f2 := s.twin[next(g)], s.twin[prev(g)] // y→a, b→y
	for _, hh := range s.hs {
		t := hh / 3
		if t == h/3 || t == g/3 {
			continue
		}
		s.tri[t][hh%3] = b
		s.deg[b]++
	}
	for _, t := range [2]int32{h / 3, g / 3} {
		for k := 0; k < 3; k++ {
			s.deg[s.tri[t][k]]--
		}
		s.tri[t][0] = -1
	}
	s.deg[a] = 0
	s.out[a] = -1
	s.twin[e1], s.twin[e2] = e2, e1
	s.twin[f1], s.twin[f2] = f2, f1
	s.out[b], s.out[x], s.out[y] = e2, e1, f1
}
