package mesh

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// CheckError reports every way in which a mesh fails to be a closed,
// consistently oriented 2-manifold. Zero counts passed.
type CheckError struct {
	Triangles         int     // number of triangles in the mesh
	BadIndices        int     // triangles with an index out of range
	DegenerateFaces   int     // triangles that repeat a vertex, have zero area or are slivers (see SliverRel)
	DuplicateVertices int     // vertices at exactly the same position as an earlier one
	UnusedVertices    int     // vertices no triangle uses
	BoundaryEdges     int     // undirected edges used by only one triangle
	NonManifoldEdges  int     // undirected edges used by more than two triangles
	MisorientedEdges  int     // edges whose two triangles traverse them in the same direction
	Volume            float64 // signed volume; must be positive
}

// Error lists the failed counts on one line.
func (e *CheckError) Error() string {
	var parts []string
	add := func(n int, what string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		}
	}
	add(e.BadIndices, "faces with out-of-range indices")
	add(e.DegenerateFaces, "degenerate faces")
	add(e.DuplicateVertices, "duplicate vertices")
	add(e.UnusedVertices, "unused vertices")
	add(e.BoundaryEdges, "boundary edges (open)")
	add(e.NonManifoldEdges, "non-manifold edges")
	add(e.MisorientedEdges, "misoriented edges")
	if len(parts) == 0 && !(e.Volume > 0) {
		parts = append(parts, fmt.Sprintf("signed volume %g <= 0 (inward normals)", e.Volume))
	}
	return fmt.Sprintf("mesh: not a closed oriented manifold (%d faces): %s", e.Triangles, strings.Join(parts, ", "))
}

func (e *CheckError) failed() bool {
	return e.BadIndices+e.DegenerateFaces+e.DuplicateVertices+e.UnusedVertices+
		e.BoundaryEdges+e.NonManifoldEdges+e.MisorientedEdges > 0 || !(e.Volume > 0)
}

// degenerateRel is the smallest |a×b|/(longest edge)² a face may have: below
// it the face is collapsed to a segment or point.
const degenerateRel = 1e-12

// SliverRel is the smallest height a face may have over its longest edge,
// as a fraction of the mesh's bounding-box diagonal. A thinner face is a
// sliver: STL and 3MF store vertices as 32-bit floats, which move a vertex
// by up to 3e-8 of its distance from the origin, enough to fold a sliver
// flat or turn its normal (admesh then "fixes" the normal; slicers and
// FreeCAD report a degenerate facet). At 1e-6 of the diagonal a part stays
// sound up to about 30 times its own size from the origin. Exact plate and
// bar meshes stay far above it; Simplify never creates a face below it.
const SliverRel = 1e-6

// thinFace reports whether the triangle a, b, c is lower than minH over its
// longest edge (or has no area at all).
func thinFace(a, b, c Vec3, minH float64) bool {
	l2 := max(b.Sub(a).Dot(b.Sub(a)), c.Sub(b).Dot(c.Sub(b)), a.Sub(c).Dot(a.Sub(c)))
	n := b.Sub(a).Cross(c.Sub(a)).Len()
	// height = n / longest edge; compare squares to avoid a root.
	return !(n*n > minH*minH*l2)
}

// sliverHeight is the height below which a face of m is a sliver.
// It is 0 for an empty mesh or one with non-finite coordinates.
func (m *Mesh) sliverHeight() float64 {
	return sliverHeightOf(m.BBox().Size().Len())
}

// sliverHeightOf is sliverHeight for a mesh whose bounding-box diagonal is
// diag, for callers that need the diagonal too.
func sliverHeightOf(diag float64) float64 {
	h := SliverRel * diag
	if math.IsNaN(h) || math.IsInf(h, 0) {
		return 0
	}
	return h
}

// Check verifies that m is a closed 2-manifold: every undirected edge is used
// by exactly two faces, in opposite directions; no face is degenerate (repeated
// vertex, zero area, or a sliver lower than SliverRel of the bounding-box diagonal); no two vertices share a position; every vertex is used;
// and the signed volume is positive (outward normals). It returns a
// *CheckError listing the counts of everything that failed, or nil.
func (m *Mesh) Check() error {
	e := &CheckError{Triangles: len(m.Triangles)}
	nv := int32(len(m.Vertices))
	used := make([]bool, nv)
	// Directed edges are bucketed by their smaller vertex (a counting
	// sort), so the uses of each undirected edge meet in a short bucket.
	start := make([]int32, nv+2)
	minH := m.sliverHeight()
	for i, t := range m.Triangles {
		if t[0] < 0 || t[1] < 0 || t[2] < 0 || t[0] >= nv || t[1] >= nv || t[2] >= nv {
			e.BadIndices++
			continue
		}
		used[t[0]], used[t[1]], used[t[2]] = true, true, true
		if m.degenerate(i, minH) {
			e.DegenerateFaces++
		}
		for k := 0; k < 3; k++ {
			start[min(t[k], t[(k+1)%3])+2]++
		}
	}
	for _, u := range used {
		if !u {
			e.UnusedVertices++
		}
	}
	e.DuplicateVertices = duplicates(m.Vertices)
	for v := int32(2); v < nv+2; v++ {
		start[v] += start[v-1]
	}
	// other[p] is the larger vertex of an edge, negated-minus-one when the
	// edge runs from larger to smaller.
	other := make([]int32, start[nv+1])
	for _, t := range m.Triangles {
		if t[0] < 0 || t[1] < 0 || t[2] < 0 || t[0] >= nv || t[1] >= nv || t[2] >= nv {
			continue
		}
		for k := 0; k < 3; k++ {
			a, b := t[k], t[(k+1)%3]
			lo, o := a, b
			if b < a {
				lo, o = b, -a-1
			}
			other[start[lo+1]] = o
			start[lo+1]++
		}
	}
	abs := func(o int32) int32 {
		if o < 0 {
			return -o - 1
		}
		return o
	}
	for v := int32(0); v < nv; v++ {
		bucket := other[start[v]:start[v+1]]
		slices.SortFunc(bucket, func(x, y int32) int { return int(abs(x)) - int(abs(y)) })
		for i := 0; i < len(bucket); {
			j := i + 1
			for j < len(bucket) && abs(bucket[j]) == abs(bucket[i]) {
				j++
			}
			switch n := j - i; {
			case n == 1:
				e.BoundaryEdges++
			case n > 2:
				e.NonManifoldEdges++
			case bucket[i] == bucket[i+1]:
				e.MisorientedEdges++
			}
			i = j
		}
	}
	if e.BadIndices == 0 {
		e.Volume = m.Volume()
	}
	if e.failed() {
		return e
	}
	return nil
}

// degenerate reports whether face i (with indices in range) repeats a
// vertex, has zero area or is a sliver lower than minH.
func (m *Mesh) degenerate(i int, minH float64) bool {
	t := m.Triangles[i]
	a, b, c := m.Vertices[t[0]], m.Vertices[t[1]], m.Vertices[t[2]]
	l := max(b.Sub(a).Dot(b.Sub(a)), c.Sub(b).Dot(c.Sub(b)), a.Sub(c).Dot(a.Sub(c)))
	n := m.cross(i).Len()
	// The last test is thinFace's, on the same cross product and edge.
	return t[0] == t[1] || t[1] == t[2] || t[2] == t[0] || l == 0 || n <= degenerateRel*l || !(n*n > minH*minH*l)
}

// passesFaces reports whether m passes the checks of Check that do not
// concern edges (faces, duplicate and unused vertices, volume), given that
// s, its half-edge view, was built: newSimplifier refuses bad indices,
// repeated vertices and any edge not shared by exactly two faces in
// opposite directions, so then m passes Check exactly when this holds.
// minH is m's sliverHeight.
func (m *Mesh) passesFaces(s *simplifier, minH float64) bool {
	for i := range m.Triangles {
		if m.degenerate(i, minH) {
			return false
		}
	}
	for _, d := range s.deg {
		if d == 0 {
			return false
		}
	}
	return duplicates(m.Vertices) == 0 && m.Volume() > 0
}

// duplicates counts the vertices at exactly the same position (as ==
// compares coordinates: -0 equals 0, NaN equals nothing) as an earlier one.
// It is an open-addressing hash set of vertex indices: linear time, and
// several times faster than a map keyed by Vec3 on the million-vertex
// meshes marching gives.
func duplicates(vs []Vec3) int {
	size := 1
	for size < 2*len(vs) {
		size <<= 1
	}
	table := make([]int32, size) // vertex index + 1; 0 is empty
	mask := uint64(size - 1)
	n := 0
	for i, v := range vs {
		if v.X != v.X || v.Y != v.Y || v.Z != v.Z {
			continue // NaN is never equal to anything
		}
		for j := hashVec(v) & mask; ; j = (j + 1) & mask {
			e := table[j]
			if e == 0 {
				table[j] = int32(i + 1)
				break
			}
			if vs[e-1] == v {
				n++
				break
			}
		}
	}
	return n
}

// hashVec mixes the bits of a position; -0 hashes as 0, since they compare
// equal.
func hashVec(v Vec3) uint64 {
	h := math.Float64bits(v.X+0) * 0x9e3779b97f4a7c15
	h = (h ^ h>>29 ^ math.Float64bits(v.Y+0)) * 0xbf58476d1ce4e5b9
	h = (h ^ h>>31 ^ math.Float64bits(v.Z+0)) * 0x94d049bb133111eb
	return h ^ h>>32
}
