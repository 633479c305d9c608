package shop

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

// TestShippedFastenerCatalogues: both shipped shops carry the catalogue
// the brief asks for, every entry with its nut, washer and priced items.
func TestShippedFastenerCatalogues(t *testing.T) {
	const in = 25.4
	us, err := Builtin("us-imperial")
	if err != nil {
		t.Fatal(err)
	}
	metric, err := Builtin("metric")
	if err != nil {
		t.Fatal(err)
	}
	var dias []float64
	for _, b := range us.Fasteners.Bolts {
		dias = append(dias, b.Diameter)
	}
	wantUS := []float64{0.25 * in, 5.0 / 16 * in, 0.375 * in, 7.0 / 16 * in, 0.5 * in, 0.625 * in, 0.75 * in, 0.875 * in, in, 1.125 * in, 1.25 * in, 6}
	if !slices.EqualFunc(dias, wantUS, func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }) {
		t.Errorf("us-imperial bolt diameters %v, want %v", dias, wantUS)
	}
	// 3/4in: 1/4in steps to 2in, then 1/2in; pitch 1/10in (3/4-10 UNC).
	b, ok := us.Fasteners.BoltOf(0.75 * in)
	if !ok || math.Abs(b.Pitch-in/10) > 1e-9 {
		t.Fatalf("3/4in bolt %+v", b)
	}
	var ls []float64
	for _, l := range b.Lengths {
		ls = append(ls, math.Round(l.Length/in*1000)/1000)
	}
	if !slices.Equal(ls[:5], []float64{1.5, 1.75, 2, 2.5, 3}) || ls[len(ls)-1] != 8 {
		t.Errorf("3/4in lengths %v in", ls)
	}
	if it, ok := us.Item("bolt-3/4x2-1/2"); !ok || it.Price != 1.4 || !strings.Contains(it.Description, "3/4-10 x 2-1/2in") {
		t.Errorf("bolt-3/4x2-1/2 = %+v, %v", it, ok)
	}
	if us.Fasteners.Kind("bolt-3/4x2-1/2") != "bolt" || us.Fasteners.Kind("nut-1") != "nut" || us.Fasteners.Kind("washer-m6") != "washer" || us.Fasteners.Kind("u-bolt-1") != "" {
		t.Error("Kind does not tell catalogue items apart")
	}
	dias = nil
	for _, b := range metric.Fasteners.Bolts {
		dias = append(dias, b.Diameter)
	}
	if !slices.Equal(dias, []float64{6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 27, 30}) {
		t.Errorf("metric bolt diameters %v", dias)
	}
	if m20, _ := metric.Fasteners.BoltOf(20); m20.Pitch != 2.5 || m20.Lengths[0].Item != "bolt-m20x40" {
		t.Errorf("M20 %+v", m20)
	}
	for _, s := range []*Shop{us, metric} {
		for _, id := range []string{"u-bolt-1", "m6x18", "nut-m6"} {
			if _, ok := s.Item(id); !ok {
				t.Errorf("%s: no item %s", s.Name, id)
			}
		}
		for _, b := range s.Fasteners.Bolts {
			n, okN := s.Fasteners.NutOf(b.Diameter)
			w, okW := s.Fasteners.WasherOf(b.Diameter)
			if !okN || !okW || n.Height < 0.5*b.Diameter || n.Height > b.Diameter || w.Thickness <= 0 {
				t.Errorf("%s: %s nut %+v washer %+v", s.Name, b.ID, n, w)
			}
			for _, l := range b.Lengths {
				if it, ok := s.Item(l.Item); !ok || it.Price <= 0 {
					t.Errorf("%s: %s not priced", s.Name, l.Item)
				}
			}
		}
	}
	for _, id := range []string{"bolt-3/4x3-1/2", "bolt-1x5"} {
		if it, ok := metric.Item(id); !ok || !strings.Contains(it.Description, "M2") {
			t.Errorf("metric: %s = %+v", id, it)
		}
	}
}

// TestBoltFor: a clearance fit, the largest bolt that passes the hole and
// whose loosest hole is not smaller.
func TestBoltFor(t *testing.T) {
	const in = 25.4
	us, _ := Builtin("us-imperial")
	metric, _ := Builtin("metric")
	for _, c := range []struct {
		s    *Shop
		hole float64
		want float64 // 0 = none
	}{
		{us, 0.76 * in, 0.75 * in}, // the CEB press's torch-cut 3/4in holes
		{us, 0.75 * in, 0.75 * in}, // a hole cut to the bolt's size passes it
		{us, 1.005 * in, in},       // 1in
		{us, 13.5, 0.5 * in},       // 1/2in in a 13.5 mm hole
		{us, 2 * in, 0},            // too loose for 1-1/4in
		{us, 5, 0},                 // smaller than every bolt
		{metric, 0.8 * in, 20},     // 20.3 mm: M20
		{metric, 0.76 * in, 18},    // 19.3 mm: M18
		{metric, 1.005 * in, 24},   // 25.5 mm: M24
		{metric, 6.6, 6},           // ISO 273 medium M6
		{metric, 40, 0},            // looser than M30's 35 mm coarse hole
	} {
		b, ok := c.s.Fasteners.BoltFor(c.hole)
		if ok != (c.want > 0) || ok && math.Abs(b.Diameter-c.want) > 1e-9 {
			t.Errorf("%s: hole %.2f mm: bolt %+v %v, want %g mm", c.s.Name, c.hole, b.Diameter, ok, c.want)
		}
	}
	b, _ := metric.Fasteners.BoltOf(20)
	if l, ok := b.Reaching(61); !ok || l.Item != "bolt-m20x65" {
		t.Errorf("M20 reaching 61 mm: %+v", l)
	}
	if _, ok := b.Reaching(201); ok {
		t.Error("an M20 longer than the catalogue's longest")
	}
}

const fastenerBase = `name: t
units: metric
currency: EUR
items:
  - {id: cyl, price: 100}
fasteners:
  bolts:
    - {id: bolt-m10, diameter: 10mm, pitch: 1.5mm, description: "Hex bolt M10 x {length}", lengths: {30mm: 0.3, 25mm: 0.25}}
    - {id: bolt-3/8, diameter: 3/8in, pitch: 16tpi, lengths: {1in: 0.2}}
  nuts:
    - {id: nut-m10, diameter: 10mm, height: 8.4mm, price: 0.05}
    - {id: nut-3/8, diameter: 3/8in, height: 21/64in, price: 0.05}
  washers:
    - {id: washer-m10, diameter: 10mm, thickness: 2mm, price: 0.02}
    - {id: washer-3/8, diameter: 3/8in, thickness: 0.065in, price: 0.02}
`

func TestParseFasteners(t *testing.T) {
	s, err := Parse("t.yaml", []byte(fastenerBase))
	if err != nil {
		t.Fatal(err)
	}
	b := s.Fasteners.Bolts[0]
	if len(b.Lengths) != 2 || b.Lengths[0].Item != "bolt-m10x25" || b.Lengths[1].Length != 30 {
		t.Errorf("lengths not sorted or named: %+v", b.Lengths)
	}
	if it, _ := s.Item("bolt-m10x30"); it.Description != "Hex bolt M10 x 30mm" || it.Price != 0.3 || it.Unit != "each" {
		t.Errorf("item %+v", it)
	}
	if it, _ := s.Item("bolt-3/8x1"); it.Price != 0.2 {
		t.Errorf("item %+v", it)
	}
	if p := s.Fasteners.Bolts[1].Pitch; math.Abs(p-25.4/16) > 1e-9 {
		t.Errorf("16tpi = %g mm", p)
	}
	c := s.Clone()
	c.Fasteners.Bolts[0].Lengths[0].Length = 99
	if s.Fasteners.Bolts[0].Lengths[0].Length != 25 {
		t.Error("Clone shares the catalogue")
	}
}

func TestMalformedFasteners(t *testing.T) {
	for _, c := range []struct{ name, old, new, want string }{
		{"item already listed", "  - {id: cyl, price: 100}", "  - {id: cyl, price: 100}\n  - {id: bolt-m10x30, price: 1}",
			`t.yaml:9: fasteners.bolts[0].lengths.30mm = "bolt-m10x30": duplicate id (an item, profile, sheet or another catalogue entry has it; the catalogue makes the item itself, so delete it from items)`},
		{"pitch coarser than the bolt", "pitch: 1.5mm", "pitch: 12mm",
			`t.yaml:8: fasteners.bolts[0].pitch = "12mm": must be finer than the diameter (10tpi, 2.5mm)`},
		{"bad pitch", "pitch: 16tpi", "pitch: fine",
			`t.yaml:9: fasteners.bolts[1].pitch = "fine": expected threads per inch (10tpi) or a pitch length (2.5mm)`},
		{"no nut", "    - {id: nut-m10, diameter: 10mm, height: 8.4mm, price: 0.05}\n", "",
			`t.yaml:8: fasteners.bolts[0].diameter = "10mm": no nut of this diameter in fasteners.nuts`},
		{"lengths as a list", "lengths: {1in: 0.2}", "lengths: [1in]",
			`t.yaml:9: fasteners.bolts[1].lengths: expected a mapping of length: price, like {2in: 1.2, 2-1/2in: 1.4}, got a list`},
		{"bad length", "{1in: 0.2}", "{1 furlong: 0.2}",
			`t.yaml:9: fasteners.bolts[1].lengths.1 furlong = "1 furlong": unknown unit "furlong" (use mm, cm, m, in or ft)`},
		{"missing price", "height: 8.4mm, price: 0.05", "height: 8.4mm",
			`t.yaml:11: fasteners.nuts[0].price: required`},
		{"two entries of one size", "    - {id: washer-3/8,", "    - {id: washer-m10b, diameter: 10mm, thickness: 2mm, price: 0.02}\n    - {id: washer-3/8,",
			`t.yaml:15: fasteners.washers[1].diameter = "10mm": entry 0 already has this diameter`},
		{"unknown key", "height: 21/64in", "hight: 21/64in",
			`t.yaml:12: fasteners.nuts[1].hight: unknown key (did you mean "height"?)`},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := strings.Replace(fastenerBase, c.old, c.new, 1)
			if doc == fastenerBase {
				t.Fatal("case does not change the document")
			}
			_, err := Parse("t.yaml", []byte(doc))
			if err == nil {
				t.Fatalf("no error for\n%s", doc)
			}
			if !slices.Contains(strings.Split(err.Error(), "\n"), c.want) {
				t.Errorf("error:\n%v\nwant a line:\n%s", err, c.want)
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Line == 0 {
				t.Errorf("errors.As(*FieldError) = %+v", fe)
			}
		})
	}
}

// TestFastenerCatalogueFromItems: a shop file without the section still
// gets a catalogue, read from its item ids.
func TestFastenerCatalogueFromItems(t *testing.T) {
	s := &Shop{Items: []Item{{ID: "bolt-3/4x3"}, {ID: "bolt-3/4x2-1/2"}, {ID: "m6x18"}, {ID: "nut-3/4"}, {ID: "washer-m6"}, {ID: "motor"}}}
	f := s.FastenerCatalogue()
	if len(f.Bolts) != 2 || f.Bolts[0].Diameter != 6 || f.Bolts[1].Lengths[0].Item != "bolt-3/4x2-1/2" || f.Bolts[1].ID != "bolt-3/4" {
		t.Errorf("bolts %+v", f.Bolts)
	}
	if n, ok := f.NutOf(19.05); !ok || math.Abs(n.Height-0.875*19.05) > 1e-9 {
		t.Errorf("nut %+v", n)
	}
	if w, ok := f.WasherOf(6); !ok || w.Item != "washer-m6" {
		t.Errorf("washer %+v", w)
	}
}
