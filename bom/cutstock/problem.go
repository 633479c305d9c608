package cutstock

import (
	"cmp"
	"math"
	"slices"
)

// capLimit bounds the integer capacity of the longest bar, and so the size
// of the knapsack table.
const capLimit = 1 << 18

// itemType is one distinct piece (label and length) with its total demand.
type itemType struct {
	label  string
	length float64 // mm
	w      int     // scaled length plus one kerf, rounded up
	demand int
}

// stockType is a bar on offer that no other bar dominates.
type stockType struct {
	bar  Bar
	cap  int     // scaled usable length plus one kerf, rounded down
	cost float64 // price, or length when nothing is priced
}

// problem is the input in integer units: a pattern of pieces with scaled
// widths w fits a bar when sum(w) <= cap, which is the same as
// trim + sum(lengths) + kerf*(pieces-1) + trim <= bar length.
type problem struct {
	items     []itemType // longest first
	stocks    []stockType
	kerf      float64
	trim      float64
	minOffcut float64
	maxCap    int
	intCost   bool // all costs whole numbers, so bounds round up
}

func newProblem(pieces []Piece, stock []Bar, opt Options) *problem {
	pr := &problem{kerf: opt.Kerf, trim: opt.Trim, minOffcut: opt.MinOffcut}
	byLabel := map[string]int{}
	for _, p := range pieces {
		if p.Qty == 0 {
			continue
		}
		if i, ok := byLabel[p.Label]; ok {
			pr.items[i].demand += p.Qty
			continue
		}
		byLabel[p.Label] = len(pr.items)
		pr.items = append(pr.items, itemType{label: p.Label, length: p.Length, demand: p.Qty})
	}
	slices.SortStableFunc(pr.items, func(a, b itemType) int {
		if c := cmp.Compare(b.length, a.length); c != 0 {
			return c
		}
		return cmp.Compare(a.label, b.label)
	})

	priced := stock[0].Price > 0
	bars := slices.Clone(stock)
	slices.SortStableFunc(bars, func(a, b Bar) int {
		if c := cmp.Compare(a.Length, b.Length); c != 0 {
			return c
		}
		return cmp.Compare(a.Price, b.Price)
	})
	// Keep a bar only if no other bar at least as long costs as little.
	costOf := func(b Bar) float64 {
		if priced {
			return b.Price
		}
		return b.Length
	}
	for i, b := range bars {
		dominated := false
		for j, o := range bars {
			if j != i && o.Length >= b.Length && costOf(o) <= costOf(b) &&
				(o.Length > b.Length || costOf(o) < costOf(b) || j < i) {
				dominated = true
				break
			}
		}
		if !dominated {
			pr.stocks = append(pr.stocks, stockType{bar: b, cost: costOf(b)})
		}
	}

	scale := pr.chooseScale()
	pr.intCost = true
	for i := range pr.stocks {
		st := &pr.stocks[i]
		st.cap = int(math.Floor((st.bar.Length-2*pr.trim+pr.kerf)*scale + 1e-9))
		pr.maxCap = max(pr.maxCap, st.cap)
		if st.cost != math.Round(st.cost) {
			pr.intCost = false
		}
	}
	for i := range pr.items {
		it := &pr.items[i]
		it.w = max(1, int(math.Ceil((it.length+pr.kerf)*scale-1e-9)))
		// Rounding can only push a piece that fits by a hair over the
		// longest bar; let it in, the float plan is what counts.
		it.w = min(it.w, pr.maxCap)
	}
	return pr
}

// chooseScale picks the integer units per mm: the coarsest of 1, 10, 100,
// 1000 that represents every length exactly within capLimit, else the
// finest that stays within capLimit (lengths are then rounded so that an
// integer fit is always a real fit).
func (pr *problem) chooseScale() float64 {
	longest := 0.0
	vals := []float64{pr.kerf, pr.trim}
	for _, st := range pr.stocks {
		longest = max(longest, st.bar.Length)
		vals = append(vals, st.bar.Length)
	}
	for _, it := range pr.items {
		vals = append(vals, it.length)
	}
	scales := []float64{1, 10, 100, 1000}
	for _, s := range scales {
		if longest*s > capLimit {
			break
		}
		exact := true
		for _, v := range vals {
			if math.Abs(v*s-math.Round(v*s)) > 1e-6 {
				exact = false
				break
			}
		}
		if exact {
			return s
		}
	}
	for _, s := range slices.Backward(scales) {
		if longest*s <= capLimit {
			return s
		}
	}
	return capLimit / longest
}

func (pr *problem) totalDemand() int {
	n := 0
	for _, it := range pr.items {
		n += it.demand
	}
	return n
}

// pattern is the content of one bar: qty[k] pieces of item items[k]. It is
// sparse, so that memory grows with the pieces cut, not with bars times
// distinct pieces.
type pattern struct {
	stock int
	items []int32 // item indices, ascending
	qty   []int32
}

// sparse turns a dense count vector into a pattern's item lists.
func sparse(stock int, count []int) pattern {
	p := pattern{stock: stock}
	for i, c := range count {
		if c > 0 {
			p.items = append(p.items, int32(i))
			p.qty = append(p.qty, int32(c))
		}
	}
	return p
}

// add puts one more piece of item i in the pattern, keeping items sorted.
func (p *pattern) add(i int) {
	k, found := slices.BinarySearch(p.items, int32(i))
	if found {
		p.qty[k]++
		return
	}
	p.items = slices.Insert(p.items, k, int32(i))
	p.qty = slices.Insert(p.qty, k, 1)
}

func (p pattern) clone() pattern {
	return pattern{stock: p.stock, items: slices.Clone(p.items), qty: slices.Clone(p.qty)}
}

// compareCounts orders patterns as their dense count vectors would compare
// lexicographically (a missing item counts 0).
func compareCounts(a, b pattern) int {
	i, j := 0, 0
	for i < len(a.items) || j < len(b.items) {
		switch {
		case j == len(b.items) || (i < len(a.items) && a.items[i] < b.items[j]):
			return 1 // a has a piece where b has none
		case i == len(a.items) || b.items[j] < a.items[i]:
			return -1
		}
		if c := cmp.Compare(a.qty[i], b.qty[j]); c != 0 {
			return c
		}
		i++
		j++
	}
	return 0
}

func (pr *problem) load(count []int) int {
	s := 0
	for i, c := range count {
		s += c * pr.items[i].w
	}
	return s
}

func (pr *problem) patLoad(p pattern) int {
	s := 0
	for k, i := range p.items {
		s += int(p.qty[k]) * pr.items[i].w
	}
	return s
}

// cheapest returns the cheapest stock that holds load, or -1.
func (pr *problem) cheapest(load int) int {
	best := -1
	for k, st := range pr.stocks {
		if st.cap >= load && (best < 0 || st.cost < pr.stocks[best].cost) {
			best = k
		}
	}
	return best
}

func (pr *problem) cost(pats []pattern) float64 {
	c := 0.0
	for _, p := range pats {
		c += pr.stocks[p.stock].cost
	}
	return c
}

// plan lays out the patterns as bars and cuts.
func (pr *problem) plan(pats []pattern, lb float64, optimal, complete bool) *Plan {
	pats = slices.Clone(pats)
	slices.SortStableFunc(pats, func(a, b pattern) int {
		if c := cmp.Compare(pr.stocks[b.stock].bar.Length, pr.stocks[a.stock].bar.Length); c != 0 {
			return c
		}
		return compareCounts(b, a)
	})
	p := &Plan{LowerBound: lb, Optimal: optimal, Complete: complete, Kerf: pr.kerf, Trim: pr.trim, Bars: []UsedBar{}, Offcuts: []Offcut{}}
	bought, pieces, kept := 0.0, 0.0, 0.0
	for _, pat := range pats {
		st := pr.stocks[pat.stock]
		ub := UsedBar{Stock: st.bar}
		pos := pr.trim
		for k, i := range pat.items {
			it := pr.items[i]
			for range pat.qty[k] {
				ub.Cuts = append(ub.Cuts, Cut{Label: it.label, Length: it.length, Position: pos})
				pos += it.length + pr.kerf
				pieces += it.length
			}
		}
		// pos is now past the kerf after the last piece.
		end := st.bar.Length - pr.trim
		if rem := end - (pos - pr.kerf); rem > pr.kerf {
			ub.Offcut = end - pos
		}
		bought += st.bar.Length
		p.Cost += st.cost
		if ub.Offcut > 0 && ub.Offcut >= pr.minOffcut {
			p.Offcuts = append(p.Offcuts, Offcut{Bar: len(p.Bars), Length: ub.Offcut})
			kept += ub.Offcut
		}
		p.Bars = append(p.Bars, ub)
	}
	p.Waste = bought - pieces - kept
	return p
}
