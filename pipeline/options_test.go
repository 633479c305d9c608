package pipeline_test

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/pipeline"
)

// Issue 17: --tolerance 0, -1, NaN, Inf and 1e9 were accepted silently and
// 1e-6 ran for minutes. The option is refused before any stage runs, with
// a message naming it and its range.
func TestToleranceValidated(t *testing.T) {
	d, err := designs.Get("ceb-press")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"0", "-1", "NaN", "Inf", "1e9", "1e-6", "0.000001", "2in", "abc"} {
		stages := 0
		_, err := pipeline.Run(context.Background(), pipeline.Request{Design: d,
			Options:  []params.Override{{Name: "tolerance", Value: v, Source: "--tolerance"}},
			Progress: func(pipeline.Progress) { stages++ }})
		if err == nil || !pipeline.IsInputError(err) || !strings.Contains(err.Error(), "tolerance = "+v) ||
			!strings.Contains(err.Error(), "0.01mm..1mm") {
			t.Errorf("tolerance %s: %v, want an input error naming the option and its range", v, err)
		}
		if stages != 0 {
			t.Errorf("tolerance %s: %d stages ran before the refusal", v, stages)
		}
	}
	for _, v := range []float64{-1, 1e9, 1e-6} {
		if _, err := pipeline.Run(context.Background(), pipeline.Request{Design: d, Tolerance: v}); !pipeline.IsInputError(err) {
			t.Errorf("Request.Tolerance %v: %v, want an input error", v, err)
		}
	}
}

// The mesh tolerance changes meshes only, and is recorded; --only stl
// reports the same cost as a full build (issue 17: 4376.68 vs 4516.03).
func TestOptionsAffectOnlyWhatTheyName(t *testing.T) {
	d, err := designs.Get("ceb-press")
	if err != nil {
		t.Fatal(err)
	}
	run := func(only []string, tol string) *pipeline.Result {
		t.Helper()
		req := pipeline.Request{Design: d, Preset: "classic-6x12", Only: only}
		if tol != "" {
			req.Options = []params.Override{{Name: "tolerance", Value: tol, Source: "--tolerance"}}
		}
		res, err := pipeline.Run(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	base := run([]string{"gcode", "dxf", "bom"}, "")
	coarse := run([]string{"gcode", "dxf", "bom"}, "1mm")
	nests := func(r *pipeline.Result) string { b, _ := json.Marshal(r.Manifest.Nests); return string(b) }
	if nests(base) != nests(coarse) {
		t.Error("--tolerance 1mm changed the nests")
	}
	files := map[string][]byte{}
	for _, f := range base.Files {
		files[f.Path] = f.Data
	}
	for _, f := range coarse.Files {
		if (strings.HasPrefix(f.Path, "gcode/") || strings.HasPrefix(f.Path, "dxf/")) && !bytes.Equal(files[f.Path], f.Data) {
			t.Errorf("--tolerance 1mm changed %s", f.Path)
		}
	}
	if !reflect.DeepEqual(base.Manifest.Cost, coarse.Manifest.Cost) {
		t.Errorf("--tolerance 1mm changed the cost: %+v, want %+v", *coarse.Manifest.Cost, *base.Manifest.Cost)
	}
	opt := coarse.Manifest.Options
	if len(opt) != 1 || opt[0].Name != "tolerance" || opt[0].Value != 1.0 || opt[0].Given != "1mm" || opt[0].Source != "--tolerance" {
		t.Errorf("manifest options = %+v, want the tolerance 1mm given by --tolerance", opt)
	}
	if opt := base.Manifest.Options; len(opt) != 1 || opt[0].Value != 0.05 || opt[0].Source != "default" {
		t.Errorf("manifest options = %+v, want the default tolerance", opt)
	}
	stl := run([]string{"stl"}, "")
	if !reflect.DeepEqual(stl.Manifest.Cost, base.Manifest.Cost) {
		t.Errorf("--only stl: cost %+v, want %+v", *stl.Manifest.Cost, *base.Manifest.Cost)
	}
	for _, f := range stl.Files {
		if f.Path != "manifest.json" && !strings.HasPrefix(f.Path, "stl/") {
			t.Errorf("--only stl wrote %s", f.Path)
		}
	}
}
