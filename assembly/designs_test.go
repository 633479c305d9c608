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
		if pr != "plate" && (len(rep.Fasteners) == 0 || rep.Fasteners[0].Item != "m6x18") {
			t.Errorf("%s: fasteners %+v, want M6x18 bolts first", pr, rep.Fasteners)
		}
	}
}
