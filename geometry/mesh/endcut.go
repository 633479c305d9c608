package mesh

import (
	"math"

	"github.com/fabkit/fabkit/geometry/section"

	"github.com/fabkit/fabkit/geometry/profile"
)

// endCut returns the x at which an end cut meets each section point, for
// an end at x0 with sign -1 at the start (the bar lies at larger x) and +1
// at the end. For a double mitre it also returns the crease, where the two
// planes meet: crease(q) = 0, positive where the first plane governs;
// otherwise the crease is nil.
func endCut(e section.End, x0, sign float64) (x func(profile.Point) float64, crease func(profile.Point) float64) {
	coord := func(q profile.Point, ax section.MitreAxis) float64 {
		if ax != section.AboutY {
			return q.X
		}
		return q.Y
	}
	t, t2 := math.Tan(radians(e)), math.Tan(e.Second*math.Pi/180)
	first := func(q profile.Point) float64 { return x0 + sign*t*coord(q, e.Axis) + 0 } // + 0 turns -0 into 0
	if !e.Double() {
		return first, nil
	}
	second := func(q profile.Point) float64 { return x0 + sign*t2*coord(q, e.Axis.Other()) + 0 }
	// Both planes cut: the start keeps x above both, the end below both.
	x = func(q profile.Point) float64 {
		if sign < 0 {
			return math.Max(first(q), second(q))
		}
		return math.Min(first(q), second(q))
	}
	crease = func(q profile.Point) float64 { return -sign * (first(q) - second(q)) }
	return x, crease
}

// creaseEps is how near the crease (in mm of x) a point counts as on it.
const creaseEps = 1e-9

func side(f float64) int {
	switch {
	case f > creaseEps:
		return 1
	case f < -creaseEps:
		return -1
	}
	return 0
}

// onCrease is the point where segment a-c crosses the crease, computed
// from the endpoints in a fixed order so that both triangles sharing an
// edge get the same point.
func onCrease(a, c profile.Point, crease func(profile.Point) float64) profile.Point {
	if c.X < a.X || (c.X == a.X && c.Y < a.Y) {
		a, c = c, a
	}
	fa, fc := crease(a), crease(c)
	s := fa / (fa - fc)
	return profile.Point{X: a.X + (c.X-a.X)*s, Y: a.Y + (c.Y-a.Y)*s}
}

// splitRings adds a vertex wherever a ring edge crosses the crease, so
// that every wall strip lies on one side of it (and is planar).
func splitRings(rings [][]profile.Point, crease func(profile.Point) float64) [][]profile.Point {
	if crease == nil {
		return rings
	}
	out := make([][]profile.Point, len(rings))
	for k, r := range rings {
		for i, a := range r {
			c := r[(i+1)%len(r)]
			out[k] = append(out[k], a)
			if side(crease(a))*side(crease(c)) < 0 {
				out[k] = append(out[k], onCrease(a, c, crease))
			}
		}
	}
	return out
}

// splitTris returns the cap triangles as points, each triangle that
// straddles the crease cut along it into three (or two, when the crease
// passes through a corner), so that every piece lies in one plane.
func splitTris(pts []profile.Point, tris [][3]int, crease func(profile.Point) float64) [][3]profile.Point {
	out := make([][3]profile.Point, 0, len(tris))
	for _, t := range tris {
		p := [3]profile.Point{pts[t[0]], pts[t[1]], pts[t[2]]}
		if crease == nil {
			out = append(out, p)
			continue
		}
		s := [3]int{side(crease(p[0])), side(crease(p[1])), side(crease(p[2]))}
		switch {
		case s[0]*s[1] >= 0 && s[1]*s[2] >= 0 && s[0]*s[2] >= 0:
			out = append(out, p) // on one side
		case s[0] == 0 || s[1] == 0 || s[2] == 0:
			// The crease runs through corner i and across the opposite edge.
			i := 0
			for s[i] != 0 {
				i++
			}
			a, c := p[(i+1)%3], p[(i+2)%3]
			m := onCrease(a, c, crease)
			out = append(out, [3]profile.Point{p[i], a, m}, [3]profile.Point{p[i], m, c})
		default:
			// Corner i is alone on its side.
			i := 0
			for s[i] == s[(i+1)%3] || s[i] == s[(i+2)%3] {
				i++
			}
			a, c := p[(i+1)%3], p[(i+2)%3]
			ma, mc := onCrease(p[i], a, crease), onCrease(p[i], c, crease)
			out = append(out, [3]profile.Point{p[i], ma, mc}, [3]profile.Point{ma, a, c}, [3]profile.Point{ma, c, mc})
		}
	}
	return out
}
