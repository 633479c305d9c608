package mesh_test

import (
	"errors"
	"testing"

	"github.com/fabkit/fabkit/geometry/mesh"
	"github.com/fabkit/fabkit/geometry/profile"
)

// TestCheckRejectsSliver: a cube one of whose faces is split at a point a
// micrometre-fraction off a face edge is still closed and oriented, but the
// split leaves a sliver that 32-bit STL coordinates fold flat; Check must
// count it as degenerate.
func TestCheckRejectsSliver(t *testing.T) {
	for _, tc := range []struct {
		off  float64 // distance of the split point from the edge, mm
		want bool    // a sliver
	}{{1e-9, true}, {1e-6, true}, {1e-2, false}} {
		m, err := mesh.ExtrudeRings([][]profile.Point{{{X: 0, Y: 0}, {X: 10, Y: 0}, {X: 10, Y: 10}, {X: 0, Y: 10}}}, 10)
		if err != nil {
			t.Fatal(err)
		}
		// The face on z = 10: find a triangle there and split it at a point
		// just inside its first edge.
		split := false
		for i, tr := range m.Triangles {
			a, b, c := m.Vertices[tr[0]], m.Vertices[tr[1]], m.Vertices[tr[2]]
			if a.Z != 10 || b.Z != 10 || c.Z != 10 {
				continue
			}
			mid := a.Add(b).Scale(0.5)
			in := c.Sub(mid)
			p := mid.Add(in.Scale(tc.off / in.Len()))
			k := int32(len(m.Vertices))
			m.Vertices = append(m.Vertices, p)
			m.Triangles[i] = [3]int32{tr[0], tr[1], k}
			m.Triangles = append(m.Triangles, [3]int32{tr[1], tr[2], k}, [3]int32{tr[2], tr[0], k})
			split = true
			break
		}
		if !split {
			t.Fatal("no face on z = 10")
		}
		err = m.Check()
		var ce *mesh.CheckError
		got := errors.As(err, &ce) && ce.DegenerateFaces > 0
		if got != tc.want {
			t.Errorf("split %g mm off the edge: Check() = %v, want a sliver: %v", tc.off, err, tc.want)
		}
	}
}
