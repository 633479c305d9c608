package nest

import "math"

// A cellMask is the set of sheet cells a shape's material wholly covers
// wherever it goes, relative to the cell holding its box's lower-left
// corner: cells of the shape's own raster eroded by one cell, since a
// sheet cell overlaps at most two of the shape's cells along each axis.
// A position where any of them is marked on the sheet's raster collides
// (the mark means placed material within the spacing of the cell), so the
// mask rejects most colliding positions with a few word operations before
// the exact clearance test.
type cellMask struct {
	rows  int      // rows of the mask, from the corner's cell row
	words int      // words per row
	bits  []uint64 // rows*words, bit u of a row: column u from the corner's cell
	first int      // first row with a bit set
}

// newMask builds the mask of a shape on a raster of the given cell.
func newMask(sh *shape, cell float64) *cellMask {
	in, nx, ny := materialCells(sh, cell)
	at := func(u, v int) bool { return u >= 0 && v >= 0 && u < nx && v < ny && in[v*nx+u] }
	m := &cellMask{rows: ny, words: (nx + 63) / 64, first: ny}
	m.bits = make([]uint64, m.rows*m.words)
	for v := range ny {
		for u := range nx {
			if at(u-1, v-1) && at(u, v-1) && at(u-1, v) && at(u, v) {
				m.bits[v*m.words+u/64] |= 1 << (u % 64)
				m.first = min(m.first, v)
			}
		}
	}
	return m
}

// hits reports whether a shape whose box's lower-left corner is at x, y
// on the sheet covers a marked cell with its mask.
func (r *raster) hits(m *cellMask, x, y float64) bool {
	a, b := int(math.Floor(x/r.cell)), int(math.Floor(y/r.cell))
	if a < 0 || b < 0 {
		return false // outside the raster: fits() rejects it
	}
	for v := m.first; v < m.rows && b+v < r.ny; v++ {
		row := r.bits[(b+v)*r.words:]
		mr := m.bits[v*m.words : (v+1)*m.words]
		for k, w := range mr {
			if w == 0 {
				continue
			}
			s := a + 64*k
			q, o := s/64, uint(s%64)
			if q >= r.words-1 {
				break
			}
			sw := row[q] >> o
			if o != 0 {
				sw |= row[q+1] << (64 - o)
			}
			if sw&w != 0 {
				return true
			}
		}
	}
	return false
}

// maxProbes is the most points of a shape tested against the raster's
// deep cells.
const maxProbes = 16

// probes picks up to maxProbes vertices of a shape, spread over its rings:
// points of its material, so one that lies in a cell wholly inside placed
// material shows a collision. Parts too small or thin for a mask are
// rejected that way.
func probes(sh *shape) []pt {
	var all []pt
	for _, r := range append([]ring{sh.outer}, sh.holes...) {
		all = append(all, r.pts...)
	}
	step := max(1, (len(all)+maxProbes-1)/maxProbes)
	var out []pt
	for i := 0; i < len(all); i += step {
		out = append(out, all[i])
	}
	return out
}

// deepHit reports whether one of the points, moved by d, lies in a cell
// wholly inside placed material.
func (r *raster) deepHit(pts []pt, d pt) bool {
	for _, p := range pts {
		i, j := int(math.Floor((p.X+d.X)/r.cell)), int(math.Floor((p.Y+d.Y)/r.cell))
		if i >= 0 && j >= 0 && i < r.nx && j < r.ny && r.deep[j*r.words+i/64]&(1<<(i%64)) != 0 {
			return true
		}
	}
	return false
}

// rasterHit reports whether sh moved by d collides by the sheet's raster
// alone: its mask covers a marked cell or one of its probes lies deep in
// placed material. The lattice passes, whose positions mostly collide,
// test it first; mask and probes are made on first use.
func (e *engine) rasterHit(s *sheetState, sh *shape, d pt) bool {
	if sh.mask == nil {
		sh.mask, sh.probes = newMask(sh, e.cell), probes(sh)
	}
	b := shift(sh.box, d)
	return s.ras.hits(sh.mask, b.Min.X, b.Min.Y) || s.ras.deepHit(sh.probes, d)
}
