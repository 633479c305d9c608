// Package stl writes fabkit meshes as binary STL files, and reads STL
// through github.com/hschendel/stl. Output is deterministic: a fixed header naming
// the part, no timestamps, facets in mesh order.
package stl

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"

	hstl "github.com/hschendel/stl"

	"github.com/fabkit/fabkit/geometry/mesh"
)

// headerPrefix starts every header. It must not start with "solid", which
// readers take as the mark of an ASCII STL.
const headerPrefix = "fabkit binary STL: "

// Write writes m as a binary STL to w. The 80-byte header holds
// "fabkit binary STL: " and name (truncated to fit); facet normals are
// computed from the vertices as stored (32-bit). Coordinates are in millimetres.
func Write(w io.Writer, m *mesh.Mesh, name string) error {
	if m == nil {
		return fmt.Errorf("stl: %s: nil mesh", name)
	}
	if uint64(len(m.Triangles)) > math.MaxUint32 {
		return fmt.Errorf("stl: %s: %d facets: more than a binary STL can hold", name, len(m.Triangles))
	}
	// The binary layout (80-byte header, facet count, then per facet the
	// normal, three vertices and a zero attribute word, all little-endian)
	// is written here in one buffer: hschendel/stl's writer cost an
	// allocation and a call per facet, and its bytes are the same.
	buf := make([]byte, 84+50*len(m.Triangles))
	copy(buf[:80], headerPrefix+name)
	binary.LittleEndian.PutUint32(buf[80:], uint32(len(m.Triangles)))
	at := 84
	put := func(v hstl.Vec3) {
		for _, c := range v {
			binary.LittleEndian.PutUint32(buf[at:], math.Float32bits(c))
			at += 4
		}
	}
	for _, t := range m.Triangles {
		var vs [3]hstl.Vec3
		for k := range 3 {
			vs[k] = vec(m.Vertices[t[k]])
		}
		put(storedNormal(vs))
		for _, v := range vs {
			put(v)
		}
		at += 2 // attribute byte count, 0
	}
	if _, err := w.Write(buf); err != nil {
		return fmt.Errorf("stl: %s: %w", name, err)
	}
	return nil
}

// storedNormal is the unit normal of a facet as a reader sees it: computed
// from the 32-bit vertices the file holds, not from the mesh's 64-bit ones,
// so that a checker that recomputes normals (admesh, slicers) agrees with
// the file to float precision wherever a part sits in space.
func storedNormal(v [3]hstl.Vec3) hstl.Vec3 {
	f := func(p hstl.Vec3) mesh.Vec3 { return mesh.Vec3{X: float64(p[0]), Y: float64(p[1]), Z: float64(p[2])} }
	a, b, c := f(v[0]), f(v[1]), f(v[2])
	n := b.Sub(a).Cross(c.Sub(a))
	if l := n.Len(); l > 0 {
		n = n.Scale(1 / l)
	}
	return vec(n)
}

func vec(v mesh.Vec3) hstl.Vec3 { return hstl.Vec3{float32(v.X), float32(v.Y), float32(v.Z)} }

// Read reads a binary or ASCII STL and returns its facets as an indexed
// mesh, welding vertices with identical float32 coordinates, in order of
// first use. It is meant for round-trip checks and importing printed parts.
func Read(r io.ReadSeeker) (*mesh.Mesh, error) {
	s, err := hstl.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("stl: %w", err)
	}
	m := &mesh.Mesh{Triangles: make([][3]int32, 0, len(s.Triangles))}
	ids := make(map[hstl.Vec3]int32)
	for _, t := range s.Triangles {
		var tri [3]int32
		for k, v := range t.Vertices {
			id, ok := ids[v]
			if !ok {
				id = int32(len(m.Vertices))
				ids[v] = id
				m.Vertices = append(m.Vertices, mesh.Vec3{X: float64(v[0]), Y: float64(v[1]), Z: float64(v[2])})
			}
			tri[k] = id
		}
		m.Triangles = append(m.Triangles, tri)
	}
	return m, nil
}
