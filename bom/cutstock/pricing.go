package cutstock

// knapsack prices columns: for piece values v (the LP duals) and bounds b
// (the demand left), it finds for every bar capacity the pattern of most
// value, by a 0/1 dynamic programme over binary-split copies of each piece.
// Its tables are reused between calls.
type knapsack struct {
	f     []float64
	keep  []uint64 // bit (t, c): split t taken at capacity c
	split []splitItem
}

type splitItem struct {
	item, mult, w int
	v             float64
}

// solve fills the table up to capacity c and returns the work it took.
func (k *knapsack) solve(pr *problem, v []float64, b []int, c int) int64 {
	k.split = k.split[:0]
	for i, it := range pr.items {
		if v[i] <= 1e-12 || b[i] <= 0 || it.w > c {
			continue
		}
		n := min(b[i], c/it.w)
		for m := 1; n > 0; m *= 2 {
			t := min(m, n)
			k.split = append(k.split, splitItem{item: i, mult: t, w: t * it.w, v: float64(t) * v[i]})
			n -= t
		}
	}
	words := (c + 64) / 64
	if need := len(k.split) * words; cap(k.keep) < need {
		k.keep = make([]uint64, need)
	} else {
		k.keep = k.keep[:need]
		clear(k.keep)
	}
	if cap(k.f) < c+1 {
		k.f = make([]float64, c+1)
	} else {
		k.f = k.f[:c+1]
		clear(k.f)
	}
	f := k.f
	for t, s := range k.split {
		keep := k.keep[t*words : (t+1)*words]
		for x := c; x >= s.w; x-- {
			if nv := f[x-s.w] + s.v; nv > f[x]+1e-12 {
				f[x] = nv
				keep[x>>6] |= 1 << (x & 63)
			}
		}
	}
	return int64(len(k.split))*int64(c) + int64(len(k.split)*words)
}

// value is the best value within capacity c (c at most the solved one).
func (k *knapsack) value(c int) float64 { return k.f[c] }

// pattern rebuilds the best pattern within capacity c.
func (k *knapsack) pattern(n, c int) []int {
	count := make([]int, n)
	words := (len(k.f) - 1 + 64) / 64
	for t := len(k.split) - 1; t >= 0; t-- {
		if k.keep[t*words+(c>>6)]&(1<<(c&63)) != 0 {
			s := k.split[t]
			count[s.item] += s.mult
			c -= s.w
		}
	}
	return count
}
