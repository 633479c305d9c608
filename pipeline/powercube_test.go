package pipeline_test

import (
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/cam/gcode"
	"github.com/fabkit/fabkit/cam/gcode/gcodetest"
	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/internal/tooltest"
	"github.com/fabkit/fabkit/pipeline"
)

// The Power Cube's outputs pass the press's external checks at each of its
// presets: every torch program rebuilds its parts' kerf-offset outlines in
// rs274, every drilling program (the tanks' ports, the plates' holes) runs
// to its end, LibreOffice's recalculated XLSX total is the manifest's, and
// poppler reads the packet with a page per drawn part.
func TestPowerCubeExternalChecks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every Power Cube preset")
	}
	d, err := designs.Get("power-cube")
	if err != nil {
		t.Fatal(err)
	}
	for _, preset := range d.Schema().PresetNames() {
		t.Run(preset, func(t *testing.T) {
			res, err := pipeline.Run(context.Background(), pipeline.Request{Design: d, Preset: preset})
			if err != nil {
				t.Fatal(err)
			}
			files := map[string][]byte{}
			for _, f := range res.Files {
				files[f.Path] = f.Data
			}
			dialect, err := gcode.Lookup(res.Request.Shop.TorchTable.Dialect)
			if err != nil {
				t.Fatal(err)
			}
			sheets := res.NestedSheets()
			if len(sheets) == 0 {
				t.Fatal("no nested sheets")
			}
			for _, s := range sheets {
				gcodetest.CheckDialect(t, files["gcode/"+s.ID+".ngc"], dialect)
				gcodetest.CheckCutProgram(t, files["gcode/"+s.ID+".ngc"], s.Plan, s.Parts)
			}
			drills := 0
			for path, prog := range files {
				if strings.HasSuffix(path, "-drill.ngc") {
					drills++
					if calls := gcodetest.RS274(t, prog); !gcodetest.HasCall(calls, "PROGRAM_END") {
						t.Errorf("%s: rs274 did not reach the end", path)
					}
				}
			}
			if drills == 0 {
				t.Error("no drilling programs (the tanks' port holes are drilled on the saw's parts)")
			}
			dir := t.TempDir()
			if total := libreOfficeTotal(t, dir, files["bom/bom.xlsx"]); math.Abs(total-res.Manifest.Cost.Total) > 0.01 {
				t.Errorf("LibreOffice total %.2f, manifest %.2f", total, res.Manifest.Cost.Total)
			}
			drawn := 0
			for _, p := range res.Manifest.Parts {
				if p.Process != "buy" {
					drawn++
					if _, ok := files["sheets/"+p.ID+".svg"]; !ok {
						t.Errorf("part %s has no drawing", p.ID)
					}
				}
			}
			pdfinfo := tooltest.Need(t, "pdfinfo")
			path := filepath.Join(dir, "packet.pdf")
			if err := os.WriteFile(path, files["sheets/packet.pdf"], 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(pdfinfo, path).CombinedOutput()
			m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
			if err != nil || m == nil {
				t.Fatalf("pdfinfo: %v\n%s", err, out)
			}
			if pages, _ := strconv.Atoi(string(m[1])); pages < 1+len(res.Manifest.Nests)+drawn {
				t.Errorf("packet has %d pages, want at least %d", pages, 1+len(res.Manifest.Nests)+drawn)
			}
		})
	}
}
