package pipeline_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/cam/gcode/gcodetest"
	"github.com/fabkit/fabkit/cam/toolpath"
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
	travel := toolpath.BedOf(table).Travel()
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
		if e.Min.X < travel.Min.X-eps || e.Min.Y < travel.Min.Y-eps || e.Max.X > travel.Max.X+eps || e.Max.Y > travel.Max.Y+eps {
			t.Errorf("%s: motion spans X %.1f..%.1f Y %.1f..%.1f mm, beyond the travel X %.1f..%.1f Y %.1f..%.1f mm (origin %s)",
				n.GCode, e.Min.X, e.Max.X, e.Min.Y, e.Max.Y, travel.Min.X, travel.Max.X, travel.Min.Y, travel.Max.Y, table.Origin)
		}
		// The header says how the sheet lies, which way round and where X0 Y0 is.
		long := "X"
		if n.SizeMM[1] > n.SizeMM[0] {
			long = "Y"
		}
		for _, want := range []string{
			"load the sheet with its long side along the table's " + long,
			fmt.Sprintf("X0 Y0: the table's %s corner, with the sheet's %s corner", table.Origin, table.Origin),
		} {
			if n.SizeMM[0] != n.SizeMM[1] && !strings.Contains(string(prog), want) {
				t.Errorf("%s: the header does not say %q", n.GCode, want)
			}
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
// bed is declared Y-long (as the shipped shop does) and X-long, from the
// lower-left origin and from another corner: the sheets are laid to fit
// each, and every program, run through rs274, fits its travel.
func TestBedDeclaredEitherWay(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CEB press four times")
	}
	d, err := designs.Get("ceb-press")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name         string
		bedX, bedY   float64
		origin       shop.Corner
		sizeX, sizeY float64 // a 96 x 48in sheet on this bed, mm
	}{
		{"Y-long", 1219.2, 2438.4, shop.LowerLeft, 1219.2, 2438.4},
		{"X-long", 2438.4, 1219.2, shop.LowerLeft, 2438.4, 1219.2},
		{"Y-long from the upper-right", 1219.2, 2438.4, shop.UpperRight, 1219.2, 2438.4},
		{"X-long from the upper-left", 2438.4, 1219.2, shop.UpperLeft, 2438.4, 1219.2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := shop.Builtin("us-imperial")
			if err != nil {
				t.Fatal(err)
			}
			s.TorchTable.BedX, s.TorchTable.BedY, s.TorchTable.Origin = tc.bedX, tc.bedY, tc.origin
			res, err := pipeline.Run(context.Background(), pipeline.Request{Design: d, Preset: "classic-6x12", Shop: s, Only: []string{"gcode"}})
			if err != nil {
				t.Fatal(err)
			}
			checkTravel(t, res)
			if tc.origin != shop.LowerLeft {
				// Moved back to the sheet, every cut is still its part's
				// outline offset by kerf/2, holes before outlines.
				files := map[string][]byte{}
				for _, f := range res.Files {
					files[f.Path] = f.Data
				}
				for _, ns := range res.NestedSheets() {
					gcodetest.CheckCutProgram(t, files["gcode/"+ns.ID+".ngc"], ns.Plan, ns.Parts)
				}
			}
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
