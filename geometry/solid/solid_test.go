package solid

import (
	"context"
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/deadsy/sdfx/sdf"
	v2 "github.com/deadsy/sdfx/vec/v2"
	v3 "github.com/deadsy/sdfx/vec/v3"
	"github.com/fabkit/fabkit/geometry/mesh"
)

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func boxWithHole() (sdf.SDF3, float64) {
	box := must(sdf.Box3D(v3.Vec{X: 60, Y: 40, Z: 20}, 0))
	hole := must(sdf.Cylinder3D(30, 8, 0))
	return sdf.Difference3D(box, hole), 60*40*20 - math.Pi*64*20
}

// freeForm is a part with smooth blends: a plate and a boss joined by a
// fillet, minus a ring of holes.
func freeForm() sdf.SDF3 {
	plate := must(sdf.Box3D(v3.Vec{X: 120, Y: 80, Z: 10}, 2))
	boss := sdf.Transform3D(must(sdf.Cylinder3D(30, 20, 3)), sdf.Translate3d(v3.Vec{Z: 12}))
	u := sdf.Union3D(plate, boss)
	u.(*sdf.UnionSDF3).SetMin(sdf.PolyMin(4))
	var holes []sdf.SDF3
	for i := 0; i < 8; i++ {
		a := float64(i) * math.Pi / 4
		holes = append(holes, sdf.Transform3D(must(sdf.Cylinder3D(40, 4, 0)), sdf.Translate3d(v3.Vec{X: 45 * math.Cos(a), Y: 30 * math.Sin(a)})))
	}
	return sdf.Difference3D(u, sdf.Union3D(holes...))
}

func TestRenderVolumes(t *testing.T) {
	bwh, bwhV := boxWithHole()
	tests := []struct {
		name   string
		s      sdf.SDF3
		cell   float64
		volume float64
		rel    float64
	}{
		{"sphere r=20", must(sdf.Sphere3D(20)), 0.5, 4.0 / 3 * math.Pi * 8000, 2e-3},
		{"box with hole", bwh, 0.5, bwhV, 5e-3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Render(context.Background(), tc.s, Options{Cell: tc.cell})
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Mesh.Check(); err != nil {
				t.Fatal(err)
			}
			v := r.Mesh.Volume()
			rel := (v - tc.volume) / tc.volume
			if math.Abs(rel) > tc.rel {
				t.Errorf("volume %.1f, analytic %.1f: relative error %.3g > %g", v, tc.volume, rel, tc.rel)
			}
			t.Logf("%d facets, cells %v, volume rel error %.2g, pruned %v", r.Mesh.NumTriangles(), r.Cells, rel, r.Pruned)
		})
	}
}

func TestRenderWorkersIdentical(t *testing.T) {
	s := freeForm()
	var prev *Result
	for _, w := range []int{1, 2, 3} {
		r, err := Render(context.Background(), s, Options{Cell: 1, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		if prev != nil && (!reflect.DeepEqual(prev.Mesh.Vertices, r.Mesh.Vertices) || !reflect.DeepEqual(prev.Mesh.Triangles, r.Mesh.Triangles)) {
			t.Fatalf("workers=%d gives a different mesh from workers=1", w)
		}
		prev = r
	}
}

func TestRenderPrunedEqualsExhaustive(t *testing.T) {
	s, _ := boxWithHole()
	a := must(Render(context.Background(), s, Options{Cell: 1}))
	b := must(Render(context.Background(), s, Options{Cell: 1, Exhaustive: true}))
	if !a.Pruned || b.Pruned {
		t.Fatalf("pruned flags %v %v", a.Pruned, b.Pruned)
	}
	if !reflect.DeepEqual(a.Mesh, b.Mesh) {
		t.Error("pruning changed the mesh of a true distance function")
	}
}

// TestRenderTwist: sdfx's TwistExtrude3D overestimates distance, which
// makes octree renderers skip space that holds surface. The mesh must still
// come out closed (through the exhaustive fallback if pruning was fooled).
func TestRenderTwist(t *testing.T) {
	cross := sdf.Box2D(v2.Vec{X: 40, Y: 6}, 0)
	tw := sdf.TwistExtrude3D(cross, 60, 4*math.Pi)
	r, err := Render(context.Background(), tw, Options{Cell: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Mesh.Check(); err != nil {
		t.Fatal(err)
	}
	// Twisting keeps every slice's area: volume = 40*6*60.
	v := r.Mesh.Volume()
	if rel := (v - 40*6*60) / (40 * 6 * 60); math.Abs(rel) > 0.01 {
		t.Errorf("volume %.1f, want %.1f (rel %.3g)", v, 40.0*6*60, rel)
	}
	t.Logf("%d facets; pruned pass rejected: %v", r.Mesh.NumTriangles(), r.PrunedErr)
}

func TestRenderFallback(t *testing.T) {
	// An SDF scaled up 20× claims far more distance than it has: pruning
	// must be caught by validation and the exhaustive pass used instead.
	s := sdf.ScaleUniform3D(must(sdf.Sphere3D(10)), 1)
	liar := Lipschitz(s, 20)
	r, err := Render(context.Background(), liar, Options{Cell: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if r.Pruned || r.PrunedErr == nil {
		t.Errorf("pruned=%v prunedErr=%v: expected a rejected pruned pass", r.Pruned, r.PrunedErr)
	}
	t.Log(r.PrunedErr)
}

func TestRenderCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Render(ctx, freeForm(), Options{Cell: 0.5})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// TestSlabCellsKeepTheSurface: cells the surface crosses as a flat face
// does (two triangles each instead of up to twelve from their tetrahedra)
// must mesh the same surface as the tetrahedra, across block boundaries
// too, with far fewer triangles on flat faces and no change on curves.
func TestSlabCellsKeepTheSurface(t *testing.T) {
	bored, _ := boxWithHole()
	tilted := sdf.Transform3D(must(sdf.Box3D(v3.Vec{X: 50, Y: 30, Z: 20}, 0)), sdf.RotateZ(0.3).Mul(sdf.RotateX(0.2)))
	sphere := must(sdf.Sphere3D(15))
	for _, c := range []struct {
		name    string
		s       sdf.SDF3
		atMost  float64 // slab triangles over tetrahedra triangles
		atLeast float64
	}{
		{"bored box", bored, 0.45, 0},
		{"tilted box", tilted, 0.8, 0},
		{"sphere", sphere, 1, 0.95},
	} {
		t.Run(c.name, func(t *testing.T) {
			march := func(tetsOnly bool) *mesh.Mesh {
				g, err := newGrid(Compile(c.s), Options{Cell: 0.7})
				if err != nil {
					t.Fatal(err)
				}
				g.tetsOnly = tetsOnly
				m, err := g.render(context.Background(), 2, 1)
				if err != nil {
					t.Fatal(err)
				}
				if err := m.Check(); err != nil {
					t.Fatalf("tetsOnly %v: %v", tetsOnly, err)
				}
				return m
			}
			slab, tets := march(false), march(true)
			for _, q := range []struct {
				what   string
				got, w float64
			}{{"volume", slab.Volume(), tets.Volume()}, {"area", slab.Area(), tets.Area()}} {
				if rel := math.Abs(q.got-q.w) / q.w; rel > 1e-6 {
					t.Errorf("%s %.6f with slab cells, %.6f with tetrahedra (rel %.2g)", q.what, q.got, q.w, rel)
				}
			}
			ratio := float64(slab.NumTriangles()) / float64(tets.NumTriangles())
			if ratio > c.atMost || ratio < c.atLeast {
				t.Errorf("%d triangles with slab cells, %d with tetrahedra: ratio %.3f outside [%.2f, %.2f]",
					slab.NumTriangles(), tets.NumTriangles(), ratio, c.atLeast, c.atMost)
			}
			t.Logf("%d -> %d triangles (%.3f)", tets.NumTriangles(), slab.NumTriangles(), ratio)
		})
	}
}
