package profile

import "math"

// Field is a profile's signed distance made ready for many queries: the
// arcs of its segments are worked out once, and the segments are indexed
// by bands of y with a bounding box each, so a query reads the few near
// it. Evaluate2 gives exactly the bits Profile.Evaluate2 gives (it skips
// only segments that provably cannot change the nearest distance or the
// crossing parity, and runs the same arithmetic on the others). A Field
// is read-only once made: safe for concurrent use.
type Field struct {
	p     Profile
	slow  bool // a segment the index cannot bound (degenerate, not finite): every query goes to Profile.Evaluate2
	segs  []fieldSeg
	y0    float64 // bottom of band 0
	dy    float64 // band height
	bands [][]int32
}

// fieldSeg is one boundary segment with what the tests need of it.
type fieldSeg struct {
	a      Point
	s      Segment
	arc    Arc
	isArc  bool
	mid    Point // arc.At(0.5)
	lo, hi Point // bounding box, grown by a hair so rounding stays inside it
	k0, k1 int32 // the bands it is listed in
}

// NewField prepares p's signed distance for repeated queries.
func NewField(p Profile) *Field {
	f := &Field{p: p}
	lo, hi := Point{X: math.Inf(1), Y: math.Inf(1)}, Point{X: math.Inf(-1), Y: math.Inf(-1)}
	for _, q := range p.Paths() {
		q.Each(func(a Point, s Segment) {
			g := fieldSeg{a: a, s: s}
			g.arc, g.isArc = ArcOf(a, s)
			var blo, bhi Point
			if g.isArc {
				g.mid = g.arc.At(0.5)
				blo, bhi = arcBox(a, s.End, g.arc)
			} else {
				d := s.End.Sub(a)
				if l2 := d.X*d.X + d.Y*d.Y; !(l2 > 0) || math.IsInf(l2, 0) {
					f.slow = true
				}
				blo = Point{X: math.Min(a.X, s.End.X), Y: math.Min(a.Y, s.End.Y)}
				bhi = Point{X: math.Max(a.X, s.End.X), Y: math.Max(a.Y, s.End.Y)}
			}
			vals := []float64{blo.X, blo.Y, bhi.X, bhi.Y, g.arc.Center.X, g.arc.Center.Y, g.arc.Radius, g.arc.Start, g.arc.Sweep}
			for _, v := range vals {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					f.slow = true
				}
			}
			// A hair relative to the coordinates: far more than rounding,
			// far less than anything the callers resolve.
			e := 1e-9 * (1 + math.Max(math.Max(math.Abs(blo.X), math.Abs(blo.Y)), math.Max(math.Abs(bhi.X), math.Abs(bhi.Y))))
			if g.isArc { // its distance is worked from the centre and radius
				e += 1e-9 * (math.Abs(g.arc.Center.X) + math.Abs(g.arc.Center.Y) + g.arc.Radius)
			}
			g.lo, g.hi = Point{X: blo.X - e, Y: blo.Y - e}, Point{X: bhi.X + e, Y: bhi.Y + e}
			lo = Point{X: math.Min(lo.X, g.lo.X), Y: math.Min(lo.Y, g.lo.Y)}
			hi = Point{X: math.Max(hi.X, g.hi.X), Y: math.Max(hi.Y, g.hi.Y)}
			f.segs = append(f.segs, g)
		})
	}
	if f.slow || len(f.segs) == 0 {
		f.slow = true
		return f
	}
	nb := min(max(len(f.segs)/2, 1), 512)
	f.y0 = lo.Y
	f.dy = (hi.Y - lo.Y) / float64(nb)
	if !(f.dy > 0) {
		f.dy, nb = 1, 1
	}
	f.bands = make([][]int32, nb)
	for i := range f.segs {
		g := &f.segs[i]
		g.k0, g.k1 = f.band(g.lo.Y), f.band(g.hi.Y)
		for k := g.k0; k <= g.k1; k++ {
			f.bands[k] = append(f.bands[k], int32(i))
		}
	}
	return f
}

// band is the index of the band holding y, clamped to the bands; it never
// decreases as y grows.
func (f *Field) band(y float64) int32 {
	k := math.Floor((y - f.y0) / f.dy)
	if !(k >= 0) {
		return 0
	}
	if n := float64(len(f.bands) - 1); k > n {
		return int32(n)
	}
	return int32(k)
}

// arcBox is the bounding box of an arc from a to b: its ends and the
// extremes of its circle that the sweep passes.
func arcBox(a, b Point, arc Arc) (Point, Point) {
	lo := Point{X: math.Min(a.X, b.X), Y: math.Min(a.Y, b.Y)}
	hi := Point{X: math.Max(a.X, b.X), Y: math.Max(a.Y, b.Y)}
	c, r := arc.Center, arc.Radius
	for q := 0; q < 4; q++ {
		ang := float64(q) * math.Pi / 2
		// Generous about the ends: a quadrant point within a hair of the
		// sweep counts, so the box never misses what withinSweep admits.
		diff := ang - arc.Start
		var in bool
		if arc.Sweep > 0 {
			diff = math.Mod(diff+4*math.Pi, 2*math.Pi)
			in = diff <= arc.Sweep+1e-9 || diff >= 2*math.Pi-1e-9
		} else {
			diff = math.Mod(-diff+4*math.Pi, 2*math.Pi)
			in = diff <= -arc.Sweep+1e-9 || diff >= 2*math.Pi-1e-9
		}
		if !in {
			continue
		}
		p := Point{X: c.X + r*math.Cos(ang), Y: c.Y + r*math.Sin(ang)}
		switch q {
		case 0:
			p = Point{X: c.X + r, Y: c.Y}
		case 1:
			p = Point{X: c.X, Y: c.Y + r}
		case 2:
			p = Point{X: c.X - r, Y: c.Y}
		case 3:
			p = Point{X: c.X, Y: c.Y - r}
		}
		lo = Point{X: math.Min(lo.X, p.X), Y: math.Min(lo.Y, p.Y)}
		hi = Point{X: math.Max(hi.X, p.X), Y: math.Max(hi.Y, p.Y)}
	}
	return lo, hi
}

// Profile returns the profile the field was made from.
func (f *Field) Profile() Profile { return f.p }

// Evaluate2 is the signed distance from pt to the profile's edge, negative
// in the material: bit for bit Profile.Evaluate2.
func (f *Field) Evaluate2(pt Point) float64 {
	if f.slow || math.IsNaN(pt.X) || math.IsNaN(pt.Y) || math.IsInf(pt.X, 0) || math.IsInf(pt.Y, 0) {
		return f.p.Evaluate2(pt)
	}
	kb := f.band(pt.Y)
	inside := f.inside(pt, kb)
	// Distance: pt's band, then bands outward while one could hold a
	// nearer segment; a segment is measured once, in the first band of it
	// visited, and only when its box is nearer than the best so far.
	d := math.Inf(1)
	measure := func(k int32, skip func(g *fieldSeg) bool) {
		for _, i := range f.bands[k] {
			g := &f.segs[i]
			if skip != nil && skip(g) {
				continue
			}
			dx := math.Max(0, math.Max(g.lo.X-pt.X, pt.X-g.hi.X))
			dy := math.Max(0, math.Max(g.lo.Y-pt.Y, pt.Y-g.hi.Y))
			if dx*dx+dy*dy >= d*d {
				continue
			}
			d = math.Min(d, segmentDistanceArc(pt, g.a, g.s, g.arc, g.isArc))
		}
	}
	measure(kb, nil)
	lo, hi := kb, kb
	slack := 1e-6 * f.dy
	n := int32(len(f.bands))
	for {
		gUp, gDn := math.Inf(1), math.Inf(1)
		if hi+1 < n {
			gUp = math.Max(0, f.y0+float64(hi+1)*f.dy-pt.Y) - slack
		}
		if lo > 0 {
			gDn = math.Max(0, pt.Y-(f.y0+float64(lo)*f.dy)) - slack
		}
		g := math.Min(gUp, gDn)
		if math.IsInf(g, 1) || g >= d {
			break
		}
		if gUp <= gDn {
			hi++
			prev := hi - 1
			measure(hi, func(s *fieldSeg) bool { return s.k0 <= prev })
		} else {
			lo--
			prev := lo + 1
			measure(lo, func(s *fieldSeg) bool { return s.k1 >= prev })
		}
	}
	if inside {
		return -d
	}
	return d
}

// Below reports whether Evaluate2(pt) < t, exactly, with less work: it
// decides the side first and then looks only for a segment within |t|.
func (f *Field) Below(pt Point, t float64) bool {
	if f.slow || math.IsNaN(pt.X) || math.IsNaN(pt.Y) || math.IsInf(pt.X, 0) || math.IsInf(pt.Y, 0) || math.IsNaN(t) {
		return f.p.Evaluate2(pt) < t
	}
	kb := f.band(pt.Y)
	if f.inside(pt, kb) {
		// -d < t: d > -t, always so for t > 0 (d >= 0); else no
		// segment may lie within -t.
		if t > 0 {
			return true
		}
		return !f.within(pt, -t, false)
	}
	// d < t: never for t <= 0; else some segment nearer than t.
	if t <= 0 {
		return false
	}
	return f.within(pt, t, true)
}

// within reports whether some segment lies nearer pt than r (strict) or
// no further than r (not strict), by the same arithmetic Evaluate2 uses.
func (f *Field) within(pt Point, r float64, strict bool) bool {
	if math.IsInf(r, 1) {
		return len(f.segs) > 0
	}
	// Bands a hair wider than r each side, so rounding in band never
	// leaves a segment out.
	pad := r + 1e-6*f.dy
	k0, k1 := f.band(pt.Y-pad), f.band(pt.Y+pad)
	for k := k0; k <= k1; k++ {
		for _, i := range f.bands[k] {
			g := &f.segs[i]
			if max(g.k0, k0) != k {
				continue // measured in an earlier band of the range
			}
			dx := math.Max(0, math.Max(g.lo.X-pt.X, pt.X-g.hi.X))
			dy := math.Max(0, math.Max(g.lo.Y-pt.Y, pt.Y-g.hi.Y))
			if dx*dx+dy*dy > r*r {
				continue
			}
			d := segmentDistanceArc(pt, g.a, g.s, g.arc, g.isArc)
			if d < r || (!strict && d == r) {
				return true
			}
		}
	}
	return false
}

// inside is the crossing parity of a ray from pt to +x, as Evaluate2
// works it: only a segment whose box spans pt.Y can cross the ray or hold
// pt in its arc's circular segment, and every such segment is listed in
// pt's band kb.
func (f *Field) inside(pt Point, kb int32) bool {
	inside := false
	for _, i := range f.bands[kb] {
		g := &f.segs[i]
		if pt.Y < g.lo.Y || pt.Y > g.hi.Y {
			continue
		}
		if !g.isArc && (g.a.Y > pt.Y) == (g.s.End.Y > pt.Y) {
			continue // the chord test alone, and it does not cross
		}
		if g.isArc && (pt.X < g.lo.X || pt.X > g.hi.X) {
			// Outside the arc's box: outside its circular segment, so
			// only the chord can flip.
			if (g.a.Y > pt.Y) == (g.s.End.Y > pt.Y) {
				continue
			}
		}
		if crossesRayArc(pt, g.a, g.s, g.arc, g.isArc, g.mid) {
			inside = !inside
		}
	}
	return inside
}
