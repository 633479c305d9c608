package assembly

import (
	"context"
	"math"
)

// depth is how far two convex pieces interpenetrate: the smallest overlap
// of their projections over the separating-axis candidates (face normals
// of both and cross products of their edges). Zero or less means they are
// apart or only touch.
func depth(a, b *piece) float64 {
	best := math.Inf(1)
	try := func(ax vec) bool {
		l := norm(ax)
		if l < 1e-9 {
			return true
		}
		ax = scale(ax, 1/l)
		lo1, hi1 := project(a.verts, ax)
		lo2, hi2 := project(b.verts, ax)
		o := math.Min(hi1, hi2) - math.Max(lo1, lo2)
		if o < best {
			best = o
		}
		return best > 0
	}
	for _, n := range a.normals {
		if !try(n) {
			return best
		}
	}
	for _, n := range b.normals {
		if !try(n) {
			return best
		}
	}
	for _, e := range a.edges {
		for _, f := range b.edges {
			if !try(cross(e, f)) {
				return best
			}
		}
	}
	return best
}

func project(vs []vec, ax vec) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		d := dot(v, ax)
		lo, hi = math.Min(lo, d), math.Max(hi, d)
	}
	return lo, hi
}

// clash is shared material between two bodies.
type clash struct {
	a, b  *body
	at    vec     // a point in both
	depth float64 // mm
}

// interfere tests two extruded bodies piece by piece and returns the
// deepest clash deeper than contact, if any.
func interfere(ctx context.Context, a, b *body, contact float64, stats *Check) (*clash, error) {
	common := a.box
	for i := range 3 {
		common.lo[i], common.hi[i] = math.Max(a.box.lo[i], b.box.lo[i]), math.Min(a.box.hi[i], b.box.hi[i])
	}
	common = common.grow(contact)
	var pa, pb []*piece
	for i := range a.pieces {
		if a.pieces[i].box.overlaps(common, contact) {
			pa = append(pa, &a.pieces[i])
		}
	}
	for i := range b.pieces {
		if b.pieces[i].box.overlaps(common, contact) {
			pb = append(pb, &b.pieces[i])
		}
	}
	var worst *clash
	for i, p := range pa {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		for _, q := range pb {
			if !p.box.overlaps(q.box, contact) {
				continue
			}
			stats.Tested++
			d := depth(p, q)
			if d > contact && (worst == nil || d > worst.depth) {
				worst = &clash{a: a, b: b, depth: d, at: meet(p, q)}
			}
		}
	}
	return worst, nil
}

// meet is a point of two overlapping pieces: the centre of their boxes'
// intersection, pulled to the vertex mean of each if it falls outside.
func meet(p, q *piece) vec {
	var c vec
	for i := range 3 {
		c[i] = (math.Max(p.box.lo[i], q.box.lo[i]) + math.Min(p.box.hi[i], q.box.hi[i])) / 2
	}
	return c
}

// sampled tests a pair where one body is an sdfx solid on a grid of step h
// over their boxes' intersection: a grid point in both bodies' material by
// more than margin is shared material.
func sampled(ctx context.Context, a, b *body, h, margin float64, stats *Check) (*clash, error) {
	var lo, hi vec
	for i := range 3 {
		lo[i], hi[i] = math.Max(a.box.lo[i], b.box.lo[i]), math.Min(a.box.hi[i], b.box.hi[i])
		if hi[i] <= lo[i] {
			return nil, nil
		}
	}
	// Coarsen the step where the boxes share a large volume, so one pair
	// never costs more than maxSamples points; the step used is reported.
	vol := (hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2])
	if c := math.Cbrt(vol / maxSamples); c > h {
		h = c
	}
	stats.StepMM = math.Max(stats.StepMM, h)
	var n [3]int
	for i := range 3 {
		n[i] = int(math.Floor((hi[i]-lo[i])/h)) + 1
	}
	// Both tests are pure, so their order does not change the answer: ask
	// the cheaper body (an extrusion's outline, not a solid's SDF) first
	// and most points never reach the SDF.
	first, second := a, b
	if a.kind == solidBody && b.kind != solidBody {
		first, second = b, a
	}
	// The points are visited along the extrusion's axis where it is a
	// grid axis, for along it the outline test repeats (see outlineMemo);
	// the order does not change the count, and the hit reported is still
	// the first in (x, y, z) order.
	in, lineInvariant := axisAlong(first)
	outer := [2]int{(in + 1) % 3, (in + 2) % 3}
	if outer[0] > outer[1] {
		outer[0], outer[1] = outer[1], outer[0]
	}
	var hit *clash
	var hitAt [3]int
	count := 0
	var memo outlineMemo
	var g [3]int
	for g[outer[0]] = 0; g[outer[0]] < n[outer[0]]; g[outer[0]]++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for g[outer[1]] = 0; g[outer[1]] < n[outer[1]]; g[outer[1]]++ {
			g[in] = 0
			if lineInvariant && !first.outlineBelow(gridPoint(lo, hi, n, g), margin) {
				// The whole line is outside first's outline: no point of it
				// is in both bodies, and each still counts as sampled.
				stats.Samples += n[in]
				continue
			}
			for ; g[in] < n[in]; g[in]++ {
				p := gridPoint(lo, hi, n, g)
				stats.Samples++
				if first.insideMemo(p, margin, &memo) && second.inside(p, margin) {
					count++
					if hit == nil || lexLess(g, hitAt) {
						hit, hitAt = &clash{a: a, b: b, at: p}, g
					}
				}
			}
		}
	}
	if hit != nil {
		// The shared volume's estimate, reported as its cube root: a depth.
		hit.depth = math.Cbrt(float64(count)) * h
	}
	return hit, nil
}

// gridPoint returns the centre of grid cell g of the box lo-hi cut into
// n cells along each axis.
func gridPoint(lo, hi vec, n, g [3]int) vec {
	var p vec
	for i := range 3 {
		p[i] = lo[i] + (float64(g[i])+0.5)*(hi[i]-lo[i])/float64(n[i])
	}
	return p
}

// lexLess reports whether grid index a comes before b in (x, y, z) order.
func lexLess(a, b [3]int) bool {
	for i := range 3 {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}
