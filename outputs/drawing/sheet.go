package drawing

import (
	"image/color"
	"math"

	"github.com/tdewolff/canvas"
)

// Label is one text placed on a drawing, with its box on the page (mm,
// origin at the lower left). Tests use the boxes to check that no two
// annotations collide.
type Label struct {
	Text string
	Box  canvas.Rect
	// Role says what the text is: "dim" (a dimension or callout), "title"
	// (title block and notes).
	Role string
}

// Segment is a straight annotation line on the page, in mm.
type Segment struct {
	X0, Y0, X1, Y1 float64
	// Role: "dim" (dimension line), "ext" (extension line or leader),
	// "part" (part outline).
	Role string
}

// sheet is a page being drawn: the canvas and what has been placed on it.
type sheet struct {
	c        *canvas.Canvas
	ctx      *canvas.Context
	labels   []Label
	segments []Segment
	regular  *canvas.FontFace
	bold     *canvas.FontFace
}

func newSheet(w, h float64) (*sheet, error) {
	reg, err := Face(sizeDim, false)
	if err != nil {
		return nil, err
	}
	bold, err := Face(sizeDim, true)
	if err != nil {
		return nil, err
	}
	c := canvas.New(w, h)
	ctx := canvas.NewContext(c)
	// A white page, so that rasterised previews are not transparent.
	ctx.SetFillColor(canvas.White)
	ctx.SetStrokeColor(canvas.Transparent)
	ctx.DrawPath(0, 0, canvas.Rectangle(w, h))
	return &sheet{c: c, ctx: ctx, regular: reg, bold: bold}, nil
}

// face returns the sheet's font at size points.
func (s *sheet) face(size float64, bold bool, col color.Color) *canvas.FontFace {
	f := s.regular
	if bold {
		f = s.bold
	}
	return f.Font.Face(size, col)
}

// textSize returns the width and the ascent/descent of s in face.
func textSize(f *canvas.FontFace, s string) (w, asc, desc float64) {
	m := f.Metrics()
	return TextWidth(f, s), m.CapHeight, m.Descent * 0.6
}

// text draws s with its reference point at (x, y): ax 0, 0.5 or 1 aligns
// the left, centre or right; ay 0, 0.5 or 1 the bottom (descender), middle
// or top (cap height). rot is 0 or 90 degrees. It records the label box.
func (s *sheet) text(str string, f *canvas.FontFace, x, y, ax, ay, rot float64, role string) canvas.Rect {
	w, asc, desc := textSize(f, str)
	h := asc + desc
	// Baseline origin in the text's own frame.
	ox := -ax * w
	oy := -ay*h + desc
	s.ctx.Push()
	s.ctx.ComposeView(canvas.Identity.Translate(x, y).Rotate(rot))
	s.ctx.DrawText(ox, oy, TextLine(f, str, canvas.Left))
	s.ctx.Pop()
	var box canvas.Rect
	if rot == 0 {
		box = canvas.Rect{X0: x + ox, Y0: y + oy - desc, X1: x + ox + w, Y1: y + oy + asc}
	} else { // 90: text reads upwards, its baseline vertical
		box = canvas.Rect{X0: x - (oy + asc), Y0: y + ox, X1: x - (oy - desc), Y1: y + ox + w}
	}
	s.labels = append(s.labels, Label{Text: str, Box: box, Role: role})
	return box
}

// line draws a segment with a width and colour and records it.
func (s *sheet) line(x0, y0, x1, y1, width float64, col color.Color, role string) {
	p := &canvas.Path{}
	p.MoveTo(x0, y0)
	p.LineTo(x1, y1)
	s.ctx.SetFillColor(canvas.Transparent)
	s.ctx.SetStrokeColor(col)
	s.ctx.SetStrokeWidth(width)
	s.ctx.DrawPath(0, 0, p)
	s.segments = append(s.segments, Segment{x0, y0, x1, y1, role})
}

// arrow draws a filled arrowhead with its tip at (x, y) pointing along
// direction (dx, dy).
func (s *sheet) arrow(x, y, dx, dy float64, col color.Color) {
	l := math.Hypot(dx, dy)
	if l == 0 {
		return
	}
	dx, dy = dx/l, dy/l
	const length, half = 2.2, 0.55
	p := &canvas.Path{}
	p.MoveTo(x, y)
	p.LineTo(x-dx*length-dy*half, y-dy*length+dx*half)
	p.LineTo(x-dx*length+dy*half, y-dy*length-dx*half)
	p.Close()
	s.ctx.SetFillColor(col)
	s.ctx.SetStrokeColor(canvas.Transparent)
	s.ctx.DrawPath(0, 0, p)
}

// rect strokes (and optionally fills) an axis-aligned rectangle.
func (s *sheet) rect(x, y, w, h, width float64, stroke, fill color.Color) {
	s.ctx.SetFillColor(fill)
	s.ctx.SetStrokeColor(stroke)
	s.ctx.SetStrokeWidth(width)
	s.ctx.SetDashes(0)
	s.ctx.DrawPath(x, y, canvas.Rectangle(w, h))
}

// linearDim draws a dimension between page points a and b, with its
// dimension line offset to the side given by the unit normal (nx, ny) at
// distance off from a and b, extension lines, arrows and the text centred
// on the line (reading upwards for vertical dimensions).
func (s *sheet) linearDim(ax, ay, bx, by, nx, ny, off float64, text string, f *canvas.FontFace) canvas.Rect {
	const gap, over = 1.0, 1.5
	pax, pay := ax+nx*off, ay+ny*off
	pbx, pby := bx+nx*off, by+ny*off
	s.line(ax+nx*gap, ay+ny*gap, pax+nx*over, pay+ny*over, lineThin, inkDim, "ext")
	s.line(bx+nx*gap, by+ny*gap, pbx+nx*over, pby+ny*over, lineThin, inkDim, "ext")
	w, _, _ := textSize(f, text)
	length := math.Hypot(pbx-pax, pby-pay)
	ux, uy := (pbx-pax)/length, (pby-pay)/length
	mx, my := (pax+pbx)/2, (pay+pby)/2
	var box canvas.Rect
	if length > w+2*3 {
		// Text in a break of the dimension line.
		half := w/2 + 1
		s.line(pax, pay, mx-ux*half, my-uy*half, lineThin, inkDim, "dim")
		s.line(mx+ux*half, my+uy*half, pbx, pby, lineThin, inkDim, "dim")
		s.arrow(pax, pay, -ux, -uy, inkDim)
		s.arrow(pbx, pby, ux, uy, inkDim)
		rot := 0.0
		if math.Abs(uy) > math.Abs(ux) {
			rot = 90
		}
		box = s.text(text, f, mx, my, 0.5, 0.5, rot, "dim")
	} else {
		// Too short: arrows from outside, text beyond the line, outwards.
		s.line(pax, pay, pbx, pby, lineThin, inkDim, "dim")
		s.line(pax-ux*4, pay-uy*4, pax, pay, lineThin, inkDim, "dim")
		s.arrow(pax, pay, ux, uy, inkDim)
		s.arrow(pbx, pby, -ux, -uy, inkDim)
		s.line(pbx, pby, pbx+ux*4, pby+uy*4, lineThin, inkDim, "dim")
		if math.Abs(uy) > math.Abs(ux) {
			box = s.text(text, f, pbx, pby+5, 0, 0.5, 90, "dim") // starts 5 mm past the arrow, reading upwards
		} else {
			box = s.text(text, f, pbx+5, pby, 0, 0.5, 0, "dim")
		}
	}
	return box
}

// spread moves the centres c (sorted ascending) apart to at least gap,
// keeping their order, preferring to stay at or below hi and at or above lo
// (hi wins when both cannot hold).
func spread(c []float64, gap, lo, hi float64) []float64 {
	p := append([]float64(nil), c...)
	n := len(p)
	if n == 0 {
		return p
	}
	for i := range p {
		p[i] = math.Max(p[i], lo)
	}
	for i := 1; i < n; i++ {
		p[i] = math.Max(p[i], p[i-1]+gap)
	}
	if p[n-1] > hi {
		p[n-1] = hi
		for i := n - 2; i >= 0; i-- {
			p[i] = math.Min(p[i], p[i+1]-gap)
		}
	}
	return p
}

// overlaps reports whether two boxes share more than a hair of area.
func overlaps(a, b canvas.Rect) bool {
	const eps = 0.05
	return a.X0+eps < b.X1 && b.X0+eps < a.X1 && a.Y0+eps < b.Y1 && b.Y0+eps < a.Y1
}

// segmentHitsBox reports whether segment g passes through the inside of box b.
func segmentHitsBox(g Segment, b canvas.Rect) bool {
	const eps = 0.05
	b = canvas.Rect{X0: b.X0 + eps, Y0: b.Y0 + eps, X1: b.X1 - eps, Y1: b.Y1 - eps}
	// Liang-Barsky clipping.
	t0, t1 := 0.0, 1.0
	dx, dy := g.X1-g.X0, g.Y1-g.Y0
	for _, pq := range [4][2]float64{{-dx, g.X0 - b.X0}, {dx, b.X1 - g.X0}, {-dy, g.Y0 - b.Y0}, {dy, b.Y1 - g.Y0}} {
		p, q := pq[0], pq[1]
		if p == 0 {
			if q < 0 {
				return false
			}
			continue
		}
		r := q / p
		if p < 0 {
			t0 = math.Max(t0, r)
		} else {
			t1 = math.Min(t1, r)
		}
		if t0 > t1 {
			return false
		}
	}
	return true
}
