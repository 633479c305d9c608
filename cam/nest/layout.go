package nest

import (
	"cmp"
	"math"
	"slices"
	"sort"

	"github.com/fabkit/fabkit/geometry/profile"
)

// shape is one part in one rotation, flattened, in part coordinates.
type shape struct {
	id       int // index over all parts' shapes
	rot      float64
	outer    ring
	holes    []ring
	outerDev float64 // largest gap between the outer polygon and the true outline
	holeDev  float64 // the same for the holes
	box      profile.Box
	boxy     bool // the outer outline is its own bounding box
	// core is a rectangle inside the outer outline (hasCore), and
	// holeSpan the largest width and height of any hole's bounding box:
	// a part larger than holeSpan cannot sit in one of its holes.
	core     profile.Box
	hasCore  bool
	holeSpan pt
	// reflex are the outer outline's reflex corners: another part may
	// tuck into the concavity there, so each gives candidate corners.
	reflex []pt
	// inner are rectangles inside the material (outer outline less
	// holes), tested against the sheet's occupancy raster.
	inner []profile.Box
	// round is set when the outer outline is a full circle, of centre
	// ctr and radius rad.
	round bool
	ctr   pt
	rad   float64
	// mask is the sheet cells the material covers, for the raster test.
	mask   *cellMask
	probes []pt // points of the material, for the raster's deep cells
}

// partInfo is what the nester knows about one Part.
type partInfo struct {
	shapes    []*shape // distinct rotations
	area      float64  // material area
	outerArea float64  // area inside the outer outline
	maxDim    float64  // longest side of the unrotated bounding box
	// members are the two parts of a pair of L's (see pairLs), nil for
	// a part given to Nest.
	members []member
}

// instance is one copy of a part: part index and 1-based copy number.
type instance struct{ part, n int }

// item is a placed shape.
type item struct {
	sh    *shape
	d     pt          // translation
	box   profile.Box // sh.box moved by d
	solid bool        // boxy and without holes another part could use
	inst  int
}

// sheetState is a sheet being filled.
type sheetState struct {
	size  int
	items []item
	free  float64 // usable area not yet taken by placed parts
	maxX  float64
	mat   float64 // material area placed
	// failAt[shape id] is 1 + the number of items the sheet had when the
	// shape was found not to fit, 0 if never. Items are only added, so the
	// shape fits no later state of the sheet either.
	failAt []int32
	// xs and ys are the candidate corners that do not depend on the part
	// (the margin, just past each placed part), sorted and distinct;
	// holes the placed holes large enough to take some part.
	xs    []float64
	ys    []yCand
	holes []placedHole
	ras   *raster // occupancy raster and index of the items
}

// clone copies the sheet so that adding to the copy leaves s as it was.
func (s *sheetState) clone() *sheetState {
	c := *s
	c.items = slices.Clone(s.items)
	c.failAt = slices.Clone(s.failAt)
	c.xs = slices.Clone(s.xs)
	c.ys = slices.Clone(s.ys)
	c.holes = slices.Clone(s.holes)
	c.ras = s.ras.clone()
	return &c
}

// placedHole is a hole's bounding box on the sheet and its flattening
// deviation.
type placedHole struct {
	box profile.Box
	dev float64
}

// step records where one instance of the order went, so that a layout can
// be replayed up to a point without searching again, and the work adding
// it counted.
type step struct {
	sheet, shape int
	d            pt
	work         int64
}

// layout is a complete or partial nest.
type layout struct {
	sheets []*sheetState
	steps  []step
	// checkpoints are copies of the sheets after every few steps, so that
	// a layout replaying a prefix of this one starts from the last copy
	// within it instead of adding every part again.
	checkpoints []checkpoint
}

// checkpoint is the sheets of a layout after its first at steps. Its
// sheets are never added to: a layout starting from it adds to restored
// copies.
type checkpoint struct {
	at     int
	sheets []*sheetState
}

// restore copies a checkpoint's sheet as replaying its steps on a new
// sheet makes it: nothing recorded as not fitting, no clear-rectangle
// table yet.
func (s *sheetState) restore() *sheetState {
	c := s.clone()
	clear(c.failAt)
	c.ras.tall, c.ras.tallAt = nil, -1
	return c
}

// engine holds the normalized input of one Nest call.
type engine struct {
	parts    []partInfo
	insts    []instance
	sizes    []SheetSize // snapped to the grid
	given    []SheetSize // as given, for the result
	cost     []float64
	spacing  float64
	margin   float64
	inHoles  bool
	slideTol float64
	stop     func() bool
	work     int64              // clearance tests done, weighted: the search's deterministic clock
	nshapes  int                // shapes over all parts
	near     []int              // scratch for firstFit's blocker test
	pairs    pairCache          // outline tests already done
	talls    tallCache          // clear-rectangle tables by raster state
	scans    scanCache          // firstFit's scans by raster state and shape
	marks    markCache          // raster windows of the items added
	states   map[stateKey]int64 // raster states by history (see intern)
	nstates  int64              // states handed out
	minSize  pt                 // the least width and height of any shape's box
	cell     float64            // side of a raster cell
	maxDev   float64            // the largest outerDev of any shape
	lattice  bool               // firstFit also tries a lattice of raster-cell pitch
	// base are sheets every layout run starts with (the final pass's
	// fixed sheets), shared until added to.
	base []*sheetState
	// scratch for firstFit and add
	xsBuf     []float64
	ysBuf     []yCand
	slideNear []int // slide's items within reach
	roundBuf  []int
	circBuf   []pt
	marked    int // cells of the last mark's window
}

const eps = 1e-9

func (e *engine) newSheet(size int) *sheetState {
	s := e.sizes[size]
	inf := math.Inf(1)
	ras := newRaster(s.SizeX, s.SizeY, e.cell)
	ras.state = e.intern(-1-int64(size), -1, pt{})
	return &sheetState{size: size, free: (s.SizeX - 2*e.margin) * (s.SizeY - 2*e.margin), failAt: make([]int32, e.nshapes),
		xs: []float64{e.margin}, ys: []yCand{{e.margin, -inf, inf}}, ras: ras}
}

// add places sh moved by d on the sheet as instance inst and returns the
// work it counted.
func (e *engine) add(s *sheetState, sh *shape, d pt, inst int) int64 {
	it := item{sh: sh, d: d, box: shift(sh.box, d), inst: inst}
	it.solid = sh.boxy && (!e.inHoles || len(sh.holes) == 0)
	s.items = append(s.items, it)
	s.ras.addItem(len(s.items)-1, grow(it.box, e.spacing+sh.outerDev+e.maxDev))
	s.ras.state = e.intern(s.ras.state, sh.id, d)
	if cells := e.marks.mark(s.ras, sh, d, e.spacing-eps); cells > 0 {
		e.marked = cells
	}
	work := int64(1 + e.marked/256)
	e.work += work
	p := e.parts[e.insts[inst].part]
	if e.inHoles {
		s.free -= p.area
	} else {
		s.free -= p.outerArea
	}
	s.mat += p.area
	s.maxX = math.Max(s.maxX, it.box.Max.X)
	c := e.spacing + sh.outerDev
	s.addX(it.box.Max.X + c)
	s.addY(yCand{it.box.Max.Y + c, it.box.Min.X - c, it.box.Max.X + c})
	// Just past a reflex corner, a part sits in the concavity, beside
	// and above the edges that meet there.
	for _, v := range sh.reflex {
		s.addX(v.X + d.X + c)
		s.addY(yCand{v.Y + d.Y + c, it.box.Min.X - c, it.box.Max.X + c})
	}
	if e.inHoles {
		for _, h := range sh.holes {
			hs := h.box.Size()
			if hs.X >= e.minSize.X+2*e.spacing && hs.Y >= e.minSize.Y+2*e.spacing {
				s.holes = append(s.holes, placedHole{shift(h.box, d), sh.holeDev})
			}
		}
	}
	return work
}

// addX adds a candidate X, unless one within 1e-7 is there.
func (s *sheetState) addX(x float64) {
	i, _ := slices.BinarySearch(s.xs, x)
	if !(i < len(s.xs) && s.xs[i]-x < 1e-7) && !(i > 0 && x-s.xs[i-1] < 1e-7) {
		s.xs = slices.Insert(s.xs, i, x)
	}
}

// addY adds a candidate Y after those of equal Y.
func (s *sheetState) addY(y yCand) {
	j, _ := slices.BinarySearchFunc(s.ys, y.y, func(c yCand, v float64) int { return cmp.Compare(c.y, v) })
	for j < len(s.ys) && s.ys[j].y == y.y {
		j++
	}
	s.ys = slices.Insert(s.ys, j, y)
}

// stateKey is a raster state: the state before and the shape added at a
// translation (as float bits), or for an empty raster -1 - its sheet size
// and no shape.
type stateKey struct {
	before int64
	shape  int32
	dx, dy uint64
}

// intern returns the state of a raster in state before once sh (id shape,
// -1: none) moved by d is added: equal histories get equal states. The
// table starts again empty when it holds maxStates; states are never
// handed out twice, so an equal history may then get a new state, never
// one of another history.
func (e *engine) intern(before int64, shape int, d pt) int64 {
	k := stateKey{before, int32(shape), math.Float64bits(d.X), math.Float64bits(d.Y)}
	if v, ok := e.states[k]; ok {
		return v
	}
	if e.states == nil || len(e.states) >= maxStates {
		e.states = make(map[stateKey]int64)
	}
	v := e.nstates
	e.nstates++
	e.states[k] = v
	return v
}

// maxStates is the most raster states an engine remembers.
const maxStates = 1 << 18

// fits reports whether sh moved by d lies inside the sheet's usable area.
func (e *engine) fits(s *sheetState, sh *shape, d pt) bool {
	z := e.sizes[s.size]
	b := shift(sh.box, d)
	m := e.margin
	return b.Min.X >= m-eps && b.Min.Y >= m-eps && b.Max.X <= z.SizeX-m+eps && b.Max.Y <= z.SizeY-m+eps
}

// blocker returns the index of a placed item that sh moved by d comes too
// close to, or -1. hint is tried first, then the items in near: the caller
// knows that no other item can reach d.
func (e *engine) blocker(s *sheetState, sh *shape, d pt, hint int, near []int) int {
	e.work += 1 + int64(len(near)/4)
	if hint >= 0 && hint < len(s.items) && !e.pairOK(sh, d, &s.items[hint]) {
		return hint
	}
	for _, i := range near {
		if i != hint && !e.pairOK(sh, d, &s.items[i]) {
			return i
		}
	}
	return -1
}

// pairOK reports whether sh moved by d keeps its distance from a placed item:
// at least the spacing between the outlines, or wholly inside one of the
// other's holes with that clearance.
func (e *engine) pairOK(sh *shape, d pt, q *item) bool {
	c := e.spacing + sh.outerDev + q.sh.outerDev - eps
	b := shift(sh.box, d)
	if boxesApart(b, q.box, c) {
		return true
	}
	if q.solid && sh.boxy {
		return false
	}
	if sh.hasCore && q.sh.hasCore && !boxesApart(shift(sh.core, d), shift(q.sh.core, q.d), c) && !e.mayNest(sh, q.sh) {
		return false
	}
	e.work += 4
	sl, key, hit := e.pairs.lookup(sh, d, q)
	if hit {
		return sl.ok
	}
	ok := e.outlinesOK(sh, d, q, b, c)
	if sl != nil {
		*sl = key
		sl.ok = ok
	}
	return ok
}

// outlinesOK is pairOK's test on the outlines, for boxes b (sh's, moved by
// d) and q's that come within c.
func (e *engine) outlinesOK(sh *shape, d pt, q *item, b profile.Box, c float64) bool {
	// A corner of one deep in the other's material is the common way to
	// fail, and cheaper to see than edges coming close.
	pa, pb := sh.outer.pts[0].Add(d), q.sh.outer.pts[0].Add(q.d)
	aInB, bInA := inRing(pa, q.sh.outer, q.d), inRing(pb, sh.outer, d)
	if (aInB && !inAHole(pa, q.sh, q.d)) || (bInA && !inAHole(pb, sh, d)) {
		return false
	}
	if ringsClose(sh.outer, d, q.sh.outer, q.d, c) {
		return false
	}
	// No outline comes near the other: the parts are apart or one holds
	// the other.
	if aInB {
		return e.inHoles && inHole(sh.outer, d, b, q.sh, q.d, e.spacing+sh.outerDev+q.sh.holeDev-eps)
	}
	if bInA {
		return e.inHoles && inHole(q.sh.outer, q.d, q.box, sh, d, e.spacing+q.sh.outerDev+sh.holeDev-eps)
	}
	return true
}

// mayNest reports whether one of a and b might lie in a hole of the other.
func (e *engine) mayNest(a, b *shape) bool {
	if !e.inHoles {
		return false
	}
	sa, sb := a.box.Size(), b.box.Size()
	return (sa.X <= b.holeSpan.X && sa.Y <= b.holeSpan.Y) || (sb.X <= a.holeSpan.X && sb.Y <= a.holeSpan.Y)
}

// inAHole reports whether p lies in a hole of sh moved by d.
func inAHole(p pt, sh *shape, d pt) bool {
	for _, h := range sh.holes {
		if inRing(p, h, d) {
			return true
		}
	}
	return false
}

// inHole reports whether ring r moved by d (box b) lies in a hole of
// holder moved by hd with clearance c.
func inHole(r ring, d pt, b profile.Box, holder *shape, hd pt, c float64) bool {
	for _, h := range holder.holes {
		if !boxInside(b, shift(h.box, hd)) {
			continue
		}
		if inRing(r.pts[0].Add(d), h, hd) && !ringsClose(r, d, h, hd, c) {
			return true
		}
	}
	return false
}

// feasible reports whether sh moved by d can be placed on the sheet.
func (e *engine) feasible(s *sheetState, sh *shape, d pt, hint *int, near []int) bool {
	if !e.fits(s, sh, d) {
		return false
	}
	if e.lattice && e.rasterHit(s, sh, d) {
		e.work++
		return false
	}
	b := e.blocker(s, sh, d, *hint, near)
	if b >= 0 {
		*hint = b
		return false
	}
	return true
}

// xCandidates returns the sorted, distinct lower-left corner X
// coordinates worth trying for a part of extent w: the margin, just past
// every placed part, the inside of every hole, and a lattice of one raster
// cell's pitch from the margin, so that gaps no corner points at are
// tried too.
func (e *engine) xCandidates(s *sheetState, w float64, from, limit float64) []float64 {
	top := limit - w + eps
	n := sort.Search(len(s.xs), func(i int) bool { return s.xs[i] > top })
	m := sort.Search(n, func(i int) bool { return s.xs[i] >= from })
	out := append(e.xsBuf[:0], s.xs[m:n]...)
	for _, h := range s.holes {
		lo, hi := h.box.Min.X, h.box.Max.X
		if hi-lo < w+2*e.spacing {
			continue
		}
		for _, c := range []float64{lo + e.spacing + h.dev, (lo + hi - w) / 2} {
			if c <= top && c >= from {
				out = append(out, c)
			}
		}
	}
	if e.lattice {
		for x := e.margin + e.cell; x <= top; x += e.cell {
			if x >= from {
				out = append(out, x)
			}
		}
	}
	slices.Sort(out)
	out = slices.CompactFunc(out, func(a, b float64) bool { return math.Abs(a-b) < 1e-7 })
	e.xsBuf = out
	return out
}

// firstFit returns the bottom-left position for sh on the sheet: the least
// X, then the least Y, among the candidate corners, then slid toward the
// origin for shapes that are not rectangles. A position whose inner
// rectangles cover a cell of the sheet's raster is rejected without an
// exact test; the others are tested against the parts the bucket index
// finds near them.
func (e *engine) firstFit(s *sheetState, sh *shape) (pt, bool) {
	z := e.sizes[s.size]
	size := sh.box.Size()
	if size.X > z.SizeX-2*e.margin+eps || size.Y > z.SizeY-2*e.margin+eps {
		return pt{}, false
	}
	r := s.ras
	// A part whose inner rectangles find no clear rectangle that large
	// on the raster fits nowhere.
	for _, in := range sh.inner {
		isz := in.Size()
		if !r.fitsClear(int(isz.X/r.cell)-1, int(isz.Y/r.cell)-1, &e.talls) {
			e.work++
			return pt{}, false
		}
	}
	// The rest depends only on the sheet's parts and the shape: layouts
	// replaying the same parts onto a sheet ask it again.
	key := scanKey{state: r.state, shape: sh.id, lattice: e.lattice}
	if v, ok := e.scans.found[key]; ok {
		e.work += v.work
		return v.d, v.ok
	}
	start := e.work
	d, ok := e.scan(s, sh)
	e.scans.put(key, scanResult{d: d, ok: ok, work: e.work - start})
	return d, ok
}

// scanKey names a scan: the raster state of the sheet, the shape and
// whether the lattice is tried.
type scanKey struct {
	state   int64
	shape   int
	lattice bool
}

// scanResult is a scan's position, whether it found one, and the work it
// counted.
type scanResult struct {
	d    pt
	ok   bool
	work int64
}

// scanCache holds the scans done; it starts again empty when it holds
// maxScans.
type scanCache struct {
	found map[scanKey]scanResult
}

// maxScans is the most scans a scanCache holds.
const maxScans = 1 << 18

func (c *scanCache) put(k scanKey, v scanResult) {
	if c.found == nil || len(c.found) >= maxScans {
		c.found = make(map[scanKey]scanResult)
	}
	c.found[k] = v
}

// scan is firstFit past its clear-rectangle test: the candidate corners
// in order, each tested on the raster and then exactly, and the first
// feasible one slid.
func (e *engine) scan(s *sheetState, sh *shape) (pt, bool) {
	z := e.sizes[s.size]
	size := sh.box.Size()
	xs := e.xCandidates(s, size.X, math.Inf(-1), z.SizeX-e.margin)
	ys := e.yCandidates(s, size, math.Inf(-1), z.SizeY-e.margin)
	d, ok := e.scanIn(s, sh, xs, ys, nil)
	if sh.round {
		if dc, okc := e.circleFit(s, sh); okc {
			x, y := dc.X+sh.box.Min.X, dc.Y+sh.box.Min.Y
			if !ok || x < d.X+sh.box.Min.X-1e-6 || (x < d.X+sh.box.Min.X+1e-6 && y < d.Y+sh.box.Min.Y-1e-6) {
				return e.slide(s, sh, dc), true
			}
		}
	}
	return d, ok
}

// scanIn is scan over the candidates xs and ys, within region when it is
// not nil.
func (e *engine) scanIn(s *sheetState, sh *shape, xs []float64, ys []yCand, region *profile.Box) (pt, bool) {
	size := sh.box.Size()
	r := s.ras
	var cols [4][2]int // each inner rectangle's whole cells along X
	hint := -1
	for _, x := range xs {
		if region != nil && (x < region.Min.X || x+size.X > region.Max.X) {
			continue
		}
		dx := x - sh.box.Min.X
		for i, in := range sh.inner {
			cols[i][0], cols[i][1] = r.insideRange(in.Min.X+dx, in.Max.X+dx, r.nx)
		}
		e.work++
		last := math.Inf(-1)
		for yi := 0; yi < len(ys); yi++ {
			c := ys[yi]
			// A part resting at this Y rests on the source of the
			// candidate, so the source must share some X with it.
			if c.hi < x || c.lo > x+size.X || c.y < last+1e-7 {
				continue
			}
			if region != nil && (c.y < region.Min.Y || c.y+size.Y > region.Max.Y) {
				if c.y+size.Y > region.Max.Y {
					break
				}
				continue
			}
			last = c.y
			d := pt{X: dx, Y: c.y - sh.box.Min.Y}
			if !e.fits(s, sh, d) {
				continue
			}
			covered := false
			for i, in := range sh.inner {
				ia, ib := cols[i][0], cols[i][1]
				if ib <= ia {
					continue
				}
				ja, jb := r.insideRange(in.Min.Y+d.Y, in.Max.Y+d.Y, r.ny)
				if m := r.markedRow(ia, ib, ja, jb); m >= 0 {
					// Skip the Ys whose rectangle still starts at or
					// below the last marked row (as insideRange counts).
					clearAt := float64(r.clearRow(ia, ib, m))
					e.work += int64(1 + (jb-ja)/16)
					off := in.Min.Y - sh.box.Min.Y
					// The test is monotone in Y (ys is sorted): the
					// Ys it holds for are a run, found by bisection.
					rest := ys[yi+1:]
					yi += sort.Search(len(rest), func(k int) bool { return (rest[k].y+off)/r.cell-1e-9 > clearAt-1 })
					covered = true
					break
				}
			}
			if covered {
				continue
			}
			if e.lattice && e.rasterHit(s, sh, d) {
				e.work++
				continue
			}
			e.near = r.near(shift(sh.box, d), e.near[:0])
			b := e.blocker(s, sh, d, hint, e.near)
			if b < 0 {
				return e.slide(s, sh, d), true
			}
			hint = b
			if sh.boxy && s.items[hint].solid {
				// Every Y up to the blocker's top collides the same way.
				q := &s.items[hint]
				next := q.box.Max.Y + e.spacing + q.sh.outerDev - 1e-7
				j, _ := slices.BinarySearchFunc(ys, next, func(c yCand, v float64) int { return cmp.Compare(c.y, v) })
				if j-1 > yi {
					yi = j - 1
				}
			}
		}
	}
	return pt{}, false
}

// yCand is a candidate Y for a part's lower edge and the X range of what
// it comes from (a part's top, a hole, the sheet's margin; the lattice
// comes from everywhere).
type yCand struct{ y, lo, hi float64 }

// yCandidates returns the Y candidates for a part of the given size,
// sorted by Y: the sheet's, the holes' and the lattice's.
func (e *engine) yCandidates(s *sheetState, size pt, from, limit float64) []yCand {
	top := limit - size.Y + eps
	n := sort.Search(len(s.ys), func(i int) bool { return s.ys[i].y > top })
	m := sort.Search(n, func(i int) bool { return s.ys[i].y >= from })
	out := append(e.ysBuf[:0], s.ys[m:n]...)
	for _, h := range s.holes {
		hb := h.box
		if hb.Max.Y-hb.Min.Y < size.Y+2*e.spacing || hb.Max.X-hb.Min.X < size.X+2*e.spacing {
			continue
		}
		for _, c := range []yCand{{hb.Min.Y + e.spacing + h.dev, hb.Min.X, hb.Max.X}, {(hb.Min.Y + hb.Max.Y - size.Y) / 2, hb.Min.X, hb.Max.X}} {
			if c.y <= top && c.y >= from {
				out = append(out, c)
			}
		}
	}
	if e.lattice {
		inf := math.Inf(1)
		for y := e.margin + e.cell; y <= top; y += e.cell {
			if y >= from {
				out = append(out, yCand{y, -inf, inf})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b yCand) int { return cmp.Compare(a.y, b.y) })
	e.ysBuf = out
	return out
}

// slide moves a feasible position toward X=0, then Y=0, in halving steps,
// while it stays feasible. Rectangles among rectangles are already in
// contact and skip it.
func (e *engine) slide(s *sheetState, sh *shape, d pt) pt {
	if sh.boxy {
		all := true
		for i := range s.items {
			if !s.items[i].solid {
				all = false
				break
			}
		}
		if all {
			return d
		}
	}
	hint := -1
	size := sh.box.Size()
	// The part moves at most four times its size along each axis: only
	// the parts within reach of that region can block.
	reach := shift(sh.box, d)
	reach.Min = reach.Min.Sub(size.Scale(4))
	lo := reach.Min.Sub(sh.box.Min) // the least translation
	e.slideNear = s.ras.near(reach, e.slideNear[:0])
	near := e.slideNear
	for round := 0; round < 4; round++ {
		moved := false
		for axis := 0; axis < 2; axis++ {
			st := size.X / 2
			if axis == 1 {
				st = size.Y / 2
			}
			for st > e.slideTol {
				nd := d
				if axis == 0 {
					nd.X -= st
				} else {
					nd.Y -= st
				}
				if nd.X >= lo.X && nd.Y >= lo.Y && e.feasible(s, sh, nd, &hint, near) {
					d, moved = nd, true
				} else {
					st /= 2
				}
			}
		}
		if !moved {
			break
		}
	}
	return d
}

// best tries the allowed rotations of a part on a sheet and returns the
// shape index and position that start least far along X, then lowest (on
// the CEB set this fills sheets better than the least far end).
func (e *engine) best(s *sheetState, part, gene int) (int, pt, bool) {
	p := &e.parts[part]
	area := p.outerArea
	if e.inHoles {
		area = p.area
	}
	if area > s.free+eps {
		return 0, pt{}, false
	}
	bk, bd, found := 0, pt{}, false
	var bx, by float64
	for k, sh := range p.shapes {
		if gene >= 0 && k != gene%len(p.shapes) {
			continue
		}
		if n := s.failAt[sh.id]; n > 0 && int(n)-1 <= len(s.items) {
			continue
		}
		d, ok := e.firstFit(s, sh)
		if !ok {
			if s.failAt[sh.id] == 0 {
				s.failAt[sh.id] = int32(len(s.items) + 1)
			}
			continue
		}
		x, y := sh.box.Min.X+d.X, sh.box.Min.Y+d.Y
		if !found || x < bx-1e-6 || (x < bx+1e-6 && y < by-1e-6) {
			bk, bd, bx, by, found = k, d, x, y, true
		}
	}
	return bk, bd, found
}

// sizeFor picks the size for a new sheet that must take the part: the
// preferred size when the part fits it, else the cheapest that fits.
func (e *engine) sizeFor(part, prefer int) int {
	if e.fitsSize(part, prefer) {
		return prefer
	}
	bi := -1
	for i := range e.sizes {
		if e.fitsSize(part, i) && (bi < 0 || e.cost[i] < e.cost[bi]) {
			bi = i
		}
	}
	return bi
}

func (e *engine) fitsSize(part, size int) bool {
	z := e.sizes[size]
	for _, sh := range e.parts[part].shapes {
		s := sh.box.Size()
		if s.X <= z.SizeX-2*e.margin+eps && s.Y <= z.SizeY-2*e.margin+eps {
			return true
		}
	}
	return false
}

// run places the instances in order, first-fit over the open sheets. The
// first keep steps are replayed from prev. done is false when it was
// stopped; the layout is then partial.
func (e *engine) run(order, genes []int, prefer int, prev *layout, keep int) (l *layout, done bool) {
	l = &layout{sheets: slices.Clone(e.base), steps: make([]step, 0, len(order))}
	every := e.checkpointEvery(len(order))
	from := 0
	if prev != nil && every > 0 {
		// Start from prev's last checkpoint within the replayed prefix,
		// counting the work of the steps it skips.
		n := 0
		for n < len(prev.checkpoints) && prev.checkpoints[n].at <= keep {
			n++
		}
		if n > 0 {
			cp := prev.checkpoints[n-1]
			for _, s := range cp.sheets {
				l.sheets = append(l.sheets, s.restore())
			}
			for _, st := range prev.steps[:cp.at] {
				e.work += st.work
			}
			l.steps = append(l.steps, prev.steps[:cp.at]...)
			l.checkpoints = prev.checkpoints[:n:n]
			from = cp.at
		}
	}
	for i := from; i < keep; i++ {
		st := prev.steps[i]
		for st.sheet >= len(l.sheets) {
			l.sheets = append(l.sheets, e.newSheet(prev.sheets[len(l.sheets)].size))
		}
		inst := order[i]
		st.work = e.add(e.own(l, st.sheet), e.parts[e.insts[inst].part].shapes[st.shape], st.d, inst)
		l.steps = append(l.steps, st)
		e.checkpoint(l, every)
	}
	// What did not fit a sheet of prev still does not: the replayed sheets
	// hold a prefix of prev's items. (A base sheet not added to takes the
	// marks too: they hold for it.)
	if prev != nil {
		for si, s := range l.sheets {
			for id, n := range prev.sheets[si].failAt {
				if n > 0 && int(n)-1 <= len(s.items) {
					s.failAt[id] = n
				}
			}
		}
	}
	for i := keep; i < len(order); i++ {
		if e.stop() {
			return l, false
		}
		inst := order[i]
		part := e.insts[inst].part
		placed := false
		for si, s := range l.sheets {
			if k, d, ok := e.best(s, part, genes[inst]); ok {
				w := e.add(e.own(l, si), e.parts[part].shapes[k], d, inst)
				l.steps = append(l.steps, step{sheet: si, shape: k, d: d, work: w})
				placed = true
				break
			}
		}
		if placed {
			e.checkpoint(l, every)
			continue
		}
		s := e.newSheet(e.sizeFor(part, prefer))
		k, d, ok := e.best(s, part, genes[inst])
		if !ok {
			k, d, ok = e.best(s, part, -1) // the gene's rotation does not fit the sheet
		}
		if !ok {
			return l, false // cannot happen: sizeFor checked the part fits
		}
		w := e.add(s, e.parts[part].shapes[k], d, inst)
		l.sheets = append(l.sheets, s)
		l.steps = append(l.steps, step{sheet: len(l.sheets) - 1, shape: k, d: d, work: w})
		e.checkpoint(l, every)
	}
	return l, true
}

// checkpointEvery is the steps between a layout's checkpoints for an
// order of n instances: at most about 16 checkpoints a layout, and none
// when layouts start from the final pass's fixed sheets (they share them
// until added to).
func (e *engine) checkpointEvery(n int) int {
	if len(e.base) > 0 {
		return 0
	}
	return max(8, (n+15)/16)
}

// checkpoint saves l's sheets when its steps reach a multiple of every,
// sharing the previous checkpoint's copy of a sheet not added to since.
func (e *engine) checkpoint(l *layout, every int) {
	if every == 0 || len(l.steps)%every != 0 {
		return
	}
	var last []*sheetState
	if n := len(l.checkpoints); n > 0 {
		last = l.checkpoints[n-1].sheets
	}
	cp := checkpoint{at: len(l.steps), sheets: make([]*sheetState, len(l.sheets))}
	for i, s := range l.sheets {
		if i < len(last) && len(last[i].items) == len(s.items) {
			cp.sheets[i] = last[i]
		} else {
			cp.sheets[i] = s.clone()
		}
	}
	l.checkpoints = append(l.checkpoints, cp)
}

// own returns sheet si of l to add to: a sheet of e.base is copied first,
// so that the base stays as it was for the other layouts.
func (e *engine) own(l *layout, si int) *sheetState {
	if si < len(e.base) && l.sheets[si] == e.base[si] {
		l.sheets[si] = e.base[si].clone()
	}
	return l.sheets[si]
}

// score ranks layouts: cost, then sheets, then the sum of squared sheet
// fills, higher better (it rewards moving material onto fewer sheets and
// gives the search a slope toward one sheet fewer), then the total length
// used.
type score struct {
	cost   float64
	sheets int
	fill   float64
	length float64
}

func (a score) less(b score) bool {
	if math.Abs(a.cost-b.cost) > 1e-9*math.Max(1, math.Abs(b.cost)) {
		return a.cost < b.cost
	}
	if a.sheets != b.sheets {
		return a.sheets < b.sheets
	}
	if math.Abs(a.fill-b.fill) > 1e-9 {
		return a.fill > b.fill
	}
	return a.length < b.length-1e-6
}

func (e *engine) score(l *layout) score {
	var sc score
	for _, s := range l.sheets {
		z := e.sizes[s.size]
		sc.cost += e.cost[s.size]
		sc.length += s.maxX
		f := s.mat / (z.SizeY * z.SizeX)
		sc.fill += f * f
	}
	sc.sheets = len(l.sheets)
	return sc
}

// boxesApart reports whether boxes a and b are at least c apart.
func boxesApart(a, b profile.Box, c float64) bool {
	dx := a.Min.X - b.Max.X
	if v := b.Min.X - a.Max.X; v > dx {
		dx = v
	}
	if dx >= c {
		return true
	}
	dy := a.Min.Y - b.Max.Y
	if v := b.Min.Y - a.Max.Y; v > dy {
		dy = v
	}
	if dy >= c {
		return true
	}
	return dx > 0 && dy > 0 && dx*dx+dy*dy >= c*c
}

// pairCache remembers the outline tests of pairOK: the search tries the
// same part at the same position next to the same placed part in many
// layouts (three in four outline tests on the CEB press plates repeat).
// It is direct mapped, a slot per hash of the pair, so it stays small and
// what it returns depends only on the tests asked before.
type pairCache struct {
	slots []pairSlot
	mask  uint64
}

// pairSlot is one remembered test: shapes a and b (ids + 1, 0: empty)
// moved by da and db (as float bits), and its result.
type pairSlot struct {
	a, b   int32
	ok     bool
	da, db [2]uint64
}

// pairCacheSlots is the number of slots per instance, up to
// maxPairCacheSlots in all.
const (
	pairCacheSlots    = 256
	maxPairCacheSlots = 1 << 14
)

// lookup returns the slot of the outline test of sh moved by d against q
// (nil: no cache), the slot's key for that test, and whether the slot
// holds its result.
func (c *pairCache) lookup(sh *shape, d pt, q *item) (*pairSlot, pairSlot, bool) {
	if c.slots == nil {
		return nil, pairSlot{}, false
	}
	a, b := int32(sh.id+1), int32(q.sh.id+1)
	da := [2]uint64{math.Float64bits(d.X), math.Float64bits(d.Y)}
	db := [2]uint64{math.Float64bits(q.d.X), math.Float64bits(q.d.Y)}
	h := uint64(a)*0x9e3779b97f4a7c15 ^ uint64(b)*0xc2b2ae3d27d4eb4f
	h ^= da[0]*0x165667b19e3779f9 ^ da[1]*0x27d4eb2f165667c5
	h ^= db[0]*0x94d049bb133111eb ^ db[1]*0xbf58476d1ce4e5b9
	h ^= h >> 29
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 32
	sl := &c.slots[h&c.mask]
	return sl, pairSlot{a: a, b: b, da: da, db: db}, sl.a == a && sl.b == b && sl.da == da && sl.db == db
}

// init sizes the cache for n instances.
func (c *pairCache) init(n int) {
	size := 1
	for size < min(n*pairCacheSlots, maxPairCacheSlots) {
		size *= 2
	}
	c.slots, c.mask = make([]pairSlot, size), uint64(size-1)
}
