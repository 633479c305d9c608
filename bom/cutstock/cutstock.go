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
// stock length its cuts fit in. When the bound (rounded up to the cheapest
// cost whole bars can reach) does not meet the best plan, an exhaustive
// branch and bound over whole bars runs on what is left of the budget.
//
// The search stops on a work budget, never on the clock, so the plan is a
// function of the input alone: the same input gives the same plan on an
// idle or a loaded machine. A wall-clock limit is only a safety net that
// fails with *TimeLimitError.
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
	// Work is the search's budget in work units (about one inner-loop step
	// each, close to 10⁹ a second); the search returns the best plan found when
	// it is spent. Zero means DefaultWork. The budget applies to each set of
	// stock lengths searched (see Solve).
	Work int64
	// TimeLimit is a safety net, not a budget: a search still running after
	// it fails with *TimeLimitError instead of returning a plan that would
	// depend on the machine's speed or load. Zero means no limit.
	TimeLimit time.Duration
}

// DefaultWork is the work budget when Options.Work is zero: two to three
// seconds of one core per search, about twice what the hardest instance in
// the tests (249 triplet pieces) needs to reach its optimum.
const DefaultWork = 2_000_000_000

// MaxPieces caps the pieces (the sum of the quantities) of one Solve.
const MaxPieces = 100_000

// TimeLimitError reports a search that ran past Options.TimeLimit.
type TimeLimitError struct {
	Limit time.Duration
}

func (e *TimeLimitError) Error() string {
	return fmt.Sprintf("search still running at the time limit %v (a safety net: the plan depends only on the work budget; raise the limit or lower the budget)", e.Limit)
}

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
	// LowerBound is a lower bound on Cost: the bound of the linear
	// programme (or, for inputs too large for it or solved without it, of
	// the total length) raised to the least cost that whole bars can reach
	// at or above it, when bar costs share a decimal quantum. A plan whose
	// Cost equals LowerBound is optimal.
	LowerBound float64
	// Optimal reports that Cost is proven minimal: it meets LowerBound so
	// rounded, or an exhaustive search found nothing cheaper.
	Optimal bool
	// Complete is false when the work budget or the context ended the
	// search before it proved the plan optimal; the plan is valid but may
	// cost more than necessary.
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
	if opt.Work < 0 {
		return &FieldError{Field: "options: work", Value: fmt.Sprint(opt.Work), Reason: "must be >= 0"}
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
	total := 0
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
		if p.Qty > MaxPieces-total {
			return &FieldError{Field: f + ": qty", Value: fmt.Sprint(p.Qty),
				Reason: fmt.Sprintf("brings the pieces to more than the cap of %d", MaxPieces)}
		}
		total += p.Qty
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

// maxSubsetBars is the most distinct bars on offer for which Solve also
// searches every subset of them.
const maxSubsetBars = 3

// Solve finds a cutting plan for pieces from the stock on offer. It returns
// a *FieldError or *TooLongError for input it cannot use.
//
// The plan depends only on the input: the search stops on Options.Work.
// When the search of all the stock on offer does not prove its plan
// optimal, Solve also searches each subset of the bars on offer (all of
// them for up to 3 distinct bars, else each bar alone) and keeps the
// cheapest plan, so a plan never costs more with more stock lengths on
// offer than with some of them.
//
// A search still running at Options.TimeLimit fails with *TimeLimitError
// and no plan. When ctx is cancelled Solve returns the best plan found so
// far (always a valid plan) together with an error wrapping ctx.Err().
func Solve(ctx context.Context, pieces []Piece, stock []Bar, opt Options) (*Plan, error) {
	if err := validate(pieces, stock, opt); err != nil {
		return nil, fmt.Errorf("cutstock: %w", err)
	}
	budget := opt.Work
	if budget == 0 {
		budget = DefaultWork
	}
	var deadline time.Time
	if opt.TimeLimit > 0 {
		deadline = time.Now().Add(opt.TimeLimit)
	}
	pr := newProblem(pieces, stock, opt)
	if pr.totalDemand() == 0 {
		return pr.plan(nil, 0, true, true), nil
	}
	full := newSolver(ctx, pr, budget, deadline)
	best, bestPr := full.run(), pr
	bestCost := pr.cost(best)
	fail := func(s *solver) (*Plan, error) {
		if s.timedOut {
			return nil, fmt.Errorf("cutstock: %w", &TimeLimitError{Limit: opt.TimeLimit})
		}
		if err := ctx.Err(); err != nil {
			p := bestPr.plan(best, full.lowerBound, false, false)
			return p, fmt.Errorf("cutstock: search cancelled, returning the best plan found: %w", err)
		}
		return nil, nil
	}
	if p, err := fail(full); err != nil {
		return p, err
	}
	optimal := full.optimal(best)
	if !optimal {
		seen := map[string]bool{stocksKey(pr.stocks): true}
		for _, sub := range subsets(distinctBars(stock)) {
			spr := newProblem(pieces, sub, opt)
			k := stocksKey(spr.stocks)
			if seen[k] || !spr.fits() {
				continue
			}
			seen[k] = true
			ss := newSolver(ctx, spr, budget, deadline)
			pats := ss.run()
			if p, err := fail(ss); err != nil {
				return p, err
			}
			if c := spr.cost(pats); c < bestCost-1e-9*max(1, c) {
				best, bestPr, bestCost = pats, spr, c
			}
		}
		optimal = bestCost <= full.rounded(full.lowerBound)+1e-9*max(1, full.lowerBound)
	}
	// Every plan costs a reachable sum of bar costs, so the least one at or
	// above the bound is a bound too.
	lb := max(full.lowerBound, full.rounded(full.lowerBound))
	return bestPr.plan(best, lb, optimal, optimal), nil
}

// distinctBars is the stock on offer without repeats, in the given order.
func distinctBars(stock []Bar) []Bar {
	var out []Bar
	for _, b := range stock {
		if !slices.Contains(out, b) {
			out = append(out, b)
		}
	}
	return out
}

// subsets lists the non-empty proper subsets of bars to search: all of
// them for up to maxSubsetBars bars, else the single bars.
func subsets(bars []Bar) [][]Bar {
	var out [][]Bar
	if len(bars) > maxSubsetBars {
		for _, b := range bars {
			out = append(out, []Bar{b})
		}
		return out
	}
	for mask := 1; mask < 1<<len(bars)-1; mask++ {
		var sub []Bar
		for i, b := range bars {
			if mask&(1<<i) != 0 {
				sub = append(sub, b)
			}
		}
		out = append(out, sub)
	}
	return out
}

func stocksKey(sts []stockType) string {
	var b []byte
	for _, st := range sts {
		b = fmt.Appendf(b, "%v:%v;", st.bar.Length, st.bar.Price)
	}
	return string(b)
}

// fits reports whether every piece fits some stock of the problem (the
// rule validate applies to all the stock on offer).
func (pr *problem) fits() bool {
	longest := 0.0
	for _, st := range pr.stocks {
		longest = max(longest, st.bar.Length)
	}
	for _, it := range pr.items {
		if it.length > longest-2*pr.trim {
			return false
		}
	}
	return true
}
