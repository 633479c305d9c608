package nest

import (
	"context"
	"math"
	"syscall"
	"testing"
	"time"
)

// benchNest nests parts on sheets b.N times and reports sheets, overall
// utilization (part area over the area of all sheets used) and time.
func benchNest(b *testing.B, parts []Part, sheets []SheetSize, opt Options) {
	var res *Result
	cpu := benchCPU()
	for b.Loop() {
		var err error
		res, err = Nest(context.Background(), parts, sheets, opt)
		if err != nil {
			b.Fatal(err)
		}
	}
	mat, area := 0.0, 0.0
	for _, s := range res.Sheets {
		mat += s.Utilization * s.Size.SizeY * s.Size.SizeX
		area += s.Size.SizeY * s.Size.SizeX
	}
	b.ReportMetric(float64(len(res.Sheets)), "sheets")
	b.ReportMetric(float64(sheetBound(b, parts, sheets, opt)), "bound")
	b.ReportMetric(100*mat/area, "util%")
	b.ReportMetric(100*res.Sheets[len(res.Sheets)-1].Utilization, "last%")
	b.ReportMetric(float64(res.Iterations), "layouts")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/nest")
	b.ReportMetric((benchCPU()-cpu).Seconds()/float64(b.N), "cpu_s/nest")
}

// benchCPU is the process's user and system CPU time.
func benchCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// sheetBound is the area lower bound on the sheets of one size: the
// cheapest whole number of sheets whose usable area holds the parts.
func sheetBound(tb testing.TB, parts []Part, sheets []SheetSize, opt Options) int {
	e, err := prepare(parts, sheets, &opt)
	if err != nil {
		tb.Fatal(err)
	}
	return int(math.Round(e.costBound() / e.cost[0]))
}

// BenchmarkCEBPlates is the CEB press 1/2 in plate set on 48x96 in sheets.
func BenchmarkCEBPlates(b *testing.B) {
	benchNest(b, cebParts(), []SheetSize{cebSheet}, cebOptions())
}

// BenchmarkRandom is 120 random parts (about 180 instances) of mixed shapes
// on 1250x2500 mm sheets, parts allowed in holes.
func BenchmarkRandom(b *testing.B) {
	opt := Options{Spacing: 6, EdgeMargin: 10, AllowInHoles: true}
	benchNest(b, randomParts(11, 120), []SheetSize{{ID: "1250x2500", SizeY: 1250, SizeX: 2500}}, opt)
}

// BenchmarkRandom500 is issue 18's scale test: 500 random parts on
// 1250x2500 mm sheets, to be nested within the area bound + 1 sheets.
func BenchmarkRandom500(b *testing.B) {
	opt := Options{Spacing: 6, EdgeMargin: 10, AllowInHoles: true}
	benchNest(b, randomParts(11, 500), []SheetSize{{ID: "1250x2500", SizeY: 1250, SizeX: 2500}}, opt)
}
