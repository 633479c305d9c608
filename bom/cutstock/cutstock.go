// Package cutstock turns a list of pieces of linear stock (tube, bar, angle)
// into a cutting plan: which stock bars to buy and where to cut each one, at
// least cost. (Among plans of equal cost it does not yet seek the least
// waste or the longest offcuts.)
//
// Solve uses Gilmore–Gomory column generation: a restricted master LP over
// cutting patterns, solved by a small dense revised simplex, is priced with a
// bounded-knapsack dynamic programme over integer lengths, one knapsack per
// stock length. The LP optimum is the lower bound reported in the plan. An
// integer plan comes from diving on the LP (fix the integer part of the LP
// solution, round one fractional pattern up, re-solve on what is left) with
// limited backtracking, checked against first-fit decreasing, and polished
// by a local search that empties bars and moves each bar to the cheapest
// stock length its cuts fit in.
package cutstock

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"
)

// Piece is a length of stock the design needs, Qty times.
type Piece struct {
	Label  string  // part name printed on the cut list, unique per length
	Length float64 // mm
	Qty    int
}

// Bar is a stock length on offer.
type Bar struct {
	Length float64 // mm
	// Price is what one bar costs. If every bar on offer has Price 0, the
	// plan minimises the length bought instead (cost = length in mm).
	Price float64
}

// Options are the shop's cutting allowances and the search budget.
type Options struct {
	// Kerf is the width the saw removes at each cut between two pieces, and
	// at the cut that separates the last piece from a non-zero remainder.
	Kerf float64
	// Trim is removed at each end of every bar (squaring a rough mill end);
	// pieces are laid out between the two trims.
	Trim float64
	// MinOffcut is the shortest remainder worth keeping; shorter ones count
	// as waste. Zero keeps every non-zero remainder.
	MinOffcut float64
	// TimeLimit bounds the search; Solve then returns the best plan found.
	// Zero means DefaultTimeLimit.
	TimeLimit time.Duration
}

// DefaultTimeLimit is the search budget when Options.TimeLimit is zero.
const DefaultTimeLimit = 10 * time.Second

// Plan is a cutting plan: the bars to buy and the cuts in each.
type Plan struct {
	Bars    []UsedBar
	Offcuts []Offcut // remainders of at least MinOffcut, worth keeping
	// Cost is the sum of the bar prices (or of the bar lengths when no bar
	// has a price).
	Cost float64
	// Waste is the length bought less the pieces and the kept offcuts: kerf,
	// trim and short remainders, in mm.
	Waste float64
	// LowerBound is a lower bound on Cost from the linear programme; for one
	// stock length at price 1 it is the fractional number of bars. A plan
	// with Cost equal to LowerBound rounded up to a whole price is optimal.
	LowerBound float64
	// Optimal reports that Cost is proven minimal (it meets LowerBound).
	Optimal bool
	// Complete is false when the search was cut short by TimeLimit or by
	// the context; the plan is valid but may cost more than necessary.
	Complete bool
	Kerf     float64 // the Options the plan was cut with, for writers
	Trim     float64
}

// UsedBar is one bar bought and how to cut it.
type UsedBar struct {
	Stock Bar
	// Cuts are in cutting order, longest first.
	Cuts []Cut
	// Offcut is what is left between the kerf after the last piece and the
	// far-end trim; zero when the pieces use the bar up.
	Offcut float64
}

// Cut is one piece cut from a bar.
type Cut struct {
	Label  string
	Length float64
	// Position is where the piece starts, in mm from the bar's start end
	// (the first piece starts at Trim).
	Position float64
}

// Offcut is a remainder long enough to keep.
type Offcut struct {
	Bar    int // index into Plan.Bars
	Length float64
}

// FieldError is an input that Solve cannot use: Field names the piece, bar or
// option, Reason says what is wrong with Value.
type FieldError struct {
	Field  string // e.g. `piece "f4": length` or `options: kerf`
	Value  string
	Reason string
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("%s %s: %s", e.Field, e.Value, e.Reason)
}

// TooLongError reports a piece that fits in no stock bar on offer.
type TooLongError struct {
	Label   string
	Length  float64 // the piece
	Longest float64 // the longest bar on offer
	Usable  float64 // its length less the two trims
}

func (e *TooLongError) Error() string {
	return fmt.Sprintf("piece %q: length %smm is longer than the longest stock bar (%smm, %smm usable after trim)",
		e.Label, num(e.Length), num(e.Longest), num(e.Usable))
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// validate checks the input and names the offending field.
func validate(pieces []Piece, stock []Bar, opt Options) error {
	bad := func(field string, v float64, reason string) error {
		return &FieldError{Field: field, Value: num(v) + "mm", Reason: reason}
	}
	if !finite(opt.Kerf) || opt.Kerf < 0 {
		return bad("options: kerf", opt.Kerf, "must be >= 0")
	}
	if !finite(opt.Trim) || opt.Trim < 0 {
		return bad("options: trim", opt.Trim, "must be >= 0")
	}
	if !finite(opt.MinOffcut) || opt.MinOffcut < 0 {
		return bad("options: min offcut", opt.MinOffcut, "must be >= 0")
	}
	if opt.TimeLimit < 0 {
		return &FieldError{Field: "options: time limit", Value: opt.TimeLimit.String(), Reason: "must be >= 0"}
	}
	if len(stock) == 0 {
		return &FieldError{Field: "stock", Value: "[]", Reason: "no bars on offer"}
	}
	priced := 0
	for i, b := range stock {
		f := fmt.Sprintf("bar %d", i+1)
		if !finite(b.Length) || b.Length <= 0 {
			return bad(f+": length", b.Length, "must be > 0")
		}
		if b.Length <= 2*opt.Trim {
			return bad(f+": length", b.Length, fmt.Sprintf("leaves nothing after trimming %smm at each end", num(opt.Trim)))
		}
		if !finite(b.Price) || b.Price < 0 {
			return &FieldError{Field: f + ": price", Value: num(b.Price), Reason: "must be >= 0"}
		}
		if b.Price > 0 {
			priced++
		}
	}
	if priced != 0 && priced != len(stock) {
		for i, b := range stock {
			if b.Price == 0 {
				return &FieldError{Field: fmt.Sprintf("bar %d: price", i+1), Value: "0",
					Reason: "must be > 0 when other bars have a price"}
			}
		}
	}
	if len(pieces) == 0 {
		return &FieldError{Field: "pieces", Value: "[]", Reason: "nothing to cut"}
	}
	lengthOf := map[string]float64{}
	for i, p := range pieces {
		name := p.Label
		if name == "" {
			name = fmt.Sprintf("#%d", i+1)
		}
		f := fmt.Sprintf("piece %q", name)
		if !finite(p.Length) || p.Length <= 0 {
			return bad(f+": length", p.Length, "must be > 0")
		}
		if p.Qty < 0 {
			return &FieldError{Field: f + ": qty", Value: fmt.Sprint(p.Qty), Reason: "must be >= 0"}
		}
		if l, ok := lengthOf[p.Label]; ok && l != p.Length {
			return bad(f+": length", p.Length, fmt.Sprintf("label already used for %smm", num(l)))
		}
		lengthOf[p.Label] = p.Length
	}
	longest := slices.MaxFunc(stock, func(a, b Bar) int { return cmp.Compare(a.Length, b.Length) })
	usable := longest.Length - 2*opt.Trim
	for _, p := range pieces {
		if p.Qty > 0 && p.Length > usable {
			return &TooLongError{Label: p.Label, Length: p.Length, Longest: longest.Length, Usable: usable}
		}
	}
	return nil
}

// Solve finds a cutting plan for pieces from the stock on offer. It returns
// a *FieldError or *TooLongError for input it cannot use. When
// Options.TimeLimit runs out it returns the best plan found with a nil
// error and Plan.Complete false. When ctx is cancelled it returns the best
// plan found so far (always a valid plan, at worst first-fit decreasing)
// together with an error wrapping ctx.Err().
func Solve(ctx context.Context, pieces []Piece, stock []Bar, opt Options) (*Plan, error) {
	if err := validate(pieces, stock, opt); err != nil {
		return nil, fmt.Errorf("cutstock: %w", err)
	}
	limit := opt.TimeLimit
	if limit == 0 {
		limit = DefaultTimeLimit
	}
	// A context deadline is left to ctx.Err(), so that running out of it
	// always reports context.DeadlineExceeded.
	deadline := time.Now().Add(limit)
	pr := newProblem(pieces, stock, opt)
	if pr.totalDemand() == 0 {
		return pr.plan(nil, 0, true, true), nil
	}
	s := newSolver(ctx, pr, deadline)
	best := s.run()
	p := pr.plan(best, s.lowerBound, s.optimal(best), !s.stopped)
	if err := ctx.Err(); err != nil {
		return p, fmt.Errorf("cutstock: search cancelled, returning the best plan found: %w", err)
	}
	return p, nil
}
