package drawing

import (
	"bytes"
	"math"
	"regexp"
	"strconv"
	"testing"

	"github.com/tdewolff/canvas"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/units"
)

func bigPlate() *model.Part {
	return &model.Part{ID: "f9", Name: "base", Material: "a36", Qty: 1, Process: model.PlateCut,
		Plate: &model.Plate{Thickness: 6, Shape: profile.New(profile.Rect(0, 0, 600, 400),
			profile.Circle(30, 30, 10), profile.Circle(570, 370, 10), profile.Circle(300, 200, 20))}}
}

var (
	cmRe   = regexp.MustCompile(`([-0-9.]+) 0 0 ([-0-9.]+) 0 0 cm`)
	rectRe = regexp.MustCompile(`([-0-9.]+) ([-0-9.]+) m ([-0-9.]+) ([-0-9.]+) l ([-0-9.]+) ([-0-9.]+) l ([-0-9.]+) ([-0-9.]+) l h? ?f`)
)

// pdfRects returns the filled axis-aligned rectangles of an uncompressed
// PDF's content streams as width x height in points, applying the page's
// scale (canvas writes mm coordinates under a "cm" of 72/25.4).
func pdfRects(t *testing.T, pdf []byte) [][2]float64 {
	t.Helper()
	cm := cmRe.FindSubmatch(pdf)
	if cm == nil {
		t.Fatal("no page scale (cm) in the PDF")
	}
	sx, _ := strconv.ParseFloat(string(cm[1]), 64)
	sy, _ := strconv.ParseFloat(string(cm[2]), 64)
	var out [][2]float64
	for _, m := range rectRe.FindAllSubmatch(pdf, -1) {
		var v [8]float64
		for i := range v {
			v[i], _ = strconv.ParseFloat(string(m[i+1]), 64)
		}
		xs := []float64{v[0], v[2], v[4], v[6]}
		ys := []float64{v[1], v[3], v[5], v[7]}
		w := (slicesMax(xs) - slicesMin(xs)) * sx
		h := (slicesMax(ys) - slicesMin(ys)) * sy
		out = append(out, [2]float64{w, h})
	}
	return out
}

func slicesMax(v []float64) float64 {
	m := math.Inf(-1)
	for _, x := range v {
		m = math.Max(m, x)
	}
	return m
}

func slicesMin(v []float64) float64 {
	m := math.Inf(1)
	for _, x := range v {
		m = math.Min(m, x)
	}
	return m
}

// TestTemplateCheckBar is the acceptance test for true scale: the 100 mm
// check bar measures 283.46 pt in the PDF and the 4 in bar 288 pt.
func TestTemplateCheckBar(t *testing.T) {
	for _, tc := range []struct {
		sys  units.System
		want float64 // pt
	}{{units.Metric, 283.4646}, {units.Imperial, 288}} {
		pages, err := Templates(bigPlate(), sampleInfo(tc.sys))
		if err != nil {
			t.Fatal(err)
		}
		canvases := make([]*canvas.Canvas, len(pages))
		for i, p := range pages {
			canvases[i] = p.Canvas
			if math.Abs(p.Check.W()-tc.want*25.4/72) > 1e-3 {
				t.Errorf("%s page %d: check bar %v mm", tc.sys, i+1, p.Check.W())
			}
		}
		var buf bytes.Buffer
		if err := WritePDFPages(&buf, canvases, PDFInfo{Uncompressed: true}); err != nil {
			t.Fatal(err)
		}
		found := 0
		for _, r := range pdfRects(t, buf.Bytes()) {
			if math.Abs(r[0]-tc.want) < 0.01 && math.Abs(r[1]-checkHeight*72/25.4) < 0.01 {
				found++
			}
		}
		if found != len(pages) {
			t.Errorf("%s: %d check bars of %.2f pt in the PDF, want one on each of %d pages", tc.sys, found, tc.want, len(pages))
		}
		writePreview(t, "template-"+string(tc.sys), canvases[0])
	}
}

// TestTemplateTiling checks that the pages cover the part with Overlap
// between neighbours and that every page has the paper's size.
func TestTemplateTiling(t *testing.T) {
	pages, err := Templates(bigPlate(), sampleInfo(units.Metric))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 4 {
		t.Fatalf("%d pages for a 600 x 400 plate on A4", len(pages))
	}
	union := pages[0].Window
	for _, p := range pages {
		if (p.Canvas.W != A4.Width || p.Canvas.H != A4.Height) && (p.Canvas.W != A4.Height || p.Canvas.H != A4.Width) {
			t.Errorf("page size %v x %v", p.Canvas.W, p.Canvas.H)
		}
		union = union.Add(p.Window)
		for _, q := range pages {
			if q.Row == p.Row && q.Col == p.Col+1 {
				if ov := p.Window.X1 - q.Window.X0; math.Abs(ov-Overlap) > 1e-9 {
					t.Errorf("r%dc%d and r%dc%d overlap by %v mm", p.Row, p.Col, q.Row, q.Col, ov)
				}
			}
			if q.Col == p.Col && q.Row == p.Row+1 {
				if ov := q.Window.Y1 - p.Window.Y0; math.Abs(ov-Overlap) > 1e-9 {
					t.Errorf("r%dc%d and r%dc%d overlap by %v mm", p.Row, p.Col, q.Row, q.Col, ov)
				}
			}
		}
	}
	if union.X0 > 0 || union.Y0 > 0 || union.X1 < 600 || union.Y1 < 400 {
		t.Errorf("pages cover %v, not the whole plate", union)
	}
	// A tube's template: one per drilled face, along its length.
	tp, err := Templates(sampleTube(), sampleInfo(units.Imperial))
	if err != nil {
		t.Fatal(err)
	}
	if len(tp) < 2 {
		t.Errorf("%d template pages for a 1200 mm tube drilled on two faces", len(tp))
	}
	writePreview(t, "template-tube", tp[0].Canvas)
}
