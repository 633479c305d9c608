package mesh_test

import (
	"context"
	"math"
	"reflect"
	"testing"

	"github.com/deadsy/sdfx/sdf"
	v3 "github.com/deadsy/sdfx/vec/v3"

	"github.com/fabkit/fabkit/geometry/mesh"
	"github.com/fabkit/fabkit/geometry/solid"
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

func BenchmarkSimplify(b *testing.B) {
	m := marched(b, bracket(), 0.25)
	var out *mesh.Mesh
	for b.Loop() {
		out = mesh.Simplify(m, mesh.SimplifyOptions{Tolerance: 0.25 / 4})
	}
	b.ReportMetric(float64(m.NumTriangles()), "facets_in")
	b.ReportMetric(float64(out.NumTriangles()), "facets_out")
}

var _ = reflect.DeepEqual
