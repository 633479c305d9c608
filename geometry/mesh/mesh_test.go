package mesh

import (
	"errors"
	"math"
	"testing"

	"github.com/fabkit/fabkit/geometry/affine"

	"github.com/fabkit/fabkit/geometry/profile"
)

func cube(t *testing.T) *Mesh {
	t.Helper()
	m, err := ExtrudeRings([][]profile.Point{{{X: 0, Y: 0}, {X: 10, Y: 0}, {X: 10, Y: 10}, {X: 0, Y: 10}}}, 10)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestCheckRejects(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(m *Mesh)
		want   func(e *CheckError) bool
	}{
		{"missing face", func(m *Mesh) { m.Triangles = m.Triangles[1:] },
			func(e *CheckError) bool { return e.BoundaryEdges == 3 }},
		{"flipped face", func(m *Mesh) { t := m.Triangles[0]; m.Triangles[0] = [3]int32{t[0], t[2], t[1]} },
			func(e *CheckError) bool { return e.MisorientedEdges == 3 }},
		{"degenerate face (repeated vertex)", func(m *Mesh) {
			m.Triangles = append(m.Triangles, [3]int32{0, 0, 1}, [3]int32{1, 0, 0})
		}, func(e *CheckError) bool { return e.DegenerateFaces == 2 }},
		{"degenerate face (zero area)", func(m *Mesh) {
			// Split edge 0-1 of the bottom at its midpoint with a sliver pair.
			mid := m.Vertices[0].Add(m.Vertices[1]).Scale(0.5)
			m.Vertices = append(m.Vertices, mid)
			m.Triangles = append(m.Triangles, [3]int32{0, 1, int32(len(m.Vertices) - 1)})
		}, func(e *CheckError) bool { return e.DegenerateFaces == 1 }},
		{"duplicate vertex", func(m *Mesh) {
			m.Vertices = append(m.Vertices, m.Vertices[3])
			m.Triangles[0][0] = int32(len(m.Vertices) - 1)
		},
			func(e *CheckError) bool { return e.DuplicateVertices == 1 }},
		{"duplicate vertices, -0 and NaN", func(m *Mesh) {
			// -0 equals 0; NaN equals nothing, not even another NaN.
			nan, neg := math.NaN(), math.Copysign(0, -1)
			m.Vertices = append(m.Vertices, Vec3{neg, 0, neg}, Vec3{0, neg, 0}, Vec3{nan, 1, 1}, Vec3{nan, 1, 1})
		},
			func(e *CheckError) bool { return e.DuplicateVertices == 2 && e.UnusedVertices == 4 }},
		{"inside out", func(m *Mesh) { m.Transform(affine.Identity()); m.Triangles = reversed(m.Triangles) },
			func(e *CheckError) bool { return e.Volume < 0 }},
		{"bad index", func(m *Mesh) { m.Triangles[0][1] = 99 },
			func(e *CheckError) bool { return e.BadIndices == 1 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := cube(t)
			tc.break_(m)
			err := m.Check()
			var ce *CheckError
			if !errors.As(err, &ce) {
				t.Fatalf("Check() = %v, want a *CheckError", err)
			}
			if !tc.want(ce) {
				t.Errorf("unexpected counts: %+v", *ce)
			}
			t.Log(err)
		})
	}
}

func reversed(ts [][3]int32) [][3]int32 {
	for i, t := range ts {
		ts[i] = [3]int32{t[0], t[2], t[1]}
	}
	return ts
}

func TestTransformAppend(t *testing.T) {
	m := cube(t)
	if v, a := m.Volume(), m.Area(); v != 1000 || a != 600 {
		t.Fatalf("cube volume %g area %g", v, a)
	}
	// A mirror keeps the mesh valid (triangles are reversed).
	mir := affine.Transform{R: [3][3]float64{{-1, 0, 0}, {0, 1, 0}, {0, 0, 1}}}
	c := m.Transformed(mir.RotateZ(90).Move(100, 0, 0))
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	bb := c.BBox()
	if bb.Min != (Vec3{90, -10, 0}) || bb.Max != (Vec3{100, 0, 10}) {
		t.Errorf("bbox %v", bb)
	}
	m.Append(c)
	if err := m.Check(); err != nil {
		t.Fatal(err)
	}
	if v := m.Volume(); math.Abs(v-2000) > 1e-9 {
		t.Errorf("volume %g, want 2000", v)
	}
}

func TestCapQuality(t *testing.T) {
	// Ear clipping alone leaves long slivers fanning out of a hole; the
	// Delaunay flips should leave no angle below 1° on the plate.
	rings, _ := testPlate(DefaultTolerance)
	pts, tris, err := TriangulateRings(rings)
	if err != nil {
		t.Fatal(err)
	}
	minAng := math.Pi
	for _, tr := range tris {
		for k := 0; k < 3; k++ {
			a, b, c := pts[tr[k]], pts[tr[(k+1)%3]], pts[tr[(k+2)%3]]
			u := profile.Point{X: b.X - a.X, Y: b.Y - a.Y}
			v := profile.Point{X: c.X - a.X, Y: c.Y - a.Y}
			ang := math.Atan2(math.Abs(u.X*v.Y-u.Y*v.X), u.X*v.X+u.Y*v.Y)
			minAng = math.Min(minAng, ang)
		}
	}
	t.Logf("%d cap triangles, smallest angle %.2f°", len(tris), minAng*180/math.Pi)
	// Every edge that is not a ring edge must be locally Delaunay: the
	// vertex opposite across it is not inside the other triangle's
	// circumcircle (within rounding).
	constrained := map[[2]int]bool{}
	type half struct{ a, b int }
	opp := map[half]int{}
	for _, tr := range tris {
		for k := 0; k < 3; k++ {
			opp[half{tr[k], tr[(k+1)%3]}] = tr[(k+2)%3]
		}
	}
	ringEdge := func(a, b int) bool { return constrained[[2]int{min(a, b), max(a, b)}] }
	nr, _ := normalizeRings(rings)
	_, idx := flatten(nr)
	for _, r := range idx {
		for k := range r {
			a, b := r[k], r[(k+1)%len(r)]
			constrained[[2]int{min(a, b), max(a, b)}] = true
		}
	}
	bad := 0
	for e, c := range opp {
		d, ok := opp[half{e.b, e.a}]
		if !ok || ringEdge(e.a, e.b) {
			continue
		}
		if inCircle(pts[e.a], pts[e.b], pts[c], pts[d]) {
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%d edges are not locally Delaunay", bad)
	}
}

func TestExtrudeRingsErrors(t *testing.T) {
	sq := []profile.Point{{X: 0, Y: 0}, {X: 10, Y: 0}, {X: 10, Y: 10}, {X: 0, Y: 10}}
	tests := []struct {
		name  string
		rings [][]profile.Point
		ring  int
	}{
		{"hole outside", [][]profile.Point{sq, {{X: 20, Y: 20}, {X: 21, Y: 20}, {X: 21, Y: 21}}}, 1},
		{"hole crossing boundary", [][]profile.Point{sq, {{X: 5, Y: 5}, {X: 15, Y: 5}, {X: 15, Y: 6}}}, 1},
		{"bow tie", [][]profile.Point{{{X: 0, Y: 0}, {X: 10, Y: 10}, {X: 10, Y: 0}, {X: 0, Y: 10}}}, 0},
		{"too few points", [][]profile.Point{{{X: 0, Y: 0}, {X: 1, Y: 1}, {X: 2, Y: 2}}}, 0},
	}
	for _, tc := range tests {
		_, err := ExtrudeRings(tc.rings, 1)
		var re *RegionError
		if !errors.As(err, &re) || re.Ring != tc.ring {
			t.Errorf("%s: got %v, want a RegionError on ring %d", tc.name, err, tc.ring)
		}
	}
}
