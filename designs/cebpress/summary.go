package cebpress

import (
	"fmt"
	"math"

	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

// Working defaults when the shop does not describe its power unit: OSE's
// 2500 psi and a 12 gpm Power Cube.
const (
	psiPerMPa      = 145.0377
	lbfPerN        = 0.2248089
	lpmPerGPM      = 3.785412
	defaultMPa     = 2500 / psiPerMPa
	defaultLPM     = 12 * lpmPerGPM
	minBrickMPa    = 600 / psiPerMPa // OSE's 5in cylinder at 2200 psi on a 6x12 brick
	pressDwellSecs = 0.5             // PRESS_DELAY 500 in the controller
)

// hydraulics returns the shop's working pressure (MPa) and flow (L/min).
func hydraulics(s *shop.Shop) (float64, float64) {
	p, q := s.Hydraulics.PressureMPa, s.Hydraulics.FlowLPM
	if p <= 0 {
		p = defaultMPa
	}
	if q <= 0 {
		q = defaultLPM
	}
	return p, q
}

// cycle estimates one brick's cycle (s) with the [EST] model of the notes:
// each move's swept volume over the pump flow, the rod side on retracts.
// Moves: drawer load (retract, the cell under the hopper), drawer close
// (extend), press (main extends one chamber height, then dwells), release
// (main retracts a chamber height to refill) and eject (main extends a
// chamber height to lift the brick out).
func cycle(v *params.Values, o vars, flowLPM float64) float64 {
	area := func(b float64) float64 { return math.Pi * b * b / 4 }
	capM, capD := area(v.Length("main_bore")), area(v.Length("drawer_bore"))
	rodM, rodD := capM-area(v.Length("main_rod")), capD-area(v.Length("drawer_rod"))
	q := flowLPM * 1e6 / 60 // mm³/s
	ds, h := v.Length("drawer_stroke"), o.brickCH*in
	return ds*rodD/q + ds*capD/q + h*capM/q + pressDwellSecs + h*rodM/q + h*capM/q
}

func summary(v *params.Values, o vars, s *shop.Shop, m *model.Model, r *params.Report) []model.Figure {
	pMPa, q := hydraulics(s)
	bore := v.Length("main_bore")
	force := pMPa * math.Pi * bore * bore / 4 // N
	face := o.brickW * o.brickL * in * in
	brick := force / face // MPa
	if brick < minBrickMPa {
		r.Warnf([]string{"main_bore", "brick_width", "brick_length"},
			"brick face pressure %.0f psi at %.0f psi working pressure is under 600 psi (OSE aims at 1200): a bigger bore or a smaller brick",
			brick*psiPerMPa, pMPa*psiPerMPa)
	}
	t := cycle(v, o, q)
	plateKg, barKg := 0.0, 0.0
	for _, p := range m.Parts {
		kg, _ := p.StockMass(s)
		switch {
		case p.Plate != nil:
			plateKg += kg * float64(p.Qty)
		case p.Bar != nil:
			barKg += kg * float64(p.Qty)
		}
	}
	return []model.Figure{
		{Name: "press_force", Label: "Press force at working pressure", Value: force / 1000, Unit: "kN",
			Text: fmt.Sprintf("%.0f lbf (%.0f kN) at %.0f psi", force*lbfPerN, force/1000, pMPa*psiPerMPa)},
		{Name: "brick_pressure", Label: "Pressure on the brick face", Value: brick, Unit: "MPa",
			Text: fmt.Sprintf("%.0f psi (%.2f MPa) on %.0f in²", brick*psiPerMPa, brick, face/(in*in))},
		{Name: "cycle_time", Label: "Estimated cycle time [EST]", Value: t, Unit: "s",
			Text: fmt.Sprintf("%.1f s at %.1f gpm", t, q/lpmPerGPM)},
		{Name: "bricks_per_hour", Label: "Bricks per hour [EST]", Value: 3600 / t, Unit: "bricks/h",
			Text: fmt.Sprintf("%.0f bricks/h (%.1f/min)", 3600/t, 60/t)},
		{Name: "steel_mass", Label: "Steel mass (plates and bars)", Value: plateKg + barKg, Unit: "kg",
			Text: fmt.Sprintf("%.0f kg (%.0f lb): plates %.0f kg, bars %.0f kg", plateKg+barKg, (plateKg+barKg)*2.204623, plateKg, barKg)},
	}
}
