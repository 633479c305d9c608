package cutstock

import (
	"context"
	"math"
	"syscall"
	"testing"
	"time"
)

// benchmarkInstance solves one instance per iteration and reports the
// figures that matter: bars used, the LP bound, bars over the rounded-up
// bound, and first-fit decreasing's bars as the baseline.
func benchmarkInstance(b *testing.B, name string) {
	in := readInstance(b, name)
	pieces, stock := in.problem()
	var p *Plan
	for b.Loop() {
		var err error
		if p, err = Solve(context.Background(), pieces, stock, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(p.Bars)), "bars")
	b.ReportMetric(p.LowerBound, "lp_bound")
	b.ReportMetric(float64(len(p.Bars))-math.Ceil(p.LowerBound-1e-6), "bars_over_bound")
	b.ReportMetric(float64(ffdBars(in)), "ffd_bars")
}

func BenchmarkFalkenauerU120(b *testing.B) { benchmarkInstance(b, "gen_u120_00") }
func BenchmarkFalkenauerT120(b *testing.B) { benchmarkInstance(b, "gen_t120_00") }

// cpuTime is the process's user and system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkTriplets201 is issue 18's figure: five seeded triplet instances
// of 201 pieces (optimum 67 bars each), each to be solved to its optimum in
// at most 1 s of CPU. It reports bars, bars over the optimum and CPU
// seconds per solve.
func BenchmarkTriplets201(b *testing.B) {
	for seed := range uint64(5) {
		in := genT(201, seed)
		b.Run(in.name, func(b *testing.B) {
			pieces, stock := in.problem()
			var p *Plan
			cpu := cpuTime()
			for b.Loop() {
				var err error
				if p, err = Solve(context.Background(), pieces, stock, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu_s/op")
			b.ReportMetric(float64(len(p.Bars)), "bars")
			b.ReportMetric(float64(len(p.Bars)-len(in.items)/3), "bars_over_opt")
			if !p.Optimal {
				b.Errorf("%s: not proven optimal", in.name)
			}
		})
	}
}
