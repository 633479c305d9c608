package shop

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/units"
)

const lbPerFtPerKgPerM = 0.3048 / 0.45359237 // kg/m -> lb/ft

func TestBuiltinShopsParseAndValidate(t *testing.T) {
	if got, want := BuiltinNames(), []string{"metric", "us-imperial"}; !slices.Equal(got, want) {
		t.Fatalf("BuiltinNames() = %v, want %v", got, want)
	}
	for _, name := range BuiltinNames() {
		s, err := Builtin(name)
		if err != nil {
			t.Fatalf("Builtin(%q): %v", name, err)
		}
		if err := s.Validate(); err != nil {
			t.Errorf("%s: Validate: %v", name, err)
		}
		if !s.HasTorchTable() || !s.HasPrinter() || len(s.Items) == 0 {
			t.Errorf("%s: missing torch table, printer or items", name)
		}
	}
	if _, err := Builtin("us-imperial.yaml"); err != nil {
		t.Errorf("Builtin with .yaml suffix: %v", err)
	}
	if _, err := Builtin("mars"); err == nil || !strings.Contains(err.Error(), "metric, us-imperial") {
		t.Errorf("Builtin(mars) error = %v, want one listing the shipped shops", err)
	}
}

func TestDefaultIsAFreshCopy(t *testing.T) {
	a := Default()
	a.Profiles[0].Lengths[0].Price = -1
	a.Items[0].Price = -1
	b := Default()
	if b.Profiles[0].Lengths[0].Price < 0 || b.Items[0].Price < 0 {
		t.Fatal("changing one Default() changed the next")
	}
	if a.Name != "OSE-style US shop" || a.Units != units.Imperial || a.Currency != "USD" {
		t.Errorf("Default() = %q %s %s", a.Name, a.Units, a.Currency)
	}
}

func near(got, want, relTol float64) bool { return math.Abs(got-want) <= relTol*math.Abs(want) }

func TestUSImperialSpotChecks(t *testing.T) {
	s := Default()
	cs, err := s.CutSettings(12.7)
	if err != nil {
		t.Fatal(err)
	}
	if !near(cs.Kerf, 0.07*25.4, 1e-12) || !near(cs.Feed, 33*25.4, 1e-12) || cs.PierceDelay != 1.2 || cs.Amps != 65 || cs.SmallHoleFeed != 0.6 {
		t.Errorf("1/2in row = %+v, want kerf 0.07in, 33ipm, 1.2 s, 65 A", cs)
	}
	// A plate between rows uses the next thicker row; one within 0.01 mm, its own.
	if cs, _ := s.CutSettings(11); cs.Thickness != 12.7 {
		t.Errorf("CutSettings(11mm) took the %v mm row, want 12.7", cs.Thickness)
	}
	if cs, _ := s.CutSettings(12.705); cs.Thickness != 12.7 {
		t.Errorf("CutSettings(12.705mm) took the %v mm row, want 12.7", cs.Thickness)
	}
	_, err = s.CutSettings(19.05)
	if err == nil || !strings.Contains(err.Error(), "3/4in plate (the chart covers 1/8in to 5/8in)") {
		t.Errorf("CutSettings(3/4in) error = %v", err)
	}

	// Weights of section 7.2 (lb/ft), from each profile's geometry.
	a500 := s.Materials["a500"].DensityKg
	a36 := s.Materials["a36"].DensityKg
	for _, c := range []struct {
		id      string
		density float64
		lbPerFt float64
		tol     float64
	}{
		{"sq-4x4x1/4", a500, 12.21, 0.005},
		{"sq-2x2x1/8", a500, 3.06, 0.01},
		{"sq-2x2x1/4", a500, 5.41, 0.01},
		{"sq-3x3x1/4", a500, 8.81, 0.01},
		{"rect-2x4x1/4", a500, 8.81, 0.01},
		{"angle-1.5x1.5x1/8", a36, 1.22, 0.01},
		{"angle-2x2x1/4", a36, 3.19, 0.01},
		{"flat-2x1/4", a36, 1.70, 0.01},
		{"flat-4x1/2", a36, 6.81, 0.01},
		{"round-1/2", a36, 0.67, 0.01},
		{"round-1", a36, 2.67, 0.01},
		{"round-2", a36, 10.69, 0.01},
	} {
		p, ok := s.Profile(c.id)
		if !ok {
			t.Errorf("no profile %s", c.id)
			continue
		}
		if got := p.MassPerMetre(c.density) * lbPerFtPerKgPerM; !near(got, c.lbPerFt, c.tol) {
			t.Errorf("%s: %.3f lb/ft, want %.2f", c.id, got, c.lbPerFt)
		}
	}
	sq, _ := s.Profile("sq-4x4x1/4")
	if sq.Height != sq.Width || sq.OuterRadius != 12.7 || len(sq.Lengths) != 2 || sq.Lengths[0].Price != 317 {
		t.Errorf("sq-4x4x1/4 = %+v", sq)
	}

	sh, ok := s.Sheet("a36", 12.7)
	if !ok || sh.ID != "plate-1/2" {
		t.Fatalf("Sheet(a36, 1/2in) = %v, %v", sh.ID, ok)
	}
	if _, ok := s.Sheet("a36", 12.0); ok {
		t.Error("Sheet(a36, 12mm) matched a 1/2in plate")
	}
	if z, ok := s.LargestSheet("a36", 12.7); !ok || z.Width != 60*25.4 || z.Length != 120*25.4 || z.Price != 1123 {
		t.Errorf("LargestSheet(a36, 1/2in) = %+v, %v", z, ok)
	}
	if !near(s.Hydraulics.PressureMPa, 17.237, 1e-3) || !near(s.Hydraulics.FlowLPM, 45.42, 1e-3) {
		t.Errorf("hydraulics = %+v, want 2500 psi, 12 gpm", s.Hydraulics)
	}
	if !near(s.Saw.Kerf, 3.175, 1e-12) || !near(s.Saw.Trim, 25.4, 1e-12) || !near(s.Saw.MinOffcut, 304.8, 1e-12) {
		t.Errorf("saw = %+v", s.Saw)
	}
	if s.Printer.BuildX != 300 || s.Printer.BuildZ != 300 || s.Printer.Infill != 0.2 {
		t.Errorf("printer = %+v", s.Printer)
	}
	if !near(s.Drill.SurfaceSpeed, 24.384, 1e-9) {
		t.Errorf("drill surface speed = %v m/min, want 24.384 (80 sfm)", s.Drill.SurfaceSpeed)
	}
	tt := s.TorchTable
	if !near(tt.BedX, 1219.2, 1e-12) || !near(tt.BedY, 2438.4, 1e-12) || !near(tt.RapidFeed, 10160, 1e-12) || !slices.Equal(tt.Rotations, []float64{0, 90, 180, 270}) {
		t.Errorf("torch table = %+v", tt)
	}
}

// The brief's purchased parts, by id: designs rely on these.
var usItems = []string{"cyl-5x16", "cyl-6x16", "cyl-4x16", "cyl-2.5x14", "cyl-3x16", "valve-d05-12v",
	"valve-block-d05-2", "pressure-switch", "controller-arduino-relay", "hose-1/2x6ft", "coupler-s40-pair",
	"liner-nylon66-1/8", "bolt-3/4x2", "bolt-3/4x3", "bolt-1x3", "bolt-1x4", "nut-3/4", "nut-1", "washer-3/4",
	"washer-1", "threaded-rod-3/4", "nema17", "lm8uu", "625zz", "gt2-pulley-20t", "gt2-belt", "m6x18", "m6x30",
	"m3x25", "nut-m6", "ramps-kit", "psu-12v", "hotend", "heated-bed-kit"}

func TestItemIDs(t *testing.T) {
	us, metric := Default(), mustBuiltin(t, "metric")
	for _, id := range usItems {
		it, ok := us.Item(id)
		if !ok || it.Price <= 0 {
			t.Errorf("us-imperial: item %s = %+v, %v", id, it, ok)
		}
		if _, ok := metric.Item(id); !ok && !strings.Contains(id, "3/4") && !strings.HasPrefix(id, "bolt-1") &&
			!strings.HasPrefix(id, "nut-1") && !strings.HasPrefix(id, "washer-1") {
			t.Errorf("metric: no item %s (the same part should keep its id)", id)
		}
	}
	for _, id := range []string{"bolt-m20x60", "bolt-m24x80", "nut-m20", "nut-m24", "washer-m20", "washer-m24"} {
		if _, ok := metric.Item(id); !ok {
			t.Errorf("metric: no item %s", id)
		}
	}
	liner, _ := us.Item("liner-nylon66-1/8")
	if q, err := liner.Quantity(ByArea, 92903.04*2); err != nil || q != 2 {
		t.Errorf("2 sq ft of liner = %v %v", q, err)
	}
	mliner, _ := metric.Item("liner-nylon66-1/8")
	if q, err := mliner.Quantity(ByArea, 1e6/2); err != nil || q != 0.5 {
		t.Errorf("0.5 m2 of liner = %v %v", q, err)
	}
	if _, err := liner.Quantity(ByLength, 1); err == nil {
		t.Error("a liner sold per sq ft accepted a length")
	}
}

func mustBuiltin(t *testing.T, name string) *Shop {
	t.Helper()
	s, err := Builtin(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestMetricSpotChecks(t *testing.T) {
	s := mustBuiltin(t, "metric")
	if s.Units != units.Metric || s.Currency != "EUR" {
		t.Errorf("metric shop: %s %s", s.Units, s.Currency)
	}
	if !near(s.Hydraulics.PressureMPa, 17, 1e-12) || s.Hydraulics.FlowLPM != 45 {
		t.Errorf("hydraulics = %+v, want 170 bar, 45 lpm", s.Hydraulics)
	}
	for _, th := range []float64{2, 3, 4, 5, 6, 8, 10, 12, 15, 20} {
		z, ok := s.LargestSheet("a36", th)
		if !ok || z.Width != 1500 || z.Length != 3000 {
			t.Errorf("LargestSheet(a36, %vmm) = %+v, %v", th, z, ok)
		}
		if _, err := s.CutSettings(th); err != nil {
			t.Errorf("CutSettings(%vmm): %v", th, err)
		}
	}
	if sh, ok := s.SheetAtLeast("a36", 12.7); !ok || sh.Thickness != 15 {
		t.Errorf("SheetAtLeast(a36, 1/2in) = %v mm, %v; want 15 mm", sh.Thickness, ok)
	}
	p, _ := s.Profile("sq-100x100x6")
	if got := p.MassPerMetre(7850); !near(got, 16.98, 0.005) { // EN 10219 tables: 17.0 kg/m
		t.Errorf("100x100x6: %.2f kg/m", got)
	}
	if p.OuterRadius != 12 {
		t.Errorf("default outer radius = %v, want 2 x wall", p.OuterRadius)
	}
}

func TestProfileArea(t *testing.T) {
	// A tube with sharp corners is the difference of two rectangles; a round
	// corner radius r removes (4-pi) r^2 outside and the inner radius r-t inside.
	p := Profile{Shape: RectTube, Width: 100, Height: 50, Wall: 5}
	if got := p.Area(); got != 100*50-90*40 {
		t.Errorf("sharp rect tube area = %v", got)
	}
	p.OuterRadius = 10
	want := 100*50 - (4-math.Pi)*100 - (90*40 - (4-math.Pi)*25)
	if got := p.Area(); math.Abs(got-want) > 1e-9 {
		t.Errorf("rounded rect tube area = %v, want %v", got, want)
	}
	if got := (Profile{Shape: Pipe, Diameter: 10, Wall: 5}).Area(); math.Abs(got-math.Pi*25) > 1e-9 {
		t.Errorf("pipe with no bore = %v", got)
	}
}

func TestParseJSONAndShorthands(t *testing.T) {
	json := `{
	"name": "json shop", "currency": "USD",
	"materials": {"a36": {"density": "7850kg/m3", "price_per_kg": 2.43}},
	"profiles": [{"id": "flat", "shape": "flat", "material": "a36", "width": "2in", "wall": "1/4in", "lengths": ["20ft"]}],
	"torch_table": {"bed_x": "1220mm", "bed_y": "2440mm", "rapid": "10m/min",
		"chart": [{"thickness": "6mm", "kerf": "1.5mm", "feed": "2550mm/min", "pierce_delay": "500ms", "pierce_height": "3.8mm", "cut_height": "1.5mm"}]},
	"saw": {"kerf": "1.6mm"}
}`
	s, err := Parse("shop.json", []byte(json))
	if err != nil {
		t.Fatal(err)
	}
	if s.Units != units.Metric || s.Profiles[0].Lengths[0] != (StockLength{Length: 6096}) {
		t.Errorf("parsed %+v", s)
	}
	tt := s.TorchTable
	if tt.Process != Plasma || tt.Dialect != "linuxcnc" || tt.Origin != LowerLeft || tt.MinHoleRatio != 1.5 || tt.RapidFeed != 10000 ||
		tt.Chart[0].PierceDelay != 0.5 || tt.Chart[0].SmallHoleFeed != 1 {
		t.Errorf("torch table defaults: %+v", tt)
	}

	// Declared units make bare numbers mean inches; aliases are followed.
	yml := `name: bare
units: imperial
currency: USD
materials: {a36: {density: 0.2836}}
sheets:
  - {id: p, material: a36, thickness: 0.5, sizes: &sizes [{width: 96, length: 48, price: 1}]}
  - {id: q, material: a36, thickness: 1/4, sizes: *sizes}
hydraulics: {pressure: 2500, flow: 12}
`
	s, err = Parse("bare.yaml", []byte(yml))
	if err != nil {
		t.Fatal(err)
	}
	if z := s.Sheets[1].Sizes[0]; s.Sheets[0].Thickness != 12.7 || !near(z.Width, 1219.2, 1e-12) || !near(z.Length, 2438.4, 1e-12) || z.Price != 1 {
		t.Errorf("sheets = %+v", s.Sheets)
	}
	if !near(s.Materials["a36"].DensityKg, 7850, 1e-3) || !near(s.Hydraulics.FlowLPM, 45.42, 1e-3) {
		t.Errorf("bare density/flow: %+v %+v", s.Materials, s.Hydraulics)
	}
}

// base is a small valid shop; the malformed cases below edit copies of it.
const base = `name: t
units: imperial
currency: USD
materials:
  a36: {density: 7850kg/m3}
sheets:
  - id: plate-1/2
    material: a36
    thickness: 1/2in
    sizes: [{width: 48in, length: 96in, price: 720}]
torch_table:
  bed: 48in x 96in
  rapid: 400ipm
  chart:
    - {thickness: 1/2in, kerf: 0.07in, feed: 33ipm, pierce_delay: 1.2, pierce_height: 0.15in, cut_height: 0.06in}
`

func TestBaseIsValid(t *testing.T) {
	if _, err := Parse("t.yaml", []byte(base)); err != nil {
		t.Fatal(err)
	}
}

func TestMalformedShops(t *testing.T) {
	for _, c := range []struct {
		name    string
		old     string // replaced in base by new; base is then edited again by old2, new2
		new     string
		want    string // one line of the error, exactly
		wantErr int    // how many problems, 0 = do not check
		old2    string
		new2    string
	}{
		{"unknown key with suggestion", "    thickness: 1/2in", "    thicknes: 1/2in",
			`t.yaml:9: sheets[0].thicknes: unknown key (did you mean "thickness"?)`, 2, "", ""},
		{"unknown top key", "currency: USD", "currency: USD\ncolour: red",
			`t.yaml:4: colour: unknown key (known keys: name, units, currency, materials, profiles, sheets, items, fasteners, torch_table, saw, drill, printer, hydraulics, labour, engines, pumps)`, 1, "", ""},
		{"bad unit", "thickness: 1/2in", "thickness: 1/2 furlong",
			`t.yaml:9: sheets[0].thickness = "1/2 furlong": unknown unit "furlong" (use mm, cm, m, in or ft)`, 1, "", ""},
		{"bad feed unit", "feed: 33ipm", "feed: 33mph",
			`t.yaml:15: torch_table.chart[0].feed = "33mph": unknown unit "mph" (use fpm, ft/min, in/min, in/s, ipm, ips, m/min, m/s, mm/min, mm/s, mmpm, mpm, sfm, sfpm)`, 1, "", ""},
		{"negative kerf", "kerf: 0.07in", "kerf: -1in",
			`t.yaml:15: torch_table.chart[0].kerf = "-1in": must be > 0`, 1, "", ""},
		{"missing thickness", "    thickness: 1/2in\n", "",
			`t.yaml:7: sheets[0].thickness: required`, 1, "", ""},
		{"duplicate id", "torch_table:", "  - {id: plate-1/2, material: a36, thickness: 1/4in, sizes: [{width: 48in, length: 96in}]}\ntorch_table:",
			`t.yaml:11: sheets[1].id = "plate-1/2": duplicate id (first used by sheets[0].id; profiles, sheets and items share one id space)`, 1, "", ""},
		{"unknown material", "material: a36", "material: a63",
			`t.yaml:8: sheets[0].material = "a63": unknown material (did you mean "a36"?)`, 1, "", ""},
		{"profile with unknown material", "sheets:", "profiles:\n  - {id: r, shape: round, material: a63, diameter: 1in, lengths: [20ft]}\nsheets:",
			`t.yaml:7: profiles[0].material = "a63": unknown material (did you mean "a36"?)`, 1, "", ""},
		{"wrong type: list expected", "sizes: [{width: 48in, length: 96in, price: 720}]", "sizes: 48in",
			`t.yaml:10: sheets[0].sizes: expected a list, got "48in"`, 1, "", ""},
		{"wrong type: number expected", "price: 720", "price: cheap",
			`t.yaml:10: sheets[0].sizes[0].price = "cheap": expected a plain number`, 1, "", ""},
		{"wrong type: mapping expected", "  a36: {density: 7850kg/m3}", "  a36: [7850kg/m3]",
			`t.yaml:5: materials.a36: expected a mapping (key: value), got a list`, 0, "", ""},
		{"bare number without units", "units: imperial\ncurrency: USD\nmaterials:", "currency: USD\nmaterials:\n  steel: {density: 7850}",
			`t.yaml:4: materials.steel.density = "7850": needs a unit (g/cc, g/cm3, kg/m3, lb/ft3, lb/in3)`, 0, "", ""},
		{"bare length without units", "units: imperial\n", "",
			`t.yaml:11: torch_table.bed = "48 x 96": needs a unit (mm, cm, m, in or ft)`, 1, "48in x 96in", "48 x 96"},
		{"duplicate key", "  rapid: 400ipm", "  rapid: 400ipm\n  rapid: 300ipm",
			`t.yaml:14: torch_table.rapid: duplicate key (first at line 13)`, 1, "", ""},
		{"yaml syntax", "    material: a36", "    material: a36\n   bad indent: x",
			`t.yaml:9: YAML syntax: did not find expected '-' indicator`, 1, "", ""},
		{"unknown units", "units: imperial", "units: furlongs",
			`t.yaml:2: units = "furlongs": must be imperial or metric`, 0, "", ""},
		{"chart out of order", "cut_height: 0.06in}\n", "cut_height: 0.06in}\n    - {thickness: 1/4in, kerf: 0.07in, feed: 100ipm, pierce_delay: 0.5, pierce_height: 0.15in, cut_height: 0.06in}\n",
			`t.yaml:16: torch_table.chart[1].thickness = "1/4in": must be thicker than chart[0] (rows go from thin to thick)`, 1, "", ""},
		{"shape without its dimension", "sheets:", "profiles:\n  - {id: r, shape: round, material: a36, width: 1in, lengths: [20ft]}\nsheets:",
			`t.yaml:7: profiles[0].diameter: required for a round`, 2, "", ""},
		{"bad bed", "bed: 48in x 96in", "bed: 48in",
			`t.yaml:12: torch_table.bed = "48in": expected 2 sizes separated by x, like 48in x 96in`, 1, "", ""},
		{"unknown origin corner", "bed: 48in x 96in", "bed: 48in x 96in\n  origin: lower-rigth",
			`t.yaml:13: torch_table.origin = "lower-rigth": unknown corner (did you mean "lower-right"?); use one of [lower-left lower-right upper-left upper-right]`, 1, "", ""},
		{"origin not a name", "bed: 48in x 96in", "bed: 48in x 96in\n  origin: [0, 0]",
			`t.yaml:13: torch_table.origin: expected a single value, got a list`, 1, "", ""},
		{"bad currency", "currency: USD", "currency: dollars",
			`t.yaml:3: currency = "dollars": must be a three-letter ISO 4217 code such as USD or EUR`, 1, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := strings.Replace(base, c.old, c.new, 1)
			if c.old2 != "" {
				doc = strings.Replace(doc, c.old2, c.new2, 1)
			}
			if doc == base {
				t.Fatalf("case does not change the base document")
			}
			_, err := Parse("t.yaml", []byte(doc))
			if err == nil {
				t.Fatalf("no error for\n%s", doc)
			}
			lines := strings.Split(err.Error(), "\n")
			if !slices.Contains(lines, c.want) {
				t.Errorf("error:\n%v\nwant a line:\n%s", err, c.want)
			}
			if c.wantErr > 0 && len(lines) != c.wantErr {
				t.Errorf("%d problems, want %d:\n%v", len(lines), c.wantErr, err)
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.File != "t.yaml" || fe.Line == 0 {
				t.Errorf("errors.As(*FieldError) = %+v", fe)
			}
		})
	}
}

func TestEmptyAndOddDocuments(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{"", "e.yaml:1: empty shop file"},
		{"- a\n- b\n", "e.yaml:1: a shop file is a mapping of keys (name:, units:, ...)"},
		{"name: a\n---\nname: b\n", "e.yaml:2: a shop file holds one YAML document; found a second (---)"},
	} {
		_, err := Parse("e.yaml", []byte(c.doc))
		if err == nil || err.Error() != c.want {
			t.Errorf("Parse(%q) = %v, want %s", c.doc, err, c.want)
		}
	}
}

func TestFieldErrorMessage(t *testing.T) {
	e := &FieldError{File: "us-imperial.yaml", Line: 12, Field: "torch_table.chart[0].kerf", Value: "-1in", Reason: "must be > 0"}
	if got, want := e.Error(), `us-imperial.yaml:12: torch_table.chart[0].kerf = "-1in": must be > 0`; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

func TestValidateGoBuiltShop(t *testing.T) {
	s := Default()
	s.TorchTable.Chart[0].Kerf = -25.4
	s.Items = append(s.Items, Item{ID: "nema17", Unit: "bag", Price: 1})
	n := len(s.Items) - 1
	first := -1
	for i, it := range s.Items {
		if it.ID == "nema17" && first < 0 {
			first = i
		}
	}
	err := s.Validate()
	for _, want := range []string{
		`torch_table.chart[0].kerf = "-1in": must be > 0`,
		fmt.Sprintf(`items[%d].id = "nema17": duplicate id (first used by items[%d].id;`, n, first),
		fmt.Sprintf(`items[%d].unit = "bag": unknown unit`, n),
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v\nwant %s", err, want)
		}
	}
}

func TestQuantityParsers(t *testing.T) {
	for _, c := range []struct {
		parse func(string, string) (float64, error)
		in    string
		bare  string
		want  float64
	}{
		{ParseSpeed, "33ipm", "", 838.2},
		{ParseSpeed, "850 mm/min", "", 850},
		{ParseSpeed, "80sfm", "", 24384},
		{ParseSpeed, "33", "ipm", 838.2},
		{ParsePressure, "2500psi", "", 17.236893},
		{ParsePressure, "17.2MPa", "", 17.2},
		{ParsePressure, "172bar", "", 17.2},
		{ParseFlow, "12gpm", "", 45.424941},
		{ParseFlow, "45lpm", "", 45},
		{ParseFlow, "45 L/min", "", 45},
		{ParseDensity, "7850kg/m3", "", 7850},
		{ParseDensity, "7850 kg/m³", "", 7850},
		{ParseDensity, "0.2836lb/in3", "", 7850.02},
		{ParseDensity, "7.85g/cm3", "", 7850},
	} {
		got, err := c.parse(c.in, c.bare)
		if err != nil || !near(got, c.want, 1e-6) {
			t.Errorf("parse(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"", "33", "ipm", "1e999ipm", "33 furlongs/fortnight", "NaNipm"} {
		if _, err := ParseSpeed(in, ""); err == nil {
			t.Errorf("ParseSpeed(%q) accepted", in)
		}
	}
}

func TestClosestKey(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"thicknes", "thickness"}, {"kref", "kerf"}, {"pierce_dealy", "pierce_delay"}, {"colour", ""},
	} {
		var h hints
		if got := h.closest(c.in, append(chartKeys, topKeys...)); got != c.want {
			t.Errorf("closest(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestPriceByWeight(t *testing.T) {
	s := Default()
	p, _ := s.Profile("sq-4x4x1/4")
	// 20 ft of 4x4x1/4 at 12.21 lb/ft and $1.30/lb = $317.6 (research 7.4).
	mat, _ := s.Material(p.Material)
	if got, basis := BarPrice(p, mat, StockLength{Length: 6096}); !near(got, 317.6, 0.005) || basis != PriceByMass {
		t.Errorf("BarPrice by weight = %.2f (%s)", got, basis)
	}
	if got, basis := BarPrice(p, mat, p.Lengths[0]); got != 317 || basis != PriceListed {
		t.Errorf("BarPrice = %v (%s)", got, basis)
	}
	sh, _ := s.Sheet("a36", 12.7)
	mat, _ = s.Material(sh.Material)
	// 4x8 ft of 1/2in plate: 653 lb at $1.10/lb = $719.
	if got, basis := SheetPrice(sh, mat, SheetSize{Width: 1219.2, Length: 2438.4}); !near(got, 719, 0.005) || basis != PriceByMass {
		t.Errorf("SheetPrice by weight = %.2f (%s)", got, basis)
	}
}

// TestTorchTableOrigin: each corner name is read as the table's origin,
// and a table that names none has its origin at the lower-left corner.
func TestTorchTableOrigin(t *testing.T) {
	for _, c := range Corners {
		doc := strings.Replace(base, "bed: 48in x 96in", "bed: 48in x 96in\n  origin: "+string(c), 1)
		s, err := Parse("t.yaml", []byte(doc))
		if err != nil {
			t.Fatalf("origin %s: %v", c, err)
		}
		if s.TorchTable.Origin != c {
			t.Errorf("origin %s parsed as %q", c, s.TorchTable.Origin)
		}
	}
	s, err := Parse("t.yaml", []byte(base))
	if err != nil {
		t.Fatal(err)
	}
	if s.TorchTable.Origin != LowerLeft {
		t.Errorf("default origin %q, want lower-left", s.TorchTable.Origin)
	}
	if got := []bool{UpperRight.Right(), UpperRight.Upper(), LowerRight.Upper(), UpperLeft.Right()}; !slices.Equal(got, []bool{true, true, false, false}) {
		t.Errorf("Right/Upper = %v", got)
	}
}
