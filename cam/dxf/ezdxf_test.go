package dxf_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/fabkit/fabkit/cam/dxf"
	"github.com/fabkit/fabkit/cam/dxf/dxftest"
	"github.com/fabkit/fabkit/geometry/profile"
)

// plate has every kind of entity the writer draws: a rounded outline, round
// holes to cut and to drill, a slot, a square cut-out and an etch line.
func plate() dxf.Part {
	p := func(x, y float64) profile.Point { return profile.Point{X: x, Y: y} }
	shape := profile.New(profile.RoundedRect(0, 0, 200, 150, 10),
		profile.Circle(100, 75, 40),
		profile.Circle(30, 30, 12.7),
		profile.Circle(170, 120, 2.5),
		profile.Slot(p(20, 120), p(60, 120), 14),
		profile.Rect(150, 60, 30, 20).Reverse(),
	)
	return dxf.Part{ID: "f4", Shape: shape, Drill: []int{2}, Etch: [][]profile.Point{{p(90, 140), p(110, 140)}}}
}

// drawings are a part and a two-part sheet in both flavours, with the
// entities each holds.
func drawings(t *testing.T) (map[string][]byte, map[string]map[string]int, map[string]dxf.Version) {
	files, want, versions := map[string][]byte{}, map[string]map[string]int{}, map[string]dxf.Version{}
	a, b := plate(), plate()
	a.Shape = a.Shape.Transform(0, profile.Point{X: 20, Y: 20})
	b.Shape = b.Shape.Transform(90, profile.Point{X: 420, Y: 20})
	for _, v := range []dxf.Version{dxf.R2000, dxf.R12} {
		var part, sheet bytes.Buffer
		if err := dxf.WritePart(&part, plate(), v); err != nil {
			t.Fatal(err)
		}
		if err := dxf.WriteSheet(&sheet, dxf.Sheet{ID: "n01", SizeX: 600, SizeY: 400, Parts: []dxf.Part{a, b}}, v); err != nil {
			t.Fatal(err)
		}
		pn, sn := fmt.Sprintf("part-%s", v), fmt.Sprintf("sheet-%s", v)
		files[pn], files[sn] = part.Bytes(), sheet.Bytes()
		want[pn] = dxftest.Counts(v, plate())
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
