package profile

import "math"

// Builder draws a closed path one segment at a time.
//
//	p := profile.Start(0, 0).Line(100, 0).Arc(100, 50, 1).Line(0, 50).Close()
type Builder struct{ path Path }

// Start begins a path at (x, y).
func Start(x, y float64) *Builder { return &Builder{Path{Start: Point{x, y}}} }

// Line adds a straight segment to (x, y).
func (b *Builder) Line(x, y float64) *Builder {
	b.path.Segs = append(b.path.Segs, Segment{End: Point{x, y}})
	return b
}

// Arc adds an arc to (x, y) with the given DXF bulge (tan of a quarter of
// the sweep; positive turns counter-clockwise).
func (b *Builder) Arc(x, y, bulge float64) *Builder {
	b.path.Segs = append(b.path.Segs, Segment{End: Point{x, y}, Bulge: bulge})
	return b
}

// Last returns the current end point.
func (b *Builder) Last() Point {
	if n := len(b.path.Segs); n > 0 {
		return b.path.Segs[n-1].End
	}
	return b.path.Start
}

// Close returns the path, adding a line back to the start when needed.
func (b *Builder) Close() Path {
	if b.Last().Sub(b.path.Start).Len() > 1e-9 {
		b.Line(b.path.Start.X, b.path.Start.Y)
	}
	return b.path
}

// Polygon returns a closed path through the points.
func Polygon(pts ...Point) Path {
	b := Start(pts[0].X, pts[0].Y)
	for _, p := range pts[1:] {
		b.Line(p.X, p.Y)
	}
	return b.Close()
}

// Rect returns the rectangle with lower-left corner (x, y), counter-clockwise.
func Rect(x, y, w, h float64) Path {
	return Polygon(Point{x, y}, Point{x + w, y}, Point{x + w, y + h}, Point{x, y + h})
}

// Circle returns a full circle as two half-circle arcs, counter-clockwise.
func Circle(cx, cy, r float64) Path {
	return Start(cx+r, cy).Arc(cx-r, cy, 1).Arc(cx+r, cy, 1).Close()
}

// Slot returns an obround slot of the given width whose arc centres are a
// and b, counter-clockwise.
func Slot(a, b Point, width float64) Path {
	d := b.Sub(a)
	l := d.Len()
	if l == 0 {
		return Circle(a.X, a.Y, width/2)
	}
	n := Point{-d.Y / l, d.X / l}.Scale(width / 2) // left normal
	p1, p2 := a.Sub(n), b.Sub(n)
	p3, p4 := b.Add(n), a.Add(n)
	return Start(p1.X, p1.Y).Line(p2.X, p2.Y).Arc(p3.X, p3.Y, 1).Line(p4.X, p4.Y).Arc(p1.X, p1.Y, 1).Close()
}

// RoundedRect returns a rectangle with corner radius r, counter-clockwise.
func RoundedRect(x, y, w, h, r float64) Path {
	if r <= 0 {
		return Rect(x, y, w, h)
	}
	k := math.Tan(math.Pi / 8) // bulge of a quarter circle
	return Start(x+r, y).Line(x+w-r, y).Arc(x+w, y+r, k).Line(x+w, y+h-r).Arc(x+w-r, y+h, k).
		Line(x+r, y+h).Arc(x, y+h-r, k).Line(x, y+r).Arc(x+r, y, k).Close()
}
