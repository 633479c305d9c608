package cebpress

import (
	"context"
	"math"
	"testing"

	"github.com/fabkit/fabkit/designs/powercube"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

// Every CEB press preset declares at least OSE's 14 gpm at 2300 psi, and
// the Power Cube sized for it meets it.
func TestPowerCubeMeetsEveryPreset(t *testing.T) {
	for _, preset := range append([]string{""}, schema().PresetNames()...) {
		t.Run(preset, func(t *testing.T) {
			name := schema().PresetShop(preset)
			if name == "" {
				name = "us-imperial"
			}
			s, err := shop.Builtin(name)
			if err != nil {
				t.Fatal(err)
			}
			v, err := schema().Resolve(preset)
			if err != nil {
				t.Fatal(err)
			}
			dem, err := Design{}.HydraulicDemand(v, s)
			if err != nil {
				t.Fatal(err)
			}
			gpm, psi := dem.FlowLPM/lpmPerGPM, dem.PressureMPa*psiPerMPa
			if gpm < 14-1e-9 || math.Abs(psi-2300) > 1e-6 {
				t.Fatalf("demand %.2f gpm at %.0f psi, want >= 14 gpm at 2300 psi", gpm, psi)
			}
			if preset == "" && math.Abs(gpm-14) > 1e-9 {
				t.Errorf("OSE's own press asks %.3f gpm, want OSE's 14", gpm)
			}
			ovs, err := powercube.Design{}.SizeFor(dem, s)
			if err != nil {
				t.Fatal(err)
			}
			pc := powercube.Design{}
			pcPreset := "" // the Power Cube's preset for the shop's stock
			if name == "metric" {
				pcPreset = "VI-metric"
			}
			pv, err := pc.Schema().Resolve(pcPreset, ovs)
			if err != nil {
				t.Fatal(err)
			}
			r := pc.Schema().RunChecks(pv)
			m, err := pc.Build(context.Background(), pv, s, r)
			if err == nil {
				err = r.Err()
			}
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]float64{}
			for _, f := range m.Summary {
				got[f.Name] = f.Value
			}
			// Independent arithmetic on the chosen pump and engine.
			disp, rpm := pv.Number("pump_displacement"), 3600.0
			if q := disp * rpm / 231; got["flow_rated"] < gpm-1e-9 || math.Abs(got["flow_rated"]-q) > 0.01*q {
				t.Errorf("flow %.2f gpm (%.3f in³ x %.0f / 231 = %.2f) for a demand of %.2f", got["flow_rated"], disp, rpm, q, gpm)
			}
			if got["engine_margin"] < 0 {
				t.Errorf("engine margin %.2f hp: the engine does not cover the pump", got["engine_margin"])
			}
			if pv.Number("system_pressure") != 2300 {
				t.Errorf("system pressure %v", pv.Number("system_pressure"))
			}
			part, fig := PowerUnit(v, s, &params.Report{})
			if part.Purchased.Item != "power-cube" || fig.Value < gpm-1e-9 {
				t.Errorf("BOM line %+v, figure %+v", part.Purchased, fig)
			}
		})
	}
}
