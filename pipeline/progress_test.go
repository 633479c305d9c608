package pipeline

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/shop"
)

// A build reports every stage in order, a fraction that never goes down
// and ends at 1, and messages from the mesher, the nester, the cut-list
// optimizer and the drawings.
func TestProgress(t *testing.T) {
	var got []Progress
	_, err := Run(context.Background(), Request{Design: bracket{}, Shop: shop.Default(), Progress: func(p Progress) { got = append(got, p) }})
	if err != nil {
		t.Fatal(err)
	}
	var stages []string
	last := 0.0
	for _, p := range got {
		if p.Fraction < last || p.Fraction > 1 {
			t.Errorf("%s %q: fraction %.3f after %.3f", p.Stage, p.Message, p.Fraction, last)
		}
		last = p.Fraction
		if len(stages) == 0 || stages[len(stages)-1] != p.Stage {
			stages = append(stages, p.Stage)
		}
	}
	want := append(append([]string{"design", "assembly", "geometry", "cam", "bom"}, Kinds()...), "verify", "manifest")
	if !slices.Equal(stages, want) {
		t.Errorf("stages %v, want %v", stages, want)
	}
	if last < 0.99 {
		t.Errorf("the build ended at %.3f", last)
	}
	for _, msg := range []string{"meshed part p1", "nesting", "layout", "cut list of sq-2x2x1/4", "drawing part b1"} {
		if !slices.ContainsFunc(got, func(p Progress) bool { return strings.Contains(p.Message, msg) }) {
			t.Errorf("no progress message mentions %q", msg)
		}
	}
}
