package pipeline

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/assembly"
	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

// TestCEBPressKnownFindings checks every CEB press preset: no finding
// outside the known list, and every known finding still found (the list
// says exactly what is wrong, no more).
func TestCEBPressKnownFindings(t *testing.T) {
	d, err := designs.Get("ceb-press")
	if err != nil {
		t.Fatal(err)
	}
	known := knownFindings[d.Name()+"@"+d.Version()]
	seen := map[string]bool{}
	for _, pr := range append([]string{""}, d.Schema().PresetNames()...) {
		s, err := ShopFor(d, pr)
		if err != nil {
			t.Fatal(err)
		}
		v, err := d.Schema().Resolve(pr)
		if err != nil {
			t.Fatal(err)
		}
		m, err := d.Build(context.Background(), v, s, &params.Report{})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := assembly.Run(context.Background(), m, s, assembly.Options{Allow: known})
		if err != nil {
			t.Fatal(err)
		}
		if err := rep.Err(); err != nil {
			t.Errorf("preset %q: %v", pr, err)
		}
		for _, f := range rep.Findings {
			seen[f.Key] = true
		}
	}
	for _, k := range known {
		if !seen[k] {
			t.Errorf("known finding %s is no longer found: drop it from the list", k)
		}
	}
}

// twoPlates is a design of two 1/2in plates, the second lifted by lift mm.
type twoPlates struct{ lift float64 }

func (twoPlates) Name() string           { return "two-plates" }
func (twoPlates) Summary() string        { return "two stacked plates" }
func (twoPlates) Version() string        { return "1" }
func (twoPlates) Schema() *params.Schema { return &params.Schema{} }
func (d twoPlates) Build(ctx context.Context, v *params.Values, s *shop.Shop, r *params.Report) (*model.Model, error) {
	m := &model.Model{}
	for i, z := range []float64{0, d.lift} {
		m.Add(&model.Part{ID: []string{"p1", "p2"}[i], Name: "plate", Material: "a36", Process: model.PlateCut, Qty: 1,
			Placements: []model.Transform{model.At(0, 0, z)},
			Plate:      &model.Plate{Thickness: 12.7, Shape: profile.New(profile.Rect(0, 0, 100, 100))}})
	}
	return m, nil
}

// TestAssemblyStage: a good assembly passes with its counts in the
// manifest; plates sharing steel fail the build before any file is made,
// naming both; --no-assembly-check builds it and records the skip.
func TestAssemblyStage(t *testing.T) {
	res, err := Run(context.Background(), Request{Design: twoPlates{lift: 12.7}, Only: []string{"bom"}})
	if err != nil {
		t.Fatal(err)
	}
	a := res.Manifest.Assembly
	if a == nil || !a.Checked || a.Report == nil || a.Checks[0].Name != "interference" || a.Checks[0].Pairs != 0 || len(a.Findings) != 0 {
		t.Fatalf("assembly section %+v", a)
	}
	if !strings.Contains(string(res.Files[len(res.Files)-1].Data), `"assembly": {`) {
		t.Error("manifest.json has no assembly section")
	}

	res, err = Run(context.Background(), Request{Design: twoPlates{lift: 5}})
	var ae *assembly.Error
	if !errors.As(err, &ae) || res != nil || IsInputError(err) {
		t.Fatalf("overlapping plates: result %v, error %v", res, err)
	}
	if msg := err.Error(); !strings.Contains(msg, "p1#0 and p2#0 share material") || !strings.Contains(msg, "7.7 mm deep") {
		t.Errorf("error %q", msg)
	}

	res, err = Run(context.Background(), Request{Design: twoPlates{lift: 5}, NoAssemblyCheck: true, Only: []string{"bom"}})
	if err != nil {
		t.Fatal(err)
	}
	if a := res.Manifest.Assembly; a == nil || a.Checked || a.Report != nil {
		t.Errorf("--no-assembly-check: %+v", a)
	}
}

// TestCEBPressAssemblyPages: the packet's assembly pages, in the press's
// declared steps (drawer, frame, arms, hopper, final), show the machine
// growing step by step, the new parts highlighted and labelled, and an
// exploded view of every piece.
func TestCEBPressAssemblyPages(t *testing.T) {
	d, err := designs.Get("ceb-press")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Request{Design: d, Only: []string{"stl"}})
	if err != nil {
		t.Fatal(err)
	}
	steps, exploded := assemblySteps(&res.Products)
	if len(steps) != 5 || exploded == nil || steps[0].Title != "Assembly step 1 of 5: drawer" {
		t.Fatalf("%d steps, exploded %v", len(steps), exploded != nil)
	}
	prev := 0
	for _, s := range steps {
		n := len(s.View.Triangles)
		if n <= prev || len(s.Colors) != n || len(s.Labels) == 0 || len(s.Parts) == 0 {
			t.Errorf("%s: %d triangles after %d, %d colours, %d labels", s.Title, n, prev, len(s.Colors), len(s.Labels))
		}
		highlighted := 0
		for _, c := range s.Colors {
			if c == newColor {
				highlighted++
			}
		}
		if highlighted != n-prev {
			t.Errorf("%s: %d triangles highlighted, %d new", s.Title, highlighted, n-prev)
		}
		prev = n
	}
	pieces := 0
	for _, p := range res.Model.Parts {
		if res.Meshes.Parts[p.ID] != nil {
			pieces += len(p.Placements)
		}
	}
	if len(exploded.View.Triangles) != prev || len(exploded.Labels) != pieces {
		t.Errorf("exploded view: %d triangles (want %d), %d labels (want %d)", len(exploded.View.Triangles), prev, len(exploded.Labels), pieces)
	}
}
