package drawing

import (
	"bytes"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/bom/cutstock"
	"github.com/fabkit/fabkit/cam/nest"
	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/units"
)

// TestCountTexts: a sheet with one part says "1 part", a bar with one cut
// "1 cut"; a turned sheet (longer along Y) gives the used length along Y.
func TestCountTexts(t *testing.T) {
	info := sampleInfo(units.Metric)
	shape := profile.New(profile.Rect(0, 0, 300, 200))
	sheet := nest.Sheet{Size: nest.SheetSize{ID: "plate-1/2", SizeX: 1500, SizeY: 3000},
		Placements: []nest.Placement{{PartID: "f4", Instance: 1, X: 10, Y: 900}}, Utilization: 0.013, UsedX: 310}
	c, err := Nest(NestSheet{Sheet: sheet, Material: "a36", Thickness: 12.7, Index: 1, Count: 1, Shapes: map[string]profile.Profile{"f4": shape}}, info)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteSVG(&buf, c); err != nil {
		t.Fatal(err)
	}
	texts := strings.Join(svgTexts(t, &buf), "\n")
	if !strings.Contains(texts, "1 part, ") || strings.Contains(texts, "1 parts") {
		t.Errorf("nest note does not say 1 part:\n%s", texts)
	}
	if !strings.Contains(texts, "used length "+info.format(1100)) {
		t.Errorf("nest note does not give the used length along Y, %s:\n%s", info.format(1100), texts)
	}

	bar := CutBar{Bar: cutstock.UsedBar{Stock: cutstock.Bar{Length: 6000}, Cuts: []cutstock.Cut{{Label: "t1", Length: 1200, Position: 25}}, Offcut: 4700},
		Profile: "sq-2x2x1/8", Index: 1, Kerf: 3, Trim: 25, Keep: true}
	c, err = Cut(bar, 180, info)
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := WriteSVG(&buf, c); err != nil {
		t.Fatal(err)
	}
	texts = strings.Join(svgTexts(t, &buf), "\n")
	if !strings.Contains(texts, ", 1 cut") || strings.Contains(texts, "1 cuts") {
		t.Errorf("bar head does not say 1 cut:\n%s", texts)
	}
}
