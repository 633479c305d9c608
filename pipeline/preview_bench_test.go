package pipeline_test

import (
	"context"
	"testing"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/geometry/solid"
	"github.com/fabkit/fabkit/pipeline"
)

// BenchmarkCEBPressPreview makes the preview build fabkit dev makes on
// every save of the CEB press (its defaults: meshes, part drawings, BOM;
// no nest, G-code, DXF or packet) with the mesh cache its generations
// share, warm, and reports its CPU seconds.
func BenchmarkCEBPressPreview(b *testing.B) {
	d, err := designs.Get("ceb-press")
	if err != nil {
		b.Fatal(err)
	}
	cache, err := solid.OpenCache(b.TempDir(), 0)
	if err != nil {
		b.Fatal(err)
	}
	req := pipeline.Request{Design: d, Preview: &pipeline.Preview{}, MeshCache: cache}
	if _, err := pipeline.Run(context.Background(), req); err != nil { // warms the cache
		b.Fatal(err)
	}
	var files int
	start := cpuSeconds()
	for b.Loop() {
		res, err := pipeline.Run(context.Background(), req)
		if err != nil {
			b.Fatal(err)
		}
		files = len(res.Files)
	}
	b.ReportMetric((cpuSeconds()-start)/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(files), "files")
}
