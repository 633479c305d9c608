package nest

import (
	"cmp"
	"math"
	"slices"

	"github.com/fabkit/fabkit/geometry/profile"
)

// This file pairs L-shaped parts before the search. Two L's, the second
// turned half a turn with its corner just past the first one's inner
// corner, lock into each other: each one's arms lie in the other's
// concavity, and together they take far less of a sheet than their two
// bounding boxes, which is all a bottom-left fill gives two L's that do
// not meet that way. The pair is nested as one part (its outline the
// union of the two bounding boxes, the space the arms enclose a hole that
// other parts may take), and Nest reports its two parts.

// lShape is a part's outline as an L: turned by rot, its bounding box has
// its lower-left corner at min, extents w, h, and arms of thickness tb
// (along the bottom) and tl (along the left side).
type lShape struct {
	rot          float64
	min          pt
	w, h, tb, tl float64
}

// member is one part of a pair: the part, its copy and its place in the
// pair's frame (Shape.Transform(rot, off)).
type member struct {
	part, n int
	rot     float64
	off     pt
}

// asL reports whether a profile is an L: no holes, six straight edges
// along the axes, turned by some quarter turn so that its material runs
// along the bottom and the left side of its bounding box.
func asL(p profile.Profile) (lShape, bool) {
	if len(p.Holes) > 0 || len(p.Outer.Segs) != 6 {
		return lShape{}, false
	}
	for _, s := range p.Outer.Segs {
		if s.Bulge != 0 {
			return lShape{}, false
		}
	}
	const tol = 1e-6
	near := func(a, b pt) bool { return math.Abs(a.X-b.X) < tol && math.Abs(a.Y-b.Y) < tol }
	for _, rot := range []float64{0, 90, 180, 270} {
		q := p.Outer.Transform(rot, pt{})
		pts := q.Points()
		b := q.Bounds()
		var inner []pt
		hasMin, hasMax := false, false
		for _, v := range pts {
			onX := math.Abs(v.X-b.Min.X) < tol || math.Abs(v.X-b.Max.X) < tol
			onY := math.Abs(v.Y-b.Min.Y) < tol || math.Abs(v.Y-b.Max.Y) < tol
			if !onX && !onY {
				inner = append(inner, v)
			}
			hasMin = hasMin || near(v, b.Min)
			hasMax = hasMax || near(v, b.Max)
		}
		if len(inner) != 1 || !hasMin || hasMax {
			continue
		}
		v := inner[0]
		l := lShape{rot: rot, min: b.Min, w: b.Max.X - b.Min.X, h: b.Max.Y - b.Min.Y, tl: v.X - b.Min.X, tb: v.Y - b.Min.Y}
		want := []pt{b.Min, {X: b.Max.X, Y: b.Min.Y}, {X: b.Max.X, Y: v.Y}, v, {X: v.X, Y: b.Max.Y}, {X: b.Min.X, Y: b.Max.Y}}
		ok := true
		for _, w := range want {
			if !slices.ContainsFunc(pts, func(u pt) bool { return near(u, w) }) {
				ok = false
			}
		}
		if ok && l.tl > tol && l.tb > tol && l.tl < l.w-tol && l.tb < l.h-tol {
			return l, true
		}
	}
	return lShape{}, false
}

// quarterTurns reports whether the rotations are exactly the four quarter
// turns, so that a pair turned by any of them turns its parts by one of
// them too.
func quarterTurns(rots []float64) bool {
	seen := map[float64]bool{}
	for _, r := range rots {
		m := math.Mod(r, 360)
		if m < 0 {
			m += 360
		}
		if m != 0 && m != 90 && m != 180 && m != 270 {
			return false
		}
		seen[m] = true
	}
	return len(seen) == 4
}

// pairProfile is the profile of L a with L b turned half a turn, b's
// bounding box's lower-left corner g past a's inner corner, in the pair's
// frame (a's box from the origin), and the two parts' places in it.
func pairProfile(la, lb lShape, g float64) (profile.Profile, [2]member) {
	ax, ay := la.tl+g, la.tb+g
	w1, h1 := la.w, la.h
	A, B := ax+lb.w, ay+lb.h
	// The outline of the union of the two boxes, grown by a hair so
	// that snapping its vertices to the grid cannot cut into a part.
	const hair = 1e-5
	x0, y0, W, H, X, Y, AA, BB := -hair, -hair, w1+hair, h1+hair, ax-hair, ay-hair, A+hair, B+hair
	var v []pt
	switch {
	case A > w1 && B > h1:
		v = []pt{{X: x0, Y: y0}, {X: W, Y: y0}, {X: W, Y: Y}, {X: AA, Y: Y}, {X: AA, Y: BB}, {X: X, Y: BB}, {X: X, Y: H}, {X: x0, Y: H}}
	case A > w1:
		v = []pt{{X: x0, Y: y0}, {X: W, Y: y0}, {X: W, Y: Y}, {X: AA, Y: Y}, {X: AA, Y: BB}, {X: W, Y: BB}, {X: W, Y: H}, {X: x0, Y: H}}
	case B > h1:
		v = []pt{{X: x0, Y: y0}, {X: W, Y: y0}, {X: W, Y: H}, {X: AA, Y: H}, {X: AA, Y: BB}, {X: X, Y: BB}, {X: X, Y: H}, {X: x0, Y: H}}
	default:
		v = []pt{{X: x0, Y: y0}, {X: W, Y: y0}, {X: W, Y: H}, {X: x0, Y: H}}
	}
	v = cleanRing(v)
	// The space both concavities share, bounded by a's arms on the left
	// and below and by b's arms or a's box on the right and above, a
	// hair inside them.
	x2, y2 := math.Min(ax+lb.w-lb.tl, w1)-hair, math.Min(ay+lb.h-lb.tb, h1)-hair
	x1, y1 := la.tl+hair, la.tb+hair
	outer := profile.Polygon(v...)
	var p profile.Profile
	if x2-x1 > 1e-3 && y2-y1 > 1e-3 {
		p = profile.New(outer, profile.Rect(x1, y1, x2-x1, y2-y1))
	} else {
		p = profile.New(outer)
	}
	ms := [2]member{
		{rot: la.rot, off: la.min.Scale(-1)},
		{rot: math.Mod(lb.rot+180, 360)},
	}
	// b turned by rot+180 has its box's lower-left corner at minus the
	// upper-right corner of its box turned by rot.
	mb := pt{X: lb.min.X + lb.w, Y: lb.min.Y + lb.h}.Scale(-1)
	ms[1].off = pt{X: ax - mb.X, Y: ay - mb.Y}
	return p, ms
}

// cleanRing drops repeated and collinear vertices of a rectilinear ring.
func cleanRing(v []pt) []pt {
	var out []pt
	for i, p := range v {
		q := v[(i+1)%len(v)]
		if math.Abs(p.X-q.X) < 1e-12 && math.Abs(p.Y-q.Y) < 1e-12 {
			continue
		}
		out = append(out, p)
	}
	for changed := true; changed && len(out) > 3; {
		changed = false
		for i := range out {
			a, p, b := out[(i+len(out)-1)%len(out)], out[i], out[(i+1)%len(out)]
			if math.Abs(orient(a, p, b)) < 1e-12 {
				out = slices.Delete(out, i, i+1)
				changed = true
				break
			}
		}
	}
	return out
}

// pairLs replaces pairs of L-shaped instances that lock well into each
// other by one instance of a pair part each. The pairs are chosen
// greedily, the one whose outline is the smallest share of its two parts'
// bounding boxes first, among those under maxPairShare.
func (e *engine) pairLs(parts []Part, opt *Options) error {
	if !quarterTurns(opt.Rotations) {
		return nil
	}
	// Small nests keep every part free: the search orders them well, and
	// a pair that must go whole can cost the last sheet there. Pairs are
	// made when the parts need more than pairFrom of the largest sheets.
	area, usable := 0.0, 0.0
	for _, in := range e.insts {
		area += e.parts[in.part].area
	}
	for _, z := range e.sizes {
		usable = math.Max(usable, (z.SizeX-2*e.margin)*(z.SizeY-2*e.margin))
	}
	if area <= pairFrom*usable {
		return nil
	}
	type cand struct {
		inst int
		l    lShape
		box  float64
	}
	var ls []cand
	shapeOf := map[int]lShape{}
	for i, p := range parts {
		if p.Qty == 0 {
			continue
		}
		if l, ok := asL(p.Shape); ok {
			shapeOf[i] = l
		}
	}
	if len(shapeOf) == 0 {
		return nil
	}
	for k, in := range e.insts {
		if l, ok := shapeOf[in.part]; ok {
			ls = append(ls, cand{inst: k, l: l, box: (l.w + e.spacing) * (l.h + e.spacing)})
		}
	}
	g := e.spacing + 1e-4
	type pairing struct {
		a, b  int // indices into ls, a the one not turned
		share float64
	}
	var ps []pairing
	pairArea := func(la, lb lShape) float64 {
		ax, ay := la.tl+g, la.tb+g
		A, B := math.Max(la.w, ax+lb.w), math.Max(la.h, ay+lb.h)
		// The union of the two boxes: the box of both less the two
		// corners neither covers.
		return A*B - (A-la.w)*ay - (B-la.h)*ax
	}
	for i := range ls {
		for j := range ls {
			if i == j {
				continue
			}
			a, b := ls[i].l, ls[j].l
			u := pairArea(a, b)
			ps = append(ps, pairing{a: i, b: j, share: u / (ls[i].box + ls[j].box)})
		}
	}
	slices.SortStableFunc(ps, func(x, y pairing) int { return cmp.Compare(x.share, y.share) })
	used := make([]bool, len(ls))
	drop := make([]bool, len(e.insts))
	var add []instance
	for _, pr := range ps {
		if pr.share > maxPairShare {
			break
		}
		if used[pr.a] || used[pr.b] {
			continue
		}
		ca, cb := ls[pr.a], ls[pr.b]
		prof, ms := pairProfile(ca.l, cb.l, g)
		info, err := flattenPart(prof, opt.Rotations, opt.Tolerance)
		if err != nil {
			return err
		}
		ia, ib := e.insts[ca.inst], e.insts[cb.inst]
		ms[0].part, ms[0].n = ia.part, ia.n
		ms[1].part, ms[1].n = ib.part, ib.n
		info.area = e.parts[ia.part].area + e.parts[ib.part].area
		info.members = ms[:]
		idx := len(e.parts)
		e.parts = append(e.parts, info)
		fits := false
		for z := range e.sizes {
			fits = fits || e.fitsSize(idx, z)
		}
		if !fits {
			e.parts = e.parts[:idx]
			continue
		}
		for _, sh := range info.shapes {
			sh.id = e.nshapes
			e.nshapes++
		}
		used[pr.a], used[pr.b] = true, true
		drop[ca.inst], drop[cb.inst] = true, true
		add = append(add, instance{part: idx, n: 1})
	}
	if len(add) == 0 {
		return nil
	}
	var insts []instance
	for k, in := range e.insts {
		if !drop[k] {
			insts = append(insts, in)
		}
	}
	e.insts = append(insts, add...)
	return nil
}

// pairFrom is the most sheets' worth of material nested without pairs.
const pairFrom = 2

// maxPairShare is the largest share of its two parts' bounding boxes
// (each grown by the spacing) a pair's outline may take.
const maxPairShare = 0.8
