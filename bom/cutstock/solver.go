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

// solver holds the search state of one Solve call.
type solver struct {
	ctx      context.Context
	pr       *problem
	deadline time.Time
	stopped  bool

	norm    float64 // LP costs are divided by this, to keep them near 1
	pool    []pattern
	poolKey map[string]bool
	ks      knapsack

	lowerBound float64
	best       []pattern
	bestCost   float64
}

func newSolver(ctx context.Context, pr *problem, deadline time.Time) *solver {
	s := &solver{ctx: ctx, pr: pr, deadline: deadline, poolKey: map[string]bool{}, bestCost: math.Inf(1)}
	for _, st := range pr.stocks {
		s.norm = max(s.norm, st.cost)
	}
	return s
}

// stop reports, and remembers, that the context or the time is up.
func (s *solver) stop() bool {
	if !s.stopped && (s.ctx.Err() != nil || time.Now().After(s.deadline)) {
		s.stopped = true
	}
	return s.stopped
}

func (s *solver) demand() []int {
	d := make([]int, len(s.pr.items))
	for i, it := range s.pr.items {
		d[i] = it.demand
	}
	return d
}

// run searches and returns the best plan's patterns.
func (s *solver) run() []pattern {
	d := s.demand()
	s.offer(s.ffd(d))
	if s.stop() {
		return s.best
	}
	root := s.lp(d)
	s.lowerBound = root.lb
	for disc := 0; disc <= maxDiscrepancy && !s.optimal(s.best) && !s.stop(); disc++ {
		s.dive(d, nil, disc)
	}
	return s.best
}

// rounded is the least cost a plan can have given an LP bound.
func (s *solver) rounded(lb float64) float64 {
	if s.pr.intCost {
		return math.Ceil(lb - 1e-6)
	}
	return lb * (1 - 1e-9)
}

func (s *solver) optimal(pats []pattern) bool {
	return pats != nil && s.pr.cost(pats) <= s.rounded(s.lowerBound)+1e-9
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
	for _, p := range s.pool {
		addCol(p.count)
	}
	v := make([]float64, n)
	for {
		if !ms.solve(s.stop) {
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
		s.ks.solve(pr, v, r, pr.maxCap)
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
						s.pool = append(s.pool, pattern{stock: pr.cheapest(pr.load(count)), count: count})
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
	return append(fixed, pattern{stock: s.pr.cheapest(s.pr.load(p)), count: p})
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

// ffd packs demand r first-fit decreasing. New bars are of the stock with
// the lowest cost per usable length that holds the piece; each bar is then
// bought as the cheapest stock its load fits.
func (s *solver) ffd(r []int) []pattern {
	pr := s.pr
	type bin struct {
		load, cap int
		count     []int
	}
	var bins []*bin
	for i, it := range pr.items {
		for range r[i] {
			placed := false
			for _, b := range bins {
				if b.load+it.w <= b.cap {
					b.load += it.w
					b.count[i]++
					placed = true
					break
				}
			}
			if placed {
				continue
			}
			best := -1
			for k, st := range pr.stocks {
				if st.cap >= it.w && (best < 0 || st.cost/float64(st.cap) < pr.stocks[best].cost/float64(pr.stocks[best].cap)) {
					best = k
				}
			}
			b := &bin{load: it.w, cap: pr.stocks[best].cap, count: make([]int, len(pr.items))}
			b.count[i] = 1
			bins = append(bins, b)
		}
	}
	pats := make([]pattern, len(bins))
	for j, b := range bins {
		pats[j] = pattern{stock: pr.cheapest(b.load), count: b.count}
	}
	return pats
}

// improve empties bars where the other bars have room for their pieces,
// then buys each bar as the cheapest stock that holds it.
func (s *solver) improve(pats []pattern) []pattern {
	pr := s.pr
	pats = slices.Clone(pats)
	for j := range pats {
		pats[j].count = slices.Clone(pats[j].count)
	}
	loads := make([]int, len(pats))
	for j, p := range pats {
		loads[j] = pr.load(p.count)
	}
	for changed := true; changed; {
		changed = false
		order := make([]int, len(pats))
		for j := range order {
			order[j] = j
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(loads[a], loads[b]) })
		for _, j := range order {
			if moved := s.empty(pats, loads, j); moved {
				pats = slices.Delete(pats, j, j+1)
				loads = slices.Delete(loads, j, j+1)
				changed = true
				break
			}
		}
	}
	for j := range pats {
		pats[j].stock = pr.cheapest(loads[j])
	}
	return pats
}

// empty moves every piece of bar j into the other bars, best fit, if they
// all fit; otherwise it changes nothing.
func (s *solver) empty(pats []pattern, loads []int, j int) bool {
	pr := s.pr
	type move struct{ item, to int }
	var moves []move
	newLoads := slices.Clone(loads)
	for i, q := range pats[j].count {
		w := pr.items[i].w
		for range q {
			to, slack := -1, math.MaxInt
			for b := range pats {
				if b == j {
					continue
				}
				if sl := pr.stocks[pats[b].stock].cap - newLoads[b] - w; sl >= 0 && sl < slack {
					to, slack = b, sl
				}
			}
			if to < 0 {
				return false
			}
			newLoads[to] += w
			moves = append(moves, move{i, to})
		}
	}
	for _, m := range moves {
		pats[m.to].count[m.item]++
	}
	copy(loads, newLoads)
	return true
}
