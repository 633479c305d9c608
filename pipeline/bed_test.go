package pipeline_test

import (
	"context"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/cam/gcode/gcodetest"
	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/pipeline"
	"github.com/fabkit/fabkit/shop"
)

// checkTravel runs every torch program of a build through rs274 and checks
// that its motion stays inside the shop's table travel, and that its header
// says how to load the sheet.
func checkTravel(t *testing.T, res *pipeline.Result) {
	t.Helper()
	table := res.Request.Shop.TorchTable
	files := map[string][]byte{}
	for _, f := range res.Files {
		files[f.Path] = f.Data
	}
	if len(res.Manifest.Nests) == 0 {
		t.Fatal("no nested sheets")
	}
	for _, n := range res.Manifest.Nests {
		prog, ok := files[n.GCode]
		if !ok {
			t.Fatalf("%s: no program %q", n.ID, n.GCode)
		}
		moves, _ := gcodetest.Simulate(t, gcodetest.RS274(t, prog), true)
		e := gcodetest.Extents(moves)
		const eps = 1e-3
		if e.Min.X < -eps || e.Min.Y < -eps || e.Max.X > table.BedX+eps || e.Max.Y > table.BedY+eps {
			t.Errorf("%s: motion spans X %.1f..%.1f Y %.1f..%.1f mm, beyond the travel X %.1f Y %.1f mm",
				n.GCode, e.Min.X, e.Max.X, e.Min.Y, e.Max.Y, table.BedX, table.BedY)
		}
		if !strings.Contains(string(prog), "load the ") {
			t.Errorf("%s: the header does not say how the sheet lies on the table", n.GCode)
		}
	}
}

// TestTorchProgramsFitTheTravel: every torch program of every preset (the
// presets use both shipped shops) stays inside its shop's table travel.
func TestTorchProgramsFitTheTravel(t *testing.T) {
	for _, b := range everyPreset(t) {
		t.Run(b.name, func(t *testing.T) {
			if b.err != nil {
				t.Fatal(b.err)
			}
			if b.res.Request.Shop.HasTorchTable() && len(b.res.Manifest.Nests) > 0 {
				checkTravel(t, b.res)
			}
		})
	}
}

// TestBedDeclaredEitherWay builds the CEB press on a table whose 48 x 96in
// bed is declared Y-long (as the shipped shop does) and X-long: the sheets
// are laid to fit each, and every program fits its travel.
func TestBedDeclaredEitherWay(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CEB press twice")
	}
	d, err := designs.Get("ceb-press")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name         string
		bedX, bedY   float64
		sizeX, sizeY float64 // a 96 x 48in sheet on this bed, mm
	}{
		{"Y-long", 1219.2, 2438.4, 1219.2, 2438.4},
		{"X-long", 2438.4, 1219.2, 2438.4, 1219.2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := shop.Builtin("us-imperial")
			if err != nil {
				t.Fatal(err)
			}
			s.TorchTable.BedX, s.TorchTable.BedY = tc.bedX, tc.bedY
			res, err := pipeline.Run(context.Background(), pipeline.Request{Design: d, Preset: "classic-6x12", Shop: s, Only: []string{"gcode"}})
			if err != nil {
				t.Fatal(err)
			}
			checkTravel(t, res)
			full := 0
			for _, n := range res.Manifest.Nests {
				if n.SizeMM[0]*n.SizeMM[1] > 2.9e6 { // a full 48 x 96in sheet
					full++
					if n.SizeMM != [2]float64{tc.sizeX, tc.sizeY} {
						t.Errorf("%s: sheet %v mm on the table, want %v x %v", n.ID, n.SizeMM, tc.sizeX, tc.sizeY)
					}
				}
			}
			if full == 0 {
				t.Error("no full sheet nested")
			}
		})
	}
}
