package powercube

import (
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/units"
)

const in = units.MMPerInch

// Versions of the layout.
const (
	VI = "VI" // Power Cube VI (2012): mitred 27in cube, two 6x12 tube tanks
	IV = "IV" // Power Cube IV (2011): square-cut 29x27x24 frame, 4x8 fuel tank
)

// schema declares the parameters. The hydraulic figures are in OSE's units
// (hp, in³, psi, US gal), as the sources and the catalogue write them;
// lengths take any unit.
func schema() *params.Schema {
	s := &params.Schema{}
	I := units.Inch
	s.Choice("version", "Layout", VI, []string{VI, IV},
		"Power Cube version: VI (mitred 27in cube of 10 angles, both tanks 6x12x1/4 tube) or IV (square-cut 29x27x24in frame of 12 angles, 4x8 fuel tank).")

	s.Number("engine_hp", "Power", "hp", 28, 5, 60,
		"Engine power: the build uses the smallest engine of the shop's catalogue (engines:) of at least this power; OSE's is the 28 hp Briggs & Stratton 49M777.")
	s.Number("pump_displacement", "Power", "in³", 0.98, 0.2, 4,
		"Pump displacement per revolution: the smallest pump of the shop's catalogue (pumps:) of at least this; OSE VI's is the 0.98 in³ Hydreco HMP3.")
	s.Number("system_pressure", "Power", "psi", 2300, 500, 3500,
		"Working (relief) pressure of the driven machine; sets the hydraulic power the engine must cover. 2300 psi is the CEB press's.")
	s.Number("reservoir_volume", "Tanks", "gal", 7.1, 3, 16,
		"Hydraulic reservoir volume (US gallons): sets the tank tube length, at 0.274 gal per inch for 6x12x1/4 tube; the frame grows to take it.")

	s.Length("frame_angle", "Stock", I, "2in", "1-1/2in", "3in", "Leg of the frame's equal angle (OSE: 1/4 x 2 x 2).")
	s.Length("angle_wall", "Stock", I, "1/4in", "3/16in", "3/8in", "Thickness of the frame angle.")
	s.Length("tank_width", "Stock", I, "12in", "8in", "16in", "Tank tube's wide side (OSE VI: 6 x 12 x 1/4 rectangular tube).")
	s.Length("tank_height", "Stock", I, "6in", "4in", "8in", "Tank tube's narrow side.")
	s.Length("tank_wall", "Stock", I, "1/4in", "3/16in", "3/8in", "Tank tube wall; the end plates are cut from plate of this thickness.")
	s.Length("plate", "Stock", I, "1/4in", "3/16in", "3/8in", "Engine, pump and tank-end plate thickness (OSE: 1/4in).").SoldAs(params.SheetThickness, "a36")
	s.Length("quick_attach_plate", "Stock", I, "3/8in", "1/4in", "1/2in", "Quick-attach plate thickness (OSE: 3/8 x 4in, they carry the whole cube).").SoldAs(params.SheetThickness, "a36")

	s.Preset("VI", "Power Cube VI as OSE built it in 2012: 28 hp, 0.98 in³, 2300 psi, 7.1 gal reservoir, 27in mitred cube.", map[string]string{"version": VI})
	s.Preset("IV", "Power Cube IV of Tom Griffing's manual (2011): 28 hp, 0.976 in³, 27.5in reservoir of 6x12 tube, 4x8 fuel tank, 29x27x24 frame.",
		map[string]string{"version": IV, "pump_displacement": "0.976", "reservoir_volume": "7.53"})
	s.PresetForShop("VI-metric", "Power Cube VI from European stock: 50x50x5 angle, 300x150x6 RHS tanks, 6 and 10 mm plate.", "metric", map[string]string{
		"version": VI, "frame_angle": "50mm", "angle_wall": "5mm", "tank_width": "300mm", "tank_height": "150mm", "tank_wall": "6mm",
		"plate": "6mm", "quick_attach_plate": "10mm"})
	s.Check(checkStock)
	return s
}

// checkStock keeps the tank tube a tube and the angle an angle.
func checkStock(v *params.Values, r *params.Report) {
	if v.Length("tank_width") < v.Length("tank_height") {
		r.Errorf([]string{"tank_width", "tank_height"}, "tank_width is the tube's wide side: it must not be under tank_height")
	}
	if 4*v.Length("angle_wall") > v.Length("frame_angle") {
		r.Errorf([]string{"angle_wall", "frame_angle"}, "angle wall over a quarter of its leg")
	}
}
