package pipeline_test

import (
	"context"
	"testing"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/pipeline"
)

// BenchmarkCEBPress builds the whole CEB press, every output included.
func BenchmarkCEBPress(b *testing.B) {
	d, err := designs.Get("ceb-press")
	if err != nil {
		b.Fatal(err)
	}
	var files, facets int
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
