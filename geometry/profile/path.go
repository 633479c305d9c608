// Package profile is fabkit's exact 2D geometry: closed paths of straight
// lines and circular arcs, and plate profiles made of an outer path with
// holes. Arcs stay arcs so that CAM can cut holes as G2/G3 moves, kerf offsets
// stay exact and meshes can be made to a chosen chord tolerance. A Profile
// also implements sdfx's sdf.SDF2, so designers can mix it with sdfx shapes.
package profile

import (
	"fmt"
	"math"
)

// Point is a 2D point in millimetres.
type Point struct{ X, Y float64 }

// Add returns p+q.
func (p Point) Add(q Point) Point { return Point{p.X + q.X, p.Y + q.Y} }

// Sub returns p-q.
func (p Point) Sub(q Point) Point { return Point{p.X - q.X, p.Y - q.Y} }

// Scale returns p*k.
func (p Point) Scale(k float64) Point { return Point{p.X * k, p.Y * k} }

// Len is the length of p as a vector.
func (p Point) Len() float64 { return math.Hypot(p.X, p.Y) }

// Cross is the z component of p x q.
func (p Point) Cross(q Point) float64 { return p.X*q.Y - p.Y*q.X }

// Rotate turns p about the origin by deg degrees, counter-clockwise.
func (p Point) Rotate(deg float64) Point {
	s, c := math.Sincos(deg * math.Pi / 180)
	return Point{p.X*c - p.Y*s, p.X*s + p.Y*c}
}

// Segment is one edge of a path, from the previous point to End. Bulge is
// the DXF bulge: 0 for a straight line, tan(sweep/4) for an arc, positive
// when the arc turns counter-clockwise. A half circle has bulge ±1.
type Segment struct {
	End   Point
	Bulge float64
}

// Path is a closed loop that starts at Start and follows Segs; the last
// segment ends back at Start.
type Path struct {
	Start Point
	Segs  []Segment
}

// Arc describes the circle an arc segment lies on.
type Arc struct {
	Center Point
	Radius float64
	Start  float64 // angle of the start point, radians
	Sweep  float64 // signed sweep, radians; positive is counter-clockwise
}

// ArcOf returns the arc geometry of a segment from a with bulge b to e.
// ok is false for a straight segment.
func ArcOf(a Point, s Segment) (arc Arc, ok bool) {
	if s.Bulge == 0 {
		return Arc{}, false
	}
	chord := s.End.Sub(a)
	c := chord.Len()
	sweep := 4 * math.Atan(s.Bulge)
	r := c / (2 * math.Abs(math.Sin(sweep/2)))
	// The centre lies on the chord's perpendicular bisector, at signed
	// distance d to the left of a->e for a counter-clockwise arc.
	d := c / 2 / math.Tan(sweep/2)
	mid := a.Add(chord.Scale(0.5))
	left := Point{-chord.Y / c, chord.X / c}
	center := mid.Add(left.Scale(d))
	start := math.Atan2(a.Y-center.Y, a.X-center.X)
	return Arc{Center: center, Radius: r, Start: start, Sweep: sweep}, true
}

// At returns the point of the arc at fraction t of its sweep.
func (a Arc) At(t float64) Point {
	ang := a.Start + t*a.Sweep
	return Point{a.Center.X + a.Radius*math.Cos(ang), a.Center.Y + a.Radius*math.Sin(ang)}
}

// Points returns the path's vertices: the start of each segment.
func (p Path) Points() []Point {
	pts := make([]Point, len(p.Segs))
	prev := p.Start
	for i, s := range p.Segs {
		pts[i] = prev
		prev = s.End
	}
	return pts
}

// Each calls f for every segment with its start point.
func (p Path) Each(f func(from Point, s Segment)) {
	prev := p.Start
	for _, s := range p.Segs {
		f(prev, s)
		prev = s.End
	}
}

// Area is the signed area enclosed by the path, positive when it runs
// counter-clockwise. Arcs count exactly.
func (p Path) Area() float64 {
	area := 0.0
	p.Each(func(a Point, s Segment) {
		area += a.Cross(s.End) / 2
		if arc, ok := ArcOf(a, s); ok {
			// circular segment between chord and arc, signed by turn direction
			th := math.Abs(arc.Sweep)
			seg := arc.Radius * arc.Radius / 2 * (th - math.Sin(th))
			area += math.Copysign(seg, arc.Sweep)
		}
	})
	return area
}

// Length is the path's perimeter.
func (p Path) Length() float64 {
	l := 0.0
	p.Each(func(a Point, s Segment) {
		if arc, ok := ArcOf(a, s); ok {
			l += arc.Radius * math.Abs(arc.Sweep)
		} else {
			l += s.End.Sub(a).Len()
		}
	})
	return l
}

// Reverse returns the same loop run the other way.
func (p Path) Reverse() Path {
	n := len(p.Segs)
	out := Path{Start: p.Start, Segs: make([]Segment, n)}
	pts := p.Points()
	for i := 0; i < n; i++ {
		// segment i of the reversed path runs from pts[(n-i)%n] back to pts[n-1-i]
		src := p.Segs[n-1-i]
		out.Segs[i] = Segment{End: pts[n-1-i], Bulge: -src.Bulge}
	}
	return out
}

// Transform returns the path rotated by deg about the origin, then moved by d.
func (p Path) Transform(deg float64, d Point) Path {
	out := Path{Start: p.Start.Rotate(deg).Add(d), Segs: make([]Segment, len(p.Segs))}
	for i, s := range p.Segs {
		out.Segs[i] = Segment{End: s.End.Rotate(deg).Add(d), Bulge: s.Bulge}
	}
	return out
}

// Bounds returns the exact bounding box of the path.
func (p Path) Bounds() Box {
	b := EmptyBox()
	p.Each(func(a Point, s Segment) {
		b = b.Extend(a)
		arc, ok := ArcOf(a, s)
		if !ok {
			return
		}
		// Extreme points at multiples of 90 degrees inside the sweep.
		for k := -8; k <= 8; k++ {
			ang := float64(k) * math.Pi / 2
			t := (ang - arc.Start) / arc.Sweep
			if t > 0 && t < 1 {
				b = b.Extend(arc.At(t))
			}
		}
	})
	return b
}

// Circle reports whether the path is a full circle, and its centre and radius.
func (p Path) Circle() (center Point, radius float64, ok bool) {
	total := 0.0
	first := true
	good := true
	p.Each(func(a Point, s Segment) {
		arc, isArc := ArcOf(a, s)
		if !isArc {
			good = false
			return
		}
		if first {
			center, radius, first = arc.Center, arc.Radius, false
		} else if arc.Center.Sub(center).Len() > 1e-6 || math.Abs(arc.Radius-radius) > 1e-6 {
			good = false
		}
		total += arc.Sweep
	})
	if !good || first || math.Abs(math.Abs(total)-2*math.Pi) > 1e-9 {
		return Point{}, 0, false
	}
	return center, radius, true
}

// Validate checks that the path is closed and has no zero-length segments.
func (p Path) Validate() error {
	if len(p.Segs) < 2 {
		return fmt.Errorf("path has %d segments; a closed path needs at least 2", len(p.Segs))
	}
	if p.Segs[len(p.Segs)-1].End.Sub(p.Start).Len() > 1e-6 {
		return fmt.Errorf("path does not close: ends at %v, starts at %v", p.Segs[len(p.Segs)-1].End, p.Start)
	}
	var err error
	p.Each(func(a Point, s Segment) {
		if err == nil && s.End.Sub(a).Len() < 1e-9 {
			err = fmt.Errorf("zero-length segment at %v", a)
		}
		if err == nil && (math.IsNaN(s.End.X) || math.IsNaN(s.End.Y) || math.IsInf(s.Bulge, 0) || math.IsNaN(s.Bulge)) {
			err = fmt.Errorf("non-finite coordinate near %v", a)
		}
	})
	return err
}

// Box is an axis-aligned rectangle.
type Box struct{ Min, Max Point }

// EmptyBox returns a box that contains nothing; Extend grows it.
func EmptyBox() Box {
	inf := math.Inf(1)
	return Box{Point{inf, inf}, Point{-inf, -inf}}
}

// Extend returns the box grown to contain p.
func (b Box) Extend(p Point) Box {
	return Box{Point{math.Min(b.Min.X, p.X), math.Min(b.Min.Y, p.Y)}, Point{math.Max(b.Max.X, p.X), math.Max(b.Max.Y, p.Y)}}
}

// Union returns the box containing both.
func (b Box) Union(o Box) Box { return b.Extend(o.Min).Extend(o.Max) }

// Size returns the width and height.
func (b Box) Size() Point { return b.Max.Sub(b.Min) }
