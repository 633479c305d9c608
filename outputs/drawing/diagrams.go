package drawing

import (
	"fmt"
	"image/color"
	"math"

	"github.com/tdewolff/canvas"

	"github.com/fabkit/fabkit/bom/cutstock"
	"github.com/fabkit/fabkit/cam/nest"
	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/internal/plural"
)

// NestSheet is one nested sheet to draw.
type NestSheet struct {
	Sheet     nest.Sheet
	Material  string  // shop material id
	Thickness float64 // mm
	Index     int     // 1-based number of the sheet in the nest
	Count     int     // sheets in the nest
	// Shapes are the plate profiles by part id, as given to nest.Nest.
	Shapes map[string]profile.Profile
}

// Nest draws a nesting diagram on one landscape page: the sheet, every
// part where the nest put it with its "id #instance" label, the remnant
// worth keeping, and the sheet size and utilization.
func Nest(n NestSheet, info Info) (*canvas.Canvas, error) {
	pw, ph := PaperFor(info.Units).Landscape()
	s, err := newSheet(pw, ph)
	if err != nil {
		return nil, err
	}
	size := n.Sheet.Size
	frame := frameArea(pw, ph)
	area := frame
	area.Y1 -= 8 // the heading
	k := pickScale(size.SizeX, size.SizeY, area.W(), area.H())
	x0 := area.X0 + (area.W()-size.SizeX*k)/2
	y0 := area.Y0 + (area.H()-size.SizeY*k)/2
	pt := func(q profile.Point) (float64, float64) { return x0 + q.X*k, y0 + q.Y*k }
	s.frame(info.titleFields(fmt.Sprintf("nest %d", n.Index), fmt.Sprintf("%s %s", info.format(n.Thickness), n.Material), scaleText(k)))

	s.rect(x0, y0, size.SizeX*k, size.SizeY*k, lineThick, inkPart, color.RGBA{0xf6, 0xf6, 0xf6, 0xff})
	if r := n.Sheet.Remnant; r.Area() > 0 {
		s.ctx.SetDashes(0, 2, 1.5)
		s.rect(x0+r.X*k, y0+r.Y*k, r.SizeX*k, r.SizeY*k, lineThin, inkCentr, color.RGBA{0xdf, 0xf0, 0xd8, 0xff})
		s.ctx.SetDashes(0)
		small := s.face(sizeSmall, false, inkCentr)
		text := "remnant " + info.format(r.SizeX) + " x " + info.format(r.SizeY)
		labelIn(s, frame, text, small, x0+(r.X+r.SizeX/2)*k, y0+(r.Y+r.SizeY/2)*k, r.SizeX*k, r.SizeY*k)
	}
	f := s.face(sizeSmall, true, inkPart)
	used := 0.0 // how far the parts reach along the sheet's length, its longer side
	for _, pl := range n.Sheet.Placements {
		sh, ok := n.Shapes[pl.PartID]
		if !ok {
			return nil, fmt.Errorf("drawing: nest %d: no shape for part %s", n.Index, pl.PartID)
		}
		placed := pl.Placed(sh)
		path := toCanvas(placed.Outer, k, pt)
		for _, h := range placed.Holes {
			path = path.Append(toCanvas(h, k, pt))
		}
		s.ctx.SetFillColor(fillPart)
		s.ctx.SetStrokeColor(inkPart)
		s.ctx.SetStrokeWidth(lineThin * 1.5)
		s.ctx.SetFillRule(canvas.EvenOdd)
		s.ctx.DrawPath(0, 0, path)
		s.ctx.SetFillRule(canvas.NonZero)
		b := placed.Bounds()
		if size.SizeY > size.SizeX {
			used = math.Max(used, b.Max.Y)
		} else {
			used = math.Max(used, b.Max.X)
		}
		cx, cy := pt(centroid(placed.Outer))
		labelIn(s, frame, fmt.Sprintf("%s #%d", pl.PartID, pl.Instance), f, cx, cy, (b.Max.X-b.Min.X)*k, (b.Max.Y-b.Min.Y)*k)
	}
	head := s.face(sizeTitle, true, inkPart)
	s.text(fmt.Sprintf("Sheet %d of %d: %s %s, %s x %s", n.Index, n.Count, info.format(n.Thickness), n.Material,
		info.format(size.SizeX), info.format(size.SizeY)), head, area.X0, area.Y1+7, 0, 1, 0, "title")
	note := s.face(sizeNote, false, inkPart)
	s.text(fmt.Sprintf("%s, utilization %.1f%%, used length %s. As laid on the table, seen from above.",
		plural.Count(len(n.Sheet.Placements), "part", "parts"), 100*n.Sheet.Utilization, info.format(used)), note, area.X1, area.Y1+6.5, 1, 1, 0, "title")
	return s.c, nil
}

// CutBar is one bar of a cutting plan to draw.
type CutBar struct {
	Bar        cutstock.UsedBar
	Profile    string // shop profile id
	Index      int    // 1-based number of the bar in its plan
	Kerf, Trim float64
	Keep       bool // the offcut is long enough to keep
	// Longest is the longest bar of the plan, so that all bars share a
	// scale; 0 means this bar's length.
	Longest float64
}

// Cut diagram size, in mm.
const (
	// CutDiagramHeight is the height of one bar's cutting diagram.
	CutDiagramHeight = 22.0
	cutStrip         = 8.0
)

var (
	kerfInk   = color.RGBA{0x30, 0x30, 0x30, 0xff}
	keepFill  = color.RGBA{0xc8, 0xe6, 0xc0, 0xff}
	wasteFill = color.RGBA{0xd8, 0xd8, 0xd8, 0xff}
)

// Cut draws one bar's cutting diagram, width mm wide and CutDiagramHeight
// high: the cuts in order with their labels and lengths, the kerfs dark,
// the trims and the offcut shaded (hatched when it is scrap).
func Cut(b CutBar, width float64, info Info) (*canvas.Canvas, error) {
	s := &sheet{c: canvas.New(width, CutDiagramHeight)}
	s.ctx = canvas.NewContext(s.c)
	var err error
	if s.regular, err = Face(sizeDim, false); err != nil {
		return nil, err
	}
	if s.bold, err = Face(sizeDim, true); err != nil {
		return nil, err
	}
	longest := b.Longest
	if longest <= 0 {
		longest = b.Bar.Stock.Length
	}
	k := width / longest
	y := 7.0
	ub := b.Bar
	title := s.face(sizeNote, true, inkPart)
	head := fmt.Sprintf("Bar %d: %s x %s, %s", b.Index, b.Profile, info.format(ub.Stock.Length), plural.Count(len(ub.Cuts), "cut", "cuts"))
	if ub.Offcut > 0 {
		word := "scrap"
		if b.Keep {
			word = "keep"
		}
		head += fmt.Sprintf(", offcut %s (%s)", info.format(ub.Offcut), word)
	}
	s.text(head, title, 0, y+cutStrip+2, 0, 0, 0, "title")
	// Trim at both ends, then the pieces and kerfs.
	s.rect(0, y, ub.Stock.Length*k, cutStrip, lineThin, inkPart, wasteFill)
	label := s.face(sizeSmall, false, inkPart)
	small := s.face(sizeSmall-1, false, inkPart)
	end := b.Trim
	for c, cut := range ub.Cuts {
		s.rect(cut.Position*k, y, cut.Length*k, cutStrip, lineThin, inkPart, fillPart)
		end = cut.Position + cut.Length
		if c+1 < len(ub.Cuts) || ub.Offcut > 0 {
			s.rect(end*k, y, math.Max(b.Kerf*k, 0.25), cutStrip, 0, canvas.Transparent, kerfInk)
		}
		text := fmt.Sprintf("%d. %s %s", c+1, cut.Label, info.format(cut.Length))
		mid := (cut.Position + cut.Length/2) * k
		if TextWidth(label, text) < cut.Length*k-1.5 {
			s.text(text, label, mid, y+cutStrip/2, 0.5, 0.5, 0, "dim")
		} else {
			s.text(fmt.Sprintf("%d. %s", c+1, cut.Label), small, mid, y-1-3*float64(c%2), 0.5, 1, 0, "dim")
		}
	}
	if ub.Offcut > 0 {
		fill := color.Color(wasteFill)
		if b.Keep {
			fill = keepFill
		}
		s.rect((end+b.Kerf)*k, y, ub.Offcut*k, cutStrip, lineThin, inkPart, fill)
	}
	return s.c, nil
}

// centroid is the area centroid of a closed path (flattened), which lies
// inside convex shapes such as gussets, unlike the centre of the bounds.
func centroid(p profile.Path) profile.Point {
	pts := p.Flatten(0.5)
	var a, cx, cy float64
	for i := range pts {
		q, r := pts[i], pts[(i+1)%len(pts)]
		c := q.X*r.Y - r.X*q.Y
		a += c
		cx += (q.X + r.X) * c
		cy += (q.Y + r.Y) * c
	}
	if math.Abs(a) < 1e-9 {
		b := p.Bounds()
		return b.Min.Add(b.Max).Scale(0.5)
	}
	return profile.Point{X: cx / (3 * a), Y: cy / (3 * a)}
}

// labelIn centres a label on (cx, cy) over a region w x h wide, turned to
// read upwards when it is wider than a tall region, and slid along its
// baseline as far as it takes to stay inside the frame: a label wider than
// a part or remnant at the sheet's edge would otherwise run off the page.
func labelIn(s *sheet, frame canvas.Rect, text string, f *canvas.FontFace, cx, cy, w, h float64) {
	tw := TextWidth(f, text)
	inside := func(c, lo, hi float64) float64 { return math.Max(lo+tw/2, math.Min(hi-tw/2, c)) }
	if tw > w && h > w {
		s.text(text, f, cx, inside(cy, frame.Y0, frame.Y1), 0.5, 0.5, 90, "dim")
		return
	}
	s.text(text, f, inside(cx, frame.X0, frame.X1), cy, 0.5, 0.5, 0, "dim")
}
