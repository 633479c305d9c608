package pipeline

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

// flatStrap is a design of one bar part cut from flat stock (2 x 1/4 in
// flat bar) with a bolt hole through its face.
type flatStrap struct{}

func (flatStrap) Name() string           { return "strap" }
func (flatStrap) Summary() string        { return "a flat-bar strap" }
func (flatStrap) Version() string        { return "1" }
func (flatStrap) Schema() *params.Schema { return &params.Schema{} }
func (flatStrap) Build(ctx context.Context, v *params.Values, s *shop.Shop, r *params.Report) (*model.Model, error) {
	strap := &model.Part{ID: "s1", Name: "strap", Material: "a36", Process: model.Saw, Qty: 2,
		Bar:        &model.Bar{Profile: "flat-2x1/4", Length: 300, Holes: []model.Hole{{At: 150, Face: "top", Diameter: 13, Through: true}}},
		Placements: []model.Transform{model.Identity(), model.At(0, 100, 0)}}
	m := (&model.Model{}).Add(strap)
	m.Assembly.Open = []model.OpenHole{{Part: "s1", Hole: 0, Reason: "mounting"}} // the strap bolts to whatever it holds
	return m, nil
}

// A bar part made from flat stock meshes (its section is width x the
// flat's thickness), is drawn, drilled through its thickness and costed.
func TestFlatStockBarPart(t *testing.T) {
	res, err := Run(context.Background(), Request{Design: flatStrap{}, Shop: shop.Default()})
	if err != nil {
		t.Fatal(err)
	}
	const w, th, l, d = 50.8, 6.35, 300.0, 13.0
	p := res.Manifest.Parts[0]
	// The hole's facets are chords of the circle, so the mesh removes a
	// little less than the circle: allow the chord error of 0.05 mm.
	full, hole := w*th*l, math.Pi*d*d/4*th
	if p.VolumeMM3 < full-hole-1 || p.VolumeMM3 > full-math.Pi*(d/2-0.05)*(d/2-0.05)*th+1 {
		t.Errorf("volume %.1f mm³, want %.1f (a %.1f mm³ bar less a %.1f mm³ hole)", p.VolumeMM3, full-hole, full, hole)
	}
	if want := [3]float64{l, w, th}; p.BBoxMM != want {
		t.Errorf("bbox %v, want %v", p.BBoxMM, want)
	}
	if !slices.Contains(p.Files, "sheets/s1.svg") || !slices.Contains(p.Files, "stl/s1.stl") {
		t.Errorf("part files %v, want its drawing and STL", p.Files)
	}
	var drill []byte
	for _, f := range res.Files {
		if f.Path == "gcode/s1-drill-top.ngc" {
			drill = f.Data
		}
	}
	// Drilled through the flat's thickness (1/4 in, the program is in
	// inches) plus the drill's breakthrough, not through its 2 in width.
	z := math.NaN()
	for _, line := range strings.Split(string(drill), "\n") {
		if strings.HasPrefix(line, "G99 G81") {
			for _, word := range strings.Fields(line) {
				if strings.HasPrefix(word, "Z") {
					z, _ = strconv.ParseFloat(word[1:], 64)
				}
			}
		}
	}
	if !(z <= -0.25 && z > -0.5) {
		t.Errorf("drill depth Z%v, want through 1/4 in:\n%s", z, drill)
	}
	var line bool
	for _, s := range res.Manifest.Stock {
		if s.ID == "flat-2x1/4" && s.Kind == "bar" && s.Qty == 1 && s.Price > 0 {
			line = true
		}
	}
	if !line || res.Manifest.Cost.Material <= 0 {
		t.Errorf("stock %+v, cost %+v: want one 20 ft flat bar bought", res.Manifest.Stock, res.Manifest.Cost)
	}
}
