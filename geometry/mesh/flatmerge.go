package mesh

import (
	"slices"

	"github.com/fabkit/fabkit/geometry/profile"
)

// This file holds the fast path of Simplify's first stage: each flat region
// of a marched mesh (thousands of cell-sized triangles in one plane) is
// re-triangulated once from its boundary loops, which drops every vertex
// inside it in one step instead of one vertex at a time. The vertices along
// a straight crease between two such regions (one per cell along every
// edge of a machine part) are dropped from the loops of both regions before
// they are triangulated, so both sides of the crease lose them together and
// the mesh stays closed. The vertex-by-vertex pass that follows removes what
// is left (creases this pass declined, regions whose loops pinch).

// flatLoops are the boundary loops of the regions mergeFlat may merge: loop
// after loop, region after region.
type flatLoops struct {
	verts     []int32 // loop vertices, counter-clockwise around their region
	across    []int32 // per entry: the region across the edge from it to the next entry of its loop
	loopEnd   []int32 // per loop: the end of its entries in verts (it starts where the previous ends)
	firstLoop []int32 // per region: its loops are firstLoop[r] to firstLoop[r+1]
}

// loops returns the index range of region r's loops.
func (f *flatLoops) loops(r int32) (int32, int32) { return f.firstLoop[r], f.firstLoop[r+1] }

// entries returns the index range of loop l's entries.
func (f *flatLoops) entries(l int32) (int32, int32) {
	if l == 0 {
		return 0, f.loopEnd[0]
	}
	return f.loopEnd[l-1], f.loopEnd[l]
}

// crease is a run of vertices dropped from the crease between regions a
// and b (a < b): they are chainVerts[lo:hi].
type crease struct {
	a, b   int32
	lo, hi int32
	undone bool
}

// mergeFlat re-triangulates the flat regions of s (after findPlanes) that
// have inner vertices or straight-crease vertices, and whose boundary loops
// are simple, and returns the resulting mesh, or nil when no region was
// merged. A region is left as it is when its loops pinch (a vertex on two
// loops, or twice on one), do not form one outer ring around holes, or when
// the new triangulation would make a sliver or an edge the mesh already has
// outside the region; a region that fails with dropped crease vertices is
// tried again with them kept, and so is the region across each such crease.
func (s *simplifier) mergeFlat() *Mesh {
	nt := int32(len(s.tri))
	nr := int32(len(s.planes))
	// Triangles of each region, in index order (a counting sort).
	first := make([]int32, nr+1)
	for _, r := range s.region[:nt] {
		first[r+1]++
	}
	for r := int32(0); r < nr; r++ {
		first[r+1] += first[r]
	}
	order := make([]int32, nt)
	fill := append([]int32(nil), first[:nr]...)
	for t := int32(0); t < nt; t++ {
		r := s.region[t]
		order[fill[r]] = t
		fill[r]++
	}
	fl, inner := s.flatLoops(first, order)
	drop := make([]bool, len(s.v))
	creases, chainVerts, creasesOf := s.dropCreases(fl, drop)

	// Triangulate in rounds: a region that fails with dropped vertices
	// keeps them from then on, which changes the loops of the regions
	// across its creases, so they are triangulated again in the next round.
	newTris := make([][][3]int32, nr) // per region: its new triangles, or nil
	queued := make([]bool, nr)
	var work, next []int32
	for r := int32(0); r < nr; r++ {
		if a, b := fl.loops(r); a < b && (inner[r] || len(creasesOf[r]) > 0) {
			work = append(work, r)
		}
	}
	ft := &flatTriangulator{next: make([]int32, len(s.v)), mark: make([]int32, len(s.v)), short: make([]int32, len(s.v))}
	for len(work) > 0 {
		next = next[:0]
		for _, r := range work {
			queued[r] = false
		}
		for _, r := range work {
			tris, ok := s.triangulateRegion(r, fl, drop, ft)
			if ok {
				newTris[r] = tris
				continue
			}
			newTris[r] = nil
			retry := false
			for _, c := range creasesOf[r] {
				cr := &creases[c]
				if cr.undone {
					continue
				}
				cr.undone = true
				retry = true
				for _, v := range chainVerts[cr.lo:cr.hi] {
					drop[v] = false
				}
				other := cr.a + cr.b - r
				if !queued[other] {
					queued[other] = true
					next = append(next, other)
				}
			}
			if retry && !queued[r] {
				queued[r] = true
				next = append(next, r)
			}
		}
		// Regions in index order each round, for a result independent of
		// the order the failures were found in.
		work = append(work[:0], next...)
		slices.Sort(work)
	}

	merged := 0
	for _, t := range newTris {
		if t != nil {
			merged++
		}
	}
	if merged == 0 {
		return nil
	}
	m := &Mesh{}
	nv := len(s.v)
	keep := make([]int32, nv)
	for i := range keep {
		keep[i] = -1
	}
	tris := make([][3]int32, 0, nt) // merging only ever drops triangles
	for t := int32(0); t < nt; t++ {
		r := s.region[t]
		if repl := newTris[r]; repl != nil {
			if order[first[r]] == t {
				tris = append(tris, repl...)
			}
			continue
		}
		tris = append(tris, s.tri[t])
	}
	for _, t := range tris {
		for k := 0; k < 3; k++ {
			keep[t[k]] = 0
		}
	}
	for v, k := range keep {
		if k == 0 {
			keep[v] = int32(len(m.Vertices))
			m.Vertices = append(m.Vertices, s.v[v])
		}
	}
	m.Triangles = make([][3]int32, len(tris))
	for i, t := range tris {
		m.Triangles[i] = [3]int32{keep[t[0]], keep[t[1]], keep[t[2]]}
	}
	return m
}

// flatLoops chains the boundary of every flat region of two triangles or
// more into loops, and reports per region whether it has inner vertices
// (on none of its loops). Regions whose loops pinch get no loops.
// order[first[r]:first[r+1]] are region r's triangles.
func (s *simplifier) flatLoops(first, order []int32) (*flatLoops, []bool) {
	nt := int32(len(s.tri))
	nr := int32(len(s.planes))
	nv := len(s.v)
	fl := &flatLoops{firstLoop: make([]int32, nr+1)}
	inner := make([]bool, nr)
	outB := make([]int32, nv) // per vertex: its outgoing boundary half-edge in the region at hand
	mark := make([]int32, nv) // per vertex: region+1 that last stamped outB
	seen := make([]int32, 3*nt)
	for r := int32(0); r < nr; r++ {
		fl.firstLoop[r] = int32(len(fl.loopEnd))
		ts := order[first[r]:first[r+1]]
		if len(ts) < 2 || s.planes[r].n == (Vec3{}) {
			continue
		}
		stamp := r + 1
		ok := true
		boundary := 0
		for _, t := range ts {
			for k := int32(0); k < 3; k++ {
				h := 3*t + k
				if s.region[s.twin[h]/3] == r {
					continue
				}
				a := src(s.tri, h)
				if mark[a] == stamp { // two loops meet at a: a pinch
					ok = false
				}
				mark[a], outB[a] = stamp, h
				boundary++
			}
		}
		if !ok || boundary < 3 {
			continue
		}
		for _, t := range ts {
			for k := 0; k < 3; k++ {
				if mark[s.tri[t][k]] != stamp {
					inner[r] = true
				}
			}
		}
		nVerts, nLoops := len(fl.verts), len(fl.loopEnd)
		for _, t := range ts {
			for k := int32(0); k < 3 && ok; k++ {
				h := 3*t + k
				if s.region[s.twin[h]/3] == r || seen[h] == stamp {
					continue
				}
				start := len(fl.verts)
				for g := h; seen[g] != stamp; {
					seen[g] = stamp
					fl.verts = append(fl.verts, src(s.tri, g))
					fl.across = append(fl.across, s.region[s.twin[g]/3])
					b := dst(s.tri, g)
					if mark[b] != stamp {
						ok = false // open boundary: cannot happen on a closed mesh
						break
					}
					g = outB[b]
				}
				if ok && len(fl.verts)-start >= 3 {
					fl.loopEnd = append(fl.loopEnd, int32(len(fl.verts)))
				} else {
					ok = false
				}
			}
		}
		if !ok {
			fl.verts, fl.across, fl.loopEnd = fl.verts[:nVerts], fl.across[:nVerts], fl.loopEnd[:nLoops]
			inner[r] = false
		}
	}
	fl.firstLoop[nr] = int32(len(fl.loopEnd))
	return fl, inner
}

// dropCreases marks in drop the vertices on straight creases between two
// regions that both have loops: a vertex whose loop edges in and out both
// border the same region b is dropped when it lies within eps of the
// segment between the last vertex kept before it and the vertex after it,
// strictly inside. It walks each crease once, from the loop of the region
// with the lower index. It returns the runs dropped, chainVerts holding
// their vertices, and per region the runs on its loops.
func (s *simplifier) dropCreases(fl *flatLoops, drop []bool) ([]crease, []int32, [][]int32) {
	nr := int32(len(fl.firstLoop) - 1)
	creasesOf := make([][]int32, nr)
	var creases []crease
	var chainVerts []int32
	has := func(r int32) bool { a, b := fl.loops(r); return a < b }
	for r := int32(0); r < nr; r++ {
		l0, l1 := fl.loops(r)
		for l := l0; l < l1; l++ {
			e0, e1 := fl.entries(l)
			n := e1 - e0
			at := func(i int32) int32 { return e0 + (i%n+n)%n }
			cand := func(i int32) bool {
				b := fl.across[at(i)]
				return b > r && fl.across[at(i-1)] == b && has(b)
			}
			k0 := int32(0)
			for k0 < n && cand(k0) {
				k0++
			}
			if k0 == n {
				k0 = 0 // the whole loop borders one region: keep entry 0
			}
			anchor := fl.verts[at(k0)]
			run := int32(-1) // the crease being dropped from, or -1
			closeRun := func() {
				if run >= 0 {
					creases[run].hi = int32(len(chainVerts))
					run = -1
				}
			}
			for i := k0 + 1; i < k0+n; i++ {
				v := fl.verts[at(i)]
				if !cand(i) {
					closeRun()
					anchor = v
					continue
				}
				if !s.onSegment(s.v[v], s.v[anchor], s.v[fl.verts[at(i+1)]]) {
					anchor = v
					continue
				}
				drop[v] = true
				if run < 0 {
					b := fl.across[at(i)]
					run = int32(len(creases))
					creases = append(creases, crease{a: r, b: b, lo: int32(len(chainVerts))})
					creasesOf[r] = append(creasesOf[r], run)
					creasesOf[b] = append(creasesOf[b], run)
				}
				chainVerts = append(chainVerts, v)
			}
			closeRun()
		}
	}
	return creases, chainVerts, creasesOf
}

// onSegment reports whether p lies within s.eps of the segment from a to
// b, strictly between its ends (the test removeVertex makes of a crease
// vertex).
func (s *simplifier) onSegment(p, a, b Vec3) bool {
	d := b.Sub(a)
	dd := d.Dot(d)
	if dd == 0 {
		return false
	}
	q := p.Sub(a)
	t := q.Dot(d) / dd
	return t > 1e-9 && t < 1-1e-9 && q.Sub(d.Scale(t)).Len() <= s.eps
}

// flatTriangulator is triangulateRegion's scratch memory.
type flatTriangulator struct {
	next  []int32 // per vertex: the next vertex on the loop being triangulated
	short []int32 // per vertex: the region across the edge to next when vertices were dropped from it, else -1
	mark  []int32 // per vertex: gen when next and short were set
	gen   int32

	pts       []profile.Point
	rings     [][]int
	loopVerts []int32
}

// triangulateRegion triangulates region r from its loops less the vertices
// in drop, or reports false when it cannot (see mergeFlat).
func (s *simplifier) triangulateRegion(r int32, fl *flatLoops, drop []bool, ft *flatTriangulator) ([][3]int32, bool) {
	n := s.planes[r].n
	ft.gen++
	gen := ft.gen
	ft.pts, ft.rings, ft.loopVerts = ft.pts[:0], ft.rings[:0], ft.loopVerts[:0]
	outer := -1
	l0, l1 := fl.loops(r)
	for l := l0; l < l1; l++ {
		e0, e1 := fl.entries(l)
		base := len(ft.pts)
		prev := int32(-1) // the last vertex kept
		dropped, droppedHead := false, false
		for e := e0; e < e1; e++ {
			v := fl.verts[e]
			if drop[v] {
				dropped = true
				continue
			}
			if prev >= 0 {
				ft.link(prev, v, fl.across[e-1], dropped, gen)
			} else {
				droppedHead = dropped
			}
			prev, dropped = v, false
			ft.pts = append(ft.pts, proj(s.v[v], n))
			ft.loopVerts = append(ft.loopVerts, v)
		}
		m := len(ft.pts) - base
		if m < 3 {
			return nil, false
		}
		// A run of dropped vertices borders one region throughout, so the
		// closing edge's region is that of the loop's last edge.
		ft.link(prev, ft.loopVerts[base], fl.across[e1-1], dropped || droppedHead, gen)
		ring := make([]int, m)
		area := 0.0
		for i := range ring {
			ring[i] = base + i
			a, b := ft.pts[base+i], ft.pts[base+(i+1)%m]
			area += a.X*b.Y - a.Y*b.X
		}
		if area > 0 {
			if outer >= 0 {
				return nil, false
			}
			outer = len(ft.rings)
		}
		ft.rings = append(ft.rings, ring)
	}
	if outer < 0 {
		return nil, false
	}
	ft.rings[0], ft.rings[outer] = ft.rings[outer], ft.rings[0]
	tris, err := triangulate(ft.pts, ft.rings)
	if err != nil || len(tris) != len(ft.pts)+2*(len(ft.rings)-1)-2 {
		return nil, false
	}
	out := make([][3]int32, len(tris))
	for i, tr := range tris {
		a, b, c := ft.loopVerts[tr[0]], ft.loopVerts[tr[1]], ft.loopVerts[tr[2]]
		if orient(ft.pts[tr[0]], ft.pts[tr[1]], ft.pts[tr[2]]) <= 0 || thinFace(s.v[a], s.v[b], s.v[c], s.minH) {
			return nil, false
		}
		out[i] = [3]int32{a, b, c}
	}
	if s.edgeOutside(out, r, ft) {
		return nil, false
	}
	return out, true
}

// link records the loop edge a→b; the across region, when dropped says
// vertices were dropped between them (the edge is new), is the region on
// the crease's other side.
func (ft *flatTriangulator) link(a, b, across int32, dropped bool, gen int32) {
	ft.mark[a], ft.next[a], ft.short[a] = gen, b, -1
	if dropped {
		ft.short[a] = across
	}
}

// edgeOutside reports whether a new triangle of region r has an edge that
// a triangle outside r already uses, which would make the mesh
// non-manifold: a diagonal (an edge not on r's loops) used outside r, or an
// edge that shortcuts dropped crease vertices used outside r and the region
// across the crease. ft holds r's loops (link).
func (s *simplifier) edgeOutside(tris [][3]int32, r int32, ft *flatTriangulator) bool {
	for _, t := range tris {
		for k := 0; k < 3; k++ {
			a, b := t[k], t[(k+1)%3]
			other := int32(-1)
			if ft.mark[a] == ft.gen && ft.next[a] == b {
				if ft.short[a] < 0 {
					continue // a loop edge the mesh has
				}
				other = ft.short[a]
			}
			h0 := s.out[a]
			h := h0
			for steps := int32(0); steps <= s.deg[a]; steps++ {
				if g := s.region[h/3]; g != r && g != other && (dst(s.tri, h) == b || src(s.tri, prev(h)) == b) {
					return true
				}
				h = s.twin[prev(h)]
				if h == h0 {
					break
				}
			}
		}
	}
	return false
}
