package nest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/fabkit/fabkit/geometry/profile"
)

func TestCEBPressPlatesOnTwoSheets(t *testing.T) {
	parts, opt := cebParts(), cebOptions()
	start := time.Now()
	res, err := Nest(context.Background(), parts, []SheetSize{cebSheet}, opt)
	if err != nil {
		t.Fatal(err)
	}
	checkNest(t, parts, res, opt)
	for i, s := range res.Sheets {
		t.Logf("sheet %d: %d parts, utilization %.1f%%, used %.1f in, remnant %.1f x %.1f in",
			i+1, len(s.Placements), 100*s.Utilization, s.UsedLength/inch, s.Remnant.Length/inch, s.Remnant.Width/inch)
	}
	t.Logf("%d layouts in %v", res.Iterations, time.Since(start))
	if len(res.Sheets) > 2 {
		t.Errorf("CEB plates need %d sheets of 48x96 in, want 2", len(res.Sheets))
	}
}

func TestRandomParts(t *testing.T) {
	for _, inHoles := range []bool{false, true} {
		parts := randomParts(7, 70)
		n := 0
		for _, p := range parts {
			n += p.Qty
		}
		opt := Options{Spacing: 6, EdgeMargin: 10, AllowInHoles: inHoles, Iterations: 40, Effort: 20_000_000}
		sheet := SheetSize{ID: "1250x2500", Width: 1250, Length: 2500}
		start := time.Now()
		res, err := Nest(context.Background(), parts, []SheetSize{sheet}, opt)
		if err != nil {
			t.Fatal(err)
		}
		checkNest(t, parts, res, opt)
		inHole := 0
		for _, s := range res.Sheets {
			for i, p := range s.Placements {
				for j, q := range s.Placements {
					if i != j && insideHole(p.Placed(parts[p.Part].Shape), q.Placed(parts[q.Part].Shape)) {
						inHole++
					}
				}
			}
		}
		t.Logf("in holes %v: %d instances on %d sheets, %d in holes, %d layouts in %v", inHoles, n, len(res.Sheets), inHole, res.Iterations, time.Since(start))
		if !inHoles && inHole > 0 {
			t.Errorf("%d parts in holes with AllowInHoles off", inHole)
		}
		if inHoles && inHole == 0 {
			t.Errorf("no part went into a hole")
		}
	}
}

// insideHole reports whether a's outline lies inside one of b's holes.
func insideHole(a, b profile.Profile) bool {
	p := a.Outer.Start
	for _, h := range b.Holes {
		if (profile.Profile{Outer: h.Reverse()}).Evaluate2(p) < 0 {
			return true
		}
	}
	return false
}

func TestDeterministic(t *testing.T) {
	parts := randomParts(3, 40)
	sheets := []SheetSize{{ID: "s", Width: 1000, Length: 2000}}
	opt := Options{Spacing: 5, EdgeMargin: 5, AllowInHoles: true, Iterations: 30, Seed: 9}
	a, err := Nest(context.Background(), parts, sheets, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Nest(context.Background(), parts, sheets, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs on the same input differ")
	}
}

func TestCancelReturnsPromptly(t *testing.T) {
	parts := randomParts(5, 120)
	sheets := []SheetSize{{ID: "s", Width: 1250, Length: 2500}}
	opt := Options{Spacing: 6, EdgeMargin: 10, AllowInHoles: true, Iterations: 1 << 20}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	res, err := Nest(ctx, parts, sheets, opt)
	el := time.Since(start)
	if el > 800*time.Millisecond {
		t.Errorf("cancelled nest took %v", el)
	}
	if err != nil {
		if !errors.Is(err, context.DeadlineExceeded) || res == nil {
			t.Fatalf("err %v, result %v", err, res)
		}
		t.Logf("stopped before a complete layout: %d unplaced", len(res.Unplaced))
		return
	}
	checkNest(t, parts, res, opt)
	t.Logf("stopped after %v with %d layouts, %d sheets", el, res.Iterations, len(res.Sheets))
}
