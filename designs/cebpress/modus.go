package cebpress

import (
	"fmt"
	"math"

	"github.com/fabkit/fabkit/geometry/profile"
)

// OSE draws every plate as difference() { base; cuts } of cubes and
// cylinders, with two helpers of modus.scad: tabinsert (a slot for an
// abutting plate, with corner reliefs) and cornerjoint (an inlaid corner:
// a strip cut along an edge, with pads left standing). These are the same
// shapes as fabkit paths, in the plate's frame and in inches; sketch.shape
// turns them into the exact profile.

// sketch is a plate being drawn: material added, material cut.
type sketch struct{ add, sub []profile.Path }

func (s *sketch) base(p ...profile.Path) { s.add = append(s.add, p...) }
func (s *sketch) cut(p ...profile.Path)  { s.sub = append(s.sub, p...) }

// shape is the exact profile, scaled from inches to mm.
func (s *sketch) shape() (profile.Profile, error) {
	loops, err := profile.Difference(scalePaths(s.add), scalePaths(s.sub))
	if err != nil {
		return profile.Profile{}, err
	}
	if len(loops) == 0 || loops[0].Area() <= 0 {
		return profile.Profile{}, fmt.Errorf("the cuts leave no plate")
	}
	for _, l := range loops[1:] {
		if l.Area() > 0 {
			return profile.Profile{}, fmt.Errorf("the cuts split the plate in pieces")
		}
	}
	return profile.New(loops[0], loops[1:]...), nil
}

func scalePaths(ps []profile.Path) []profile.Path {
	out := make([]profile.Path, len(ps))
	for i, p := range ps {
		q := profile.Path{Start: p.Start.Scale(in), Segs: make([]profile.Segment, len(p.Segs))}
		for j, s := range p.Segs {
			q.Segs[j] = profile.Segment{End: s.End.Scale(in), Bulge: s.Bulge}
		}
		out[i] = q
	}
	return out
}

// rect is cube([w, h]) at (x, y); an empty rectangle draws nothing.
func rect(x, y, w, h float64) []profile.Path {
	if w <= 0 || h <= 0 {
		return nil
	}
	return []profile.Path{profile.Rect(x, y, w, h)}
}

// circle is cylinder(r) at (x, y).
func circle(x, y, r float64) []profile.Path { return []profile.Path{profile.Circle(x, y, r)} }

// moved returns paths turned by deg about the origin, then moved by (x, y),
// as OpenSCAD's translate([x, y]) rotate(deg).
func moved(ps []profile.Path, deg, x, y float64) []profile.Path {
	out := make([]profile.Path, len(ps))
	for i, p := range ps {
		out[i] = p.Transform(deg, profile.Point{X: x, Y: y})
	}
	return out
}

// mirrorX returns paths reflected through x = 0 (mirror([1, 0, 0])), then
// moved by dx; mirrorY the same through y = 0, moved by dy.
func mirrorX(ps []profile.Path, dx float64) []profile.Path {
	return reflect(ps, func(p profile.Point) profile.Point { return profile.Point{X: dx - p.X, Y: p.Y} })
}

func mirrorY(ps []profile.Path, dy float64) []profile.Path {
	return reflect(ps, func(p profile.Point) profile.Point { return profile.Point{X: p.X, Y: dy - p.Y} })
}

func reflect(ps []profile.Path, f func(profile.Point) profile.Point) []profile.Path {
	out := make([]profile.Path, len(ps))
	for i, p := range ps {
		q := profile.Path{Start: f(p.Start), Segs: make([]profile.Segment, len(p.Segs))}
		for j, s := range p.Segs {
			q.Segs[j] = profile.Segment{End: f(s.End), Bulge: -s.Bulge}
		}
		out[i] = q
	}
	return out
}

// symmetric returns cuts drawn from a plate's left edge at x = -w/2 and
// their mirror image from the right edge: OSE's
// translate([-w/2, 0]) cuts(); translate([w/2, 0]) mirror([1, 0, 0]) cuts();
func symmetric(w float64, cuts []profile.Path) []profile.Path {
	return append(moved(cuts, 0, -w/2, 0), mirrorX(cuts, w/2)...)
}

// tab describes a tabinsert: an X by Y slot grown by dGap on every side,
// with up to four corner reliefs c1..c8 (tall, wide pairs: top-left c1 x
// c2, top-right c3 x c4 (wide, tall), bottom-right c5 x c6 (tall, wide),
// bottom-left c7 x c8 (wide, tall)), each pushed out by cGap; centred on
// (0, 0) or with its corner there.
type tab struct {
	X, Y, dGap, cGap float64
	c                [8]float64
	centre           bool
}

// at returns the tabinsert's cut at (x, y).
func (t tab) at(x, y float64) []profile.Path {
	k := 0.0
	if t.centre {
		k = 1
	}
	ox, oy := x-t.dGap-k*t.X/2, y-t.dGap-k*t.Y/2
	W, H := t.X+2*t.dGap, t.Y+2*t.dGap
	c := t.c
	var out []profile.Path
	out = append(out, rect(ox, oy, W, H)...)
	out = append(out, rect(ox-t.cGap, oy+H-c[0]+t.cGap, c[1], c[0])...)
	out = append(out, rect(ox+W-c[2]+t.cGap, oy+H-c[3]+t.cGap, c[2], c[3])...)
	out = append(out, rect(ox+W-c[5]+t.cGap, oy-t.cGap, c[5], c[4])...)
	out = append(out, rect(ox-t.cGap, oy-t.cGap, c[6], c[7])...)
	return out
}

// corner describes a cornerjoint: a strip L long and H deep (the mating
// plate's thickness) along an edge, cut PadH deeper except where two pads
// PadL long stand EndGap in from its ends.
type corner struct{ L, H, EndGap, PadL, PadH float64 }

// local is the cut with its strip on y = 0..H, x = 0..L.
func (c corner) local() []profile.Path {
	out := rect(0, 0, c.L, c.H)
	// The deeper band: [0, L] less the two pads.
	pads := [][2]float64{{c.EndGap, c.EndGap + c.PadL}, {c.L - c.EndGap - c.PadL, c.L - c.EndGap}}
	if pads[1][0] < pads[0][0] {
		pads[0], pads[1] = pads[1], pads[0]
	}
	x := 0.0
	for _, p := range pads {
		if p[0] > x {
			out = append(out, rect(x, c.H, p[0]-x, c.PadH)...)
		}
		x = math.Max(x, p[1])
	}
	if x < c.L {
		out = append(out, rect(x, c.H, c.L-x, c.PadH)...)
	}
	return out
}

// at places the cut as cornerjoint(…, angle, centre) at (x, y).
func (c corner) at(x, y, angle float64, centre bool) []profile.Path {
	d := c.H + c.PadH
	var ox, oy float64
	switch {
	case !centre && angle == 90:
		ox = d
	case !centre && angle == 180:
		ox, oy = c.L, d
	case !centre && angle == 270:
		oy = c.L
	case centre && angle == 0:
		ox = -c.L / 2
	case centre && angle == 90:
		oy = -c.L / 2
	case centre && angle == 180:
		ox = c.L / 2
	case centre && angle == 270:
		oy = c.L / 2
	}
	return moved(moved(c.local(), angle, ox, oy), 0, x, y)
}

// trapezoid is a plate narrowing from top width wt at y = h to bottom width
// wb at y = 0, centred on x = 0: h1 and h2, their sides cut to the hopper.
func trapezoid(wb, wt, h float64) profile.Path {
	return profile.Polygon(profile.Point{X: -wb / 2}, profile.Point{X: wb / 2}, profile.Point{X: wt / 2, Y: h}, profile.Point{X: -wt / 2, Y: h})
}

// slot is the hull of two circles of diameter d at (x0, y) and (x1, y).
func slot(x0, x1, y, d float64) []profile.Path {
	return []profile.Path{profile.Slot(profile.Point{X: x0, Y: y}, profile.Point{X: x1, Y: y}, d)}
}
