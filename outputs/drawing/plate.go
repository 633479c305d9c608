package drawing

import (
	"fmt"
	"math"
	"sort"

	"github.com/tdewolff/canvas"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
)

// Kind says what a dimension measures.
type Kind string

// The kinds of dimension a drawing lists.
const (
	Width    Kind = "width"    // overall size along X
	Height   Kind = "height"   // overall size along Y
	OrdX     Kind = "x"        // ordinate along X from the datum
	OrdY     Kind = "y"        // ordinate along Y from the datum
	Diameter Kind = "diameter" // a hole diameter (Count holes)
	SlotSize Kind = "slot"     // a slot's width; To-From spans its centres
	Length   Kind = "length"   // a bar's cut length at its axis
	Position Kind = "position" // a hole's distance from a bar's reference end
	Mitre    Kind = "mitre"    // an end cut's angle from square, in degrees
)

// Dimension is one dimension drawn, in the part's own frame: Value in mm
// (degrees for Mitre), measured From a point To a point, and the Text
// printed for it.
type Dimension struct {
	Kind     Kind
	Value    float64
	From, To profile.Point
	Text     string
	Count    int    // holes sharing a Diameter callout; 1 otherwise
	View     string // bar view ("top", "left", ...); empty for plates
}

// Drawing is a part drawing: the page and what is on it.
type Drawing struct {
	Canvas     *canvas.Canvas
	Dimensions []Dimension
	Labels     []Label       // every text, with its box on the page
	Segments   []Segment     // every annotation line
	Views      []canvas.Rect // the part's extent on the page, one per view
	Scale      float64       // page mm per part mm
}

// Part draws a part on one page of the shop's paper and returns the page.
// Plates and bars are drawn; solid and purchased parts are an error.
func Part(p *model.Part, info Info) (*canvas.Canvas, error) {
	d, err := Draw(p, info)
	if err != nil {
		return nil, err
	}
	return d.Canvas, nil
}

// Draw draws a part like Part and also returns the dimensions and
// annotations it placed.
func Draw(p *model.Part, info Info) (*Drawing, error) {
	switch {
	case p == nil:
		return nil, fmt.Errorf("drawing: no part")
	case p.Plate != nil:
		d, err := drawPlate(p, info)
		if err != nil {
			return nil, fmt.Errorf("drawing: part %s: %w", p.ID, err)
		}
		return d, nil
	case p.Bar != nil:
		d, err := drawBar(p, info)
		if err != nil {
			return nil, fmt.Errorf("drawing: part %s: %w", p.ID, err)
		}
		return d, nil
	}
	return nil, fmt.Errorf("drawing: part %s: only plates and bars have drawings", p.ID)
}

// ordinate is one value on an ordinate row.
type ordinate struct {
	v    float64 // from the datum, mm
	at   float64 // part coordinate
	text string
}

// ordinates dedupes part coordinates by their printed value from datum.
func ordinates(vals []float64, datum float64, info Info) []ordinate {
	sort.Float64s(vals)
	var out []ordinate
	seen := map[string]bool{}
	for _, v := range vals {
		t := info.format(v - datum)
		if seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, ordinate{v - datum, v, t})
	}
	return out
}

// callout is a hole size with the holes that share it.
type callout struct {
	text  string
	kind  Kind
	value float64
	feats []feature
}

func (c callout) rep() feature { return c.feats[0] }

func drawPlate(p *model.Part, info Info) (*Drawing, error) {
	shape := p.Plate.Shape
	if err := shape.Validate(); err != nil {
		return nil, err
	}
	b := shape.Bounds()
	size := b.Size()
	feats := make([]feature, len(shape.Holes))
	for i, h := range shape.Holes {
		feats[i] = classify(h)
	}

	// What the ordinates show: hole and slot centres, cut-out extents, and
	// the outline's corners unless it is a plain rectangle.
	var xs, ys []float64
	xs = append(xs, b.Min.X)
	ys = append(ys, b.Min.Y)
	for _, f := range feats {
		switch f.kind {
		case "cutout":
			xs = append(xs, f.box.Min.X, f.box.Max.X)
			ys = append(ys, f.box.Min.Y, f.box.Max.Y)
		default:
			for _, c := range f.centre {
				xs = append(xs, c.X)
				ys = append(ys, c.Y)
			}
		}
	}
	keepX, keepY := append([]float64(nil), xs...), append([]float64(nil), ys...)
	if !isRect(shape.Outer) {
		shape.Outer.Each(func(a profile.Point, s profile.Segment) {
			if arc, ok := profile.ArcOf(a, s); ok {
				xs, ys = append(xs, arc.Center.X), append(ys, arc.Center.Y)
			}
			xs, ys = append(xs, a.X), append(ys, a.Y)
		})
	}
	var oxs, oys []ordinate
	if len(xs) > 1 {
		oxs = ordinates(xs, b.Min.X, info)
		oys = ordinates(ys, b.Min.Y, info)
	}

	// Diameter and slot callouts, grouped by the printed size.
	var calls []callout
	index := map[string]int{}
	for _, f := range feats {
		var key, text string
		var kind Kind
		var value float64
		switch f.kind {
		case "circle":
			value = 2 * f.radius
			kind, key = Diameter, "⌀"+info.format(value)
			text = key
		case "slot":
			value = 2 * f.radius
			l := f.centre[1].Sub(f.centre[0]).Len() + value
			kind, key = SlotSize, "slot "+info.format(value)+" x "+info.format(l)
			text = key
		default:
			continue
		}
		if i, ok := index[key]; ok {
			calls[i].feats = append(calls[i].feats, f)
			continue
		}
		index[key] = len(calls)
		calls = append(calls, callout{text: text, kind: kind, value: value, feats: []feature{f}})
	}
	for i := range calls {
		c := &calls[i]
		// The lowest hole carries the leader: the shortest way down.
		sort.SliceStable(c.feats, func(a, b int) bool {
			fa, fb := c.feats[a].box, c.feats[b].box
			if fa.Min.Y != fb.Min.Y {
				return fa.Min.Y < fb.Min.Y
			}
			return fa.Min.X < fb.Min.X
		})
		if n := len(c.feats); n > 1 {
			c.text = fmt.Sprintf("%dx %s", n, c.text)
		}
	}
	sort.SliceStable(calls, func(a, b int) bool {
		return calls[a].rep().box.Min.X+calls[a].rep().box.Max.X < calls[b].rep().box.Min.X+calls[b].rep().box.Max.X
	})

	pw, ph := PaperFor(info.Units).Landscape()
	s, err := newSheet(pw, ph)
	if err != nil {
		return nil, err
	}
	f := s.face(sizeDim, false, inkDim)
	_, asc, desc := textSize(f, "0")
	th := asc + desc // text height

	// Annotation zones around the part, in page mm.
	const dimOff, rise, jog = 7.0, 2.5, 3.0
	maxW := func(ords []ordinate) float64 {
		m := 0.0
		for _, o := range ords {
			m = math.Max(m, TextWidth(f, o.text))
		}
		return m
	}
	top := dimOff + th/2 + 2 + rise + jog + maxW(oxs) + 2
	right := dimOff + th/2 + 2 + rise + jog + maxW(oys) + 2
	bottom := 2.0
	if len(calls) > 0 {
		bottom = 9 + th + 2
	}
	left := 4.0
	area := frameArea(pw, ph)
	const noteH = 5.0
	area.Y0 += noteH
	avW := area.W() - left - right
	avH := area.H() - top - bottom
	k := pickScale(size.X, size.Y, avW, avH)
	s.frame(append(info.titleFields(p.ID, p.Name, scaleText(k)), plateFields(p, info)...))

	// Centre the part in what the zones leave.
	x0 := area.X0 + left + (avW-size.X*k)/2
	y0 := area.Y0 + bottom + (avH-size.Y*k)/2
	x1, y1 := x0+size.X*k, y0+size.Y*k
	pt := func(q profile.Point) (float64, float64) { return x0 + (q.X-b.Min.X)*k, y0 + (q.Y-b.Min.Y)*k }

	// The part: filled outline with the holes cut out.
	outline := toCanvas(shape.Outer, k, pt)
	for _, h := range shape.Holes {
		outline = outline.Append(toCanvas(h, k, pt))
	}
	s.ctx.SetFillColor(fillPart)
	s.ctx.SetStrokeColor(inkPart)
	s.ctx.SetStrokeWidth(lineThick)
	s.ctx.SetFillRule(canvas.EvenOdd)
	s.ctx.DrawPath(0, 0, outline)
	s.ctx.SetFillRule(canvas.NonZero)

	// Centre marks.
	for _, ft := range feats {
		for _, c := range ft.centre {
			x, y := pt(c)
			s.crossMark(x, y, ft.radius*k+1.5)
		}
		if ft.kind == "slot" {
			ax, ay := pt(ft.centre[0])
			bx, by := pt(ft.centre[1])
			s.line(ax, ay, bx, by, lineThin, inkCentr, "centre")
		}
	}
	// The datum corner.
	s.ctx.SetFillColor(inkDim)
	s.ctx.SetStrokeColor(canvas.Transparent)
	s.ctx.DrawPath(x0, y0, canvas.Circle(0.9))

	d := &Drawing{Scale: k, Views: []canvas.Rect{{X0: x0, Y0: y0, X1: x1, Y1: y1}}}
	datum := b.Min

	// Overall width above, overall height to the right.
	wt := info.format(size.X)
	s.linearDim(x0, y1, x1, y1, 0, 1, dimOff, wt, f)
	d.Dimensions = append(d.Dimensions, Dimension{Kind: Width, Value: size.X, From: profile.Point{X: b.Min.X, Y: b.Max.Y}, To: b.Max, Text: wt, Count: 1})
	ht := info.format(size.Y)
	s.linearDim(x1, y0, x1, y1, 1, 0, dimOff, ht, f)
	d.Dimensions = append(d.Dimensions, Dimension{Kind: Height, Value: size.Y, From: profile.Point{X: b.Max.X, Y: b.Min.Y}, To: b.Max, Text: ht, Count: 1})

	oxs = fitRow(oxs, keepX, x1+6-area.X0, th+1.2)
	oys = fitRow(oys, keepY, y1+6-area.Y0, th+1.2)
	// X ordinates above the width, texts reading upwards.
	if len(oxs) > 0 {
		ys0 := y1 + dimOff + th/2 + 2
		want := make([]float64, len(oxs))
		for i, o := range oxs {
			want[i], _ = pt(profile.Point{X: o.at, Y: b.Min.Y})
		}
		at := spread(want, th+1.2, area.X0, xRowEnd(x1, y1-y0, TextWidth(f, ht), dimOff, th))
		for i, o := range oxs {
			s.line(want[i], ys0, want[i], ys0+rise, lineThin, inkDim, "ext")
			s.line(want[i], ys0+rise, at[i], ys0+rise+jog, lineThin, inkDim, "ext")
			s.text(o.text, f, at[i], ys0+rise+jog+0.6, 0, 0.5, 90, "dim")
			d.Dimensions = append(d.Dimensions, Dimension{Kind: OrdX, Value: o.v, From: datum, To: profile.Point{X: o.at, Y: datum.Y}, Text: o.text, Count: 1})
		}
	}
	// Y ordinates right of the height.
	if len(oys) > 0 {
		xs0 := x1 + dimOff + th/2 + 2
		want := make([]float64, len(oys))
		for i, o := range oys {
			_, want[i] = pt(profile.Point{X: b.Min.X, Y: o.at})
		}
		at := spread(want, th+1.2, area.Y0, y1+6)
		for i, o := range oys {
			s.line(xs0, want[i], xs0+rise, want[i], lineThin, inkDim, "ext")
			s.line(xs0+rise, want[i], xs0+rise+jog, at[i], lineThin, inkDim, "ext")
			s.text(o.text, f, xs0+rise+jog+0.6, at[i], 0, 0.5, 0, "dim")
			d.Dimensions = append(d.Dimensions, Dimension{Kind: OrdY, Value: o.v, From: datum, To: profile.Point{X: datum.X, Y: o.at}, Text: o.text, Count: 1})
		}
	}
	// Size callouts under the part, leaders up to a hole of each size.
	if len(calls) > 0 {
		row := y0 - 9 // top of the callout texts
		widths := make([]float64, len(calls))
		want := make([]float64, len(calls))
		for i, c := range calls {
			widths[i] = TextWidth(f, c.text)
			cx, _ := pt(c.rep().box.Min.Add(c.rep().box.Max).Scale(0.5))
			want[i] = cx - widths[i]/2
		}
		lefts := spreadWidths(want, widths, 2.5, area.X0, x1+6)
		for i, c := range calls {
			rep := c.rep()
			tx := lefts[i] + widths[i]/2
			// Leader from the hole's edge towards the text.
			var hx, hy float64
			centre := rep.box.Min.Add(rep.box.Max).Scale(0.5)
			cx, cy := pt(centre)
			dx, dy := tx-cx, row+0.8-cy
			l := math.Max(math.Hypot(dx, dy), 1e-9)
			switch rep.kind {
			case "circle":
				hx, hy = cx+dx/l*rep.radius*k, cy+dy/l*rep.radius*k
			default: // slot: the bottom of its first end
				sx, sy := pt(rep.centre[0])
				hx, hy = sx, sy-rep.radius*k
			}
			s.line(hx, hy, tx, row+0.8, lineThin, inkDim, "ext")
			s.arrow(hx, hy, hx-tx, hy-(row+0.8), inkDim)
			s.text(c.text, f, tx, row, 0.5, 1, 0, "dim")
			for _, ft := range c.feats {
				d.Dimensions = append(d.Dimensions, Dimension{Kind: c.kind, Value: c.value, From: ft.centre[0], To: ft.centre[len(ft.centre)-1], Text: c.text, Count: len(c.feats)})
			}
		}
	}
	// The note under the drawing area's bottom edge.
	note := s.face(sizeNote, false, inkPart)
	s.text(fmt.Sprintf("NOTES: %s. Dimensions from the datum corner (dot, lower left). Holes through. Dimensions in %s.",
		plateNote(p, info), unitWord(info)), note, area.X0, area.Y0-noteH+1, 0, 0, 0, "title")

	d.Canvas, d.Labels, d.Segments = s.c, s.labels, s.segments
	return d, nil
}

// plateFields are the title block fields of a plate.
func plateFields(p *model.Part, info Info) []titleField {
	return []titleField{{"material", p.Material}, {"thickness", info.format(p.Plate.Thickness)}, {"quantity", fmt.Sprint(p.Qty)}, {"process", string(p.Process)}}
}

// plateNote says what to make.
func plateNote(p *model.Part, info Info) string {
	mat := p.Material
	if mat == "" {
		mat = "plate"
	}
	return fmt.Sprintf("Part %s, %s %s thick, make %d", p.ID, mat, info.format(p.Plate.Thickness), p.Qty)
}

func unitWord(info Info) string {
	if info.Units == "imperial" {
		return "inches"
	}
	return "millimetres"
}

// spreadWidths places boxes of the given widths, wanting their left edges
// at want (sorted by want), at least gap apart, between lo and hi.
func spreadWidths(want, widths []float64, gap, lo, hi float64) []float64 {
	n := len(want)
	p := append([]float64(nil), want...)
	if n == 0 {
		return p
	}
	p[0] = math.Max(p[0], lo)
	for i := 1; i < n; i++ {
		p[i] = math.Max(p[i], p[i-1]+widths[i-1]+gap)
	}
	if p[n-1]+widths[n-1] > hi {
		p[n-1] = hi - widths[n-1]
		for i := n - 2; i >= 0; i-- {
			p[i] = math.Min(p[i], p[i+1]-widths[i]-gap)
		}
	}
	return p
}
