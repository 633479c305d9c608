package dxf_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/fabkit/fabkit/cam/dxf"
	"github.com/fabkit/fabkit/cam/dxf/dxftest"
	"github.com/fabkit/fabkit/geometry/profile"
)

// drawings are a part and a two-part sheet in both flavours, with the
// entities each holds.
func drawings(t *testing.T) (map[string][]byte, map[string]map[string]int, map[string]dxf.Version) {
	files, want, versions := map[string][]byte{}, map[string]map[string]int{}, map[string]dxf.Version{}
	a, b := dxf.SamplePart(), dxf.SamplePart()
	a.Shape = a.Shape.Transform(0, profile.Point{X: 20, Y: 20})
	b.Shape = b.Shape.Transform(90, profile.Point{X: 420, Y: 20})
	for _, v := range []dxf.Version{dxf.R2000, dxf.R12} {
		var part, sheet bytes.Buffer
		if err := dxf.WritePart(&part, dxf.SamplePart(), v); err != nil {
			t.Fatal(err)
		}
		if err := dxf.WriteSheet(&sheet, dxf.Sheet{ID: "n01", SizeX: 600, SizeY: 400, Parts: []dxf.Part{a, b}}, v); err != nil {
			t.Fatal(err)
		}
		pn, sn := fmt.Sprintf("part-%s", v), fmt.Sprintf("sheet-%s", v)
		files[pn], files[sn] = part.Bytes(), sheet.Bytes()
		want[pn] = dxftest.Counts(v, dxf.SamplePart())
		want[sn] = dxftest.Counts(v, a, b)
		poly := map[dxf.Version]string{dxf.R2000: "LWPOLYLINE", dxf.R12: "POLYLINE"}[v]
		want[sn][poly+"@"+dxf.LayerSheet] = 1
		versions[pn], versions[sn] = v, v
	}
	return files, want, versions
}

// TestEzdxfReadsEveryFlavour: ezdxf reads a part and a sheet in R2000 and
// R12 with readfile, its audit finds nothing to fix, and it sees the
// layers and exactly the entities written.
func TestEzdxfReadsEveryFlavour(t *testing.T) {
	files, want, versions := drawings(t)
	reports := dxftest.Ezdxf(t, files)
	for name, r := range reports {
		for _, bad := range dxftest.Check(r, versions[name], want[name]) {
			t.Errorf("%s: %s", name, bad)
		}
	}
}

// TestLibreCADDrawsEveryLayer: LibreCAD's dxf2pdf draws each layer of a
// part and a sheet, R2000 and R12, in the layer's colour.
func TestLibreCADDrawsEveryLayer(t *testing.T) {
	files, _, _ := drawings(t)
	for name, c := range dxftest.LibreCAD(t, files) {
		for _, l := range []string{dxf.LayerOuter, dxf.LayerInner, dxf.LayerDrill, dxf.LayerEtch} {
			if c[l] == 0 {
				t.Errorf("%s: nothing drawn in the colour of layer %s (%v)", name, l, c)
			}
		}
	}
}
