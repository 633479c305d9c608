// Package suggest is the one edit distance behind fabkit's "did you mean"
// hints (unknown parameter names, unknown shop fields and stock ids).
package suggest

import (
	"strings"
	"unicode/utf8"
)

// MaxLen is the longest name, in runes, Distance compares letter by
// letter; no typo is that long, and the work grows with the product of the
// lengths.
const MaxLen = 64

// Distance is the optimal-string-alignment distance between a and b, in
// runes: insertions, deletions, substitutions and swaps of neighbours each
// cost 1 ("lenght" is 1 from "length"). Names longer than MaxLen are 0 from
// themselves and the longer length from anything else.
func Distance(a, b string) int {
	// Count before converting: a hostile 1 MB name must not be copied.
	if na, nb := utf8.RuneCountInString(a), utf8.RuneCountInString(b); na > MaxLen || nb > MaxLen {
		if a == b {
			return 0
		}
		return max(na, nb)
	}
	ra, rb := []rune(a), []rune(b)
	// Three rows: the one before last (for swaps), the last and this one.
	pp := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], pp[j-2]+1)
			}
		}
		pp, prev, cur = prev, cur, pp
	}
	return prev[len(rb)]
}

// Closest returns the candidate nearest to s by Distance, ignoring case,
// or "" when none is within len(s)/2+1 edits (close enough to be a typo).
// Ties go to the earlier candidate. A name longer than MaxLen has no
// suggestion (and is not lowered: the caller's input may be hostile).
func Closest(s string, candidates []string) string {
	if utf8.RuneCountInString(s) > MaxLen {
		return ""
	}
	best, bestD := "", len(s)/2+2
	ls := strings.ToLower(s)
	for _, c := range candidates {
		if d := Distance(ls, strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}
