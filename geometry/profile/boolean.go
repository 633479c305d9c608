package profile

import (
	"fmt"
	"math"
	"sort"
)

// Difference returns the loops that bound the region inside at least one
// path of add and inside none of sub, as OpenSCAD's
// difference() { union() { add... } sub... } of 2D shapes: counter-clockwise
// outer loops, clockwise holes, lines and arcs kept exact. It works on an
// arrangement: every segment is split where it meets another, and a piece is
// kept where the region lies on one side of it and not on the other.
// Coincident edges, T-junctions and shapes that only touch are handled; the
// work is quadratic in the number of segments, meant for plates of a few
// hundred.
func Difference(add, sub []Path) ([]Path, error) {
	var pieces []piece
	for _, set := range [][]Path{add, sub} {
		for _, p := range set {
			p.Each(func(a Point, s Segment) {
				if s.End.Sub(a).Len() > snapTol {
					pieces = append(pieces, newPiece(a, s))
				}
			})
		}
	}
	if len(pieces) > maxBooleanPieces {
		return nil, fmt.Errorf("profile: difference of %d segments, over the %d limit", len(pieces), maxBooleanPieces)
	}
	inside := func(pt Point) bool {
		in := false
		for _, p := range add {
			if pathContains(p, pt) {
				in = true
				break
			}
		}
		if !in {
			return false
		}
		for _, p := range sub {
			if pathContains(p, pt) {
				return false
			}
		}
		return true
	}
	var vs vertices
	cuts := make([][]float64, len(pieces))
	for i := range pieces {
		cuts[i] = []float64{0, 1}
		for j := range pieces {
			if i != j {
				cuts[i] = append(cuts[i], pieces[i].meets(pieces[j])...)
			}
		}
	}
	var edges []edge
	seen := map[[2]int]bool{}
	for i, pc := range pieces {
		ts := cuts[i]
		sort.Float64s(ts)
		for k := 0; k+1 < len(ts); k++ {
			t0, t1 := ts[k], ts[k+1]
			if t1-t0 < 1e-12 {
				continue
			}
			a, b := vs.at(pc.at(t0)), vs.at(pc.at(t1))
			if a == b {
				continue
			}
			m, n := pc.at((t0+t1)/2), pc.normal((t0+t1)/2)
			l, r := inside(m.Add(n.Scale(sideStep))), inside(m.Sub(n.Scale(sideStep)))
			if l == r {
				continue
			}
			bulge := pc.bulge(t0, t1)
			if !l {
				a, b, bulge = b, a, -bulge
			}
			if seen[[2]int{a, b}] {
				continue
			}
			seen[[2]int{a, b}] = true
			edges = append(edges, edge{a, b, bulge})
		}
	}
	return chain(edges, vs.pts)
}

// maxBooleanPieces bounds Difference's quadratic work.
const maxBooleanPieces = 4000

// snapTol is the distance under which two points are one vertex (mm);
// sideStep how far off a piece its two sides are sampled.
const (
	snapTol  = 1e-6
	sideStep = 1e-4
)

// piece is one line or arc of an input path.
type piece struct {
	a, b  Point
	arc   Arc
	isArc bool
}

func newPiece(a Point, s Segment) piece {
	arc, ok := ArcOf(a, s)
	return piece{a: a, b: s.End, arc: arc, isArc: ok}
}

// at is the point at parameter t in [0, 1].
func (p piece) at(t float64) Point {
	if p.isArc {
		switch t {
		case 0:
			return p.a
		case 1:
			return p.b
		}
		return p.arc.At(t)
	}
	return p.a.Add(p.b.Sub(p.a).Scale(t))
}

// normal is the unit left normal at t.
func (p piece) normal(t float64) Point {
	var d Point
	if p.isArc {
		ang := p.arc.Start + t*p.arc.Sweep
		d = Point{-math.Sin(ang), math.Cos(ang)}
		if p.arc.Sweep < 0 {
			d = d.Scale(-1)
		}
	} else {
		d = p.b.Sub(p.a).Scale(1 / p.b.Sub(p.a).Len())
	}
	return Point{-d.Y, d.X}
}

// bulge of the sub-piece t0..t1.
func (p piece) bulge(t0, t1 float64) float64 {
	if !p.isArc {
		return 0
	}
	return math.Tan((t1 - t0) * p.arc.Sweep / 4)
}

// param returns the parameter of a point known to lie on p's line or circle,
// and whether it falls within the piece.
func (p piece) param(q Point) (float64, bool) {
	var t float64
	if p.isArc {
		ang := math.Atan2(q.Y-p.arc.Center.Y, q.X-p.arc.Center.X)
		d := ang - p.arc.Start
		if p.arc.Sweep < 0 {
			d = -d
		}
		d = math.Mod(d+4*math.Pi, 2*math.Pi)
		if d > 2*math.Pi-1e-9 {
			d = 0
		}
		t = d / math.Abs(p.arc.Sweep)
	} else {
		d := p.b.Sub(p.a)
		t = ((q.X-p.a.X)*d.X + (q.Y-p.a.Y)*d.Y) / (d.X*d.X + d.Y*d.Y)
	}
	if q.Sub(p.a).Len() < snapTol {
		return 0, true
	}
	if q.Sub(p.b).Len() < snapTol {
		return 1, true
	}
	return t, t > 0 && t < 1 && p.at(t).Sub(q).Len() < 1e-6
}

// meets returns the parameters on p where o crosses, touches or overlaps it.
func (p piece) meets(o piece) []float64 {
	var pts []Point
	switch {
	case !p.isArc && !o.isArc:
		pts = lineLine(p.a, p.b, o.a, o.b)
	case !p.isArc:
		pts = lineCircle(p.a, p.b, o.arc.Center, o.arc.Radius)
	case !o.isArc:
		pts = lineCircle(o.a, o.b, p.arc.Center, p.arc.Radius)
	default:
		pts = circleCircle(p.arc, o.arc)
	}
	// Overlaps: o's end points lying on p (and p's on o are found from o's side).
	pts = append(pts, o.a, o.b)
	var ts []float64
	for _, q := range pts {
		if !p.onCarrier(q) {
			continue
		}
		if _, ok := o.param(q); !ok {
			continue
		}
		if t, ok := p.param(q); ok {
			ts = append(ts, t)
		}
	}
	return ts
}

// onCarrier reports whether q lies on p's line or circle.
func (p piece) onCarrier(q Point) bool {
	if p.isArc {
		return math.Abs(q.Sub(p.arc.Center).Len()-p.arc.Radius) < 1e-6
	}
	d := p.b.Sub(p.a)
	return math.Abs(d.Cross(q.Sub(p.a)))/d.Len() < 1e-6
}

func lineLine(a, b, c, d Point) []Point {
	r, s := b.Sub(a), d.Sub(c)
	den := r.Cross(s)
	if math.Abs(den) < 1e-12*r.Len()*s.Len() {
		return nil // parallel: overlaps come from the end points
	}
	t := c.Sub(a).Cross(s) / den
	return []Point{a.Add(r.Scale(t))}
}

func lineCircle(a, b, c Point, r float64) []Point {
	d := b.Sub(a)
	l := d.Len()
	u := d.Scale(1 / l)
	// Foot of the perpendicular from c, and half the chord.
	f := a.Add(u.Scale(c.Sub(a).X*u.X + c.Sub(a).Y*u.Y))
	h2 := r*r - f.Sub(c).Len()*f.Sub(c).Len()
	switch {
	case h2 < -1e-9:
		return nil
	case h2 < 1e-9:
		return []Point{f}
	}
	h := math.Sqrt(h2)
	return []Point{f.Add(u.Scale(h)), f.Sub(u.Scale(h))}
}

func circleCircle(p, q Arc) []Point {
	d := q.Center.Sub(p.Center)
	l := d.Len()
	if l < 1e-9 || l > p.Radius+q.Radius+1e-9 || l < math.Abs(p.Radius-q.Radius)-1e-9 {
		return nil // concentric (overlaps come from end points), apart or nested
	}
	x := (l*l + p.Radius*p.Radius - q.Radius*q.Radius) / (2 * l)
	h := math.Sqrt(math.Max(0, p.Radius*p.Radius-x*x))
	u := d.Scale(1 / l)
	m := p.Center.Add(u.Scale(x))
	n := Point{-u.Y, u.X}.Scale(h)
	return []Point{m.Add(n), m.Sub(n)}
}

// pathContains reports whether pt lies inside the closed path.
func pathContains(p Path, pt Point) bool {
	in := false
	p.Each(func(a Point, s Segment) {
		if crossesRay(pt, a, s) {
			in = !in
		}
	})
	return in
}

// vertices snaps computed points to shared vertices.
type vertices struct {
	pts  []Point
	grid map[[2]int64][]int
}

func (v *vertices) at(p Point) int {
	if v.grid == nil {
		v.grid = map[[2]int64][]int{}
	}
	const cell = 1e-3
	gx, gy := int64(math.Floor(p.X/cell)), int64(math.Floor(p.Y/cell))
	for dx := int64(-1); dx <= 1; dx++ {
		for dy := int64(-1); dy <= 1; dy++ {
			for _, i := range v.grid[[2]int64{gx + dx, gy + dy}] {
				if v.pts[i].Sub(p).Len() < snapTol*10 {
					return i
				}
			}
		}
	}
	v.pts = append(v.pts, p)
	k := [2]int64{gx, gy}
	v.grid[k] = append(v.grid[k], len(v.pts)-1)
	return len(v.pts) - 1
}

// edge is a boundary piece between two vertices, region on its left.
type edge struct {
	a, b  int
	bulge float64
}

// chain links edges into closed loops. Where several loops meet at a
// vertex, it leaves along the edge turning most to the right, so that
// touching loops stay apart.
func chain(edges []edge, pts []Point) ([]Path, error) {
	out := map[int][]int{}
	for i, e := range edges {
		out[e.a] = append(out[e.a], i)
	}
	used := make([]bool, len(edges))
	dir := func(e edge, atEnd bool) Point {
		pc := newPiece(pts[e.a], Segment{End: pts[e.b], Bulge: e.bulge})
		t := 0.0
		if atEnd {
			t = 1
		}
		n := pc.normal(t)
		return Point{n.Y, -n.X}
	}
	var loops []Path
	for i := range edges {
		if used[i] {
			continue
		}
		var segs []Segment
		cur := i
		for steps := 0; ; steps++ {
			if steps > len(edges) {
				return nil, fmt.Errorf("profile: difference: a loop does not close")
			}
			used[cur] = true
			e := edges[cur]
			segs = append(segs, Segment{End: pts[e.b], Bulge: e.bulge})
			if e.b == edges[i].a {
				break
			}
			in := dir(e, true)
			next, best := -1, math.Inf(1)
			for _, j := range out[e.b] {
				if used[j] {
					continue
				}
				d := dir(edges[j], false)
				turn := math.Atan2(in.Cross(d), in.X*d.X+in.Y*d.Y) // left positive
				if turn < best {
					next, best = j, turn
				}
			}
			if next < 0 {
				return nil, fmt.Errorf("profile: difference: a loop does not close near (%.3f, %.3f)", pts[e.b].X, pts[e.b].Y)
			}
			cur = next
		}
		loops = append(loops, merge(Path{Start: pts[edges[i].a], Segs: segs}))
	}
	sort.SliceStable(loops, func(i, j int) bool { return loops[i].Area() > loops[j].Area() })
	return loops, nil
}

// merge joins consecutive collinear lines and arcs of one circle, and
// starts the loop at a corner.
func merge(p Path) Path {
	pcs := []piece{}
	p.Each(func(a Point, s Segment) { pcs = append(pcs, newPiece(a, s)) })
	same := func(x, y piece) bool {
		if x.isArc != y.isArc {
			return false
		}
		if !x.isArc {
			return math.Abs(x.b.Sub(x.a).Cross(y.b.Sub(y.a))) < 1e-9*x.b.Sub(x.a).Len()*y.b.Sub(y.a).Len() &&
				(x.b.Sub(x.a).X*y.b.Sub(y.a).X+x.b.Sub(x.a).Y*y.b.Sub(y.a).Y) > 0
		}
		return x.arc.Center.Sub(y.arc.Center).Len() < 1e-6 && math.Abs(x.arc.Radius-y.arc.Radius) < 1e-6 &&
			(x.arc.Sweep > 0) == (y.arc.Sweep > 0)
	}
	// Rotate so that the loop does not start inside a run.
	n := len(pcs)
	start := 0
	for start < n && same(pcs[(start+n-1)%n], pcs[start]) {
		start++
	}
	if start == n {
		start = 0
	}
	out := Path{Start: pcs[start].a}
	var run *piece
	sweep := 0.0
	flush := func() {
		if run == nil {
			return
		}
		b := 0.0
		if run.isArc {
			b = math.Tan(sweep / 4)
		}
		out.Segs = append(out.Segs, Segment{End: run.b, Bulge: b})
	}
	for k := 0; k < n; k++ {
		pc := pcs[(start+k)%n]
		// A full circle must stay two arcs: never merge past a half turn.
		if run != nil && same(*run, pc) && (!pc.isArc || math.Abs(sweep+pc.arc.Sweep) <= math.Pi+1e-9) {
			run.b = pc.b
			sweep += pc.arc.Sweep
			continue
		}
		flush()
		c := pc
		run, sweep = &c, pc.arc.Sweep
	}
	flush()
	return out
}
