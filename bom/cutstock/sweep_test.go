package cutstock

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// TestFalkenauerSweep runs freshly generated instances (seeds not kept in
// testdata): triplets must reach n/3 bars, uniform ones stay within one bar
// of the LP bound.
func TestFalkenauerSweep(t *testing.T) {
	sets := []struct {
		gen func(int, uint64) instance
		n   int
	}{{genT, 60}, {genT, 120}, {genU, 120}, {genU, 250}}
	if !testing.Short() {
		sets = append(sets, struct {
			gen func(int, uint64) instance
			n   int
		}{genT, 249})
	}
	for _, g := range sets {
		for seed := uint64(10); seed < 20; seed++ {
			in := g.gen(g.n, seed)
			t.Run(in.name, func(t *testing.T) {
				pieces, stock := in.problem()
				p, err := Solve(context.Background(), pieces, stock, Options{})
				if err != nil {
					t.Fatal(err)
				}
				checkPlan(t, p, pieces, stock, Options{})
				bound := math.Ceil(p.LowerBound - 1e-6)
				if in.cap == 1000 && len(p.Bars) != len(in.items)/3 {
					t.Errorf("%d bars, want the optimum %d", len(p.Bars), len(in.items)/3)
				}
				if float64(len(p.Bars)) > bound+1 {
					t.Errorf("%d bars, more than one over the LP bound %g", len(p.Bars), bound)
				}
			})
		}
	}
}

// TestTriplets201 solves issue 18's five seeded triplet instances of 201
// pieces to their optimum, 67 bars (BenchmarkTriplets201 reports the CPU).
func TestTriplets201(t *testing.T) {
	if testing.Short() {
		t.Skip("five 201-piece searches")
	}
	for seed := range uint64(5) {
		in := genT(201, seed)
		pieces, stock := in.problem()
		p, err := Solve(context.Background(), pieces, stock, Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkPlan(t, p, pieces, stock, Options{})
		if len(p.Bars) != 67 || !p.Optimal {
			t.Errorf("%s: %d bars (optimal %v), want 67", in.name, len(p.Bars), p.Optimal)
		}
	}
}

// TestShopScale is a realistic fabrication cut list: half-millimetre
// lengths, a 3.2 mm kerf, trim and two stock lengths, so the knapsack runs
// at 0.1 mm over 60 000 steps.
func TestShopScale(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var pieces []Piece
	for i := range 40 {
		pieces = append(pieces, Piece{Label: fmt.Sprintf("p%02d", i), Length: 200 + float64(rng.IntN(5600))/2, Qty: 1 + rng.IntN(8)})
	}
	stock := []Bar{{Length: 6000, Price: 48}, {Length: 3000, Price: 26}}
	opt := Options{Kerf: 3.2, Trim: 5, MinOffcut: 500}
	start := time.Now()
	p, err := Solve(context.Background(), pieces, stock, opt)
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, p, pieces, stock, opt)
	t.Logf("%d bars, cost %g, lower bound %.2f, waste %.0fmm, %d offcuts kept, %v",
		len(p.Bars), p.Cost, p.LowerBound, p.Waste, len(p.Offcuts), time.Since(start).Round(time.Millisecond))
}
