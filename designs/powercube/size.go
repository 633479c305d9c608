package powercube

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

// ShortfallError is a demand the shop's catalogue cannot meet: it names
// what falls short.
type ShortfallError struct {
	Demand model.HydraulicDemand
	What   string // "pump", "engine" or "reservoir"
	Reason string
}

func (e *ShortfallError) Error() string {
	return fmt.Sprintf("power-cube: no %s meets %.1f gpm at %.0f psi (%s): %s",
		e.What, e.Demand.FlowLPM/lpmPerGPM, e.Demand.PressureMPa*psiPerMPa, e.Demand.Basis, e.Reason)
}

// Sizing is the Power Cube chosen for a demand.
type Sizing struct {
	Engine       shop.Engine
	Pump         shop.Pump
	PressurePSI  float64
	ReservoirGal float64
	FlowGPM      float64 // at the engine's rated rpm
}

// Size picks the smallest pump of the shop's catalogue whose flow at the
// engine speed meets the demand, the smallest engine that turns it at the
// demand's pressure (hydraulic power / 0.85), and the smallest reservoir
// that holds 28 s of that flow, OSE VI's dwell (7.1 gal at 15.3 gpm).
func Size(dem model.HydraulicDemand, s *shop.Shop) (Sizing, error) {
	gpm, psi := dem.FlowLPM/lpmPerGPM, dem.PressureMPa*psiPerMPa
	if !(gpm > 0) || !(psi > 0) || math.IsInf(gpm+psi, 0) {
		return Sizing{}, &ShortfallError{dem, "pump", "the demand needs a positive flow and pressure"}
	}
	if psi > 3500+0.5 {
		return Sizing{}, &ShortfallError{dem, "pump", fmt.Sprintf("%.0f psi is over the design's 3500 psi (system_pressure)", psi)}
	}
	type cand struct {
		p shop.Pump
		e shop.Engine
		q float64
	}
	var best *cand
	var short, weak []string // pumps short of flow (or pressure), pumps no engine can turn
	for _, p := range s.Power.Pumps {
		if p.MaxPressure*psiPerMPa+0.5 < psi {
			short = append(short, fmt.Sprintf("%s is rated %.0f psi", p.ID, p.MaxPressure*psiPerMPa))
			continue
		}
		// The engine that turns it: smallest power, then listing order.
		var eng *shop.Engine
		var q, most, need float64
		for i := range s.Power.Engines {
			e := &s.Power.Engines[i]
			if e.RPM > p.MaxRPM {
				continue
			}
			fq := Flow(p.Displacement/ccPerCuIn, e.RPM)
			most = math.Max(most, fq)
			if fq+1e-9 < gpm {
				continue
			}
			if hp := HydraulicHP(fq, psi) / pumpEfficiency; hp > e.HP+1e-9 {
				need = hp
				continue
			}
			if eng == nil || e.HP < eng.HP {
				eng, q = e, fq
			}
		}
		switch {
		case eng != nil:
		case most+1e-9 < gpm:
			short = append(short, fmt.Sprintf("%s (%.3g in³) gives %.1f gpm", p.ID, p.Displacement/ccPerCuIn, most))
			continue
		default:
			weak = append(weak, fmt.Sprintf("%s needs %.1f hp at the shaft", p.ID, need))
			continue
		}
		if best == nil || p.Displacement < best.p.Displacement || p.Displacement == best.p.Displacement && eng.HP < best.e.HP {
			best = &cand{p, *eng, q}
		}
	}
	if best == nil {
		if len(weak) > 0 {
			return Sizing{}, &ShortfallError{dem, "engine", strings.Join(weak, "; ") + fmt.Sprintf(", more than the catalogue's engines give (%s)", engineList(s))}
		}
		if len(short) == 0 {
			short = []string{fmt.Sprintf("shop %q lists no pumps", s.Name)}
		}
		return Sizing{}, &ShortfallError{dem, "pump", strings.Join(short, "; ")}
	}
	gal := math.Ceil(best.q*minDwellSeconds/60*100-1e-6) / 100
	return Sizing{Engine: best.e, Pump: best.p, PressurePSI: psi, ReservoirGal: gal, FlowGPM: best.q}, nil
}

// SizeFor implements model.HydraulicSupplier: the overrides that build the
// Power Cube Size picks.
func (Design) SizeFor(dem model.HydraulicDemand, s *shop.Shop) ([]params.Override, error) {
	z, err := Size(dem, s)
	if err != nil {
		return nil, err
	}
	src := "sized for " + dem.Basis
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	return []params.Override{
		{Name: "engine_hp", Value: num(z.Engine.HP), Source: src},
		{Name: "pump_displacement", Value: num(math.Floor(z.Pump.Displacement/ccPerCuIn*1e4) / 1e4), Source: src},
		{Name: "system_pressure", Value: num(math.Round(z.PressurePSI)), Source: src},
		{Name: "reservoir_volume", Value: num(z.ReservoirGal), Source: src},
	}, nil
}
