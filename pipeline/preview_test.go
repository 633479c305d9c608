package pipeline_test

import (
	"context"
	"fmt"
	"path"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/manifest"
	"github.com/fabkit/fabkit/pipeline"
)

// TestPreviewBuild: a preview build of the CEB press writes each part's
// drawing (and the view of the printed part, which has no other) and the
// STL, nothing a shop cuts from; without the nest the plate sheets are
// counted by area, marked estimated; its manifest says it is a preview. A
// coarse preview marches the printed part at the preview's cell and
// refuses STL; a preview refuses G-code.
func TestPreviewBuild(t *testing.T) {
	d, err := designs.Get("ceb-press")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	res, err := pipeline.Run(ctx, pipeline.Request{Design: d, Preview: &pipeline.Preview{}, NoAssemblyCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	drawings := map[string]bool{}
	for _, f := range res.Files {
		switch {
		case strings.HasPrefix(f.Path, "stl/"), f.Path == "manifest.json":
		case strings.HasPrefix(f.Path, "sheets/") && f.Part != "" && (f.Kind == "svg" || f.Kind == "png"):
			drawings[f.Part] = true
		default:
			t.Errorf("a preview wrote %s", f.Path)
		}
	}
	printed := ""
	for _, p := range res.Model.Parts {
		if p.Solid != nil {
			printed = p.ID
		}
		if (p.Plate != nil || p.Bar != nil || p.Solid != nil) && !drawings[p.ID] {
			t.Errorf("part %s has no drawing", p.ID)
		}
	}
	m := res.Manifest
	if len(m.Nests) != 0 || res.Nesting != nil {
		t.Errorf("a preview without the nest nested %d sheets", len(m.Nests))
	}
	estimated := false
	for _, s := range m.Stock {
		estimated = estimated || (s.Kind == "sheet" && s.Estimate)
	}
	if !estimated {
		t.Errorf("no plate stock counted by area: %+v", m.Stock)
	}
	if got := optionValues(m.Options); got["preview"] != "true" || got["preview_coarse"] != "false" || got["preview_nest"] != "false" {
		t.Errorf("the manifest's options %v do not say it is a preview", got)
	}
	full, err := pipeline.Run(ctx, pipeline.Request{Design: d, Only: []string{"stl"}, NoAssemblyCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := optionValues(full.Manifest.Options)["preview"]; ok {
		t.Error("a full build's manifest lists the preview options")
	}
	if printed != "" && res.Meshes.Parts[printed].NumTriangles() != full.Meshes.Parts[printed].NumTriangles() {
		t.Errorf("a preview at full quality meshed %s differently", printed)
	}

	coarse, err := pipeline.Run(ctx, pipeline.Request{Design: d, Preview: &pipeline.Preview{Coarse: true, Nest: true}, NoAssemblyCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range coarse.Files {
		if path.Ext(f.Path) == ".stl" || path.Ext(f.Path) == ".3mf" {
			t.Errorf("a coarse preview wrote %s", f.Path)
		}
	}
	if len(coarse.Manifest.Nests) == 0 {
		t.Error("a preview with the nest nested nothing")
	}
	if printed != "" && coarse.Meshes.Parts[printed].NumTriangles() >= full.Meshes.Parts[printed].NumTriangles() {
		t.Errorf("the coarse %s has %d triangles, the full one %d", printed, coarse.Meshes.Parts[printed].NumTriangles(), full.Meshes.Parts[printed].NumTriangles())
	}
	for _, c := range []struct {
		p    pipeline.Preview
		only string
	}{{pipeline.Preview{Coarse: true}, "stl"}, {pipeline.Preview{}, "gcode"}, {pipeline.Preview{}, "bom"}} {
		if _, err := pipeline.Run(ctx, pipeline.Request{Design: d, Preview: &c.p, Only: []string{c.only}}); !pipeline.IsInputError(err) {
			t.Errorf("preview %+v --only %s: %v, want an input error", c.p, c.only, err)
		}
	}
}

func optionValues(opts []manifest.Parameter) map[string]string {
	out := map[string]string{}
	for _, o := range opts {
		out[o.Name] = fmt.Sprint(o.Value)
	}
	return out
}
