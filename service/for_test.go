package service

import (
	"strings"
	"testing"

	"github.com/fabkit/fabkit/designs"
)

// The "for" field sizes a power unit to another design's demand, as
// `fabkit build power-cube --for ceb-press` does, and names what falls short.
func TestBuildFor(t *testing.T) {
	ts := newTestServer(t, Config{Designs: designs.All})
	sp, e := ts.resolve(&BuildRequest{Design: "power-cube", For: &BuildFor{Design: "ceb-press"}})
	if e != nil {
		t.Fatal(e)
	}
	got := map[string]string{}
	for _, o := range sp.overrides {
		got[o.Name] = o.Value
	}
	// OSE's 14 gpm at 2300 psi: the 0.976 in³ pump (15.2 gpm) on the 28 hp engine.
	if got["engine_hp"] != "28" || got["pump_displacement"] != "0.976" || got["system_pressure"] != "2300" {
		t.Errorf("sized values %v", got)
	}
	// The request's own params win over the sizing.
	sp2, e := ts.resolve(&BuildRequest{Design: "power-cube", Params: map[string]any{"reservoir_volume": "9"}, For: &BuildFor{Design: "ceb-press"}})
	if e != nil {
		t.Fatal(e)
	}
	for _, o := range sp2.overrides {
		if o.Name == "reservoir_volume" && o.Value != "9" {
			t.Errorf("reservoir_volume = %s, want the request's 9", o.Value)
		}
	}
	if sp.id == sp2.id {
		t.Error("different sized builds share an id")
	}
	for _, tc := range []struct {
		req        *BuildRequest
		field, msg string
	}{
		{&BuildRequest{Design: "power-cube", For: &BuildFor{Design: "ceb-press", Params: map[string]any{"main_bore": "6in", "drawer_bore": "3in"}}}, "for", "no engine meets 20.8 gpm"},
		{&BuildRequest{Design: "power-cube", For: &BuildFor{Design: "d3d"}}, "for", "declares no hydraulic demand"},
		{&BuildRequest{Design: "ceb-press", For: &BuildFor{Design: "ceb-press"}}, "for", "not a hydraulic power unit"},
		{&BuildRequest{Design: "power-cube", For: &BuildFor{Design: "nope"}}, "for.design", "unknown design"},
		{&BuildRequest{Design: "power-cube", For: &BuildFor{Design: "ceb-press", Params: map[string]any{"main_bore": "99ft"}}}, "for", "main_bore = 99ft"},
	} {
		_, e := ts.resolve(tc.req)
		if e == nil || e.Field != tc.field || !strings.Contains(e.Message, tc.msg) {
			t.Errorf("%+v: got %+v, want field %s message containing %q", tc.req.For, e, tc.field, tc.msg)
		}
	}
}
