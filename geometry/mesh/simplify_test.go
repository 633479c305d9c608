package mesh_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/deadsy/sdfx/sdf"
	v3 "github.com/deadsy/sdfx/vec/v3"

	"github.com/fabkit/fabkit/geometry/affine"
	"github.com/fabkit/fabkit/geometry/mesh"
	"github.com/fabkit/fabkit/geometry/solid"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/geometry/section"
)

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// marched meshes s with marching tetrahedra at the given cell, without
// simplification.
func marched(t testing.TB, s sdf.SDF3, cell float64) *mesh.Mesh {
	t.Helper()
	r, err := solid.Render(context.Background(), s, solid.Options{Cell: cell, NoSimplify: true})
	if err != nil {
		t.Fatal(err)
	}
	return r.Mesh
}

// bracket is a block with a stepped top, two through bores, a cross bore
// and a hexagonal pocket: flat faces, axis-aligned and rotated cylinders,
// and tilted planes.
func bracket() sdf.SDF3 {
	block := must(sdf.Box3D(v3.Vec{X: 60, Y: 40, Z: 24}, 0))
	step := sdf.Transform3D(must(sdf.Box3D(v3.Vec{X: 30, Y: 41, Z: 12}, 0)), sdf.Translate3d(v3.Vec{X: 15, Z: 12}))
	bore := func(x, y, r float64) sdf.SDF3 {
		return sdf.Transform3D(must(sdf.Cylinder3D(30, r, 0)), sdf.Translate3d(v3.Vec{X: x, Y: y}))
	}
	cross := sdf.Transform3D(must(sdf.Cylinder3D(70, 3, 0)), sdf.Translate3d(v3.Vec{Z: -4}).Mul(sdf.RotateY(math.Pi/2)))
	hex := sdf.Transform3D(must(sdf.Cylinder3D(10, 6, 0)), sdf.Translate3d(v3.Vec{X: -15, Y: 10, Z: 10}))
	return sdf.Difference3D(block, sdf.Union3D(step, bore(-15, 0, 4), bore(20, -10, 6), cross, hex))
}

// BenchmarkSimplify simplifies the bracket meshed at 0.4 mm (about 570k
// triangles).
func BenchmarkSimplify(b *testing.B) {
	m := marched(b, bracket(), 0.4)
	var out *mesh.Mesh
	for b.Loop() {
		out = mesh.Simplify(m, mesh.SimplifyOptions{Tolerance: 0.1})
	}
	b.ReportMetric(float64(m.NumTriangles()), "facets_in")
	b.ReportMetric(float64(out.NumTriangles()), "facets_out")
}

func relDiff(a, b float64) float64 { return math.Abs(a-b) / math.Abs(b) }

// euler returns V - E + F of a closed mesh (E = 3F/2).
func euler(m *mesh.Mesh) int {
	return len(m.Vertices) - 3*len(m.Triangles)/2 + len(m.Triangles)
}

// TestSimplifyFlat: a box's faces and the flat strips marching leaves
// along its edges are re-triangulated without moving anything, so the
// volume is unchanged; only the rounded corners keep many triangles.
func TestSimplifyFlat(t *testing.T) {
	box := sdf.Transform3D(must(sdf.Box3D(v3.Vec{X: 60.3, Y: 40.1, Z: 20.7}, 0)), sdf.Translate3d(v3.Vec{X: 0.13, Y: 0.07, Z: 0.21}))
	m := marched(t, box, 0.5)
	s := mesh.Simplify(m, mesh.SimplifyOptions{})
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	if rel := relDiff(s.Volume(), m.Volume()); rel > 1e-9 {
		t.Errorf("volume %.9g, marched %.9g: relative change %.2g > 1e-9", s.Volume(), m.Volume(), rel)
	}
	if f := m.NumTriangles() / s.NumTriangles(); f < 50 {
		t.Errorf("%d → %d triangles: only %dx fewer", m.NumTriangles(), s.NumTriangles(), f)
	}
	if euler(s) != 2 {
		t.Errorf("Euler characteristic %d, want 2", euler(s))
	}
	t.Logf("box: %d → %d triangles", m.NumTriangles(), s.NumTriangles())
}

// TestSimplifyRefinedCube: a cube whose faces are split at random points
// (exactly in their planes) simplifies back to 12 triangles on its 8
// corners.
func TestSimplifyRefinedCube(t *testing.T) {
	m, err := mesh.ExtrudeRings([][]profile.Point{{{X: 0, Y: 0}, {X: 10, Y: 0}, {X: 10, Y: 10}, {X: 0, Y: 10}}}, 10)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		i := rng.IntN(len(m.Triangles))
		tr := m.Triangles[i]
		a, b, c := m.Vertices[tr[0]], m.Vertices[tr[1]], m.Vertices[tr[2]]
		u, w := rng.Float64(), rng.Float64()
		if u+w > 1 {
			u, w = 1-u, 1-w
		}
		p := a.Add(b.Sub(a).Scale(u)).Add(c.Sub(a).Scale(w))
		// Snap the coordinate across the (axis-aligned) face.
		n := m.Normal(i)
		switch {
		case math.Abs(n.X) > 0.5:
			p.X = a.X
		case math.Abs(n.Y) > 0.5:
			p.Y = a.Y
		default:
			p.Z = a.Z
		}
		// Skip splits that would make a sliver (a face lower than 1e-4 mm
		// over its longest edge), which Check rejects.
		low := func(x, y, z mesh.Vec3) bool {
			l := math.Sqrt(max(y.Sub(x).Dot(y.Sub(x)), z.Sub(y).Dot(z.Sub(y)), x.Sub(z).Dot(x.Sub(z))))
			return y.Sub(x).Cross(z.Sub(x)).Len() < 1e-4*l
		}
		if low(b, c, p) || low(c, a, p) || low(a, b, p) {
			continue
		}
		k := int32(len(m.Vertices))
		m.Vertices = append(m.Vertices, p)
		m.Triangles[i] = [3]int32{tr[0], tr[1], k}
		m.Triangles = append(m.Triangles, [3]int32{tr[1], tr[2], k}, [3]int32{tr[2], tr[0], k})
	}
	if err := m.Check(); err != nil {
		t.Fatal(err)
	}
	s := mesh.Simplify(m, mesh.SimplifyOptions{})
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	if s.NumTriangles() != 12 || len(s.Vertices) != 8 || math.Abs(s.Volume()-1000) > 1e-9 {
		t.Errorf("%d triangles on %d vertices, volume %.12g; want 12 on 8, 1000", s.NumTriangles(), len(s.Vertices), s.Volume())
	}
}

// TestSimplifyCurved: with a tolerance, a sphere loses most triangles and
// its volume moves by less than tolerance × area.
func TestSimplifyCurved(t *testing.T) {
	m := marched(t, must(sdf.Sphere3D(20)), 0.5)
	const tol = 0.125
	s := mesh.Simplify(m, mesh.SimplifyOptions{Tolerance: tol})
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	dv := math.Abs(s.Volume() - m.Volume())
	if bound := tol * m.Area(); dv > bound {
		t.Errorf("volume moved %.3g mm³, more than tolerance × area = %.3g", dv, bound)
	}
	t.Logf("sphere: %d → %d triangles, volume %.6g → %.6g (%.2g relative)", m.NumTriangles(), s.NumTriangles(), m.Volume(), s.Volume(), dv/m.Volume())
}

// TestSimplifyHoles: a block with three through bores, a cross bore and a
// pocket keeps its genus (Euler characteristic) and stays closed.
func TestSimplifyHoles(t *testing.T) {
	m := marched(t, bracket(), 0.5)
	for _, tol := range []float64{0, 0.125} {
		s := mesh.Simplify(m, mesh.SimplifyOptions{Tolerance: tol})
		if err := s.Check(); err != nil {
			t.Fatal(err)
		}
		if euler(s) != euler(m) {
			t.Errorf("tolerance %g: Euler characteristic %d, marched %d", tol, euler(s), euler(m))
		}
		dv := math.Abs(s.Volume() - m.Volume())
		if bound := math.Max(tol*m.Area(), 1e-9*m.Volume()); dv > bound {
			t.Errorf("tolerance %g: volume moved %.3g mm³ > %.3g", tol, dv, bound)
		}
		if m.NumTriangles() < 10*s.NumTriangles() {
			t.Errorf("tolerance %g: %d → %d triangles, less than 10x fewer", tol, m.NumTriangles(), s.NumTriangles())
		}
		t.Logf("tolerance %g: %d → %d triangles, Euler characteristic %d, volume change %.2g", tol, m.NumTriangles(), s.NumTriangles(), euler(s), dv/m.Volume())
	}
}

func TestSimplifyDeterministic(t *testing.T) {
	m := marched(t, bracket(), 0.5)
	opt := mesh.SimplifyOptions{Tolerance: 0.125}
	a := mesh.Simplify(m, opt)
	b := mesh.Simplify(m.Clone(), opt)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs differ")
	}
}

// TestSimplifyExact: the exact meshes of plates and profiles, moved by
// random rigid transforms (so their planes are no longer axis-aligned),
// stay valid and keep their volume.
func TestSimplifyExact(t *testing.T) {
	plate, err := mesh.ExtrudeRings([][]profile.Point{
		{{X: 0, Y: 0}, {X: 100, Y: 0}, {X: 100, Y: 60}, {X: 50, Y: 60}, {X: 50, Y: 30}, {X: 0, Y: 30}},
		mesh.Circle(profile.Point{X: 20, Y: 15}, 6, 0.05),
		mesh.Circle(profile.Point{X: 80, Y: 30}, 10, 0.05),
	}, 6)
	if err != nil {
		t.Fatal(err)
	}
	tube, err := mesh.ExtrudeBar(mesh.Bar{
		Section: section.Section{Shape: section.RectTube, Width: 50, Height: 50, Wall: 4, Radius: 8},
		Length:  300, End: section.End{Mitre: 45},
		Holes: []section.Hole{{At: 100, Face: section.Top, Diameter: 12, Through: true}},
	})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for name, m := range map[string]*mesh.Mesh{"plate": plate, "tube": tube} {
		for i := range 5 {
			a := affine.Identity()
			if i > 0 {
				deg := func() float64 { return rng.Float64() * 6 * 180 / math.Pi }
				a = a.RotateX(deg()).RotateY(deg()).RotateZ(deg()).Move(rng.Float64()*100, rng.Float64()*100, 0)
			}
			mm := m.Transformed(a)
			for _, tol := range []float64{0, 0.05} {
				s := mesh.Simplify(mm, mesh.SimplifyOptions{Tolerance: tol})
				if err := s.Check(); err != nil {
					t.Fatalf("%s %d tolerance %g: %v", name, i, tol, err)
				}
				dv := math.Abs(s.Volume() - mm.Volume())
				if bound := math.Max(tol*mm.Area(), 1e-9*mm.Volume()); dv > bound {
					t.Errorf("%s %d tolerance %g: volume moved %.3g > %.3g", name, i, tol, dv, bound)
				}
				if euler(s) != euler(mm) {
					t.Errorf("%s %d tolerance %g: Euler characteristic %d → %d", name, i, tol, euler(mm), euler(s))
				}
				if i == 0 {
					t.Logf("%s tolerance %g: %d → %d triangles", name, tol, mm.NumTriangles(), s.NumTriangles())
				}
			}
		}
	}
}

func TestSimplifyOpenMeshUnchanged(t *testing.T) {
	m, _ := mesh.ExtrudeRings([][]profile.Point{{{X: 0, Y: 0}, {X: 10, Y: 0}, {X: 10, Y: 10}, {X: 0, Y: 10}}}, 10)
	m.Triangles = m.Triangles[1:]
	s := mesh.Simplify(m, mesh.SimplifyOptions{Tolerance: 1})
	if !reflect.DeepEqual(s, m) {
		t.Error("an open mesh was changed")
	}
}

// A cancelled context stops SimplifyContext with the context's error; a
// live one gives Simplify's mesh.
func TestSimplifyContextCancelled(t *testing.T) {
	m := marched(t, bracket(), 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if out, err := mesh.SimplifyContext(ctx, m, mesh.SimplifyOptions{Tolerance: 0.1}); !errors.Is(err, context.Canceled) || out != nil {
		t.Errorf("cancelled: %v, %v", out, err)
	}
	out, err := mesh.SimplifyContext(context.Background(), m, mesh.SimplifyOptions{Tolerance: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	if want := mesh.Simplify(m, mesh.SimplifyOptions{Tolerance: 0.1}); out.NumTriangles() != want.NumTriangles() || out.NumTriangles() >= m.NumTriangles() {
		t.Errorf("SimplifyContext gave %d triangles, Simplify %d, from %d", out.NumTriangles(), want.NumTriangles(), m.NumTriangles())
	}
}

// TestSimplifyChecked: a mesh that passes Check simplifies as
// SimplifyContext does; one that fails gets Check's own error, whether its
// edges are broken (no half-edge view) or only a vertex or face is.
func TestSimplifyChecked(t *testing.T) {
	m := marched(t, bracket(), 1)
	want, err := mesh.SimplifyContext(context.Background(), m, mesh.SimplifyOptions{Tolerance: 0.25})
	if err != nil {
		t.Fatal(err)
	}
	got, err := mesh.SimplifyChecked(context.Background(), m, mesh.SimplifyOptions{Tolerance: 0.25})
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("SimplifyChecked differs from SimplifyContext (err %v)", err)
	}
	open := m.Clone()
	open.Triangles = open.Triangles[1:]
	unused := m.Clone()
	unused.Vertices = append(unused.Vertices, mesh.Vec3{X: 1e3})
	inward := m.Clone()
	for i, tr := range inward.Triangles {
		inward.Triangles[i] = [3]int32{tr[0], tr[2], tr[1]}
	}
	for name, bad := range map[string]*mesh.Mesh{"open": open, "unused vertex": unused, "inward": inward} {
		want := bad.Check()
		_, err := mesh.SimplifyChecked(context.Background(), bad, mesh.SimplifyOptions{})
		var ce *mesh.CheckError
		if want == nil || !errors.As(err, &ce) || err.Error() != want.Error() {
			t.Errorf("%s: SimplifyChecked error %v, Check %v", name, err, want)
		}
	}
}

// boxWithBore is a 60×40×20 block with a through bore of radius 8 along Z,
// and its analytic volume.
func boxWithBore() (sdf.SDF3, float64) {
	box := must(sdf.Box3D(v3.Vec{X: 60, Y: 40, Z: 20}, 0))
	bore := must(sdf.Cylinder3D(30, 8, 0))
	return sdf.Difference3D(box, bore), 60*40*20 - math.Pi*64*20
}

// TestSimplifyCollapseKeepsVolume: edge collapse places each merged vertex
// so that the enclosed volume stays that of the flat stage (which keeps
// the marched volume), on curved solids and solids with bores; so the
// final volume is as close to the true one as the marched mesh is.
func TestSimplifyCollapseKeepsVolume(t *testing.T) {
	bwb, bwbV := boxWithBore()
	tests := []struct {
		name string
		s    sdf.SDF3
		true float64 // analytic volume, or 0
	}{
		{"sphere r=20", must(sdf.Sphere3D(20)), 4.0 / 3 * math.Pi * 8000},
		{"box with bore", bwb, bwbV},
		{"bracket", bracket(), 0},
	}
	const cell = 0.5
	for _, tc := range tests {
		m := marched(t, tc.s, cell)
		flat := mesh.Simplify(m, mesh.SimplifyOptions{})
		s := mesh.Simplify(m, mesh.SimplifyOptions{Tolerance: cell / 4})
		if err := s.Check(); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if d := relDiff(s.Volume(), flat.Volume()); d > 1e-9 {
			t.Errorf("%s: collapse moved the volume by %.3g relative (%.6f → %.6f)", tc.name, d, flat.Volume(), s.Volume())
		}
		if 2*s.NumTriangles() > flat.NumTriangles() {
			t.Errorf("%s: collapse took %d to %d triangles, less than half", tc.name, flat.NumTriangles(), s.NumTriangles())
		}
		if tc.true > 0 && relDiff(s.Volume(), tc.true) > relDiff(m.Volume(), tc.true)+1e-9 {
			t.Errorf("%s: volume %.3f, analytic %.3f: further than the marched %.3f", tc.name, s.Volume(), tc.true, m.Volume())
		}
		t.Logf("%s: %d → %d → %d triangles, volume %.4f → %.4f (analytic %.4f)", tc.name, m.NumTriangles(), flat.NumTriangles(), s.NumTriangles(), flat.Volume(), s.Volume(), tc.true)
	}
}

// TestSimplifyVolumeIndependentOfOrder: the same marched mesh with its
// vertices and triangles shuffled is triangulated differently by the flat
// stage, so edge collapse sees other stars and takes other collapses; the
// final volumes still agree with each other and with the flat stage's.
func TestSimplifyVolumeIndependentOfOrder(t *testing.T) {
	m := marched(t, bracket(), 0.5)
	rng := rand.New(rand.NewPCG(1, 2))
	perm := rng.Perm(len(m.Vertices))
	shuffled := &mesh.Mesh{Vertices: make([]mesh.Vec3, len(m.Vertices))}
	for i, p := range perm {
		shuffled.Vertices[p] = m.Vertices[i]
	}
	for _, tr := range m.Triangles {
		k := rng.IntN(3) // which corner comes first
		shuffled.Triangles = append(shuffled.Triangles, [3]int32{int32(perm[tr[k]]), int32(perm[tr[(k+1)%3]]), int32(perm[tr[(k+2)%3]])})
	}
	rng.Shuffle(len(shuffled.Triangles), func(i, j int) {
		shuffled.Triangles[i], shuffled.Triangles[j] = shuffled.Triangles[j], shuffled.Triangles[i]
	})
	opt := mesh.SimplifyOptions{Tolerance: 0.125}
	a, b := mesh.Simplify(m, opt), mesh.Simplify(shuffled, opt)
	fa, fb := mesh.Simplify(m, mesh.SimplifyOptions{}), mesh.Simplify(shuffled, mesh.SimplifyOptions{})
	if d := relDiff(fa.Volume(), fb.Volume()); d > 1e-12 {
		t.Fatalf("flat stages' volumes differ by %.3g relative", d)
	}
	if d := relDiff(a.Volume(), b.Volume()); d > 1e-9 {
		t.Errorf("volumes %.6f and %.6f differ by %.3g relative", a.Volume(), b.Volume(), d)
	}
	if a.NumTriangles() == b.NumTriangles() && relDiff(a.Area(), b.Area()) < 1e-12 {
		t.Error("the shuffled mesh simplified to the same surface: the test shows nothing")
	}
	t.Logf("%d and %d triangles, volumes %.6f and %.6f, areas %.4f and %.4f", a.NumTriangles(), b.NumTriangles(), a.Volume(), b.Volume(), a.Area(), b.Area())
}
