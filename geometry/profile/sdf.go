package profile

import (
	"math"

	"github.com/deadsy/sdfx/sdf"
	v2 "github.com/deadsy/sdfx/vec/v2"
)

// Evaluate is the signed distance from p to the plate edge, negative inside
// the material. With BoundingBox it makes a Profile an sdf.SDF2.
func (p Profile) Evaluate(v v2.Vec) float64 { return p.Evaluate2(Point{v.X, v.Y}) }

// BoundingBox returns the outer path's bounds, for sdf.SDF2.
func (p Profile) BoundingBox() sdf.Box2 {
	b := p.Bounds()
	return sdf.Box2{Min: v2.Vec{X: b.Min.X, Y: b.Min.Y}, Max: v2.Vec{X: b.Max.X, Y: b.Max.Y}}
}

// Evaluate2 is Evaluate on a Point.
func (p Profile) Evaluate2(pt Point) float64 {
	d := math.Inf(1)
	inside := false
	for _, q := range p.Paths() {
		q.Each(func(a Point, s Segment) {
			arc, ok := ArcOf(a, s) // once for both tests
			var mid Point
			if ok {
				mid = arc.At(0.5)
			}
			d = math.Min(d, segmentDistanceArc(pt, a, s, arc, ok))
			if crossesRayArc(pt, a, s, arc, ok, mid) {
				inside = !inside
			}
		})
	}
	if inside {
		return -d
	}
	return d
}

var _ sdf.SDF2 = Profile{}

// segmentDistance is the distance from p to a line or arc segment.
func segmentDistance(p, a Point, s Segment) float64 {
	arc, ok := ArcOf(a, s)
	return segmentDistanceArc(p, a, s, arc, ok)
}

// segmentDistanceArc is segmentDistance with the segment's ArcOf given.
func segmentDistanceArc(p, a Point, s Segment, arc Arc, ok bool) float64 {
	if !ok {
		d := s.End.Sub(a)
		l2 := d.X*d.X + d.Y*d.Y
		u := ((p.X-a.X)*d.X + (p.Y-a.Y)*d.Y) / l2
		u = math.Max(0, math.Min(1, u))
		return p.Sub(a.Add(d.Scale(u))).Len()
	}
	v := p.Sub(arc.Center)
	ang := math.Atan2(v.Y, v.X)
	if withinSweep(ang, arc) {
		return math.Abs(v.Len() - arc.Radius)
	}
	return math.Min(p.Sub(a).Len(), p.Sub(s.End).Len())
}

// withinSweep reports whether angle ang lies on the arc.
func withinSweep(ang float64, arc Arc) bool {
	diff := ang - arc.Start
	if arc.Sweep > 0 {
		diff = math.Mod(diff+4*math.Pi, 2*math.Pi)
		return diff <= arc.Sweep
	}
	diff = math.Mod(-diff+4*math.Pi, 2*math.Pi)
	return diff <= -arc.Sweep
}

// crossesRay reports whether the region boundary piece (a, s) flips the
// inside/outside parity of p along a ray to +x. An arc counts as its chord
// plus the circular segment between chord and arc: p inside that segment
// flips parity once more.
func crossesRay(p, a Point, s Segment) bool {
	arc, ok := ArcOf(a, s)
	var mid Point
	if ok {
		mid = arc.At(0.5)
	}
	return crossesRayArc(p, a, s, arc, ok, mid)
}

// crossesRayArc is crossesRay with the segment's ArcOf and, for an arc,
// its midpoint arc.At(0.5) given.
func crossesRayArc(p, a Point, s Segment, arc Arc, ok bool, mid Point) bool {
	b := s.End
	flip := false
	if (a.Y > p.Y) != (b.Y > p.Y) {
		x := a.X + (p.Y-a.Y)*(b.X-a.X)/(b.Y-a.Y)
		if x > p.X {
			flip = true
		}
	}
	if ok {
		chord := b.Sub(a)
		side := chord.Cross(p.Sub(a))
		if side == 0 {
			// On the chord's line: decide as if p were nudged up and then
			// right, the same tie-breaks the half-open crossing test above
			// makes (y > p.Y counts as above; x == p.X is not a crossing).
			side = chord.X
			if side == 0 {
				side = -chord.Y
			}
		}
		sameSide := side*chord.Cross(mid.Sub(a)) > 0
		if sameSide && p.Sub(arc.Center).Len() < arc.Radius {
			flip = !flip
		}
	}
	return flip
}
