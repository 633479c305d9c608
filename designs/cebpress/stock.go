package cebpress

import (
	"fmt"
	"math"
	"strconv"

	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

// matchTol is how far under the asked size shop stock may be (mm): a metric
// 25mm bar stands in for a 1in one.
const matchTol = 0.5

// mm converts an assembly point in inches to a model position.
func mm(p [3]float64) [3]float64 { return [3]float64{p[0] * in, p[1] * in, p[2] * in} }

// alongXAt is a bar lying along +X from p (inches); alongYAt along +Y.
func alongXAt(p [3]float64) model.Transform { q := mm(p); return model.At(q[0], q[1], q[2]) }
func alongYAt(p [3]float64) model.Transform {
	q := mm(p)
	return model.Identity().RotateZ(90).Move(q[0], q[1], q[2])
}

// pins are the cylinder pin axes in the assembly frame (inches): the main
// cylinder's base pin (along x, through the f6 bosses), the drawer
// cylinder's base pin (along y, through the d7 clevis on a4) and its rod
// pin (along y, through the d9 clevis on the drawer).
type pins struct{ main, drawerBase, drawerRod [3]float64 }

func (o vars) pins() pins {
	var p pins
	p.main = chain(o.frames().floor, T(0, 0, -o.z0()+o.fZ+(o.cylMainS+0.125)/2)).apply([3]float64{})
	for _, in := range o.instances() {
		switch {
		case in.id == "d7":
			p.drawerBase = in.at.apply([3]float64{o.d7x / 2, o.aZ + o.dZ + o.bodyH/2, 0})
		case in.id == "d9":
			qx, qy := (o.d9x-o.dZ-0.5)/2, (o.d9y-o.dZ-0.5)/2
			p.drawerRod = in.at.apply([3]float64{0.25 + o.dZ + qx, 0.25 + o.dZ + qy, 0})
		}
	}
	p.drawerBase[1], p.drawerRod[1] = 0, 0 // on the machine's centre line, between the clevis plates
	return p
}

// bars are the saw-cut parts: slide rods, their bushings and the cylinder
// pins, each placed along its axis.
func bars(o vars, s *shop.Shop, r *params.Report) []*model.Part {
	var rods, bushings []model.Transform
	rodLen := 0.0
	for _, y := range []float64{-1, 1} {
		a := o.rodAxis(y)
		rods = append(rods, alongXAt([3]float64{a.x0, y * o.sliderodoffset, a.z}))
		rodLen = a.x1 - a.x0
	}
	zb, _ := o.holderZ()
	for _, h := range o.holderAt() {
		X, Y := o.d11x, o.d11y
		p0 := h.apply([3]float64{X / 2, Y/2 - o.d1bushingL/2, zb})
		p1 := h.apply([3]float64{X / 2, Y/2 + o.d1bushingL/2, zb})
		bushings = append(bushings, alongXAt([3]float64{math.Min(p0[0], p1[0]), p0[1], p0[2]}))
	}
	p := o.pins()
	mainLen := o.brickW + 2*o.fZ + 1
	baseLen := o.cylDrawerE + 2*o.dZ + 1
	rodPinLen := o.rodclevisW + 2*o.dZ + 1
	list := []struct {
		id, name string
		sec      shop.Section
		length   float64 // inches
		at       []model.Transform
	}{
		{"slide-rod", "drawer slide rod", shop.Section{Shape: shop.Round, Diameter: o.d1shaftOD * in}, rodLen, rods},
		{"bushing", "drawer slide bushing (DOM, in a printed holder)", shop.Section{Shape: shop.Pipe, Diameter: o.d1bushingOD * in, Wall: (o.d1bushingOD - o.d1shaftOD) / 2 * in}, o.d1bushingL, bushings},
		{"pin-main", "main cylinder base pin", shop.Section{Shape: shop.Round, Diameter: 1.5 * in}, mainLen,
			[]model.Transform{alongXAt([3]float64{p.main[0] - mainLen/2, p.main[1], p.main[2]})}},
		{"pin-drawer", "drawer cylinder base pin", shop.Section{Shape: shop.Round, Diameter: o.rearclevisID * in}, baseLen,
			[]model.Transform{alongYAt([3]float64{p.drawerBase[0], -baseLen / 2, p.drawerBase[2]})}},
		{"pin-drawer-rod", "drawer cylinder rod pin", shop.Section{Shape: shop.Round, Diameter: o.rodclevisID * in}, rodPinLen,
			[]model.Transform{alongYAt([3]float64{p.drawerRod[0], -rodPinLen / 2, p.drawerRod[2]})}},
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
			Qty: len(b.at), Placements: b.at, Bar: &model.Bar{Profile: id, Length: b.length * in},
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

func buy(id, item, name, spec, unit string, qty int) *model.Part {
	return &model.Part{ID: id, Name: name, Process: model.Buy, Qty: qty,
		Purchased: &model.Purchased{Item: item, Spec: spec, Unit: unit}}
}

// cylinderBody is a tie-rod cylinder's envelope for the assembly view:
// about an inch more than the bore across, pin to pin long.
func cylinderBody(bore, pinToPin float64) *model.Body {
	return &model.Body{Diameter: bore + 1*in, Length: pinToPin}
}

// purchased lists the hydraulics, controls and the chamber liner. The two
// cylinders are placed between their pins, so the assembly shows them.
func purchased(v *params.Values, o vars) []*model.Part {
	mb, ms := v.Length("main_bore"), v.Length("main_stroke")
	db, ds := v.Length("drawer_bore"), v.Length("drawer_stroke")
	// Liner on the four chamber walls over the chamber height, in ft².
	liner := int(math.Ceil(2 * (o.brickL + o.brickW) * o.brickCH / 144))
	p := o.pins()
	main := buy("cyl-main", cylinderItem(mb, ms), "main cylinder",
		fmt.Sprintf("%sin bore x %sin stroke, %sin rod, clevis ends, 1.5in pins, 3000 psi", num(mb), num(ms), num(v.Length("main_rod"))), "each", 1)
	main.Purchased.Body = cylinderBody(mb, o.cylMainRet*in)
	q := mm(p.main)
	main.Placements = []model.Transform{model.Identity().RotateY(-90).Move(q[0], q[1], q[2])} // upright, X -> Z
	drawer := buy("cyl-drawer", cylinderItem(db, ds), "drawer cylinder",
		fmt.Sprintf("%sin bore x %sin stroke, %sin rod, clevis ends, 1in pins", num(db), num(ds), num(v.Length("drawer_rod"))), "each", 1)
	drawer.Purchased.Body = cylinderBody(db, (p.drawerRod[0]-p.drawerBase[0])*in)
	drawer.Placements = []model.Transform{alongXAt(p.drawerBase)}
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
