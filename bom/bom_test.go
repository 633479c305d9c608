package bom

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/shop"
	"github.com/fabkit/fabkit/units"
)

// The test shop uses round numbers so every figure below is hand
// arithmetic: steel at 8000 kg/m³ and 2 per kg, a 50x10 flat bar (500 mm²,
// 4 kg/m) sold in 6 m bars at 60 and 3 m bars with no price (so 3 m x 4 kg/m
// x 2 = 24), a 20 mm round bar in 1 m bars at 10, and 10 mm plate in
// 1000x2000 sheets at 200 and 1250x2500 sheets with no price (1.25 x 2.5 x
// 0.01 m³ x 8000 kg/m³ = 250 kg, x 2 = 500).
func testShop() *shop.Shop {
	return &shop.Shop{
		Name:     "test shop",
		Units:    units.Metric,
		Currency: "USD",
		Materials: map[string]shop.Material{
			"steel": {ID: "steel", Name: "mild steel", DensityKg: 8000, PricePerKg: 2},
		},
		Profiles: []shop.Profile{
			{ID: "flat-50x10", Description: "flat bar 50x10", Shape: shop.Flat, Material: "steel", Width: 50, Wall: 10,
				Lengths: []shop.StockLength{{Length: 6000, Price: 60}, {Length: 3000}}},
			{ID: "round-20", Shape: shop.Round, Material: "steel", Diameter: 20,
				Lengths: []shop.StockLength{{Length: 1000, Price: 10}}},
		},
		Sheets: []shop.Sheet{
			{ID: "plate-10", Description: "10mm steel plate", Material: "steel", Thickness: 10,
				Sizes: []shop.SheetSize{{Width: 1000, Length: 2000, Price: 200}, {Width: 1250, Length: 2500}}},
		},
		Items: []shop.Item{
			{ID: "bolt-m12", Description: "bolt M12x40 8.8", Unit: "each", Price: 0.5, Vendor: "Open/Any", VendorPN: "DIN933-M12x40"},
		},
		TorchTable: shop.TorchTable{EdgeMargin: 10},
		Saw:        shop.Saw{Kerf: 3, Trim: 5, MinOffcut: 500},
		Labour:     shop.Labour{RatePerHour: 40, MachineRatePerHour: 60},
	}
}

// testModel has two plate parts, three bar parts and two purchased items,
// one of them missing from the shop.
func testModel() *model.Model {
	ring := profile.New(profile.Rect(0, 0, 400, 500), profile.Circle(200, 250, 50))
	strip := profile.New(profile.Rect(0, 0, 1200, 300))
	return (&model.Model{}).Add(
		&model.Part{ID: "p1", Name: "flange", Material: "steel", Process: model.PlateCut, Qty: 3,
			Plate: &model.Plate{Thickness: 10, Shape: ring}},
		&model.Part{ID: "p2", Name: "strip", Material: "steel", Process: model.PlateCut, Qty: 4,
			Plate: &model.Plate{Thickness: 10, Shape: strip}},
		&model.Part{ID: "b1", Name: "rail", Material: "steel", Process: model.Saw, Qty: 2,
			Bar: &model.Bar{Profile: "flat-50x10", Length: 2000}},
		&model.Part{ID: "b2", Name: "brace", Material: "steel", Process: model.Saw, Qty: 1,
			Bar: &model.Bar{Profile: "flat-50x10", Length: 1500, End: model.End{Mitre: 45, Axis: "y"}}},
		&model.Part{ID: "b3", Name: "pin", Material: "steel", Process: model.Saw, Qty: 2,
			Bar: &model.Bar{Profile: "round-20", Length: 400}},
		&model.Part{ID: "h1", Name: "bolt", Process: model.Buy, Qty: 8,
			Purchased: &model.Purchased{Item: "bolt-m12", Spec: "M12x40"}},
		&model.Part{ID: "h2", Name: "cylinder", Process: model.Buy, Qty: 1,
			Purchased: &model.Purchased{Item: "cyl-missing", Spec: "3in bore"}},
	)
}

var (
	ringArea = 400*500 - math.Pi*50*50 // 192146.018...
	opts     = Options{LabourHours: 2.5, CutTimeS: 1800}
)

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-6*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %.6f, want %.6f", what, got, want)
	}
}

func plan(t *testing.T, m *model.Model, s *shop.Shop, opt Options) *BOM {
	t.Helper()
	b, err := Plan(context.Background(), m, s, opt)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func stockLine(t *testing.T, b *BOM, id string, length float64) StockLine {
	t.Helper()
	for _, s := range b.Stock {
		if s.ID == id && s.Length == length {
			return s
		}
	}
	t.Fatalf("no stock line %s %v in %+v", id, length, b.Stock)
	return StockLine{}
}

func partLine(t *testing.T, b *BOM, id string) PartLine {
	t.Helper()
	for _, p := range b.Parts {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("no part line %s", id)
	return PartLine{}
}

func TestPlanByHand(t *testing.T) {
	b := plan(t, testModel(), testShop(), opts)

	// Flat bar: 2000+2000+1500 + 2 kerfs (6) + 2 trims (10) = 5516 fits one
	// 6 m bar at 60; 3 m bars (24 each) take one 2000 or the 1500 at most
	// with another piece not fitting, so three would cost 72.
	flat := stockLine(t, b, "flat-50x10", 6000)
	if flat.Qty != 1 || flat.UnitPrice != 60 || flat.Basis != "price list" || strings.Join(flat.Use, ",") != "b1,b2" {
		t.Errorf("flat stock = %+v, want 1 x 6000 at 60 for b1,b2", flat)
	}
	// Round bar: 400+400+3+10 = 813 <= 1000: one bar at 10.
	round := stockLine(t, b, "round-20", 1000)
	if round.Qty != 1 || round.UnitPrice != 10 {
		t.Errorf("round stock = %+v, want 1 x 1000 at 10", round)
	}
	// Plates: 3 x ringArea + 4 x 360000 = 2016438 mm² over the usable
	// 980 x 1980 = 1940400 mm² is 1.04: 2 small sheets (400) beat the 1230
	// x 2480 usable large one (1 sheet at 500).
	sheet := stockLine(t, b, "plate-10", 2000)
	if sheet.Kind != KindSheet || sheet.Qty != 2 || sheet.UnitPrice != 200 || sheet.Width != 1000 || !sheet.Estimate {
		t.Errorf("sheet stock = %+v, want 2 estimated 1000x2000 at 200", sheet)
	}
	if !b.SheetsEstimated {
		t.Error("SheetsEstimated is false without a nest")
	}
	if len(b.Stock) != 3 {
		t.Errorf("%d stock lines, want 3: %+v", len(b.Stock), b.Stock)
	}

	// Material used: bars pro-rata by length, plates by area.
	near(t, "b1 unit cost", partLine(t, b, "b1").UnitCost, 2000.0/6000*60)
	near(t, "b2 unit cost", partLine(t, b, "b2").UnitCost, 1500.0/6000*60)
	near(t, "b3 unit cost", partLine(t, b, "b3").UnitCost, 400.0/1000*10)
	perMM2 := 400.0 / (2 * 1000 * 2000)
	near(t, "p1 unit cost", partLine(t, b, "p1").UnitCost, ringArea*perMM2)
	near(t, "p2 unit cost", partLine(t, b, "p2").UnitCost, 360000*perMM2)

	// Masses from geometry at 8000 kg/m³ = 8e-6 kg/mm³.
	near(t, "b1 mass", partLine(t, b, "b1").MassKg, 500*2000*8e-6)
	near(t, "b3 mass", partLine(t, b, "b3").MassKg, math.Pi*100*400*8e-6)
	near(t, "p1 mass", partLine(t, b, "p1").MassKg, ringArea*10*8e-6)
	near(t, "p2 mass", partLine(t, b, "p2").MassKg, 360000*10*8e-6)
	wantMass := 2*8.0 + 6 + 2*math.Pi*100*400*8e-6 + 3*ringArea*10*8e-6 + 4*28.8
	near(t, "mass", b.Cost.MassKg, wantMass)

	// Hardware: 8 bolts at 0.5; the cylinder is not in the shop.
	if len(b.Hardware) != 2 {
		t.Fatalf("%d hardware lines, want 2", len(b.Hardware))
	}
	if h := b.Hardware[0]; h.Item != "bolt-m12" || h.Qty != 8 || h.UnitPrice != 0.5 || !h.Priced || h.Vendor != "Open/Any" {
		t.Errorf("bolt line = %+v", h)
	}
	if h := b.Hardware[1]; h.Priced || h.UnitPrice != 0 || !strings.Contains(h.Notes, "UNPRICED") {
		t.Errorf("cylinder line = %+v, want flagged unpriced", h)
	}
	if strings.Join(b.Unpriced, ",") != "cyl-missing" {
		t.Errorf("Unpriced = %v, want [cyl-missing]", b.Unpriced)
	}
	if !strings.Contains(strings.Join(b.Warnings, "\n"), `item "cyl-missing" is not in the shop's price list`) {
		t.Errorf("warnings %q do not name the unpriced item", b.Warnings)
	}

	c := b.Cost
	near(t, "material", c.Material, 60+10+400)
	near(t, "material used", c.MaterialUsed, 2*20+15+2*4+3*ringArea*perMM2+4*36)
	near(t, "hardware", c.Hardware, 4)
	near(t, "labour", c.Labour, 2.5*40)
	near(t, "machine", c.Machine, 0.5*60)
	near(t, "total", c.Total, 470+4+100+30)
	if c.Currency != "USD" {
		t.Errorf("currency %q", c.Currency)
	}

	// The cut list keeps the plans.
	if len(b.CutLists) != 2 || b.CutLists[0].Profile != "flat-50x10" || len(b.CutLists[0].Plan.Bars) != 1 {
		t.Errorf("cut lists = %+v", b.CutLists)
	}
	if n := partLine(t, b, "b2").Notes; !strings.Contains(n, "mitred 45") {
		t.Errorf("b2 notes %q do not mention the mitre", n)
	}
}

func TestPlanFromNest(t *testing.T) {
	opt := Options{Sheets: []SheetUse{{Material: "steel", Thickness: 10, Width: 2500, Length: 1250, Count: 1,
		Utilization: 0.66, CutTimeS: 600}}}
	b := plan(t, testModel(), testShop(), opt)
	if b.SheetsEstimated {
		t.Error("SheetsEstimated with a nest")
	}
	// The unpriced 1250x2500 size falls back to 250 kg x 2 = 500.
	s := stockLine(t, b, "plate-10", 2500)
	if s.Qty != 1 || s.Estimate || s.Basis != "price per kg x mass" {
		t.Errorf("sheet = %+v, want 1 nested sheet priced by mass", s)
	}
	near(t, "sheet price", s.UnitPrice, 500)
	near(t, "p2 unit cost", partLine(t, b, "p2").UnitCost, 360000.0*500/(1250*2500))
	// Machine time from the nest: 600 s at 60/h.
	near(t, "machine", b.Cost.Machine, 10)
	near(t, "total", b.Cost.Total, 60+10+500+4+10)
}

func TestPlanBarPriceFallback(t *testing.T) {
	// Only 3 m flat bars on offer, with no price: 4 kg/m x 3 m x 2 = 24 each,
	// one piece per bar.
	s := testShop()
	s.Profiles[0].Lengths = []shop.StockLength{{Length: 3000}}
	b := plan(t, testModel(), s, opts)
	fl := stockLine(t, b, "flat-50x10", 3000)
	if fl.Qty != 3 || fl.Basis != "price per kg x mass" {
		t.Errorf("flat = %+v, want 3 bars priced by mass", fl)
	}
	near(t, "3 m bar price", fl.UnitPrice, 24)
	near(t, "b1 unit cost", partLine(t, b, "b1").UnitCost, 2000.0/3000*24)
}

func TestPlanUnpricedStock(t *testing.T) {
	s := testShop()
	s.Materials["steel"] = shop.Material{ID: "steel", DensityKg: 8000}
	b := plan(t, testModel(), s, opts)
	for _, id := range []string{"cyl-missing", "flat-50x10", "plate-10"} {
		if !strings.Contains(strings.Join(b.Unpriced, ","), id) {
			t.Errorf("Unpriced %v lacks %s", b.Unpriced, id)
		}
	}
	if partLine(t, b, "b1").Priced {
		t.Error("b1 priced although its bars have no price")
	}
	if !partLine(t, b, "b3").Priced {
		t.Error("b3 unpriced although round bar has a price")
	}
}

func TestPlanSheetSizeChoice(t *testing.T) {
	// A 1100 mm wide part fits only the 1250x2500 sheet (1230 usable).
	m := &model.Model{}
	m.Add(&model.Part{ID: "wide", Material: "steel", Process: model.PlateCut, Qty: 1,
		Plate: &model.Plate{Thickness: 10, Shape: profile.New(profile.Rect(0, 0, 1100, 1500))}})
	b := plan(t, m, testShop(), Options{})
	s := stockLine(t, b, "plate-10", 2500)
	if s.Qty != 1 || !s.Estimate {
		t.Errorf("sheet = %+v, want one estimated 1250x2500", s)
	}
	// Rotated: a 1900 x 900 part fits the small sheet lying along it.
	m.Parts[0].Plate.Shape = profile.New(profile.Rect(0, 0, 900, 1900))
	b = plan(t, m, testShop(), Options{})
	if s := stockLine(t, b, "plate-10", 2000); s.Qty != 1 {
		t.Errorf("sheet = %+v, want one 1000x2000", s)
	}
	// Too big for any sheet.
	m.Parts[0].Plate.Shape = profile.New(profile.Rect(0, 0, 1240, 1500))
	_, err := Plan(context.Background(), m, testShop(), Options{})
	var fe *SheetFitError
	if !errors.As(err, &fe) || fe.Part != "wide" {
		t.Fatalf("err = %v, want a SheetFitError for part wide", err)
	}
	t.Log(err)
}

func TestPlanTooLong(t *testing.T) {
	m := testModel()
	m.Part("b1").Bar.Length = 5991 // 6000 less two 5 mm trims is 5990
	_, err := Plan(context.Background(), m, testShop(), opts)
	var tl *TooLongError
	if !errors.As(err, &tl) {
		t.Fatalf("err = %v, want a TooLongError", err)
	}
	if tl.Part != "b1" || tl.Length != 5991 || tl.Longest != 6000 || tl.Usable != 5990 {
		t.Errorf("TooLongError = %+v", tl)
	}
	for _, s := range []string{"part b1", "5991mm", "6000mm", "flat-50x10"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not mention %q", err, s)
		}
	}
}

func TestPlanErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(m *model.Model, s *shop.Shop)
		want string
	}{
		{"unknown profile", func(m *model.Model, s *shop.Shop) { m.Part("b3").Bar.Profile = "round-99" }, `part b3: profile "round-99" is not in shop`},
		{"no plate", func(m *model.Model, s *shop.Shop) { m.Part("p1").Plate.Thickness = 12 }, "part p1: shop \"test shop\" has no 12mm steel plate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, s := testModel(), testShop()
			tc.edit(m, s)
			_, err := Plan(context.Background(), m, s, opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestPlanSolids(t *testing.T) {
	s := testShop()
	s.Materials["pla"] = shop.Material{ID: "pla", Name: "PLA", DensityKg: 1250}
	s.Printer = shop.Printer{Material: "pla", FilamentPricePerKg: 20}
	m := &model.Model{}
	m.Add(&model.Part{ID: "knob", Material: "pla", Process: model.Print3D, Qty: 4, Solid: &model.Solid{}},
		&model.Part{ID: "cap", Material: "pla", Process: model.Print3D, Qty: 1, Solid: &model.Solid{}})
	b := plan(t, m, s, Options{Volumes: map[string]float64{"knob": 40000}})
	// 40 cm³ x 1.25 g/cm³ = 50 g, x 20/kg = 1 each.
	near(t, "knob mass", partLine(t, b, "knob").MassKg, 0.05)
	near(t, "knob cost", partLine(t, b, "knob").UnitCost, 1)
	bulk := stockLine(t, b, "pla", 0)
	near(t, "bulk", bulk.Total(), 4)
	if strings.Join(b.Unpriced, ",") != "cap" {
		t.Errorf("Unpriced = %v, want [cap] (no volume)", b.Unpriced)
	}
}

// TestCSVFormulaInjection: text that a spreadsheet would run as a formula
// is written with a leading apostrophe; numbers are left alone.
func TestCSVFormulaInjection(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`=HYPERLINK("http://evil.example","x")`, `'=HYPERLINK("http://evil.example","x")`},
		{"+1+1", "'+1+1"}, {"-2+3", "'-2+3"}, {"@SUM(A1)", "'@SUM(A1)"}, {"\t=1", "'\t=1"},
		{"plate 1/2in", "plate 1/2in"}, {"", ""},
	} {
		if got := txt(c.in).csvText(); got != c.want {
			t.Errorf("csvText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := money(-3).csvText(); got != "-3.00" {
		t.Errorf("a negative number became %q", got)
	}
}

// TestFastenersFromJoints: with the joints' fasteners given, they are the
// hardware's fastener lines (priced from the shop, an unknown one
// unpriced), the design's own bolt is left out with a warning, and the
// other purchased items stay.
func TestFastenersFromJoints(t *testing.T) {
	s := testShop()
	s.Items = append(s.Items, shop.Item{ID: "nut-m12", Description: "nut M12", Unit: "each", Price: 0.1})
	o := opts
	o.Fasteners = []Fastener{
		{Item: "bolt-m12x50", Kind: "bolt", Diameter: 12, Length: 50, Qty: 6},
		{Item: "nut-m12", Kind: "nut", Diameter: 12, Qty: 6},
	}
	s.Items = append(s.Items, shop.Item{ID: "bolt-m12x50", Description: "bolt M12x50 8.8", Unit: "each", Price: 0.6})
	b := plan(t, testModel(), s, o)
	var ids []string
	for _, h := range b.Hardware {
		ids = append(ids, h.Part)
	}
	if !slices.Equal(ids, []string{"h2", "bolt-m12x50", "nut-m12"}) {
		t.Fatalf("hardware %v: want the cylinder, then the joints' bolt and nut (the hand-listed bolt h1 left out)", ids)
	}
	bolt := b.Hardware[1]
	if bolt.Qty != 6 || bolt.UnitPrice != 0.6 || !bolt.Priced || bolt.Spec != "M12 x 50" || bolt.Description != "bolt M12x50 8.8" {
		t.Errorf("bolt line %+v", bolt)
	}
	near(t, "hardware cost", b.Cost.Hardware, 6*0.6+6*0.1)
	warned := false
	for _, w := range b.Warnings {
		warned = warned || strings.Contains(w, "left out (parts h1)")
	}
	if !warned {
		t.Errorf("no warning about the hand-listed bolt: %q", b.Warnings)
	}
	csv := string(b.CSVFiles(testMeta)[TableHardware])
	if !strings.Contains(csv, ",bolt-m12x50,6,bolt M12x50 8.8,bolt-m12x50,M12 x 50,,buy,each,0.60,3.60,") {
		t.Errorf("hardware.csv lacks the joints' bolt line:\n%s", csv)
	}
	o.Fasteners = append(o.Fasteners, Fastener{Item: "washer-12mm", Kind: "washer", Diameter: 12, Qty: 12})
	b = plan(t, testModel(), s, o)
	if w := b.Hardware[len(b.Hardware)-1]; w.Priced || !slices.Contains(b.Unpriced, "washer-12mm") {
		t.Errorf("a washer the shop does not sell: %+v, unpriced %v", w, b.Unpriced)
	}
	// Without the joints (nil), the design's list stands.
	b = plan(t, testModel(), s, opts)
	if len(b.Hardware) != 2 || b.Hardware[0].Part != "h1" {
		t.Errorf("no joints: hardware %+v", b.Hardware)
	}
}

func TestFastenerSpec(t *testing.T) {
	for _, c := range []struct {
		f    Fastener
		want string
	}{
		{Fastener{Kind: "bolt", Diameter: 19.05, Length: 63.5}, `3/4in x 2-1/2in`},
		{Fastener{Kind: "nut", Diameter: 25.4}, `1in`},
		{Fastener{Kind: "bolt", Diameter: 6, Length: 16}, `M6 x 16`},
		{Fastener{Kind: "washer", Diameter: 20}, `M20`},
	} {
		if got := fastenerSpec(c.f); got != c.want {
			t.Errorf("%+v: %q, want %q", c.f, got, c.want)
		}
	}
}
