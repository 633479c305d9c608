package mesh

import (
	"math"

	"github.com/fabkit/fabkit/geometry/profile"
)

// DefaultTolerance is the default chord tolerance in millimetres: the largest
// distance between an arc and the chords that replace it.
const DefaultTolerance = 0.05

// Segments returns how many chords an arc of radius r and sweep angle
// (radians) needs so that no chord is farther than tol from the arc. It is at
// least 2, and a multiple of 4 for a full circle, so that circles keep their
// quarter symmetry.
func Segments(r, sweep, tol float64) int {
	if tol <= 0 {
		tol = DefaultTolerance
	}
	n := 2
	if tol < r {
		step := 2 * math.Acos(1-tol/r)
		n = max(int(math.Ceil(math.Abs(sweep)/step-1e-9)), 2)
	}
	if math.Abs(math.Abs(sweep)-2*math.Pi) < 1e-12 {
		n = max((n+3)/4*4, 8)
	}
	return n
}

// Circle returns the vertices, counter-clockwise from angle 0, of a polygon
// with the same area as the circle of radius r about c, with chords within
// tol of the circle: the n vertices sit on radius r*sqrt(θ/sin θ), θ = 2π/n.
func Circle(c profile.Point, r, tol float64) []profile.Point {
	n := Segments(r, 2*math.Pi, tol)
	th := 2 * math.Pi / float64(n)
	rho := r * math.Sqrt(th/math.Sin(th))
	pts := make([]profile.Point, n)
	for k := range pts {
		s, co := sincos(float64(k) * th)
		pts[k] = profile.Point{X: c.X + rho*co, Y: c.Y + rho*s}
	}
	return pts
}

// arcInterior returns the interior vertices of an area-preserving polyline
// for the arc of radius r about c from angle a0 to a1 (counter-clockwise
// when a1 > a0). The end points themselves, which stay exactly on the arc
// (they are tangent points shared with straight edges), are not returned.
// With n chords, the inner vertices sit on the radius ρ for which the fan
// from c has the sector's area: ½ sin θ (2rρ + (n-2)ρ²) = ½ r² n θ.
func arcInterior(c profile.Point, r, a0, a1, tol float64) []profile.Point {
	if r <= 0 {
		return nil
	}
	n := Segments(r, a1-a0, tol)
	th := (a1 - a0) / float64(n)
	at := math.Abs(th)
	var rho float64
	if n == 2 {
		rho = r * at / math.Sin(at)
	} else {
		k := float64(n-2) * float64(n) * at / math.Sin(at)
		rho = r * (math.Sqrt(1+k) - 1) / float64(n-2)
	}
	pts := make([]profile.Point, 0, n-1)
	for k := 1; k < n; k++ {
		s, co := math.Sincos(a0 + float64(k)*th)
		pts = append(pts, profile.Point{X: c.X + rho*co, Y: c.Y + rho*s})
	}
	return pts
}

// roundedRect returns the counter-clockwise outline of a w×h rectangle
// centred on the origin with corner radius r (0 for sharp corners), with the
// same area as the exact shape, w*h - (4-π)r². Tangent points are exact, so
// each flat side is a single edge.
func roundedRect(w, h, r, tol float64) []profile.Point {
	x, y := w/2, h/2
	if r <= 0 {
		return []profile.Point{{X: x, Y: -y}, {X: x, Y: y}, {X: -x, Y: y}, {X: -x, Y: -y}}
	}
	var pts []profile.Point
	corner := func(cx, cy, a0 float64, p0, p1 profile.Point) {
		pts = append(pts, p0)
		pts = append(pts, arcInterior(profile.Point{X: cx, Y: cy}, r, a0, a0+math.Pi/2, tol)...)
		pts = append(pts, p1)
	}
	corner(x-r, -y+r, -math.Pi/2, profile.Point{X: x - r, Y: -y}, profile.Point{X: x, Y: -y + r})
	corner(x-r, y-r, 0, profile.Point{X: x, Y: y - r}, profile.Point{X: x - r, Y: y})
	corner(-x+r, y-r, math.Pi/2, profile.Point{X: -x + r, Y: y}, profile.Point{X: -x, Y: y - r})
	corner(-x+r, -y+r, math.Pi, profile.Point{X: -x, Y: -y + r}, profile.Point{X: -x + r, Y: -y})
	return pts
}

// ringArea returns the signed (shoelace) area of a closed polyline.
func ringArea(r []profile.Point) float64 {
	var s float64
	for i := range r {
		a, b := r[i], r[(i+1)%len(r)]
		s += a.X*b.Y - b.X*a.Y
	}
	return s / 2
}

// RingArea returns the signed shoelace area of a closed polyline: positive
// when counter-clockwise.
func RingArea(r []profile.Point) float64 { return ringArea(r) }

// sincos returns exact values at multiples of a quarter turn, so that
// rotations by 90° keep axis-aligned geometry exactly axis-aligned.
func sincos(a float64) (s, c float64) {
	q := a / (math.Pi / 2)
	if r := math.Round(q); math.Abs(q-r) < 1e-15 {
		switch ((int64(r) % 4) + 4) % 4 {
		case 0:
			return 0, 1
		case 1:
			return 1, 0
		case 2:
			return 0, -1
		default:
			return -1, 0
		}
	}
	return math.Sincos(a)
}

// Compose returns the transform that applies ts in order: first ts[0], then
// ts[1], and so on. Compose() is the identity.
