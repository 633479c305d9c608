package drawing

import (
	"bytes"
	"encoding/xml"
	"flag"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/renderers/rasterizer"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/geometry/section"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/units"
)

var preview = flag.String("preview", "", "write PNG previews of the test drawings into this directory")

// samplePlate is a 300 x 200 plate with a chamfered corner, four 27 mm
// holes, one 13 mm hole and a 13 x 50 slot.
func samplePlate() *model.Part {
	outer := profile.Polygon(profile.Point{X: 0, Y: 0}, profile.Point{X: 300, Y: 0}, profile.Point{X: 300, Y: 170},
		profile.Point{X: 270, Y: 200}, profile.Point{X: 0, Y: 200})
	holes := []profile.Path{
		profile.Circle(25, 25, 13.5), profile.Circle(275, 25, 13.5), profile.Circle(25, 175, 13.5), profile.Circle(240, 170, 13.5),
		profile.Circle(150, 100, 6.5),
		profile.Slot(profile.Point{X: 100, Y: 50}, profile.Point{X: 137, Y: 50}, 13),
	}
	return &model.Part{ID: "f4", Name: "side plate", Material: "a36", Process: model.PlateCut, Qty: 2,
		Plate: &model.Plate{Thickness: 12.7, Shape: profile.New(outer, holes...)}}
}

// sampleTube is a 1200 mm square tube with holes on two faces, a 30°
// mitre across its height at the start and a 45° one across its width at
// the end.
func sampleTube() *model.Part {
	return &model.Part{ID: "t1", Name: "frame leg", Material: "a500", Process: model.Saw, Qty: 4,
		Bar: &model.Bar{Profile: "sq-2x2x1/8", Length: 1200, Start: model.End{Mitre: 30, Axis: "y"}, End: model.End{Mitre: 45, Axis: "z"},
			Holes: []model.Hole{
				{At: 100, Face: "top", Diameter: 17.5, Through: true},
				{At: 400, Face: "top", Diameter: 17.5, Through: true},
				{At: 404, Face: "left", Diameter: 11, Through: false},
				{At: 1000, Face: "top", Diameter: 27, Through: true},
			}}}
}

func sampleInfo(sys units.System) Info {
	return Info{Design: "ceb-press", Version: "1", Digest: "3f9a2c1d", Units: sys, Sheet: 2, Sheets: 7,
		Sections: map[string]section.Section{"sq-2x2x1/8": {Shape: section.SquareTube, Width: 50.8, Height: 50.8, Wall: 3.175}}}
}

// svgTexts returns the text content of every <text> element.
func svgTexts(t *testing.T, r io.Reader) []string {
	t.Helper()
	dec := xml.NewDecoder(r)
	var texts []string
	depth := 0
	var cur strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG does not parse: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if e.Name.Local == "text" {
				depth++
				cur.Reset()
			}
		case xml.EndElement:
			if e.Name.Local == "text" {
				depth--
				texts = append(texts, cur.String())
			}
		case xml.CharData:
			if depth > 0 {
				cur.Write(e)
			}
		}
	}
	return texts
}

func writePreview(t *testing.T, name string, c *canvas.Canvas) {
	if *preview == "" {
		return
	}
	img := rasterizer.Draw(c, canvas.DPMM(5), canvas.DefaultColorSpace)
	f, err := os.Create(filepath.Join(*preview, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestPlateDimensionTexts checks that the SVG shows the overall size and
// hole diameters of the sample plate, formatted in the shop's units, and
// that the listed dimensions match the geometry.
func TestPlateDimensionTexts(t *testing.T) {
	for _, tc := range []struct {
		sys              units.System
		width, height    string
		big, small, slot string
	}{
		{units.Metric, "300mm", "200mm", "4x ⌀27mm", "⌀13mm", "slot 13mm x 50mm"},
		{units.Imperial, "11-13/16in", "7-7/8in", "4x ⌀1-1/16in", "⌀1/2in", "slot 1/2in x 1-15/16in"},
	} {
		t.Run(string(tc.sys), func(t *testing.T) {
			p := samplePlate()
			d, err := Draw(p, sampleInfo(tc.sys))
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := WriteSVG(&buf, d.Canvas); err != nil {
				t.Fatal(err)
			}
			texts := svgTexts(t, &buf)
			b := p.Plate.Shape.Bounds()
			f := tc.sys.Format
			for _, want := range []string{f(b.Size().X), f(b.Size().Y), tc.width, tc.height, tc.big, tc.small, tc.slot} {
				if !contains(texts, want) {
					t.Errorf("SVG has no text %q; texts: %q", want, texts)
				}
			}
			// The dimension list against the geometry.
			byKind := map[Kind][]Dimension{}
			for _, dim := range d.Dimensions {
				byKind[dim.Kind] = append(byKind[dim.Kind], dim)
				if dim.Text != "" && !strings.Contains(strings.Join(texts, "\n"), dim.Text) {
					t.Errorf("dimension %+v is not on the drawing", dim)
				}
			}
			if w := byKind[Width]; len(w) != 1 || w[0].Value != 300 || w[0].Text != tc.width {
				t.Errorf("width dimensions %+v", w)
			}
			if h := byKind[Height]; len(h) != 1 || h[0].Value != 200 || h[0].Text != tc.height {
				t.Errorf("height dimensions %+v", h)
			}
			holes := 0
			for _, dim := range byKind[Diameter] {
				holes++
				var c profile.Point
				var r float64
				found := false
				for _, h := range p.Plate.Shape.Holes {
					if cc, rr, ok := h.Circle(); ok && cc.Sub(dim.From).Len() < 1e-9 {
						c, r, found = cc, rr, true
					}
				}
				if !found || math.Abs(2*r-dim.Value) > 1e-9 || dim.Text != map[bool]string{true: tc.big, false: tc.small}[dim.Count == 4] {
					t.Errorf("diameter %+v: hole at %v has diameter %v", dim, c, 2*r)
				}
			}
			if holes != 5 {
				t.Errorf("%d diameter dimensions, want 5 (one per round hole)", holes)
			}
			if s := byKind[SlotSize]; len(s) != 1 || s[0].Value != 13 {
				t.Errorf("slot dimensions %+v", s)
			}
			// Every hole centre is on an X and a Y ordinate.
			for _, h := range p.Plate.Shape.Holes {
				if c, _, ok := h.Circle(); ok {
					if !hasOrdinate(byKind[OrdX], c.X-b.Min.X, f) || !hasOrdinate(byKind[OrdY], c.Y-b.Min.Y, f) {
						t.Errorf("hole at %v has no ordinates", c)
					}
				}
			}
			checkNoCollisions(t, d)
			writePreview(t, "plate-"+string(tc.sys), d.Canvas)
		})
	}
}

func hasOrdinate(ds []Dimension, v float64, f func(float64) string) bool {
	for _, d := range ds {
		if d.Text == f(v) {
			return true
		}
	}
	return false
}

// checkNoCollisions asserts that no two texts overlap, that no text lies
// on the part, and that no dimension or extension line runs through a
// text it does not belong to.
func checkNoCollisions(t *testing.T, d *Drawing) {
	t.Helper()
	for i, a := range d.Labels {
		for _, b := range d.Labels[i+1:] {
			if overlaps(a.Box, b.Box) {
				t.Errorf("texts %q %v and %q %v overlap", a.Text, a.Box, b.Text, b.Box)
			}
		}
		for _, v := range d.Views {
			if a.Role == "dim" && overlaps(a.Box, v) {
				t.Errorf("text %q %v lies on the part %v", a.Text, a.Box, v)
			}
		}
		for _, g := range d.Segments {
			if (g.Role == "dim" || g.Role == "ext" || g.Role == "centre") && segmentHitsBox(g, a.Box) {
				t.Errorf("line %+v runs through text %q %v", g, a.Text, a.Box)
			}
		}
		page := canvas.Rect{X0: 0, Y0: 0, X1: d.Canvas.W, Y1: d.Canvas.H}
		if a.Box.X0 < page.X0+margin || a.Box.X1 > page.X1-margin || a.Box.Y0 < page.Y0+margin || a.Box.Y1 > page.Y1-margin {
			t.Errorf("text %q %v is outside the frame", a.Text, a.Box)
		}
	}
}

// TestTubeDrawing checks the sample tube: cut length, hole positions from
// the reference end, diameters and the mitre.
func TestTubeDrawing(t *testing.T) {
	p := sampleTube()
	d, err := Draw(p, sampleInfo(units.Imperial))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteSVG(&buf, d.Canvas); err != nil {
		t.Fatal(err)
	}
	texts := svgTexts(t, &buf)
	f := units.Imperial.Format
	for _, want := range []string{f(1200), f(100), f(400), f(404), f(1000), "2x ⌀11/16in thru", "⌀1-1/16in thru", "⌀7/16in", "45° mitre", "30° mitre"} {
		if !contains(texts, want) {
			t.Errorf("SVG has no text %q; texts: %q", want, texts)
		}
	}
	views := map[string]bool{}
	for _, dim := range d.Dimensions {
		views[dim.View] = true
		switch dim.Kind {
		case Length:
			if dim.Value != 1200 {
				t.Errorf("length %+v", dim)
			}
		case Mitre:
			if !(dim.Value == 45 && dim.From.X == 1200 && dim.View == "top") && !(dim.Value == 30 && dim.From.X == 0 && dim.View == "left") {
				t.Errorf("mitre %+v", dim)
			}
		case Position:
			ok := dim.Value == 0
			for _, h := range p.Bar.Holes {
				ok = ok || (h.At == dim.Value && viewName(h.Face) == dim.View)
			}
			if !ok {
				t.Errorf("position %+v matches no hole", dim)
			}
		}
	}
	if !views["top"] || !views["left"] {
		t.Errorf("views %v, want top and left", views)
	}
	checkNoCollisions(t, d)
	writePreview(t, "tube", d.Canvas)
}

func viewName(face section.Face) string { v, _ := viewOf(face); return v }
