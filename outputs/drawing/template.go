package drawing

import (
	"fmt"
	"math"

	"github.com/tdewolff/canvas"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/units"
)

// Template layout, in mm.
const (
	// Overlap is the strip of part shared by neighbouring template pages,
	// where they are aligned and taped together.
	Overlap     = 10.0
	tplMargin   = 10.0 // unprinted edge of the paper
	tplStrip    = 19.0 // label and check bar strip at the bottom
	tplBorder   = 5.0  // paper around the part on the outer pages
	checkHeight = 3.0
)

// CheckBar is the length of the check bar printed on every template page:
// 100 mm for metric shops, 4 in for imperial ones. Printed at true scale it
// measures exactly this.
func CheckBar(sys units.System) (mm float64, label string) {
	if sys == units.Imperial {
		return 4 * units.MMPerInch, "4in"
	}
	return 100, "100mm"
}

// TemplatePage is one page of a 1:1 template.
type TemplatePage struct {
	Canvas   *canvas.Canvas
	Row, Col int // 1-based position in the tiling, row 1 at the top
	Rows     int
	Cols     int
	// Check is the check bar on the page, in page mm.
	Check canvas.Rect
	// Window is the part of the template this page shows, in the
	// template's frame (mm).
	Window canvas.Rect
}

// tplMark is a point to mark on a template: a hole centre with its size.
type tplMark struct {
	at   profile.Point
	r    float64
	text string
}

// tplContent is what a template shows, in its own frame at 1:1.
type tplContent struct {
	title string
	paths []profile.Path // outlines, drawn as arcs and lines
	marks []tplMark
	lines [][2]profile.Point // centre lines, reference ends
	texts []tplText
	box   profile.Box
}

type tplText struct {
	at   profile.Point
	text string
}

// Templates returns the 1:1 marking templates of a part on the shop's
// paper (Letter or A4, portrait): the plate outline with its hole
// centres, or for a bar one template per drilled face, a strip of the face
// with the hole centres from the reference end. A template larger than the
// printable area is tiled over pages that overlap by Overlap, with
// alignment crosses in the overlaps, row/column labels and, on every page,
// a check bar to confirm the print is at true scale.
func Templates(p *model.Part, info Info) ([]TemplatePage, error) {
	var contents []tplContent
	switch {
	case p == nil:
		return nil, fmt.Errorf("drawing: no part")
	case p.Plate != nil:
		contents = []tplContent{plateTemplate(p, info)}
	case p.Bar != nil:
		contents = barTemplates(p, info)
	default:
		return nil, fmt.Errorf("drawing: part %s: only plates and bars have templates", p.ID)
	}
	var pages []TemplatePage
	for _, c := range contents {
		ps, err := tile(c, info)
		if err != nil {
			return nil, fmt.Errorf("drawing: part %s: %w", p.ID, err)
		}
		pages = append(pages, ps...)
	}
	return pages, nil
}

func plateTemplate(p *model.Part, info Info) tplContent {
	sh := p.Plate.Shape
	c := tplContent{title: fmt.Sprintf("%s %s, %s %s plate", p.ID, p.Name, info.format(p.Plate.Thickness), p.Material), box: sh.Bounds()}
	c.paths = sh.Paths()
	for _, h := range sh.Holes {
		f := classify(h)
		for _, ctr := range f.centre {
			c.marks = append(c.marks, tplMark{ctr, f.radius, "⌀" + info.format(2*f.radius)})
		}
	}
	return c
}

func barTemplates(p *model.Part, info Info) []tplContent {
	b := p.Bar
	sec := info.Sections[b.Profile]
	var out []tplContent
	for _, v := range barViews(b, sec) {
		if len(v.holes) == 0 {
			continue
		}
		across := v.across
		if across <= 0 {
			across = 40
		}
		c := tplContent{title: fmt.Sprintf("%s %s, %s face, wrap on %s", p.ID, p.Name, v.name, b.Profile)}
		c.paths = []profile.Path{profile.Rect(0, -across/2, b.Length, across)}
		c.lines = [][2]profile.Point{{{X: -5, Y: 0}, {X: b.Length + 5, Y: 0}}}
		c.texts = []tplText{{profile.Point{X: 2, Y: across/2 + 2}, "REF END: hold this edge on the start end"}}
		for _, h := range v.holes {
			c.marks = append(c.marks, tplMark{profile.Point{X: h.At}, h.Diameter / 2, "⌀" + info.format(h.Diameter) + " @ " + info.format(h.At)})
		}
		c.box = profile.Box{Min: profile.Point{X: 0, Y: -across/2 - 1}, Max: profile.Point{X: b.Length, Y: across/2 + 6}}
		out = append(out, c)
	}
	return out
}

// tile lays a template over as many pages as it needs.
func tile(c tplContent, info Info) ([]TemplatePage, error) {
	paper := PaperFor(info.Units)
	box := canvas.Rect{X0: c.box.Min.X - tplBorder, Y0: c.box.Min.Y - tplBorder, X1: c.box.Max.X + tplBorder, Y1: c.box.Max.Y + tplBorder}
	count := func(pw, ph float64) (cols, rows int) {
		ww, wh := pw-2*tplMargin, ph-2*tplMargin-tplStrip
		cols = max(1, int(math.Ceil((box.W()-Overlap)/(ww-Overlap)-1e-9)))
		rows = max(1, int(math.Ceil((box.H()-Overlap)/(wh-Overlap)-1e-9)))
		return cols, rows
	}
	// Portrait unless landscape needs fewer pages.
	pw, ph := paper.Width, paper.Height
	cols, rows := count(pw, ph)
	if lc, lr := count(ph, pw); lc*lr < cols*rows {
		pw, ph, cols, rows = ph, pw, lc, lr
	}
	ww, wh := pw-2*tplMargin, ph-2*tplMargin-tplStrip // window on the part
	// The tiling starts at the part's top left corner.
	th := float64(rows)*(wh-Overlap) + Overlap
	ox := box.X0
	oy := box.Y1 - th
	checkLen, checkLabel := CheckBar(info.Units)

	var pages []TemplatePage
	for r := 0; r < rows; r++ { // row 0 at the top
		for col := 0; col < cols; col++ {
			wx0 := ox + float64(col)*(ww-Overlap)
			wy0 := oy + float64(rows-1-r)*(wh-Overlap)
			win := canvas.Rect{X0: wx0, Y0: wy0, X1: wx0 + ww, Y1: wy0 + wh}
			s, err := newSheet(pw, ph)
			if err != nil {
				return nil, err
			}
			// Page point of a template point.
			px0, py0 := tplMargin-wx0, tplMargin+tplStrip-wy0
			pt := func(q profile.Point) (float64, float64) { return q.X + px0, q.Y + py0 }
			s.ctx.SetStrokeColor(inkPart)
			s.ctx.SetStrokeWidth(0.3)
			s.ctx.SetFillColor(canvas.Transparent)
			for _, path := range c.paths {
				s.ctx.DrawPath(0, 0, toCanvas(path, 1, pt))
			}
			small := s.face(sizeSmall, false, inkPart)
			for _, l := range c.lines {
				ax, ay := pt(l[0])
				bx, by := pt(l[1])
				s.ctx.SetDashes(0, 6, 2, 1, 2)
				s.line(ax, ay, bx, by, lineThin, inkCentr, "centre")
				s.ctx.SetDashes(0)
			}
			for _, m := range c.marks {
				x, y := pt(m.at)
				if x < -50 || x > pw+50 || y < -50 || y > ph+50 {
					continue
				}
				s.ctx.SetStrokeColor(inkPart)
				s.ctx.SetStrokeWidth(lineThin)
				s.ctx.SetFillColor(canvas.Transparent)
				s.ctx.DrawPath(x, y, canvas.Circle(m.r))
				s.crossMark(x, y, m.r+4)
				s.ctx.SetFillColor(inkPart)
				s.ctx.SetStrokeColor(canvas.Transparent)
				s.ctx.DrawPath(x, y, canvas.Circle(0.35)) // punch point
				s.text(m.text, small, x+m.r*0.75+1, y+m.r*0.75+1, 0, 0, 0, "dim")
			}
			for _, t := range c.texts {
				x, y := pt(t.at)
				s.text(t.text, small, x, y, 0, 0, 0, "dim")
			}
			// Alignment crosses in the overlaps, at the same template
			// points on both pages.
			for i := 1; i < cols; i++ {
				x := ox + float64(i)*(ww-Overlap) + Overlap/2
				for j := 0; j < rows; j++ {
					for _, f := range []float64{0.25, 0.75} {
						y := oy + float64(j)*(wh-Overlap) + Overlap + f*(wh-2*Overlap)
						s.alignCross(x+px0, y+py0)
					}
				}
			}
			for j := 1; j < rows; j++ {
				y := oy + float64(j)*(wh-Overlap) + Overlap/2
				for i := 0; i < cols; i++ {
					for _, f := range []float64{0.25, 0.75} {
						x := ox + float64(i)*(ww-Overlap) + Overlap + f*(ww-2*Overlap)
						s.alignCross(x+px0, y+py0)
					}
				}
			}
			// Mask what lies outside the window, then frame it.
			s.rect(0, 0, pw, tplMargin+tplStrip, 0, canvas.Transparent, canvas.White)
			s.rect(0, ph-tplMargin, pw, tplMargin, 0, canvas.Transparent, canvas.White)
			s.rect(0, 0, tplMargin, ph, 0, canvas.Transparent, canvas.White)
			s.rect(pw-tplMargin, 0, tplMargin, ph, 0, canvas.Transparent, canvas.White)
			s.rect(tplMargin, tplMargin+tplStrip, ww, wh, lineThin, inkCentr, canvas.Transparent)
			// Overlap edges, dashed: trim one page here and lay it on the next.
			s.ctx.SetDashes(0, 2, 2)
			if col > 0 {
				s.line(tplMargin+Overlap, tplMargin+tplStrip, tplMargin+Overlap, ph-tplMargin, lineThin, inkCentr, "ext")
			}
			if r > 0 {
				s.line(tplMargin, ph-tplMargin-Overlap, pw-tplMargin, ph-tplMargin-Overlap, lineThin, inkCentr, "ext")
			}
			s.ctx.SetDashes(0)

			// Labels and the check bar in the bottom strip.
			bold := s.face(sizeNote, true, inkPart)
			note := s.face(sizeSmall, false, inkPart)
			y := tplMargin + tplStrip
			s.text(fmt.Sprintf("TEMPLATE 1:1  %s", c.title), bold, tplMargin, y-4, 0, 0, 0, "title")
			s.text(fmt.Sprintf("page row %d, col %d of %d x %d. Print at 100%% (actual size) and check the bar. %s %s",
				r+1, col+1, rows, cols, info.Design, info.Digest), note, tplMargin, y-8, 0, 0, 0, "title")
			cx := tplMargin
			cy := tplMargin + 1.5
			s.rect(cx, cy, checkLen, checkHeight, 0, canvas.Transparent, inkPart)
			ticks := 10
			if info.Units == units.Imperial {
				ticks = 16 // quarter inches
			}
			for i := 0; i <= ticks; i++ {
				tx := cx + checkLen*float64(i)/float64(ticks)
				s.line(tx, cy+checkHeight, tx, cy+checkHeight+1, lineThin, inkPart, "title")
			}
			s.text("check: this bar measures "+checkLabel, note, cx+checkLen+3, cy+checkHeight/2, 0, 0.5, 0, "title")
			// Row/column tags on the edges that join another page.
			tag := s.face(sizeNote, true, inkDim)
			if col > 0 {
				s.text(fmt.Sprintf("< r%dc%d", r+1, col), tag, tplMargin+1, ph/2, 0, 0.5, 90, "title")
			}
			if col < cols-1 {
				s.text(fmt.Sprintf("r%dc%d >", r+1, col+2), tag, pw-tplMargin-1, ph/2, 1, 0.5, 90, "title")
			}
			if r > 0 {
				s.text(fmt.Sprintf("^ r%dc%d", r, col+1), tag, pw/2, ph-tplMargin-1, 0.5, 1, 0, "title")
			}
			if r < rows-1 {
				s.text(fmt.Sprintf("v r%dc%d", r+2, col+1), tag, pw/2, tplMargin+tplStrip+1, 0.5, 0, 0, "title")
			}
			pages = append(pages, TemplatePage{Canvas: s.c, Row: r + 1, Col: col + 1, Rows: rows, Cols: cols,
				Check: canvas.Rect{X0: cx, Y0: cy, X1: cx + checkLen, Y1: cy + checkHeight}, Window: win})
		}
	}
	return pages, nil
}

// alignCross draws an alignment cross with a circle, for lining pages up.
func (s *sheet) alignCross(x, y float64) {
	s.ctx.SetStrokeColor(inkDim)
	s.ctx.SetStrokeWidth(lineThin)
	s.ctx.SetFillColor(canvas.Transparent)
	s.ctx.DrawPath(x, y, canvas.Circle(2))
	s.line(x-4, y, x+4, y, lineThin, inkDim, "ext")
	s.line(x, y-4, x, y+4, lineThin, inkDim, "ext")
}
