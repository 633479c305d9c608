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

// boltSet is one bolted joint of OSE's plates, counted over the machine:
// the bolt is the largest standard size that passes the smallest hole of
// the stack (3/4in in 0.76in and 0.8in holes, 1in in 1.005in holes).
type boltSet struct {
	joint string
	hole  float64 // smallest hole of the stack, inches
	grip  float64 // inches
	count int
}

// bolts lists the bolted joints the plates' holes call for.
func (o vars) bolts() []boltSet {
	zb, zt := o.holderZ()
	return []boltSet{
		{"f6 to f9", 0.76, 2 * o.fZ, 8},
		{"f4 to f9", 1.005, 2 * o.fZ, 12},
		{"f1 to f9", 0.75, 2 * o.fZ, 8},
		{"f12 to f3", 1, 2 * o.fZ, 4},
		{"a1 to f5", 0.8, o.aZ + o.fZ, 4},
		{"a1 to a4 (holes amended into a4)", 0.8, 2 * o.aZ, 4},
		{"a1 to a5 (holes amended into a5)", 0.8, 2 * o.aZ, 2},
		{"a1 to h7", 0.8, o.aZ + o.hZ, 4},
		{"a1 to h8", 0.8, o.aZ + o.hZ, 5},
		{"bushing holder to d1/d12 (bolts 1)", o.d1bolt1OD, o.dZ + zb + zt + o.dZ, 8},
		{"bushing holder clamp (bolts 2, nut in the holder)", o.d1bolt2OD, o.dZ + zb + zt, 8},
	}
}

// boltSize is the largest standard bolt that passes a hole (inches).
func boltSize(hole float64) float64 {
	best := 0.5
	for _, s := range []float64{0.75, 0.875, 1, 1.125} {
		if s <= hole+1e-6 {
			best = s
		}
	}
	return best
}

// fasteners counts bolts, nuts and washers from the bolted joints: one
// bolt, one nut and two washers per bolt; bolt length is the grip plus two
// washers, the nut and two threads, up to the next 1/2in, or the shortest
// longer bolt of that size the shop lists. A length no shop bolt reaches
// stays in the list as an item to source (optional: unpriced, reported).
func fasteners(o vars, sh *shop.Shop) []*model.Part {
	type key struct{ size, length float64 }
	count := map[key]int{}
	sizes := map[float64]int{}
	for _, b := range o.bolts() {
		s := boltSize(b.hole)
		l := math.Ceil((b.grip+2*0.16+0.875*s+0.25)/0.5) * 0.5
		for _, more := range []float64{0, 0.5, 1, 1.5, 2} { // a longer bolt the shop sells
			if _, ok := sh.Item("bolt-" + frac(s*in) + "x" + frac((l+more)*in)); ok {
				l += more
				break
			}
		}
		count[key{s, l}] += b.count
		sizes[s] += b.count
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
		id := "bolt-" + frac(k.size*in) + "x" + frac(k.length*in)
		out = append(out, sourced(sh, buy(id, id, "hex bolt", fmt.Sprintf("%sin x %sin hex bolt, grade 5", frac(k.size*in), frac(k.length*in)), "each", count[k])))
	}
	var ss []float64
	for s := range sizes {
		ss = append(ss, s)
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(ss)))
	for _, s := range ss {
		out = append(out,
			sourced(sh, buy("nut-"+frac(s*in), "nut-"+frac(s*in), "hex nut", frac(s*in)+"in hex nut", "each", sizes[s])),
			sourced(sh, buy("washer-"+frac(s*in), "washer-"+frac(s*in), "washer", frac(s*in)+"in SAE washer", "each", 2*sizes[s])))
	}
	return out
}

// sourced marks a bought part the shop does not list as one to source
// elsewhere: the build goes on and the BOM reports it unpriced.
func sourced(sh *shop.Shop, p *model.Part) *model.Part {
	if _, ok := sh.Item(p.Purchased.Item); !ok {
		p.Purchased.Optional = true
	}
	return p
}
