package stl

import (
	"bytes"
	"math"
	"testing"

	hstl "github.com/hschendel/stl"

	"github.com/fabkit/fabkit/geometry/mesh"
	"github.com/fabkit/fabkit/geometry/section"
)

func tube(t *testing.T) *mesh.Mesh {
	t.Helper()
	m, err := mesh.ExtrudeBar(mesh.Bar{
		Section: section.Section{Shape: section.RectTube, Width: 101.6, Height: 101.6, Wall: 6.35, Radius: 12.7},
		Length:  1000, End: section.End{Mitre: 45},
		Holes: []section.Hole{{At: 100, Face: section.Top, Diameter: 17.5, Through: true}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestRoundTrip(t *testing.T) {
	m := tube(t)
	var a, b bytes.Buffer
	if err := Write(&a, m, "f4 frame tube"); err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, m, "f4 frame tube"); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two writes differ")
	}
	if got, want := a.Len(), 84+50*m.NumTriangles(); got != want {
		t.Fatalf("%d bytes, want %d", got, want)
	}
	// Through hschendel/stl's own reader.
	s, err := hstl.ReadAll(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Triangles) != m.NumTriangles() {
		t.Errorf("%d triangles read, want %d", len(s.Triangles), m.NumTriangles())
	}
	ms := s.Measure()
	bb := m.BBox()
	for k, p := range [][2]float64{{float64(ms.Min[0]), bb.Min.X}, {float64(ms.Min[1]), bb.Min.Y}, {float64(ms.Min[2]), bb.Min.Z},
		{float64(ms.Max[0]), bb.Max.X}, {float64(ms.Max[1]), bb.Max.Y}, {float64(ms.Max[2]), bb.Max.Z}} {
		if math.Abs(p[0]-p[1]) > 1e-4 {
			t.Errorf("bbox coordinate %d: read %g, mesh %g", k, p[0], p[1])
		}
	}
	if string(a.Bytes()[:5]) == "solid" {
		t.Error("binary header starts with \"solid\"")
	}
	// Back to an indexed mesh: still closed at float32.
	r, err := Read(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Check(); err != nil {
		t.Fatal(err)
	}
	if rel := math.Abs(r.Volume()-m.Volume()) / m.Volume(); rel > 1e-6 {
		t.Errorf("volume after float32 round trip off by %g", rel)
	}
}

func TestNilMesh(t *testing.T) {
	if err := Write(&bytes.Buffer{}, nil, "x"); err == nil {
		t.Error("no error for a nil mesh")
	}
}

// TestNormalsMatchStoredVertices: far from the origin, 32-bit coordinates
// turn thin faces; each stored normal must still be the unit normal of the
// facet's stored vertices (what admesh and slicers recompute, to 1e-3 per
// component), computed here in float32 as such readers do.
func TestNormalsMatchStoredVertices(t *testing.T) {
	m := tube(t)
	for i := range m.Vertices {
		m.Vertices[i] = m.Vertices[i].Add(mesh.Vec3{X: 1800.123, Y: -1500.7, Z: 900.3})
	}
	var buf bytes.Buffer
	if err := Write(&buf, m, "far"); err != nil {
		t.Fatal(err)
	}
	s, err := hstl.ReadAll(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	worst := 0.0
	for _, tr := range s.Triangles {
		v := tr.Vertices
		var d1, d2 [3]float32
		for k := 0; k < 3; k++ {
			d1[k], d2[k] = v[1][k]-v[0][k], v[2][k]-v[0][k]
		}
		n := [3]float64{
			float64(d1[1])*float64(d2[2]) - float64(d1[2])*float64(d2[1]),
			float64(d1[2])*float64(d2[0]) - float64(d1[0])*float64(d2[2]),
			float64(d1[0])*float64(d2[1]) - float64(d1[1])*float64(d2[0]),
		}
		l := math.Sqrt(n[0]*n[0] + n[1]*n[1] + n[2]*n[2])
		if l == 0 {
			t.Fatal("a facet has no area at float32")
		}
		for k := 0; k < 3; k++ {
			worst = max(worst, math.Abs(n[k]/l-float64(tr.Normal[k])))
		}
	}
	if worst > 1e-5 {
		t.Errorf("stored normals differ from the stored vertices' normals by up to %g", worst)
	}
}

// TestSameBytesAsHschendel writes a tube with Write and through
// hschendel/stl's own binary writer, given the same header and facets:
// the files must be byte for byte the same.
func TestSameBytesAsHschendel(t *testing.T) {
	m := tube(t)
	const name = "a name long enough to be cut at the header's eighty bytes, and then some more"
	var got bytes.Buffer
	if err := Write(&got, m, name); err != nil {
		t.Fatal(err)
	}
	header := make([]byte, 80)
	copy(header, headerPrefix+name)
	s := &hstl.Solid{BinaryHeader: header}
	for _, tr := range m.Triangles {
		var f hstl.Triangle
		for k := range 3 {
			v := m.Vertices[tr[k]]
			f.Vertices[k] = hstl.Vec3{float32(v.X), float32(v.Y), float32(v.Z)}
		}
		f.Normal = storedNormal(f.Vertices)
		s.Triangles = append(s.Triangles, f)
	}
	var want bytes.Buffer
	if err := s.WriteAll(&want); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("Write gives %d bytes, hschendel/stl %d, and they differ", got.Len(), want.Len())
	}
}
