package d3d_test

import (
	"context"
	"testing"
	"time"

	"github.com/fabkit/fabkit/build"
	"github.com/fabkit/fabkit/designs/d3d"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

// TestBuildRun drives the 12in preset, in both frame styles, through every
// stage with the us-imperial shop and checks that every part with geometry
// comes out as an STL, with the assembly.
func TestBuildRun(t *testing.T) {
	for _, style := range []string{"angle", "plate"} {
		t.Run(style, func(t *testing.T) {
			s, err := shop.Builtin("us-imperial")
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			res, err := build.Run(context.Background(), build.Request{Design: d3d.Design{}, Preset: "12in", Shop: s,
				Layers: [][]params.Override{{{Name: "frame_style", Value: style, Source: "test"}}}})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("built in %v, %d files, %d warnings", time.Since(start), len(res.Files), len(res.Warnings))
			files := map[string]int{}
			for _, f := range res.Files {
				files[f.Path] = len(f.Data)
			}
			want := []string{"stl/assembly.stl", "manifest.json"}
			for _, p := range res.Model.Parts {
				if p.Purchased == nil {
					want = append(want, "stl/"+p.ID+".stl")
				}
			}
			for _, w := range want {
				if files[w] == 0 {
					t.Errorf("no %s", w)
				}
			}
			for _, w := range res.Warnings {
				t.Logf("warning: %s", w)
			}
			if c := res.Manifest.Cost; c == nil || c.Total <= 0 || len(c.Unpriced) != 0 {
				t.Errorf("cost %+v", c)
			}
		})
	}
}
