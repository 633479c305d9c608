package pipeline_test

import (
	"context"
	"syscall"
	"testing"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/geometry/solid"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/pipeline"
)

// BenchmarkCEBPress builds the whole CEB press, every output included,
// and reports the CPU seconds a build takes on all cores.
func BenchmarkCEBPress(b *testing.B) {
	d, err := designs.Get("ceb-press")
	if err != nil {
		b.Fatal(err)
	}
	var files, facets int
	start := cpuSeconds()
	for i := 0; i < b.N; i++ {
		res, err := pipeline.Run(context.Background(), pipeline.Request{Design: d, Preset: "classic-6x12"})
		if err != nil {
			b.Fatal(err)
		}
		files, facets = len(res.Files), 0
		for _, p := range res.Parts {
			facets += p.Facets
		}
	}
	b.ReportMetric((cpuSeconds()-start)/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(files), "files")
	b.ReportMetric(float64(facets), "facets")
}

// BenchmarkCEBPressMeshes meshes, checks and writes every CEB press part
// and the assembly (STL and 3MF): the geometry half of a build.
func BenchmarkCEBPressMeshes(b *testing.B) {
	d, err := designs.Get("ceb-press")
	if err != nil {
		b.Fatal(err)
	}
	var facets int
	for i := 0; i < b.N; i++ {
		res, err := pipeline.Run(context.Background(), pipeline.Request{Design: d, Preset: "classic-6x12", Only: []string{"stl"}})
		if err != nil {
			b.Fatal(err)
		}
		facets = 0
		for _, p := range res.Parts {
			facets += p.Facets * p.Qty
		}
	}
	b.ReportMetric(float64(facets), "assembly-facets")
}

// BenchmarkD3D builds the D3D printer at its 12in preset, every output
// included, and reports the CPU seconds a build takes on all cores.
func BenchmarkD3D(b *testing.B) {
	d, err := designs.Get("d3d")
	if err != nil {
		b.Fatal(err)
	}
	start := cpuSeconds()
	for i := 0; i < b.N; i++ {
		if _, err := pipeline.Run(context.Background(), pipeline.Request{Design: d, Preset: "12in"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuSeconds()-start)/float64(b.N), "cpu-s/op")
}

// cpuSeconds is the user and system CPU time of this process so far.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

// BenchmarkD3DMeshes meshes every printed part of the D3D 12in model from
// its SDF, as the design stage's print estimate does on a cold mesh cache
// (marching, simplification and both checks), and reports the CPU seconds
// of that and of marching alone (Render with NoSimplify), the triangles
// marched and the facets kept.
func BenchmarkD3DMeshes(b *testing.B) {
	d, err := designs.Get("d3d")
	if err != nil {
		b.Fatal(err)
	}
	res, err := pipeline.Run(context.Background(), pipeline.Request{Design: d, Preset: "12in", Only: []string{"stl"}, NoAssemblyCheck: true})
	if err != nil {
		b.Fatal(err)
	}
	var parts []*model.Part
	for _, p := range res.Model.Parts {
		if p.Solid != nil {
			parts = append(parts, p)
		}
	}
	var march, whole float64
	var marched, facets int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		marched, facets = 0, 0
		t0 := cpuSeconds()
		for _, p := range parts {
			r, err := solid.Render(context.Background(), p.Solid.Shape, solid.Options{Cell: p.Solid.Tolerance, NoSimplify: true})
			if err != nil {
				b.Fatal(err)
			}
			marched += r.Marched
		}
		t1 := cpuSeconds()
		for _, p := range parts {
			r, err := solid.Render(context.Background(), p.Solid.Shape, solid.Options{Cell: p.Solid.Tolerance})
			if err != nil {
				b.Fatal(err)
			}
			facets += r.Mesh.NumTriangles()
		}
		march += t1 - t0
		whole += cpuSeconds() - t1
	}
	b.ReportMetric(whole/float64(b.N), "cpu-s/op")
	b.ReportMetric(march/float64(b.N), "march-cpu-s")
	b.ReportMetric(float64(marched), "marched")
	b.ReportMetric(float64(facets), "facets")
}
