package powercube

import (
	"fmt"

	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/shop"
)

// Figures are the engineering summary of one build, in OSE's units.
type Figures struct {
	FlowRated, FlowLoaded float64 // gpm at rated and loaded rpm
	HydraulicHP           float64 // at the system pressure and rated flow
	ShaftHP               float64 // engine power the pump takes (HydraulicHP / 0.85)
	EngineHP              float64
	ReservoirGal, FuelGal float64
	DwellSeconds          float64 // reservoir volume / rated flow
	FuelGPH               float64 // at the shaft power above
	SteelKg, MassKg       float64
}

func figures(d dims, m *model.Model, s *shop.Shop) Figures {
	disp := d.pump.Displacement / ccPerCuIn
	f := Figures{FlowRated: Flow(disp, d.engine.RPM), FlowLoaded: Flow(disp, d.engine.LoadedRPM), EngineHP: d.engine.HP}
	f.HydraulicHP = HydraulicHP(f.FlowRated, d.pressurePSI)
	f.ShaftHP = f.HydraulicHP / pumpEfficiency
	f.ReservoirGal = d.capacity * d.resTube
	f.FuelGal = capacityOf(d.fuelW, d.fuelH, d.twall) * d.fuelTube
	f.DwellSeconds = f.ReservoirGal / f.FlowRated * 60
	f.FuelGPH = f.ShaftHP * 0.745699872 * d.engine.BSFC / gasolineKgPerGal
	for _, p := range m.Parts {
		if kg, ok := p.StockMass(s); ok {
			f.SteelKg += kg * float64(p.Qty)
		}
	}
	f.MassKg = f.SteelKg + d.engine.MassKg + d.pump.MassKg
	return f
}

func summary(d dims, m *model.Model, s *shop.Shop) []model.Figure {
	f := figures(d, m, s)
	covers := "covers it"
	if f.ShaftHP > f.EngineHP {
		covers = "does NOT cover it"
	}
	frame := fmt.Sprintf("%s mitred cube (10 angles + 2 tanks)", inches(d.E))
	edge := d.E
	if d.version == IV {
		frame, edge = fmt.Sprintf("%s x %s x %s square-cut frame (12 angles)", inches(d.L), inches(d.W), inches(d.H)), d.L
	}
	return []model.Figure{
		{Name: "flow_rated", Label: "Pump flow at rated rpm (disp x rpm / 231)", Value: f.FlowRated, Unit: "gpm",
			Text: fmt.Sprintf("%.1f gpm (%.0f L/min): %.3g in³ x %.0f rpm", f.FlowRated, f.FlowRated*lpmPerGPM, d.pump.Displacement/ccPerCuIn, d.engine.RPM)},
		{Name: "flow_loaded", Label: "Pump flow at loaded rpm", Value: f.FlowLoaded, Unit: "gpm",
			Text: fmt.Sprintf("%.1f gpm at %.0f rpm", f.FlowLoaded, d.engine.LoadedRPM)},
		{Name: "hydraulic_power", Label: "Hydraulic power at system pressure (Q x P / 1714)", Value: f.HydraulicHP, Unit: "hp",
			Text: fmt.Sprintf("%.1f hp (%.1f kW) at %.0f psi", f.HydraulicHP, f.HydraulicHP*0.7457, d.pressurePSI)},
		{Name: "engine_margin", Label: "Engine power less the pump's need (hydraulic / 0.85 [EST])", Value: f.EngineHP - f.ShaftHP, Unit: "hp",
			Text: fmt.Sprintf("%s %g hp %s: the pump takes %.1f hp", d.engine.Name, f.EngineHP, covers, f.ShaftHP)},
		{Name: "reservoir_volume", Label: "Hydraulic reservoir volume", Value: f.ReservoirGal, Unit: "gal",
			Text: fmt.Sprintf("%.2f gal (%.1f L): %s of tube at %.3f gal/in", f.ReservoirGal, f.ReservoirGal*3.785412, inches(d.resTube), d.capacity)},
		{Name: "reservoir_dwell", Label: "Reservoir dwell (volume / flow)", Value: f.DwellSeconds, Unit: "s",
			Text: fmt.Sprintf("%.0f s of oil at %.1f gpm", f.DwellSeconds, f.FlowRated)},
		{Name: "fuel_use", Label: "Fuel use at full hydraulic load [EST]", Value: f.FuelGPH, Unit: "gal/h",
			Text: fmt.Sprintf("%.1f gal/h (%.2f lb/hp·h); the %.1f gal tank runs %.1f h", f.FuelGPH, d.engine.BSFC*0.745699872/0.45359237, f.FuelGal, f.FuelGal/f.FuelGPH)},
		{Name: "frame", Label: "Frame", Value: edge * in, Unit: "mm", Text: frame},
		{Name: "mass", Label: "Mass (steel, engine and pump; oil and fuel not included)", Value: f.MassKg, Unit: "kg",
			Text: fmt.Sprintf("%.0f kg (%.0f lb): steel %.0f kg", f.MassKg, f.MassKg/0.45359237, f.SteelKg)},
	}
}
