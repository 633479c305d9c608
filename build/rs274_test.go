package build_test

import (
	"context"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/build"
	"github.com/fabkit/fabkit/cam/gcode"
	"github.com/fabkit/fabkit/cam/gcode/gcodetest"
	"github.com/fabkit/fabkit/designs"
)

// TestCEBPressProgramsRunInRS274 runs every G-code program of the CEB press
// through LinuxCNC's interpreter. For the torch programs it rebuilds the
// cut path and checks, part by part, that it is the outline offset by
// kerf/2 within 0.05 mm, that holes are cut before the outline and that
// all motion stays on the sheet.
func TestCEBPressProgramsRunInRS274(t *testing.T) {
	d, err := designs.Get("ceb-press")
	if err != nil {
		t.Fatal(err)
	}
	res, err := build.Run(context.Background(), build.Request{Design: d, Preset: "classic-6x12", Only: []string{"gcode"}})
	if err != nil {
		t.Fatal(err)
	}
	dialect, err := gcode.Lookup(res.Request.Shop.TorchTable.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range res.Files {
		files[f.Path] = f.Data
	}
	sheets := res.NestedSheets()
	if len(sheets) == 0 {
		t.Fatal("no nested sheets")
	}
	for _, s := range sheets {
		prog := files["gcode/"+s.ID+".ngc"]
		t.Run(s.ID, func(t *testing.T) {
			gcodetest.CheckDialect(t, prog, dialect)
			gcodetest.CheckCutProgram(t, prog, s.Plan, s.Parts)
		})
	}
	for path, prog := range files {
		if strings.HasSuffix(path, "-drill.ngc") {
			if calls := gcodetest.RS274(t, prog); !gcodetest.HasCall(calls, "PROGRAM_END") {
				t.Errorf("%s: rs274 did not reach the end", path)
			}
		}
	}
}
