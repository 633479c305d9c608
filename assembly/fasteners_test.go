package assembly_test

import (
	"strings"
	"testing"

	"github.com/fabkit/fabkit/assembly"
	"github.com/fabkit/fabkit/shop"
)

// TestCatalogueBolt: the bolt rule a design uses for a joint the check
// cannot measure is the check's own: the clearance fit for the hole, then
// the shortest length of the catalogue at least the stack's need (grip,
// washers, nut, two threads); what the catalogue lacks is an error.
func TestCatalogueBolt(t *testing.T) {
	s := shop.Default()
	cat := assembly.CatalogueOf(s)
	fc := s.FastenerCatalogue()
	for _, c := range []struct {
		hole, grip float64
		washers    int
		dia        float64
	}{
		{20.32, 15.875, 2, 19.05}, // the press's guard: a 0.8in a1 hole, 1/2in rail and 1/8in guard
		{25.527, 25.4, 0, 25.4},   // a 1.005in hole through two 1/2in plates; 0 washers means 2
		{19.304, 12.7, 1, 19.05},  // a 0.76in hole, one washer
	} {
		f, err := cat.Bolt(c.hole, c.grip, c.washers)
		if err != nil {
			t.Fatalf("%g mm hole, %g mm grip: %v", c.hole, c.grip, err)
		}
		b, _ := fc.BoltFor(c.hole)
		n, _ := fc.NutOf(b.Diameter)
		w, _ := fc.WasherOf(b.Diameter)
		washers := c.washers
		if washers == 0 {
			washers = 2
		}
		need := assembly.Need(c.grip, w.Thickness, n.Height, b.Pitch, washers)
		if f.Diameter != c.dia || f.Washers != washers || f.Nut != n.Item || f.Washer != w.Item {
			t.Errorf("%g mm hole: %+v, want a %g mm bolt with %d washers %s and nut %s", c.hole, f, c.dia, washers, w.Item, n.Item)
		}
		if f.Length < need-1e-3 {
			t.Errorf("%g mm hole, %g mm grip: %s is %g mm, shorter than the %g mm the stack needs", c.hole, c.grip, f.Item, f.Length, need)
		}
		for _, l := range b.Lengths {
			if l.Length >= need-1e-6 && l.Length < f.Length-1e-3 {
				t.Errorf("%g mm grip: %s (%g mm) chosen, but %s (%g mm) clamps it too", c.grip, f.Item, f.Length, l.Item, l.Length)
			}
		}
	}
	if _, err := cat.Bolt(3, 10, 2); err == nil || !strings.Contains(err.Error(), "no bolt in the shop's fastener catalogue fits its 3 mm hole") {
		t.Errorf("a 3 mm hole: %v", err)
	}
	if _, err := cat.Bolt(20.32, 2000, 2); err == nil || !strings.Contains(err.Error(), "covers the stack") {
		t.Errorf("a 2 m stack: %v", err)
	}
}
