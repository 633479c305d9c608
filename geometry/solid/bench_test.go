package solid

import (
	"context"
	"math"
	"testing"

	"github.com/deadsy/sdfx/render"
	"github.com/deadsy/sdfx/sdf"
	v2 "github.com/deadsy/sdfx/vec/v2"

	"github.com/fabkit/fabkit/geometry/mesh"
)

// weld turns an sdfx triangle soup into an indexed mesh, merging vertices
// whose float32 coordinates are equal and dropping collapsed triangles.
func weld(ts []*sdf.Triangle3) *mesh.Mesh {
	m := &mesh.Mesh{}
	type key [3]float32
	ids := map[key]int32{}
	for _, t := range ts {
		var tri [3]int32
		for k, v := range t {
			kk := key{float32(v.X), float32(v.Y), float32(v.Z)}
			id, ok := ids[kk]
			if !ok {
				id = int32(len(m.Vertices))
				ids[kk] = id
				m.Vertices = append(m.Vertices, mesh.Vec3{X: float64(kk[0]), Y: float64(kk[1]), Z: float64(kk[2])})
			}
			tri[k] = id
		}
		if tri[0] != tri[1] && tri[1] != tri[2] && tri[2] != tri[0] {
			m.Triangles = append(m.Triangles, tri)
		}
	}
	return m
}

// TestSDFXOctreeTwistHoles documents why Render validates and falls back:
// sdfx's own octree renderer leaves the twisted bar of TestRenderTwist open.
func TestSDFXOctreeTwistHoles(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	tw := sdf.TwistExtrude3D(sdf.Box2D(v2.Vec{X: 40, Y: 6}, 0), 60, 4*math.Pi)
	m := weld(render.ToTriangles(tw, render.NewMarchingCubesOctree(120)))
	err := m.Check()
	if err == nil {
		t.Skip("sdfx's octree closed this twist at this version; the fallback test proves nothing here")
	}
	t.Logf("sdfx octree: %v", err)
}

func benchRender(b *testing.B, workers int) {
	s := freeForm()
	var r *Result
	for b.Loop() {
		var err error
		if r, err = Render(context.Background(), s, Options{Cell: 0.5, Workers: workers}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(r.Mesh.NumTriangles()), "facets")
}

// BenchmarkRenderFreeForm1 and 2 render the same filleted part with 1 and 2
// workers (identical meshes; see TestRenderWorkersIdentical).
func BenchmarkRenderFreeForm1(b *testing.B) { benchRender(b, 1) }

// BenchmarkRenderFreeForm2 is BenchmarkRenderFreeForm1 on 2 workers.
func BenchmarkRenderFreeForm2(b *testing.B) { benchRender(b, 2) }

// BenchmarkSDFXOctreeFreeForm is sdfx's single-threaded octree on the same
// part at the same cell size, for comparison.
func BenchmarkSDFXOctreeFreeForm(b *testing.B) {
	s := freeForm()
	cells := int(math.Ceil(s.BoundingBox().Size().MaxComponent() / 0.5))
	var n int
	for b.Loop() {
		n = len(render.ToTriangles(s, render.NewMarchingCubesOctree(cells)))
	}
	b.ReportMetric(float64(n), "facets")
}
