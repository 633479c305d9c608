package cutstock

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestMixedStockIssue18 is the plan issue 18 found: offered 20 ft bars at
// 317 and 24 ft bars at 380, the search returned 2 x 24 ft + 1 x 20 ft
// (1077) as complete while 3 x 20 ft (951) holds every piece.
func TestMixedStockIssue18(t *testing.T) {
	const in = 25.4
	pieces := []Piece{
		{Label: "leg", Length: 36 * in, Qty: 4},
		{Label: "rail", Length: 48.5 * in, Qty: 6},
		{Label: "brace", Length: 23.75 * in, Qty: 8},
		{Label: "stub", Length: 300, Qty: 5},
	}
	opt := Options{Kerf: 3.175}
	for _, stock := range [][]Bar{{{240 * in, 317}, {288 * in, 380}}, {{240 * in, 317}}} {
		p, err := Solve(context.Background(), pieces, stock, opt)
		if err != nil {
			t.Fatal(err)
		}
		checkPlan(t, p, pieces, stock, opt)
		if p.Cost != 951 || len(p.Bars) != 3 || !p.Optimal || !p.Complete {
			t.Errorf("stock %v: %d bars cost %g (optimal %v, complete %v), want 3 bars of 20 ft, 951, proven",
				stock, len(p.Bars), p.Cost, p.Optimal, p.Complete)
		}
	}
}

// TestMoreStockNeverDearer: on seeded instances with two or three stock
// lengths, the plan for all of them costs no more than the plan for any
// subset.
func TestMoreStockNeverDearer(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 22))
	for n := range 40 {
		var pieces []Piece
		for i := range 2 + rng.IntN(6) {
			pieces = append(pieces, Piece{Label: fmt.Sprintf("p%d", i), Length: float64(300 + rng.IntN(2500)), Qty: 1 + rng.IntN(6)})
		}
		var stock []Bar
		for range 2 + rng.IntN(2) {
			l := float64(3000 + 500*rng.IntN(9))
			stock = append(stock, Bar{Length: l, Price: float64(int(l/100)*(90+rng.IntN(25))) / 100})
		}
		opt := Options{Kerf: 3, Trim: float64(rng.IntN(2) * 5)}
		full, err := Solve(context.Background(), pieces, stock, opt)
		if err != nil {
			t.Fatal(err)
		}
		checkPlan(t, full, pieces, stock, opt)
		for _, sub := range subsets(stock) {
			p, err := Solve(context.Background(), pieces, sub, opt)
			if err != nil {
				continue // a piece too long for the subset
			}
			if p.Cost < full.Cost-1e-9 {
				t.Errorf("instance %d: stock %v costs %g, less than %g with all of %v", n, sub, p.Cost, full.Cost, stock)
			}
		}
	}
}

// TestUnpricedProves: with unpriced stock a plan costs whole bars, so the
// bound rounds up to a whole bar and the search proves the optimum instead
// of running out its budget (issue 18: it rounded to whole millimetres).
func TestUnpricedProves(t *testing.T) {
	in := genT(60, 5)
	pieces, _ := in.problem()
	for i := range pieces {
		pieces[i].Length *= 6
	}
	stock := []Bar{{Length: 6000}}
	p, err := Solve(context.Background(), pieces, stock, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, p, pieces, stock, Options{})
	if len(p.Bars) != 20 || !p.Optimal || !p.Complete {
		t.Errorf("%d bars (optimal %v), want the proven optimum 20", len(p.Bars), p.Optimal)
	}
}

func TestCostGrid(t *testing.T) {
	for _, tt := range []struct {
		costs []float64
		lb    float64
		want  float64
	}{
		{[]float64{317, 380}, 916.8, 951},         // 3 x 317 is the least sum >= the bound
		{[]float64{317, 380}, 600, 634},           // 2 x 317
		{[]float64{6000}, 17440.1, 18000},         // whole bars when unpriced
		{[]float64{6096, 7315.2}, 13000, 13411.2}, // 6096 + 7315.2: quantum 1219.2
		{[]float64{48.5, 26.25}, 100, 101},        // quantum 0.25: 48.5 + 2 x 26.25 (97 is short, 105 dearer)
	} {
		var sts []stockType
		for _, c := range tt.costs {
			sts = append(sts, stockType{cost: c})
		}
		g := newCostGrid(sts)
		g.reach(1e5)
		if got := g.round(tt.lb); got != tt.want {
			t.Errorf("costs %v, bound %g: rounded to %g, want %g", tt.costs, tt.lb, got, tt.want)
		}
	}
}
