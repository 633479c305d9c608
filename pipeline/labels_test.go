package pipeline_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/fabkit/fabkit/outputs/drawing"
	"github.com/tdewolff/canvas"
)

// TestNestLabelsStayOnThePage reads every nest drawing of every preset as
// SVG and measures every text element: each must lie inside the SVG's
// viewBox and inside the drawing's frame (its first outlined rectangle).
// The drawings name a font they do not embed, so a text without a
// textLength is measured with the wider of the drawing's font and the sans
// a viewer falls back to (fc-match sans); a text with one spans exactly it.
func TestNestLabelsStayOnThePage(t *testing.T) {
	for _, b := range everyPreset(t) {
		t.Run(b.name, func(t *testing.T) {
			if b.err != nil {
				t.Fatal(b.err)
			}
			nests := map[string]bool{}
			for _, n := range b.res.Manifest.Nests {
				nests["sheets/"+n.ID+".svg"] = true
			}
			seen := 0
			for _, f := range b.res.Files {
				if !nests[f.Path] {
					continue
				}
				seen++
				for _, bad := range textsOffPage(t, f.Data) {
					t.Errorf("%s: %s", f.Path, bad)
				}
			}
			if seen != len(nests) {
				t.Errorf("%d nest drawings, %d nests", seen, len(nests))
			}
		})
	}
}

// textsOffPage returns the text elements of an SVG whose extent leaves its
// viewBox or its frame.
func textsOffPage(t *testing.T, svg []byte) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var view [4]float64
	var frame []float64 // x0, y0, x1, y1
	var bad []string
	var matrix [6]float64
	var size float64
	var bold bool
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		attr := func(name string) string {
			for _, a := range el.Attr {
				if a.Name.Local == name {
					return a.Value
				}
			}
			return ""
		}
		switch el.Name.Local {
		case "svg":
			if _, err := fmt.Sscanf(attr("viewBox"), "%g %g %g %g", &view[0], &view[1], &view[2], &view[3]); err != nil {
				t.Fatalf("viewBox %q: %v", attr("viewBox"), err)
			}
		case "path":
			var x0, y0, x1, y1, x2 float64
			if frame == nil && strings.Contains(attr("style"), "fill:none") {
				if _, err := fmt.Sscanf(attr("d"), "M%g %gH%gV%gH%gz", &x0, &y0, &x1, &y1, &x2); err == nil {
					frame = []float64{math.Min(x0, x1), math.Min(y0, y1), math.Max(x0, x1), math.Max(y0, y1)}
				}
			}
		case "text":
			matrix = [6]float64{1, 0, 0, 1, 0, 0}
			if tr := attr("transform"); tr != "" {
				if _, err := fmt.Sscanf(tr, "matrix(%g,%g,%g,%g,%g,%g)", &matrix[0], &matrix[1], &matrix[2], &matrix[3], &matrix[4], &matrix[5]); err != nil {
					t.Fatalf("text transform %q: %v", tr, err)
				}
			}
			style := attr("style")
			bold = strings.Contains(style, "font: 700 ")
			i := strings.Index(style, "px ")
			j := strings.LastIndex(style[:max(i, 0)], " ")
			if i < 0 || j < 0 {
				t.Fatalf("text style %q has no font size", style)
			}
			size, err = strconv.ParseFloat(style[j+1:i], 64)
			if err != nil {
				t.Fatalf("text style %q: %v", style, err)
			}
		case "tspan":
			var s string
			if err := dec.DecodeElement(&s, &el); err != nil {
				t.Fatal(err)
			}
			x, _ := strconv.ParseFloat(attr("x"), 64)
			y, _ := strconv.ParseFloat(attr("y"), 64)
			// The faces at size points; the SVG's font size is in mm.
			pt := size / (25.4 / 72)
			face, err := drawing.Face(pt, bold)
			if err != nil {
				t.Fatal(err)
			}
			w := face.TextWidth(s)
			if fb := fallbackFace(t, pt, bold); fb != nil {
				w = math.Max(w, fb.TextWidth(s))
			}
			if tl := attr("textLength"); tl != "" {
				if w, err = strconv.ParseFloat(tl, 64); err != nil {
					t.Fatalf("textLength %q: %v", tl, err)
				}
			}
			// SVG is y-down: a sans font's glyphs reach about one em above
			// the baseline and a third of one below.
			asc, desc := size, size/3
			lo, hi := [2]float64{math.Inf(1), math.Inf(1)}, [2]float64{math.Inf(-1), math.Inf(-1)}
			for _, c := range [][2]float64{{x, y - asc}, {x + w, y - asc}, {x, y + desc}, {x + w, y + desc}} {
				px := matrix[0]*c[0] + matrix[2]*c[1] + matrix[4]
				py := matrix[1]*c[0] + matrix[3]*c[1] + matrix[5]
				lo = [2]float64{math.Min(lo[0], px), math.Min(lo[1], py)}
				hi = [2]float64{math.Max(hi[0], px), math.Max(hi[1], py)}
			}
			const eps = 0.01
			if lo[0] < view[0]-eps || lo[1] < view[1]-eps || hi[0] > view[0]+view[2]+eps || hi[1] > view[1]+view[3]+eps {
				bad = append(bad, fmt.Sprintf("text %q spans x %.2f..%.2f y %.2f..%.2f, outside the viewBox %v", s, lo[0], hi[0], lo[1], hi[1], view))
			} else if frame == nil {
				t.Fatal("text before the frame")
			} else if lo[0] < frame[0]-eps || lo[1] < frame[1]-eps || hi[0] > frame[2]+eps || hi[1] > frame[3]+eps {
				bad = append(bad, fmt.Sprintf("text %q spans x %.2f..%.2f y %.2f..%.2f, outside the frame %v", s, lo[0], hi[0], lo[1], hi[1], frame))
			}
		}
	}
	return bad
}

var fallbackFonts = sync.OnceValue(func() [2]*canvas.FontFamily {
	var fams [2]*canvas.FontFamily
	for i, pattern := range []string{"sans", "sans:bold"} {
		out, err := exec.Command("fc-match", "-f", "%{file}", pattern).Output()
		if err != nil || len(out) == 0 {
			continue
		}
		f := canvas.NewFontFamily("fallback")
		if err := f.LoadFontFile(string(out), canvas.FontRegular); err != nil {
			continue
		}
		fams[i] = f
	}
	return fams
})

// fallbackFace returns the sans font a viewer on this machine uses for a
// font it does not have, at size points, or nil without fontconfig.
func fallbackFace(t *testing.T, size float64, bold bool) *canvas.FontFace {
	t.Helper()
	f := fallbackFonts()[0]
	if bold && fallbackFonts()[1] != nil {
		f = fallbackFonts()[1]
	}
	if f == nil {
		return nil
	}
	return f.Face(size, canvas.Black, canvas.FontRegular)
}
