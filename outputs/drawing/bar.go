package drawing

import (
	"fmt"
	"math"
	"sort"

	"github.com/tdewolff/canvas"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/geometry/section"
	"github.com/fabkit/fabkit/model"
)

// barView is one side view of a bar: the face looked at and what shows.
type barView struct {
	name   string // "top", "bottom", "left", "right"
	across float64
	mitres bool // the end cuts slant in this view
	holes  []model.Hole
}

// viewOf maps a hole face to the view that shows it and whether that view
// shows the width (top, bottom) or the height (left, right).
func viewOf(face section.Face) (string, bool) {
	if !face.Valid() {
		face = section.Top // unnamed faces
	}
	return string(face), face.Wide()
}

// seen is the mitre of an end that slants in a view, in degrees, or 0:
// the wide views (top, bottom) show a cut about z, the others a cut
// about y; a double mitre shows one cut in each.
func seen(e model.End, wide bool) float64 {
	if e.Mitre != 0 && (e.Axis != section.AboutY) == wide {
		return e.Mitre
	}
	if e.Second != 0 && (e.Axis == section.AboutY) == wide {
		return e.Second
	}
	return 0
}

// barViews lists the views to draw: one per drilled face, plus one that
// shows the mitres when no drilled face does.
func barViews(b *model.Bar, sec section.Section) []barView {
	width, height := sec.Outer()
	var views []barView
	find := func(name string, wide bool) *barView {
		for i := range views {
			if views[i].name == name {
				return &views[i]
			}
		}
		across := height
		if wide {
			across = width
		}
		views = append(views, barView{name: name, across: across})
		return &views[len(views)-1]
	}
	for _, h := range b.Holes {
		v := find(viewOf(h.Face))
		v.holes = append(v.holes, h)
	}
	for _, e := range []model.End{b.Start, b.End} {
		for _, wide := range []bool{true, false} { // a cut about Z slants across the width
			if seen(e, wide) == 0 {
				continue
			}
			found := false
			for i := range views {
				if (views[i].name == "top" || views[i].name == "bottom") == wide {
					found = true
				}
			}
			if !found {
				if wide {
					find("top", true)
				} else {
					find("right", false)
				}
			}
		}
	}
	if len(views) == 0 {
		find("top", true)
	}
	for i := range views {
		wide := views[i].name == "top" || views[i].name == "bottom"
		for _, e := range []model.End{b.Start, b.End} {
			if seen(e, wide) != 0 {
				views[i].mitres = true
			}
		}
		sort.SliceStable(views[i].holes, func(a, c int) bool { return views[i].holes[a].At < views[i].holes[c].At })
	}
	return views
}

var viewTitle = map[string]string{
	"top":    "TOP FACE (+Z), drill from the top",
	"bottom": "BOTTOM FACE (-Z), drill from the bottom",
	"left":   "LEFT FACE (+Y), drill from the left",
	"right":  "RIGHT FACE (-Y), drill from the right",
}

func drawBar(p *model.Part, info Info) (*Drawing, error) {
	b := p.Bar
	if !(b.Length > 0) {
		return nil, fmt.Errorf("bar length %v mm", b.Length)
	}
	sec, known := info.Sections[b.Profile]
	views := barViews(b, sec)

	pw, ph := PaperFor(info.Units).Landscape()
	s, err := newSheet(pw, ph)
	if err != nil {
		return nil, err
	}
	f := s.face(sizeDim, false, inkDim)
	label := s.face(sizeNote, true, inkPart)
	_, asc, desc := textSize(f, "0")
	th := asc + desc
	const rise, jog, lenOff, noteH = 2.5, 3.0, 8.0, 5.0

	// Ordinates of each view from the reference (start) end.
	ords := make([][]ordinate, len(views))
	zoneTop := make([]float64, len(views))
	for i, v := range views {
		if len(v.holes) == 0 {
			continue
		}
		vals := []float64{0}
		for _, h := range v.holes {
			vals = append(vals, h.At)
		}
		ords[i] = ordinates(vals, 0, info)
		m := 0.0
		for _, o := range ords[i] {
			m = math.Max(m, TextWidth(f, o.text))
		}
		zoneTop[i] = 1.5 + rise + jog + m + 1
	}
	mitreText := func(deg float64) string { return fmt.Sprintf("%g° mitre", math.Round(math.Abs(deg)*10)/10) }
	side := 4.0
	for _, e := range []model.End{b.Start, b.End} {
		for _, deg := range []float64{e.Mitre, e.Second} {
			if deg != 0 {
				side = math.Max(side, TextWidth(f, mitreText(deg))+6)
			}
		}
	}
	area := frameArea(pw, ph)
	area.Y0 += noteH
	avW := area.W() - 2*side
	// Heights of the bands at scale k; pick the largest scale that fits.
	stripH := func(v barView, k float64) float64 {
		if !known || v.across <= 0 {
			return 10
		}
		return math.Max(v.across*k, 4)
	}
	bandH := func(k float64) float64 {
		h := lenOff + th + 2
		for i, v := range views {
			h += 5 + zoneTop[i] + stripH(v, k) + 4
			if len(v.holes) > 0 {
				h += 9 + th
			}
		}
		return h
	}
	k := 0.0
	for _, c := range scales {
		if b.Length*c <= avW && bandH(c) <= area.H() {
			k = c
			break
		}
	}
	if k == 0 {
		k = avW / b.Length
	}
	fields := append(info.titleFields(p.ID, p.Name, scaleText(k)),
		titleField{"material", p.Material}, titleField{"stock", b.Profile},
		titleField{"quantity", fmt.Sprint(p.Qty)}, titleField{"cut length", info.format(b.Length)})
	s.frame(fields)

	x0 := area.X0 + side + (avW-b.Length*k)/2
	x1 := x0 + b.Length*k
	d := &Drawing{Scale: k}
	y := area.Y1 - (area.H()-bandH(k))/2 // top of the first band
	var lastBottom float64
	for i, v := range views {
		s.text(viewTitle[v.name], label, area.X0, y-0.5, 0, 1, 0, "title")
		y -= 5 + zoneTop[i]
		hs := stripH(v, k)
		top, bot := y, y-hs
		mid := (top + bot) / 2
		half := hs / 2
		// End offsets of the mitres, drawn at their true angle.
		ends := [2]float64{}
		if v.mitres {
			for j, e := range []model.End{b.Start, b.End} {
				wide := v.name == "top" || v.name == "bottom"
				if deg := seen(e, wide); deg != 0 {
					ends[j] = math.Tan(deg*math.Pi/180) * half
				}
			}
		}
		// +side (up) is longer at each end for a positive mitre.
		poly := &canvas.Path{}
		poly.MoveTo(x0+ends[0], bot)
		poly.LineTo(x1-ends[1], bot)
		poly.LineTo(x1+ends[1], top)
		poly.LineTo(x0-ends[0], top)
		poly.Close()
		s.ctx.SetFillColor(fillPart)
		s.ctx.SetStrokeColor(inkPart)
		s.ctx.SetStrokeWidth(lineThick)
		s.ctx.DrawPath(0, 0, poly)
		d.Views = append(d.Views, canvas.Rect{X0: x0 - math.Abs(ends[0]), Y0: bot, X1: x1 + math.Abs(ends[1]), Y1: top})
		// Centre line, dashed.
		s.ctx.SetDashes(0, 4, 1, 1, 1)
		// It stops short of the mitre texts.
		cx0, cx1 := x0-3, x1+3
		if ends[0] != 0 {
			cx0 = x0 - math.Abs(ends[0]) - 1
		}
		if ends[1] != 0 {
			cx1 = x1 + math.Abs(ends[1]) + 1
		}
		s.line(cx0, mid, cx1, mid, lineThin, inkCentr, "centre")
		s.ctx.SetDashes(0)
		// Mitre angles beside the ends.
		for j, e := range []model.End{b.Start, b.End} {
			if ends[j] == 0 {
				continue
			}
			deg := seen(e, v.name == "top" || v.name == "bottom")
			t := mitreText(deg)
			if j == 0 {
				s.text(t, f, x0-math.Abs(ends[0])-2, mid, 1, 0.5, 0, "dim")
			} else {
				s.text(t, f, x1+math.Abs(ends[1])+2, mid, 0, 0.5, 0, "dim")
			}
			d.Dimensions = append(d.Dimensions, Dimension{Kind: Mitre, Value: deg, From: profile.Point{X: float64(j) * b.Length}, To: profile.Point{X: float64(j) * b.Length}, Text: t, Count: 1, View: v.name})
		}
		// Holes with centre marks.
		for _, h := range v.holes {
			hx := x0 + h.At*k
			r := math.Max(h.Diameter*k/2, 0.4)
			s.ctx.SetFillColor(canvas.White)
			s.ctx.SetStrokeColor(inkPart)
			s.ctx.SetStrokeWidth(lineThin * 1.5)
			s.ctx.DrawPath(hx, mid, canvas.Circle(r))
			s.crossMark(hx, mid, r+1.2)
		}
		// Ordinates from the reference end, above the strip.
		if len(ords[i]) > 0 {
			ys0 := top + 1.5
			want := make([]float64, len(ords[i]))
			for j, o := range ords[i] {
				want[j] = x0 + o.at*k
			}
			at := spread(want, th+1.2, area.X0, area.X1)
			for j, o := range ords[i] {
				s.line(want[j], ys0, want[j], ys0+rise, lineThin, inkDim, "ext")
				s.line(want[j], ys0+rise, at[j], ys0+rise+jog, lineThin, inkDim, "ext")
				s.text(o.text, f, at[j], ys0+rise+jog+0.6, 0, 0.5, 90, "dim")
				d.Dimensions = append(d.Dimensions, Dimension{Kind: Position, Value: o.v, To: profile.Point{X: o.at}, Text: o.text, Count: 1, View: v.name})
			}
		}
		y = bot - 4
		// Diameter callouts under the strip.
		if len(v.holes) > 0 {
			type group struct {
				text  string
				d     float64
				holes []model.Hole
			}
			var groups []group
			idx := map[string]int{}
			for _, h := range v.holes {
				t := "⌀" + info.format(h.Diameter)
				if h.Through {
					t += " thru"
				}
				if g, ok := idx[t]; ok {
					groups[g].holes = append(groups[g].holes, h)
					continue
				}
				idx[t] = len(groups)
				groups = append(groups, group{t, h.Diameter, []model.Hole{h}})
			}
			row := bot - 7
			want := make([]float64, len(groups))
			widths := make([]float64, len(groups))
			for g := range groups {
				if n := len(groups[g].holes); n > 1 {
					groups[g].text = fmt.Sprintf("%dx %s", n, groups[g].text)
				}
				widths[g] = TextWidth(f, groups[g].text)
				want[g] = x0 + groups[g].holes[0].At*k - widths[g]/2
			}
			lefts := spreadWidths(want, widths, 2.5, area.X0, area.X1)
			for g, gr := range groups {
				hx := x0 + gr.holes[0].At*k
				r := math.Max(gr.d*k/2, 0.4)
				tx := lefts[g] + widths[g]/2
				dx, dy := tx-hx, row+0.8-mid
				l := math.Hypot(dx, dy)
				sx, sy := hx+dx/l*r, mid+dy/l*r
				s.line(sx, sy, tx, row+0.8, lineThin, inkDim, "ext")
				s.arrow(sx, sy, -dx, -dy, inkDim)
				s.text(gr.text, f, tx, row, 0.5, 1, 0, "dim")
				for _, h := range gr.holes {
					d.Dimensions = append(d.Dimensions, Dimension{Kind: Diameter, Value: h.Diameter, From: profile.Point{X: h.At}, To: profile.Point{X: h.At}, Text: gr.text, Count: len(gr.holes), View: v.name})
				}
			}
			y = row - th - 2
		}
		lastBottom = bot
		if len(v.holes) > 0 {
			lastBottom = y + 2
		}
	}
	// The cut length at the axis, under the last view.
	lt := info.format(b.Length)
	s.linearDim(x0, lastBottom, x1, lastBottom, 0, -1, lenOff, lt, f)
	d.Dimensions = append(d.Dimensions, Dimension{Kind: Length, Value: b.Length, To: profile.Point{X: b.Length}, Text: lt, Count: 1})

	note := s.face(sizeNote, false, inkPart)
	var extra string
	if !known {
		extra = " Section not to scale (profile size unknown)."
	}
	if longPoint := barLongPoint(b, sec); longPoint > b.Length+0.05 && known {
		extra += " Long point " + info.format(longPoint) + "."
	}
	s.text(fmt.Sprintf("NOTES: Part %s, %s %s, make %d. Hole positions from the reference (start) end at the left; cut length at the centre line.%s",
		p.ID, p.Material, b.Profile, p.Qty, extra), note, area.X0, area.Y0-noteH+1, 0, 0, 0, "title")
	d.Canvas, d.Labels, d.Segments = s.c, s.labels, s.segments
	return d, nil
}

// barLongPoint is the longest edge of a mitred bar: the most the two end
// cuts lie apart at a corner of the section's box.
func barLongPoint(b *model.Bar, sec section.Section) float64 {
	width, height := sec.Outer()
	// x of a cut at section point (y, z), from its end point, along the bar
	// away from the bar (sign -1 at the start): each plane turns about its axis.
	reach := func(e model.End, y, z float64) float64 {
		at := func(deg float64, axis section.MitreAxis) float64 {
			c := y
			if axis == section.AboutY {
				c = z
			}
			return math.Tan(deg*math.Pi/180) * c
		}
		r := at(e.Mitre, e.Axis)
		if e.Double() {
			r = math.Min(r, at(e.Second, e.Axis.Other())) // both planes cut: the shorter
		}
		return r
	}
	long := 0.0
	for _, y := range []float64{-width / 2, width / 2} {
		for _, z := range []float64{-height / 2, height / 2} {
			long = math.Max(long, reach(b.Start, y, z)+reach(b.End, y, z))
		}
	}
	return b.Length + long
}
