package mesh

import (
	"context"
	"math"

	"github.com/fabkit/fabkit/geometry/profile"
)

// This file holds Simplify: decimation of the dense meshes that marching
// cubes and tetrahedra give of free-form parts. Such meshes are mostly flat
// faces cut into cell-sized triangles; the first stage removes every vertex
// that lies inside a flat face or on a straight crease between two flat
// faces and re-triangulates the hole it leaves, which changes nothing but
// the triangle count. A second, optional stage collapses edges on curved
// regions by quadric error (Garland and Heckbert), within a distance bound,
// placing each merged vertex so that the enclosed volume stays
// (collapse.go).

// SimplifyOptions control Simplify. The zero value only removes vertices
// that lie on flat faces and straight creases.
type SimplifyOptions struct {
	// Flatness is the distance in mm within which vertices count as lying
	// on one plane, and a crease vertex as lying on the straight line
	// through its crease neighbours. Zero means 1e-9 of the bounding-box
	// diagonal, which accepts only planes that are flat up to rounding.
	Flatness float64
	// Tolerance is the largest distance in mm by which edge collapses on
	// curved regions may move the surface (each collapse keeps the new
	// vertex within Tolerance of the planes of every triangle it replaced).
	// Zero disables edge collapse.
	Tolerance float64
}

// Simplify returns a mesh with fewer triangles that describes the same solid
// as m, which must be a closed, consistently oriented 2-manifold (as Check
// accepts); m is not modified. The result is again closed, oriented and
// manifold, and passes Check whenever m does.
//
// Simplify works in two stages. First, every flat region (triangles in one
// plane within opt.Flatness) with simple boundary loops is re-triangulated
// once from its loops (mergeFlat), which drops all its inner vertices; then
// every vertex left whose incident triangles lie in one plane, or in two
// planes meeting at a straight crease through the vertex, is removed and
// the polygon left around it is ear-clipped in its plane. Kept vertices stay
// put, so flat regions and their volume are unchanged (up to Flatness). Second, when
// opt.Tolerance > 0, edges are collapsed in order of least quadric error
// while the merged vertex stays within Tolerance of the planes of the
// triangles around it and no triangle flips; it is placed so that the
// enclosed volume does not change, on the planes of the part's faces that
// both ends lie on, and inside the bounding box. Curved surfaces then move
// by at most about Tolerance, and the volume stays that of the first stage
// (to about 1e-6 of it).
//
// Simplify is deterministic: the same input gives the same output, vertex for
// vertex and triangle for triangle. Vertices keep their relative order. A
// mesh whose edges are not each shared by exactly two triangles in opposite
// directions is returned as an unchanged copy.
func Simplify(m *Mesh, opt SimplifyOptions) *Mesh {
	sm, _ := SimplifyContext(context.Background(), m, opt)
	return sm
}

// SimplifyContext is Simplify that stops early, returning ctx's error, once
// ctx is done: its passes over the vertices check ctx every few thousand
// vertices.
func SimplifyContext(ctx context.Context, m *Mesh, opt SimplifyOptions) (*Mesh, error) {
	s := newSimplifier(m)
	if s == nil {
		return m.Clone(), nil
	}
	return s.simplify(ctx, m, opt, m.BBox().Size().Len())
}

// SimplifyChecked is SimplifyContext for a mesh not yet checked: when m
// fails Check it returns Check's *CheckError instead of a mesh. It costs
// less than Check followed by SimplifyContext, since the half-edge view
// Simplify builds already answers Check's edge tests.
func SimplifyChecked(ctx context.Context, m *Mesh, opt SimplifyOptions) (*Mesh, error) {
	s := newSimplifier(m)
	diag := m.BBox().Size().Len() // one pass over the vertices for both stages
	if s == nil || !m.passesFaces(s, sliverHeightOf(diag)) {
		if err := m.Check(); err != nil {
			return nil, err
		}
		if s == nil {
			return m.Clone(), nil
		}
	}
	return s.simplify(ctx, m, opt, diag)
}

// simplify runs both stages on s, the half-edge view of m, whose
// bounding-box diagonal is diag.
func (s *simplifier) simplify(ctx context.Context, m *Mesh, opt SimplifyOptions, diag float64) (*Mesh, error) {
	s.ctx = ctx
	eps := opt.Flatness
	if !(eps > 0) {
		eps = 1e-9 * diag
	}
	s.eps = eps
	s.minH = sliverHeightOf(diag)
	s.findPlanes()
	if merged := s.mergeFlat(); merged != nil {
		if s2 := newSimplifier(merged); s2 != nil {
			s2.eps, s2.minH, s2.ctx = s.eps, s.minH, s.ctx
			s = s2
			s.findPlanes()
		}
	}
	s.removeFlat()
	if opt.Tolerance > 0 {
		s.collapse(opt.Tolerance)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return s.result(), nil
}

// cancelled reports whether the simplification's context is done; the
// vertex loops call it every 4096 vertices.
func (s *simplifier) cancelled(v int32) bool {
	return v&4095 == 0 && s.ctx != nil && s.ctx.Err() != nil
}

// plane is a planar region's plane: points p with n·p = d (n unit, or zero
// for a region that is not flat).
type plane struct {
	n Vec3
	d float64
}

// simplifier is a half-edge view of a mesh under edit. Half-edge h = 3t+k
// runs from corner k of triangle t to corner k+1; twin[h] is the opposite
// half-edge. Dead triangles have tri[t][0] < 0.
type simplifier struct {
	v      []Vec3
	tri    [][3]int32
	twin   []int32
	out    []int32 // per vertex: a live half-edge leaving it
	deg    []int32 // per vertex: live triangles using it
	region []int32 // per triangle: index into planes
	planes []plane
	eps    float64
	minH   float64 // faces lower than this are slivers (sliverHeight)
	ctx    context.Context

	// scratch
	hs, ring, poly, ext []int32
	local               []int32  // per vertex: index in the polygon being planned
	stamp               []uint32 // per vertex: generation of local
	gen                 uint32
	adj                 []uint64
	reflex              []int
	q                   []profile.Point
	idx                 []int
	owner               []int32
	free                []int32
	pt                  [2]patch
}

// Half-edges are never negative, so they are divided as unsigned numbers
// (a multiply and a shift), and the step to the next or previous corner is
// looked up.
func src(tri [][3]int32, h int32) int32 { return tri[uint32(h)/3][uint32(h)%3] }
func dst(tri [][3]int32, h int32) int32 { return src(tri, next(h)) }
func next(h int32) int32                { return h + toNext[uint32(h)%3] }
func prev(h int32) int32                { return h + toPrev[uint32(h)%3] }

var (
	toNext = [3]int32{1, 1, -2}
	toPrev = [3]int32{2, -1, -1}
)

// newSimplifier builds the half-edge structure, or returns nil if m is not
// an edge-manifold oriented mesh. The simplifier reads m's vertices in
// place and edits a copy of its triangles; edge collapse, which moves
// vertices, copies them first.
func newSimplifier(m *Mesh) *simplifier {
	nv := int32(len(m.Vertices))
	nt := len(m.Triangles)
	s := &simplifier{
		v:    m.Vertices,
		tri:  append(make([][3]int32, 0, nt+nt/4), m.Triangles...),
		twin: make([]int32, 3*nt, 3*(nt+nt/4)),
		out:  make([]int32, nv),
		deg:  make([]int32, nv),
	}
	for _, t := range m.Triangles {
		for k := 0; k < 3; k++ {
			if t[k] < 0 || t[k] >= nv {
				return nil
			}
		}
		if t[0] == t[1] || t[1] == t[2] || t[2] == t[0] {
			return nil
		}
		for k := 0; k < 3; k++ {
			s.deg[t[k]]++
		}
	}
	// Corners bucketed by their vertex. A corner at a holds the half-edge
	// h leaving a (to its far end) and the corner's other end from, so the
	// twin of a→b is found in a's own bucket: the half-edge arriving at a
	// (prev of h) of the corner whose from is b.
	start := make([]int32, nv+1)
	for v := int32(0); v < nv; v++ {
		start[v+1] = start[v] + s.deg[v]
	}
	type corner struct{ h, to, from int32 }
	fill := append([]int32(nil), start[:nv]...)
	at := make([]corner, 3*nt)
	for t, tr := range m.Triangles {
		h := int32(3 * t)
		a, b, c := tr[0], tr[1], tr[2]
		at[fill[a]] = corner{h, b, c}
		fill[a]++
		at[fill[b]] = corner{h + 1, c, a}
		fill[b]++
		at[fill[c]] = corner{h + 2, a, b}
		fill[c]++
	}
	// Each half-edge a→b must have exactly one b→a and no other a→b; then
	// the twins pair the half-edges off (twin of twin is itself).
	for v := int32(0); v < nv; v++ {
		bucket := at[start[v]:start[v+1]]
		for _, c := range bucket {
			found, same := int32(-1), 0
			for _, g := range bucket {
				if g.from == c.to {
					if found >= 0 {
						return nil
					}
					found = prev(g.h)
				}
				if g.to == c.to {
					same++
				}
			}
			if found < 0 || same != 1 {
				return nil
			}
			s.twin[c.h] = found
		}
	}
	for v := int32(0); v < nv; v++ {
		s.out[v] = -1
		if start[v] < start[v+1] {
			s.out[v] = at[start[v]].h
		}
	}
	s.local = make([]int32, nv)
	s.stamp = make([]uint32, nv)
	return s
}

func (s *simplifier) cross(t int32) Vec3 {
	a, b, c := s.v[s.tri[t][0]], s.v[s.tri[t][1]], s.v[s.tri[t][2]]
	return b.Sub(a).Cross(c.Sub(a))
}

// flatCos is the cosine of the largest angle between the normal of a
// triangle and the plane of the flat region it joins.
var flatCos = math.Cos(1e-4)

// findPlanes splits the triangles into flat regions by flood fill from
// seeds in index order: a triangle joins a neighbour's region when its
// normal is within acos(flatCos) of the seed's and its vertices are within
// eps of the seed's plane.
func (s *simplifier) findPlanes() {
	nt := int32(len(s.tri))
	s.region = make([]int32, nt, cap(s.tri))
	for t := range s.region {
		s.region[t] = -1
	}
	var stack []int32
	for t := int32(0); t < nt; t++ {
		if s.region[t] >= 0 {
			continue
		}
		id := int32(len(s.planes))
		s.region[t] = id
		c := s.cross(t)
		l := c.Len()
		if l == 0 {
			s.planes = append(s.planes, plane{})
			continue
		}
		n := c.Scale(1 / l)
		d := n.Dot(s.v[s.tri[t][0]])
		s.planes = append(s.planes, plane{n, d})
		stack = append(stack[:0], t)
		for len(stack) > 0 {
			u := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for k := int32(0); k < 3; k++ {
				w := s.twin[3*u+k] / 3
				if s.region[w] < 0 && s.fits(w, n, d) {
					s.region[w] = id
					stack = append(stack, w)
				}
			}
		}
	}
}

func (s *simplifier) fits(t int32, n Vec3, d float64) bool {
	tr := s.tri[t]
	a, b, c := s.v[tr[0]], s.v[tr[1]], s.v[tr[2]]
	if math.Abs(n.Dot(a)-d) > s.eps || math.Abs(n.Dot(b)-d) > s.eps || math.Abs(n.Dot(c)-d) > s.eps {
		return false
	}
	x := b.Sub(a).Cross(c.Sub(a)) // s.cross(t)
	return x.Dot(n) >= flatCos*x.Len()
}

// maxValence bounds the vertices whose removal is attempted, which bounds
// the cost of re-triangulating.
const maxValence = 200

// removeFlat removes flat and straight-crease vertices. It sweeps the
// vertices in index order, each sweep removing an independent set (no two
// removed vertices adjacent, which keeps the polygons small), and retries a
// vertex only after its star has changed, until a sweep removes none.
func (s *simplifier) removeFlat() {
	nv := len(s.v)
	pending := make([]bool, nv)
	touched := make([]int32, nv)
	for v := range pending {
		pending[v] = true
		touched[v] = -1
	}
	for pass := int32(0); ; pass++ {
		removed := 0
		for v := int32(0); v < int32(nv); v++ {
			if s.cancelled(v) {
				return
			}
			if !pending[v] || touched[v] == pass {
				continue
			}
			pending[v] = false
			if s.deg[v] == 0 || s.deg[v] > maxValence || !s.removeVertex(v) {
				continue
			}
			removed++
			for _, r := range s.ring {
				touched[r] = pass
				pending[r] = true
			}
		}
		if removed == 0 {
			return
		}
	}
}

// star gathers the half-edges leaving v (s.hs) and their far ends (s.ring)
// counter-clockwise seen from outside; triangle i of the star is
// (v, ring[i], ring[i+1]). It reports false for a vertex whose triangles do
// not form a single fan.
func (s *simplifier) star(v int32) bool {
	var ok bool
	s.hs, s.ring, ok = s.starInto(v, s.hs[:0], s.ring[:0])
	return ok
}

// starInto appends v's star to hs and ring, as star describes, and
// returns them; false for a vertex whose triangles do not form a single fan.
func (s *simplifier) starInto(v int32, hs, ring []int32) ([]int32, []int32, bool) {
	h0 := s.out[v]
	if h0 < 0 {
		return hs, ring, false
	}
	h := h0
	for {
		if len(hs) >= int(s.deg[v]) {
			return hs, ring, false
		}
		hs = append(hs, h)
		ring = append(ring, dst(s.tri, h))
		h = s.twin[prev(h)]
		if h == h0 {
			break
		}
	}
	return hs, ring, len(hs) == int(s.deg[v])
}

// patch is a polygon around a removed vertex and its planned
// triangulation.
type patch struct {
	poly []int32    // mesh vertices, counter-clockwise
	ext  []int32    // per polygon edge poly[i]→poly[i+1]: the outside half-edge, or -1 for a new crease edge
	tris [][3]int32 // triangles as polygon-local indices
	// pair gives, per half-edge 3j+k of tris[j], its opposite: another
	// local half-edge (>= 0) or polygon edge x as -x-1.
	pair   [][3]int32
	region int32
}

// pairLater marks an ear's diagonal in patch.pair: the triangle that
// later takes the diagonal pairs with it.
const pairLater = math.MinInt32

// removeVertex removes v if it is inside a flat region or on a straight
// crease between two, re-triangulating the polygon around it.
func (s *simplifier) removeVertex(v int32) bool {
	if !s.star(v) {
		return false
	}
	n := len(s.hs)
	reg := func(i int) int32 { return s.region[s.hs[(i+n)%n]/3] }
	var cut [2]int
	nc := 0
	for i := 0; i < n; i++ {
		if reg(i) != reg(i-1) {
			if nc == 2 {
				return false
			}
			cut[nc] = i
			nc++
		}
	}
	switch nc {
	case 0:
		pl := s.planes[reg(0)]
		if pl.n == (Vec3{}) {
			return false
		}
		pt := &s.pt[0]
		pt.region = reg(0)
		pt.poly = append(pt.poly[:0], s.ring...)
		pt.ext = pt.ext[:0]
		for i := 0; i < n; i++ {
			pt.ext = append(pt.ext, s.twin[next(s.hs[i])])
		}
		if !s.planPolygon(v, pl.n, 2*math.Pi, false, pt) {
			return false
		}
		s.kill(v)
		s.commit(pt)
		return true
	case 2:
		i1, i2 := cut[0], cut[1]
		if i2-i1 < 2 || n-(i2-i1) < 2 {
			return false
		}
		a, b := s.v[s.ring[i1]], s.v[s.ring[i2]]
		d := b.Sub(a)
		dd := d.Dot(d)
		if dd == 0 {
			return false
		}
		p := s.v[v].Sub(a)
		t := p.Dot(d) / dd
		if !(t > 1e-9 && t < 1-1e-9) || p.Sub(d.Scale(t)).Len() > s.eps {
			return false
		}
		pa, pb := s.planes[reg(i1)], s.planes[reg(i2)]
		if pa.n == (Vec3{}) || pb.n == (Vec3{}) {
			return false
		}
		// Plan both halves before changing anything.
		if !s.planHalf(v, i1, i2, pa.n, reg(i1), &s.pt[0]) || !s.planHalf(v, i2, i1+n, pb.n, reg(i2), &s.pt[1]) {
			return false
		}
		s.kill(v)
		c0 := s.commit(&s.pt[0])
		c1 := s.commit(&s.pt[1])
		s.twin[c0], s.twin[c1] = c1, c0
		return true
	}
	return false
}

// planHalf plans the half of v's star from ring index i to j (mod n) as a
// polygon closed by the new crease edge ring[j]→ring[i].
func (s *simplifier) planHalf(v int32, i, j int, n Vec3, r int32, pt *patch) bool {
	m := len(s.ring)
	pt.region = r
	pt.poly, pt.ext = pt.poly[:0], pt.ext[:0]
	for k := i; k <= j; k++ {
		pt.poly = append(pt.poly, s.ring[k%m])
		if k < j {
			pt.ext = append(pt.ext, s.twin[next(s.hs[k%m])])
		} else {
			pt.ext = append(pt.ext, -1)
		}
	}
	return s.planPolygon(v, n, math.Pi, true, pt)
}

// proj returns the coordinates of p in the plane with normal n, by dropping
// the dominant axis of n (exact, and counter-clockwise seen along -n).
func proj(p, n Vec3) profile.Point {
	ax, ay, az := math.Abs(n.X), math.Abs(n.Y), math.Abs(n.Z)
	switch {
	case az >= ax && az >= ay:
		if n.Z > 0 {
			return profile.Point{X: p.X, Y: p.Y}
		}
		return profile.Point{X: p.Y, Y: p.X}
	case ax >= ay:
		if n.X > 0 {
			return profile.Point{X: p.Y, Y: p.Z}
		}
		return profile.Point{X: p.Z, Y: p.Y}
	}
	if n.Y > 0 {
		return profile.Point{X: p.Z, Y: p.X}
	}
	return profile.Point{X: p.X, Y: p.Z}
}

// planPolygon ear-clips pt.poly (the ring around v, or half of it when
// open) in the plane with normal n into pt.tris. The star of v must be
// positively oriented in the plane and turn through sweep; no new edge may
// already exist in the mesh (the closing edge of an open polygon is new
// too), and no ear may be a sliver (thinFace): a polygon that only clips
// into slivers keeps its vertex.
func (s *simplifier) planPolygon(v int32, n Vec3, sweep float64, open bool, pt *patch) bool {
	m := len(pt.poly)
	s.q = s.q[:0]
	for _, p := range pt.poly {
		s.q = append(s.q, proj(s.v[p], n))
	}
	q := s.q
	c := proj(s.v[v], n)
	// Star check: every triangle (v, q[i], q[i+1]) counter-clockwise, and
	// the angles at v sum to sweep (an open star that certainly turns
	// through about a half turn needs no sum).
	edges := m
	if open {
		edges = m - 1
	}
	for i := 0; i < edges; i++ {
		a, b := q[i], q[(i+1)%m]
		if !(orient(c, a, b) > 1e-10*max(dist2(c, a), dist2(c, b), dist2(a, b))) {
			return false
		}
	}
	if !(open && sweep == math.Pi && halfTurn(q, c)) {
		var sum float64
		for i := 0; i < edges; i++ {
			a, b := q[i], q[(i+1)%m]
			sum += math.Atan2(orient(c, a, b), (a.X-c.X)*(b.X-c.X)+(a.Y-c.Y)*(b.Y-c.Y))
		}
		if math.Abs(sum-sweep) > 0.5 {
			return false
		}
	}
	// Which pairs of polygon vertices are already joined by an edge.
	s.gen++
	for i, p := range pt.poly {
		if s.stamp[p] == s.gen {
			return false // the ring visits a vertex twice
		}
		s.stamp[p], s.local[p] = s.gen, int32(i)
	}
	words := (m*m + 63) / 64
	if cap(s.adj) < words {
		s.adj = make([]uint64, words)
	}
	adj := s.adj[:words]
	clear(adj)
	isAdj := func(i, j int) bool { b := i*m + j; return adj[b>>6]&(1<<(b&63)) != 0 }
	setAdj := func(i, j int) { b := i*m + j; adj[b>>6] |= 1 << (b & 63) }
	// Each edge is found from either end, so the vertex of highest valence
	// (the hub of a fan that a merged flat region's triangulation leaves)
	// need not be walked.
	hub := 0
	for i, p := range pt.poly {
		if s.deg[p] > s.deg[pt.poly[hub]] {
			hub = i
		}
	}
	for i, p := range pt.poly {
		if i == hub {
			continue
		}
		h0 := s.out[p]
		h := h0
		for steps := int32(0); ; steps++ {
			if steps > s.deg[p] {
				return false // not a single fan
			}
			w := dst(s.tri, h)
			if s.stamp[w] == s.gen {
				setAdj(i, int(s.local[w]))
				setAdj(int(s.local[w]), i)
			}
			h = s.twin[prev(h)]
			if h == h0 {
				break
			}
		}
	}
	if open && (isAdj(0, m-1) || isAdj(m-1, 0)) {
		return false
	}
	s.idx = s.idx[:0]
	s.owner = s.owner[:0]
	for i := 0; i < m; i++ {
		s.idx = append(s.idx, i)
		s.owner = append(s.owner, int32(-i-1))
	}
	pt.tris, pt.pair = pt.tris[:0], pt.pair[:0]
	for len(s.idx) > 3 {
		k := len(s.idx)
		// Only reflex (or straight) vertices can lie in an ear.
		s.reflex = s.reflex[:0]
		for j := 0; j < k; j++ {
			i0, i1, i2 := s.idx[(j+k-1)%k], s.idx[j], s.idx[(j+1)%k]
			if orient(q[i0], q[i1], q[i2]) <= 1e-9*(dist2(q[i0], q[i1])+dist2(q[i1], q[i2])) {
				s.reflex = append(s.reflex, i1)
			}
		}
		best, bestScore := -1, 0.0
		for j := 0; j < k; j++ {
			i0, i1, i2 := s.idx[(j+k-1)%k], s.idx[j], s.idx[(j+1)%k]
			if isAdj(i0, i2) {
				continue
			}
			a, b, cc := q[i0], q[i1], q[i2]
			o := orient(a, b, cc)
			l := dist2(a, b) + dist2(b, cc) + dist2(cc, a)
			if !(o > 3e-10*l) {
				continue
			}
			score := o / l
			if score <= bestScore {
				continue
			}
			if thinFace(s.v[pt.poly[i0]], s.v[pt.poly[i1]], s.v[pt.poly[i2]], s.minH) {
				continue
			}
			tol := -1e-12 * l
			blocked := false
			for _, p := range s.reflex {
				if p == i0 || p == i1 || p == i2 {
					continue
				}
				if orient(a, b, q[p]) >= tol && orient(b, cc, q[p]) >= tol && orient(cc, a, q[p]) >= tol {
					blocked = true
					break
				}
			}
			if !blocked {
				best, bestScore = j, score
			}
		}
		if best < 0 {
			return false
		}
		j0 := (best + k - 1) % k
		i0, i1, i2 := s.idx[j0], s.idx[best], s.idx[(best+1)%k]
		t := int32(len(pt.tris))
		pt.tris = append(pt.tris, [3]int32{int32(i0), int32(i1), int32(i2)})
		pt.pair = append(pt.pair, [3]int32{s.owner[j0], s.owner[best], pairLater})
		// The remaining polygon's edge i0→i2 borders the ear's i2→i0.
		s.owner[j0] = 3*t + 2
		setAdj(i0, i2)
		setAdj(i2, i0)
		s.idx = append(s.idx[:best], s.idx[best+1:]...)
		s.owner = append(s.owner[:best], s.owner[best+1:]...)
	}
	a, b, cc := q[s.idx[0]], q[s.idx[1]], q[s.idx[2]]
	if !(orient(a, b, cc) > 3e-10*(dist2(a, b)+dist2(b, cc)+dist2(cc, a))) ||
		thinFace(s.v[pt.poly[s.idx[0]]], s.v[pt.poly[s.idx[1]]], s.v[pt.poly[s.idx[2]]], s.minH) {
		return false
	}
	pt.tris = append(pt.tris, [3]int32{int32(s.idx[0]), int32(s.idx[1]), int32(s.idx[2])})
	pt.pair = append(pt.pair, [3]int32{s.owner[0], s.owner[1], s.owner[2]})
	return true
}

// halfTurn reports whether the open star around c through q, whose every
// step turns counter-clockwise by less than a half turn, certainly turns
// through π within 0.32 rad in all: its first and last rays are nearly
// opposite (cosine below -0.95), and every ray between them stays strictly
// left of the first, so the turn is not that plus a full turn. The angle
// sum planPolygon would take instead is then within 0.5 of π: halfTurn
// only spares computing it. The margins are far above orient's rounding.
func halfTurn(q []profile.Point, c profile.Point) bool {
	m := len(q)
	for j := 2; j < m-1; j++ {
		if !(orient(c, q[0], q[j]) > 1e-12*(dist2(c, q[0])+dist2(c, q[j]))) {
			return false
		}
	}
	ax, ay := q[0].X-c.X, q[0].Y-c.Y
	bx, by := q[m-1].X-c.X, q[m-1].Y-c.Y
	dot := ax*bx + ay*by
	return dot < 0 && dot*dot > 0.95*0.95*(ax*ax+ay*ay)*(bx*bx+by*by)
}

// kill removes the triangles of v's star (s.hs), updates degrees and keeps
// their slots in s.free for the patches.
func (s *simplifier) kill(v int32) {
	s.free = s.free[:0]
	for _, h := range s.hs {
		t := h / 3
		for k := 0; k < 3; k++ {
			s.deg[s.tri[t][k]]--
		}
		s.tri[t][0] = -1
		s.free = append(s.free, t)
	}
	s.out[v] = -1
}

// commit writes pt's triangles into free slots and links their
// half-edges. It returns the half-edge on the polygon edge whose ext is -1
// (the new crease edge), or -1.
func (s *simplifier) commit(pt *patch) int32 {
	slots := s.free[:len(pt.tris)]
	s.free = s.free[len(pt.tris):]
	closing := int32(-1)
	for j, lt := range pt.tris {
		t := slots[j]
		s.tri[t] = [3]int32{pt.poly[lt[0]], pt.poly[lt[1]], pt.poly[lt[2]]}
		s.region[t] = pt.region
		for k := 0; k < 3; k++ {
			s.deg[pt.poly[lt[k]]]++
			s.out[pt.poly[lt[k]]] = 3*t + int32(k)
		}
	}
	for j := range pt.tris {
		for k := 0; k < 3; k++ {
			h := 3*slots[j] + int32(k)
			o := pt.pair[j][k]
			switch {
			case o == pairLater:
			case o >= 0:
				g := 3*slots[o/3] + o%3
				s.twin[h], s.twin[g] = g, h
			case pt.ext[-o-1] >= 0:
				e := pt.ext[-o-1]
				s.twin[h], s.twin[e] = e, h
			default:
				closing = h
			}
		}
	}
	return closing
}

// result compacts the live triangles and the vertices they use, both in
// their current order.
func (s *simplifier) result() *Mesh {
	remap := make([]int32, len(s.v))
	for i := range remap {
		remap[i] = -1
	}
	live := 0
	for _, t := range s.tri {
		if t[0] >= 0 {
			live++
			for k := 0; k < 3; k++ {
				remap[t[k]] = 0
			}
		}
	}
	m := &Mesh{Triangles: make([][3]int32, 0, live)}
	for i, r := range remap {
		if r == 0 {
			remap[i] = int32(len(m.Vertices))
			m.Vertices = append(m.Vertices, s.v[i])
		}
	}
	for _, t := range s.tri {
		if t[0] >= 0 {
			m.Triangles = append(m.Triangles, [3]int32{remap[t[0]], remap[t[1]], remap[t[2]]})
		}
	}
	return m
}
