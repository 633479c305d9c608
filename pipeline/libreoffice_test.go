package pipeline_test

import (
	"context"
	"encoding/csv"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/fabkit/fabkit/internal/tooltest"
)

// recalcXCU makes LibreOffice recalculate OOXML formulas on load.
const recalcXCU = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`

// TestCEBPressXLSXTotalsInLibreOffice opens the CEB press BOM in LibreOffice
// headless, recalculates every formula, and checks the Summary's total
// against the manifest's cost.
func TestCEBPressXLSXTotalsInLibreOffice(t *testing.T) {
	res := buildCEB(t, "bom")
	var xlsx []byte
	for _, f := range res.Files {
		if f.Path == "bom/bom.xlsx" {
			xlsx = f.Data
		}
	}
	if total, want := libreOfficeTotal(t, t.TempDir(), xlsx), res.Manifest.Cost.Total; math.Abs(total-want) > 0.01 {
		t.Errorf("LibreOffice total %.2f, manifest %.2f", total, want)
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
