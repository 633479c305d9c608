package mesh

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/fabkit/fabkit/geometry/section"

	"github.com/fabkit/fabkit/geometry/profile"
)

// Cross holes in round bar and pipe.
//
// The bar is meshed as the prism of its area-preserving section polygon and
// a cross hole as the prism of its own area-preserving polygon (in the plane
// of the bar axis X and the across coordinate u), drilled along the level
// coordinate w: Z for top/bottom holes (u = y), Y for left/right holes
// (u = z). The mesh is the exact boolean difference of these two prisms, so
// it is watertight by construction: each intersection curve is the hole
// polygon lifted onto one chain of section facets, with an extra vertex
// wherever a hole edge crosses a facet fold line (a ring vertex swept along
// X). Every such vertex lies exactly on the fold line, interior vertices lie
// on their facet plane to rounding, and each pierced facet strip is
// re-triangulated around its piece of the hole footprint in the strip's own
// (x, t) coordinates, t measured from the strip's first edge. The hole wall
// of each hole edge is the planar polygon between two intersection curves.
//
// The volume error against the true cylinders comes only from the polygons
// standing in for the circles under the footprint: the section polygon
// strays from its circle by at most about ⅔ tol (at its vertices, which
// sit outside the circle; mid-chord it is about ⅓ tol inside), so each
// intersection curve puts the volume off by at most ⅔ tol × πr², r the hole
// radius, and in practice (the deviations average out over a footprint
// several chords wide) by about ⅕ tol × πr². For a 1 in bar 200 mm long
// with a 6.5 mm and a 10.5 mm cross hole that is about 1e-6 of the volume at
// the default tolerance; TestCrossHoleSweep checks the ⅔ bound.

// crossPt is a vertex of the intersection of a cross hole with one surface
// (ring) of the bar.
type crossPt struct {
	p    Vec3
	vert int // ring vertex whose fold line it lies on, or -1
	seg  int // ring edge (facet) it lies in, when vert < 0
}

// crossSide is the intersection curve of a hole with one chain of facets of
// one ring: the upper (sigma > 0) or lower side in the level coordinate.
type crossSide struct {
	ring  int
	n     int // vertices in the ring
	pts   []crossPt
	start []int // index in pts of the lifted hole polygon vertex j
}

func (s *crossSide) in(seg int, q crossPt) bool {
	if q.vert < 0 {
		return q.seg == seg
	}
	return q.vert == seg || q.vert == (seg+1)%s.n
}

// crossHole is one validated cross hole.
type crossHole struct {
	alongZ bool
	x, rho float64
	poly   []profile.Point // hole polygon, counter-clockwise in (x, u)
	sides  []*crossSide
	walls  [][2]int // pairs of indices into sides, entry curve first
}

// crossPlan holds the cross holes of a profile and the facets they pierce.
type crossPlan struct {
	holes  []*crossHole
	pierce map[[2]int][]*crossSide // (ring, edge) → curves crossing that facet
}

// uw returns the across (u) and level (w) coordinates of section point q.
func uw(q profile.Point, alongZ bool) (u, w float64) {
	if alongZ {
		return q.X, q.Y
	}
	return q.Y, q.X
}

func crossPoint(x, u, w float64, alongZ bool) Vec3 {
	if alongZ {
		return Vec3{x, u, w}
	}
	return Vec3{x, w, u}
}

// errCoincide means a hole polygon vertex falls on a fold line; the planner
// then rotates the hole polygon.
var errCoincide = errors.New("hole vertex on a fold line")

// liftSide intersects the prism of the hole polygon with the facets of ring
// on the sigma side of the level coordinate.
func liftSide(ring []profile.Point, k int, alongZ bool, sigma float64, poly []profile.Point) (*crossSide, error) {
	n := len(ring)
	us, ws := make([]float64, n), make([]float64, n)
	for v, q := range ring {
		us[v], ws[v] = uw(q, alongZ)
	}
	var chain, breaks []int
	for i := range n {
		j := (i + 1) % n
		if sigma*(ws[i]+ws[j]) > 0 && us[i] != us[j] {
			chain = append(chain, i)
		}
		if sigma*ws[i] > 0 {
			breaks = append(breaks, i)
		}
	}
	var span float64
	for _, v := range breaks {
		span = max(span, math.Abs(us[v]))
	}
	eps := 1e-7 * span
	s := &crossSide{ring: k, n: n}
	lift := func(q profile.Point) (crossPt, error) {
		for _, v := range breaks {
			if math.Abs(q.Y-us[v]) <= eps {
				return crossPt{}, errCoincide
			}
		}
		for _, i := range chain {
			j := (i + 1) % n
			lo, hi := minmax(us[i], us[j])
			if q.Y > lo && q.Y < hi {
				w := ws[i] + (q.Y-us[i])*(ws[j]-ws[i])/(us[j]-us[i])
				return crossPt{p: crossPoint(q.X, q.Y, w, alongZ), vert: -1, seg: i}, nil
			}
		}
		return crossPt{}, fmt.Errorf("across coordinate %g is off the section", q.Y)
	}
	type cross struct {
		t float64
		v int
	}
	for j, p0 := range poly {
		p1 := poly[(j+1)%len(poly)]
		q, err := lift(p0)
		if err != nil {
			return nil, err
		}
		s.start = append(s.start, len(s.pts))
		s.pts = append(s.pts, q)
		var cs []cross
		for _, v := range breaks {
			if (us[v]-p0.Y)*(us[v]-p1.Y) < 0 {
				cs = append(cs, cross{(us[v] - p0.Y) / (p1.Y - p0.Y), v})
			}
		}
		slices.SortFunc(cs, func(a, b cross) int { return cmp.Compare(a.t, b.t) })
		for _, c := range cs {
			x := p0.X + c.t*(p1.X-p0.X)
			s.pts = append(s.pts, crossPt{p: crossPoint(x, us[c.v], ws[c.v], alongZ), vert: c.v})
		}
	}
	return s, nil
}

// planCrossHoles validates the holes of a round bar or pipe profile against
// the normalized section rings. It returns nil for other shapes or no holes.
func planCrossHoles(p Bar, rings [][]profile.Point, tol float64, xs, xe func(profile.Point) float64) (*crossPlan, error) {
	sh := p.Section.Shape
	if len(p.Holes) == 0 || (sh != section.Round && sh != section.Pipe) {
		return nil, nil
	}
	cp := &crossPlan{pierce: make(map[[2]int][]*crossSide)}
	R := p.Section.Diameter / 2
	limit, limitName := 2*R, "bar"
	if sh == section.Pipe {
		limit, limitName = 2*(R-p.Section.Wall), "bore"
	}
	for hi, h := range p.Holes {
		f := func(name string) string { return fmt.Sprintf("Holes[%d].%s", hi, name) }
		if !(h.Diameter > 0) || math.IsInf(h.Diameter, 0) {
			return nil, perr(f("Diameter"), "%g: must be positive", h.Diameter)
		}
		ch := &crossHole{x: h.At}
		sigma := -1.0
		switch h.Face {
		case section.Top:
			ch.alongZ, sigma = true, 1
		case section.Bottom:
			ch.alongZ = true
		case section.Left:
			sigma = 1
		case section.Right:
		default:
			return nil, perr(f("Face"), "%q: must be %q, %q, %q or %q", h.Face, section.Top, section.Bottom, section.Left, section.Right)
		}
		if h.Offset != 0 {
			return nil, perr(f("Offset"), "%g: a cross hole in %s goes through the axis (Offset 0)", h.Offset, sh)
		}
		if sh == section.Round && !h.Through {
			return nil, perr(f("Through"), "false: a cross hole in round bar must go through")
		}
		if h.Diameter >= limit {
			return nil, perr(f("Diameter"), "%g: must be less than the %s diameter %g", h.Diameter, limitName, limit)
		}
		r := h.Diameter / 2
		m := Segments(r, 2*math.Pi, tol)
		th := 2 * math.Pi / float64(m)
		ch.rho = r * math.Sqrt(th/math.Sin(th))
		// Sides: (ring, sigma) in drilling order, and the walls between them.
		type side struct {
			ring  int
			sigma float64
		}
		var sides []side
		switch {
		case sh == section.Round:
			sides = []side{{0, sigma}, {0, -sigma}}
			ch.walls = [][2]int{{0, 1}}
		case h.Through:
			sides = []side{{0, sigma}, {1, sigma}, {1, -sigma}, {0, -sigma}}
			ch.walls = [][2]int{{0, 1}, {2, 3}}
		default:
			sides = []side{{0, sigma}, {1, sigma}}
			ch.walls = [][2]int{{0, 1}}
		}
		// The hole polygon must fit inside every ring it crosses, as meshed.
		for _, sd := range sides {
			var span float64
			for _, q := range rings[sd.ring] {
				u, _ := uw(q, ch.alongZ)
				span = max(span, math.Abs(u))
			}
			if ch.rho >= span*(1-1e-6) {
				return nil, perr(f("Diameter"), "%g: too close to the %s diameter %g at tolerance %g", h.Diameter, limitName, limit, tol)
			}
		}
		// Rotate the polygon until no vertex falls on a fold line.
		var err error
		for _, phase := range []float64{0.5, 0.25, 0.75, 0.125, 0.375, 0.625, 0.875} {
			ch.poly = make([]profile.Point, m)
			for j := range ch.poly {
				s, c := math.Sincos((float64(j) + phase) * th)
				ch.poly[j] = profile.Point{X: h.At + ch.rho*c, Y: ch.rho * s}
			}
			ch.sides = ch.sides[:0]
			for _, sd := range sides {
				var cs *crossSide
				if cs, err = liftSide(rings[sd.ring], sd.ring, ch.alongZ, sd.sigma, ch.poly); err != nil {
					break
				}
				ch.sides = append(ch.sides, cs)
			}
			if !errors.Is(err, errCoincide) {
				break
			}
		}
		if err != nil {
			return nil, perr(f("Diameter"), "%g: cannot mesh the hole: %v", h.Diameter, err)
		}
		// The hole must lie inside the bar between the end cuts.
		for _, cs := range ch.sides {
			for _, q := range cs.pts {
				s := profile.Point{X: q.p.Y, Y: q.p.Z}
				if !(q.p.X > xs(s)) || !(q.p.X < xe(s)) {
					return nil, perr(f("At"), "%g: the Ø%g hole runs past an end of the bar", h.At, h.Diameter)
				}
			}
		}
		for j, o := range cp.holes {
			if math.Abs(o.x-ch.x) <= o.rho+ch.rho {
				return nil, perr(fmt.Sprintf("Holes[%d]", hi), "overlaps Holes[%d] along the bar (cross holes may not share a stretch of the bar)", j)
			}
		}
		cp.holes = append(cp.holes, ch)
		for _, cs := range ch.sides {
			for _, q := range cs.pts {
				segs := []int{q.seg}
				if q.vert >= 0 {
					segs = []int{(q.vert + cs.n - 1) % cs.n, q.vert}
				}
				for _, sg := range segs {
					key := [2]int{cs.ring, sg}
					if l := cp.pierce[key]; len(l) == 0 || l[len(l)-1] != cs {
						cp.pierce[key] = append(l, cs)
					}
				}
			}
		}
	}
	return cp, nil
}

func (cp *crossPlan) pierced(ring, seg int) bool {
	return cp != nil && len(cp.pierce[[2]int{ring, seg}]) > 0
}

// lp is a vertex of a strip or wall polygon: its 3D position and its
// coordinates in the polygon's plane.
type lp struct {
	p  Vec3
	uv profile.Point
}

// revPath returns the vertices of c from index from to index to, walking
// backwards (clockwise around a counter-clockwise c).
func revPath(c []lp, from, to int) []lp {
	var out []lp
	for i := from; ; i = (i + len(c) - 1) % len(c) {
		out = append(out, c[i])
		if i == to {
			return out
		}
	}
}

// strip meshes facet seg of ring (the strip from a = ring[seg] to the next
// vertex c, swept from the start cut to the end cut) around the footprints
// of the cross holes that pierce it. S and E map a section point to the
// start and end cut; out is the outward direction.
func (cp *crossPlan) strip(b *builder, ring []profile.Point, k, seg int, S, E func(profile.Point) Vec3, out Vec3) error {
	n := len(ring)
	a, c := ring[seg], ring[(seg+1)%n]
	d := profile.Point{X: c.X - a.X, Y: c.Y - a.Y}
	dl := math.Hypot(d.X, d.Y)
	d = profile.Point{X: d.X / dl, Y: d.Y / dl}
	tc := (c.X-a.X)*d.X + (c.Y-a.Y)*d.Y
	at := func(q Vec3, t float64) lp { return lp{q, profile.Point{X: q.X, Y: t}} }
	free := func(q Vec3) lp { return at(q, (q.Y-a.X)*d.X+(q.Z-a.Y)*d.Y) }

	// Footprints, counter-clockwise in (x, t), with the indices of their
	// points on the bottom (t = 0) and top (t = tc) edges.
	type foot struct {
		c              []lp
		bot, top       []int
		minX           float64
		touchB, touchT bool
	}
	var feet []foot
	for _, cs := range cp.pierce[[2]int{k, seg}] {
		var ft foot
		var onB, onT []bool
		for _, q := range cs.pts {
			if !cs.in(seg, q) {
				continue
			}
			switch {
			case q.vert == seg:
				ft.c = append(ft.c, at(q.p, 0))
			case q.vert >= 0:
				ft.c = append(ft.c, at(q.p, tc))
			default:
				ft.c = append(ft.c, free(q.p))
			}
			onB = append(onB, q.vert == seg)
			onT = append(onT, q.vert >= 0 && q.vert != seg)
		}
		var area float64
		for i := range ft.c {
			p0, p1 := ft.c[i].uv, ft.c[(i+1)%len(ft.c)].uv
			area += p0.X*p1.Y - p1.X*p0.Y
		}
		if area < 0 {
			slices.Reverse(ft.c)
			slices.Reverse(onB)
			slices.Reverse(onT)
		}
		ft.minX = math.Inf(1)
		for i, q := range ft.c {
			ft.minX = min(ft.minX, q.uv.X)
			if onB[i] {
				ft.bot = append(ft.bot, i)
			}
			if onT[i] {
				ft.top = append(ft.top, i)
			}
		}
		if len(ft.c) < 3 || len(ft.bot)%2 != 0 || len(ft.bot) > 2 || len(ft.top)%2 != 0 || len(ft.top) > 2 {
			return fmt.Errorf("mesh: bar: cross hole footprint on wall %d of ring %d is not convex", seg, k)
		}
		byX := func(i, j int) int { return cmp.Compare(ft.c[i].uv.X, ft.c[j].uv.X) }
		slices.SortFunc(ft.bot, byX)
		slices.SortFunc(ft.top, byX)
		feet = append(feet, ft)
	}
	slices.SortFunc(feet, func(x, y foot) int { return cmp.Compare(x.minX, y.minX) })

	// Walk left to right, closing a piece at every footprint that crosses
	// the whole strip.
	sa, ea, ec, sc := at(S(a), 0), at(E(a), 0), at(E(c), tc), at(S(c), tc)
	left := []lp{sc, sa}
	var bottom, holes [][]lp
	var tops [][]lp
	emit := func(right []lp) error {
		ring := slices.Clone(left)
		for _, s := range bottom {
			ring = append(ring, s...)
		}
		ring = append(ring, right...)
		for i := len(tops) - 1; i >= 0; i-- {
			ring = append(ring, tops[i]...)
		}
		var p2 []profile.Point
		var ids []int32
		idx := func(r []lp) []int {
			var out []int
			for _, q := range r {
				out = append(out, len(p2))
				p2 = append(p2, q.uv)
				ids = append(ids, b.v(q.p))
			}
			return out
		}
		rs := [][]int{idx(ring)}
		if ringAreaIdx(p2, rs[0]) <= 0 {
			return fmt.Errorf("mesh: bar: wall %d of ring %d: cross hole piece is not counter-clockwise", seg, k)
		}
		for _, h := range holes {
			hr := idx(h)
			slices.Reverse(hr)
			rs = append(rs, hr)
		}
		tris, err := triangulate(p2, rs)
		if err != nil {
			return fmt.Errorf("mesh: bar: wall %d of ring %d with cross holes: %w", seg, k, err)
		}
		for _, t := range tris {
			b.tri(ids[t[0]], ids[t[1]], ids[t[2]], out)
		}
		return nil
	}
	for _, ft := range feet {
		switch {
		case len(ft.bot) == 0 && len(ft.top) == 0:
			holes = append(holes, ft.c)
		case len(ft.top) == 0:
			bottom = append(bottom, revPath(ft.c, ft.bot[0], ft.bot[1]))
		case len(ft.bot) == 0:
			tops = append(tops, revPath(ft.c, ft.top[1], ft.top[0]))
		default:
			if err := emit(revPath(ft.c, ft.bot[0], ft.top[0])); err != nil {
				return err
			}
			left = revPath(ft.c, ft.top[1], ft.bot[1])
			bottom, tops, holes = nil, nil, nil
		}
	}
	return emit([]lp{ea, ec})
}

// walls adds the wall of every cross hole: for each hole polygon edge, the
// planar polygon between the two intersection curves it joins.
func (cp *crossPlan) walls(b *builder) error {
	for _, h := range cp.holes {
		m := len(h.poly)
		for _, w := range h.walls {
			A, B := h.sides[w[0]], h.sides[w[1]]
			for j := range m {
				p0, p1 := h.poly[j], h.poly[(j+1)%m]
				e := profile.Point{X: p1.X - p0.X, Y: p1.Y - p0.Y}
				el := math.Hypot(e.X, e.Y)
				e = profile.Point{X: e.X / el, Y: e.Y / el}
				plane := func(q Vec3) lp {
					u, lv := q.Y, q.Z
					if !h.alongZ {
						u, lv = q.Z, q.Y
					}
					return lp{q, profile.Point{X: (q.X-p0.X)*e.X + (u-p0.Y)*e.Y, Y: lv}}
				}
				portion := func(s *crossSide) []lp {
					var r []lp
					for i := s.start[j]; ; i = (i + 1) % len(s.pts) {
						r = append(r, plane(s.pts[i].p))
						if i == s.start[(j+1)%m] {
							return r
						}
					}
				}
				ring := portion(A)
				rb := portion(B)
				slices.Reverse(rb)
				ring = append(ring, rb...)
				var p2 []profile.Point
				var ids []int32
				var r0 []int
				for _, q := range ring {
					r0 = append(r0, len(p2))
					p2 = append(p2, q.uv)
					ids = append(ids, b.v(q.p))
				}
				if ringAreaIdx(p2, r0) < 0 {
					slices.Reverse(r0)
				}
				tris, err := triangulate(p2, [][]int{r0})
				if err != nil {
					return fmt.Errorf("mesh: bar: cross hole at x=%g, wall of edge %d: %w", h.x, j, err)
				}
				mid := profile.Point{X: (p0.X + p1.X) / 2, Y: (p0.Y + p1.Y) / 2}
				o := crossPoint(h.x-mid.X, -mid.Y, 0, h.alongZ)
				for _, t := range tris {
					b.tri(ids[t[0]], ids[t[1]], ids[t[2]], o)
				}
			}
		}
	}
	return nil
}
