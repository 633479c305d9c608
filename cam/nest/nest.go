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
// pass then moves the last sheet's parts into gaps on the earlier sheets,
// trying a lattice of raster-cell pitch as well as the corners, and drops
// that sheet when they all fit. Every length and vertex is
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
	best = e.emptyLast(best)
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
	prefer := 0
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
				best, bestSc, prefer = l, sc, z
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

	// Late-acceptance hill climbing from the best greedy layout, in a few
	// chains with their own random streams, so that one chain stuck on a
	// plateau does not spend the whole budget.
	const chains = 4
	// The search ends early once the cost reaches the area lower bound
	// (after a short tail that compacts the last sheet), and a chain ends
	// when it has not improved the best layout for a while.
	lb := e.costBound()
	tail := max(50, s.opt.Iterations/8)
	patience := max(40, s.opt.Iterations/20)
	stopAt := math.MaxInt
	if bestSc.cost <= lb*(1+1e-9) {
		stopAt = tail
	}
	start := best
	startOrder, startGenes := slices.Clone(s.bestOrder), slices.Clone(s.bestGenes)
	startWork := e.work
	done := 0
	for c := 0; c < chains; c++ {
		rng := rand.New(rand.NewPCG(s.opt.Seed, 0x6e657374+uint64(c)))
		cur, curSc := start, e.score(start)
		order, gs := slices.Clone(startOrder), slices.Clone(startGenes)
		hist := make([]score, 32)
		for i := range hist {
			hist[i] = curSc
		}
		n := min(s.opt.Iterations*(c+1)/chains, stopAt)
		since := 0
		for it := 0; done < n && since < patience; it++ {
			if s.opt.Effort > 0 && e.work-startWork > s.opt.Effort*int64(c+1)/chains {
				break
			}
			no, ng := slices.Clone(order), slices.Clone(gs)
			var keep int
			if rng.IntN(4) == 0 && len(cur.sheets) > 1 {
				keep = pullForward(rng, cur, no)
			} else {
				keep = mutate(rng, e, no, ng)
			}
			l, ok := e.run(no, ng, prefer, cur, keep)
			if !ok {
				return best, nil
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
				s.bestOrder, s.bestGenes = slices.Clone(order), slices.Clone(gs)
				since = 0
				if stopAt == math.MaxInt && bestSc.cost <= lb*(1+1e-9) {
					stopAt = done + tail
					n = min(n, stopAt)
				}
			}
			*h = curSc
			if s.opt.Progress != nil {
				s.opt.Progress(done, s.opt.Iterations)
			}
		}
	}
	return best, nil
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

// emptyLast is the final pass: it moves every part of the last sheet into
// gaps and holes on the earlier sheets, largest first, and drops the last
// sheet when all of them go; it repeats while that works. A layout it
// cannot empty is kept as it was.
func (e *engine) emptyLast(l *layout) *layout {
	for len(l.sheets) > 1 {
		last := l.sheets[len(l.sheets)-1]
		free := 0.0
		for _, s := range l.sheets[:len(l.sheets)-1] {
			free += s.free
		}
		if last.mat > free+eps {
			return l
		}
		// Gaps no corner points at are what is left to fill: try the
		// lattice too.
		e.lattice = true
		defer func() { e.lattice = false }()
		items := slices.Clone(last.items)
		slices.SortStableFunc(items, func(a, b item) int {
			return cmp.Compare(e.parts[e.insts[b.inst].part].outerArea, e.parts[e.insts[a.inst].part].outerArea)
		})
		sheets := slices.Clone(l.sheets[:len(l.sheets)-1])
		copied := make([]bool, len(sheets))
		for _, it := range items {
			part := e.insts[it.inst].part
			placed := false
			for si := range sheets {
				if !copied[si] {
					sheets[si], copied[si] = sheets[si].clone(), true
				}
				if k, d, ok := e.best(sheets[si], part, -1); ok {
					e.add(sheets[si], e.parts[part].shapes[k], d, it.inst)
					placed = true
					break
				}
			}
			if !placed {
				return l
			}
		}
		l = &layout{sheets: sheets}
	}
	return l
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
				sh.Placements = append(sh.Placements, Placement{
					PartID: parts[in.part].ID, Part: in.part, Instance: in.n,
					X: it.d.X, Y: it.d.Y, Rotation: it.sh.rot,
				})
				mat += e.parts[in.part].area
			}
			sh.Utilization = mat / (z.SizeY * z.SizeX)
			sh.Remnant = e.remnant(s)
			res.Sheets = append(res.Sheets, sh)
			res.Cost += e.cost[s.size]
		}
	}
	for i, in := range e.insts {
		if !placed[i] {
			res.Unplaced = append(res.Unplaced, Instance{PartID: parts[in.part].ID, Instance: in.n})
		}
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
