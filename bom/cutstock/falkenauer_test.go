package cutstock

import (
	"context"
	"math"
	"testing"
	"time"
)

// TestFalkenauer: every instance of testdata/cutstock is solved to its
// proven optimum.
func TestFalkenauer(t *testing.T) {
	for _, name := range []string{"gen_t60_00", "gen_t60_01", "gen_t120_00", "gen_t120_01", "gen_u120_00", "gen_u120_01"} {
		t.Run(name, func(t *testing.T) {
			in := readInstance(t, name)
			pieces, stock := in.problem()
			opt := Options{}
			start := time.Now()
			p, err := Solve(context.Background(), pieces, stock, opt)
			if err != nil {
				t.Fatal(err)
			}
			checkPlan(t, p, pieces, stock, opt)
			bound := math.Ceil(p.LowerBound - 1e-6)
			t.Logf("%s: %d bars, LP %.3f, ffd %d, %v", name, len(p.Bars), p.LowerBound, ffdBars(in), time.Since(start))
			if in.cap == 1000 && len(p.Bars) != len(in.items)/3 {
				t.Errorf("%d bars, want the optimum %d", len(p.Bars), len(in.items)/3)
			}
			if float64(len(p.Bars)) != bound || !p.Optimal || !p.Complete {
				t.Errorf("%d bars (optimal %v), want the proven optimum %g", len(p.Bars), p.Optimal, bound)
			}
		})
	}
}

// ffdBars is the first-fit decreasing baseline, as bars used.
func ffdBars(in instance) int {
	pieces, stock := in.problem()
	pr := newProblem(pieces, stock, Options{})
	s := newSolver(context.Background(), pr, DefaultWork, time.Time{})
	return len(s.ffd(s.demand()))
}
