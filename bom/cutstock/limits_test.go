package cutstock

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"
)

// peakHeapGrowth runs f and returns the most the live heap grew over its
// value before f, sampled every few milliseconds and after a collection.
func peakHeapGrowth(f func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	runtime.ReadMemStats(&ms)
	peak = max(peak, ms.HeapAlloc)
	if peak < base {
		return 0
	}
	return peak - base
}

// memoryBound is the stated bound on the heap growth of one Solve over
// inputs up to the caps (README, limits).
const memoryBound = 256 << 20

// TestMemoryDistinctPieces is issue 22's CSV of 20,000 distinct rows, which
// ran out of memory at 6.1 GB when every bar held a count per distinct
// piece.
func TestMemoryDistinctPieces(t *testing.T) {
	var pieces []Piece
	for i := range 20000 {
		pieces = append(pieces, Piece{Label: fmt.Sprintf("r%05d", i), Length: 100 + float64(i)/10, Qty: 1})
	}
	stock := []Bar{{Length: 6096, Price: 80}}
	opt := Options{Kerf: 3.175}
	var p *Plan
	var err error
	grew := peakHeapGrowth(func() { p, err = Solve(context.Background(), pieces, stock, opt) })
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, p, pieces, stock, opt)
	t.Logf("%d bars, cost %g, bound %g, heap grew %d MiB", len(p.Bars), p.Cost, p.LowerBound, grew>>20)
	if grew > memoryBound {
		t.Errorf("heap grew %d MiB, bound %d MiB", grew>>20, memoryBound>>20)
	}
}

// TestMemoryQuantity: a quantity at the cap is solved in bounded memory; one
// over it is refused with the field named (issue 22: 1,000,000 ran past
// 120 s).
func TestMemoryQuantity(t *testing.T) {
	stock := []Bar{{Length: 6096, Price: 80}, {Length: 7315.2, Price: 95}}
	opt := Options{Kerf: 3.175}
	pieces := []Piece{{Label: "leg", Length: 914.4, Qty: MaxPieces / 2}, {Label: "rail", Length: 1231.9, Qty: MaxPieces / 2}}
	var p *Plan
	var err error
	grew := peakHeapGrowth(func() { p, err = Solve(context.Background(), pieces, stock, opt) })
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, p, pieces, stock, opt)
	t.Logf("%d bars, cost %g, bound %g, heap grew %d MiB", len(p.Bars), p.Cost, p.LowerBound, grew>>20)
	if grew > memoryBound {
		t.Errorf("heap grew %d MiB, bound %d MiB", grew>>20, memoryBound>>20)
	}
	_, err = Solve(context.Background(), []Piece{{Label: "leg", Length: 914.4, Qty: 1_000_000}}, stock, opt)
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != `piece "leg": qty` {
		t.Errorf("quantity 1,000,000: error %v, want a *FieldError on the qty", err)
	}
}
