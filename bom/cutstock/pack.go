package cutstock

import (
	"cmp"
	"math"
	"slices"
)

// firstFit is a max-tree over bar residual capacities: the first bar (in
// opening order) with room for a piece is found in O(log bars), so that
// first-fit decreasing over a hundred thousand pieces stays fast.
type firstFit struct {
	size int   // leaves, a power of two
	tree []int // tree[1] is the root; leaf b at size+b
}

func newFirstFit(n int) *firstFit {
	size := 1
	for size < n {
		size *= 2
	}
	return &firstFit{size: size, tree: make([]int, 2*size)}
}

// find returns the first bar with residual >= w, or -1.
func (f *firstFit) find(w int) int {
	if f.tree[1] < w {
		return -1
	}
	i := 1
	for i < f.size {
		if f.tree[2*i] >= w {
			i = 2 * i
		} else {
			i = 2*i + 1
		}
	}
	return i - f.size
}

func (f *firstFit) set(b, residual int) {
	i := b + f.size
	f.tree[i] = residual
	for i > 1 {
		i /= 2
		f.tree[i] = max(f.tree[2*i], f.tree[2*i+1])
	}
}

// ffd packs demand r first-fit decreasing. New bars are of the stock with
// the lowest cost per usable length that holds the piece; each bar is then
// bought as the cheapest stock its load fits.
func (s *solver) ffd(r []int) []pattern {
	pr := s.pr
	total := 0
	for _, q := range r {
		total += q
	}
	ff := newFirstFit(total)
	var pats []pattern
	var loads []int
	for i, it := range pr.items {
		if r[i] == 0 {
			continue
		}
		open := -1
		for k, st := range pr.stocks {
			if st.cap >= it.w && (open < 0 || st.cost/float64(st.cap) < pr.stocks[open].cost/float64(pr.stocks[open].cap)) {
				open = k
			}
		}
		for range r[i] {
			b := ff.find(it.w)
			if b < 0 {
				b = len(pats)
				pats = append(pats, pattern{stock: open})
				loads = append(loads, 0)
			}
			p := &pats[b]
			if n := len(p.items); n > 0 && p.items[n-1] == int32(i) {
				p.qty[n-1]++
			} else {
				p.items = append(p.items, int32(i))
				p.qty = append(p.qty, 1)
			}
			loads[b] += it.w
			ff.set(b, pr.stocks[p.stock].cap-loads[b])
		}
		s.spend(int64(r[i]) * 20)
	}
	for j := range pats {
		pats[j].stock = pr.cheapest(loads[j])
	}
	return pats
}

// improveTries is how many of the least loaded bars improve tries to empty
// per pass, and improveShare the share of the budget one call may spend:
// on plans of thousands of bars emptying is slow and seldom pays.
const (
	improveTries = 64
	improveShare = 8
)

// improve empties bars where the other bars have room for their pieces,
// then buys each bar as the cheapest stock that holds it. Its work counts
// against the budget; when its share is spent it returns what it has.
func (s *solver) improve(pats []pattern) []pattern {
	limit := s.work + s.budget/improveShare
	pr := s.pr
	pats = slices.Clone(pats)
	for j := range pats {
		pats[j] = pats[j].clone()
	}
	loads := make([]int, len(pats))
	free := 0 // total residual capacity
	for j, p := range pats {
		loads[j] = pr.patLoad(p)
		free += pr.stocks[p.stock].cap - loads[j]
	}
	for changed := true; changed && !s.stop() && s.work < limit; {
		changed = false
		order := make([]int, len(pats))
		for j := range order {
			order[j] = j
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(loads[a], loads[b]) })
		s.spend(int64(len(pats)) * 40)
		for n, j := range order {
			if n == improveTries || s.work >= limit {
				break
			}
			// The other bars' room must at least hold bar j's load.
			if free-(pr.stocks[pats[j].stock].cap-loads[j]) < loads[j] {
				continue
			}
			if s.stop() {
				break
			}
			if moved := s.empty(pats, loads, j); moved {
				free -= pr.stocks[pats[j].stock].cap
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
	undo := func() {
		for _, m := range moves {
			loads[m.to] -= pr.items[m.item].w
		}
	}
	for k, i := range pats[j].items {
		w := pr.items[i].w
		for range pats[j].qty[k] {
			s.spend(int64(4 * len(pats)))
			to, slack := -1, math.MaxInt
			for b := range pats {
				if b == j {
					continue
				}
				if sl := pr.stocks[pats[b].stock].cap - loads[b] - w; sl >= 0 && sl < slack {
					to, slack = b, sl
				}
			}
			if to < 0 {
				undo()
				return false
			}
			loads[to] += w
			moves = append(moves, move{int(i), to})
		}
	}
	for _, m := range moves {
		pats[m.to].add(m.item)
	}
	return true
}
