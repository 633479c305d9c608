package nest

import (
	"cmp"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"

	"github.com/fabkit/fabkit/geometry/profile"
)

// refill fills the sheets before the last fuller, a region at a time:
// it takes the parts off a random window of a sheet and places them
// again, together with the parts of the last sheet, into that window,
// larger ones first in a shuffled order, keeping the new sheet when it
// holds more material. The parts left over are then placed first fit
// over the sheets and new ones. It returns the layout, or l when it
// ranks no better.
func (s *search) refill(l *layout, budget int64) *layout {
	e := s.e
	n := len(l.sheets)
	if n < 2 || budget <= 0 || e.score(l).cost <= e.costBound()*(1+1e-9) {
		return l
	}
	e.lattice = true
	defer func() { e.lattice, e.base = false, nil }()
	fixed := slices.Clone(l.sheets[:n-1])
	var pool []int
	for _, it := range l.sheets[n-1].items {
		pool = append(pool, it.inst)
	}
	rng := rand.New(rand.NewPCG(s.opt.Seed, 0x7265_6669))
	start := e.work
	patience := refillPatience(len(e.insts))
	margins := []float64{0, 50, 100, 200}
	type keyed struct {
		inst int
		key  float64
	}
	var cand []keyed
	var kept []item
	for since := 0; e.work-start < budget && len(pool) > 0 && since < patience; since++ {
		if e.stop() {
			break
		}
		k := rng.IntN(len(fixed))
		old := fixed[k]
		if len(old.items) == 0 {
			continue
		}
		z := e.sizes[old.size]
		var win profile.Box
		if c, ok := clearCell(old.ras, rng); ok && rng.IntN(2) == 0 {
			// A window around a clear cell: the parts next to a gap.
			r := gapWindows[rng.IntN(len(gapWindows))] / 2
			ctr := pt{X: (float64(c%old.ras.nx) + 0.5) * old.ras.cell, Y: (float64(c/old.ras.nx) + 0.5) * old.ras.cell}
			win = profile.Box{Min: pt{X: ctr.X - r, Y: ctr.Y - r}, Max: pt{X: ctr.X + r, Y: ctr.Y + r}}
		} else {
			q := old.items[rng.IntN(len(old.items))]
			win = grow(q.box, margins[rng.IntN(len(margins))])
		}
		kept, cand = kept[:0], cand[:0]
		region := win
		for _, it := range old.items {
			if overlaps(it.box, win) {
				cand = append(cand, keyed{inst: it.inst})
				region = region.Union(it.box)
			} else {
				kept = append(kept, it)
			}
		}
		for _, inst := range pool {
			cand = append(cand, keyed{inst: inst})
		}
		for i := range cand {
			p := &e.parts[e.insts[cand[i].inst].part]
			cand[i].key = p.area * (1 + refillNoise*(rng.Float64()-0.5))
		}
		slices.SortStableFunc(cand, func(a, b keyed) int { return cmp.Compare(b.key, a.key) })
		ns := e.newSheet(old.size)
		for _, it := range kept {
			e.add(ns, it.sh, it.d, it.inst)
		}
		region = grow(region, e.spacing)
		rs := region.Size()
		var left []int
		for _, c := range cand {
			part := e.insts[c.inst].part
			p := &e.parts[part]
			bk, found := -1, false
			var bd pt
			var bx, by float64
			for k2, sh := range p.shapes {
				sz := sh.box.Size()
				if sz.X > rs.X || sz.Y > rs.Y {
					continue
				}
				xs := e.xCandidates(ns, sz.X, region.Min.X-eps, math.Min(z.SizeX-e.margin, region.Max.X))
				ys := e.yCandidates(ns, sz, region.Min.Y-eps, math.Min(z.SizeY-e.margin, region.Max.Y))
				d, ok := e.scanIn(ns, sh, xs, ys, &region)
				if !ok {
					continue
				}
				x, y := sh.box.Min.X+d.X, sh.box.Min.Y+d.Y
				if !found || x < bx-1e-6 || (x < bx+1e-6 && y < by-1e-6) {
					bk, bd, bx, by, found = k2, d, x, y, true
				}
			}
			if found {
				e.add(ns, p.shapes[bk], bd, c.inst)
			} else {
				left = append(left, c.inst)
			}
		}
		if ns.mat > old.mat+1e-6 {
			fixed[k] = ns
			pool = left
			since = 0
		}
	}
	// The parts left over go first fit over the sheets, then new ones.
	e.base = fixed
	nl, _, ok := s.largestFirst(pool)
	if !ok || !e.score(nl).less(e.score(l)) {
		return l
	}
	return nl
}

// gapWindows are the sides of the windows around a gap.
var gapWindows = []float64{100, 200, 300, 400}

// clearCell returns a random clear cell of the raster (index j*nx+i) that
// is not on its border, false when there is none.
func clearCell(r *raster, rng *rand.Rand) (int, bool) {
	n := 0
	for j := 1; j < r.ny-1; j++ {
		row := r.bits[j*r.words : (j+1)*r.words]
		for k := range row {
			w := ^row[k]
			if k == r.nx/64 {
				w &= 1<<(r.nx%64) - 1
			}
			if k*64 >= r.nx {
				w = 0
			}
			n += bits.OnesCount64(w)
		}
	}
	if n == 0 {
		return 0, false
	}
	t := rng.IntN(n)
	for j := 1; j < r.ny-1; j++ {
		for i := 0; i < r.nx; i++ {
			if !r.marked(i, j) {
				if t == 0 {
					return j*r.nx + i, true
				}
				t--
			}
		}
	}
	return 0, false
}

// refillPatience is the most windows in a row a refill of n instances
// tries without a sheet taking more material before it stops: small
// nests stop soon, so that a refill that finds nothing costs them little.
func refillPatience(n int) int { return max(50, n/2) }

// refillNoise is how much the order of a refill departs from largest
// first: each part's area is scaled by up to half of it either way.
const refillNoise = 0.5
