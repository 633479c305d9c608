package cutstock

import (
	"fmt"
	"math"
	"testing"
)

// checkPlan is the independent checker every test runs on a plan: each
// piece is cut exactly Qty times, the cuts, kerfs and trims fit each bar,
// cuts do not overlap, and the totals add up.
func checkPlan(t testing.TB, p *Plan, pieces []Piece, stock []Bar, opt Options) {
	t.Helper()
	if err := verify(p, pieces, stock, opt); err != nil {
		t.Fatalf("invalid plan: %v", err)
	}
}

func verify(p *Plan, pieces []Piece, stock []Bar, opt Options) error {
	const eps = 1e-6
	want := map[string]int{}
	length := map[string]float64{}
	for _, pc := range pieces {
		want[pc.Label] += pc.Qty
		length[pc.Label] = pc.Length
	}
	got := map[string]int{}
	priced := stock[0].Price > 0
	cost, waste, offcuts := 0.0, 0.0, 0
	for b, ub := range p.Bars {
		onOffer := false
		for _, s := range stock {
			onOffer = onOffer || s == ub.Stock
		}
		if !onOffer {
			return fmt.Errorf("bar %d: stock %+v not on offer", b, ub.Stock)
		}
		if len(ub.Cuts) == 0 {
			return fmt.Errorf("bar %d: no cuts", b)
		}
		if priced {
			cost += ub.Stock.Price
		} else {
			cost += ub.Stock.Length
		}
		waste += ub.Stock.Length
		prevEnd := math.Inf(-1)
		used := 0.0
		for c, cut := range ub.Cuts {
			got[cut.Label]++
			if l, ok := length[cut.Label]; !ok || l != cut.Length {
				return fmt.Errorf("bar %d cut %d: %q length %g, want %g", b, c, cut.Label, cut.Length, l)
			}
			if cut.Position < opt.Trim-eps {
				return fmt.Errorf("bar %d cut %d: starts at %g, inside the trim", b, c, cut.Position)
			}
			if c > 0 && cut.Position < prevEnd+opt.Kerf-eps {
				return fmt.Errorf("bar %d cut %d: starts at %g, overlaps the previous piece and kerf ending at %g", b, c, cut.Position, prevEnd+opt.Kerf)
			}
			prevEnd = cut.Position + cut.Length
			used += cut.Length
			waste -= cut.Length
		}
		content := opt.Trim + used + opt.Kerf*float64(len(ub.Cuts)-1) + opt.Trim
		if content > ub.Stock.Length+eps || prevEnd > ub.Stock.Length-opt.Trim+eps {
			return fmt.Errorf("bar %d: content %g does not fit length %g", b, content, ub.Stock.Length)
		}
		if ub.Offcut < 0 || ub.Offcut > ub.Stock.Length-opt.Trim-prevEnd+eps {
			return fmt.Errorf("bar %d: offcut %g larger than the remainder", b, ub.Offcut)
		}
		if ub.Offcut > 0 && ub.Offcut >= opt.MinOffcut {
			waste -= ub.Offcut
			offcuts++
		}
	}
	for l, q := range want {
		if got[l] != q {
			return fmt.Errorf("piece %q cut %d times, want %d", l, got[l], q)
		}
	}
	for l, q := range got {
		if want[l] != q {
			return fmt.Errorf("piece %q cut %d times, want %d", l, q, want[l])
		}
	}
	if math.Abs(cost-p.Cost) > eps*max(1, cost) {
		return fmt.Errorf("cost %g, bars add up to %g", p.Cost, cost)
	}
	if math.Abs(waste-p.Waste) > eps*max(1, waste) {
		return fmt.Errorf("waste %g, bars add up to %g", p.Waste, waste)
	}
	if offcuts != len(p.Offcuts) {
		return fmt.Errorf("%d offcuts listed, %d bars have one", len(p.Offcuts), offcuts)
	}
	for _, o := range p.Offcuts {
		if o.Bar < 0 || o.Bar >= len(p.Bars) || p.Bars[o.Bar].Offcut != o.Length {
			return fmt.Errorf("offcut %+v does not match its bar", o)
		}
	}
	if p.LowerBound > p.Cost+eps*max(1, p.Cost) {
		return fmt.Errorf("lower bound %g above cost %g", p.LowerBound, p.Cost)
	}
	return nil
}
