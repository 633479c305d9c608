package pipeline_test

import (
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/geometry/solid"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/pipeline"
)

// fuzzBudget bounds one fuzz input's build under -fuzz, well inside Go's
// 10 s per-input limit: instrumented, the D3D's printed parts take longer
// than that to march from scratch, which the fuzzer reported as a hang. A
// build cut by the budget is no finding; the properties are checked on
// every build that ends within it, and a panic anywhere before it is still
// caught. Without -fuzz (the seeds as plain tests) there is no budget.
const fuzzBudget = 4 * time.Second

// fuzzing reports whether the test binary runs with -fuzz.
func fuzzing() bool {
	f := flag.Lookup("test.fuzz")
	return f != nil && f.Value.String() != ""
}

// FuzzDesignParams sets one parameter of one design to an arbitrary text
// and builds: the outcome is a clear error or a valid build, never a panic.
// (Atomic output on failure is WriteDir's job, tested in write_test.go.)
// The builds share a mesh cache, warmed with each design's defaults before
// fuzzing, so an input that leaves the printed parts alone re-marches
// nothing.
func FuzzDesignParams(f *testing.F) {
	all := designs.All()
	for di, d := range all {
		for pi, p := range d.Schema().Params {
			f.Add(uint8(di), uint8(pi), p.Format(p.Default))
			f.Add(uint8(di), uint8(pi), p.RangeText())
		}
	}
	f.Add(uint8(0), uint8(0), "1e308in")
	f.Add(uint8(0), uint8(1), "-0")
	// The seeds as plain tests share a cache of their own: most set one
	// parameter to its default or to a refused text, so the D3D's printed
	// parts are marched once, not once per seed.
	cacheDir := f.TempDir()
	if fuzzing() {
		cacheDir = filepath.Join(os.TempDir(), "fabkit-fuzz-meshes") // shared by the fuzzer's worker processes
	}
	cache, err := solid.OpenCache(cacheDir, 512<<20)
	if err != nil {
		f.Fatal(err)
	}
	if fuzzing() { // each worker process runs this setup; the first one fills the cache
		for _, d := range all {
			if _, err := pipeline.Run(context.Background(), pipeline.Request{Design: d, Only: []string{"stl"}, MeshCache: cache}); err != nil {
				f.Fatalf("%s: warming the mesh cache: %v", d.Name(), err)
			}
		}
	}
	f.Fuzz(func(t *testing.T, di, pi uint8, value string) {
		d := all[int(di)%len(all)]
		ps := d.Schema().Params
		p := ps[int(pi)%len(ps)]
		ctx := context.Background()
		if fuzzing() {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, fuzzBudget)
			defer cancel()
		}
		res, err := pipeline.Run(ctx, pipeline.Request{Design: d, Only: []string{"stl"}, MeshCache: cache,
			Layers: [][]params.Override{{{Name: p.Name, Value: value, Source: "fuzz"}}}})
		if err != nil {
			if res != nil {
				t.Fatalf("%s=%q: error %v with a result", p.Name, value, err)
			}
			if ctx.Err() != nil && !errors.Is(err, context.DeadlineExceeded) && !pipeline.IsInputError(err) {
				t.Logf("%s=%q: cut by the budget: %v", p.Name, value, err)
			}
			return
		}
		for _, part := range res.Parts {
			if part.VolumeMM3 < 0 || part.MassKg < 0 {
				t.Fatalf("%s=%q: part %s has negative volume or mass", p.Name, value, part.ID)
			}
		}
	})
}
