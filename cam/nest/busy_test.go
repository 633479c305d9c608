package nest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/fabkit/fabkit/bom/cutstock"
)

// busy keeps every core burning until the returned stop is called.
func busy() (stop func()) {
	var done atomic.Bool
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := uint64(1)
			for !done.Load() {
				for range 10000 {
					x = x*6364136223846793005 + 1442695040888963407
				}
			}
			_ = x
		}()
	}
	return func() { done.Store(true); wg.Wait() }
}

// TestSameResultOnABusyMachine (issue 18): the cut-list optimizer and the
// nester give identical results on the same input whether the machine is
// idle or every core is busy, because both stop on work budgets, not on
// the clock.
func TestSameResultOnABusyMachine(t *testing.T) {
	if testing.Short() {
		t.Skip("two searches of each optimizer")
	}
	// Triplets: three pieces fill each 1000 mm bar exactly.
	rng := rand.New(rand.NewPCG(18, 4))
	var pieces []cutstock.Piece
	for i := range 50 {
		a := 380 + rng.IntN(111)
		b := 251 + rng.IntN(1000-a-251-251+1)
		for k, l := range []int{a, b, 1000 - a - b} {
			pieces = append(pieces, cutstock.Piece{Label: fmt.Sprintf("t%d.%d", i, k), Length: float64(l), Qty: 1})
		}
	}
	stock := []cutstock.Bar{{Length: 1000, Price: 1}}
	parts := randomParts(3, 40)
	sheets := []SheetSize{{ID: "s", SizeX: 2000, SizeY: 1000}}
	nopt := Options{Spacing: 5, EdgeMargin: 5, AllowInHoles: true, Iterations: 200}

	// The same parts on small sheets need more than pairFrom sheets and end
	// above the area bound: the L pairs, the round parts' positions and the
	// refill run too.
	small := []SheetSize{{ID: "small", SizeX: 1000, SizeY: 600}}
	if e, err := prepare(parts, small, &Options{Spacing: 5, EdgeMargin: 5, AllowInHoles: true}); err != nil {
		t.Fatal(err)
	} else if !slices.ContainsFunc(e.insts, func(in instance) bool { return e.parts[in.part].members != nil }) {
		t.Fatal("no L pairs on the small sheets: the test no longer covers them")
	}

	type outcome struct {
		plan  *cutstock.Plan
		nest  *Result
		small *Result
	}
	solve := func() outcome {
		p, err := cutstock.Solve(context.Background(), pieces, stock, cutstock.Options{Work: 300_000_000})
		if err != nil {
			t.Fatal(err)
		}
		n, err := Nest(context.Background(), parts, sheets, nopt)
		if err != nil {
			t.Fatal(err)
		}
		sm, err := Nest(context.Background(), parts, small, nopt)
		if err != nil {
			t.Fatal(err)
		}
		return outcome{p, n, sm}
	}
	idle := solve()
	stop := busy()
	loaded := solve()
	stop()
	if !reflect.DeepEqual(idle.plan, loaded.plan) {
		t.Errorf("cut list: %d bars idle, %d bars busy; plans differ", len(idle.plan.Bars), len(loaded.plan.Bars))
	}
	if !reflect.DeepEqual(idle.nest, loaded.nest) {
		t.Errorf("nest: %d sheets idle, %d busy; nests differ", len(idle.nest.Sheets), len(loaded.nest.Sheets))
	}
	if !reflect.DeepEqual(idle.small, loaded.small) {
		t.Errorf("nest on small sheets: %d sheets idle, %d busy; nests differ", len(idle.small.Sheets), len(loaded.small.Sheets))
	}
	if b := sheetBound(t, parts, small, nopt); len(idle.small.Sheets) <= b {
		t.Errorf("nest on small sheets: %d sheets, at its area bound %d: the refill did not run", len(idle.small.Sheets), b)
	}
	t.Logf("cut list %d bars (optimal %v), nest %d sheets after %d layouts", len(idle.plan.Bars), idle.plan.Optimal, len(idle.nest.Sheets), idle.nest.Iterations)
}
