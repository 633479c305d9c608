package drawing

import (
	"math"

	"github.com/tdewolff/canvas"

	"github.com/fabkit/fabkit/geometry/profile"
)

// feature is a hole of a plate as the drawing sees it.
type feature struct {
	kind   string          // "circle", "slot" or "cutout"
	centre []profile.Point // circle: its centre; slot: its two end centres
	radius float64         // circle and slot
	box    profile.Box
}

// classify reads a hole path: a full circle, a straight slot (two half
// circles joined by lines), or a general cut-out.
func classify(p profile.Path) feature {
	f := feature{kind: "cutout", box: p.Bounds()}
	if c, r, ok := p.Circle(); ok {
		f.kind, f.centre, f.radius = "circle", []profile.Point{c}, r
		return f
	}
	var arcs []profile.Arc
	lines := 0
	p.Each(func(a profile.Point, s profile.Segment) {
		if arc, ok := profile.ArcOf(a, s); ok {
			arcs = append(arcs, arc)
		} else {
			lines++
		}
	})
	if len(arcs) == 2 && lines <= 2 && math.Abs(math.Abs(arcs[0].Sweep)-math.Pi) < 1e-6 &&
		math.Abs(math.Abs(arcs[1].Sweep)-math.Pi) < 1e-6 && math.Abs(arcs[0].Radius-arcs[1].Radius) < 1e-6 {
		f.kind, f.radius = "slot", arcs[0].Radius
		a, b := arcs[0].Center, arcs[1].Center
		if b.X < a.X || (b.X == a.X && b.Y < a.Y) {
			a, b = b, a
		}
		f.centre = []profile.Point{a, b}
	}
	return f
}

// isRect reports whether a path is an axis-aligned rectangle.
func isRect(p profile.Path) bool {
	if len(p.Segs) != 4 {
		return false
	}
	ok := true
	p.Each(func(a profile.Point, s profile.Segment) {
		if s.Bulge != 0 || (math.Abs(a.X-s.End.X) > 1e-9 && math.Abs(a.Y-s.End.Y) > 1e-9) {
			ok = false
		}
	})
	return ok
}

// toCanvas converts a profile path to a canvas path through the map pt,
// which must be a similarity (scale and translation); arcs stay arcs.
func toCanvas(p profile.Path, k float64, pt func(profile.Point) (float64, float64)) *canvas.Path {
	out := &canvas.Path{}
	x, y := pt(p.Start)
	out.MoveTo(x, y)
	p.Each(func(a profile.Point, s profile.Segment) {
		ex, ey := pt(s.End)
		arc, ok := profile.ArcOf(a, s)
		if !ok {
			out.LineTo(ex, ey)
			return
		}
		r := arc.Radius * k
		large := math.Abs(arc.Sweep) > math.Pi
		out.ArcTo(r, r, 0, large, arc.Sweep > 0, ex, ey)
	})
	out.Close()
	return out
}

// crossMark draws a centre mark: a cross of half-size h at (x, y).
func (s *sheet) crossMark(x, y, h float64) {
	s.line(x-h, y, x+h, y, lineThin, inkCentr, "centre")
	s.line(x, y-h, x, y+h, lineThin, inkCentr, "centre")
}
