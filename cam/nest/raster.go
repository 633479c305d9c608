package nest

import (
	"math"
	"math/bits"
	"slices"

	"github.com/fabkit/fabkit/geometry/profile"
)

// This file holds the two indexes a sheet keeps of its placed parts, so
// that the cost of placing a part depends on its neighbours, not on how
// many parts the sheet holds:
//
//   - an occupancy raster: square cells, each marked when placed material
//     comes within the spacing of it. A candidate position whose inner
//     rectangles (rectangles known to lie in its material) cover a marked
//     cell collides, so most positions are rejected by a few word tests on
//     the raster's bit rows, without an exact test; the unmarked cells
//     also show the gaps and holes where a part might go.
//   - a bucket grid of the placed parts' reach boxes, so that the exact
//     clearance test only visits the parts near a position.
//
// The raster only ever rejects positions; whether a position is kept is
// always decided by the exact clearance test, so a coarse or imperfect
// raster costs density, never correctness.

// raster is a sheet's occupancy raster and bucket index.
type raster struct {
	cell   float64 // side of a cell, mm
	nx, ny int
	// bits are the marked cells (placed material within the spacing of
	// the cell) as bit rows of words words each, the last word padding;
	// deep, in the same form, the cells wholly inside placed material (no
	// edge within the spacing), for testing points of a shape.
	bits  []uint64
	deep  []uint64
	words int
	// Buckets of bucket x bucket cells list the items whose reach box
	// (their box grown by the largest clearance) overlaps them, in the
	// order added: first[b] is bucket b's first entry, last[b] its last
	// (-1: none), and entry k holds item entryItem[k], followed by entry
	// entryNext[k]. Flat, so that a clone is a few copies.
	bucket      int
	bx, by      int
	first, last []int32
	entryItem   []int32
	entryNext   []int32
	// seen is scratch for near: a bit per item, clear between queries.
	seen []uint64
	// tall[a] is the height, in cells, of the tallest clear rectangle at
	// least a cells wide (nx+1 long) when the raster held tallAt parts
	// (-1: never computed). Parts are only added, so an older tall is
	// still an upper bound; it is refreshed every tallEvery parts.
	tall   []int32
	tallAt int
	marks  int // parts marked
	// state identifies the parts marked, in order, and the sheet size:
	// rasters of equal state are equal (see engine.intern).
	state int64
}

// tallEvery is how many parts may be added before tall is recomputed.
const tallEvery = 8

// bucketCells is the side of a bucket of the item index, in cells.
const bucketCells = 8

// cellSize picks the raster cell for the sheets on offer: about 32k cells
// on the largest sheet, and no finer than 1 mm.
func cellSize(sizes []SheetSize) float64 {
	area := 0.0
	for _, s := range sizes {
		area = math.Max(area, s.SizeX*s.SizeY)
	}
	return snap(math.Max(1, math.Sqrt(area/32768)))
}

func newRaster(sizeX, sizeY, cell float64) *raster {
	r := &raster{cell: cell, nx: max(1, int(math.Ceil(sizeX/cell))), ny: max(1, int(math.Ceil(sizeY/cell))), bucket: bucketCells}
	r.words = r.nx/64 + 2
	r.bits = make([]uint64, r.ny*r.words)
	r.deep = make([]uint64, r.ny*r.words)
	r.bx, r.by = (r.nx+r.bucket-1)/r.bucket, (r.ny+r.bucket-1)/r.bucket
	r.first = make([]int32, r.bx*r.by)
	r.last = make([]int32, r.bx*r.by)
	for i := range r.first {
		r.first[i], r.last[i] = -1, -1
	}
	r.tallAt = -1
	return r
}

func (r *raster) clone() *raster {
	c := *r
	c.bits = slices.Clone(r.bits)
	c.deep = slices.Clone(r.deep)
	c.first = slices.Clone(r.first)
	c.last = slices.Clone(r.last)
	c.entryItem = slices.Clone(r.entryItem)
	c.entryNext = slices.Clone(r.entryNext)
	c.seen = make([]uint64, len(r.seen))
	return &c
}

// marked reports whether cell i, j is marked.
func (r *raster) marked(i, j int) bool {
	return r.bits[j*r.words+i/64]>>(i%64)&1 != 0
}

// cellRange returns the cells [i0, i1) whose extent overlaps lo..hi along
// an axis of n cells.
func (r *raster) cellRange(lo, hi float64, n int) (int, int) {
	i0 := int(math.Floor(lo / r.cell))
	i1 := int(math.Floor(hi/r.cell)) + 1
	return max(0, i0), min(n, i1)
}

// insideRange returns the cells [i0, i1) lying wholly within lo..hi.
func (r *raster) insideRange(lo, hi float64, n int) (int, int) {
	i0 := int(math.Ceil(lo/r.cell - 1e-9))
	i1 := int(math.Floor(hi/r.cell + 1e-9))
	return max(0, i0), min(n, i1)
}

// addItem indexes an item's reach box in the buckets.
func (r *raster) addItem(idx int, reach profile.Box) {
	bs := r.cell * float64(r.bucket)
	x0, x1 := int(math.Floor(reach.Min.X/bs)), int(math.Floor(reach.Max.X/bs))
	y0, y1 := int(math.Floor(reach.Min.Y/bs)), int(math.Floor(reach.Max.Y/bs))
	if idx/64 >= len(r.seen) {
		r.seen = append(r.seen, 0)
	}
	for j := max(0, y0); j <= min(r.by-1, y1); j++ {
		for i := max(0, x0); i <= min(r.bx-1, x1); i++ {
			b := j*r.bx + i
			k := int32(len(r.entryItem))
			r.entryItem = append(r.entryItem, int32(idx))
			r.entryNext = append(r.entryNext, -1)
			if r.last[b] < 0 {
				r.first[b] = k
			} else {
				r.entryNext[r.last[b]] = k
			}
			r.last[b] = k
		}
	}
}

// near appends to out the items whose reach box may overlap b, each once,
// in increasing order.
func (r *raster) near(b profile.Box, out []int) []int {
	bs := r.cell * float64(r.bucket)
	x0, x1 := max(0, int(math.Floor(b.Min.X/bs))), min(r.bx-1, int(math.Floor(b.Max.X/bs)))
	y0, y1 := max(0, int(math.Floor(b.Min.Y/bs))), min(r.by-1, int(math.Floor(b.Max.Y/bs)))
	lo, hi := len(r.seen), -1 // the words of seen set
	for j := y0; j <= y1; j++ {
		for i := x0; i <= x1; i++ {
			for k := r.first[j*r.bx+i]; k >= 0; k = r.entryNext[k] {
				v := int(r.entryItem[k])
				r.seen[v/64] |= 1 << (v % 64)
				lo, hi = min(lo, v/64), max(hi, v/64)
			}
		}
	}
	for wi := lo; wi <= hi; wi++ {
		for w := r.seen[wi]; w != 0; w &= w - 1 {
			out = append(out, 64*wi+bits.TrailingZeros64(w))
		}
		r.seen[wi] = 0
	}
	return out
}

// mark sets the cells that a placed part's material, flattened, comes
// within c of (see window) and returns the number of cells of the part's
// box grown by c (0 when it is off the raster).
func (r *raster) mark(sh *shape, d pt, c float64) int {
	w := r.window(sh, d, c)
	r.apply(w)
	return w.cells
}

// markWin is what one mark sets: rows j0 .. j0+h-1 of the raster, nw words
// each from word wa, of marked cells (occ) and deep ones, and the number
// of cells of the window.
type markWin struct {
	j0, wa, nw, cells int
	occ, deep         []uint64
}

// window finds the cells that a placed part's material, flattened, comes
// within c of: every cell near an edge, found edge by edge, and every cell
// of a run between them whose centre is in the material (deep cells). It
// works on bit rows over the words the part's box, grown by c, spans.
func (r *raster) window(sh *shape, d pt, c float64) markWin {
	b := grow(shift(sh.box, d), c)
	i0, i1 := r.cellRange(b.Min.X, b.Max.X, r.nx)
	j0, j1 := r.cellRange(b.Min.Y, b.Max.Y, r.ny)
	w, h := i1-i0, j1-j0
	if w <= 0 || h <= 0 {
		return markWin{}
	}
	wa := i0 / 64
	nw := (i1-1)/64 - wa + 1
	base := 64 * wa
	win := markWin{j0: j0, wa: wa, nw: nw, cells: w * h, occ: make([]uint64, nw*h), deep: make([]uint64, nw*h)}
	rings := append([]ring{sh.outer}, sh.holes...)
	for _, rg := range rings {
		n := len(rg.pts)
		for k := range n {
			p, q := rg.pts[k].Add(d), rg.pts[(k+1)%n].Add(d)
			r.markEdge(p, q, c, i0, j0, w, h, base, nw, win.occ)
		}
	}
	for j := range h {
		row := win.occ[j*nw : (j+1)*nw]
		deep := win.deep[j*nw : (j+1)*nw]
		for i := i0 - base; i < i1-base; {
			a := nextBit(row, i, i1-base, false)
			if a == i1-base {
				break
			}
			k := nextBit(row, a, i1-base, true)
			cp := pt{X: (float64(base+a) + 0.5) * r.cell, Y: (float64(j0+j) + 0.5) * r.cell}
			if inRing(cp, sh.outer, d) && !inAHole(cp, sh, d) {
				setBits(row, a, k)
				setBits(deep, a, k)
			}
			i = k
		}
	}
	return win
}

// apply sets a window's cells on the raster and counts the part marked;
// an empty window changes nothing.
func (r *raster) apply(w markWin) {
	if w.cells == 0 {
		return
	}
	for j := range len(w.occ) / w.nw {
		at := (w.j0+j)*r.words + w.wa
		occ, deep := r.bits[at:at+w.nw], r.deep[at:at+w.nw]
		for k := range w.nw {
			occ[k] |= w.occ[j*w.nw+k]
			deep[k] |= w.deep[j*w.nw+k]
		}
	}
	r.marks++
}

// markCache holds the windows of the parts marked, by raster extent,
// shape and translation: layouts put the same part at the same place
// again and again. It starts again empty when its windows hold
// maxMarkWords words.
type markCache struct {
	wins  map[markKey]markWin
	words int
}

// markKey names a window: the raster's cells along X and Y (all of one
// engine's rasters have the same cell), the shape and its translation as
// float bits.
type markKey struct {
	nx, ny, shape int
	dx, dy        uint64
}

// maxMarkWords is the most words a markCache holds (8 MB).
const maxMarkWords = 1 << 20

// mark is raster.mark through the cache, for the clearance c every item of
// an engine is marked with.
func (m *markCache) mark(r *raster, sh *shape, d pt, c float64) int {
	k := markKey{nx: r.nx, ny: r.ny, shape: sh.id, dx: math.Float64bits(d.X), dy: math.Float64bits(d.Y)}
	w, ok := m.wins[k]
	if !ok {
		w = r.window(sh, d, c)
		if m.wins == nil || m.words+2*len(w.occ) > maxMarkWords {
			m.wins, m.words = make(map[markKey]markWin), 0
		}
		m.wins[k] = w
		m.words += 2 * len(w.occ)
	}
	r.apply(w)
	return w.cells
}

// setBits sets bits a..b-1 (a < b) of a bit row.
func setBits(row []uint64, a, b int) {
	wa, wb := a/64, (b-1)/64
	lo, hi := ^uint64(0)<<(a%64), ^uint64(0)>>(63-(b-1)%64)
	if wa == wb {
		row[wa] |= lo & hi
		return
	}
	row[wa] |= lo
	for k := wa + 1; k < wb; k++ {
		row[k] = ^uint64(0)
	}
	row[wb] |= hi
}

// nextBit returns the first bit at or after i and before end that is set
// (set) or clear (!set), or end.
func nextBit(row []uint64, i, end int, set bool) int {
	for i < end {
		w := row[i/64]
		if !set {
			w = ^w
		}
		w &= ^uint64(0) << (i % 64)
		if w != 0 {
			return min(end, i&^63+bits.TrailingZeros64(w))
		}
		i = i&^63 + 64
	}
	return end
}

// fitsClear reports whether the raster has a clear rectangle of at least
// a x b cells somewhere: a part whose inner rectangle covers a x b whole
// cells wherever it goes fits nowhere else.
// Tables computed before for the same state are taken from talls.
func (r *raster) fitsClear(a, b int, talls *tallCache) bool {
	if a <= 0 || b <= 0 {
		return true
	}
	if a > r.nx || b > r.ny {
		return false
	}
	if r.tallAt < 0 || r.marks-r.tallAt >= tallEvery {
		if t, ok := talls.tables[r.state]; ok {
			r.tall, r.tallAt = t, r.marks
		} else {
			r.computeTall()
			talls.put(r.state, r.tall)
		}
	}
	return int(r.tall[a]) >= b
}

// tallCache holds the clear-rectangle tables computed, by raster state:
// layouts replaying the same parts onto a sheet ask for the same tables.
type tallCache struct {
	tables map[int64][]int32
}

// maxTalls is the most tables a tallCache holds; it starts again empty
// when full.
const maxTalls = 4096

func (c *tallCache) put(state int64, t []int32) {
	if c.tables == nil || len(c.tables) >= maxTalls {
		c.tables = make(map[int64][]int32)
	}
	c.tables[state] = t
}

// computeTall makes tall, a new table (tables are shared, never changed),
// from the maximal clear rectangles, found row by row with a stack of
// column heights. A row whose clear cells are all clear in the row above
// too is skipped: each clear rectangle whose top it is grows by one there.
func (r *raster) computeTall() {
	tall := make([]int32, r.nx+1)
	r.tall = tall
	heights := make([]int32, r.nx+1) // heights[nx] stays 0: it empties the stack
	stack := make([]int32, 0, r.nx+1)
	for j := 0; j < r.ny; j++ {
		row := r.bits[j*r.words : (j+1)*r.words]
		for k := 0; k*64 < r.nx; k++ {
			hs := heights[k*64 : min(r.nx, k*64+64)]
			switch w := row[k]; w {
			case 0: // all clear
				for i := range hs {
					hs[i]++
				}
			case ^uint64(0): // all marked
				clear(hs)
			default:
				for i := range hs {
					// All ones for a clear cell, zero for a marked one.
					clearMask := int32(w>>i&1) - 1
					hs[i] = (hs[i] + 1) & clearMask
				}
			}
		}
		if j+1 < r.ny && !newlyMarked(row, r.bits[(j+1)*r.words:(j+2)*r.words]) {
			continue
		}
		stack = stack[:0]
		for i := int32(0); i <= int32(r.nx); i++ {
			hi := heights[i]
			for len(stack) > 0 {
				top := stack[len(stack)-1]
				ht := heights[top]
				if ht < hi {
					break
				}
				stack = stack[:len(stack)-1]
				left := int32(0)
				if len(stack) > 0 {
					left = stack[len(stack)-1] + 1
				}
				if w := i - left; ht > tall[w] {
					tall[w] = ht
				}
			}
			stack = append(stack, i)
		}
	}
	for a := r.nx - 1; a >= 1; a-- {
		tall[a] = max(tall[a], tall[a+1])
	}
	r.tallAt = r.marks
}

// newlyMarked reports whether bit row above has a cell marked that row
// below has clear.
func newlyMarked(below, above []uint64) bool {
	for k, w := range above {
		if w&^below[k] != 0 {
			return true
		}
	}
	return false
}

// markEdge marks, in the window scratch (w x h cells from cell i0, j0, as
// bit rows of nw words from column base), the cells within c of segment
// pq, by rows: in each row the segment's part within the row's band grown
// by c, grown by c along X.
func (r *raster) markEdge(p, q pt, c float64, i0, j0, w, h, base, nw int, scratch []uint64) {
	lo, hi := minmax(p, q)
	ja, jb := r.cellRange(lo.Y-c, hi.Y+c, r.ny)
	ja, jb = max(ja, j0), min(jb, j0+h)
	for j := ja; j < jb; j++ {
		y0, y1 := float64(j)*r.cell-c, float64(j+1)*r.cell+c
		xa, xb := clipX(p, q, y0, y1)
		if xa > xb {
			continue
		}
		ia, ib := r.cellRange(xa-c, xb+c, r.nx)
		ia, ib = max(ia, i0), min(ib, i0+w)
		if ia < ib {
			setBits(scratch[(j-j0)*nw:(j-j0+1)*nw], ia-base, ib-base)
		}
	}
}

// clipX returns the X extent of the part of segment pq with y0 <= Y <= y1
// (xa > xb when there is none).
func clipX(p, q pt, y0, y1 float64) (float64, float64) {
	if p.Y == q.Y {
		if p.Y < y0 || p.Y > y1 {
			return 1, 0
		}
		return minmaxX(p.X, q.X)
	}
	t0, t1 := (y0-p.Y)/(q.Y-p.Y), (y1-p.Y)/(q.Y-p.Y)
	if t0 > t1 {
		t0, t1 = t1, t0
	}
	t0, t1 = math.Max(0, t0), math.Min(1, t1)
	if t0 > t1 {
		return 1, 0
	}
	return minmaxX(p.X+t0*(q.X-p.X), p.X+t1*(q.X-p.X))
}

// minmaxX returns the lesser and the greater of two coordinates (never NaN:
// no signed-zero or NaN cases for math.Min to take care of).
func minmaxX(a, b float64) (float64, float64) {
	if b < a {
		return b, a
	}
	return a, b
}

// markedRow returns the first row of ja..jb-1 with a marked cell in
// columns ia..ib-1 (ia < ib), or -1.
func (r *raster) markedRow(ia, ib, ja, jb int) int {
	sp := r.span(ia, ib)
	if sp.wa == sp.wb && jb > ja { // the common case: one word a row
		col := r.bits[sp.wa:]
		for j := ja; j < jb; j++ {
			if col[j*r.words]&sp.lo != 0 {
				return j
			}
		}
		return -1
	}
	for j := ja; j < jb; j++ {
		if r.anyMarked(j, sp) {
			return j
		}
	}
	return -1
}

// clearRow returns the first row at or after j whose columns ia..ib-1
// (ia < ib) are all clear (ny when none).
func (r *raster) clearRow(ia, ib, j int) int {
	sp := r.span(ia, ib)
	if sp.wa == sp.wb {
		col := r.bits[sp.wa:]
		for ; j < r.ny; j++ {
			if col[j*r.words]&sp.lo == 0 {
				return j
			}
		}
		return r.ny
	}
	for ; j < r.ny; j++ {
		if !r.anyMarked(j, sp) {
			return j
		}
	}
	return r.ny
}

// span is a run of columns as words of a bit row: the words wa..wb, the
// first masked by lo and the last by hi.
type span struct {
	wa, wb int
	lo, hi uint64
}

// span returns the columns ia..ib-1 (ia < ib) as a span.
func (r *raster) span(ia, ib int) span {
	sp := span{wa: ia / 64, wb: (ib - 1) / 64, lo: ^uint64(0) << (ia % 64), hi: ^uint64(0) >> (63 - (ib-1)%64)}
	if sp.wa == sp.wb {
		sp.lo &= sp.hi
	}
	return sp
}

// anyMarked reports whether row j has a marked cell in the span.
func (r *raster) anyMarked(j int, sp span) bool {
	row := r.bits[j*r.words+sp.wa : j*r.words+sp.wb+1]
	if row[0]&sp.lo != 0 {
		return true
	}
	if len(row) == 1 {
		return false
	}
	for _, w := range row[1 : len(row)-1] {
		if w != 0 {
			return true
		}
	}
	return row[len(row)-1]&sp.hi != 0
}

// materialCells rasterizes a shape at the given cell, from its box's
// lower-left corner: the cells (nx x ny, row by row) wholly inside its
// material.
func materialCells(sh *shape, cell float64) (in []bool, nx, ny int) {
	r := newRaster(sh.box.Size().X, sh.box.Size().Y, cell)
	r.mark(sh, sh.box.Min.Scale(-1), 0)
	in = make([]bool, r.nx*r.ny)
	for j := range r.ny {
		for i := range r.nx {
			in[j*r.nx+i] = r.deep[j*r.words+i/64]>>(i%64)&1 != 0
		}
	}
	return in, r.nx, r.ny
}

// innerRects finds up to four rectangles inside a shape's material (its
// outer outline less its holes), in the shape's coordinates, each at least
// minSide on both sides: maximal rectangles of the shape's own raster at
// the given cell, largest first, each taken out before the next is sought.
func innerRects(sh *shape, cell, minSide float64) []profile.Box {
	in, nx, ny := materialCells(sh, cell)
	var out []profile.Box
	heights := make([]int, nx)
	for range 4 {
		// Largest rectangle of true cells: row by row histograms.
		bestA, bi0, bi1, bj0, bj1 := 0, 0, 0, 0, 0
		clear(heights)
		var stack []int
		for j := 0; j < ny; j++ {
			for i := 0; i < nx; i++ {
				if in[j*nx+i] {
					heights[i]++
				} else {
					heights[i] = 0
				}
			}
			stack = stack[:0]
			for i := 0; i <= nx; i++ {
				hh := 0
				if i < nx {
					hh = heights[i]
				}
				for len(stack) > 0 && heights[stack[len(stack)-1]] >= hh {
					top := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					left := 0
					if len(stack) > 0 {
						left = stack[len(stack)-1] + 1
					}
					ht := heights[top]
					if a := ht * (i - left); a > bestA && float64(ht)*cell >= minSide && float64(i-left)*cell >= minSide {
						bestA, bi0, bi1, bj0, bj1 = a, left, i, j-ht+1, j+1
					}
				}
				stack = append(stack, i)
			}
		}
		if bestA == 0 {
			break
		}
		for j := bj0; j < bj1; j++ {
			for i := bi0; i < bi1; i++ {
				in[j*nx+i] = false
			}
		}
		out = append(out, profile.Box{
			Min: pt{X: sh.box.Min.X + float64(bi0)*cell, Y: sh.box.Min.Y + float64(bj0)*cell},
			Max: pt{X: sh.box.Min.X + float64(bi1)*cell, Y: sh.box.Min.Y + float64(bj1)*cell},
		})
	}
	return out
}
