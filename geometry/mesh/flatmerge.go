package mesh

import "github.com/fabkit/fabkit/geometry/profile"

// This file holds the fast path of Simplify's first stage: each flat region
// of a marched mesh (thousands of cell-sized triangles in one plane) is
// re-triangulated once from its boundary loops, which drops every vertex
// inside it in one step instead of one vertex at a time. Boundary vertices
// all stay, so the neighbouring regions are untouched and the mesh stays
// closed; the vertex-by-vertex pass that follows removes what is left (the
// vertices along straight creases, regions this pass declined).

// mergeFlat re-triangulates the flat regions of s (after findPlanes) that
// have inner vertices and simple boundary loops, and returns the resulting
// mesh, or nil when no region was merged. A region is left as it is when
// its loops pinch (a vertex on two loops, or twice on one), do not form one
// outer ring around holes, or when the new triangulation would make a
// sliver or an edge the mesh already has outside the region.
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
	nv := len(s.v)
	outB := make([]int32, nv) // per vertex: its outgoing boundary half-edge in the region at hand
	mark := make([]int32, nv) // per vertex: region+1 that last stamped outB
	onB := make([]int32, nv)  // per vertex: region+1 whose boundary it is on
	seen := make([]int32, 3*nt)
	newTris := make([][][3]int32, nr) // per region: its new triangles, or nil
	merged := 0
	var loops [][]int32
	var pts []profile.Point
	var rings [][]int
	var loopVerts []int32
	for r := int32(0); r < nr; r++ {
		ts := order[first[r]:first[r+1]]
		n := s.planes[r].n
		if len(ts) < 3 || n == (Vec3{}) {
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
				mark[a], outB[a], onB[a] = stamp, h, stamp
				boundary++
			}
		}
		if !ok || boundary < 3 {
			continue
		}
		inner := false
		for _, t := range ts {
			for k := 0; k < 3; k++ {
				if onB[s.tri[t][k]] != stamp {
					inner = true
				}
			}
		}
		if !inner {
			continue // nothing to drop
		}
		// Chain the boundary half-edges into loops.
		loops = loops[:0]
		for _, t := range ts {
			for k := int32(0); k < 3 && ok; k++ {
				h := 3*t + k
				if s.region[s.twin[h]/3] == r || seen[h] == stamp {
					continue
				}
				var loop []int32
				for g := h; seen[g] != stamp; {
					seen[g] = stamp
					loop = append(loop, src(s.tri, g))
					b := dst(s.tri, g)
					if mark[b] != stamp {
						ok = false // open boundary: cannot happen on a closed mesh
						break
					}
					g = outB[b]
				}
				if ok && len(loop) >= 3 {
					loops = append(loops, loop)
				} else {
					ok = false
				}
			}
		}
		if !ok {
			continue
		}
		// Project; the one counter-clockwise loop is the outer ring.
		pts, rings, loopVerts = pts[:0], rings[:0], loopVerts[:0]
		outer := -1
		for li, loop := range loops {
			ring := make([]int, len(loop))
			area := 0.0
			base := len(pts)
			for i, v := range loop {
				pts = append(pts, proj(s.v[v], n))
				loopVerts = append(loopVerts, v)
				ring[i] = base + i
			}
			for i := range loop {
				a, b := pts[base+i], pts[base+(i+1)%len(loop)]
				area += a.X*b.Y - a.Y*b.X
			}
			if area > 0 {
				if outer >= 0 {
					ok = false
				}
				outer = li
			}
			rings = append(rings, ring)
		}
		if !ok || outer < 0 {
			continue
		}
		rings[0], rings[outer] = rings[outer], rings[0]
		tris, err := triangulate(pts, rings)
		if err != nil || len(tris) != boundary+2*(len(loops)-1)-2 {
			continue
		}
		out := make([][3]int32, len(tris))
		for i, tr := range tris {
			a, b, c := loopVerts[tr[0]], loopVerts[tr[1]], loopVerts[tr[2]]
			if orient(pts[tr[0]], pts[tr[1]], pts[tr[2]]) <= 0 || thinFace(s.v[a], s.v[b], s.v[c], s.minH) {
				ok = false
				break
			}
			out[i] = [3]int32{a, b, c}
		}
		if !ok || s.edgeOutside(out, r, stamp, onB, outB) {
			continue
		}
		newTris[r] = out
		merged++
	}
	if merged == 0 {
		return nil
	}
	m := &Mesh{}
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

// edgeOutside reports whether a new triangle of region r has a diagonal (an
// edge that is not on the region's boundary loops) that a triangle outside
// r already uses, which would make the mesh non-manifold. outB[a] is a's
// boundary half-edge.
func (s *simplifier) edgeOutside(tris [][3]int32, r, stamp int32, onB, outB []int32) bool {
	for _, t := range tris {
		for k := 0; k < 3; k++ {
			a, b := t[k], t[(k+1)%3]
			if onB[a] != stamp || onB[b] != stamp || dst(s.tri, outB[a]) == b {
				continue
			}
			h0 := s.out[a]
			h := h0
			for steps := int32(0); steps <= s.deg[a]; steps++ {
				if s.region[h/3] != r && (dst(s.tri, h) == b || src(s.tri, prev(h)) == b) {
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
