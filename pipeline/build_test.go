package pipeline

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"github.com/fabkit/fabkit/manifest"
	"math"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/outputs/stl"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
	"github.com/fabkit/fabkit/units"
)

// bracket is a tiny design that exercises every stage: a plate with
// holes, a bar with a hole, and purchased bolts.
type bracket struct{}

func (bracket) Name() string    { return "bracket" }
func (bracket) Summary() string { return "a test bracket" }
func (bracket) Version() string { return "1" }
func (bracket) Schema() *params.Schema {
	s := &params.Schema{}
	s.Length("width", "Size", units.Inch, "6in", "2in", "40in", "Plate width.")
	s.Length("arm", "Size", units.Inch, "12in", "4in", "100in", "Arm length.")
	return s
}
func (bracket) Build(ctx context.Context, v *params.Values, s *shop.Shop, r *params.Report) (*model.Model, error) {
	w := v.Length("width")
	plate := &model.Part{ID: "p1", Name: "base", Material: "a36", Process: model.PlateCut, Qty: 2,
		Plate: &model.Plate{Thickness: 12.7, Shape: profile.New(profile.Rect(0, 0, w, 100),
			profile.Circle(25, 50, 12.7), profile.Circle(w-25, 50, 12.7))},
		Placements: []model.Transform{model.Identity(), model.At(0, 0, 200)}}
	arm := &model.Part{ID: "b1", Name: "arm", Material: "a36", Process: model.Saw, Qty: 1,
		Bar:        &model.Bar{Profile: "sq-2x2x1/4", Length: v.Length("arm"), Holes: []model.Hole{{At: 50, Face: "top", Diameter: 13, Through: true}}},
		Placements: []model.Transform{model.At(0, 50, 12.7+25.4)}} // resting on the lower plate
	bolts := &model.Part{ID: "bolt", Name: "bolt", Process: model.Buy, Qty: 4, Purchased: &model.Purchased{Item: "bolt-1x3"}}
	cyl := &model.Part{ID: "cyl", Name: "cylinder", Process: model.Buy, Qty: 1,
		Purchased:  &model.Purchased{Item: "cyl-5x16", Body: &model.Body{Diameter: 150, Length: 700}},
		Placements: []model.Transform{model.Identity().RotateY(-90).Move(0, 0, 400)}} // upright, z 400..1100
	m := (&model.Model{}).Add(plate, arm, bolts, cyl)
	// Mounting holes, for whatever the bracket is bolted to.
	m.Assembly.Open = []model.OpenHole{{Part: "p1", Hole: 0, Reason: "mounting"}, {Part: "p1", Hole: 1, Reason: "mounting"}, {Part: "b1", Hole: 0, Reason: "mounting"}}
	return m, nil
}

func runBracket(t *testing.T, workers int, defs ...params.Override) *Result {
	t.Helper()
	res, err := Run(context.Background(), Request{Design: bracket{}, Shop: shop.Default(), Workers: workers, Layers: [][]params.Override{defs}})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestBuildManifest(t *testing.T) {
	res := runBracket(t, 0)
	var m manifest.Manifest
	var raw []byte
	for _, f := range res.Files {
		if f.Path == "manifest.json" {
			raw = f.Data
		}
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	parts := map[string]manifest.Part{}
	for _, p := range m.Parts {
		parts[p.ID] = p
	}
	// Plate volume against the analytic value: (w*100 - 2 holes) * t.
	w := 6 * 25.4
	wantVol := (w*100 - 2*math.Pi*12.7*12.7) * 12.7
	if got := parts["p1"].VolumeMM3; math.Abs(got-wantVol) > 1e-4*wantVol {
		t.Errorf("plate volume %v, want %v", got, wantVol)
	}
	if bb := parts["p1"].BBoxMM; math.Abs(bb[0]-w) > 1e-3 || math.Abs(bb[1]-100) > 1e-3 || math.Abs(bb[2]-12.7) > 1e-3 {
		t.Errorf("plate bbox %v", bb)
	}
	if math.Abs(parts["p1"].MassKg-wantVol*1e-9*7850) > 0.01 {
		t.Errorf("plate mass %v", parts["p1"].MassKg)
	}
	if parts["b1"].BBoxMM[0] < 304 || parts["b1"].Files[0] != "stl/b1.stl" {
		t.Errorf("bar report %+v", parts["b1"])
	}
	if m.Cost == nil || m.Cost.Hardware <= 0 || m.Cost.Total < m.Cost.Hardware {
		t.Errorf("cost %+v", m.Cost)
	}
	// Every file listed with its real hash, manifest itself excepted.
	listed := map[string]manifest.File{}
	for _, f := range m.Files {
		listed[f.Path] = f
	}
	for _, f := range res.Files {
		if f.Path == "manifest.json" {
			continue
		}
		sum := sha256.Sum256(f.Data)
		if e, ok := listed[f.Path]; !ok || e.SHA256 != hex.EncodeToString(sum[:]) || e.Bytes != len(f.Data) {
			t.Errorf("file %s: manifest entry %+v", f.Path, e)
		}
	}
	if len(m.Nests) != 1 || len(m.Nests[0].Placements) != 2 || m.Nests[0].GCode != "gcode/n01.ngc" || m.Nests[0].Pierces != 6 || m.Nests[0].TimeS <= 0 {
		t.Errorf("nests %+v", m.Nests)
	}
	for _, want := range []string{"gcode/n01.ngc", "dxf/n01.dxf", "dxf/p1.dxf", "gcode/bar-holes.txt", "stl/p1.stl", "stl/b1.stl", "stl/assembly.stl", "stl/assembly.3mf", "bom/bom.xlsx", "bom/parts.csv"} {
		if _, ok := listed[want]; !ok {
			t.Errorf("missing %s", want)
		}
	}
}

// A bought item with a body shows in the assembly where it is placed, and
// gets no file of its own.
func TestPurchasedBodyInAssembly(t *testing.T) {
	res := runBracket(t, 0)
	for _, f := range res.Files {
		if f.Path == "stl/cyl.stl" {
			t.Error("a bought item got an STL of its own")
		}
		if f.Path != "stl/assembly.stl" {
			continue
		}
		m, err := stl.Read(bytes.NewReader(f.Data))
		if err != nil {
			t.Fatal(err)
		}
		b := m.BBox()
		if math.Abs(b.Max.Z-1100) > 0.01 || b.Min.X > -74.9 {
			t.Errorf("assembly bbox %+v: want the upright cylinder up to z=1100 and out to x=-75", b)
		}
		return
	}
	t.Fatal("no stl/assembly.stl")
}

func TestBuildDeterministic(t *testing.T) {
	a, b := runBracket(t, 1), runBracket(t, 4)
	if len(a.Files) != len(b.Files) {
		t.Fatalf("%d files vs %d", len(a.Files), len(b.Files))
	}
	bf := map[string][]byte{}
	for _, f := range b.Files {
		bf[f.Path] = f.Data
	}
	for _, f := range a.Files {
		if string(bf[f.Path]) != string(f.Data) {
			t.Errorf("%s differs between 1 and 4 workers", f.Path)
		}
	}
}

func TestBuildInputErrors(t *testing.T) {
	for _, defs := range [][]params.Override{
		{{Name: "width", Value: "99ft", Source: "-D"}},
		{{Name: "widht", Value: "6in", Source: "-D"}},
	} {
		_, err := Run(context.Background(), Request{Design: bracket{}, Layers: [][]params.Override{defs}})
		if !IsInputError(err) {
			t.Errorf("%v: got %v, want an input error", defs, err)
		}
	}
	_, err := Run(context.Background(), Request{Design: bracket{}, Only: []string{"pdf2"}})
	if !IsInputError(err) {
		t.Errorf("bad --only: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, Request{Design: bracket{}}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled build: %v", err)
	}
}

func TestOnlyLimitsOutputs(t *testing.T) {
	res, err := Run(context.Background(), Request{Design: bracket{}, Only: []string{"stl"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Files {
		if f.Kind != "stl" && f.Kind != "3mf" && f.Path != "manifest.json" {
			t.Errorf("--only stl wrote %s", f.Path)
		}
	}
}

// TestVerifyCatchesInconsistentOutputs tampers with a finished build and
// checks that the cross-output checks name the part that went wrong.
func TestVerifyCatchesInconsistentOutputs(t *testing.T) {
	tamper := []struct {
		name string
		edit func(r *Result)
		want string
	}{
		{"outline missing from the G-code", func(r *Result) {
			for i, f := range r.Files {
				if f.Path == "gcode/n01.ngc" {
					r.Files[i].Data = bytes.Replace(f.Data, []byte("part p1 #2: outline"), []byte("part p1 #2: gone"), 1)
				}
			}
		}, "part p1 #2 is cut 0 times"},
		{"instance placed twice", func(r *Result) {
			pl := &r.Nesting.Sheets[0].Sheet.Placements
			*pl = append(*pl, (*pl)[0])
		}, "placed 2 times"},
		{"bar missing from the cut list", func(r *Result) {
			cl := r.BOM.CutLists[0].Plan
			cl.Bars[0].Cuts = cl.Bars[0].Cuts[:0]
		}, "part b1 is cut 0 times in the cut list"},
		{"manifest total differs from the XLSX", func(r *Result) {
			r.BOM.Cost.Total += 10
		}, "bom.xlsx total"},
	}
	for _, c := range tamper {
		r := runBracket(t, 0)
		if err := verify(context.Background(), r); err != nil {
			t.Fatalf("untouched build: %v", err)
		}
		c.edit(r)
		if err := verify(context.Background(), r); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: verify = %v, want %q", c.name, err, c.want)
		}
	}
}
