package toolpath

import (
	"context"
	"fmt"
)

// orderHoles orders a part's hole cuts so that the torch travels little
// between them and ends near the outline's pierce point: nearest neighbour
// backwards from the outline's pierce, then 2-opt.
func orderHoles(holes []Cut, outline point) []Cut {
	if len(holes) < 2 {
		return holes
	}
	n := len(holes)
	used := make([]bool, n)
	seq := make([]int, 0, n)
	pos := outline
	for len(seq) < n {
		best, bestD := -1, 0.0
		for i := range holes {
			if used[i] {
				continue
			}
			if d := holes[i].End().Sub(pos).Len(); best < 0 || d < bestD {
				best, bestD = i, d
			}
		}
		used[best] = true
		seq = append(seq, best)
		pos = holes[best].Pierce
	}
	for i, j := 0, n-1; i < j; i, j = i+1, j-1 {
		seq[i], seq[j] = seq[j], seq[i]
	}
	cost := func(s []int) float64 {
		c := 0.0
		for k := 0; k+1 < len(s); k++ {
			c += holes[s[k+1]].Pierce.Sub(holes[s[k]].End()).Len()
		}
		return c + outline.Sub(holes[s[len(s)-1]].End()).Len()
	}
	seq = twoOpt(context.Background(), seq, cost, nil)
	out := make([]Cut, n)
	for k, i := range seq {
		out[k] = holes[i]
	}
	return out
}

// orderParts orders parts from start, the program's origin: nearest
// neighbour, then 2-opt, never cutting a part before the parts nested in
// its holes.
func orderParts(ctx context.Context, groups []partCuts, before [][]int, start point) ([]int, error) {
	n := len(groups)
	done := make([]bool, n)
	seq := make([]int, 0, n)
	pos := start
	for len(seq) < n {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		best, bestD := -1, 0.0
		for i := range groups {
			if done[i] || !ready(before[i], done) {
				continue
			}
			if d := groups[i].entry().Sub(pos).Len(); best < 0 || d < bestD {
				best, bestD = i, d
			}
		}
		if best < 0 {
			return nil, fmt.Errorf("toolpath: parts are nested inside each other's holes in a cycle")
		}
		done[best] = true
		seq = append(seq, best)
		pos = groups[best].exit()
	}
	cost := func(s []int) float64 {
		c, p := 0.0, start
		for _, i := range s {
			c += groups[i].entry().Sub(p).Len()
			p = groups[i].exit()
		}
		return c
	}
	valid := func(s []int) bool {
		seen := make([]bool, n)
		for _, i := range s {
			if !ready(before[i], seen) {
				return false
			}
			seen[i] = true
		}
		return true
	}
	return twoOpt(ctx, seq, cost, valid), ctx.Err()
}

func ready(deps []int, done []bool) bool {
	for _, d := range deps {
		if !done[d] {
			return false
		}
	}
	return true
}

// twoOpt improves a sequence by reversing runs while that lowers its cost
// and keeps it valid.
func twoOpt(ctx context.Context, seq []int, cost func([]int) float64, valid func([]int) bool) []int {
	best := cost(seq)
	cand := make([]int, len(seq))
	for pass := 0; pass < 100; pass++ {
		improved := false
		for i := 0; i < len(seq)-1; i++ {
			if ctx.Err() != nil {
				return seq
			}
			for j := i + 1; j < len(seq); j++ {
				copy(cand, seq)
				for a, b := i, j; a < b; a, b = a+1, b-1 {
					cand[a], cand[b] = cand[b], cand[a]
				}
				if c := cost(cand); c < best-1e-9 && (valid == nil || valid(cand)) {
					best = c
					copy(seq, cand)
					improved = true
				}
			}
		}
		if !improved {
			break
		}
	}
	return seq
}
