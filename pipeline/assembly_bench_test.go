package pipeline_test

import (
	"context"
	"testing"

	"github.com/fabkit/fabkit/assembly"
	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/pipeline"
)

// BenchmarkCEBPressAssemblyCheck measures, in CPU seconds (so the load of
// a shared machine does not skew it), a whole CEB press build without the
// assembly check and the check alone on the same model, and reports the
// check's share of a build: the target is under 20 %. The build without
// the check still finds the joints and their bolts for the BOM
// (assembly.Fasteners), and the check alone repeats that work, so the
// share reported is what the whole check costs over such a build: if
// anything an overstatement of what it adds.
func BenchmarkCEBPressAssemblyCheck(b *testing.B) {
	d, err := designs.Get("ceb-press")
	if err != nil {
		b.Fatal(err)
	}
	var build, check float64
	for i := 0; i < b.N; i++ {
		t0 := cpuSeconds()
		res, err := pipeline.Run(context.Background(), pipeline.Request{Design: d, Preset: "classic-6x12", NoAssemblyCheck: true})
		if err != nil {
			b.Fatal(err)
		}
		t1 := cpuSeconds()
		rep, err := assembly.Run(context.Background(), res.Model, res.Request.Shop, assembly.Options{})
		if err != nil {
			b.Fatal(err)
		}
		t2 := cpuSeconds()
		if len(rep.Checks) == 0 {
			b.Fatal("no checks ran")
		}
		build += t1 - t0
		check += t2 - t1
	}
	b.ReportMetric(build/float64(b.N), "build-cpu-s")
	b.ReportMetric(check/float64(b.N), "check-cpu-s")
	b.ReportMetric(100*check/build, "check-%")
}

// BenchmarkD3DAssemblyCheck measures, in CPU seconds, the assembly check
// alone on the D3D's 12in model (its printed parts are sdfx solids, so the
// check samples their SDFs where they meet other parts).
func BenchmarkD3DAssemblyCheck(b *testing.B) {
	d, err := designs.Get("d3d")
	if err != nil {
		b.Fatal(err)
	}
	res, err := pipeline.Run(context.Background(), pipeline.Request{Design: d, Preset: "12in", Only: []string{"stl"}, NoAssemblyCheck: true})
	if err != nil {
		b.Fatal(err)
	}
	var check float64
	var samples int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := cpuSeconds()
		rep, err := assembly.Run(context.Background(), res.Model, res.Request.Shop, assembly.Options{})
		if err != nil {
			b.Fatal(err)
		}
		check += cpuSeconds() - t0
		samples = 0
		for _, c := range rep.Checks {
			samples += c.Samples
		}
	}
	b.ReportMetric(check/float64(b.N), "check-cpu-s")
	b.ReportMetric(float64(samples), "samples")
}
