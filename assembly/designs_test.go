package assembly_test

import (
	"context"
	"testing"

	"github.com/fabkit/fabkit/assembly"
	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

// build returns a shipped design's model for a preset ("" is the default)
// and the shop it is meant for.
func build(t testing.TB, name, preset string, defs ...string) (*model.Model, *shop.Shop) {
	t.Helper()
	d, err := designs.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	s := shop.Default()
	if n := d.Schema().PresetShop(preset); n != "" {
		if s, err = shop.Builtin(n); err != nil {
			t.Fatal(err)
		}
	}
	var layer []params.Override
	for _, def := range defs {
		o, err := params.ParseOverride(def)
		if err != nil {
			t.Fatal(err)
		}
		layer = append(layer, o)
	}
	v, err := d.Schema().Resolve(preset, layer)
	if err != nil {
		t.Fatal(err)
	}
	r := &params.Report{}
	m, err := d.Build(context.Background(), v, s, r)
	if err != nil {
		t.Fatal(err)
	}
	return m, s
}

// TestD3DPresetsGoTogether: every D3D preset passes every check with no
// finding, and the checks did their work (pairs, pieces and samples
// tested, holes mated, bolts chosen).
func TestD3DPresetsGoTogether(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every D3D preset")
	}
	d, _ := designs.Get("d3d")
	for _, pr := range append(d.Schema().PresetNames(), "plate") {
		var m *model.Model
		var s *shop.Shop
		if pr == "plate" { // the welded plate frame, 12in
			m, s = build(t, "d3d", "12in", "frame_style=plate")
		} else {
			m, s = build(t, "d3d", pr)
		}
		rep, err := assembly.Run(context.Background(), m, s, assembly.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range rep.Findings {
			t.Errorf("%s: %s", pr, f.Message)
		}
		c := map[string]assembly.Check{}
		for _, ch := range rep.Checks {
			c[ch.Name] = ch
		}
		if c["interference"].Pairs == 0 || c["interference"].Tested+c["interference"].Samples == 0 || (pr != "plate" && (c["holes"].Mated == 0 || c["fasteners"].Bolts == 0 || c["holes"].Open != 4)) {
			t.Errorf("%s: counts %+v", pr, rep.Checks)
		}
		// The corner bolts are M6 (the design declares them: the nut traps
		// are M6, and a 1/4in bolt would pass the 6.78 mm holes too), one
		// washer under the head, the nut in its trap; the length is the
		// catalogue's next above the stack's need.
		if pr != "plate" {
			if len(rep.Fasteners) == 0 || rep.Fasteners[0].Kind != "bolt" || rep.Fasteners[0].Diameter != 6 || rep.Fasteners[0].Qty != 24 {
				t.Errorf("%s: fasteners %+v, want 24 M6 bolts first", pr, rep.Fasteners)
			}
			for _, j := range rep.Joints {
				f := j.Fastener
				unlocated := j.At == [3]float64{} // the axis bolts, declared with their lengths
				if j.Kind != model.Bolted || f == nil || j.Inferred || f.Washers != 1 || f.Nut != "nut-m6" ||
					!unlocated && (f.Length < f.Need || f.Length > f.Need+5) || unlocated && f.Item != "m6x18" && f.Item != "m6x30" {
					t.Errorf("%s: joint %+v fastener %+v", pr, j, f)
				}
			}
		}
	}
}
