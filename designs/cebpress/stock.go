package cebpress

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

// matchTol is how far under the asked size shop stock may be (mm): a metric
// 25mm bar stands in for a 1in one.
const matchTol = 0.5

// bars are the saw-cut parts: slide rods, their bushings and the cylinder
// pins, each placed along its axis.
func bars(d dims, l levels, s *shop.Shop, r *params.Report) []*model.Part {
	t, w := d.fZ, d.brickW
	zr := l.zD + d.dZ + d.d11y/2
	xr := d.brickL/2 - d.d11x + 3.125*in
	yBack := l.yD0 - d.cylDrawerStroke - 2*in
	rodLen := l.yD0 + d.d2x + 1*in - yBack
	alongY := func(x, y, z float64) model.Transform { return model.Identity().RotateZ(90).Move(x, y, z) }
	alongX := func(x, y, z float64) model.Transform { return model.At(x, y, z) }
	zMainPin, yDrawerPin, zDrawerPin := pinsAt(d, l)
	list := []struct {
		id, name string
		sec      shop.Section
		length   float64
		at       []model.Transform
	}{
		{"slide-rod", "drawer slide rod", shop.Section{Shape: shop.Round, Diameter: d.d1shaftOD}, rodLen,
			[]model.Transform{alongY(xr, yBack, zr), alongY(-xr, yBack, zr)}},
		{"bushing", "drawer slide bushing (DOM)", shop.Section{Shape: shop.Pipe, Diameter: d.d1bushingOD, Wall: (d.d1bushingOD - d.d1shaftOD) / 2}, d.d1bushingL,
			[]model.Transform{alongY(xr, l.yD0+t+0.25*in, zr), alongY(-xr, l.yD0+t+0.25*in, zr)}},
		{"pin-main", "main cylinder pin", shop.Section{Shape: shop.Round, Diameter: 1.5 * in}, w + 4*t + 1*in,
			[]model.Transform{alongY(0, -(w/2 + 2*t + 0.5*in), zMainPin), alongY(0, -(w/2 + 2*t + 0.5*in), zMainPin+d.cylMainRet)}},
		{"pin-drawer", "drawer cylinder pin", shop.Section{Shape: shop.Round, Diameter: d.d1shaftOD}, 1.5*in + 2*t + 1*in,
			[]model.Transform{alongX(-(0.75*in + t + 0.5*in), yDrawerPin, zDrawerPin), alongX(-(0.75*in + t + 0.5*in), -l.dist+d.a4x/2, zDrawerPin)}},
	}
	var out []*model.Part
	for _, b := range list {
		prof, err := s.Match(b.sec, matchTol)
		id := prof.ID
		if err != nil {
			r.Errorf(nil, "part %s (%s): %v", b.id, b.name, err)
			id = ""
		}
		out = append(out, &model.Part{ID: b.id, Name: b.name, Material: prof.Material, Process: model.Saw,
			Qty: len(b.at), Placements: b.at, Bar: &model.Bar{Profile: id, Length: b.length},
			Notes: fmt.Sprintf("wanted %s", b.sec)})
	}
	return out
}

// num formats inches for an item id: 5, 2.5, 0.75.
func num(mm float64) string {
	return strconv.FormatFloat(math.Round(mm/in*100)/100, 'f', -1, 64)
}

// cylinderItem is the catalog id of a cylinder: "cyl-5x16" for inch sizes
// (bore and stroke on a 1/8in grid), "cyl-125x400mm" for metric ones.
func cylinderItem(bore, stroke float64) string {
	onGrid := func(mm float64) bool { e := mm / in * 8; return math.Abs(e-math.Round(e)) < 1e-3 }
	if onGrid(bore) && onGrid(stroke) {
		return "cyl-" + num(bore) + "x" + num(stroke)
	}
	return fmt.Sprintf("cyl-%gx%gmm", math.Round(bore*10)/10, math.Round(stroke*10)/10)
}

// frac formats inches as the fraction hardware ids use: 1, 3/4, 2-1/2.
func frac(mm float64) string {
	e := int(math.Round(mm / in * 8))
	whole, n, den := e/8, e%8, 8
	for n != 0 && n%2 == 0 {
		n, den = n/2, den/2
	}
	switch {
	case n == 0:
		return strconv.Itoa(whole)
	case whole == 0:
		return fmt.Sprintf("%d/%d", n, den)
	}
	return fmt.Sprintf("%d-%d/%d", whole, n, den)
}

func buy(id, item, name, spec, unit string, qty int) *model.Part {
	return &model.Part{ID: id, Name: name, Process: model.Buy, Qty: qty,
		Purchased: &model.Purchased{Item: item, Spec: spec, Unit: unit}}
}

// pinsAt returns where the cylinder pins sit: the main cylinder's lower
// pin height (its upper pin is cylMainRet above), and the drawer
// cylinder's rear pin (its front pin is at y = -dist + a4x/2) and height.
func pinsAt(d dims, l levels) (zMainPin, yDrawerPin, zDrawerPin float64) {
	return d.f2z + (d.cylMainS+0.125*in)/2, l.yD0 + d.d8y - (d.d9x-d.d6z)/2, l.zD + d.dZ + 2*in
}

// cylinderBody is a tie-rod cylinder's envelope for the assembly view:
// about an inch more than the bore across, pin to pin long.
func cylinderBody(bore, pinToPin float64) *model.Body {
	return &model.Body{Diameter: bore + 1*in, Length: pinToPin}
}

// purchased lists the hydraulics, controls and the chamber liner. The two
// cylinders are placed between their pins, so the assembly shows them.
func purchased(v *params.Values, d dims, l levels) []*model.Part {
	mb, ms := v.Length("main_bore"), v.Length("main_stroke")
	db, ds := v.Length("drawer_bore"), v.Length("drawer_stroke")
	// Liner on the four chamber walls over the chamber height, in ft².
	liner := int(math.Ceil(2 * (d.brickL + d.brickW) * d.brickCH / (144 * in * in)))
	zMain, yDrawer, zDrawer := pinsAt(d, l)
	yFront := -l.dist + d.a4x/2
	main := buy("cyl-main", cylinderItem(mb, ms), "main cylinder",
		fmt.Sprintf("%sin bore x %sin stroke, %sin rod, clevis ends, 1.5in pins, 3000 psi", num(mb), num(ms), num(v.Length("main_rod"))), "each", 1)
	main.Purchased.Body = cylinderBody(mb, d.cylMainRet)
	main.Placements = []model.Transform{model.Identity().RotateY(-90).Move(0, 0, zMain)} // upright, X -> Z
	drawer := buy("cyl-drawer", cylinderItem(db, ds), "drawer cylinder",
		fmt.Sprintf("%sin bore x %sin stroke, %sin rod, clevis ends, 1in pins", num(db), num(ds), num(v.Length("drawer_rod"))), "each", 1)
	drawer.Purchased.Body = cylinderBody(db, yDrawer-yFront)
	drawer.Placements = []model.Transform{model.Identity().RotateZ(90).Move(0, yFront, zDrawer)} // along Y, X -> Y
	return []*model.Part{
		main,
		drawer,
		buy("valve", "valve-d05-12v", "directional valve", "D05 (CETOP 5) 4-way, 12 VDC solenoids", "each", 2),
		buy("valve-block", "valve-block-d05-2", "valve block", "2-station D05 manifold", "each", 1),
		buy("pressure-switch", "pressure-switch", "pressure switch", "trips at working pressure; drives every sequence step", "each", 1),
		buy("controller", "controller-arduino-relay", "controller", "Arduino + 4-channel relay shield, 5-position selector", "each", 1),
		// Two hoses per cylinder plus pressure and return to the power unit.
		buy("hose", "hose-1/2x6ft", "hydraulic hose", "1/2in x 6ft assembly", "each", 6),
		buy("couplers", "coupler-s40-pair", "quick coupler pair", "S40 flat-face, pressure and return", "pair", 2),
		buy("liner", "liner-nylon66-1/8", "chamber liner", fmt.Sprintf("1/8in nylon 6/6 sheet, %d ft² for the four chamber walls", liner), "sqft", liner),
	}
}

// fasteners counts bolts, nuts and washers from the bolts the plates were
// drilled for: one bolt, one nut and two washers per bolt; bolt length is
// the grip plus two washers, the nut and two threads, up to the next 1/2in.
func fasteners(bs []boltUse) []*model.Part {
	type key struct{ size, length float64 }
	count := map[key]int{}
	sizes := map[float64]int{}
	for _, b := range bs {
		nut := 0.875 * b.size
		l := math.Ceil((b.grip+2*0.16*in+nut+0.25*in)/(0.5*in)) * 0.5 * in
		count[key{b.size, l}]++
		sizes[b.size]++
	}
	keys := make([]key, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].size != keys[j].size {
			return keys[i].size > keys[j].size
		}
		return keys[i].length < keys[j].length
	})
	var out []*model.Part
	for _, k := range keys {
		id := "bolt-" + frac(k.size) + "x" + frac(k.length)
		out = append(out, buy(id, id, "hex bolt", fmt.Sprintf("%sin x %sin hex bolt, grade 5", frac(k.size), frac(k.length)), "each", count[k]))
	}
	var ss []float64
	for s := range sizes {
		ss = append(ss, s)
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(ss)))
	for _, s := range ss {
		out = append(out,
			buy("nut-"+frac(s), "nut-"+frac(s), "hex nut", frac(s)+"in hex nut", "each", sizes[s]),
			buy("washer-"+frac(s), "washer-"+frac(s), "washer", frac(s)+"in SAE washer", "each", 2*sizes[s]))
	}
	return out
}
