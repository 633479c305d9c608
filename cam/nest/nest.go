// Package nest places plate parts on sheets for cutting: true-shape nesting
// of exact profiles with holes, with a minimum spacing between parts, an
// edge margin, rotations, and small parts inside the cut-outs of large ones.
//
// The algorithm is bottom-left fill on flattened polygons. Each part, in
// each allowed rotation, is flattened with vertices on its arcs, so the
// polygon is within a known deviation of the true outline and clearances are
// padded by it. A part is tried at candidate corners (the edge margin, just
// past each placed part, inside each hole; kept sorted per sheet as parts
// are added) in order of least X then least Y, the first position whose
// exact polygon clearance test passes is kept, and shapes that are not
// rectangles are then slid toward the origin in halving steps. Each sheet
// keeps an occupancy raster of its parts (cells within the spacing of
// placed material) and a bucket index of their boxes: a position whose
// inner rectangles (rectangles known to lie in the part's material) cover a
// marked cell is rejected by a few row lookups, a part with no clear
// rectangle its size on a sheet skips it, and the exact clearance test,
// which rejects most pairs on bounding boxes or inner rectangles before it
// looks at edges, visits only the parts the index finds near a position. Instances go first-fit over the
// open sheets, a new sheet opening when none takes them; a shape that did
// not fit a sheet is not tried on it again. The order of instances and
// their rotations is then improved by late-acceptance local search in four
// chains with seeded generators (swaps, moves, rotation changes, and
// pulling a part off the last sheet), judged by cost, sheet count, the sum
// of squared sheet fills and used length. The search stops once the cost
// reaches the area lower bound (after a short tail that compacts the last
// sheet), a chain ends when it has stopped improving, and the whole has an
// iteration budget and an effort budget counted in clearance tests (scaled
// to the instance), so a result depends only on the input; the context can
// stop it early, and the time limit is a safety net that fails. A final
// pass, for a nest above the area bound, then moves the last sheet's parts
// into gaps on the earlier sheets and repacks the parts of the last two or
// three sheets by a local search of its own, with a budget of at most half
// the search's, keeping its best layout when it ranks above the search's
// (cheaper, fewer sheets, or the same sheets fuller toward the front). It tries a
// lattice of raster-cell pitch as well as the corners, so it finds the
// gaps no corner points at; there a position is first tested against each
// part's mask of wholly covered cells and a few of its vertices (cells
// deep inside placed material), which reject most collisions without the
// exact test. Work is not redone across layouts: a layout that replays a
// prefix of another starts from that one's copy of its sheets a few steps
// earlier, and first-fit scans, clear-rectangle tables and outline tests
// are remembered by the exact history of the sheet they ran on, their work
// counted again as if done, so the budgets see the same work.
//
// Three more steps serve large nests. L-shaped parts are paired before
// the search when the parts need more than two sheets: the second turned
// half a turn with its corner just past the first one's inner corner, so
// that each one's arms lie in the other's concavity; the pair nests as
// one part whose enclosed space is a hole other parts may take (see
// pair.go). A round part (an outline that is a full circle) is also
// tried where it touches two placed round parts, or one and a sheet
// margin or a side of a placed part's box, so that discs rest in each
// other's notches (round.go). And after the final pass, a refill takes
// the parts off random windows of the sheets before the last (around a
// placed part or a gap) and places them again together with the last
// sheet's parts, keeping a sheet when it then holds more material, with
// half the search's budget, stopping sooner after max(50, instances/2)
// windows in a row that gained nothing; the parts left go first fit over
// the sheets and new ones (refill.go). Every length
// and vertex is
// snapped to a 1e-6 mm grid first, so equal inputs written differently
// (12 in, 304.8 mm) nest alike.
package nest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/fabkit/fabkit/geometry/profile"
)

// Part is a plate part to nest: Qty copies of Shape, in millimetres. All
// parts of one Nest call share thickness and material.
type Part struct {
	ID    string
	Qty   int
	Shape profile.Profile
}

// SheetSize is a sheet on offer: its extents along X and Y, in
// millimetres, and its price. When any size has no price, sizes are
// compared by area instead.
type SheetSize struct {
	ID           string
	SizeX, SizeY float64
	Price        float64
}

// Options tune a nest. The zero value nests with no spacing, no margin,
// rotations of 0, 90, 180 and 270 degrees and the default search budget.
type Options struct {
	// Spacing is the least distance between the outlines of two parts:
	// at least the kerf plus the web the shop wants between cuts.
	Spacing float64
	// EdgeMargin is the least distance from a part to the sheet edge.
	EdgeMargin float64
	// Rotations are the angles in degrees a part may be turned by;
	// empty means 0, 90, 180 and 270.
	Rotations []float64
	// Tolerance is the chord tolerance for flattening arcs (mm, default
	// 0.1). Clearances are padded by the actual deviation, so it trades
	// speed for density, never correctness.
	Tolerance float64
	// AllowInHoles lets parts go inside the holes of other parts.
	AllowInHoles bool
	// Iterations is the most layouts the local search tries after the
	// greedy ones (default 1200); it stops sooner when the cost reaches the
	// area lower bound or the search stalls (Iterations/20 layouts without
	// improvement in a chain). A negative value keeps the best greedy
	// layout.
	Iterations int
	// Effort caps the work of the search, counted in clearance tests,
	// raster lookups and rasterized cells (default 100 million, a few
	// seconds of one core; negative: no cap). It
	// keeps large inputs bounded without making the result depend on the
	// machine. The default grows with the instance: it is at least
	// minLayouts times the work of the first greedy layout, up to
	// maxEffortScale times the fixed default, so that large inputs are
	// searched too.
	Effort int64
	// Seed seeds the search; the same input and seed give the same nest.
	Seed uint64
	// TimeLimit is a safety net, not a budget (0: none): a search still
	// running after it fails with *TimeLimitError instead of returning a
	// nest that would depend on the machine's speed or load.
	TimeLimit time.Duration
	// Progress, if set, is called after each layout the search tries.
	Progress func(done, total int)

	scaleEffort bool // Effort was defaulted, so it grows with the instance
}

// The default effort budget: defaultEffort clearance tests, raised to
// minLayouts greedy layouts' worth of work on large instances, at most
// maxEffortScale times defaultEffort.
const (
	defaultEffort  = 100_000_000
	minLayouts     = 40
	maxEffortScale = 8
)

// Result is a nest: the sheets used, in order.
type Result struct {
	Sheets []Sheet
	// Cost is the summed price of the sheets (their area in mm² when a
	// size has no price).
	Cost float64
	// Unplaced lists instances not placed because the search was stopped
	// before it had a first complete layout; Nest then also returns the
	// context's error.
	Unplaced []Instance
	// Iterations is the number of layouts tried.
	Iterations int
}

// Instance names one copy of a part.
type Instance struct {
	PartID   string
	Instance int // 1..Qty
}

// Sheet is one nested sheet.
type Sheet struct {
	Size       SheetSize
	Placements []Placement
	// Utilization is the summed part area (holes excluded) over the sheet area.
	Utilization float64
	// UsedX is the largest X reached by a part.
	UsedX float64
	// Remnant is the largest rectangle reaching the sheet's far end
	// (X = SizeX) that no part's bounding box comes within Spacing of:
	// the offcut to keep. It is zero when no such rectangle has both
	// sides of at least MinRemnant.
	Remnant Rect
}

// Rect is an axis-aligned rectangle on a sheet: lower-left corner X, Y and
// its extents along X and Y.
type Rect struct {
	X, Y, SizeX, SizeY float64
}

// Area returns SizeX*SizeY.
func (r Rect) Area() float64 { return r.SizeX * r.SizeY }

// Placement puts one part instance on a sheet, with the sheet's lower-left
// corner at 0,0.
type Placement struct {
	PartID   string
	Part     int // index into the parts given to Nest
	Instance int // 1..Qty
	// X, Y and Rotation (degrees, counter-clockwise) place the part:
	// Shape.Transform(Rotation, Point{X, Y}).
	X, Y, Rotation float64
}

// Placed returns the part's shape where this placement puts it.
func (p Placement) Placed(shape profile.Profile) profile.Profile {
	return shape.Transform(p.Rotation, profile.Point{X: p.X, Y: p.Y})
}

// FitError reports a part that fits no sheet size in any allowed rotation.
type FitError struct {
	PartID          string
	SizeX, SizeY    float64 // the part's bounding box, unrotated
	Largest         SheetSize
	EdgeMargin      float64
	AllowedRotation []float64
}

func (e *FitError) Error() string {
	return fmt.Sprintf("part %q: %.1f x %.1f mm fits no sheet; largest is %q %.1f x %.1f mm with %.1f mm edge margins (rotations %v)",
		e.PartID, e.SizeY, e.SizeX, e.Largest.ID, e.Largest.SizeY, e.Largest.SizeX, e.EdgeMargin, e.AllowedRotation)
}

// TimeLimitError reports a search that ran past Options.TimeLimit.
type TimeLimitError struct {
	Limit time.Duration
}

func (e *TimeLimitError) Error() string {
	return fmt.Sprintf("nest: search still running at the time limit %v (a safety net: the nest depends only on the effort budget; raise the limit or lower Effort)", e.Limit)
}

// ErrNoSheets is returned when Nest is given parts but no sheet sizes.
var ErrNoSheets = errors.New("nest: no sheet sizes")

// Nest places every instance of the parts on as few, as cheap sheets as it
// finds, packed toward X=0, Y=0. It returns a *FitError when a part fits no
// sheet. When ctx ends it returns the best complete nest found so far, or,
// if there is none yet, the partial one with the context's error.
func Nest(ctx context.Context, parts []Part, sheets []SheetSize, opt Options) (*Result, error) {
	e, err := prepare(parts, sheets, &opt)
	if err != nil {
		return nil, err
	}
	if len(e.insts) == 0 {
		return &Result{}, nil
	}
	var deadline time.Time
	if opt.TimeLimit > 0 {
		deadline = time.Now().Add(opt.TimeLimit)
	}
	calls, timedOut := 0, false
	e.stop = func() bool {
		calls++
		if ctx.Err() != nil {
			return true
		}
		if !deadline.IsZero() && calls%8 == 0 && time.Now().After(deadline) {
			timedOut = true
		}
		return timedOut
	}

	s := search{e: e, opt: opt}
	best, partial := s.run()
	if timedOut {
		return nil, &TimeLimitError{Limit: opt.TimeLimit}
	}
	if best == nil {
		res := e.result(partial, parts)
		return res, fmt.Errorf("nest: stopped before a complete layout: %w", ctx.Err())
	}
	best = s.repack(best)
	if opt.Iterations >= 0 {
		budget := s.opt.Effort / 2
		if budget <= 0 {
			budget = maxEffortScale * defaultEffort / 2
		}
		best = s.refill(best, budget)
	}
	if timedOut {
		return nil, &TimeLimitError{Limit: opt.TimeLimit}
	}
	best = e.downsize(best, s.bestOrder, s.bestGenes)
	res := e.result(best, parts)
	res.Iterations = s.iters
	return res, nil
}

// prepare validates the input and flattens every part in every rotation.
func prepare(parts []Part, sheets []SheetSize, opt *Options) (*engine, error) {
	if opt.Spacing < 0 || opt.EdgeMargin < 0 || math.IsNaN(opt.Spacing) || math.IsNaN(opt.EdgeMargin) {
		return nil, fmt.Errorf("nest: spacing %v and edge margin %v must not be negative", opt.Spacing, opt.EdgeMargin)
	}
	if len(opt.Rotations) == 0 {
		opt.Rotations = []float64{0, 90, 180, 270}
	}
	if opt.Tolerance <= 0 {
		opt.Tolerance = 0.1
	}
	if opt.Iterations == 0 {
		opt.Iterations = 1200
	}
	if opt.Effort == 0 {
		opt.Effort = defaultEffort
		opt.scaleEffort = true
	}
	// Lengths are snapped to the grid (see geom.go); results report the
	// sizes as given.
	e := &engine{spacing: snap(opt.Spacing), margin: snap(opt.EdgeMargin), inHoles: opt.AllowInHoles, given: sheets}
	for _, s := range sheets {
		s.SizeX, s.SizeY = snap(s.SizeX), snap(s.SizeY)
		e.sizes = append(e.sizes, s)
	}
	e.slideTol = math.Max(opt.Tolerance, 0.01)
	priced := len(sheets) > 0
	for i, s := range sheets {
		if !(s.SizeY > 0 && s.SizeX > 0) {
			return nil, fmt.Errorf("nest: sheet %q: size %v x %v mm must be positive", s.ID, s.SizeY, s.SizeX)
		}
		if s.Price <= 0 {
			priced = false
		}
		_ = i
	}
	for _, s := range sheets {
		if priced {
			e.cost = append(e.cost, s.Price)
		} else {
			e.cost = append(e.cost, s.SizeY*s.SizeX)
		}
	}
	total := 0
	for i, p := range parts {
		if p.Qty < 0 {
			return nil, fmt.Errorf("nest: part %q: quantity %d is negative", p.ID, p.Qty)
		}
		total += p.Qty
		if p.Qty == 0 {
			e.parts = append(e.parts, partInfo{})
			continue
		}
		if err := p.Shape.Validate(); err != nil {
			return nil, fmt.Errorf("nest: part %q: %w", p.ID, err)
		}
		info, err := flattenPart(p.Shape, opt.Rotations, opt.Tolerance)
		if err != nil {
			return nil, fmt.Errorf("nest: part %q: %w", p.ID, err)
		}
		for _, sh := range info.shapes {
			sh.id = e.nshapes
			e.nshapes++
		}
		e.parts = append(e.parts, info)
		for n := 1; n <= p.Qty; n++ {
			e.insts = append(e.insts, instance{part: i, n: n})
		}
	}
	if err := e.pairLs(parts, opt); err != nil {
		return nil, err
	}
	e.pairs.init(len(e.insts))
	e.minSize = pt{X: math.Inf(1), Y: math.Inf(1)}
	e.cell = cellSize(e.sizes)
	for _, p := range e.parts {
		for _, sh := range p.shapes {
			sz := sh.box.Size()
			e.minSize = pt{X: math.Min(e.minSize.X, sz.X), Y: math.Min(e.minSize.Y, sz.Y)}
			e.maxDev = math.Max(e.maxDev, sh.outerDev)
			sh.inner = innerRects(sh, e.cell/2, 2*e.cell)
		}
	}
	// A part tucks into a concavity only past edges at least as long as
	// the least side of any part (not past the chords of a concave arc or
	// a narrow notch).
	minEdge := math.Min(e.minSize.X, e.minSize.Y)
	for _, p := range e.parts {
		for _, sh := range p.shapes {
			sh.reflex = reflexCorners(sh.outer, minEdge)
		}
	}
	if total > 0 && len(sheets) == 0 {
		return nil, ErrNoSheets
	}
	for i, p := range parts {
		if p.Qty == 0 {
			continue
		}
		ok := false
		for z := range sheets {
			ok = ok || e.fitsSize(i, z)
		}
		if !ok {
			largest := slices.MaxFunc(sheets, func(a, b SheetSize) int { return cmp.Compare(a.SizeY*a.SizeX, b.SizeY*b.SizeX) })
			sz := p.Shape.Bounds().Size()
			return nil, &FitError{PartID: p.ID, SizeY: sz.Y, SizeX: sz.X, Largest: largest, EdgeMargin: opt.EdgeMargin, AllowedRotation: opt.Rotations}
		}
	}
	return e, nil
}

// flattenPart makes the distinct rotated shapes of a profile.
func flattenPart(p profile.Profile, rots []float64, tol float64) (partInfo, error) {
	info := partInfo{area: p.Area(), outerArea: p.Outer.Area()}
	sz := p.Bounds().Size()
	info.maxDim = math.Max(sz.X, sz.Y)
	var keys []string
	for _, r := range rots {
		if math.IsNaN(r) || math.IsInf(r, 0) {
			return info, fmt.Errorf("rotation %v is not a number", r)
		}
		tp := p.Transform(r, profile.Point{})
		sh := &shape{rot: r, box: snapBox(tp.Bounds())}
		sh.outer, sh.outerDev = flattenPath(tp.Outer, tol)
		for _, h := range tp.Holes {
			hr, dev := flattenPath(h, tol)
			sh.holes = append(sh.holes, hr)
			sh.holeDev = math.Max(sh.holeDev, dev)
			hs := hr.box.Size()
			sh.holeSpan = pt{X: math.Max(sh.holeSpan.X, hs.X), Y: math.Max(sh.holeSpan.Y, hs.Y)}
		}
		sh.boxy = sh.outer.boxy()
		if c, rad, ok := tp.Outer.Circle(); ok {
			sh.round, sh.ctr, sh.rad = true, snapPt(c), rad
		}
		sh.core, sh.hasCore = coreBox(sh.outer)
		key := shapeKey(sh)
		if slices.Contains(keys, key) {
			continue // same polygons as an earlier rotation, e.g. a rectangle turned 180
		}
		keys = append(keys, key)
		info.shapes = append(info.shapes, sh)
	}
	return info, nil
}

// reflexCorners returns up to maxReflex vertices of a ring whose interior
// angle exceeds 180 degrees and whose two edges are at least minEdge long,
// those with the longest shorter edge first: the corners of concavities
// that a part might tuck into.
func reflexCorners(r ring, minEdge float64) []pt {
	sign := math.Copysign(1, polyArea(r.pts))
	n := len(r.pts)
	type corner struct {
		p    pt
		edge float64
	}
	var cs []corner
	for i, p := range r.pts {
		a, b := r.pts[(i+n-1)%n], r.pts[(i+1)%n]
		edge := math.Min(p.Sub(a).Len(), b.Sub(p).Len())
		if sign*orient(a, p, b) < -1e-9 && edge >= minEdge {
			cs = append(cs, corner{p, edge})
		}
	}
	slices.SortStableFunc(cs, func(a, b corner) int { return cmp.Compare(b.edge, a.edge) })
	var out []pt
	for _, c := range cs[:min(len(cs), maxReflex)] {
		out = append(out, c.p)
	}
	return out
}

// maxReflex is the most reflex corners of a shape that give candidates:
// each adds candidate corners to every scan of the sheet.
const maxReflex = 2

// shapeKey identifies a shape's polygons up to translation.
func shapeKey(sh *shape) string {
	ringKey := func(r ring) string {
		ks := make([]string, len(r.pts))
		for i, p := range r.pts {
			ks[i] = fmt.Sprintf("%.5f,%.5f", p.X-sh.box.Min.X, p.Y-sh.box.Min.Y)
		}
		slices.Sort(ks)
		return strings.Join(ks, ";")
	}
	hs := make([]string, len(sh.holes))
	for i, h := range sh.holes {
		hs[i] = ringKey(h)
	}
	slices.Sort(hs)
	return ringKey(sh.outer) + "|" + strings.Join(hs, "|")
}

// search is the local search over instance orders and rotations.
type search struct {
	e         *engine
	opt       Options
	iters     int
	prefer    int // the sheet size of the best greedy layout
	bestOrder []int
	bestGenes []int
}

// run returns the best complete layout, or nil and the partial layout
// built when it was stopped before completing one.
func (s *search) run() (*layout, *layout) {
	e := s.e
	n := len(e.insts)
	genes := make([]int, n)
	for i := range genes {
		genes[i] = -1
	}
	byKey := func(key func(p *partInfo) float64) []int {
		o := make([]int, n)
		for i := range o {
			o[i] = i
		}
		slices.SortStableFunc(o, func(a, b int) int {
			pa, pb := &e.parts[e.insts[a].part], &e.parts[e.insts[b].part]
			return cmp.Compare(key(pb), key(pa))
		})
		return o
	}
	orders := [][]int{
		byKey(func(p *partInfo) float64 { return p.outerArea }),
		byKey(func(p *partInfo) float64 { return p.maxDim }),
		byKey(func(p *partInfo) float64 {
			s := p.shapes[0].box.Size()
			return s.X * s.Y
		}),
	}
	var best *layout
	var bestSc score
	for z := range e.sizes {
		for _, o := range orders {
			l, done := e.run(o, genes, z, nil, 0)
			if !done {
				if best == nil {
					return nil, l
				}
				return best, nil
			}
			s.iters++
			if sc := e.score(l); best == nil || sc.less(bestSc) {
				best, bestSc, s.prefer = l, sc, z
				s.bestOrder, s.bestGenes = slices.Clone(o), slices.Clone(genes)
			}
		}
	}
	if s.opt.Iterations < 0 {
		return best, nil
	}
	if s.opt.scaleEffort {
		per := e.work / int64(max(1, s.iters)) // one greedy layout
		s.opt.Effort = min(max(s.opt.Effort, minLayouts*per), maxEffortScale*defaultEffort)
	}

	lb := e.costBound()
	best, s.bestOrder, s.bestGenes, _ = s.climb(climbing{
		start: best, order: s.bestOrder, genes: s.bestGenes,
		iters: s.opt.Iterations, effort: s.opt.Effort, stream: 0x6e657374,
		// The search ends early once the cost reaches the area lower
		// bound, after a short tail that compacts the last sheet.
		tail:     max(50, s.opt.Iterations/8),
		goal:     func(sc score) bool { return sc.cost <= lb*(1+1e-9) },
		progress: s.opt.Progress,
	})
	return best, nil
}

// climbing is the setting of one local search: its start (the layout of
// order and genes), its budgets of layouts and work, its random streams,
// and its goal, after which it tries only tail more layouts.
type climbing struct {
	start        *layout
	order, genes []int
	iters        int
	effort       int64 // <= 0: no cap
	stream       uint64
	tail         int
	goal         func(score) bool
	progress     func(done, total int)
}

// climb is late-acceptance hill climbing from c.start in a few chains with
// their own random streams, so that one chain stuck on a plateau does not
// spend the whole budget; a chain ends when it has not improved the best
// layout for a while. It returns the best layout, its order and genes, and
// false when it was stopped.
func (s *search) climb(c climbing) (*layout, []int, []int, bool) {
	e := s.e
	const chains = 4
	startSc := e.score(c.start)
	best, bestSc := c.start, startSc
	bestOrder, bestGenes := slices.Clone(c.order), slices.Clone(c.genes)
	patience := max(40, c.iters/20)
	stopAt := math.MaxInt
	if c.goal(bestSc) {
		stopAt = c.tail
	}
	startWork := e.work
	done := 0
	for ch := 0; ch < chains; ch++ {
		rng := rand.New(rand.NewPCG(s.opt.Seed, c.stream+uint64(ch)))
		cur, curSc := c.start, startSc
		order, gs := slices.Clone(c.order), slices.Clone(c.genes)
		hist := make([]score, 32)
		for i := range hist {
			hist[i] = curSc
		}
		n := min(c.iters*(ch+1)/chains, stopAt)
		since := 0
		for it := 0; done < n && since < patience; it++ {
			if c.effort > 0 && e.work-startWork > c.effort*int64(ch+1)/chains {
				break
			}
			no, ng := slices.Clone(order), slices.Clone(gs)
			var keep int
			if rng.IntN(4) == 0 && len(cur.sheets) > 1 {
				keep = pullForward(rng, cur, no)
			} else {
				keep = mutate(rng, e, no, ng)
			}
			l, ok := e.run(no, ng, s.prefer, cur, keep)
			if !ok {
				return best, bestOrder, bestGenes, false
			}
			s.iters++
			done++
			sc := e.score(l)
			h := &hist[it%len(hist)]
			if !curSc.less(sc) || !h.less(sc) {
				cur, curSc, order, gs = l, sc, no, ng
			}
			since++
			if curSc.less(bestSc) {
				best, bestSc = cur, curSc
				bestOrder, bestGenes = slices.Clone(order), slices.Clone(gs)
				since = 0
				if stopAt == math.MaxInt && c.goal(bestSc) {
					stopAt = done + c.tail
					n = min(n, stopAt)
				}
			}
			*h = curSc
			if c.progress != nil {
				c.progress(done, c.iters)
			}
		}
	}
	return best, bestOrder, bestGenes, true
}

// costBound is a lower bound on the cost of any nest: the cheapest set of
// sheets whose usable area (inside the edge margins) holds the parts' area.
func (e *engine) costBound() float64 {
	area := 0.0
	for _, in := range e.insts {
		p := &e.parts[in.part]
		if e.inHoles {
			area += p.area
		} else {
			area += p.outerArea
		}
	}
	usable := make([]float64, len(e.sizes))
	perArea := math.Inf(1)
	for z, s := range e.sizes {
		usable[z] = math.Max(0, (s.SizeX-2*e.margin)*(s.SizeY-2*e.margin))
		if usable[z] > 0 {
			perArea = math.Min(perArea, e.cost[z]/usable[z])
		}
	}
	if len(e.sizes) > 4 {
		return area * perArea
	}
	best := math.Inf(1)
	var walk func(z int, left, cost float64)
	walk = func(z int, left, cost float64) {
		if cost >= best {
			return
		}
		if left <= 0 {
			best = cost
			return
		}
		if z == len(e.sizes) || usable[z] == 0 {
			if z < len(e.sizes) {
				walk(z+1, left, cost)
			}
			return
		}
		for k := math.Ceil(left / usable[z]); k >= 0; k-- {
			walk(z+1, left-k*usable[z], cost+k*e.cost[z])
		}
	}
	walk(0, area, 0)
	return best
}

// mutate changes an order or a rotation gene in place and returns the first
// order position whose placement may change.
func mutate(rng *rand.Rand, e *engine, order, genes []int) int {
	n := len(order)
	if n < 2 {
		return 0
	}
	switch r := rng.IntN(10); {
	case r < 4: // swap two instances of different parts
		for try := 0; try < 8; try++ {
			i, j := rng.IntN(n), rng.IntN(n)
			if i > j {
				i, j = j, i
			}
			if e.insts[order[i]].part != e.insts[order[j]].part {
				order[i], order[j] = order[j], order[i]
				return i
			}
		}
		return n
	case r < 8: // move an instance earlier
		j := 1 + rng.IntN(n-1)
		i := rng.IntN(j)
		v := order[j]
		copy(order[i+1:j+1], order[i:j])
		order[i] = v
		return i
	default: // fix or free a rotation
		i := rng.IntN(n)
		inst := order[i]
		k := len(e.parts[e.insts[inst].part].shapes)
		genes[inst] = rng.IntN(k+1) - 1
		return i
	}
}

// pullForward moves an instance placed on the last sheet to an earlier
// random position, so that it gets a chance on the fuller sheets: the move
// that empties the last sheet.
func pullForward(rng *rand.Rand, l *layout, order []int) int {
	last := len(l.sheets) - 1
	var on []int
	for pos, st := range l.steps {
		if st.sheet == last {
			on = append(on, pos)
		}
	}
	if len(on) == 0 {
		return len(order) // the last sheet is a fixed one of the final pass
	}
	j := on[rng.IntN(len(on))]
	if j == 0 {
		return len(order)
	}
	i := rng.IntN(j)
	v := order[j]
	copy(order[i+1:j+1], order[i:j])
	order[i] = v
	return i
}

// The final pass repacks the parts of the last repackSheets sheets (one
// more every other round), in at most repackRounds rounds.
const (
	repackSheets = 2
	repackRounds = 4
)

// repack is the final pass, for a layout above the area bound. In each
// round it takes the parts off the last sheet and puts them first fit into
// the gaps and holes of the earlier sheets, largest first, then does the
// same with the parts of the last repackSheets sheets, searching their
// order and rotations for a layout with a sheet fewer, within a share of
// half the search's budgets; the next round starts from the best layout
// found if it is better (fuller toward the front), with another random
// stream. Both try a lattice of raster-cell pitch besides
// the corners, for the gaps no corner points at. It returns the best
// layout found, the one given unless a round ranked above it: with the
// same sheets that still leaves less on the last one.
func (s *search) repack(l *layout) *layout {
	e := s.e
	lb := e.costBound()
	e.lattice = true
	defer func() { e.lattice, e.base = false, nil }()
	// What did not fit without the lattice may fit with it.
	sheets := make([]*sheetState, len(l.sheets))
	for i, sh := range l.sheets {
		sheets[i] = sh.clone()
		clear(sheets[i].failAt)
	}
	kept, cur := l, &layout{sheets: sheets}
	iters := max(40, s.opt.Iterations/2) / repackRounds
	effort := s.opt.Effort / 2 / repackRounds
	for round := range repackRounds {
		if len(cur.sheets) < 2 || e.score(cur).cost <= lb*(1+1e-9) {
			break
		}
		next, ok := s.shorten(cur.sheets, 1, 0, 0, 0)
		if ok && len(next.sheets) == len(cur.sheets) && s.opt.Iterations > 0 {
			// Every other round also repacks one sheet more.
			k := min(repackSheets+round%2, len(next.sheets))
			next, ok = s.shorten(next.sheets, k, iters, effort, uint64(round))
		}
		if !ok {
			break
		}
		if !e.score(next).less(e.score(cur)) {
			continue
		}
		cur = next
		kept = cur
	}
	return kept
}

// largestFirst places the instances of order (which it sorts), largest
// outline first, first fit over the engine's base sheets and new ones,
// each in its best rotation (genes of -1, which it returns too); false
// when the search was stopped.
func (s *search) largestFirst(order []int) (*layout, []int, bool) {
	e := s.e
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Compare(e.parts[e.insts[b].part].outerArea, e.parts[e.insts[a].part].outerArea)
	})
	genes := make([]int, len(e.insts))
	for i := range genes {
		genes[i] = -1
	}
	l, ok := e.run(order, genes, s.prefer, nil, 0)
	return l, genes, ok
}

// shorten takes the parts off the last k sheets and places them again,
// first fit over the others and new sheets, largest first and then, for
// iters layouts or effort work at most, in the orders and rotations of a
// local search that ends when it has a sheet fewer. It returns the best
// layout it found, and false when it was stopped.
func (s *search) shorten(sheets []*sheetState, k, iters int, effort int64, round uint64) (*layout, bool) {
	e := s.e
	n := len(sheets)
	e.base = sheets[:n-k]
	var order []int
	for _, sh := range sheets[n-k:] {
		for _, it := range sh.items {
			order = append(order, it.inst)
		}
	}
	l, genes, ok := s.largestFirst(order)
	if !ok {
		return nil, false
	}
	s.iters++
	fewer := func(sc score) bool { return sc.sheets < n }
	if !fewer(e.score(l)) && iters > 0 {
		// A layout's work grows with the parts placed: repacking less
		// than half of them gets a budget in proportion.
		if 2*len(order) < len(e.insts) {
			effort = effort * int64(2*len(order)) / int64(len(e.insts))
		}
		l, _, _, ok = s.climb(climbing{start: l, order: order, genes: genes, iters: iters, effort: effort, stream: 0x72657061 + 8*round, goal: fewer})
	}
	return l, ok
}

// downsize moves each sheet's parts to a cheaper size where they all fit.
func (e *engine) downsize(l *layout, order, genes []int) *layout {
	if len(e.sizes) < 2 {
		return l
	}
	for si, s := range l.sheets {
		var insts []int
		for _, it := range s.items {
			insts = append(insts, it.inst)
		}
		bestSize := s.size
		var bestSheet *sheetState
		for z := range e.sizes {
			if e.cost[z] >= e.cost[bestSize]-1e-9 {
				continue
			}
			ns := e.newSheet(z)
			ok := true
			for _, inst := range insts {
				part := e.insts[inst].part
				k, d, fit := e.best(ns, part, -1)
				if !fit {
					ok = false
					break
				}
				e.add(ns, e.parts[part].shapes[k], d, inst)
			}
			if ok {
				bestSize, bestSheet = z, ns
			}
		}
		if bestSheet != nil {
			l.sheets[si] = bestSheet
		}
	}
	return l
}

// result turns a layout into the exported form.
func (e *engine) result(l *layout, parts []Part) *Result {
	res := &Result{}
	placed := make([]bool, len(e.insts))
	if l != nil {
		for _, s := range l.sheets {
			z := e.given[s.size]
			sh := Sheet{Size: z, UsedX: s.maxX}
			mat := 0.0
			for _, it := range s.items {
				in := e.insts[it.inst]
				placed[it.inst] = true
				mat += e.parts[in.part].area
				if ms := e.parts[in.part].members; ms != nil {
					// A pair: each part turned and moved with it.
					for _, m := range ms {
						at := m.off.Rotate(it.sh.rot).Add(it.d)
						sh.Placements = append(sh.Placements, Placement{
							PartID: parts[m.part].ID, Part: m.part, Instance: m.n,
							X: at.X, Y: at.Y, Rotation: math.Mod(m.rot+it.sh.rot, 360),
						})
					}
					continue
				}
				sh.Placements = append(sh.Placements, Placement{
					PartID: parts[in.part].ID, Part: in.part, Instance: in.n,
					X: it.d.X, Y: it.d.Y, Rotation: it.sh.rot,
				})
			}
			sh.Utilization = mat / (z.SizeY * z.SizeX)
			sh.Remnant = e.remnant(s)
			res.Sheets = append(res.Sheets, sh)
			res.Cost += e.cost[s.size]
		}
	}
	for i, in := range e.insts {
		if placed[i] {
			continue
		}
		if ms := e.parts[in.part].members; ms != nil {
			for _, m := range ms {
				res.Unplaced = append(res.Unplaced, Instance{PartID: parts[m.part].ID, Instance: m.n})
			}
			continue
		}
		res.Unplaced = append(res.Unplaced, Instance{PartID: parts[in.part].ID, Instance: in.n})
	}
	return res
}

// MinRemnant is the least side, in mm, of a rectangle reported as a
// remnant; thinner strips are scrap.
const MinRemnant = 50.0

// remnant finds the largest rectangle touching the far end of the sheet
// that stays Spacing clear of every part's bounding box.
func (e *engine) remnant(s *sheetState) Rect {
	z := e.sizes[s.size]
	var boxes []profile.Box
	bottoms := []float64{0}
	tops := []float64{z.SizeY}
	for _, it := range s.items {
		b := it.box
		b.Min = b.Min.Sub(pt{X: e.spacing, Y: e.spacing})
		b.Max = b.Max.Add(pt{X: e.spacing, Y: e.spacing})
		boxes = append(boxes, b)
		if b.Max.Y < z.SizeY {
			bottoms = append(bottoms, math.Max(0, b.Max.Y))
		}
		if b.Min.Y > 0 {
			tops = append(tops, math.Min(z.SizeY, b.Min.Y))
		}
	}
	var best Rect
	for _, y0 := range bottoms {
		for _, y1 := range tops {
			if y1 <= y0 {
				continue
			}
			x := 0.0
			for _, b := range boxes {
				if b.Min.Y < y1 && b.Max.Y > y0 {
					x = math.Max(x, b.Max.X)
				}
			}
			if x >= z.SizeX {
				continue
			}
			r := Rect{X: x, Y: y0, SizeX: z.SizeX - x, SizeY: y1 - y0}
			if r.SizeX >= MinRemnant && r.SizeY >= MinRemnant && r.Area() > best.Area() {
				best = r
			}
		}
	}
	return best
}
