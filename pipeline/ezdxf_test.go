package pipeline_test

import (
	"context"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/cam/dxf"
	"github.com/fabkit/fabkit/cam/dxf/dxftest"
	"github.com/fabkit/fabkit/cam/toolpath"
	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/pipeline"
)

// dxfBuild is one build's DXF files with the entities each must hold,
// derived from the model: a part's outline, its holes (drilled ones on
// DRILL by the drill rule, in the part's own frame) and, on a sheet, every
// placed part plus the sheet outline.
type dxfBuild struct {
	files map[string][]byte
	want  map[string]map[string]int
}

func buildDXF(t *testing.T, d model.Design, preset string, v dxf.Version) dxfBuild {
	t.Helper()
	res, err := pipeline.Run(context.Background(), pipeline.Request{Design: d, Preset: preset, Only: []string{"dxf"}, DXF: v})
	if err != nil {
		t.Fatal(err)
	}
	ratio := res.Request.Shop.TorchTable.MinHoleRatio
	parts := map[string]dxf.Part{}
	for _, p := range res.Model.Parts {
		if p.Plate == nil {
			continue
		}
		parts[p.ID] = dxf.Part{ID: p.ID, Shape: p.Plate.Shape, Drill: toolpath.DrilledHoles(p.Plate.Shape, p.Plate.Thickness, ratio)}
	}
	b := dxfBuild{files: map[string][]byte{}, want: map[string]map[string]int{}}
	for _, f := range res.Files {
		if f.Kind == "dxf" {
			b.files[f.Path] = f.Data
		}
	}
	for _, p := range res.Manifest.Parts {
		for _, f := range p.Files {
			if strings.HasSuffix(f, ".dxf") {
				b.want[f] = dxftest.Counts(v, parts[p.ID])
			}
		}
	}
	poly := map[dxf.Version]string{dxf.R2000: "LWPOLYLINE", dxf.R12: "POLYLINE"}[v]
	for _, n := range res.Manifest.Nests {
		var placed []dxf.Part
		for _, pl := range n.Placements {
			placed = append(placed, parts[pl.Part])
		}
		w := dxftest.Counts(v, placed...)
		w[poly+"@"+dxf.LayerSheet] = 1
		b.want[n.DXF] = w
	}
	if len(b.files) == 0 || len(b.files) != len(b.want) {
		t.Fatalf("%d DXF files, %d named in the manifest", len(b.files), len(b.want))
	}
	return b
}

// TestEveryDXFReadsInEzdxfAndLibreCAD builds every preset of every design
// in both flavours and has ezdxf read every part and sheet DXF (readfile,
// then an audit that finds nothing to fix, the layers, exactly the
// entities the model holds) and LibreCAD draw each in its layers' colours.
func TestEveryDXFReadsInEzdxfAndLibreCAD(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every preset twice")
	}
	for _, d := range designs.All() {
		for _, preset := range d.Schema().PresetNames() {
			for _, v := range []dxf.Version{dxf.R2000, dxf.R12} {
				t.Run(d.Name()+"/"+preset+"/"+v.String(), func(t *testing.T) {
					b := buildDXF(t, d, preset, v)
					for name, r := range dxftest.Ezdxf(t, b.files) {
						for _, bad := range dxftest.Check(r, v, b.want[name]) {
							t.Errorf("ezdxf: %s: %s", name, bad)
						}
					}
					for name, c := range dxftest.LibreCAD(t, b.files) {
						for _, l := range []string{dxf.LayerOuter, dxf.LayerInner, dxf.LayerDrill} {
							has := false
							for k, n := range b.want[name] {
								has = has || strings.HasSuffix(k, "@"+l) && n > 0
							}
							if has && c[l] == 0 {
								t.Errorf("librecad: %s: nothing drawn in the colour of layer %s (%v)", name, l, c)
							}
						}
					}
				})
			}
		}
	}
}
