package shop

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// This file reads the shop's power-unit catalogue: the engines and the
// hydraulic pumps a hydraulic power unit (OSE's Power Cube) can be built
// from. Each entry names the purchased item that prices it.

// PowerCatalogue is the engines and pumps a shop can buy for a hydraulic
// power unit, in the order the shop file lists them.
type PowerCatalogue struct {
	Engines []Engine
	Pumps   []Pump
}

// Engine is a small gasoline or diesel engine with a vertical or
// horizontal output shaft.
type Engine struct {
	ID        string  // shop item id that prices it, e.g. "engine-bs-49m777"
	Name      string  // e.g. "Briggs & Stratton 49M777 28 hp V-twin"
	HP        float64 // rated gross power, horsepower
	RPM       float64 // rated (governed, no-load) speed, rev/min
	LoadedRPM float64 // speed under full load, rev/min; 0 = RPM
	// Length, Width: the footprint on the engine plate; Height: above the
	// mounting face (mm).
	Length, Width, Height float64
	Shaft                 float64 // output shaft diameter, mm
	ShaftLength           float64 // shaft below the mounting face, mm
	Mount                 float64 // diameter of the isolator (mounting) bolts, mm
	MassKg                float64
	// BSFC is the fuel burnt per unit of shaft work, kg/kWh (gasoline small
	// engines: about 0.30, i.e. 0.5 lb/hp·h).
	BSFC float64
}

// Pump is a hydraulic gear pump with an SAE two-bolt flange.
type Pump struct {
	ID           string  // shop item id that prices it
	Name         string  // e.g. "Hydreco HMP3 0.98 in³ gear pump"
	Displacement float64 // cm³ per revolution
	MaxPressure  float64 // MPa, continuous
	MaxRPM       float64 // rev/min
	Length       float64 // body length below the mounting flange, mm
	Pilot        float64 // flange pilot diameter, mm (SAE A: 3.25in)
	BoltSpacing  float64 // centres of the two flange bolts, mm (SAE A: 4.19in)
	Bolt         float64 // flange bolt diameter, mm
	MassKg       float64
}

// Limits of the power catalogue.
const (
	MaxEngines = 200 // entries of engines
	MaxPumps   = 200 // entries of pumps
)

// powerUnits reads the engines: and pumps: lists of the document.
func (d *decoder) powerUnits(top *fields, s *Shop) {
	for i, n := range top.list("engines", false, MaxEngines) {
		s.Power.Engines = append(s.Power.Engines, d.engine(n, fmt.Sprintf("engines[%d]", i)))
	}
	for i, n := range top.list("pumps", false, MaxPumps) {
		s.Power.Pumps = append(s.Power.Pumps, d.pump(n, fmt.Sprintf("pumps[%d]", i)))
	}
}

var engineKeys = []string{"id", "name", "hp", "rpm", "loaded_rpm", "footprint", "height", "shaft", "shaft_length", "mount", "mass", "bsfc"}

func (d *decoder) engine(n *yaml.Node, path string) Engine {
	f := d.mapping(n, path, engineKeys)
	e := Engine{
		ID:          f.str("id", true),
		Name:        f.str("name", false),
		HP:          f.quantity("hp", true, parsePower),
		RPM:         f.num("rpm", true),
		LoadedRPM:   f.num("loaded_rpm", false),
		Height:      f.length("height", true),
		Shaft:       f.length("shaft", true),
		ShaftLength: f.length("shaft_length", true),
		Mount:       f.length("mount", true),
		MassKg:      f.quantity("mass", false, func(v string) (float64, error) { return parseMass(v, d.bare("lb", "kg")) }),
		BSFC:        f.quantity("bsfc", false, parseBSFC),
	}
	if n, ok := f.scalar("footprint", true); ok {
		if lw, err := d.dims(n.Value, 2); err != nil {
			d.fail(n.Line, join(path, "footprint"), n.Value, reason(err))
		} else {
			e.Length, e.Width = lw[0], lw[1]
		}
	}
	if e.LoadedRPM == 0 {
		e.LoadedRPM = e.RPM
	}
	if e.BSFC == 0 {
		e.BSFC = 0.304 // 0.5 lb/hp·h
	}
	line := n.Line
	switch {
	case !f.ok:
	case e.HP <= 0 && f.has("hp"):
		d.fail(line, join(path, "hp"), "", "must be > 0")
	case f.has("rpm") && (e.RPM <= 0 || e.RPM > 10000):
		d.fail(line, join(path, "rpm"), "", "must be in 1..10000 rev/min")
	case e.LoadedRPM > e.RPM:
		d.fail(line, join(path, "loaded_rpm"), "", "must not exceed rpm")
	case e.LoadedRPM < 0:
		d.fail(line, join(path, "loaded_rpm"), "", "must be > 0")
	case e.Shaft <= 0 && f.has("shaft"), e.Height <= 0 && f.has("height"), e.Mount <= 0 && f.has("mount"):
		d.fail(line, path, "", "shaft, height and mount must be > 0")
	case f.has("footprint") && (e.Length <= 0 || e.Width <= 0):
		d.fail(line, join(path, "footprint"), "", "both sizes must be > 0")
	}
	return e
}

var pumpKeys = []string{"id", "name", "displacement", "max_pressure", "max_rpm", "length", "pilot", "bolt_spacing", "bolt", "mass"}

func (d *decoder) pump(n *yaml.Node, path string) Pump {
	f := d.mapping(n, path, pumpKeys)
	p := Pump{
		ID:           f.str("id", true),
		Name:         f.str("name", false),
		Displacement: f.quantity("displacement", true, func(v string) (float64, error) { return parseDisplacement(v, d.bare("in3", "cc")) }),
		MaxPressure:  f.quantity("max_pressure", true, func(v string) (float64, error) { return ParsePressure(v, d.bare("psi", "bar")) }),
		MaxRPM:       f.num("max_rpm", true),
		Length:       f.length("length", true),
		Pilot:        f.length("pilot", true),
		BoltSpacing:  f.length("bolt_spacing", true),
		Bolt:         f.length("bolt", true),
		MassKg:       f.quantity("mass", false, func(v string) (float64, error) { return parseMass(v, d.bare("lb", "kg")) }),
	}
	line := n.Line
	switch {
	case !f.ok:
	case p.Displacement <= 0 && f.has("displacement"):
		d.fail(line, join(path, "displacement"), "", "must be > 0")
	case p.MaxPressure <= 0 && f.has("max_pressure"):
		d.fail(line, join(path, "max_pressure"), "", "must be > 0")
	case f.has("max_rpm") && (p.MaxRPM <= 0 || p.MaxRPM > 10000):
		d.fail(line, join(path, "max_rpm"), "", "must be in 1..10000 rev/min")
	case f.has("length") && f.has("pilot") && f.has("bolt") && (p.Length <= 0 || p.Pilot <= 0 || p.Bolt <= 0):
		d.fail(line, path, "", "length, pilot and bolt must be > 0")
	case f.has("bolt_spacing") && f.has("pilot") && p.BoltSpacing <= p.Pilot:
		d.fail(line, join(path, "bolt_spacing"), "", "must be larger than the pilot")
	}
	return p
}

// powerUnits are in horsepower per unit.
var powerUnits = map[string]float64{"hp": 1, "kw": 1 / 0.745699872, "w": 1e-3 / 0.745699872, "ps": 0.73549875 / 0.745699872}

// parsePower reads an engine power ("28hp", "20.9kW") and returns
// horsepower; a bare number is horsepower.
func parsePower(s string) (float64, error) { return parseQuantity("power", s, "hp", powerUnits) }

// displacementUnits are in cm³ per revolution per unit.
var displacementUnits = map[string]float64{"cc": 1, "cm3": 1, "ml": 1, "in3": 16.387064, "cuin": 16.387064, "cir": 16.387064}

// parseDisplacement reads a pump displacement per revolution ("0.98in3",
// "16cc", "16cm3/rev") and returns cm³.
func parseDisplacement(s, bare string) (float64, error) {
	return parseQuantity("displacement", strings.TrimSuffix(strings.TrimSpace(s), "/rev"), bare, displacementUnits)
}

// massUnits are in kg per unit.
var massUnits = map[string]float64{"kg": 1, "g": 1e-3, "lb": 0.45359237, "lbs": 0.45359237}

// parseMass reads a mass ("45lb", "20kg").
func parseMass(s, bare string) (float64, error) { return parseQuantity("mass", s, bare, massUnits) }

// bsfcUnits are in kg/kWh per unit.
var bsfcUnits = map[string]float64{"kg/kwh": 1, "g/kwh": 1e-3, "lb/hph": 0.45359237 / 0.745699872}

// parseBSFC reads a specific fuel consumption ("0.5lb/hph", "300g/kWh").
func parseBSFC(s string) (float64, error) {
	return parseQuantity("fuel consumption", strings.ReplaceAll(s, "·", ""), "", bsfcUnits)
}

// EngineFor returns the smallest engine of the catalogue (by power, then
// by listing order) of at least hp horsepower.
func (c PowerCatalogue) EngineFor(hp float64) (Engine, bool) {
	var best Engine
	found := false
	for _, e := range c.Engines {
		if e.HP+1e-9 >= hp && (!found || e.HP < best.HP) {
			best, found = e, true
		}
	}
	return best, found
}

// PumpFor returns the smallest pump of the catalogue (by displacement, then
// by listing order) of at least cc cm³ per revolution.
func (c PowerCatalogue) PumpFor(cc float64) (Pump, bool) {
	var best Pump
	found := false
	for _, p := range c.Pumps {
		if p.Displacement+1e-9 >= cc && (!found || p.Displacement < best.Displacement) {
			best, found = p, true
		}
	}
	return best, found
}
