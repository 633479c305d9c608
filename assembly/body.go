package assembly

import (
	"fmt"
	"math"

	"github.com/deadsy/sdfx/sdf"
	v3 "github.com/deadsy/sdfx/vec/v3"
	"github.com/fabkit/fabkit/geometry/mesh"
	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/geometry/section"
	"github.com/fabkit/fabkit/geometry/solid"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/shop"
)

type vec = [3]float64

func add(a, b vec) vec           { return vec{a[0] + b[0], a[1] + b[1], a[2] + b[2]} }
func sub(a, b vec) vec           { return vec{a[0] - b[0], a[1] - b[1], a[2] - b[2]} }
func scale(a vec, k float64) vec { return vec{a[0] * k, a[1] * k, a[2] * k} }
func dot(a, b vec) float64       { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }
func norm(a vec) float64         { return math.Sqrt(dot(a, a)) }
func cross(a, b vec) vec {
	return vec{a[1]*b[2] - a[2]*b[1], a[2]*b[0] - a[0]*b[2], a[0]*b[1] - a[1]*b[0]}
}

// rotate applies only the rotation of a placement: directions.
func rotate(t model.Transform, d vec) vec {
	return sub(t.Apply(d), t.T)
}

// inverse maps a point of the assembly frame into a part's frame.
func inverse(t model.Transform, p vec) vec {
	d := sub(p, t.T)
	var out vec
	for i := 0; i < 3; i++ {
		out[i] = t.R[0][i]*d[0] + t.R[1][i]*d[1] + t.R[2][i]*d[2]
	}
	return out
}

// box is an axis-aligned bounding box in the assembly frame.
type box struct{ lo, hi vec }

func emptyBox() box {
	inf := math.Inf(1)
	return box{vec{inf, inf, inf}, vec{-inf, -inf, -inf}}
}

func (b box) extend(p vec) box {
	for i := range 3 {
		b.lo[i], b.hi[i] = math.Min(b.lo[i], p[i]), math.Max(b.hi[i], p[i])
	}
	return b
}

func (b box) union(o box) box { return b.extend(o.lo).extend(o.hi) }

// overlaps reports whether the boxes overlap by more than tol on every axis.
func (b box) overlaps(o box, tol float64) bool {
	for i := range 3 {
		if math.Min(b.hi[i], o.hi[i])-math.Max(b.lo[i], o.lo[i]) <= tol {
			return false
		}
	}
	return true
}

func (b box) grow(d float64) box {
	for i := range 3 {
		b.lo[i], b.hi[i] = b.lo[i]-d, b.hi[i]+d
	}
	return b
}

// piece is a convex prism, part of a body, in the assembly frame: the unit
// of the exact interference test.
type piece struct {
	verts   []vec
	normals []vec // face normals, unit
	edges   []vec // edge directions, unit
	box     box
	k       int // vertices per cap: verts[:k] at w0, verts[k:] at w1
}

// endCap is a prism's end plane in local coordinates: w = W + Su*u + Sv*v.
type endCap struct{ W, Su, Sv float64 }

func flatCap(w float64) endCap { return endCap{W: w} }

func (c endCap) at(q profile.Point) float64 { return c.W + c.Su*q.X + c.Sv*q.Y }

// normal is the cap plane's normal in the assembly frame.
func (c endCap) normal(dirs [3]vec) vec {
	return add(add(scale(dirs[0], c.Su), scale(dirs[1], c.Sv)), scale(dirs[2], -1))
}

// cutPrism makes the convex prism of a convex polygon swept along w
// between two end planes, which may slant (a bar's mitred ends): still
// convex, its caps are the planes and its cap edges lie in them.
func cutPrism(poly []profile.Point, c0, c1 endCap, frame func(u, v, w float64) vec, dirs [3]vec) piece {
	p := piece{k: len(poly)}
	p.box = emptyBox()
	for _, c := range []endCap{c0, c1} {
		for _, q := range poly {
			v := frame(q.X, q.Y, c.at(q))
			p.verts = append(p.verts, v)
			p.box = p.box.extend(v)
		}
	}
	slanted := func(c endCap) bool { return c.Su != 0 || c.Sv != 0 }
	p.normals = append(p.normals, dirs[2])
	for _, c := range []endCap{c0, c1} {
		if slanted(c) {
			n := c.normal(dirs)
			p.normals = append(p.normals, scale(n, 1/norm(n)))
		}
	}
	p.edges = append(p.edges, dirs[2])
	for i, a := range poly {
		b := poly[(i+1)%len(poly)]
		e := b.Sub(a)
		l := e.Len()
		if l < 1e-9 {
			continue
		}
		d := add(scale(dirs[0], e.X/l), scale(dirs[1], e.Y/l))
		p.edges = append(p.edges, d)
		p.normals = append(p.normals, cross(d, dirs[2]))
		for _, c := range []endCap{c0, c1} {
			if slanted(c) { // the cap's edge rises along w as the plane slants
				ce := add(d, scale(dirs[2], (c.Su*e.X+c.Sv*e.Y)/l))
				p.edges = append(p.edges, scale(ce, 1/norm(ce)))
			}
		}
	}
	return p
}

// barEnd is a bar end's cap plane, or its two planes when the end is
// double-mitred (it keeps what lies inside both).
type barEnd struct {
	cap, second endCap
	double      bool
	start       bool // material at larger w
}

func flatEnd(w float64, start bool) barEnd { return barEnd{cap: flatCap(w), start: start} }

// barCaps are a bar's end planes in the body's local (u, v, w) = (y, z, x)
// frame, as the mesher cuts them: through the end point on the axis,
// turned by the mitre about the section's z (slanting across y) or y
// (slanting across z); a positive mitre makes the +y or +z side longer.
// A double mitre's second plane turns about the other axis.
func barCaps(b *model.Bar) (barEnd, barEnd) {
	plane := func(deg float64, axis section.MitreAxis, w, sign float64) endCap {
		c := endCap{W: w}
		if deg == 0 {
			return c
		}
		t := sign * math.Tan(deg*math.Pi/180)
		if axis == section.AboutY {
			c.Sv = t
		} else {
			c.Su = t
		}
		return c
	}
	end := func(e model.End, w, sign float64) barEnd {
		be := barEnd{cap: plane(e.Mitre, e.Axis, w, sign), start: sign < 0}
		if e.Double() {
			be.second, be.double = plane(e.Second, e.Axis.Other(), w, sign), true
		}
		return be
	}
	return end(b.Start, 0, -1), end(b.End, b.Length, 1)
}

// cappedPoly is a convex part of a bar's section with one plane at each end.
type cappedPoly struct {
	poly   []profile.Point
	c0, c1 endCap
}

// capped splits a convex polygon of the section along the crease of each
// double-mitred end, so that every part has one cap plane at each end:
// the start keeps the higher plane, the end the lower.
func capped(poly []profile.Point, e0, e1 barEnd) []cappedPoly {
	split := func(ps []cappedPoly, e barEnd) []cappedPoly {
		var out []cappedPoly
		for _, p := range ps {
			if !e.double {
				if e.start {
					p.c0 = e.cap
				} else {
					p.c1 = e.cap
				}
				out = append(out, p)
				continue
			}
			g := func(q profile.Point) float64 { return e.cap.at(q) - e.second.at(q) }
			for _, first := range []bool{true, false} {
				// The start's first plane governs where it is the higher.
				keep := first == e.start
				part := clipHalf(p.poly, g, keep)
				if len(part) < 3 {
					continue
				}
				q := p
				q.poly = part
				c := e.second
				if first {
					c = e.cap
				}
				if e.start {
					q.c0 = c
				} else {
					q.c1 = c
				}
				out = append(out, q)
			}
		}
		return out
	}
	return split(split([]cappedPoly{{poly: poly}}, e0), e1)
}

// clipHalf clips a convex polygon to g >= 0 (pos) or g <= 0; what is
// left of less than a hair's area is dropped.
func clipHalf(poly []profile.Point, g func(profile.Point) float64, pos bool) []profile.Point {
	f := func(q profile.Point) float64 {
		if pos {
			return g(q)
		}
		return -g(q)
	}
	var out []profile.Point
	for i, a := range poly {
		c := poly[(i+1)%len(poly)]
		fa, fc := f(a), f(c)
		if fa >= 0 {
			out = append(out, a)
		}
		if (fa > 0 && fc < 0) || (fa < 0 && fc > 0) {
			s := fa / (fa - fc)
			out = append(out, profile.Point{X: a.X + (c.X-a.X)*s, Y: a.Y + (c.Y-a.Y)*s})
		}
	}
	area := 0.0
	for i, a := range out {
		c := out[(i+1)%len(out)]
		area += a.X*c.Y - c.X*a.Y
	}
	if math.Abs(area/2) < 1e-9 {
		return nil
	}
	return out
}

// Kinds of body the check knows.
const (
	plateBody = "plate"
	barBody   = "bar"
	solidBody = "solid"
)

// body is one placed instance with the geometry the checks read.
type body struct {
	ref  model.Ref
	part *model.Part
	kind string
	tr   model.Transform
	box  box
	// Extruded bodies (plates and bars): a region of the local (u, v)
	// plane swept along w over spans. For plates u, v, w are the part's
	// x, y, z; for bars they are y, z, x.
	region profile.Profile
	field  *profile.Field // region's distance, indexed: the same bits as region.Evaluate2, faster
	spans  [][2]float64
	pieces []piece
	round  float64 // diameter of a round bar or pipe (a pin, rod or shaft), else 0
	sdf    sdf.SDF3
}

func (b *body) name() string { return fmt.Sprintf("%s#%d", b.ref.Part, b.ref.Instance) }

// local returns the local (u, v, w) to part-frame map of the body.
func (b *body) local(u, v, w float64) vec {
	if b.kind == barBody {
		return vec{w, u, v}
	}
	return vec{u, v, w}
}

// world maps local (u, v, w) to the assembly frame.
func (b *body) world(u, v, w float64) vec { return b.tr.Apply(b.local(u, v, w)) }

// toLocal maps an assembly point to local (u, v, w).
func (b *body) toLocal(p vec) vec {
	q := inverse(b.tr, p)
	if b.kind == barBody {
		return vec{q[1], q[2], q[0]}
	}
	return q
}

// inside reports whether an assembly point lies in the body's material by
// more than margin.
func (b *body) inside(p vec, margin float64) bool { return b.insideMemo(p, margin, nil) }

// outlineMemo is the last outline test of an extruded body: its local
// (u, v), bit for bit, and the answer. Points along a line parallel to the
// extrusion share (u, v), so a grid walked along it tests the outline once
// a line instead of once a point.
type outlineMemo struct {
	u, v  uint64
	valid bool
	below bool
}

// insideMemo is inside, remembering the outline test in m (nil: none).
func (b *body) insideMemo(p vec, margin float64, m *outlineMemo) bool {
	if b.kind == solidBody {
		q := inverse(b.tr, p)
		at := v3.Vec{X: q[0], Y: q[1], Z: q[2]}
		if c, ok := b.sdf.(*solid.Compiled); ok {
			return c.Below(at, -margin)
		}
		return b.sdf.Evaluate(at) < -margin
	}
	q := b.toLocal(p)
	in := false
	for _, s := range b.spans {
		if q[2] > s[0]+margin && q[2] < s[1]-margin {
			in = true
		}
	}
	if !in {
		return false
	}
	if m == nil {
		return b.field.Below(profile.Point{X: q[0], Y: q[1]}, -margin)
	}
	u, v := math.Float64bits(q[0]), math.Float64bits(q[1])
	if !m.valid || m.u != u || m.v != v {
		*m = outlineMemo{u: u, v: v, valid: true, below: b.field.Below(profile.Point{X: q[0], Y: q[1]}, -margin)}
	}
	return m.below
}

// axisAlong returns the assembly axis an extruded body's local w runs
// along, its (u, v) independent of that coordinate bit for bit, and true;
// or 2 (z) and false for a solid or an extrusion along no axis.
func axisAlong(b *body) (int, bool) {
	if b.kind == solidBody {
		return 2, false
	}
	// Local coordinate c of a point is the sum over axes j of R[j][c]
	// times its offset along j: u and v ignore axis j when those are 0.
	u, v := 0, 1
	if b.kind == barBody {
		u, v = 1, 2
	}
	for j := range 3 {
		if b.tr.R[j][u] == 0 && b.tr.R[j][v] == 0 {
			return j, true
		}
	}
	return 2, false
}

// outlineBelow reports whether an assembly point's local (u, v) lies in
// an extruded body's region by more than margin, whatever its w.
func (b *body) outlineBelow(p vec, margin float64) bool {
	q := b.toLocal(p)
	return b.field.Below(profile.Point{X: q[0], Y: q[1]}, -margin)
}

// sectionRegion returns the cross-section of a shop profile as a region of the
// bar's local (y, z) plane, centred as the mesher centres it.
func sectionRegion(p shop.Profile) (profile.Profile, float64, error) {
	sec := p.Section()
	w, h, t, r := sec.Width, sec.Height, sec.Wall, sec.Radius
	switch p.Shape {
	case shop.SquareTube, shop.RectTube:
		ri := math.Max(r-t, 0)
		outer := profile.Rect(-w/2, -h/2, w, h)
		if r > 0 {
			outer = profile.RoundedRect(-w/2, -h/2, w, h, r)
		}
		inner := profile.Rect(-w/2+t, -h/2+t, w-2*t, h-2*t)
		if ri > 0 {
			inner = profile.RoundedRect(-w/2+t, -h/2+t, w-2*t, h-2*t, ri)
		}
		return profile.New(outer, inner), 0, nil
	case shop.Angle:
		return profile.New(profile.Polygon(profile.Point{X: -w / 2, Y: -h / 2}, profile.Point{X: w / 2, Y: -h / 2},
			profile.Point{X: w / 2, Y: h / 2}, profile.Point{X: w/2 - t, Y: h / 2},
			profile.Point{X: w/2 - t, Y: -h/2 + t}, profile.Point{X: -w / 2, Y: -h/2 + t})), 0, nil
	case shop.Flat:
		return profile.New(profile.Rect(-w/2, -h/2, w, h)), 0, nil // a flat's height is its thickness
	case shop.Round:
		return profile.New(profile.Circle(0, 0, p.Diameter/2)), p.Diameter, nil
	case shop.Pipe:
		return profile.New(profile.Circle(0, 0, p.Diameter/2), profile.Circle(0, 0, p.Diameter/2-p.Wall)), p.Diameter, nil
	}
	return profile.Profile{}, 0, fmt.Errorf("stock profile %s: shape %q has no section", p.ID, p.Shape)
}

// convexPieces triangulates a region into convex polygons.
func convexPieces(region profile.Profile, tol float64) ([][]profile.Point, error) {
	pts, tris, err := mesh.TriangulateRings(region.Rings(tol))
	if err != nil {
		return nil, err
	}
	out := make([][]profile.Point, 0, len(tris))
	for _, t := range tris {
		var tri []profile.Point
		for _, k := range t {
			tri = append(tri, pts[k])
		}
		out = append(out, tri)
	}
	return out, nil
}

// bodies places every instance of every plate, bar and solid. Purchased
// stand-ins are left out: they are envelopes, not the item's shape.
func bodies(m *model.Model, s *shop.Shop, tol float64) ([]*body, error) {
	var out []*body
	for _, p := range m.Parts {
		var region profile.Profile
		var field *profile.Field
		var spans [][2]float64
		var polys [][]profile.Point
		kind, round := "", 0.0
		switch {
		case p.Plate != nil:
			kind, region = plateBody, p.Plate.Shape
			spans = [][2]float64{{0, p.Plate.Thickness}}
		case p.Bar != nil:
			prof, ok := s.Profile(p.Bar.Profile)
			if !ok {
				return nil, fmt.Errorf("part %s: stock profile %q is not in shop %q", p.ID, p.Bar.Profile, s.Name)
			}
			var err error
			if region, round, err = sectionRegion(prof); err != nil {
				return nil, fmt.Errorf("part %s: %w", p.ID, err)
			}
			kind, spans = barBody, barSpans(p.Bar)
		case p.Solid != nil:
			kind = solidBody
		default:
			continue
		}
		if kind != solidBody {
			var err error
			if polys, err = convexPieces(region, tol); err != nil {
				return nil, fmt.Errorf("part %s: %w", p.ID, err)
			}
			field = profile.NewField(region)
		}
		places := p.Placements
		if len(places) == 0 {
			continue // not placed in the assembly
		}
		var shape sdf.SDF3
		if kind == solidBody {
			// Compiled once a part: the same values, bit for bit, and
			// inside tests that skip what cannot change their answer.
			shape = solid.Compile(p.Solid.Shape)
		}
		for i, tr := range places {
			b := &body{ref: model.Ref{Part: p.ID, Instance: i}, part: p, kind: kind, tr: tr, region: region, field: field, spans: spans, round: round}
			b.box = emptyBox()
			if kind == solidBody {
				b.sdf = shape
				bb := p.Solid.Shape.BoundingBox()
				for _, c := range corners(vec{bb.Min.X, bb.Min.Y, bb.Min.Z}, vec{bb.Max.X, bb.Max.Y, bb.Max.Z}) {
					b.box = b.box.extend(tr.Apply(c))
				}
				out = append(out, b)
				continue
			}
			dirs := [3]vec{rotate(tr, b.local(1, 0, 0)), rotate(tr, b.local(0, 1, 0)), rotate(tr, b.local(0, 0, 1))}
			var first, last barEnd
			if p.Bar != nil {
				first, last = barCaps(p.Bar)
			}
			for k, sp := range spans {
				e0, e1 := flatEnd(sp[0], true), flatEnd(sp[1], false)
				if p.Bar != nil && k == 0 && sp[0] == 0 {
					e0 = first
				}
				if p.Bar != nil && k == len(spans)-1 && sp[1] == p.Bar.Length {
					e1 = last
				}
				for _, poly := range polys {
					for _, cp := range capped(poly, e0, e1) {
						pc := cutPrism(cp.poly, cp.c0, cp.c1, b.world, dirs)
						b.pieces = append(b.pieces, pc)
						b.box = b.box.union(pc.box)
					}
				}
			}
			out = append(out, b)
		}
	}
	return out, nil
}

func corners(lo, hi vec) []vec {
	var out []vec
	for _, x := range []float64{lo[0], hi[0]} {
		for _, y := range []float64{lo[1], hi[1]} {
			for _, z := range []float64{lo[2], hi[2]} {
				out = append(out, vec{x, y, z})
			}
		}
	}
	return out
}

// barSpans splits a bar's length around its holes: the interference test
// leaves out the length a cross hole spans, so a pin or bolt through it
// is not counted as shared material (the hole check sees to those).
func barSpans(b *model.Bar) [][2]float64 {
	type iv struct{ a, b float64 }
	var cut []iv
	for _, h := range b.Holes {
		cut = append(cut, iv{h.At - h.Diameter/2, h.At + h.Diameter/2})
	}
	for i := 1; i < len(cut); i++ { // insertion sort: holes are few
		for j := i; j > 0 && cut[j].a < cut[j-1].a; j-- {
			cut[j], cut[j-1] = cut[j-1], cut[j]
		}
	}
	var out [][2]float64
	x := 0.0
	for _, c := range cut {
		if c.a > x {
			out = append(out, [2]float64{x, c.a})
		}
		x = math.Max(x, c.b)
	}
	if x < b.Length {
		out = append(out, [2]float64{x, b.Length})
	}
	return out
}
