// Package mesh holds fabkit's indexed triangle mesh: exact meshes of plates
// (prisms of planar regions) and linear stock (a section.Section swept along
// X, cut by its section.End cuts, with its section.Hole holes), plus
// validation, affine.Transform placement and the measures that the STL and
// 3MF writers and the manifest rely on.
//
// All lengths are millimetres. Meshes are built deterministically: the same
// input always gives the same vertex and face order, bit for bit.
package mesh

import (
	"math"
	"slices"

	"github.com/fabkit/fabkit/geometry/affine"
)

// Vec3 is a point or vector in space.
type Vec3 struct{ X, Y, Z float64 }

// Add returns a+b.
func (a Vec3) Add(b Vec3) Vec3 { return Vec3{a.X + b.X, a.Y + b.Y, a.Z + b.Z} }

// Sub returns a-b.
func (a Vec3) Sub(b Vec3) Vec3 { return Vec3{a.X - b.X, a.Y - b.Y, a.Z - b.Z} }

// Scale returns k*a.
func (a Vec3) Scale(k float64) Vec3 { return Vec3{k * a.X, k * a.Y, k * a.Z} }

// Dot returns the dot product a·b.
func (a Vec3) Dot(b Vec3) float64 { return a.X*b.X + a.Y*b.Y + a.Z*b.Z }

// Cross returns the cross product a×b.
func (a Vec3) Cross(b Vec3) Vec3 {
	return Vec3{a.Y*b.Z - a.Z*b.Y, a.Z*b.X - a.X*b.Z, a.X*b.Y - a.Y*b.X}
}

// Len returns the Euclidean length of a.
func (a Vec3) Len() float64 { return math.Sqrt(a.Dot(a)) }

// Box is an axis-aligned bounding box. An empty mesh has an empty box with
// Min > Max.
type Box struct{ Min, Max Vec3 }

// Size returns Max-Min.
func (b Box) Size() Vec3 { return b.Max.Sub(b.Min) }

// Mesh is an indexed triangle mesh. Triangles list vertex indices counter
// clockwise seen from outside, so that normals point out of the solid.
type Mesh struct {
	Vertices  []Vec3
	Triangles [][3]int32
}

// NumTriangles returns the number of triangles (facets).
func (m *Mesh) NumTriangles() int { return len(m.Triangles) }

// Normal returns the unit outward normal of triangle i (zero for a
// degenerate triangle).
func (m *Mesh) Normal(i int) Vec3 {
	n := m.cross(i)
	l := n.Len()
	if l == 0 {
		return Vec3{}
	}
	return n.Scale(1 / l)
}

func (m *Mesh) cross(i int) Vec3 {
	t := m.Triangles[i]
	a, b, c := m.Vertices[t[0]], m.Vertices[t[1]], m.Vertices[t[2]]
	return b.Sub(a).Cross(c.Sub(a))
}

// Volume returns the signed volume enclosed by the mesh (positive for a
// closed mesh with outward normals). Terms are taken relative to the
// bounding-box centre to limit cancellation.
func (m *Mesh) Volume() float64 {
	if len(m.Triangles) == 0 {
		return 0
	}
	bb := m.BBox()
	o := bb.Min.Add(bb.Max).Scale(0.5)
	var v float64
	for _, t := range m.Triangles {
		a := m.Vertices[t[0]].Sub(o)
		b := m.Vertices[t[1]].Sub(o)
		c := m.Vertices[t[2]].Sub(o)
		v += a.Dot(b.Cross(c))
	}
	return v / 6
}

// Area returns the total surface area.
func (m *Mesh) Area() float64 {
	var s float64
	for i := range m.Triangles {
		s += m.cross(i).Len()
	}
	return s / 2
}

// BBox returns the bounding box of the vertices.
func (m *Mesh) BBox() Box {
	inf := math.Inf(1)
	b := Box{Min: Vec3{inf, inf, inf}, Max: Vec3{-inf, -inf, -inf}}
	for _, v := range m.Vertices {
		// The built-in min and max follow math.Min and math.Max on NaN
		// and signed zeros, and compile to a few instructions.
		b.Min = Vec3{min(b.Min.X, v.X), min(b.Min.Y, v.Y), min(b.Min.Z, v.Z)}
		b.Max = Vec3{max(b.Max.X, v.X), max(b.Max.Y, v.Y), max(b.Max.Z, v.Z)}
	}
	return b
}

// Clone returns a deep copy of m.
func (m *Mesh) Clone() *Mesh {
	return &Mesh{
		Vertices:  append([]Vec3(nil), m.Vertices...),
		Triangles: append([][3]int32(nil), m.Triangles...),
	}
}

// Transform applies a in place to every vertex. A mirroring transform
// (negative determinant) also reverses every triangle, so normals stay
// outward.
func (m *Mesh) Transform(a affine.Transform) {
	for i, v := range m.Vertices {
		m.Vertices[i] = apply(a, v)
	}
	if a.Det() < 0 {
		for i, t := range m.Triangles {
			m.Triangles[i] = [3]int32{t[0], t[2], t[1]}
		}
	}
}

// Transformed returns a transformed copy of m, leaving m unchanged.
func (m *Mesh) Transformed(a affine.Transform) *Mesh {
	c := m.Clone()
	c.Transform(a)
	return c
}

// Append adds the vertices and triangles of o to m (as a separate shell;
// nothing is welded). The result of appending disjoint closed meshes is closed.
func (m *Mesh) Append(o *Mesh) {
	off := int32(len(m.Vertices))
	m.Vertices = append(m.Vertices, o.Vertices...)
	m.Triangles = slices.Grow(m.Triangles, len(o.Triangles))
	for _, t := range o.Triangles {
		m.Triangles = append(m.Triangles, [3]int32{t[0] + off, t[1] + off, t[2] + off})
	}
}
