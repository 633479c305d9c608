package cutstock

import (
	"context"
	"math"
	"testing"
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
