package pipeline

import (
	"context"
	"syscall"
	"testing"

	"github.com/fabkit/fabkit/designs"
)

// BenchmarkCEBPressSheets writes the CEB press's sheets (part drawings,
// nest and cut diagrams, shaded views, the packet) from one build's
// products, so that the figure is the sheets' own, without the meshing
// and nesting before them: CPU seconds per write on all cores.
func BenchmarkCEBPressSheets(b *testing.B) {
	d, err := designs.Get("ceb-press")
	if err != nil {
		b.Fatal(err)
	}
	r, err := Run(context.Background(), Request{Design: d, Preset: "classic-6x12", Only: []string{"bom"}})
	if err != nil {
		b.Fatal(err)
	}
	var files int
	b.ResetTimer()
	start := rusageSeconds()
	for i := 0; i < b.N; i++ {
		out := &Output{format: sheetsFormat}
		if err := sheetsFormat.Write(context.Background(), &r.Products, out); err != nil {
			b.Fatal(err)
		}
		files = len(out.files)
	}
	b.ReportMetric((rusageSeconds()-start)/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(files), "files")
}

// rusageSeconds is the process's CPU time so far, user and system.
func rusageSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}
