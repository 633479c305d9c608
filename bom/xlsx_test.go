package bom

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/bom")

var testMeta = Meta{Design: "test-press", Version: "1.2", Preset: "small", Digest: "c0ffee",
	Params: []Param{{Name: "brick_length", Text: "12in"}, {Name: "plate", Text: "10mm"}}}

func writeXLSX(t *testing.T, b *BOM) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, b, testMeta); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func openXLSX(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// sheetFiles pairs each XLSX sheet with its CSV file.
var sheetFiles = map[string]string{SheetSummary: TableSummary, SheetParts: TableParts, SheetCutList: TableCutList,
	SheetStock: TableStock, SheetHardware: TableHardware}

func TestXLSXStructure(t *testing.T) {
	b := plan(t, testModel(), testShop(), opts)
	f := openXLSX(t, writeXLSX(t, b))
	want := []string{SheetSummary, SheetParts, SheetCutList, SheetStock, SheetHardware}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	for _, sh := range want[1:] {
		p, err := f.GetPanes(sh)
		if err != nil || !p.Freeze || p.YSplit != 1 || p.TopLeftCell != "A2" {
			t.Errorf("%s: panes %+v, %v: want the header row frozen", sh, p, err)
		}
	}
	filters := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" {
			filters[dn.Scope] = dn.RefersTo
		}
	}
	for sh, ref := range map[string]string{SheetParts: "$A$1:$T$6", SheetStock: "$A$1:$K$4", SheetHardware: "$A$1:$T$3"} {
		if !strings.HasSuffix(filters[sh], ref) {
			t.Errorf("%s: autofilter %q, want %s", sh, filters[sh], ref)
		}
	}

	// Parts: 5 rows (2..6), total on row 7; Stock: 3 rows, total on 5;
	// Hardware: 2 rows, total on 4.
	formulas := []struct{ sheet, cell, want string }{
		{SheetParts, "L2", "D2*K2"},
		{SheetParts, "T6", "D6*S6"},
		{SheetParts, "L7", "SUM(L1:L6)"},
		{SheetParts, "T7", "SUM(T1:T6)"},
		{SheetStock, "G3", "E3*F3"},
		{SheetStock, "G5", "SUM(G1:G4)"},
		{SheetHardware, "L3", "D3*K3"},
		{SheetHardware, "L4", "SUM(L1:L3)"},
	}
	// The Summary's cost table: find it by label.
	rows, _ := f.GetRows(SheetSummary)
	at := map[string]int{}
	for i, r := range rows {
		if len(r) > 0 {
			at[r[0]] = i + 1
		}
	}
	cost := func(label string) string { return fmt.Sprintf("D%d", at[label]) }
	formulas = append(formulas,
		struct{ sheet, cell, want string }{SheetSummary, cost("Material bought (stock to buy)"), "'Stock to buy'!G5"},
		struct{ sheet, cell, want string }{SheetSummary, cost("Hardware"), "'Hardware'!L4"},
		struct{ sheet, cell, want string }{SheetSummary, cost("Labour"), fmt.Sprintf("B%d*C%d", at["Labour"], at["Labour"])},
		struct{ sheet, cell, want string }{SheetSummary, cost("Total"), fmt.Sprintf("SUM(D%d:D%d)", at["Material bought (stock to buy)"], at["Machine time"])},
		struct{ sheet, cell, want string }{SheetSummary, cost("Material in parts (included in material bought)"), "'Parts'!L7"},
		struct{ sheet, cell, want string }{SheetSummary, cost("Mass of made parts (kg)"), "'Parts'!T7"},
	)
	for _, c := range formulas {
		got, err := f.GetCellFormula(c.sheet, c.cell)
		if err != nil || got != c.want {
			t.Errorf("%s!%s formula %q, %v; want %q", c.sheet, c.cell, got, err, c.want)
		}
	}

	// Money cells carry the shop's currency format, the header its style.
	for _, c := range [][2]string{{SheetParts, "K2"}, {SheetParts, "L7"}, {SheetStock, "G5"}, {SheetSummary, cost("Total")}} {
		id, _ := f.GetCellStyle(c[0], c[1])
		st, err := f.GetStyle(id)
		if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != "$#,##0.00" {
			t.Errorf("%s!%s: style %+v, %v: want the USD format", c[0], c[1], st, err)
		}
	}
	id, _ := f.GetCellStyle(SheetParts, "A1")
	if st, _ := f.GetStyle(id); st == nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("Parts!A1 header is not bold: %+v", st)
	}
	if w, _ := f.GetColWidth(SheetParts, "E"); w < 8 {
		t.Errorf("Parts column E width %v", w)
	}

	// Every non-formula cell of every sheet reads back as the CSV has it.
	files := b.CSVFiles(testMeta)
	for sh, name := range sheetFiles {
		got, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		want := readCSV(t, files[name])
		compareRows(t, sh, got, want, func(r, c int) bool {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			fm, _ := f.GetCellFormula(sh, cell)
			return fm != ""
		})
	}
}

func TestXLSXCurrencyFormats(t *testing.T) {
	for cur, want := range map[string]string{"USD": "$#,##0.00", "EUR": "#,##0.00 €", "CHF": `#,##0.00 "CHF"`} {
		s := testShop()
		s.Currency = cur
		f := openXLSX(t, writeXLSX(t, plan(t, testModel(), s, opts)))
		id, _ := f.GetCellStyle(SheetStock, "F2")
		st, _ := f.GetStyle(id)
		if st == nil || st.CustomNumFmt == nil || *st.CustomNumFmt != want {
			t.Errorf("%s: unit price format %+v, want %q", cur, st, want)
		}
	}
}

func TestXLSXDeterministic(t *testing.T) {
	a := writeXLSX(t, plan(t, testModel(), testShop(), opts))
	b := writeXLSX(t, plan(t, testModel(), testShop(), opts))
	if !bytes.Equal(a, b) {
		t.Fatal("two writes of the same BOM differ")
	}
	f := openXLSX(t, a)
	p, err := f.GetDocProps()
	if err != nil || p.Created != DocumentDate || p.Modified != DocumentDate {
		t.Errorf("doc props %+v, %v: want created and modified %s", p, err, DocumentDate)
	}
	c1 := plan(t, testModel(), testShop(), opts).CSVFiles(testMeta)
	c2 := plan(t, testModel(), testShop(), opts).CSVFiles(testMeta)
	for _, n := range Tables {
		if !bytes.Equal(c1[n], c2[n]) {
			t.Errorf("%s differs between two writes", n)
		}
	}
}

func TestCSVGolden(t *testing.T) {
	b := plan(t, testModel(), testShop(), opts)
	files := b.CSVFiles(testMeta)
	if len(files) != len(Tables) {
		t.Errorf("%d CSV files, want %d", len(files), len(Tables))
	}
	for _, name := range Tables {
		var buf bytes.Buffer
		if err := WriteCSV(&buf, b, testMeta, name); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), files[name]) {
			t.Errorf("WriteCSV %s differs from CSVFiles", name)
		}
		path := filepath.Join("..", "testdata", "bom", name)
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, files[name], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./bom -update)", err)
		}
		if !bytes.Equal(files[name], want) {
			t.Errorf("%s differs from %s:\n%s", name, path, files[name])
		}
	}
	if err := WriteCSV(&bytes.Buffer{}, b, testMeta, "nope.csv"); err == nil {
		t.Error("WriteCSV of an unknown table: no error")
	}
}

// TestLibreOfficeRecalc is the acceptance test: LibreOffice opens the
// workbook, recalculates every formula, and exports each sheet; its values
// must equal the BOM's and the CSV files'. It then raises a unit price in the
// file and checks that the totals follow.
func TestLibreOfficeRecalc(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("FABKIT_REQUIRE_TOOLS") == "1" {
			t.Fatal("soffice not found and FABKIT_REQUIRE_TOOLS=1")
		}
		t.Skip("soffice not found (install libreoffice-calc)")
	}
	b := plan(t, testModel(), testShop(), opts)
	data := writeXLSX(t, b)

	// Edit the bolt's unit price (Hardware!K2) from 0.5 to 1.5.
	f := openXLSX(t, data)
	if err := f.SetCellFloat(SheetHardware, "K2", 1.5, -1, 64); err != nil {
		t.Fatal(err)
	}
	var edited bytes.Buffer
	if err := f.Write(&edited); err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	sheets := recalc(t, soffice, dir, map[string][]byte{"bom.xlsx": data, "edited.xlsx": edited.Bytes()})

	files := b.CSVFiles(testMeta)
	for sh, name := range sheetFiles {
		compareRows(t, "LibreOffice "+sh, sheets["bom"][sh], readCSV(t, files[name]), nil)
	}
	sum := labelled(sheets["bom"][SheetSummary])
	for label, want := range map[string]float64{
		"Material bought (stock to buy)": b.Cost.Material, "Hardware": b.Cost.Hardware,
		"Labour": b.Cost.Labour, "Machine time": b.Cost.Machine, "Total": b.Cost.Total,
		"Material in parts (included in material bought)": b.Cost.MaterialUsed,
		"Mass of made parts (kg)":                         b.Cost.MassKg,
	} {
		near(t, "LibreOffice "+label, number(t, sum[label], 3), want)
	}
	near(t, "LibreOffice total", number(t, sum["Total"], 3), 604)

	// 8 bolts at 1.00 more: hardware and total up by 8.
	ed := labelled(sheets["edited"][SheetSummary])
	near(t, "edited hardware", number(t, ed["Hardware"], 3), b.Cost.Hardware+8)
	near(t, "edited total", number(t, ed["Total"], 3), b.Cost.Total+8)
	hw := sheets["edited"][SheetHardware]
	near(t, "edited bolt line", number(t, hw[1], 11), 12)
}

// recalc converts workbooks with LibreOffice, recalculating on load, and
// returns every sheet of each as CSV rows, by file base name and sheet.
func recalc(t *testing.T, soffice, dir string, books map[string][]byte) map[string]map[string][][]string {
	t.Helper()
	profile := filepath.Join(dir, "profile")
	// Recalculate OOXML formulas on load, whatever the cached values say.
	xcu := `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`
	if err := os.MkdirAll(filepath.Join(profile, "user"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(profile, "user", "registrymodifications.xcu"), []byte(xcu), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"-env:UserInstallation=file://" + filepath.ToSlash(profile), "--headless", "--norestore",
		// UTF-8, raw values (not as shown), every sheet to its own file.
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
		"--outdir", filepath.Join(dir, "out")}
	var names []string
	for n := range books {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, books[n], 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, soffice, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	res := map[string]map[string][][]string{}
	for _, n := range names {
		base := strings.TrimSuffix(n, ".xlsx")
		res[base] = map[string][][]string{}
		for sh := range sheetFiles {
			data, err := os.ReadFile(filepath.Join(dir, "out", base+"-"+sh+".csv"))
			if err != nil {
				t.Fatalf("%v (LibreOffice >= 7.2 exports each sheet; soffice said:\n%s)", err, out)
			}
			res[base][sh] = readCSV(t, data)
		}
	}
	return res
}

func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// compareRows checks two tables cell by cell, ignoring trailing empty
// cells and rows; numbers agree to the cent (CSV money has two decimals).
// skip, when set, leaves out cells that hold formulas.
func compareRows(t *testing.T, what string, got, want [][]string, skip func(r, c int) bool) {
	t.Helper()
	trim := func(rows [][]string) [][]string {
		out := make([][]string, len(rows))
		for i, r := range rows {
			for len(r) > 0 && r[len(r)-1] == "" {
				r = r[:len(r)-1]
			}
			out[i] = r
		}
		for len(out) > 0 && len(out[len(out)-1]) == 0 {
			out = out[:len(out)-1]
		}
		return out
	}
	got, want = trim(got), trim(want)
	if len(got) != len(want) {
		t.Errorf("%s: %d rows, want %d", what, len(got), len(want))
		return
	}
	for r := range want {
		n := max(len(got[r]), len(want[r]))
		for c := 0; c < n; c++ {
			if skip != nil && skip(r, c) {
				continue
			}
			g, w := at(got[r], c), at(want[r], c)
			if g == w {
				continue
			}
			gf, e1 := strconv.ParseFloat(g, 64)
			wf, e2 := strconv.ParseFloat(w, 64)
			if e1 == nil && e2 == nil && abs(gf-wf) <= 0.005 {
				continue
			}
			t.Errorf("%s: row %d column %d = %q, want %q", what, r+1, c+1, g, w)
		}
	}
}

func at(r []string, i int) string {
	if i < len(r) {
		return r[i]
	}
	return ""
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// labelled indexes a grid's rows by their first cell.
func labelled(rows [][]string) map[string][]string {
	m := map[string][]string{}
	for _, r := range rows {
		if len(r) > 0 {
			m[r[0]] = r
		}
	}
	return m
}

// number parses the cell of a row (0-based column) as a number.
func number(t *testing.T, row []string, col int) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(at(row, col), 64)
	if err != nil {
		t.Fatalf("row %q column %d: %v", row, col+1, err)
	}
	return v
}

// TestXLSXCachedValues reads the worksheets' XML as a reader that does not
// recalculate would (openpyxl with data_only, pandas, file previews): every
// formula cell must carry its result as a typed number, equal to the CSV.
func TestXLSXCachedValues(t *testing.T) {
	b := plan(t, testModel(), testShop(), opts)
	data := writeXLSX(t, b)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	files := b.CSVFiles(testMeta)
	order := []string{SheetSummary, SheetParts, SheetCutList, SheetStock, SheetHardware}
	formulas := 0
	for i, sh := range order {
		raw := zipEntry(t, zr, fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1))
		var ws struct {
			Rows []struct {
				Cells []struct {
					Ref string  `xml:"r,attr"`
					T   string  `xml:"t,attr"`
					F   *string `xml:"f"`
					V   *string `xml:"v"`
				} `xml:"c"`
			} `xml:"sheetData>row"`
		}
		if err := xml.Unmarshal(raw, &ws); err != nil {
			t.Fatalf("%s: %v", sh, err)
		}
		want := readCSV(t, files[sheetFiles[sh]])
		for _, r := range ws.Rows {
			for _, c := range r.Cells {
				if c.F == nil {
					continue
				}
				formulas++
				col, row, err := excelize.CellNameToCoordinates(c.Ref)
				if err != nil {
					t.Fatal(err)
				}
				if c.V == nil || (c.T != "" && c.T != "n") {
					t.Errorf("%s!%s: formula %q has no numeric cached value (t=%q)", sh, c.Ref, *c.F, c.T)
					continue
				}
				got, err := strconv.ParseFloat(*c.V, 64)
				w, err2 := strconv.ParseFloat(at(at2(want, row-1), col-1), 64)
				if err != nil || err2 != nil || abs(got-w) > 0.005 {
					t.Errorf("%s!%s: cached %q, CSV %q", sh, c.Ref, *c.V, at(at2(want, row-1), col-1))
				}
			}
		}
	}
	if formulas < 10 {
		t.Errorf("only %d formula cells seen", formulas)
	}
}

func at2(rows [][]string, i int) []string {
	if i < len(rows) {
		return rows[i]
	}
	return nil
}

func zipEntry(t *testing.T, zr *zip.Reader, name string) []byte {
	t.Helper()
	f, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
