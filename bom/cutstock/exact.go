package cutstock

import (
	"cmp"
	"slices"
)

// exact is a depth-first branch and bound over whole bars (bin
// completion): the bar that holds the longest piece left is one of the
// maximal fillings of some stock, each filling bought as the cheapest stock
// it fits. A branch is cut when its cost plus the continuous bound of what
// is left, rounded up to a reachable plan cost, cannot beat the best plan.
// Running to its end proves the best plan optimal; the budget may stop it
// first.
func (s *solver) exact(d []int) {
	r := slices.Clone(d)
	var fixed []pattern
	s.branch(r, 0, &fixed)
	if !s.stop() && !s.gaveUp {
		s.proved = true
	}
}

// maxFillings caps the fillings of one bar that the exhaustive search
// holds at once; an input with more gives the search up unproven.
const maxFillings = 4096

func (s *solver) branch(r []int, cost float64, fixed *[]pattern) {
	s.spend(int64(50 + len(r)*(2+len(s.pr.stocks))))
	if s.stop() || s.gaveUp {
		return
	}
	first := -1
	for i, q := range r {
		if q > 0 {
			first = i
			break
		}
	}
	if first < 0 {
		if cost < s.bestCost-1e-9*max(1, cost) {
			s.best, s.bestCost = slices.Clone(*fixed), cost
		}
		return
	}
	if !s.canImprove(cost + s.continuous(r)) {
		return
	}
	pr := s.pr
	type filling struct {
		load int
		pat  pattern
	}
	var fills []filling
	for k, st := range pr.stocks {
		if st.cap < pr.items[first].w {
			continue
		}
		rem := slices.Clone(r)
		rem[first]--
		extra := make([]int, len(r))
		var walk func(i, load int)
		walk = func(i, load int) {
			s.spend(4)
			if s.stop() || s.gaveUp {
				return
			}
			if i == len(r) {
				// Maximal: nothing left over fits in the room.
				s.spend(int64(len(rem)))
				room := st.cap - load
				for j, q := range rem {
					if q > extra[j] && pr.items[j].w <= room {
						return
					}
				}
				if pr.cheapest(load) == k {
					if len(fills) == maxFillings {
						s.gaveUp = true
						return
					}
					extra[first]++
					fills = append(fills, filling{load, sparse(k, extra)})
					extra[first]--
					s.spend(int64(100 + len(extra)))
				}
				return
			}
			for c := min(rem[i], (st.cap-load)/pr.items[i].w); c >= 0; c-- {
				extra[i] = c
				walk(i+1, load+c*pr.items[i].w)
			}
			extra[i] = 0
		}
		walk(first, pr.items[first].w)
	}
	slices.SortStableFunc(fills, func(a, b filling) int {
		if c := cmp.Compare(b.load, a.load); c != 0 {
			return c
		}
		return cmp.Compare(pr.stocks[a.pat.stock].cost, pr.stocks[b.pat.stock].cost)
	})
	for _, f := range fills {
		if s.stop() || s.gaveUp {
			return
		}
		c := cost + pr.stocks[f.pat.stock].cost
		if !s.canImprove(c) {
			continue
		}
		for k, i := range f.pat.items {
			r[i] -= int(f.pat.qty[k])
		}
		*fixed = append(*fixed, f.pat)
		s.branch(r, c, fixed)
		*fixed = (*fixed)[:len(*fixed)-1]
		for k, i := range f.pat.items {
			r[i] += int(f.pat.qty[k])
		}
	}
}
