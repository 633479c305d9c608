package powercube

import (
	"fmt"

	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/shop"
)

// item is one purchased line of OSE's Power Cube VI BOM (bom.csv of the
// saved wiki pages): the shop item id, what it is, its spec and count.
type item struct {
	id, item, name, spec, unit string
	qty                        int
}

// bomVI is OSE's BOM, the lines fabkit prices (the shop files carry the
// 2012-14 quotes, marked as such, for the replicator to override).
var bomVI = []item{
	{"coupling", "coupling-3/4-11t", "pump shaft coupling", "3/4in-11 tooth splined coupling (SurplusCenter 1-2985)", "each", 1},
	{"oil-cooler", "oil-cooler-hayden-1268", "oil cooler", "Hayden 1268 heavy duty oil cooler, with a Derale 13001 rod mounting kit", "each", 1},
	{"fan", "fan-12in-12v", "cooling fan", "12in 12 V radiator fan, curved blade (Pro Comp PC-2052)", "each", 1},
	{"fan-switch", "fan-switch-hayden-3653", "thermostatic fan switch", "Hayden 3653 adjustable thermostatic fan control", "each", 1},
	{"filter", "filter-return-3/4", "return filter", "3/4in NPT 20 gpm return filter and head (SurplusCenter 9-059)", "each", 1},
	{"strainer", "strainer-1-1/2x1", "suction strainer", "1-1/2in NPTM x 1in NPTF 14 gpm tank strainer (SurplusCenter 9-7290-100)", "each", 1},
	{"sight-gauge", "sight-gauge-10in", "sight level gauge", "10in reservoir sight level gauge with thermometer (SurplusCenter 9-7287-10)", "each", 1},
	{"flange", "flange-weld-3/4", "weld-in tank flange", "3/4in NPT forged weld-in tank flange (SurplusCenter 9-7843-12)", "each", 2},
	{"breather", "breather-3/4", "tank breather", "3/4in NPT plastic tank breather (SurplusCenter 9-7957-12)", "each", 1},
	{"coupler-3/4", "coupler-s40-6", "quick coupler 3/4in", "3/4in quick coupler S40-6 F/F (SurplusCenter 928-C), pressure", "each", 1},
	{"coupler-1/4", "coupler-s40-2", "quick coupler 1/4in", "1/4in NPT quick coupler S40-2 (SurplusCenter 9-6314), case drain/return", "each", 1},
	{"hose-30", "hose-3/4x30-jic12", "hydraulic hose 3/4 x 30in", "3/4in x 30in JIC-12F both ends, 3000 psi (SurplusCenter 951-2230)", "each", 1},
	{"hose-24", "hose-3/4x24-jic12", "hydraulic hose 3/4 x 24in", "3/4in x 24in JIC-12F both ends, 3000 psi (SurplusCenter 951-2224)", "each", 1},
	{"hose-12", "hose-1/2x12-jic10", "hydraulic hose 1/2 x 12in", "1/2in x 12in JIC-10F both ends, 3500 psi (SurplusCenter 941-2212)", "each", 1},
	{"suction-hose", "hose-suction-1in", "suction hose", "1in hydraulic suction/return hose, sold by the foot (SurplusCenter 9-1279)", "ft", 5},
	{"solenoid", "solenoid-starter-12v", "starter solenoid", "12 VDC SPST starter relay solenoid (SurplusCenter 11-1108)", "each", 1},
	{"key-switch", "switch-starter-stens-430-538", "key switch", "Stens 430-538 starter switch", "each", 1},
	{"battery", "battery-uip7", "battery", "12 V battery UIP-7, 5 x 7.5 x 7.5in", "each", 1},
	{"muffler", "muffler-bs-muf0626r", "muffler", "Briggs & Stratton muffler (MUF0626R) and 45° extension", "each", 1},
	{"isolator", "isolator-80lb-5/16", "engine vibration isolator", "rubber vibration isolator, 80 lb max, 5/16-18 (Grainger 2NPA8)", "each", 4},
	{"filler-neck", "filler-neck-fuel", "fuel filler neck and cap", "weld-in fuel filler neck with scalloped vented steel cap", "each", 1},
	{"guard", "expanded-steel-1/8x14x26", "cooler guard (expanded steel)", "expanded steel 1/8in, 14 x 26in, cut to size", "each", 1},
}

// purchased returns the engine and pump from the catalogue, placed on
// their plates, and OSE's BOM lines. Lines the shop does not list stay in
// the BOM as items to source (optional, unpriced).
func purchased(d dims, s *shop.Shop, engineAt, pumpAt model.Transform) []*model.Part {
	e, p := d.engine, d.pump
	eng := &model.Part{ID: "engine", Name: "engine", Process: model.Buy, Qty: 1, Placements: []model.Transform{engineAt},
		Purchased: &model.Purchased{Item: e.ID, Unit: "each",
			Spec: fmt.Sprintf("%s: %g hp at %.0f rpm (%.0f rpm loaded), %s shaft cut to %s, 5/16in isolator mounts", e.Name, e.HP, e.RPM, e.LoadedRPM, inches(e.Shaft/in), inches(e.ShaftLength/in)),
			Body: &model.Body{Diameter: min(e.Length, e.Width), Length: e.Height}}}
	pump := &model.Part{ID: "pump", Name: "hydraulic pump", Process: model.Buy, Qty: 1, Placements: []model.Transform{pumpAt},
		Purchased: &model.Purchased{Item: p.ID, Unit: "each",
			Spec: fmt.Sprintf("%s: %.3g in³/rev, %.0f psi, SAE A 2-bolt flange", p.Name, p.Displacement/ccPerCuIn, p.MaxPressure*psiPerMPa),
			Body: &model.Body{Diameter: 4 * in, Length: p.Length}}}
	shaft := "shaft-coupler-1-1/8"
	if e.Shaft < 1.0625*in {
		shaft = "shaft-coupler-1"
	}
	out := []*model.Part{eng, pump,
		buy(s, item{"shaft-coupler", shaft, "engine shaft coupler", fmt.Sprintf("%s shaft coupler (SurplusCenter 1-1563), to the engine's shaft", inches(e.Shaft/in)), "each", 1})}
	for _, it := range bomVI {
		out = append(out, buy(s, it))
	}
	return out
}

func buy(s *shop.Shop, it item) *model.Part {
	p := &model.Part{ID: it.id, Name: it.name, Process: model.Buy, Qty: it.qty,
		Purchased: &model.Purchased{Item: it.item, Spec: it.spec, Unit: it.unit}}
	if _, ok := s.Item(it.item); !ok {
		p.Purchased.Optional = true
	}
	return p
}
