package cutstock

import (
	"cmp"
	"context"
	"math"
	"slices"
	"time"
)

// maxDiscrepancy bounds the limited-discrepancy search over dives.
const maxDiscrepancy = 6

// The LP runs only while its dense tables stay small: at most lpMaxItems
// distinct pieces (the basis inverse is items², 8 MB at 1000) and a
// knapsack table of at most lpMaxKnapsackWords words (64 MB). Larger
// inputs are planned by first-fit decreasing and its polish, against the
// continuous bound.
//
// The exhaustive search runs only on inputs of at most exactMaxPieces
// pieces: beyond that it cannot finish within any budget worth spending.
const (
	exactMaxPieces     = 2000
	lpMaxItems         = 1000
	lpMaxKnapsackWords = 1 << 23
)

// solver holds the search state of one search over one set of stocks.
type solver struct {
	ctx      context.Context
	pr       *problem
	deadline time.Time // zero: no wall-clock safety net
	stopped  bool      // the budget, the context or the deadline ended the search
	timedOut bool      // the deadline did
	budget   int64     // work units allowed
	work     int64     // work units spent
	checked  int64     // work when the context and clock were last looked at
	grid     costGrid
	proved   bool // an exhaustive search found nothing cheaper than best
	gaveUp   bool // the exhaustive search met more fillings than it holds

	norm    float64 // LP costs are divided by this, to keep them near 1
	pool    []pattern
	poolKey map[string]bool
	ks      knapsack

	lowerBound float64
	best       []pattern
	bestCost   float64
}

func newSolver(ctx context.Context, pr *problem, budget int64, deadline time.Time) *solver {
	s := &solver{ctx: ctx, pr: pr, budget: budget, deadline: deadline, poolKey: map[string]bool{},
		bestCost: math.Inf(1), grid: newCostGrid(pr.stocks)}
	for _, st := range pr.stocks {
		s.norm = max(s.norm, st.cost)
	}
	return s
}

// spend counts work units (roughly one inner-loop step each).
func (s *solver) spend(n int64) { s.work += n }

// stop reports, and remembers, that the work budget is spent or the
// context or the wall-clock safety net has ended the search. Only the
// budget decides which plan is returned; the other two end Solve with an
// error.
func (s *solver) stop() bool {
	if s.stopped {
		return true
	}
	if s.work > s.budget {
		s.stopped = true
		return true
	}
	// The context and the clock are looked at every 10⁵ units or so.
	if s.work-s.checked < 100_000 {
		return false
	}
	s.checked = s.work
	if s.ctx.Err() != nil {
		s.stopped = true
	} else if !s.deadline.IsZero() && time.Now().After(s.deadline) {
		s.stopped, s.timedOut = true, true
	}
	return s.stopped
}

// lpFits reports whether the LP's tables stay within their caps.
func (s *solver) lpFits(r []int) bool {
	if len(s.pr.items) > lpMaxItems {
		return false
	}
	splits := 0
	for i, it := range s.pr.items {
		if n := min(r[i], s.pr.maxCap/it.w); n > 0 {
			splits += bits(n)
		}
	}
	return splits*(s.pr.maxCap/64+1) <= lpMaxKnapsackWords
}

func bits(n int) int {
	b := 0
	for ; n > 0; n >>= 1 {
		b++
	}
	return b
}

// continuous is the bound that ignores how pieces split between bars:
// their total width at the lowest cost per unit of capacity.
func (s *solver) continuous(r []int) float64 {
	w := 0
	for i, q := range r {
		w += q * s.pr.items[i].w
	}
	rate := math.Inf(1)
	for _, st := range s.pr.stocks {
		rate = min(rate, st.cost/float64(st.cap))
	}
	return float64(w) * rate
}

func (s *solver) demand() []int {
	d := make([]int, len(s.pr.items))
	for i, it := range s.pr.items {
		d[i] = it.demand
	}
	return d
}

// run searches: first-fit decreasing, then dives on the LP while the
// budget lasts, then an exhaustive search if the bound has not met the
// best plan. It returns the best plan's patterns.
func (s *solver) run() []pattern {
	d := s.demand()
	ffd := s.ffd(d)
	s.grid.reach(s.pr.cost(ffd))
	s.lowerBound = s.continuous(d)
	s.offer(ffd)
	if s.optimal(s.best) || s.stop() {
		return s.best
	}
	if s.lpFits(d) {
		root := s.lp(d)
		s.lowerBound = max(s.lowerBound, root.lb)
		for disc := 0; disc <= maxDiscrepancy && !s.optimal(s.best) && !s.stop(); disc++ {
			s.dive(d, nil, disc)
		}
	}
	if !s.optimal(s.best) && !s.stop() && len(d) <= lpMaxItems && s.pr.totalDemand() <= exactMaxPieces {
		s.exact(d)
	}
	return s.best
}

// rounded is the least cost a plan can have given a bound.
func (s *solver) rounded(lb float64) float64 { return s.grid.round(lb) }

func (s *solver) optimal(pats []pattern) bool {
	return pats != nil && (s.proved || s.pr.cost(pats) <= s.rounded(s.lowerBound)+1e-9*max(1, s.lowerBound))
}

// canImprove reports whether a branch with this lower bound may beat the
// incumbent.
func (s *solver) canImprove(lb float64) bool {
	return s.rounded(lb) < s.bestCost-1e-9*max(1, s.bestCost)
}

// offer polishes a complete plan and keeps it if it is the best so far.
func (s *solver) offer(pats []pattern) {
	pats = s.improve(pats)
	if c := s.pr.cost(pats); c < s.bestCost-1e-9*max(1, c) {
		s.best, s.bestCost = pats, c
	}
}

// lpResult is a node's LP: its columns, their values, and bounds.
type lpResult struct {
	cols      [][]int // pattern counts, clipped to the node's demand
	x         []float64
	obj, lb   float64
	converged bool
}

func key(count []int) string {
	b := make([]byte, 0, 2*len(count))
	for i, c := range count {
		if c > 0 {
			b = append(b, byte(i), byte(i>>8), byte(i>>16), byte(c), byte(c>>8))
		}
	}
	return string(b)
}

// lp solves the cutting-stock LP for demand r by column generation.
func (s *solver) lp(r []int) *lpResult {
	pr := s.pr
	n := len(pr.items)
	rowOf := make([]int32, n)
	var d []float64
	for i, q := range r {
		rowOf[i] = -1
		if q > 0 {
			rowOf[i] = int32(len(d))
			d = append(d, float64(q))
		}
	}
	ms := newMaster(d)
	res := &lpResult{}
	seen := map[string]bool{}
	addCol := func(count []int) bool {
		c := make([]int, n)
		empty := true
		for i, q := range count {
			c[i] = min(q, r[i])
			empty = empty && c[i] == 0
		}
		k := key(c)
		if empty || seen[k] {
			return false
		}
		seen[k] = true
		st := pr.cheapest(pr.load(c))
		var rows []int32
		var vals []float64
		for i, q := range c {
			if q > 0 {
				rows = append(rows, rowOf[i])
				vals = append(vals, float64(q))
			}
		}
		ms.add(rows, vals, pr.stocks[st].cost/s.norm)
		res.cols = append(res.cols, c)
		return true
	}
	for i, it := range pr.items {
		if r[i] == 0 {
			continue
		}
		// The single-piece pattern with the lowest cost per piece.
		best, bestQ := math.Inf(1), 0
		for _, st := range pr.stocks {
			if q := min(r[i], st.cap/it.w); q > 0 && st.cost/float64(q) < best {
				best, bestQ = st.cost/float64(q), q
			}
		}
		c := make([]int, n)
		c[i] = bestQ
		addCol(c)
	}
	dense := make([]int, n)
	for _, p := range s.pool {
		clear(dense)
		for k, i := range p.items {
			dense[i] = int(p.qty[k])
		}
		addCol(dense)
	}
	v := make([]float64, n)
	for {
		if !ms.solve(s) {
			res.x = ms.x()
			res.obj = ms.obj * s.norm
			return res
		}
		for i := range v {
			v[i] = 0
			if rowOf[i] >= 0 {
				v[i] = ms.y[rowOf[i]] * s.norm
			}
		}
		s.spend(s.ks.solve(pr, v, r, pr.maxCap))
		obj := ms.obj * s.norm
		ratio, added := 0.0, 0
		for _, st := range pr.stocks {
			val := s.ks.value(st.cap)
			ratio = max(ratio, val/st.cost)
			if val > st.cost*(1+1e-9) {
				count := s.ks.pattern(n, st.cap)
				if addCol(count) {
					added++
					if k := key(count); !s.poolKey[k] {
						s.poolKey[k] = true
						s.pool = append(s.pool, sparse(pr.cheapest(pr.load(count)), count))
					}
				}
			}
		}
		// Farley's bound holds at every round; at convergence it is obj.
		lb := obj
		if ratio > 1 {
			lb = obj / ratio
		}
		res.lb = max(res.lb, lb)
		if added == 0 || s.stop() {
			res.x = ms.x()
			res.obj = obj
			res.converged = added == 0
			return res
		}
	}
}

// commit takes one bar of pattern c (clipped to r) off r.
func (s *solver) commit(c, r []int, fixed []pattern) []pattern {
	p := make([]int, len(c))
	for i := range c {
		p[i] = min(c[i], r[i])
		r[i] -= p[i]
	}
	return append(fixed, sparse(s.pr.cheapest(s.pr.load(p)), p))
}

func zero(r []int) bool {
	for _, q := range r {
		if q != 0 {
			return false
		}
	}
	return true
}

// dive fixes the integer part of the node LP, then rounds up one
// fractional pattern and recurses; the k-th choice at a node spends k of
// the disc discrepancies allowed.
func (s *solver) dive(r []int, fixed []pattern, disc int) {
	if s.stop() || s.optimal(s.best) {
		return
	}
	res := s.lp(r)
	if res.converged && !s.canImprove(s.pr.cost(fixed)+res.lb) {
		return
	}
	r = slices.Clone(r)
	fixed = slices.Clone(fixed)
	var frac []int
	committed := false
	for j, x := range res.x {
		for n := int(math.Floor(x + 1e-6)); n > 0 && !zero(r); n-- {
			fixed = s.commit(res.cols[j], r, fixed)
			committed = true
		}
		if x-math.Floor(x+1e-6) > 1e-6 {
			frac = append(frac, j)
		}
	}
	if zero(r) {
		s.offer(fixed)
		return
	}
	if !res.converged || len(frac) == 0 {
		// Out of time (or numerically stuck): finish greedily.
		s.offer(append(fixed, s.ffd(r)...))
		return
	}
	if committed {
		s.dive(r, fixed, disc)
		return
	}
	slices.SortStableFunc(frac, func(a, b int) int { return cmp.Compare(res.x[b], res.x[a]) })
	for k, j := range frac {
		if k > disc || s.stop() || s.optimal(s.best) {
			return
		}
		r2 := slices.Clone(r)
		s.dive(r2, s.commit(res.cols[j], r2, slices.Clone(fixed)), disc-k)
	}
}
