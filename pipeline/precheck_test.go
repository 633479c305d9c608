package pipeline_test

import (
	"context"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/pipeline"
	"github.com/fabkit/fabkit/shop"
	"github.com/fabkit/fabkit/units"
)

// precheckDesign is a plate of a thickness tied to the shop's sheets, as
// wide as asked, and one purchased item by id.
type precheckDesign struct{}

func (precheckDesign) Name() string    { return "precheck" }
func (precheckDesign) Summary() string { return "a plate and an item" }
func (precheckDesign) Version() string { return "1" }
func (precheckDesign) Schema() *params.Schema {
	s := &params.Schema{}
	s.Length("plate", "Plate", units.Inch, "1/2in", "1/8in", "1in", "Plate thickness.").SoldAs(params.SheetThickness, "a36")
	s.Length("width", "Plate", units.Inch, "10in", "1in", "400in", "Plate width.")
	s.Choice("item", "Item", "cyl-5x16", []string{"cyl-5x16", "no-such-item"}, "A purchased item.")
	s.Bool("optional", "Item", false, "Whether the item is optional.")
	return s
}
func (precheckDesign) Build(_ context.Context, v *params.Values, _ *shop.Shop, _ *params.Report) (*model.Model, error) {
	w := v.Length("width")
	m := &model.Model{}
	m.Add(&model.Part{ID: "p1", Name: "plate", Material: "a36", Process: model.PlateCut, Qty: 1,
		Plate:      &model.Plate{Thickness: v.Length("plate"), Shape: profile.New(profile.Rect(0, 0, w, 100))},
		Placements: []model.Transform{model.Identity()}})
	m.Add(&model.Part{ID: "b1", Name: "item", Process: model.Buy, Qty: 1,
		Purchased:  &model.Purchased{Item: v.Choice("item"), Optional: v.Bool("optional")},
		Placements: []model.Transform{model.Identity()}})
	return m, nil
}

// Issue 17: checks that came late or softly. Each is refused before any
// stage runs (an input error: exit 2), with a message that names the
// parameter or part and what would work.
func TestPrechecks(t *testing.T) {
	mach3 := shop.Default().Clone()
	mach3.TorchTable.Dialect = "mach3"
	cases := []struct {
		name string
		shop *shop.Shop
		set  map[string]string
		want []string // in the message; nil: builds
	}{
		{"defaults", nil, nil, nil},
		{"12mm plate", nil, map[string]string{"plate": "12mm"},
			[]string{"plate = 12mm", "sells no a36 plate 12mm thick", "1/2in (12.7mm)"}},
		{"5/8 plate", nil, map[string]string{"plate": "5/8in"}, []string{"plate = 5/8in", "nearest first, 1/2in (12.7mm), 3/4in (19.05mm)"}},
		{"unknown dialect", mach3, nil, []string{`dialect = "mach3"`, "linuxcnc"}},
		{"part larger than every sheet", nil, map[string]string{"width": "300in"}, []string{"part p1", "larger than every"}},
		{"unknown item", nil, map[string]string{"item": "no-such-item"}, []string{"part b1", `"no-such-item" is not in shop`}},
		{"optional unknown item", nil, map[string]string{"item": "no-such-item", "optional": "true"}, nil},
	}
	for _, c := range cases {
		var layer []params.Override
		for k, v := range c.set {
			layer = append(layer, params.Override{Name: k, Value: v, Source: "-D"})
		}
		stages := []string{}
		res, err := pipeline.Run(context.Background(), pipeline.Request{Design: precheckDesign{}, Shop: c.shop,
			Only: []string{"bom"}, Layers: [][]params.Override{layer}, Progress: func(p pipeline.Progress) {
				if len(stages) == 0 || stages[len(stages)-1] != p.Stage {
					stages = append(stages, p.Stage)
				}
			}})
		if c.want == nil {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			} else if c.set["optional"] == "true" && len(res.Manifest.Cost.Unpriced) != 1 {
				t.Errorf("%s: unpriced = %v, want the optional item", c.name, res.Manifest.Cost.Unpriced)
			}
			continue
		}
		if err == nil || !pipeline.IsInputError(err) {
			t.Errorf("%s: %v, want an input error", c.name, err)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q lacks %q", c.name, err, w)
			}
		}
		if len(stages) > 1 || len(stages) == 1 && stages[0] != "design" {
			t.Errorf("%s: stages %v ran before the refusal", c.name, stages)
		}
	}
}

// The schema says which ranges depend on the shop.
func TestSoldAsInSchema(t *testing.T) {
	p := precheckDesign{}.Schema().Param("plate")
	if got := p.ShopRangeText(); got != "1/8in..1in, and one of the a36 plate thicknesses the shop sells" {
		t.Errorf("ShopRangeText = %q", got)
	}
	j := precheckDesign{}.Schema().JSON("precheck", "", "")
	if j.Params[0].SoldAs != "the a36 plate thicknesses the shop sells" || j.Params[1].SoldAs != "" {
		t.Errorf("sold_as = %q, %q", j.Params[0].SoldAs, j.Params[1].SoldAs)
	}
}
