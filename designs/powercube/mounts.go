package powercube

import (
	"fmt"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/units"
)

// plate is a torch-cut plate part with its placements and the reasons its
// holes stay open (a purchased item bolts into each).
type plate struct {
	id, name string
	t        float64 // thickness, inches
	shape    profile.Profile
	at       []model.Transform
	note     string
	open     []string // reason per hole, in shape.Holes order
}

func rect(w, h float64, holes ...profile.Path) profile.Profile {
	return profile.New(profile.Rect(0, 0, w*in, h*in), holes...)
}

func circle(x, y, dia float64) profile.Path { return profile.Circle(x*in, y*in, dia/2*in) }

// clearance is a bolt's clearance hole: 1/32in over up to 1/2in, 1/16in over
// above.
func clearance(bolt float64) float64 {
	if bolt <= 0.5+1e-9 {
		return bolt + 1.0/32
	}
	return bolt + 1.0/16
}

// enginePlate is the plate the engine stands on: the shaft hole in its
// middle and four holes for the rubber isolators (OSE VI: 4 x 80 lb,
// 5/16-18), 1in in from the ends and the sides [EST pattern: the engine's
// own holes are drilled through the isolators].
func enginePlate(d dims, w, l float64) profile.Profile {
	shaft := d.engine.Shaft/in + 0.5
	iso := clearance(d.engine.Mount / in)
	return rect(w, l, circle(w/2, l/2, shaft),
		circle(1, 1, iso), circle(w-1, 1, iso), circle(w-1, l-1, iso), circle(1, l-1, iso))
}

// pumpPlate is the pump's mounting plate: the flange pilot hole in the
// middle and the two flange bolt holes (SAE A: 3.25in pilot, 4.19in bolt
// centres, 7/16in bolts) across it; IV's adds the four 3/4in hanger bolts.
func pumpPlate(d dims, s float64, hangers bool) profile.Profile {
	p := d.pump
	c := s / 2
	b := clearance(p.Bolt / in)
	holes := []profile.Path{circle(c, c, p.Pilot/in+1.0/16), circle(c-p.BoltSpacing/in/2, c, b), circle(c+p.BoltSpacing/in/2, c, b)}
	if hangers {
		for _, q := range [][2]float64{{0.75, 0.75}, {s - 0.75, 0.75}, {s - 0.75, s - 0.75}, {0.75, s - 0.75}} {
			holes = append(holes, circle(q[0], q[1], clearance(0.75)))
		}
	}
	return rect(s, s, holes...)
}

// mountsVI are Power Cube VI's plates: the engine plate butt-welded between
// the tanks, flush with their tops; the pump plate hanging 5in under it on
// two angles; the quick-attach plates on the side frames' top angles; the
// battery cage's straps and the oil cooler strap.
func mountsVI(d dims, tankY [2]float64) ([]plate, []*model.Part) {
	E := d.E
	top := d.t + d.tw // tank tops
	// Engine plate: 8 x 13.5, its 13.5in between the tanks' inner faces.
	ew, el := 8.0, tankY[1]-tankY[0]
	ex0, ey0 := E/2-ew/2, tankY[0]
	ez := top - d.plate
	// Pump plate: 6 x 6, centred under the shaft, 5in below on two angles.
	ps := 6.0
	pz0 := ez - pumpDrop - d.plate
	px0, py0 := E/2-ps/2, E/2-ps/2
	// Battery cage on the front tank's top: UIP-7 battery (7.5 x 5), one
	// 4in angle each side, a 1/8 x 4 x 1 strap on each angle's upright leg.
	bx := 3.0
	by := tankY[0] - d.th + 0.5
	plates := []plate{
		{"engine-plate", "engine plate", d.plate, enginePlate(d, ew, el), []model.Transform{plateIn(px, py, v3{ex0, ey0, ez})},
			"OSE PC6 Pump Mount: 1/4 x 8 x 13.5; butt-weld between the tanks, flush with their tops",
			[]string{"engine shaft and coupling", "engine isolator (5/16-18 stud)", "engine isolator (5/16-18 stud)", "engine isolator (5/16-18 stud)", "engine isolator (5/16-18 stud)"}},
		{"pump-plate", "pump plate", d.plate, pumpPlate(d, ps, false), []model.Transform{plateIn(px, py, v3{px0, py0, pz0})},
			"OSE PC6 Pump Mount: 1/4 x 6 x 6; the two 5in angles weld on top and touch the engine plate",
			[]string{"pump flange pilot and shaft", "pump flange bolt (7/16 x 1-1/2)", "pump flange bolt (7/16 x 1-1/2)"}},
		{"quick-attach", "quick-attach plate", d.qa, rect(4, E-1), []model.Transform{
			plateIn(px, py, v3{0, 0.5, E}), plateIn(px, py, v3{E - 4, 0.5, E})},
			"OSE PC6 cut sheet: 3/8 x 4 x 26; weld on the side frames' top angles: they carry the whole cube", nil},
		{"battery-strap", "battery cage strap", d.thin, rect(4, 1), []model.Transform{
			plateIn(py, pz, v3{bx - d.t - d.thin, by, top + d.t}), plateIn(py, pz, v3{bx + 7.5 + d.t, by, top + d.t})},
			"OSE PC6 cut sheet: 1/8 x 4 x 1 (2); on the battery cage angles", nil},
		{"cooler-strap", "oil cooler and fan mount strap", d.thin,
			rect(14, 4, circle(1, 2, clearance(0.3125)), circle(13, 2, clearance(0.3125))),
			[]model.Transform{plateIn(px, pz, v3{E/2 - 7, E - d.t, top + 2})},
			"OSE PC6 cut sheet: 1/8 x 4 x 14; the Hayden 1268 cooler and the 12in fan bolt to it (rod kit)",
			[]string{"oil cooler / fan bolt", "oil cooler / fan bolt"}},
	}
	// The cut sheet's angles: two 5in under the engine plate (pump mount
	// page), two 4in for the battery cage.
	pumpAngles := []model.Transform{
		heel{v3{px0, py0, pz0 + d.plate}, v3{px0, py0, ez}, px, py}.place(d.a, 0),
		heel{v3{px0 + ps, py0 + ps, pz0 + d.plate}, v3{px0 + ps, py0 + ps, ez}, nx, ny}.place(d.a, 0),
	}
	cage := []model.Transform{
		heel{v3{bx, by, top}, v3{bx, by + 4, top}, nx, pz}.place(d.a, 0),
		heel{v3{bx + 7.5, by, top}, v3{bx + 7.5, by + 4, top}, px, pz}.place(d.a, 0),
	}
	bars := []*model.Part{
		angle(d, "pump-angle", "pump mount angle", pumpDrop, pumpAngles, "OSE PC6 Pump Mount: 1/4 x 2 x 2 x 5 (2); weld to the pump plate, touching the engine plate"),
		angle(d, "battery-angle", "battery cage angle", 4, cage, "OSE PC6 cut sheet: 1/4 x 2 x 2 x 4 (2); the UIP-7 battery sits between them"),
	}
	return plates, bars
}

func angle(d dims, id, name string, length float64, at []model.Transform, note string) *model.Part {
	return &model.Part{ID: id, Name: name, Material: d.angle.Material, Process: model.Saw, Qty: len(at), Placements: at,
		Bar: &model.Bar{Profile: d.angle.ID, Length: length * in}, Notes: note}
}

// mountsIV are Power Cube IV's plates and angles (manual, Subassembly
// Fabrication 1, 2, 3, 4 and 7). The engine plate rests on an 8in angle
// welded to the reservoir's front face and on its 8 x 9 vertical support,
// which stands on a 29in angle across the bottom rails; the pump plate
// hangs 3.5in under it on four 3/4in bolts.
func mountsIV(d dims, resFront float64) ([]plate, []*model.Part, []*model.Part) {
	L, H := d.L, d.H
	a, t := d.a, d.t
	ew, el := 8.0, 12.0
	ex0, ey0 := L/2-ew/2, resFront-el
	ez := ivPlateZ(d)
	ps := 8.0
	pz0 := ez - 3.5 - d.plate
	px0, py0 := L/2-ps/2, ey0+el/2-ps/2
	plates := []plate{
		{"engine-plate", "engine plate", d.plate, enginePlate(d, ew, el), []model.Transform{plateIn(px, py, v3{ex0, ey0, ez})},
			"Power Cube IV manual: 1/4 x 8 x 12", []string{"engine shaft and coupling", "engine mount bolt (5/16 x 2)", "engine mount bolt (5/16 x 2)", "engine mount bolt (5/16 x 2)", "engine mount bolt (5/16 x 2)"}},
		{"engine-support", "engine plate vertical support", d.plate, rect(8, 9), []model.Transform{plateIn(px, pz, v3{ex0, ey0 + d.plate, a + t})},
			"Power Cube IV manual: 1/4 x 8 x 9; weld at 90° under the engine plate's front edge", nil},
		{"pump-plate", "pump plate", d.plate, pumpPlate(d, ps, true), []model.Transform{plateIn(px, py, v3{px0, py0, pz0})},
			"Power Cube IV manual: 1/4 x 8 x 8, hung on 4 x 3/4 x 3.5in bolts (heads welded under the engine plate), 8 nuts, 8 washers, 4 lock washers",
			[]string{"pump flange pilot and shaft", "pump flange bolt (7/16)", "pump flange bolt (7/16)",
				"hanger bolt 3/4 x 3.5 (head welded under the engine plate)", "hanger bolt 3/4 x 3.5 (head welded under the engine plate)",
				"hanger bolt 3/4 x 3.5 (head welded under the engine plate)", "hanger bolt 3/4 x 3.5 (head welded under the engine plate)"}},
		{"quick-attach", "quick-attach plate", d.qa, rect(4, d.W), []model.Transform{plateIn(px, py, v3{0, 0, H}), plateIn(px, py, v3{L - 4, 0, H})},
			"Power Cube IV manual: 3/8 x 4 x 27 (2); weld on the top short rails: they carry the whole cube", nil},
		{"fuel-strap", "fuel tank strap", d.plate, rect(24, 2), []model.Transform{plateIn(px, py, v3{1, t, a + t})},
			"Power Cube IV manual: 1/4 x 2 x 24; weld on the front rail, 1in from the post; the fuel tank sits on it", nil},
		{"cooler-mount-long", "oil cooler mount", d.plate, rect(22, 2), nil, "Power Cube IV manual: 1/4 x 2 x 22 (2); drill to the cooler's holes at assembly", nil},
		{"fan-mount", "fan mount", d.plate, rect(24, 2), nil, "Power Cube IV manual: 1/4 x 2 x 24 (2)", nil},
		{"fan-spacer", "fan mount spacer", d.plate, rect(2, 1), nil, "Power Cube IV manual: 1/4 x 2 x 1 (4)", nil},
		{"battery-end", "battery mount end plate", d.plate, rect(2, 0.625), nil, "Power Cube IV manual: 1/4 x 2 x 5/8 (2)", nil},
	}
	qty := map[string]int{"cooler-mount-long": 2, "fan-mount": 2, "fan-spacer": 4, "battery-end": 2}
	for i := range plates {
		if n := qty[plates[i].id]; n > 0 {
			plates[i].note += fmt.Sprintf(" [x%d, placed at assembly]", n)
		}
	}
	bars := []*model.Part{
		angle(d, "engine-angle", "engine plate angle (on the reservoir)", 8, []model.Transform{
			heel{v3{ex0, resFront, ez}, v3{ex0 + 8, resFront, ez}, ny, nz}.place(a, 0)}, "Power Cube IV manual: 1/4 x 2 x 2 x 8; weld to the reservoir"),
		angle(d, "engine-rail", "engine support rail", L, []model.Transform{
			heel{v3{0, ey0 - 1, a}, v3{L, ey0 - 1, a}, py, pz}.place(a, 0)}, "Power Cube IV manual: 1/4 x 2 x 2 x 29; weld across the bottom short rails"),
	}
	loose := []*model.Part{
		{ID: "battery-angle", Name: "battery mount angle", Material: d.angle.Material, Process: model.Saw, Qty: 2,
			Bar: &model.Bar{Profile: d.angle.ID, Length: 4.75 * in}, Notes: "Power Cube IV manual: 1/4 x 2 x 2 x 4-3/4 (2) [placed at assembly]"},
	}
	return plates, bars, loose
}

// ivPlateZ is the height of Power Cube IV's engine plate: on its 9in
// support standing on the engine rail.
func ivPlateZ(d dims) float64 { return d.a + d.t + 9 }

// plateParts turns plates into model parts, with their open holes.
func plateParts(ps []plate, qty map[string]int) ([]*model.Part, []model.OpenHole) {
	var out []*model.Part
	var open []model.OpenHole
	for _, p := range ps {
		n := len(p.at)
		if n == 0 {
			n = qty[p.id]
			if n == 0 {
				n = 1
			}
		}
		b := p.shape.Bounds().Size()
		out = append(out, &model.Part{ID: p.id, Name: p.name, Material: "a36", Process: model.PlateCut, Qty: n, Placements: p.at,
			Plate: &model.Plate{Thickness: p.t * in, Shape: p.shape},
			Notes: fmt.Sprintf("%s; %s x %s x %s", p.note, units.FormatInches(p.t*in, 16), units.FormatInches(b.X, 16), units.FormatInches(b.Y, 16))})
		for i, why := range p.open {
			open = append(open, model.OpenHole{Part: p.id, Hole: i, Reason: why})
		}
	}
	return out, open
}
