package powercube

import (
	"fmt"
	"math"

	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
	"github.com/fabkit/fabkit/units"
)

// Hydraulic and fuel constants.
const (
	cuInPerGal  = 231.0      // cubic inches in a US gallon: gpm = in³/rev x rpm / 231
	hpPerGPMPSI = 1.0 / 1714 // hydraulic hp = gpm x psi / 1714
	psiPerMPa   = 145.0377
	lpmPerGPM   = 3.785412
	ccPerCuIn   = 16.387064
	// pumpEfficiency is the gear pump's overall efficiency [EST]: the
	// engine must give the hydraulic power / 0.85 at the shaft.
	pumpEfficiency = 0.85
	// minDwellSeconds is the least reservoir volume over pump flow that
	// sizing keeps (size.go): OSE VI's 7.1 gal over its 0.98 in³ pump's
	// 15.3 gpm at 3600 rpm, 27.9 s.
	minDwellSeconds  = 7.1 / (0.98 * 3600 / cuInPerGal) * 60
	gasolineKgPerGal = 2.79 // 6.15 lb/gal
)

// dims are the derived sizes of one build, in inches as OSE's sheets write
// them (the model converts to mm).
type dims struct {
	version string
	// Stock.
	a, t          float64 // frame angle leg and wall
	tw, th, twall float64 // tank tube wide side, narrow side, wall
	plate, qa     float64 // plate and quick-attach plate thickness
	thin          float64 // OSE's 1/8in straps: the shop's thinnest plate from 3mm up
	angle, tube   shop.Profile
	// Catalogue picks.
	engine shop.Engine
	pump   shop.Pump
	// Hydraulics.
	pressurePSI  float64
	reservoirGal float64
	// capacity is the tank tube's volume per inch of length, gal/in
	// (0.274 for 6x12x1/4).
	capacity float64
	// Frame: E is the VI cube's edge; IV's rectangles are L x W x H.
	E       float64
	L, W, H float64
	// Tank tube lengths (without end plates).
	resTube, fuelTube float64
	fuelW, fuelH      float64 // fuel tank tube section (IV: 4 x 8)
	fuelProfile       shop.Profile
}

// matchTol is how far under the asked size a shop profile may be (mm).
const matchTol = 0.5

// tubeLength is the tube length (inches) that holds gal US gallons at cap
// gal/in, rounded up to 1/8in (a hundredth of an inch of slack, so OSE's
// 7.53 gal is its 27.5in).
func tubeLength(gal, cap float64) float64 {
	return math.Ceil(gal/cap*8-0.08) / 8
}

// capacityOf is the inside volume per inch of a rect tube, gal/in.
func capacityOf(w, h, wall float64) float64 { return (w - 2*wall) * (h - 2*wall) / cuInPerGal }

// derive resolves the sizes, picking the engine and pump from the shop's
// catalogue; what the shop cannot supply is reported naming the parameter.
func derive(v *params.Values, s *shop.Shop, r *params.Report) (dims, error) {
	d := dims{
		version: v.Choice("version"),
		a:       v.Length("frame_angle") / in, t: v.Length("angle_wall") / in,
		tw: v.Length("tank_width") / in, th: v.Length("tank_height") / in, twall: v.Length("tank_wall") / in,
		plate: v.Length("plate") / in, qa: v.Length("quick_attach_plate") / in,
		pressurePSI: v.Number("system_pressure"), reservoirGal: v.Number("reservoir_volume"),
	}
	var ok bool
	if d.engine, ok = s.Power.EngineFor(v.Number("engine_hp")); !ok {
		r.Errorf([]string{"engine_hp"}, "shop %q lists no engine of at least %g hp (engines: %s)", s.Name, v.Number("engine_hp"), engineList(s))
		return d, nil
	}
	cc := v.Number("pump_displacement") * ccPerCuIn
	if d.pump, ok = s.Power.PumpFor(cc - 1e-6); !ok {
		r.Errorf([]string{"pump_displacement"}, "shop %q lists no pump of at least %g in³ (pumps: %s)", s.Name, v.Number("pump_displacement"), pumpList(s))
		return d, nil
	}
	if p := d.pump.MaxPressure * psiPerMPa; d.pressurePSI > p+0.5 {
		r.Errorf([]string{"system_pressure", "pump_displacement"}, "pump %s is rated %.0f psi, under the system pressure %.0f psi", d.pump.ID, p, d.pressurePSI)
	}
	if d.engine.RPM > d.pump.MaxRPM+1e-9 {
		r.Errorf([]string{"engine_hp", "pump_displacement"}, "engine %s turns %.0f rpm, over pump %s's %.0f rpm", d.engine.ID, d.engine.RPM, d.pump.ID, d.pump.MaxRPM)
	}
	d.thin = 0.125
	if sh, ok := s.SheetAtLeast("a36", 3); ok {
		d.thin = sh.Thickness / in
	}
	var err error
	if d.angle, err = s.Match(shop.Section{Shape: shop.Angle, Width: d.a * in, Height: d.a * in, Wall: d.t * in}, matchTol); err != nil {
		r.Errorf([]string{"frame_angle", "angle_wall"}, "frame angle: %v", err)
	}
	if d.tube, err = s.Match(shop.Section{Shape: shop.RectTube, Width: d.tw * in, Height: d.th * in, Wall: d.twall * in}, matchTol); err != nil {
		r.Errorf([]string{"tank_width", "tank_height", "tank_wall"}, "tank tube: %v", err)
	}
	if r.Err() != nil {
		return d, nil
	}
	// Size with the stock the shop sells (a metric tube is not exactly the asked one).
	d.a, d.t = d.angle.Width/in, d.angle.Wall/in
	d.tw, d.th, d.twall = d.tube.Width/in, d.tube.Height/in, d.tube.Wall/in
	d.capacity = capacityOf(d.tw, d.th, d.twall)
	d.resTube = tubeLength(d.reservoirGal, d.capacity)
	eng := d.engine
	switch d.version {
	case IV:
		// v4 manual: 29 x 27 rectangles, 24in posts; the reservoir runs along
		// the 29in side between the 27in angles' legs.
		d.L, d.W, d.H = 29, 27, 24
		if room := d.L - 2*d.t - 2*d.plate - 0.5; d.resTube > room+1e-9 {
			r.Errorf([]string{"reservoir_volume", "version"}, "a %.1f gal reservoir needs %s of tube; Power Cube IV's 29in frame takes %s (VI's frame grows with the tank)",
				d.reservoirGal, inches(d.resTube), inches(room))
		}
		d.fuelTube, d.fuelW, d.fuelH = 14.5, 8, 4
		if d.fuelProfile, err = s.Match(shop.Section{Shape: shop.RectTube, Width: 8 * in, Height: 4 * in, Wall: d.twall * in}, matchTol); err != nil {
			r.Errorf([]string{"version", "tank_wall"}, "Power Cube IV fuel tank (4 x 8 tube): %v", err)
		}
		if need := ivPlateZ(d) + d.plate + eng.Height/in; need > d.H+1e-9 {
			r.Warnf([]string{"engine_hp", "version"}, "engine %s stands %s above Power Cube IV's 24in frame (builders made the frame taller)", eng.ID, inches(need-d.H))
		}
	default:
		// VI: the cube's edge is OSE's 27in, or what the tank, the engine
		// stack or the footprint needs.
		tankEdge := d.resTube + 2*d.plate + 2*d.t
		stack := d.t + d.tw + eng.Height/in + 0.25 // engine plate flush with the tank tops, engine, 1/4in to spare
		foot := math.Max(eng.Length, eng.Width)/in + 2*d.a
		need := math.Max(math.Max(27, tankEdge), math.Max(stack, foot))
		d.E = math.Ceil(need*8-1e-6) / 8 // to 1/8in, or to 5 mm in a metric shop
		if s.Units == units.Metric {
			d.E = math.Ceil(need*in/5-1e-6) * 5 / in
		}
		d.resTube = d.E - 2*d.plate - 2*d.t
		d.fuelTube, d.fuelW, d.fuelH, d.fuelProfile = d.resTube, d.tw, d.th, d.tube
		if pumpRoom := d.t + d.tw - 2*d.plate - pumpDrop - d.pump.Length/in; pumpRoom < d.t {
			r.Errorf([]string{"pump_displacement"}, "pump %s is %s long: it reaches below the frame under the engine plate", d.pump.ID, inches(d.pump.Length/in))
		}
	}
	return d, nil
}

// pumpDrop is how far the pump plate hangs under the engine plate (VI: on
// two 5in angles).
const pumpDrop = 5.0

func inches(x float64) string { return fmt.Sprintf("%.3gin", x) }

func engineList(s *shop.Shop) string {
	out := ""
	for i, e := range s.Power.Engines {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprintf("%s %g hp", e.ID, e.HP)
	}
	if out == "" {
		return "none"
	}
	return out
}

func pumpList(s *shop.Shop) string {
	out := ""
	for i, p := range s.Power.Pumps {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprintf("%s %.3g in³", p.ID, p.Displacement/ccPerCuIn)
	}
	if out == "" {
		return "none"
	}
	return out
}

// Flow returns the pump flow in US gpm of a displacement (in³/rev) at rpm.
func Flow(dispCuIn, rpm float64) float64 { return dispCuIn * rpm / cuInPerGal }

// HydraulicHP returns the hydraulic power in hp of a flow (gpm) at a
// pressure (psi).
func HydraulicHP(gpm, psi float64) float64 { return gpm * psi * hpPerGPMPSI }
