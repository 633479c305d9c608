package toolpath

import (
	"fmt"
	"math"

	"github.com/fabkit/fabkit/geometry/profile"
)

type point = profile.Point

// OffsetError reports a path that cannot be offset exactly: a hole smaller
// than the offset, or a notch or neck narrower than twice the offset.
type OffsetError struct {
	Distance float64 // the offset asked for, mm
	Near     point   // where the problem shows
	Reason   string
}

// Error describes the offset, where it failed and why.
func (e *OffsetError) Error() string {
	return fmt.Sprintf("offset by %.3gmm near (%.2f, %.2f): %s", e.Distance, e.Near.X, e.Near.Y, e.Reason)
}

// Offset returns the closed path p moved sideways by d millimetres: to the
// right of its direction of travel for d > 0 (outside a counter-clockwise
// loop, inside a clockwise one), to the left for d < 0. The result is exact:
// lines stay lines, arcs stay arcs with the same centre, corners that open up
// are joined by arcs of radius |d| about the corner (round joins), and
// corners that close up are trimmed at the intersection of their offset
// edges. Segments that vanish (arcs whose radius would drop to zero or
// below, short edges swallowed by their neighbours) are removed. The result
// runs in the same direction as p.
//
// Offset checks its own output: every point of the result must lie exactly
// |d| from p. When it does not (a hole smaller than the offset, or a slot or
// neck narrower than 2|d|), it returns an *OffsetError.
func Offset(p profile.Path, d float64) (profile.Path, error) {
	if d == 0 {
		return p, nil
	}
	if d < 0 {
		q, err := Offset(p.Reverse(), -d)
		if err != nil {
			if oe, ok := err.(*OffsetError); ok {
				oe.Distance = d
			}
			return profile.Path{}, err
		}
		return q.Reverse(), nil
	}
	src := segsOf(p)
	if len(src) == 0 {
		return profile.Path{}, &OffsetError{Distance: d, Near: p.Start, Reason: "empty path"}
	}
	vanish := &OffsetError{Distance: d, Near: src[0].a, Reason: "the loop vanishes: it is smaller than the offset"}
	// The raw offset loop: each segment moved sideways, a round join after
	// it where its corner opens up, and a link to the next element that is
	// either continuous or needs trimming at an intersection.
	var elems []elem
	n := len(src)
	for i, s := range src {
		o, ok := s.offset(d)
		if ok {
			elems = append(elems, elem{s: o})
		}
		nx := src[(i+1)%n]
		ox, okx := nx.offset(d)
		if !ok || !okx {
			continue
		}
		t1, t2 := s.endTangent(), nx.startTangent()
		turn, dot := t1.Cross(t2), t1.X*t2.X+t1.Y*t2.Y
		switch {
		case o.end().Sub(ox.start()).Len() < 1e-9:
			elems[len(elems)-1].cont = true
		case turn > 1e-12 || (math.Abs(turn) <= 1e-12 && dot < 0):
			elems[len(elems)-1].cont = true
			elems = append(elems, elem{s: roundJoin(s.b, o.end(), ox.start()), cont: true})
		default:
			elems[len(elems)-1].ref, elems[len(elems)-1].hasRef = s.b, true
		}
	}
	for len(elems) > 0 {
		m := len(elems)
		if m == 1 && !elems[0].s.arc {
			return profile.Path{}, vanish
		}
		tS := make([]float64, m)
		tE := make([]float64, m)
		for k := range elems {
			tS[k], tE[k] = 0, 1
		}
		kill := -1
		for k := 0; k < m && kill < 0; k++ {
			e, f := elems[k], elems[(k+1)%m]
			if e.cont {
				continue
			}
			ref := e.s.end().Add(f.s.start()).Scale(0.5)
			if e.hasRef {
				ref = e.ref
			}
			best, bestD := point{}, math.Inf(1)
			for _, x := range intersect(e.s, f.s) {
				if dd := x.Sub(ref).Len(); dd < bestD {
					best, bestD = x, dd
				}
			}
			if math.IsInf(bestD, 1) {
				// The neighbours never meet: drop the shorter one.
				kill = k
				if f.s.length() < e.s.length() {
					kill = (k + 1) % m
				}
				break
			}
			tE[k] = e.s.param(best)
			tS[(k+1)%m] = f.s.param(best)
		}
		if kill < 0 {
			worst := 0.0
			for k, e := range elems {
				if l := (tE[k] - tS[k]) * e.s.length(); l < worst-1e-9 {
					worst, kill = l, k
				}
			}
		}
		if kill >= 0 {
			prev := (kill + m - 1) % m
			elems[prev].cont, elems[prev].hasRef = false, false
			elems = append(elems[:kill], elems[kill+1:]...)
			continue
		}
		var out []seg
		for k, e := range elems {
			if s := e.s.trim(tS[k], tE[k]); s.length() > 1e-9 {
				out = append(out, s)
			}
		}
		if len(out) == 0 {
			break
		}
		q := pathOf(out)
		if err := checkOffset(p, q, d); err != nil {
			return profile.Path{}, err
		}
		return q, nil
	}
	return profile.Path{}, vanish
}

// elem is one piece of a raw offset loop. cont says it runs straight into
// the next piece; otherwise the two are trimmed where they cross, taking the
// crossing nearest ref when hasRef (the original corner).
type elem struct {
	s      seg
	cont   bool
	ref    point
	hasRef bool
}

// checkOffset verifies that every point of q lies d from p and that q runs
// the same way round as p.
func checkOffset(p, q profile.Path, d float64) error {
	ref := profile.NewField(profile.Profile{Outer: p})
	tol := 1e-6 * math.Max(1, d)
	var bad *OffsetError
	q.Each(func(a point, s profile.Segment) {
		if bad != nil {
			return
		}
		for k := 0; k <= 8; k++ {
			pt := pointAlong(a, s, float64(k)/8)
			if got := math.Abs(ref.Evaluate2(pt)); math.Abs(got-d) > tol {
				bad = &OffsetError{Distance: d, Near: pt, Reason: fmt.Sprintf("a feature is narrower than the offset (a point of the offset loop is %.4fmm from the path)", got)}
				return
			}
		}
	})
	if bad != nil {
		return bad
	}
	if (p.Area() > 0) != (q.Area() > 0) {
		return &OffsetError{Distance: d, Near: q.Start, Reason: "the loop turns inside out: it is smaller than the offset"}
	}
	return nil
}

// pointAlong returns the point at fraction t along a segment from a.
func pointAlong(a point, s profile.Segment, t float64) point {
	if arc, ok := profile.ArcOf(a, s); ok {
		return arc.At(t)
	}
	return a.Add(s.End.Sub(a).Scale(t))
}

// seg is a line or arc in a form that is easy to offset and trim.
type seg struct {
	arc   bool
	a, b  point   // line end points
	c     point   // arc centre
	r     float64 // arc radius
	a0    float64 // arc start angle
	sweep float64 // arc signed sweep
}

func segsOf(p profile.Path) []seg {
	var out []seg
	p.Each(func(a point, s profile.Segment) {
		if s.End.Sub(a).Len() < 1e-9 {
			return
		}
		if arc, ok := profile.ArcOf(a, s); ok {
			out = append(out, seg{arc: true, c: arc.Center, r: arc.Radius, a0: arc.Start, sweep: arc.Sweep, a: a, b: s.End})
			return
		}
		out = append(out, seg{a: a, b: s.End})
	})
	return out
}

func polar(c point, r, ang float64) point {
	return point{X: c.X + r*math.Cos(ang), Y: c.Y + r*math.Sin(ang)}
}

func (s seg) start() point {
	if s.arc {
		return polar(s.c, s.r, s.a0)
	}
	return s.a
}

func (s seg) end() point {
	if s.arc {
		return polar(s.c, s.r, s.a0+s.sweep)
	}
	return s.b
}

func (s seg) length() float64 {
	if s.arc {
		return s.r * math.Abs(s.sweep)
	}
	return s.b.Sub(s.a).Len()
}

func (s seg) tangentAt(ang float64) point {
	t := point{X: -math.Sin(ang), Y: math.Cos(ang)}
	if s.sweep < 0 {
		t = t.Scale(-1)
	}
	return t
}

func (s seg) startTangent() point {
	if s.arc {
		return s.tangentAt(s.a0)
	}
	return unit(s.b.Sub(s.a))
}

func (s seg) endTangent() point {
	if s.arc {
		return s.tangentAt(s.a0 + s.sweep)
	}
	return unit(s.b.Sub(s.a))
}

func unit(v point) point {
	l := v.Len()
	if l == 0 {
		return v
	}
	return v.Scale(1 / l)
}

// right is the unit normal to the right of direction t.
func right(t point) point { return point{X: t.Y, Y: -t.X} }

// offset moves the segment d to its right; ok is false when an arc
// collapses.
func (s seg) offset(d float64) (seg, bool) {
	if s.arc {
		r := s.r + math.Copysign(d, s.sweep)
		if r <= 1e-9 {
			return s, false
		}
		o := s
		o.r = r
		o.a, o.b = polar(s.c, r, s.a0), polar(s.c, r, s.a0+s.sweep)
		return o, true
	}
	n := right(unit(s.b.Sub(s.a))).Scale(d)
	return seg{a: s.a.Add(n), b: s.b.Add(n)}, true
}

// param is the position of x (a point on the segment's line or circle)
// along the segment: 0 at the start, 1 at the end. Points on the circle
// outside the arc map to whichever end is closer.
func (s seg) param(x point) float64 {
	if !s.arc {
		d := s.b.Sub(s.a)
		return (x.Sub(s.a).X*d.X + x.Sub(s.a).Y*d.Y) / (d.X*d.X + d.Y*d.Y)
	}
	sw := math.Abs(s.sweep)
	rel := math.Atan2(x.Y-s.c.Y, x.X-s.c.X) - s.a0
	if s.sweep < 0 {
		rel = -rel
	}
	lo := -(2*math.Pi - sw) / 2
	rel = math.Mod(rel-lo, 2*math.Pi)
	if rel < 0 {
		rel += 2 * math.Pi
	}
	return (rel + lo) / sw
}

// trim returns the part of the segment between parameters t0 and t1.
func (s seg) trim(t0, t1 float64) seg {
	if !s.arc {
		d := s.b.Sub(s.a)
		return seg{a: s.a.Add(d.Scale(t0)), b: s.a.Add(d.Scale(t1))}
	}
	o := s
	o.a0 = s.a0 + t0*s.sweep
	o.sweep = (t1 - t0) * s.sweep
	o.a, o.b = o.start(), o.end()
	return o
}

// roundJoin is the counter-clockwise arc about c from p to q.
func roundJoin(c, p, q point) seg {
	a0 := math.Atan2(p.Y-c.Y, p.X-c.X)
	a1 := math.Atan2(q.Y-c.Y, q.X-c.X)
	sw := math.Mod(a1-a0+4*math.Pi, 2*math.Pi)
	return seg{arc: true, c: c, r: p.Sub(c).Len(), a0: a0, sweep: sw, a: p, b: q}
}

// intersect returns the intersections of the segments' full lines and
// circles.
func intersect(s, t seg) []point {
	switch {
	case !s.arc && !t.arc:
		d1, d2 := s.b.Sub(s.a), t.b.Sub(t.a)
		den := d1.Cross(d2)
		if math.Abs(den) < 1e-12*d1.Len()*d2.Len() {
			return nil
		}
		u := t.a.Sub(s.a).Cross(d2) / den
		return []point{s.a.Add(d1.Scale(u))}
	case s.arc && t.arc:
		return circleCircle(s.c, s.r, t.c, t.r)
	case s.arc:
		return lineCircle(t.a, t.b, s.c, s.r)
	default:
		return lineCircle(s.a, s.b, t.c, t.r)
	}
}

func lineCircle(a, b, c point, r float64) []point {
	d := unit(b.Sub(a))
	f := a.Sub(c)
	// |f + u d|^2 = r^2
	bb := f.X*d.X + f.Y*d.Y
	cc := f.X*f.X + f.Y*f.Y - r*r
	disc := bb*bb - cc
	if disc < -1e-9*r*r {
		return nil
	}
	if disc < 0 {
		disc = 0
	}
	sq := math.Sqrt(disc)
	return []point{a.Add(d.Scale(-bb - sq)), a.Add(d.Scale(-bb + sq))}
}

func circleCircle(c1 point, r1 float64, c2 point, r2 float64) []point {
	v := c2.Sub(c1)
	dist := v.Len()
	if dist < 1e-12 {
		return nil
	}
	a := (dist*dist + r1*r1 - r2*r2) / (2 * dist)
	h2 := r1*r1 - a*a
	if h2 < -1e-9*r1*r1 {
		return nil
	}
	if h2 < 0 {
		h2 = 0
	}
	h := math.Sqrt(h2)
	e := v.Scale(1 / dist)
	m := c1.Add(e.Scale(a))
	n := point{X: -e.Y, Y: e.X}
	return []point{m.Add(n.Scale(h)), m.Sub(n.Scale(h))}
}

// pathOf joins segments end to end into a closed profile.Path.
func pathOf(segs []seg) profile.Path {
	p := profile.Path{Start: segs[0].start()}
	for i, s := range segs {
		end := s.end()
		if i == len(segs)-1 {
			end = p.Start
		}
		ps := profile.Segment{End: end}
		if s.arc {
			ps.Bulge = math.Tan(s.sweep / 4)
		}
		p.Segs = append(p.Segs, ps)
	}
	return p
}
