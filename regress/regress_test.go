package regress

import (
	"bytes"
	"flag"
	"github.com/fabkit/fabkit/manifest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ and the fuzz seed corpus")

// sample is a small CEB-press-like build: two plates, a tube and a
// purchased cylinder, one nested sheet, a bar and a sheet to buy.
func sample() *manifest.Manifest {
	return &manifest.Manifest{
		Fabkit: "0.1.0",
		Design: manifest.Design{Name: "cebpress", Version: "17.08", Summary: "Compressed earth brick press"},
		Preset: "standard",
		Digest: "3f2a",
		Parameters: []manifest.Parameter{
			{Name: "brick_length", Kind: "length", Value: 304.8, SIUnit: "mm", Given: "12in", Unit: "in", Source: "default"},
			{Name: "cylinder", Kind: "choice", Value: "4x10", Given: "4x10", Source: "preset"},
		},
		Shop:     manifest.Shop{Name: "us-imperial", Units: "imperial", Currency: "USD"},
		Summary:  []model.Figure{{Name: "press_force", Label: "Press force", Value: 218, Unit: "kN", Text: "218 kN"}},
		Warnings: []params.Issue{},
		Parts: []manifest.Part{
			{ID: "f4", Name: "Main plate", Qty: 2, Process: "plasma", Material: "steel", Stock: "plate 1/4in",
				BBoxMM: [3]float64{300, 200, 6.35}, VolumeMM3: 381000, AreaMM2: 126350, MassKg: 2.9909, Files: []string{"dxf/f4.dxf", "stl/f4.stl"}},
			{ID: "f5", Name: "Gusset", Qty: 4, Process: "plasma", Material: "steel", Stock: "plate 1/4in",
				BBoxMM: [3]float64{100, 100, 6.35}, VolumeMM3: 31750, AreaMM2: 12540, MassKg: 0.2492, Files: []string{"dxf/f5.dxf", "stl/f5.stl"}},
			{ID: "t1", Name: "Frame tube", Qty: 4, Process: "saw", Material: "steel", Stock: "tube 2x2x1/4in",
				BBoxMM: [3]float64{50.8, 50.8, 600}, VolumeMM3: 280000, AreaMM2: 250000, MassKg: 2.198, Files: []string{"stl/t1.stl"}},
			{ID: "cyl", Name: "Hydraulic cylinder", Qty: 1, Process: "buy", Stock: "cylinder 4x10", Files: []string{}},
		},
		Stock: []manifest.Stock{
			{Kind: "bar", ID: "tube-2x2x1/4", Size: "20ft", Qty: 1, Price: 96.5, Use: []string{"t1"}},
			{Kind: "sheet", ID: "plate-1/4", Size: "48x96in", Qty: 1, Price: 310, Use: []string{"f4", "f5"}},
		},
		Nests: []manifest.Nest{
			{
				ID: "sheet-1", Stock: "plate-1/4", ThicknessMM: 6.35, SizeMM: [2]float64{1219.2, 2438.4}, KerfMM: 1.5, Utilization: 0.0538,
				GCode: "gcode/sheet-1.ngc", DXF: "dxf/sheet-1.dxf", CutLengthMM: 4210.5, RapidMM: 1800, Pierces: 9, TimeS: 312.4,

				Placements: []manifest.Placement{{Part: "f4", Instance: 1}, {Part: "f4", Instance: 2, X: 310}, {Part: "f5", Instance: 1, Y: 210}},
			},
		},
		Cost:  &manifest.Cost{Currency: "USD", Material: 406.5, MaterialUsed: 120.25, Hardware: 850, Total: 1256.5, MassKg: 16.98},
		Files: []manifest.File{{Path: "dxf/f4.dxf", Kind: "dxf", SHA256: "aa11", Bytes: 2048}, {Path: "stl/f4.stl", Kind: "stl", SHA256: "bb22", Bytes: 9000}},
	}
}

// clone copies a manifest through its JSON encoding, as a golden file
// would hold it.
func clone(t testing.TB, m *manifest.Manifest) *manifest.Manifest {
	t.Helper()
	var buf bytes.Buffer
	if err := manifest.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	c, err := manifest.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func findRow(rows []Row, part, qty string) (Row, bool) {
	for _, r := range rows {
		if r.Part == part && r.Quantity == qty {
			return r, true
		}
	}
	return Row{}, false
}

func TestGoldenRoundTrip(t *testing.T) {
	m := sample()
	path := filepath.Join(t.TempDir(), "golden", "cebpress-standard.json")
	if err := manifest.WriteFile(path, m); err != nil {
		t.Fatal(err)
	}
	back, err := manifest.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, m) {
		t.Errorf("round trip changed the manifest:\n got %+v\nwant %+v", back, m)
	}
	// Reading a build folder reads its manifest.json.
	dir := filepath.Dir(path)
	if err := os.Rename(path, filepath.Join(dir, "manifest.json")); err != nil {
		t.Fatal(err)
	}
	if _, err := manifest.Read(dir); err != nil {
		t.Errorf("manifest.Read(dir): %v", err)
	}
	// The golden encoding is stable: encoding the decoded manifest again
	// gives the same bytes.
	var a, b bytes.Buffer
	if err := manifest.Encode(&a, m); err != nil {
		t.Fatal(err)
	}
	if err := manifest.Encode(&b, back); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("manifest.Encode is not stable across a round trip")
	}
	if r := Check(back, m, DefaultTolerances()); len(r.Rows) != 0 || r.Failed() {
		t.Errorf("identical manifests: rows %v", r.Rows)
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name      string
		tol       func(*Tolerances) // nil: DefaultTolerances
		change    func(m *manifest.Manifest)
		part, qty string // the row that must show the change
		ok        bool   // whether that row is within tolerance
		failed    bool   // the report's verdict
	}{
		{"volume beyond", nil, func(m *manifest.Manifest) { m.Parts[0].VolumeMM3 *= 1.001 }, "f4", "volume_mm3", false, true},
		{"volume within", nil, func(m *manifest.Manifest) { m.Parts[0].VolumeMM3 += 30 }, "f4", "volume_mm3", true, false},
		{"area beyond", nil, func(m *manifest.Manifest) { m.Parts[1].AreaMM2 = 12600 }, "f5", "area_mm2", false, true},
		{"area within", nil, func(m *manifest.Manifest) { m.Parts[1].AreaMM2 = 12541 }, "f5", "area_mm2", true, false},
		{"bbox x beyond", nil, func(m *manifest.Manifest) { m.Parts[0].BBoxMM[0] = 300.02 }, "f4", "bbox_x_mm", false, true},
		{"bbox x at the limit", nil, func(m *manifest.Manifest) { m.Parts[0].BBoxMM[0] = 300.01 }, "f4", "bbox_x_mm", true, false},
		{"bbox y beyond", nil, func(m *manifest.Manifest) { m.Parts[0].BBoxMM[1] = 199.9 }, "f4", "bbox_y_mm", false, true},
		{"bbox z within", nil, func(m *manifest.Manifest) { m.Parts[2].BBoxMM[2] = 600.004 }, "t1", "bbox_z_mm", true, false},
		{"mass beyond", nil, func(m *manifest.Manifest) { m.Parts[2].MassKg = 2.2 }, "t1", "mass_kg", false, true},
		{"mass within", nil, func(m *manifest.Manifest) { m.Parts[0].MassKg = 2.991 }, "f4", "mass_kg", true, false},
		{"cut length beyond", nil, func(m *manifest.Manifest) { m.Nests[0].CutLengthMM = 4300 }, "nest sheet-1", "cut_length_mm", false, true},
		{"cut length total beyond", nil, func(m *manifest.Manifest) { m.Nests[0].CutLengthMM = 4300 }, "nests", "cut_length_mm", false, true},
		{"cut length within", nil, func(m *manifest.Manifest) { m.Nests[0].CutLengthMM = 4212 }, "nest sheet-1", "cut_length_mm", true, false},
		{"utilization beyond", nil, func(m *manifest.Manifest) { m.Nests[0].Utilization = 0.0638 }, "nest sheet-1", "utilization", false, true},
		{"utilization within", nil, func(m *manifest.Manifest) { m.Nests[0].Utilization = 0.0568 }, "nest sheet-1", "utilization", true, false},
		{"sheet count", nil, func(m *manifest.Manifest) { m.Stock[1].Qty = 2 }, "stock", "sheets", false, true},
		{"sheet line qty", nil, func(m *manifest.Manifest) { m.Stock[1].Qty = 2 }, "stock sheet plate-1/4 48x96in", "qty", false, true},
		{"bar count", nil, func(m *manifest.Manifest) { m.Stock[0].Qty = 2 }, "stock", "bars", false, true},
		{"nest count", nil, func(m *manifest.Manifest) {
			n := m.Nests[0]
			n.ID = "sheet-2"
			m.Nests = append(m.Nests, n)
		}, "nests", "sheets", false, true},
		{"pierces", nil, func(m *manifest.Manifest) { m.Nests[0].Pierces = 10 }, "nest sheet-1", "pierces", false, true},
		{"cost total beyond", nil, func(m *manifest.Manifest) { m.Cost.Total = 1270 }, "cost", "total", false, true},
		{"cost total within", nil, func(m *manifest.Manifest) { m.Cost.Total = 1260 }, "cost", "total", true, false},
		{"cost hardware beyond", nil, func(m *manifest.Manifest) { m.Cost.Hardware = 900 }, "cost", "hardware", false, true},
		{"cost labour from zero", nil, func(m *manifest.Manifest) { m.Cost.Labour = 40 }, "cost", "labour", false, true},
		{"unit price", nil, func(m *manifest.Manifest) { m.Stock[1].Price = 350 }, "stock sheet plate-1/4 48x96in", "unit_price", false, true},
		{"time beyond", nil, func(m *manifest.Manifest) { m.Nests[0].TimeS = 330 }, "nest sheet-1", "time_s", false, true},
		{"time within", nil, func(m *manifest.Manifest) { m.Nests[0].TimeS = 316 }, "nest sheet-1", "time_s", true, false},
		{"time total", nil, func(m *manifest.Manifest) { m.Nests[0].TimeS = 330 }, "nests", "time_s", false, true},
		{"summary figure", nil, func(m *manifest.Manifest) { m.Summary[0].Value = 230 }, "summary", "press_force", false, true},
		{"qty", nil, func(m *manifest.Manifest) { m.Parts[1].Qty = 6 }, "f5", "qty", false, true},
		{"process", nil, func(m *manifest.Manifest) { m.Parts[1].Process = "laser" }, "f5", "process", false, true},
		{"stock", nil, func(m *manifest.Manifest) { m.Parts[2].Stock = "tube 2x2x3/16in" }, "t1", "stock", false, true},
		{"material", nil, func(m *manifest.Manifest) { m.Parts[2].Material = "aluminium" }, "t1", "material", false, true},
		{"parameter value", nil, func(m *manifest.Manifest) { m.Parameters[0].Value = 254.0 }, "design", "param brick_length", false, true},
		{"parameter choice", nil, func(m *manifest.Manifest) { m.Parameters[1].Value = "5x10" }, "design", "param cylinder", false, true},
		{"parameter given differently", nil, func(m *manifest.Manifest) { m.Parameters[0].Given = "304.8mm" }, "", "", true, false},
		{"design version", nil, func(m *manifest.Manifest) { m.Design.Version = "17.09" }, "design", "version", false, true},
		{"preset", nil, func(m *manifest.Manifest) { m.Preset = "large" }, "design", "preset", false, true},
		{"fabkit version is information", nil, func(m *manifest.Manifest) { m.Fabkit = "0.2.0" }, "design", "fabkit_version", true, false},
		{"part name is information", nil, func(m *manifest.Manifest) { m.Parts[0].Name = "Base plate" }, "f4", "name", true, false},
		{"part added", nil, func(m *manifest.Manifest) {
			m.Parts = append(m.Parts, manifest.Part{ID: "f9", Qty: 2, Process: "plasma", Stock: "plate 1/4in"})
		}, "f9", "part", false, true},
		{"part removed", nil, func(m *manifest.Manifest) { m.Parts = m.Parts[1:] }, "f4", "part", false, true},
		{"nest removed", nil, func(m *manifest.Manifest) { m.Nests = nil }, "nest sheet-1", "nest", false, true},
		{"cost missing", nil, func(m *manifest.Manifest) { m.Cost = nil }, "cost", "cost", false, true},
		{"warning added", nil, func(m *manifest.Manifest) {
			m.Warnings = []params.Issue{{Severity: params.SeverityWarning, Params: []string{"brick_length"}, Message: "plate f4 wider than the sheet"}}
		}, "warning", "warning", false, true},
		{"file hash ignored by default", nil, func(m *manifest.Manifest) { m.Files[0].SHA256 = "cc33" }, "", "", true, false},
		{"file hash with CompareFiles", func(t *Tolerances) { t.CompareFiles = true }, func(m *manifest.Manifest) { m.Files[0].SHA256 = "cc33" }, "dxf/f4.dxf", "sha256", false, true},
		{"file removed with CompareFiles", func(t *Tolerances) { t.CompareFiles = true }, func(m *manifest.Manifest) { m.Files = m.Files[:1] }, "stl/f4.stl", "file", false, true},
		{"loosened tolerance", func(t *Tolerances) { t.Volume = Tolerance{Rel: 0.01} }, func(m *manifest.Manifest) { m.Parts[0].VolumeMM3 *= 1.001 }, "f4", "volume_mm3", true, false},
		{"exact count tolerance loosened", func(t *Tolerances) { t.Count = Tolerance{Abs: 1} }, func(m *manifest.Manifest) { m.Nests[0].Pierces = 10 }, "nest sheet-1", "pierces", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden := sample()
			got := clone(t, golden)
			tt.change(got)
			tol := DefaultTolerances()
			if tt.tol != nil {
				tt.tol(&tol)
			}
			r := Check(got, golden, tol)
			if r.Failed() != tt.failed {
				t.Errorf("Failed() = %v, want %v; rows:\n%s", r.Failed(), tt.failed, tableText(r))
			}
			if tt.part == "" {
				if len(r.Rows) != 0 {
					t.Errorf("want no rows, got:\n%s", tableText(r))
				}
				return
			}
			row, found := findRow(r.Rows, tt.part, tt.qty)
			if !found {
				t.Fatalf("no row for %s %s; rows:\n%s", tt.part, tt.qty, tableText(r))
			}
			if row.OK != tt.ok {
				t.Errorf("row %s %s OK = %v, want %v: %+v", tt.part, tt.qty, row.OK, tt.ok, row)
			}
		})
	}
}

func tableText(r Report) string {
	var b strings.Builder
	r.WriteTable(&b)
	return b.String()
}

func TestCheckRowValues(t *testing.T) {
	golden := sample()
	got := clone(t, golden)
	got.Parts[0].VolumeMM3 = 400050
	got.Parts = append(got.Parts, manifest.Part{ID: "f9", Qty: 2, Process: "plasma", Stock: "plate 1/4in"})
	r := Check(got, golden, DefaultTolerances())

	row, _ := findRow(r.Rows, "f4", "volume_mm3")
	want := Row{Part: "f4", Quantity: "volume_mm3", Old: "381000", New: "400050", Delta: 19050, DeltaPct: 5,
		Numeric: true, OK: false, Tolerance: "±0.01 %"}
	if row != want {
		t.Errorf("volume row:\n got %+v\nwant %+v", row, want)
	}
	row, _ = findRow(r.Rows, "f9", "part")
	if row.Old != "" || row.New != "plasma ×2 plate 1/4in" || row.OK {
		t.Errorf("added part row: %+v", row)
	}
	if r.Compared < 50 {
		t.Errorf("Compared = %d, want every quantity counted", r.Compared)
	}
	if n := len(r.Failures()); n != 2 {
		t.Errorf("%d failures, want 2", n)
	}
}

func TestWriteTable(t *testing.T) {
	golden := sample()
	got := clone(t, golden)
	got.Parts[0].BBoxMM[0] = 310
	got.Parts[0].VolumeMM3 = 393700
	got.Parts[0].MassKg = 3.0906
	got.Cost.Total = 1258
	got.Parts = got.Parts[:3]
	got.Fabkit = "0.2.0"
	r := Check(got, golden, DefaultTolerances())
	out := tableText(r)
	for _, s := range []string{
		"PART", "QUANTITY", "OLD", "NEW", "DELTA",
		// Issue 17: quantities print in the design's units, with the unit.
		"FAIL  f4", "bbox_x", "11.811in", "12.2047in", "+0.3937in", "±0.000394in",
		"volume", "23.25 in³", "24.025 in³", "+0.775 in³", "+3.33 %", "6.59381 lb",
		"ok    cost", "1256.5 USD", "1258 USD", "+1.5 USD",
		"cyl", "part", "buy ×1 cylinder 4x10", "—",
		"cebpress 17.08 (preset standard): FAIL: 4 of ",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("table lacks %q:\n%s", s, out)
		}
	}
	// Columns line up: every table line but the verdict is as wide as the
	// widest cell allows, so the NEW column starts at the same rune offset.
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	col := strings.Index(lines[0], "QUANTITY")
	for _, l := range lines[1 : len(lines)-1] {
		if []rune(l)[col-1] != ' ' {
			t.Errorf("misaligned line %q", l)
		}
	}
	checkGolden(t, "check-table.golden", []byte(out))

	// No change: only the verdict.
	out = tableText(Check(golden, clone(t, golden), DefaultTolerances()))
	if !strings.HasPrefix(out, "cebpress 17.08 (preset standard): ok: ") || strings.Count(out, "\n") != 1 {
		t.Errorf("no-change table: %q", out)
	}
}

// checkGolden compares output with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./regress -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run with -update if the change is right):\n got:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestCheckNil(t *testing.T) {
	if r := Check(nil, nil, DefaultTolerances()); r.Failed() || len(r.Rows) != 0 {
		t.Errorf("Check(nil, nil): %+v", r)
	}
	r := Check(sample(), nil, DefaultTolerances())
	if !r.Failed() {
		t.Error("a build checked against no golden passed")
	}
	if _, ok := findRow(r.Rows, "f4", "part"); !ok {
		t.Error("no row for f4 against an empty golden")
	}
}

func TestDuplicateIDs(t *testing.T) {
	golden := sample()
	golden.Parts = append(golden.Parts, golden.Parts[0])
	got := clone(t, golden)
	got.Parts[4].VolumeMM3 = 1
	r := Check(got, golden, DefaultTolerances())
	if _, ok := findRow(r.Rows, "f4#2", "volume_mm3"); !ok || len(r.Rows) != 1 {
		t.Errorf("duplicate id: rows %+v", r.Rows)
	}
}
