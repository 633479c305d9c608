package cebpress

import (
	"fmt"
	"math"

	"github.com/fabkit/fabkit/designs/powercube"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

// This file declares what the press asks of the hydraulic power unit that
// drives it (model.HydraulicConsumer), and names the Power Cube that meets
// it, for the manifest and the BOM.

// OSE's demand for the CEB press (v17.08 spec, research 3.4): at least 14
// gpm at 2300 psi.
const (
	oseFlowGPM     = 14.0
	osePressurePSI = 2300.0
)

var _ model.HydraulicConsumer = Design{}

// HydraulicDemand is OSE's demand scaled to this press's cylinders: the
// flow that keeps OSE's cycle time, i.e. 14 gpm times the oil one cycle
// moves (the moves of cycle(): drawer open and close, press, release,
// eject) over what OSE's default press (5in x 16 main, 2.5in x 14 drawer,
// 6in chamber) moves, and never under 14 gpm; at OSE's 2300 psi.
func (Design) HydraulicDemand(v *params.Values, s *shop.Shop) (model.HydraulicDemand, error) {
	ref, err := schema().Resolve("")
	if err != nil {
		return model.HydraulicDemand{}, fmt.Errorf("cebpress: reference press: %w", err)
	}
	q := oseFlowGPM * lpmPerGPM
	moves := func(v *params.Values) float64 { return cycle(v, deriveVars(v), q) - pressDwellSecs } // s at 14 gpm
	ratio := moves(v) / moves(ref)
	gpm := oseFlowGPM * math.Max(1, ratio)
	basis := fmt.Sprintf("ceb-press: OSE's >= %.0f gpm at %.0f psi", oseFlowGPM, osePressurePSI)
	if ratio > 1+1e-9 {
		basis += fmt.Sprintf(", x %.2f for its cylinders' oil per cycle", ratio)
	}
	return model.HydraulicDemand{FlowLPM: gpm * lpmPerGPM, PressureMPa: osePressurePSI / psiPerMPa, Basis: basis}, nil
}

// powerUnitItem is the shop item id of the Power Cube as a BOM line.
const powerUnitItem = "power-cube"

// PowerUnit returns the Power Cube that serves the press in shop s (the
// smallest of the shop's catalogue that meets HydraulicDemand) as a BOM
// line the replicator can build with fabkit instead of buying, and the
// summary line that names it. A demand the catalogue cannot meet gives a
// line to source elsewhere and a warning.
func PowerUnit(v *params.Values, s *shop.Shop, r *params.Report) (*model.Part, model.Figure) {
	dem, err := Design{}.HydraulicDemand(v, s)
	part := &model.Part{ID: "power-unit", Name: "hydraulic power unit (OSE Power Cube)", Process: model.Buy, Qty: 1,
		Purchased: &model.Purchased{Item: powerUnitItem, Unit: "each"}}
	if _, ok := s.Item(powerUnitItem); !ok {
		part.Purchased.Optional = true
	}
	fig := model.Figure{Name: "power_unit", Label: "Power unit (OSE Power Cube)", Unit: "gpm"}
	if err == nil {
		var z powercube.Sizing
		if z, err = powercube.Size(dem, s); err == nil {
			part.Purchased.Spec = fmt.Sprintf("Power Cube: %s, %.3g in³ pump, %.1f gpm at %.0f psi, %.2f gal reservoir; build it with `fabkit build power-cube --for ceb-press`",
				z.Engine.Name, z.Pump.Displacement/16.387064, z.FlowGPM, z.PressurePSI, z.ReservoirGal)
			fig.Value = z.FlowGPM
			fig.Text = fmt.Sprintf("Power Cube with %s and %.3g in³ pump: %.1f gpm at %.0f psi for a demand of %.1f gpm (fabkit build power-cube --for ceb-press)",
				z.Engine.Name, z.Pump.Displacement/16.387064, z.FlowGPM, z.PressurePSI, dem.FlowLPM/lpmPerGPM)
			return part, fig
		}
	}
	part.Purchased.Optional = true
	part.Purchased.Spec = fmt.Sprintf("hydraulic power unit: %.1f gpm at %.0f psi (no Power Cube of shop %q meets it)", dem.FlowLPM/lpmPerGPM, dem.PressureMPa*psiPerMPa, s.Name)
	fig.Value, fig.Text = dem.FlowLPM/lpmPerGPM, part.Purchased.Spec
	r.Warnf([]string{"main_bore", "drawer_bore"}, "%v", err)
	return part, fig
}
