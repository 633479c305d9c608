package mesh

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/fabkit/fabkit/geometry/profile"
)

// RegionError reports a planar region that cannot be meshed: which ring
// (0 is the outer boundary, 1.. the holes) and why.
type RegionError struct {
	Ring   int // -1 when the region as a whole is at fault
	Reason string
}

// Error names the ring and the reason.
func (e *RegionError) Error() string {
	if e.Ring < 0 {
		return "mesh: region: " + e.Reason
	}
	if e.Ring == 0 {
		return "mesh: outer ring: " + e.Reason
	}
	return fmt.Sprintf("mesh: hole ring %d: %s", e.Ring, e.Reason)
}

// normalizeRings copies rings, dropping a repeated closing vertex,
// consecutive duplicates and vertices exactly on the line through their
// neighbours, and orients the outer ring counter-clockwise and the holes
// clockwise. It checks that rings are simple, disjoint, and that holes lie
// inside the outer ring and outside each other.
func normalizeRings(rings [][]profile.Point) ([][]profile.Point, error) {
	if len(rings) == 0 {
		return nil, &RegionError{-1, "no rings"}
	}
	out := make([][]profile.Point, len(rings))
	for k, r := range rings {
		c := make([]profile.Point, 0, len(r))
		for _, p := range r {
			if math.IsNaN(p.X) || math.IsNaN(p.Y) || math.IsInf(p.X, 0) || math.IsInf(p.Y, 0) {
				return nil, &RegionError{k, fmt.Sprintf("non-finite vertex %v", p)}
			}
			if len(c) == 0 || c[len(c)-1] != p {
				c = append(c, p)
			}
		}
		for len(c) > 1 && c[0] == c[len(c)-1] {
			c = c[:len(c)-1]
		}
		// Drop collinear vertices until none is left.
		for changed := true; changed && len(c) >= 3; {
			changed = false
			for i := 0; i < len(c) && len(c) >= 3; i++ {
				a, b, d := c[(i+len(c)-1)%len(c)], c[i], c[(i+1)%len(c)]
				if orient(a, b, d) == 0 {
					c = slices.Delete(c, i, i+1)
					changed = true
					i--
				}
			}
		}
		if len(c) < 3 {
			return nil, &RegionError{k, "fewer than 3 distinct, non-collinear vertices"}
		}
		a := ringArea(c)
		if (k == 0) != (a > 0) {
			slices.Reverse(c)
		}
		out[k] = c
	}
	if err := checkSimple(out); err != nil {
		return nil, err
	}
	for k := 1; k < len(out); k++ {
		if !insideRing(out[0], out[k][0]) {
			return nil, &RegionError{k, "not inside the outer ring"}
		}
		for j := 1; j < len(out); j++ {
			if j != k && insideRing(out[j], out[k][0]) {
				return nil, &RegionError{k, fmt.Sprintf("inside hole ring %d", j)}
			}
		}
	}
	return out, nil
}

// insideRing reports whether p is strictly inside ring r (even-odd rule).
func insideRing(r []profile.Point, p profile.Point) bool {
	in := false
	for i := range r {
		a, b := r[i], r[(i+1)%len(r)]
		if (a.Y > p.Y) != (b.Y > p.Y) {
			x := a.X + (p.Y-a.Y)*(b.X-a.X)/(b.Y-a.Y)
			if p.X < x {
				in = !in
			}
		}
	}
	return in
}

// checkSimple reports any two ring edges that cross or touch, other than
// neighbours sharing their common vertex.
func checkSimple(rings [][]profile.Point) error {
	type seg struct {
		ring, i    int
		a, b       profile.Point
		minX, maxX float64
	}
	var segs []seg
	for k, r := range rings {
		for i := range r {
			a, b := r[i], r[(i+1)%len(r)]
			segs = append(segs, seg{k, i, a, b, math.Min(a.X, b.X), math.Max(a.X, b.X)})
		}
	}
	slices.SortFunc(segs, func(x, y seg) int { return cmp.Compare(x.minX, y.minX) })
	for i := range segs {
		s := segs[i]
		for j := i + 1; j < len(segs) && segs[j].minX <= s.maxX; j++ {
			t := segs[j]
			if s.ring == t.ring {
				n := len(rings[s.ring])
				if (s.i+1)%n == t.i || (t.i+1)%n == s.i {
					// Neighbours share a vertex; a fold back onto each
					// other is impossible once collinear vertices are gone.
					continue
				}
			}
			if segmentsMeet(s.a, s.b, t.a, t.b) {
				if s.ring == t.ring {
					return &RegionError{s.ring, fmt.Sprintf("self-intersecting near (%g, %g)", s.a.X, s.a.Y)}
				}
				lo, hi := min(s.ring, t.ring), max(s.ring, t.ring)
				return &RegionError{hi, fmt.Sprintf("meets ring %d near (%g, %g)", lo, t.a.X, t.a.Y)}
			}
		}
	}
	return nil
}

// segmentsMeet reports whether closed segments ab and cd share a point.
func segmentsMeet(a, b, c, d profile.Point) bool {
	o1, o2 := orient(a, b, c), orient(a, b, d)
	o3, o4 := orient(c, d, a), orient(c, d, b)
	if (o1 > 0 && o2 < 0 || o1 < 0 && o2 > 0) && (o3 > 0 && o4 < 0 || o3 < 0 && o4 > 0) {
		return true
	}
	on := func(p, q, r profile.Point, o float64) bool { // r on segment pq
		return o == 0 && math.Min(p.X, q.X) <= r.X && r.X <= math.Max(p.X, q.X) &&
			math.Min(p.Y, q.Y) <= r.Y && r.Y <= math.Max(p.Y, q.Y)
	}
	return on(a, b, c, o1) || on(a, b, d, o2) || on(c, d, a, o3) || on(c, d, b, o4)
}

// TriangulateRings returns a constrained Delaunay triangulation of the planar
// region bounded by rings (first the outer boundary, then holes, any
// orientation). It returns the normalized rings' vertices (outer
// counter-clockwise, holes clockwise, duplicate and collinear vertices
// dropped) and counter-clockwise triangles indexing them.
func TriangulateRings(rings [][]profile.Point) ([]profile.Point, [][3]int, error) {
	nr, err := normalizeRings(rings)
	if err != nil {
		return nil, nil, err
	}
	pts, idx := flatten(nr)
	tris, err := triangulate(pts, idx)
	if err != nil {
		return nil, nil, &RegionError{-1, err.Error()}
	}
	return pts, tris, nil
}

func flatten(rings [][]profile.Point) ([]profile.Point, [][]int) {
	var pts []profile.Point
	idx := make([][]int, len(rings))
	for k, r := range rings {
		for _, p := range r {
			idx[k] = append(idx[k], len(pts))
			pts = append(pts, p)
		}
	}
	return pts, idx
}

// ExtrudeRings returns the exact prism of a planar region: rings[0] is the
// outer boundary and the other rings are holes, each a closed polyline in
// any orientation (a repeated closing vertex is allowed). The bottom face is
// at z=0 and the top at z=thickness. Caps are a constrained Delaunay
// triangulation of the ring vertices; each ring edge becomes one wall quad
// of two triangles. The volume equals the rings' shoelace area times
// thickness.
func ExtrudeRings(rings [][]profile.Point, thickness float64) (*Mesh, error) {
	if !(thickness > 0) || math.IsInf(thickness, 0) {
		return nil, fmt.Errorf("mesh: extrude: thickness %g: must be positive", thickness)
	}
	nr, err := normalizeRings(rings)
	if err != nil {
		return nil, err
	}
	pts, idx := flatten(nr)
	tris, err := triangulate(pts, idx)
	if err != nil {
		return nil, &RegionError{-1, err.Error()}
	}
	n := int32(len(pts))
	m := &Mesh{
		Vertices:  make([]Vec3, 0, 2*n),
		Triangles: make([][3]int32, 0, 2*len(tris)+2*int(n)),
	}
	for _, p := range pts {
		m.Vertices = append(m.Vertices, Vec3{p.X, p.Y, 0})
	}
	for _, p := range pts {
		m.Vertices = append(m.Vertices, Vec3{p.X, p.Y, thickness})
	}
	for _, t := range tris {
		m.Triangles = append(m.Triangles, [3]int32{int32(t[0]), int32(t[2]), int32(t[1])})
	}
	for _, t := range tris {
		m.Triangles = append(m.Triangles, [3]int32{int32(t[0]) + n, int32(t[1]) + n, int32(t[2]) + n})
	}
	for _, r := range idx {
		for k := range r {
			a, b := int32(r[k]), int32(r[(k+1)%len(r)])
			m.Triangles = append(m.Triangles, [3]int32{a, b, b + n}, [3]int32{a, b + n, a + n})
		}
	}
	return m, nil
}
