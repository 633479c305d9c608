package cutstock

import (
	"bytes"
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

func TestSolveValidation(t *testing.T) {
	ok := []Piece{{Label: "f4", Length: 500, Qty: 2}}
	bar := []Bar{{Length: 6000, Price: 10}}
	tests := []struct {
		name   string
		pieces []Piece
		stock  []Bar
		opt    Options
		want   string
	}{
		{"negative length", []Piece{{Label: "f4", Length: -3, Qty: 1}}, bar, Options{}, `piece "f4": length -3mm: must be > 0`},
		{"NaN length", []Piece{{Label: "f4", Length: math.NaN(), Qty: 1}}, bar, Options{}, `piece "f4": length NaNmm: must be > 0`},
		{"negative qty", []Piece{{Label: "f4", Length: 3, Qty: -1}}, bar, Options{}, `piece "f4": qty -1: must be >= 0`},
		{"label reused", []Piece{{Label: "f4", Length: 3, Qty: 1}, {Label: "f4", Length: 4, Qty: 1}}, bar, Options{}, `piece "f4": length 4mm: label already used for 3mm`},
		{"no pieces", nil, bar, Options{}, `pieces []: nothing to cut`},
		{"no stock", ok, nil, Options{}, `stock []: no bars on offer`},
		{"bar length", ok, []Bar{{Length: 0, Price: 1}}, Options{}, `bar 1: length 0mm: must be > 0`},
		{"bar eaten by trim", ok, []Bar{{Length: 6000, Price: 1}, {Length: 20, Price: 1}}, Options{Trim: 10}, `bar 2: length 20mm: leaves nothing after trimming 10mm at each end`},
		{"negative price", ok, []Bar{{Length: 6000, Price: -1}}, Options{}, `bar 1: price -1: must be >= 0`},
		{"mixed pricing", ok, []Bar{{Length: 6000, Price: 5}, {Length: 3000}}, Options{}, `bar 2: price 0: must be > 0 when other bars have a price`},
		{"negative kerf", ok, bar, Options{Kerf: -1}, `options: kerf -1mm: must be >= 0`},
		{"negative trim", ok, bar, Options{Trim: -1}, `options: trim -1mm: must be >= 0`},
		{"negative offcut", ok, bar, Options{MinOffcut: -1}, `options: min offcut -1mm: must be >= 0`},
		{"negative time", ok, bar, Options{TimeLimit: -time.Second}, `options: time limit -1s: must be >= 0`},
		{"negative work", ok, bar, Options{Work: -1}, `options: work -1: must be >= 0`},
		{"too many pieces", []Piece{{Label: "a", Length: 3, Qty: MaxPieces}, {Label: "b", Length: 4, Qty: 1}}, bar, Options{},
			`piece "b": qty 1: brings the pieces to more than the cap of 100000`},
		{"too long", []Piece{{Label: "f4", Length: 500, Qty: 1}, {Label: "rail", Length: 6500, Qty: 1}},
			[]Bar{{Length: 6000, Price: 10}, {Length: 3000, Price: 6}}, Options{Trim: 5},
			`piece "rail": length 6500mm is longer than the longest stock bar (6000mm, 5990mm usable after trim)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Solve(context.Background(), tt.pieces, tt.stock, tt.opt)
			if err == nil {
				t.Fatalf("no error, plan %+v", p)
			}
			if p != nil {
				t.Errorf("plan returned with a validation error")
			}
			if got := strings.TrimPrefix(err.Error(), "cutstock: "); got != tt.want {
				t.Errorf("error %q, want %q", got, tt.want)
			}
			var fe *FieldError
			var tl *TooLongError
			if !errors.As(err, &fe) && !errors.As(err, &tl) {
				t.Errorf("error %T is neither *FieldError nor *TooLongError", err)
			}
		})
	}
}

func TestTooLongError(t *testing.T) {
	_, err := Solve(context.Background(), []Piece{{Label: "rail", Length: 6001, Qty: 1}}, []Bar{{Length: 6000}}, Options{})
	var tl *TooLongError
	if !errors.As(err, &tl) || tl.Label != "rail" || tl.Length != 6001 || tl.Longest != 6000 {
		t.Fatalf("got %v, want a *TooLongError for rail 6001 > 6000", err)
	}
}

// TestSolveSmall checks bar counts and costs that can be worked out by hand.
func TestSolveSmall(t *testing.T) {
	tests := []struct {
		name      string
		pieces    []Piece
		stock     []Bar
		opt       Options
		wantCost  float64
		wantBars  map[float64]int // bars bought per stock length
		wantKept  int             // offcuts kept
		wantFirst float64         // position of the first cut
	}{
		{
			// 2 + 330*3 + 3*2 + 2 = 1000: exactly one bar.
			name:   "kerf and trim fit exactly",
			pieces: []Piece{{Label: "a", Length: 330, Qty: 3}}, stock: []Bar{{Length: 1000, Price: 1}},
			opt: Options{Kerf: 3, Trim: 2}, wantCost: 1, wantBars: map[float64]int{1000: 1}, wantFirst: 2,
		},
		{
			// Half a millimetre more trim and the third piece needs a bar.
			name:   "kerf and trim overflow",
			pieces: []Piece{{Label: "a", Length: 330, Qty: 3}}, stock: []Bar{{Length: 1000, Price: 1}},
			opt: Options{Kerf: 3, Trim: 2.5}, wantCost: 2, wantBars: map[float64]int{1000: 2}, wantKept: 2, wantFirst: 2.5,
		},
		{
			// Three 6 m bars (9 pieces) and one 2 m bar beat four 6 m bars
			// (120) and ten 2 m bars (120): the long bar is cheaper per mm.
			name:   "longer cheaper bar wins",
			pieces: []Piece{{Label: "post", Length: 1900, Qty: 10}}, stock: []Bar{{Length: 2000, Price: 12}, {Length: 6000, Price: 30}},
			opt: Options{Kerf: 3, MinOffcut: 100}, wantCost: 102, wantBars: map[float64]int{6000: 3, 2000: 1}, wantKept: 3,
		},
		{
			// Six pieces fit one 6 m bar (50) but three 2 m bars cost 45.
			name:   "cheaper short bars win",
			pieces: []Piece{{Label: "rung", Length: 990, Qty: 6}}, stock: []Bar{{Length: 6000, Price: 50}, {Length: 2000, Price: 15}},
			opt: Options{Kerf: 3}, wantCost: 45, wantBars: map[float64]int{2000: 3}, wantKept: 3,
		},
		{
			// The same pieces when the short bar costs 18: 54 > 50.
			name:   "same pieces, dearer short bars",
			pieces: []Piece{{Label: "rung", Length: 990, Qty: 6}}, stock: []Bar{{Length: 6000, Price: 50}, {Length: 2000, Price: 18}},
			opt: Options{Kerf: 3}, wantCost: 50, wantBars: map[float64]int{6000: 1}, wantKept: 1,
		},
		{
			// No prices: minimise the length bought, 2 m + 1.2 m beats
			// 3 × 1.2 m and 6 m.
			name:   "unpriced stock buys the least length",
			pieces: []Piece{{Label: "x", Length: 950, Qty: 3}}, stock: []Bar{{Length: 6000}, {Length: 2000}, {Length: 1200}},
			opt: Options{}, wantCost: 3200, wantBars: map[float64]int{2000: 1, 1200: 1}, wantKept: 2,
		},
		{
			name:   "zero quantities are skipped",
			pieces: []Piece{{Label: "x", Length: 950, Qty: 0}, {Label: "y", Length: 100, Qty: 2}}, stock: []Bar{{Length: 1000, Price: 1}},
			opt: Options{MinOffcut: 1000}, wantCost: 1, wantBars: map[float64]int{1000: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Solve(context.Background(), tt.pieces, tt.stock, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			checkPlan(t, p, tt.pieces, tt.stock, tt.opt)
			if p.Cost != tt.wantCost {
				t.Errorf("cost %g, want %g", p.Cost, tt.wantCost)
			}
			got := map[float64]int{}
			for _, b := range p.Bars {
				got[b.Stock.Length]++
			}
			if len(got) != len(tt.wantBars) {
				t.Errorf("bars %v, want %v", got, tt.wantBars)
			}
			for l, n := range tt.wantBars {
				if got[l] != n {
					t.Errorf("bars %v, want %v", got, tt.wantBars)
				}
			}
			if len(p.Offcuts) != tt.wantKept {
				t.Errorf("%d offcuts kept, want %d", len(p.Offcuts), tt.wantKept)
			}
			if first := p.Bars[0].Cuts[0].Position; first != tt.wantFirst {
				t.Errorf("first cut at %g, want %g", first, tt.wantFirst)
			}
			if !p.Complete {
				t.Errorf("search reported incomplete on a small input")
			}
		})
	}
}

func TestSolveDeterministic(t *testing.T) {
	in := genU(120, 7)
	pieces, stock := in.problem()
	var outs [2]bytes.Buffer
	for i := range outs {
		p, err := Solve(context.Background(), pieces, stock, Options{Kerf: 1})
		if err != nil {
			t.Fatal(err)
		}
		if err := WriteJSON(&outs[i], p); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(outs[0].Bytes(), outs[1].Bytes()) {
		t.Error("two runs on the same input gave different plans")
	}
}

func TestSolveCancelled(t *testing.T) {
	in := genT(501, 3)
	pieces, stock := in.problem()
	opt := Options{}
	for _, tt := range []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		want error
	}{
		{"already cancelled", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		}, context.Canceled},
		{"cancelled during the search", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(20*time.Millisecond, cancel)
			return ctx, cancel
		}, context.Canceled},
		{"deadline", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 30*time.Millisecond)
		}, context.DeadlineExceeded},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := tt.ctx()
			defer cancel()
			p, err := Solve(ctx, pieces, stock, opt)
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			if p == nil {
				t.Fatal("no plan returned")
			}
			checkPlan(t, p, pieces, stock, opt)
		})
	}
}

// TestSolveTimeLimit: the wall-clock limit is a safety net that fails
// with an error; it never returns a plan that depends on the clock.
func TestSolveTimeLimit(t *testing.T) {
	in := genT(501, 4)
	pieces, stock := in.problem()
	opt := Options{TimeLimit: time.Millisecond}
	p, err := Solve(context.Background(), pieces, stock, opt)
	var tl *TimeLimitError
	if !errors.As(err, &tl) || tl.Limit != time.Millisecond {
		t.Fatalf("error %v, want a *TimeLimitError of 1ms", err)
	}
	if p != nil {
		t.Error("a plan returned with the time-limit error")
	}
}

// TestSolveWorkBudget: a small budget returns a valid plan marked
// incomplete, and the same plan every time.
func TestSolveWorkBudget(t *testing.T) {
	in := genT(501, 4)
	pieces, stock := in.problem()
	opt := Options{Work: 5_000_000}
	var outs [2]bytes.Buffer
	for i := range outs {
		p, err := Solve(context.Background(), pieces, stock, opt)
		if err != nil {
			t.Fatal(err)
		}
		checkPlan(t, p, pieces, stock, opt)
		if p.Complete || p.Optimal {
			t.Errorf("a budget of %d units on 501 pieces reported complete", opt.Work)
		}
		if err := WriteJSON(&outs[i], p); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(outs[0].Bytes(), outs[1].Bytes()) {
		t.Error("two runs on the same budget gave different plans")
	}
}
