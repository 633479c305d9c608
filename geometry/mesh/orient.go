package mesh

import (
	"cmp"
	"math"
	"slices"

	"github.com/fabkit/fabkit/geometry/affine"
)

// OrientForPrint returns the rigid transform that puts m's largest flat face
// down: the plane (one outward normal, one offset) whose coplanar triangles
// have the largest total area ends up on z=0 facing -Z, and the mesh's
// bounding-box minimum corner moves to the origin. Ties go to the face
// found first in a fixed order, so the result is deterministic.
func OrientForPrint(m *Mesh) affine.Transform {
	if len(m.Triangles) == 0 {
		return affine.Identity()
	}
	bb := m.BBox()
	scale := math.Max(bb.Size().Len(), 1)
	type key [4]int64
	area := make(map[key]float64)
	normal := make(map[key]Vec3)
	var order []key
	for i, t := range m.Triangles {
		c := m.cross(i)
		l := c.Len()
		if l == 0 {
			continue
		}
		n := c.Scale(1 / l)
		d := n.Dot(m.Vertices[t[0]])
		k := key{int64(math.Round(n.X * 1e7)), int64(math.Round(n.Y * 1e7)), int64(math.Round(n.Z * 1e7)),
			int64(math.Round(d / scale * 1e7))}
		if _, ok := area[k]; !ok {
			order = append(order, k)
			normal[k] = n
		}
		area[k] += l / 2
	}
	if len(order) == 0 {
		return affine.At(-bb.Min.X, -bb.Min.Y, -bb.Min.Z)
	}
	slices.SortStableFunc(order, func(a, b key) int { return cmp.Compare(area[b], area[a]) })
	r := rotateOnto(normal[order[0]], Vec3{0, 0, -1})
	inf := math.Inf(1)
	lo := Vec3{inf, inf, inf}
	for _, v := range m.Vertices {
		p := apply(r, v)
		lo = Vec3{math.Min(lo.X, p.X), math.Min(lo.Y, p.Y), math.Min(lo.Z, p.Z)}
	}
	return r.Move(-lo.X, -lo.Y, -lo.Z)
}
