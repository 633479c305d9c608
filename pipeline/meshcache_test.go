package pipeline_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/geometry/solid"
	"github.com/fabkit/fabkit/outputs/render"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/pipeline"
)

// TestMeshCacheSameFiles builds the D3D twice through one mesh cache and
// one view cache: the first build marches every printed part and renders
// every part view, and stores them; the second takes every one from the
// caches. Both must write the same bytes.
func TestMeshCacheSameFiles(t *testing.T) {
	d, err := designs.Get("d3d")
	if err != nil {
		t.Fatal(err)
	}
	cache, err := solid.OpenCache(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	views := render.NewPNGCache(16 << 20)
	build := func() *pipeline.Result {
		res, err := pipeline.Run(context.Background(), pipeline.Request{Design: d, Preset: "12in", MeshCache: cache, ViewCache: views})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	cold, warm := build(), build()
	files := map[string][]byte{}
	for _, f := range cold.Files {
		files[f.Path] = f.Data
	}
	if len(warm.Files) != len(files) {
		t.Fatalf("%d files cold, %d warm", len(files), len(warm.Files))
	}
	for _, f := range warm.Files {
		if data, ok := files[f.Path]; !ok || !bytes.Equal(data, f.Data) {
			t.Errorf("%s differs between cold and warm caches", f.Path)
		}
	}
}

// BenchmarkD3DRebuild is the designer's loop: the D3D rebuilt with only its
// frame size changed, every printed part served from a warm mesh cache and
// the views of unchanged parts from a view cache, as the service and
// `fabkit dev` keep them. It reports the CPU seconds of one rebuild.
func BenchmarkD3DRebuild(b *testing.B) {
	d, err := designs.Get("d3d")
	if err != nil {
		b.Fatal(err)
	}
	cache, err := solid.OpenCache(b.TempDir(), 0)
	if err != nil {
		b.Fatal(err)
	}
	views := render.NewPNGCache(16 << 20)
	req := func(frame string) pipeline.Request {
		return pipeline.Request{Design: d, Preset: "12in", MeshCache: cache, ViewCache: views,
			Layers: [][]params.Override{{{Name: "frame_size", Value: frame}}}}
	}
	if _, err := pipeline.Run(context.Background(), req("12in")); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := cpuSeconds()
	for i := 0; i < b.N; i++ {
		if _, err := pipeline.Run(context.Background(), req([]string{"13in", "14in"}[i%2])); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuSeconds()-start)/float64(b.N), "cpu-s/op")
}
