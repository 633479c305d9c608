package pipeline

import (
	"context"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/designs"
)

// TestBOMFastenersFromJoints: the BOM's bolts, nuts and washers are the
// joints' (one bolt, one nut and the joint's washers per joint instance),
// with or without the assembly check, and no hand-listed fastener is left.
func TestBOMFastenersFromJoints(t *testing.T) {
	d, err := designs.Get("d3d")
	if err != nil {
		t.Fatal(err)
	}
	var counts [2]map[string]int
	for i, skip := range []bool{false, true} {
		r, err := Run(context.Background(), Request{Design: d, Preset: "12in", NoAssemblyCheck: skip, Only: []string{"bom"}})
		if err != nil {
			t.Fatal(err)
		}
		counts[i] = map[string]int{}
		for _, h := range r.BOM.Hardware {
			fastener := strings.HasPrefix(h.Item, "m6x") || strings.HasPrefix(h.Item, "nut-") || strings.HasPrefix(h.Item, "washer-")
			fromJoints := strings.Contains(h.Notes, "from the assembly's bolted joints")
			if fastener != fromJoints {
				t.Errorf("skip=%v: %s (%s): a fastener not from the joints, or a joint line that is no fastener", skip, h.Part, h.Item)
			}
			if fromJoints {
				counts[i][h.Item] += h.Qty
			}
		}
		if !skip {
			// Independent count: every bolted joint of the report, one
			// bolt, one nut and its washers per instance.
			want := map[string]int{}
			for _, j := range r.Assembly.Joints {
				if f := j.Fastener; f != nil {
					want[f.Item] += j.Count
					want[f.Nut] += j.Count
					want[f.Washer] += f.Washers * j.Count
				}
			}
			for item, n := range want {
				if counts[i][item] != n {
					t.Errorf("%s: BOM %d, joints %d", item, counts[i][item], n)
				}
			}
			if len(want) != len(counts[i]) || want["nut-m6"] != 24+7*5 {
				t.Errorf("BOM fasteners %v, joints %v: want 24 corner and 7 x 5 axis bolts, each with a nut", counts[i], want)
			}
		}
	}
	if len(counts[0]) == 0 || len(counts[0]) != len(counts[1]) {
		t.Fatalf("with the check %v, without %v", counts[0], counts[1])
	}
	for item, n := range counts[0] {
		if counts[1][item] != n {
			t.Errorf("%s: %d with the check, %d without", item, n, counts[1][item])
		}
	}
}
