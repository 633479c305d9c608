package cutstock

import (
	"math"
)

// maxQuantumSteps bounds the table of plan costs that rounding a bound
// consults: costs up to this many quanta are checked exactly.
const maxQuantumSteps = 1 << 20

// costGrid is what plan costs can be: sums of whole bars. Costs are
// multiples of the quantum (the gcd of the bar costs, found at a decimal
// scale of 1, 10, 100 or 1000 where every cost is whole); below a limit the
// exact set of sums is known, so a bound rounds up to the cheapest plan
// cost that any choice of bars can reach.
type costGrid struct {
	quantum float64 // 0: costs have no common quantum
	units   []int   // each stock's cost in quanta
	next    []int32 // next[t]: least reachable cost >= t quanta, or -1
}

func newCostGrid(stocks []stockType) costGrid {
	var g costGrid
	for _, scale := range []float64{1, 10, 100, 1000} {
		whole, d := true, 0
		ints := make([]int, len(stocks))
		for k, st := range stocks {
			v := st.cost * scale
			r := math.Round(v)
			if r < 1 || r > 1<<40 || math.Abs(v-r) > 1e-7*max(1, v) {
				whole = false
				break
			}
			ints[k] = int(r)
			d = gcd(d, int(r))
		}
		if !whole {
			continue
		}
		g.quantum = float64(d) / scale
		for _, v := range ints {
			g.units = append(g.units, v/d)
		}
		return g
	}
	return g
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// reach fills the table of reachable costs up to hi (a cost, for example
// the first plan found); it is called once per search.
func (g *costGrid) reach(hi float64) {
	if g.quantum == 0 {
		return
	}
	top := int(math.Ceil(hi/g.quantum)) + 1
	for _, u := range g.units {
		top = max(top, u+1)
	}
	if top > maxQuantumSteps {
		return
	}
	ok := make([]bool, top+1)
	ok[0] = true
	for t := 1; t <= top; t++ {
		for _, u := range g.units {
			if u <= t && ok[t-u] {
				ok[t] = true
				break
			}
		}
	}
	g.next = make([]int32, top+1)
	nxt := int32(-1)
	for t := top; t >= 0; t-- {
		if ok[t] {
			nxt = int32(t)
		}
		g.next[t] = nxt
	}
}

// round is the least cost a plan can have when lb bounds it from below.
func (g *costGrid) round(lb float64) float64 {
	if g.quantum == 0 {
		return lb * (1 - 1e-9)
	}
	t := math.Ceil(lb/g.quantum - 1e-6)
	if t < 0 {
		t = 0
	}
	if t < float64(len(g.next)) && g.next[int(t)] >= 0 {
		t = float64(g.next[int(t)])
	}
	return t * g.quantum
}
