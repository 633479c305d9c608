package pipeline_test

import (
	"context"
	"encoding/csv"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

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

// libreOfficeTotal recalculates an XLSX in LibreOffice and returns its
// Summary sheet's Total.
func libreOfficeTotal(t *testing.T, dir string, xlsx []byte) float64 {
	t.Helper()
	soffice := tooltest.Need(t, "soffice")
	if err := os.WriteFile(filepath.Join(dir, "bom.xlsx"), xlsx, 0o644); err != nil {
		t.Fatal(err)
	}
	profile := filepath.Join(dir, "profile")
	os.MkdirAll(filepath.Join(profile, "user"), 0o755)
	os.WriteFile(filepath.Join(profile, "user", "registrymodifications.xcu"), []byte(recalcXCU), 0o644)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.ToSlash(profile), "--headless", "--norestore",
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
		"--outdir", filepath.Join(dir, "out"), filepath.Join(dir, "bom.xlsx")).CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	f, err := os.Open(filepath.Join(dir, "out", "bom-Summary.csv"))
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		if len(row) > 1 && row[0] == "Total" {
			v, err := strconv.ParseFloat(row[len(row)-1], 64)
			if err != nil {
				t.Fatalf("Total row %q: %v", row, err)
			}
			return v
		}
	}
	t.Fatalf("no Total row in the recalculated Summary:\n%v", rows)
	return 0
}
