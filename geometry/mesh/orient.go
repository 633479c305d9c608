package mesh

import (
	"cmp"
	"math"

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
	type face struct {
		n    Vec3 // the first triangle's normal
		area float64
	}
	index := make(map[key]int32) // into faces, in order of first use
	var faces []face
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
		f, ok := index[k]
		if !ok {
			f = int32(len(faces))
			index[k] = f
			faces = append(faces, face{n: n})
		}
		faces[f].area += l / 2
	}
	if len(faces) == 0 {
		return affine.At(-bb.Min.X, -bb.Min.Y, -bb.Min.Z)
	}
	best := 0 // the largest area; of equal ones, the first used
	for i, f := range faces {
		if cmp.Compare(f.area, faces[best].area) > 0 {
			best = i
		}
	}
	r := rotateOnto(faces[best].n, Vec3{0, 0, -1})
	inf := math.Inf(1)
	lo := Vec3{inf, inf, inf}
	for _, v := range m.Vertices {
		p := apply(r, v)
		lo = Vec3{math.Min(lo.X, p.X), math.Min(lo.Y, p.Y), math.Min(lo.Z, p.Z)}
	}
	return r.Move(-lo.X, -lo.Y, -lo.Z)
}
