package cebpress

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

// testShop has every stock the design asks for, in both unit systems.
func testShop() *shop.Shop {
	s := &shop.Shop{Name: "test", Hydraulics: shop.Hydraulics{PressureMPa: 2500 / psiPerMPa, FlowLPM: 12 * lpmPerGPM}}
	for _, t := range []float64{0.375 * in, 0.5 * in, 0.75 * in, 0.125 * in, 0.1875 * in, 12, 3} {
		s.Sheets = append(s.Sheets, shop.Sheet{ID: "p", Material: "a36", Thickness: t, Sizes: []shop.SheetSize{{Width: 60 * in, Length: 120 * in}}})
	}
	s.Profiles = []shop.Profile{
		{ID: "round-1", Shape: shop.Round, Diameter: 25.4, Material: "a36"},
		{ID: "round-1.5", Shape: shop.Round, Diameter: 38.1, Material: "a36"},
		{ID: "dom-1.25x.125", Shape: shop.Pipe, Diameter: 31.75, Wall: 3.175, Material: "a36"},
	}
	return s
}

func resolve(t *testing.T, preset string, kv ...string) *params.Values {
	t.Helper()
	var ovs []params.Override
	for i := 0; i < len(kv); i += 2 {
		ovs = append(ovs, params.Override{Name: kv[i], Value: kv[i+1], Source: "test"})
	}
	v, err := (Design{}).Schema().Resolve(preset, ovs)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func buildWith(t *testing.T, v *params.Values, s *shop.Shop) (*model.Model, *params.Report) {
	t.Helper()
	r := &params.Report{}
	m, err := (Design{}).Build(context.Background(), v, s, r)
	if err != nil {
		t.Fatal(err)
	}
	return m, r
}

func TestSchemaValidates(t *testing.T) {
	if err := (Design{}).Schema().Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestPresetsBuild(t *testing.T) {
	for _, p := range append([]string{""}, (Design{}).Schema().PresetNames()...) {
		t.Run(p, func(t *testing.T) {
			v := resolve(t, p)
			if r := (Design{}).Schema().RunChecks(v); r.Err() != nil {
				t.Fatal(r.Err())
			}
			m, r := buildWith(t, v, testShop())
			if err := m.Validate(); err != nil {
				t.Fatal(err)
			}
			if err := r.Err(); err != nil {
				t.Errorf("report: %v", err)
			}
		})
	}
}

// table15 is research table 1.5 (ose-designs.md): base W x H in inches and
// quantities for 6x12x6 and 6x24x6 bricks. The table was derived with the
// file's placeholder drawer cylinder (16in stroke, 43in extended), so the
// test builds with drawer_stroke 16in, drawer_retracted 27in.
var table15 = []struct {
	id         string
	w12, w24   float64
	h          float64
	qty        int
	thin       bool
	h24differs float64 // 0: same H for both bricks
}{
	{"d1", 13.0, 25.0, 22.0, 1, false, 0}, {"d2", 18.5, 18.5, 6.0, 2, false, 0}, {"d3", 13.0, 25.0, 5.5, 2, false, 0},
	{"d4", 7.0, 7.0, 5.5, 3, false, 0}, {"d5", 13.0, 25.0, 6.0, 1, false, 0}, {"d6", 13.0, 25.0, 6.0, 1, false, 0},
	{"d7", 3.0, 3.0, 4.0, 2, false, 0}, {"d8", 13.0, 25.0, 5.0, 1, false, 0}, {"d9", 3.5, 3.5, 3.5, 2, false, 0},
	{"d10", 18, 18, 3, 2, false, 0}, {"d11", 4.75, 4.75, 4.0, 2, false, 0}, {"d12", 13.0, 25.0, 5.0, 1, false, 0},
	{"f1", 22.19, 34.19, 6.0, 2, false, 0}, {"f2", 19.39, 31.39, 3.5, 4, false, 0}, {"f3", 22.19, 34.19, 3.5, 2, false, 0},
	{"f4", 29.69, 41.69, 11.0, 2, false, 0}, {"f5", 30.19, 42.19, 3.5, 2, false, 0}, {"f6", 22.19, 34.19, 8.0, 2, false, 0},
	{"f8", 49.04, 49.04, 6.0, 2, false, 0}, {"f9", 49.04, 49.04, 4.5, 4, false, 0}, {"f11", 1.25, 1.25, 6.0, 6, false, 0},
	{"f12", 22.19, 34.19, 13.0, 1, false, 0}, {"f14", 14.31, 26.31, 3.5, 2, false, 0},
	{"a1", 4, 4, 78, 2, false, 0}, {"a2", 6, 6, 78, 2, false, 0}, {"a3", 4, 4, 72, 2, false, 0},
	{"a4", 6, 6, 72, 1, false, 0}, {"a5", 6, 6, 72, 1, false, 0}, {"a6", 6, 6, 4, 1, false, 0},
	{"h1", 56, 56, 37, 1, true, 0}, {"h2", 56, 56, 34.04, 1, true, 0},
	{"h7", 29.19, 41.19, 16, 1, true, 0}, {"h8", 29.19, 41.19, 14.5, 1, true, 0},
}

func TestCutListMatchesResearch(t *testing.T) {
	for _, L := range []string{"12in", "24in"} {
		v := resolve(t, "", "brick_length", L, "drawer_stroke", "16in", "drawer_retracted", "27in")
		rows, err := CutList(v)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]Row{}
		for _, r := range rows {
			got[r.ID] = r
		}
		if len(rows) != len(table15) {
			t.Errorf("%s: %d plates, research lists %d", L, len(rows), len(table15))
		}
		for _, e := range table15 {
			r, ok := got[e.id]
			if !ok {
				t.Errorf("%s: no part %s", L, e.id)
				continue
			}
			w := e.w12
			if L == "24in" {
				w = e.w24
			}
			th := 0.5
			if e.thin {
				th = 0.125
			}
			if math.Abs(r.W/in-w) > 0.125 || math.Abs(r.H/in-e.h) > 0.125 || r.Qty != e.qty || math.Abs(r.Thickness/in-th) > 1e-9 {
				t.Errorf("%s %s: %.3f x %.3f x %.3f qty %d; research %.2f x %.2f x %.3f qty %d", L, e.id, r.W/in, r.H/in, r.Thickness/in, r.Qty, w, e.h, th, e.qty)
			}
		}
	}
}

func TestPlateProfiles(t *testing.T) {
	for _, p := range []string{"classic-6x12", "long-6x24", "140x290"} {
		v := resolve(t, p)
		m, _ := buildWith(t, v, testShop())
		rows, _ := CutList(v)
		for _, r := range rows {
			part := m.Part(r.ID)
			if err := part.Plate.Shape.Validate(); err != nil {
				t.Errorf("%s %s: %v", p, r.ID, err)
			}
			if len(part.Plate.Shape.Holes) == 0 && len(part.Plate.Shape.Outer.Segs) <= 4 {
				t.Errorf("%s %s: a bare rectangle", p, r.ID)
			}
			b := part.Plate.Shape.Bounds()
			tt := 12.7 * 1.5 // the thickest tab: one structure plate
			if b.Min.X < -tt-1e-6 || b.Min.Y < -tt-1e-6 || b.Max.X > r.W+tt+1e-6 || b.Max.Y > r.H+tt+1e-6 {
				t.Errorf("%s %s: outline %v exceeds base %.1f x %.1f by more than a plate", p, r.ID, b, r.W, r.H)
			}
		}
	}
}

func figure(m *model.Model, name string) model.Figure {
	for _, f := range m.Summary {
		if f.Name == name {
			return f
		}
	}
	return model.Figure{}
}

func TestPressForce(t *testing.T) {
	m, _ := buildWith(t, resolve(t, "classic-6x12"), testShop())
	kip := figure(m, "press_force").Value * 1000 * lbfPerN / 1000
	if math.Abs(kip-49.1)/49.1 > 0.005 {
		t.Errorf("press force %.2f kip, research 49.1", kip)
	}
	if psi := figure(m, "brick_pressure").Value * psiPerMPa; math.Abs(psi-682) > 1 {
		t.Errorf("brick pressure %.1f psi, research 682", psi)
	}
	if bph := figure(m, "bricks_per_hour").Value; bph < 200 || bph > 600 {
		t.Errorf("bricks/h %.0f, outside OSE's 4-10 bricks/min", bph)
	}
}

func hasIssue(r *params.Report, sev params.Severity, param string) bool {
	for _, i := range r.Issues {
		for _, p := range i.Params {
			if i.Severity == sev && p == param {
				return true
			}
		}
	}
	return false
}

func TestLowBrickPressureWarns(t *testing.T) {
	s := testShop()
	s.Hydraulics.PressureMPa = 2000 / psiPerMPa
	_, r := buildWith(t, resolve(t, "", "main_bore", "4in"), s)
	if !hasIssue(r, params.SeverityWarning, "main_bore") {
		t.Errorf("no brick-pressure warning: %v", r.Issues)
	}
	_, r = buildWith(t, resolve(t, ""), testShop())
	if hasIssue(r, params.SeverityWarning, "main_bore") {
		t.Errorf("warning at 682 psi: %v", r.Issues)
	}
}

func TestChecks(t *testing.T) {
	for _, c := range []struct {
		kv    []string
		param string
	}{
		{[]string{"drawer_stroke", "12in", "drawer_retracted", "31in"}, "drawer_stroke"},
		{[]string{"main_extended", "45in"}, "main_extended"},
		{[]string{"drawer_retracted", "25in"}, "drawer_extended"},
	} {
		r := (Design{}).Schema().RunChecks(resolve(t, "", c.kv...))
		if !hasIssue(r, params.SeverityError, c.param) {
			t.Errorf("%v: no error naming %s: %v", c.kv, c.param, r.Issues)
		}
	}
	if r := (Design{}).Schema().RunChecks(resolve(t, "", "tab_clearance", "1/16in", "structure_plate", "3/8in")); !hasIssue(r, params.SeverityWarning, "tab_clearance") {
		t.Errorf("loose tab clearance not reported: %v", r.Issues)
	}
}

func TestPlateLargerThanSheet(t *testing.T) {
	s := testShop()
	for i := range s.Sheets {
		s.Sheets[i].Sizes = []shop.SheetSize{{Width: 48 * in, Length: 60 * in}}
	}
	_, r := buildWith(t, resolve(t, ""), s)
	// a1/a2 are 78in long: sized by the drawer cylinder, brick width and shelf.
	for _, p := range []string{"output_shelf", "drawer_extended", "brick_width"} {
		if !hasIssue(r, params.SeverityError, p) {
			t.Errorf("no error naming %s: %v", p, r.Issues)
		}
	}
}

// Every bolt hole in every plate instance is matched by exactly one bolt:
// the fasteners are counted from the holes.
func TestFastenersFromHoles(t *testing.T) {
	m, _ := buildWith(t, resolve(t, ""), testShop())
	holes := 0
	for _, p := range m.Parts {
		if p.Plate == nil {
			continue
		}
		for _, h := range p.Plate.Shape.Holes {
			if _, r, ok := h.Circle(); ok && (math.Abs(2*r-25.4) < 1e-6 || math.Abs(2*r-hopperBolt) < 1e-6) {
				holes += p.Qty
			}
			if _, _, ok := h.Circle(); !ok && len(h.Segs) == 4 && h.Segs[0].Bulge+h.Segs[1].Bulge != 0 { // adjustment slots in the cross bars
				holes += p.Qty
			}
		}
	}
	a, _ := plates(derive(resolve(t, "")))
	want := 0
	for _, b := range a.bolts {
		want += b.holes
	}
	if holes != want {
		t.Errorf("%d bolt holes in the plates, bolts pass %d", holes, want)
	}
	bolts, nuts, washers := 0, 0, 0
	for _, p := range m.Parts {
		if p.Purchased == nil {
			continue
		}
		switch id := p.Purchased.Item; {
		case len(id) > 5 && id[:5] == "bolt-":
			bolts += p.Qty
		case len(id) > 4 && id[:4] == "nut-":
			nuts += p.Qty
		case len(id) > 7 && id[:7] == "washer-":
			washers += p.Qty
		}
	}
	if bolts != len(a.bolts) || nuts != bolts || washers != 2*bolts {
		t.Errorf("bolts %d nuts %d washers %d for %d bolts", bolts, nuts, washers, len(a.bolts))
	}
}

// Changing a parameter changes exactly the plates whose formulas use it.
func TestDependencies(t *testing.T) {
	all := []string{"d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "d10", "d11", "d12",
		"f1", "f2", "f3", "f4", "f5", "f6", "f8", "f9", "f11", "f12", "f14", "a1", "a2", "a3", "a4", "a5", "a6", "h1", "h2", "h7", "h8"}
	cases := []struct {
		param, value string
		changes      []string
	}{
		{"brick_length", "16in", []string{"d1", "d3", "d5", "d6", "d8", "d12", "f1", "f2", "f3", "f4", "f5", "f6", "f12", "f14", "h7", "h8"}},
		{"chamber_height", "7in", []string{"d2", "d3", "d4", "d6", "f8", "f9"}},
		{"output_shelf", "30in", []string{"a1", "a2", "h8"}},
		{"grate_angle", "20", []string{"h2"}},
	}
	base := map[string]string{}
	m0, _ := buildWith(t, resolve(t, ""), testShop())
	for _, id := range all {
		base[id] = shapeKey(m0.Part(id))
	}
	for _, c := range cases {
		m, _ := buildWith(t, resolve(t, "", c.param, c.value), testShop())
		want := map[string]bool{}
		for _, id := range c.changes {
			want[id] = true
		}
		for _, id := range all {
			if changed := shapeKey(m.Part(id)) != base[id]; changed != want[id] {
				t.Errorf("%s: part %s changed=%v, formulas say %v", c.param, id, changed, want[id])
			}
		}
	}
}

// shapeKey prints a plate's profile to 1/1000 mm, so that rounding noise
// in the formulas does not count as a change.
func shapeKey(p *model.Part) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%.3f", p.Plate.Thickness)
	for _, path := range p.Plate.Shape.Paths() {
		fmt.Fprintf(&b, "|%.3f,%.3f", path.Start.X, path.Start.Y)
		for _, s := range path.Segs {
			fmt.Fprintf(&b, " %.3f,%.3f,%.4f", s.End.X, s.End.Y, s.Bulge)
		}
	}
	return b.String()
}

// A bolt hole whose centre is closer to the edge than one hole diameter is
// reported, naming bolt_hole and the part; one far enough in is not.
func TestEdgeDistanceWarning(t *testing.T) {
	d := dims{boltHole: 25.4}
	near := &plate{id: "x1", w: 200, h: 100, bolts: []profile.Point{{X: 100, Y: 50}, {X: 20, Y: 50}}}
	r := &params.Report{}
	checkEdges(near, d, r)
	if len(r.Issues) != 1 || r.Issues[0].Params[0] != "bolt_hole" || !strings.Contains(r.Issues[0].Message, "part x1") {
		t.Errorf("hole 20 mm from the edge: %+v", r.Issues)
	}
	far := &plate{id: "x2", w: 200, h: 100, bolts: []profile.Point{{X: 100, Y: 50}, {X: 30, Y: 30}}}
	r = &params.Report{}
	checkEdges(far, d, r)
	if len(r.Issues) != 0 {
		t.Errorf("holes 30 mm from the edges: %+v", r.Issues)
	}
}
