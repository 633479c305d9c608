package profile

import (
	"fmt"
	"math"
)

// Profile is a plate outline: an outer path, counter-clockwise, and holes,
// clockwise. Use New to build one; it fixes the orientations.
type Profile struct {
	Outer Path
	Holes []Path
}

// New returns a profile with the outer path turned counter-clockwise and
// every hole clockwise.
func New(outer Path, holes ...Path) Profile {
	if outer.Area() < 0 {
		outer = outer.Reverse()
	}
	p := Profile{Outer: outer, Holes: make([]Path, len(holes))}
	for i, h := range holes {
		if h.Area() > 0 {
			h = h.Reverse()
		}
		p.Holes[i] = h
	}
	return p
}

// WithHoles returns a copy of p with more holes.
func (p Profile) WithHoles(holes ...Path) Profile {
	all := append(append([]Path(nil), p.Holes...), holes...)
	return New(p.Outer, all...)
}

// Area is the plate area: outer minus holes, exact for arcs.
func (p Profile) Area() float64 {
	a := p.Outer.Area()
	for _, h := range p.Holes {
		a += h.Area() // holes are clockwise, so negative
	}
	return a
}

// Bounds is the exact bounding box of the outer path.
func (p Profile) Bounds() Box { return p.Outer.Bounds() }

// Transform returns the profile rotated by deg about the origin, then moved by d.
func (p Profile) Transform(deg float64, d Point) Profile {
	out := Profile{Outer: p.Outer.Transform(deg, d), Holes: make([]Path, len(p.Holes))}
	for i, h := range p.Holes {
		out.Holes[i] = h.Transform(deg, d)
	}
	return out
}

// Paths returns the outer path followed by the holes.
func (p Profile) Paths() []Path { return append([]Path{p.Outer}, p.Holes...) }

// CutLength is the total length of all paths: what a torch travels cutting it.
func (p Profile) CutLength() float64 {
	l := 0.0
	for _, q := range p.Paths() {
		l += q.Length()
	}
	return l
}

// Validate checks every path and that every hole lies inside the outer path
// and outside every other hole.
func (p Profile) Validate() error {
	if err := p.Outer.Validate(); err != nil {
		return fmt.Errorf("outer profile: %w", err)
	}
	if p.Outer.Area() <= 0 {
		return fmt.Errorf("outer profile encloses no area")
	}
	outer := Profile{Outer: p.Outer}
	boxes := make([]Box, len(p.Holes))
	for i, h := range p.Holes {
		if err := h.Validate(); err != nil {
			return fmt.Errorf("hole %d: %w", i+1, err)
		}
		pts := h.Flatten(0.05)
		for _, pt := range pts {
			if outer.Evaluate2(pt) > 1e-6 {
				return fmt.Errorf("hole %d crosses the outer profile near (%.2f, %.2f)", i+1, pt.X, pt.Y)
			}
		}
		boxes[i] = h.Bounds()
		for j, o := range p.Holes[:i] {
			a, b := boxes[i], boxes[j]
			if a.Min.X > b.Max.X || b.Min.X > a.Max.X || a.Min.Y > b.Max.Y || b.Min.Y > a.Max.Y {
				continue // apart: no point of one is inside the other
			}
			hole := Profile{Outer: o.Reverse()}
			for _, pt := range pts {
				if hole.Evaluate2(pt) < -1e-6 {
					return fmt.Errorf("hole %d overlaps hole %d near (%.2f, %.2f)", i+1, j+1, pt.X, pt.Y)
				}
			}
		}
	}
	return nil
}

// Flatten returns the path as a polyline: one point per vertex, arcs split so
// that no chord strays more than tol from the arc. Arc vertices are placed so
// the polyline encloses exactly the area of the true path, so extruded
// meshes keep the analytic volume.
func (p Path) Flatten(tol float64) []Point {
	var pts []Point
	p.Each(func(a Point, s Segment) {
		pts = append(pts, a)
		arc, ok := ArcOf(a, s)
		if !ok {
			return
		}
		pts = append(pts, arc.interior(tol)...)
	})
	return pts
}

// interior returns the arc's inner vertices for a chord tolerance, on a
// radius chosen so the fan from the centre has the sector's exact area.
func (a Arc) interior(tol float64) []Point {
	th := math.Abs(a.Sweep)
	step := 2 * math.Acos(math.Max(-1, 1-tol/a.Radius))
	if !(step > 0) {
		step = th
	}
	n := int(math.Ceil(th/step - 1e-9))
	if n < 2 {
		n = 2 // one interior vertex at least, or the area cannot be kept
	}
	phi := th / float64(n)
	s := math.Sin(phi)
	// Area of fan: r*r'*sin(phi) for the two end triangles plus
	// (n-2)*r'^2*sin(phi)/2 for the inner ones, equal to r^2*th/2.
	r := a.Radius
	var rr float64
	if n == 2 {
		rr = r * th / (2 * s)
	} else {
		qa, qb, qc := float64(n-2)*s, 2*r*s, -r*r*th
		rr = (-qb + math.Sqrt(qb*qb-4*qa*qc)) / (2 * qa)
	}
	pts := make([]Point, n-1)
	for i := 1; i < n; i++ {
		ang := a.Start + a.Sweep*float64(i)/float64(n)
		pts[i-1] = Point{a.Center.X + rr*math.Cos(ang), a.Center.Y + rr*math.Sin(ang)}
	}
	return pts
}

// Rings returns the flattened outer path and holes, for meshing.
func (p Profile) Rings(tol float64) [][]Point {
	rings := make([][]Point, 0, 1+len(p.Holes))
	for _, q := range p.Paths() {
		rings = append(rings, q.Flatten(tol))
	}
	return rings
}
