package regress

import (
	"bytes"
	"encoding/xml"
	"errors"
	"github.com/fabkit/fabkit/manifest"
	"io"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	a := sample()
	b := clone(t, a)
	b.Design.Version = "17.09"
	b.Parameters[0].Value = 355.6
	b.Parts[0].BBoxMM[0] = 350
	b.Parts[0].VolumeMM3 = 444500
	b.Parts[1].Qty = 6
	b.Parts = append(b.Parts[:2], b.Parts[3], manifest.Part{ID: "f9", Name: "Brace", Qty: 2, Process: "plasma", Stock: "plate 1/4in",
		BBoxMM: [3]float64{80, 40, 6.35}, VolumeMM3: 20320})
	b.Stock[1].Qty = 2
	b.Cost.Total = 1400
	b.Files[0].SHA256 = "ff00"

	d := Diff(a, b)
	if d.Empty() {
		t.Fatal("diff of different builds is empty")
	}
	if len(d.Added) != 1 || d.Added[0].ID != "f9" {
		t.Errorf("added %v, want f9", d.Added)
	}
	if len(d.Removed) != 1 || d.Removed[0].ID != "t1" {
		t.Errorf("removed %v, want t1", d.Removed)
	}
	if got := d.Resized(); !reflect.DeepEqual(got, []string{"f4"}) {
		t.Errorf("resized %v, want [f4]", got)
	}
	var ids []string
	for _, c := range d.Changed {
		ids = append(ids, c.ID)
	}
	if !reflect.DeepEqual(ids, []string{"f4", "f5"}) {
		t.Errorf("changed %v, want [f4 f5]", ids)
	}
	for _, want := range []struct {
		rows      []Row
		part, qty string
	}{
		{d.Design, "design", "version"},
		{d.Design, "design", "param brick_length"},
		{d.Stock, "stock", "sheets"},
		{d.Stock, "stock sheet plate-1/4 48x96in", "qty"},
		{d.Cost, "cost", "total"},
		{d.Files, "dxf/f4.dxf", "sha256"},
	} {
		row, ok := findRow(want.rows, want.part, want.qty)
		if !ok {
			t.Errorf("no diff row %s %s", want.part, want.qty)
		} else if !row.OK {
			t.Errorf("diff row %s %s is a failure; a diff has none", want.part, want.qty)
		}
	}

	var buf bytes.Buffer
	if err := d.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, s := range []string{
		"diff cebpress 17.08 (preset standard) -> cebpress 17.09 (preset standard)",
		"parts added (1):", "+  f9", "Brace", "3.14961 × 1.5748 × 0.25 in",
		"parts removed (1):", "-  t1",
		"parts resized (1):", "~  f4  bbox_x", "11.811in", "13.7795in", "+1.9685in", "param brick_length", "12in", "14in", "+2in",
		"parts changed (1):", "~  f5  qty",
		"stock:", "sheets", "cost:", "1256.5", "1400", "files:", "dxf/f4.dxf",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("diff text lacks %q:\n%s", s, out)
		}
	}
	checkGolden(t, "diff.golden", buf.Bytes())

	if d := Diff(a, clone(t, a)); !d.Empty() {
		t.Errorf("diff of a build with itself: %+v", d)
	}
	buf.Reset()
	Diff(a, a).WriteText(&buf)
	if !strings.HasSuffix(buf.String(), "no change\n") {
		t.Errorf("empty diff text: %q", buf.String())
	}
}

// rect is a closed rectangle ring, w by h mm, with its corner at x, y.
func rect(x, y, w, h float64) [][2]float64 {
	return [][2]float64{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}}
}

// svgPanel is what the tests read back from an overlay.
type svgPanel struct {
	Part  string    `xml:"data-part,attr"`
	Class string    `xml:"class,attr"`
	Paths []svgPath `xml:"path"`
	Texts []string  `xml:"text"`
}

type svgPath struct {
	Class string `xml:"class,attr"`
	D     string `xml:"d,attr"`
}

type svgDoc struct {
	XMLName xml.Name   `xml:"svg"`
	Width   string     `xml:"width,attr"`
	Groups  []svgPanel `xml:"g"`
}

func parseOverlay(t *testing.T, data []byte) []svgPanel {
	t.Helper()
	var doc svgDoc
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("overlay is not XML: %v\n%s", err, data)
	}
	var panels []svgPanel
	for _, g := range doc.Groups {
		if g.Class == "panel" {
			panels = append(panels, g)
		}
	}
	return panels
}

func TestOverlaySVG(t *testing.T) {
	old := map[string][][][2]float64{
		"f4":  {rect(0, 0, 300, 200), rect(50, 50, 20, 20)},
		"f5":  {rect(0, 0, 100, 100)},
		"f6":  {rect(0, 0, 60, 60)}, // unchanged: no panel
		"f<7": {rect(0, 0, 10, 10)}, // removed
	}
	new := map[string][][][2]float64{
		"f4": {rect(0, 0, 350, 200), rect(50, 50, 20, 20)},
		"f5": {{{0, 0}, {120, 0}, {0, 100}}},
		"f6": {rect(0, 0, 60, 60)},
		"f9": {rect(0, 0, 80, 40)}, // added
	}
	var buf bytes.Buffer
	if err := OverlaySVG(&buf, old, new); err != nil {
		t.Fatal(err)
	}
	panels := parseOverlay(t, buf.Bytes())
	var ids []string
	for _, p := range panels {
		ids = append(ids, p.Part)
	}
	if want := []string{"f4", "f5", "f9", "f<7"}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("panels %v, want %v", ids, want)
	}
	for _, p := range panels[:2] {
		if len(p.Paths) != 2 || p.Paths[0].Class != "new" || p.Paths[1].Class != "old" {
			t.Errorf("panel %s: paths %+v, want an old and a new one", p.Part, p.Paths)
		}
		if len(p.Texts) == 0 || p.Texts[0] != p.Part {
			t.Errorf("panel %s: caption %v", p.Part, p.Texts)
		}
		for _, path := range p.Paths {
			if !strings.HasPrefix(path.D, "M") || !strings.HasSuffix(path.D, "Z") {
				t.Errorf("panel %s: path data %q", p.Part, path.D)
			}
		}
	}
	// f4 has a profile and a hole: two closed subpaths on each side.
	if n := strings.Count(panels[0].Paths[0].D, "M"); n != 2 {
		t.Errorf("f4 new path has %d subpaths, want 2", n)
	}
	if p := panels[2]; len(p.Paths) != 1 || p.Paths[0].Class != "new" || !strings.Contains(strings.Join(p.Texts, " "), "added") {
		t.Errorf("added part panel: %+v", p)
	}
	if p := panels[3]; len(p.Paths) != 1 || p.Paths[0].Class != "old" || !strings.Contains(strings.Join(p.Texts, " "), "removed") {
		t.Errorf("removed part panel: %+v", p)
	}

	// Deterministic bytes, whatever the map order.
	for range 5 {
		var again bytes.Buffer
		OverlaySVG(&again, old, new)
		if !bytes.Equal(again.Bytes(), buf.Bytes()) {
			t.Fatal("OverlaySVG is not deterministic")
		}
	}
	checkGolden(t, "overlay.svg", buf.Bytes())
}

func TestOverlaySVGEmpty(t *testing.T) {
	var buf bytes.Buffer
	same := map[string][][][2]float64{"f4": {rect(0, 0, 10, 10)}}
	if err := OverlaySVG(&buf, same, same); err != nil {
		t.Fatal(err)
	}
	if n := len(parseOverlay(t, buf.Bytes())); n != 0 {
		t.Errorf("%d panels for unchanged outlines", n)
	}
	buf.Reset()
	if err := OverlaySVG(&buf, nil, nil); err != nil {
		t.Fatal(err)
	}
	parseOverlay(t, buf.Bytes())
	// Degenerate outlines (a point, a line) still draw.
	buf.Reset()
	err := OverlaySVG(&buf, map[string][][][2]float64{"p": {{{5, 5}}}}, map[string][][][2]float64{"p": {{{0, 0}, {10, 0}}}})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(parseOverlay(t, buf.Bytes())); n != 1 {
		t.Errorf("%d panels for a degenerate change, want 1", n)
	}
}

func TestOverlaySVGErrors(t *testing.T) {
	bad := map[string][][][2]float64{"f4": {{{0, 0}, {math.NaN(), 1}, {1, 1}}}}
	var buf bytes.Buffer
	err := OverlaySVG(&buf, nil, bad)
	var oe *OutlineError
	if !errors.As(err, &oe) || oe.Part != "f4" || oe.Side != "new" || oe.Ring != 0 || oe.Point != 1 {
		t.Errorf("NaN point: %v, want an OutlineError at f4 new ring 0 point 1", err)
	}
	if buf.Len() != 0 {
		t.Error("OverlaySVG wrote before failing")
	}
	huge := map[string][][][2]float64{"f4": {{{-math.MaxFloat64, 0}, {math.MaxFloat64, 1}}}}
	if err := OverlaySVG(io.Discard, huge, nil); err == nil {
		t.Error("an outline wider than a float64 drew")
	}
}

// TestRealManifests reads two manifests written by `fabkit build ceb-press`
// (presets classic-6x12 and long-6x24, kept in testdata as they were
// written): each checks clean against itself and survives a golden round
// trip, and the longer brick shows as resized plates and a changed preset.
func TestRealManifests(t *testing.T) {
	short, err := manifest.Read("testdata/ceb-press-classic-6x12.json")
	if err != nil {
		t.Fatal(err)
	}
	long, err := manifest.Read("testdata/ceb-press-long-6x24.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []*manifest.Manifest{short, long} {
		if r := Check(m, clone(t, m), Tolerances{CompareFiles: true}); len(r.Rows) != 0 {
			t.Errorf("%s against itself: %v", r.Design, r.Rows)
		}
	}
	r := Check(long, short, DefaultTolerances())
	if !r.Failed() {
		t.Error("a 24in brick press passed a 12in golden")
	}
	if row, ok := findRow(r.Rows, "design", "param brick_length"); !ok || row.Old != "304.8" || row.New != "609.6" {
		t.Errorf("brick_length row: %+v", row)
	}
	d := Diff(short, long)
	if len(d.Resized()) == 0 {
		t.Error("no resized parts between brick lengths")
	}
	if err := d.WriteText(io.Discard); err != nil {
		t.Fatal(err)
	}
}
