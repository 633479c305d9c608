package drawing

import (
	"fmt"
	"math"

	"github.com/tdewolff/canvas"

	"github.com/fabkit/fabkit/geometry/section"
	"github.com/fabkit/fabkit/units"
)

// Info is what a drawing's title block says besides the part.
type Info struct {
	Design  string // design name, e.g. "ceb-press"
	Version string // design version
	Digest  string // digest of the resolved parameters
	Units   units.System
	// Sheet and Sheets number the drawing in its set ("sheet 3 of 12");
	// zero leaves the field out.
	Sheet, Sheets int
	// Sections gives the cross-section of bar profiles by shop profile id
	// (shop.Profile.Section), for side views of bars to scale; a bar whose
	// profile is missing is drawn with a nominal section and a note.
	Sections map[string]section.Section
}

// format prints a length in the drawing's units.
func (in Info) format(mm float64) string {
	sys := in.Units
	if sys == "" {
		sys = units.Metric
	}
	return sys.Format(mm)
}

// Page layout, in mm.
const (
	margin      = 10.0 // paper edge to frame
	titleHeight = 16.0 // title block strip at the bottom of the frame
)

// titleField is one cell of the title block.
type titleField struct{ name, value string }

// frame draws the border and the title block along the bottom of the
// page, and returns the drawing area above it.
func (s *sheet) frame(fields []titleField) canvas.Rect {
	w, h := s.c.W, s.c.H
	s.rect(margin, margin, w-2*margin, h-2*margin, lineFrame, inkPart, canvas.Transparent)
	s.rect(margin, margin, w-2*margin, titleHeight, lineFrame, inkPart, canvas.Transparent)
	small := s.face(sizeSmall, false, inkCentr)
	value := s.face(sizeNote, true, inkPart)
	// Cells: two rows, widths shared out by content.
	per := (len(fields) + 1) / 2
	cellW := (w - 2*margin) / float64(per)
	for i, f := range fields {
		row, col := i/per, i%per
		x := margin + float64(col)*cellW
		y := margin + titleHeight - float64(row+1)*titleHeight/2
		s.rect(x, y, cellW, titleHeight/2, lineThin, inkPart, canvas.Transparent)
		s.text(f.name, small, x+1, y+titleHeight/2-0.8, 0, 1, 0, "title")
		v := f.value
		for len(v) > 3 && TextWidth(value, v) > cellW-2 {
			v = v[:len(v)-4] + "…"
		}
		s.text(v, value, x+1, y+0.9, 0, 0, 0, "title")
	}
	return frameArea(w, h)
}

// frameArea is the drawing area of a page of w x h mm inside the frame.
func frameArea(w, h float64) canvas.Rect {
	return canvas.Rect{X0: margin + 3, Y0: margin + titleHeight + 3, X1: w - margin - 3, Y1: h - margin - 3}
}

// titleFields returns the fields every drawing carries.
func (in Info) titleFields(id, name, scale string) []titleField {
	sheetText := ""
	if in.Sheet > 0 {
		sheetText = fmt.Sprintf("%d of %d", in.Sheet, max(in.Sheets, in.Sheet))
	}
	design := in.Design
	if in.Version != "" {
		design += " v" + in.Version
	}
	sys := in.Units
	if sys == "" {
		sys = units.Metric
	}
	return []titleField{
		{"part", id}, {"name", name}, {"scale", scale}, {"sheet", sheetText},
		{"design", design}, {"parameters", in.Digest}, {"units", string(sys.Unit())}, {"drawn by", "fabkit"},
	}
}

// scales are the drawing scales fabkit picks from, largest first.
var scales = []float64{2, 1, 1.0 / 2, 1.0 / 4, 1.0 / 5, 1.0 / 8, 1.0 / 10, 1.0 / 16, 1.0 / 20, 1.0 / 25, 1.0 / 50, 1.0 / 100, 1.0 / 200}

// pickScale returns the largest standard scale at which w x h fits aw x ah.
func pickScale(w, h, aw, ah float64) float64 {
	for _, k := range scales {
		if w*k <= aw && h*k <= ah {
			return k
		}
	}
	return math.Min(aw/w, ah/h)
}

// scaleText prints a scale as "1:5" or "2:1".
func scaleText(k float64) string {
	if k >= 1 {
		return fmt.Sprintf("%g:1", k)
	}
	return fmt.Sprintf("1:%g", math.Round(1/k*100)/100)
}
