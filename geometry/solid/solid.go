// Package solid meshes free-form parts, given as sdfx signed distance
// functions (sdf.SDF3), into fabkit's indexed mesh.Mesh: a parallel,
// deterministic marching-tetrahedra renderer with cell size chosen from a
// tolerance, empty-space pruning, validation of every mesh, and a fallback to
// an exhaustive grid when pruning was fooled by an SDF that overestimates
// distance (twists, screws, scaled extrusions, gyroids).
package solid

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/deadsy/sdfx/sdf"
	v3 "github.com/deadsy/sdfx/vec/v3"
	"github.com/fabkit/fabkit/geometry/mesh"
)

// Defaults for Options.
const (
	DefaultCell     = 0.5 // mm
	DefaultMaxCells = 512 // cells along the longest axis
)

// Options control Render. The zero value is usable.
type Options struct {
	// Cell is the grid cell edge in mm (default DefaultCell). Sharp edges
	// come out rounded by up to about one cell; the volume error of smooth
	// parts falls with the square of the cell.
	Cell float64
	// MaxCells caps the number of cells along the longest bounding-box
	// axis (default DefaultMaxCells); the cell grows to respect it.
	MaxCells int
	// Workers is the number of goroutines (0 means GOMAXPROCS). The mesh is
	// byte-identical for any worker count. The SDF's Evaluate must be safe
	// for concurrent use: sdfx's Cache2D is not (it races); use Workers: 1
	// for SDFs built with it.
	Workers int
	// Lipschitz is the factor by which the SDF may overestimate distance
	// (default 1): a block of cells is skipped when |sdf(centre)|/Lipschitz
	// exceeds its half-diagonal. Raise it for SDFs known to overestimate.
	Lipschitz float64
	// Exhaustive evaluates every cell, without pruning.
	Exhaustive bool
	// NoSimplify keeps the raw marching-tetrahedra mesh. By default the
	// mesh is passed through mesh.Simplify, which removes the vertices
	// inside flat faces and along straight creases (most of them, for
	// machine parts) and collapses edges on curved regions.
	NoSimplify bool
	// SimplifyTolerance is the largest distance in mm by which
	// simplification may move curved surfaces (default a quarter of the
	// cell; negative keeps curved regions as meshed). Flat faces keep
	// their planes but where they meet curved surfaces, the enclosed
	// volume stays that of the marched mesh, and the extent does not grow.
	SimplifyTolerance float64
}

// Result is a rendered mesh and how it was made.
type Result struct {
	Mesh  *mesh.Mesh
	Cell  float64 // cell edge used, mm
	Cells [3]int  // grid cells along X, Y, Z
	// Pruned is true when the mesh came from the pruned pass; false when
	// it came from an exhaustive pass (requested, or the fallback).
	Pruned bool
	// PrunedErr is the validation error of a pruned pass that was rejected
	// (holes from an SDF that overestimates distance), or nil.
	PrunedErr error
	// Marched is the number of triangles marching tetrahedra produced,
	// before simplification.
	Marched int
}

// blockCells is the edge of the cubic blocks the grid is split into for
// pruning and for parallel work.
const blockCells = 16

// grid is the sampling lattice: point (i,j,k) is at origin + (i,j,k)*cell.
type grid struct {
	s      sdf.SDF3
	origin v3.Vec
	cell   float64
	n      [3]int // cells per axis; points are n+1

	// tetsOnly marches every cell through its six tetrahedra, slab cells
	// included (tests compare the two).
	tetsOnly bool
}

func (g *grid) point(i, j, k int) v3.Vec {
	return v3.Vec{
		X: g.origin.X + float64(i)*g.cell,
		Y: g.origin.Y + float64(j)*g.cell,
		Z: g.origin.Z + float64(k)*g.cell,
	}
}

func (g *grid) key(i, j, k int) int64 {
	return int64(i) + int64(g.n[0]+1)*(int64(j)+int64(g.n[1]+1)*int64(k))
}

// Render meshes s. The grid covers s's bounding box plus one cell all
// round, so the mesh is closed wherever the SDF is positive outside its box.
// The mesh is validated with mesh.Check; if the pruned pass fails, Render
// retries exhaustively and reports the first failure in Result.PrunedErr.
// It stops early, returning ctx.Err(), when ctx is cancelled.
//
// When ctx carries a Cache (WithCache) and s can be fingerprinted, Render
// returns the cached mesh of an earlier identical render, or stores the one
// it makes; the result is the same either way. Under WithCellScale the cell
// is scaled first.
func Render(ctx context.Context, s sdf.SDF3, opt Options) (*Result, error) {
	if s == nil {
		return nil, errors.New("solid: nil SDF")
	}
	opt = withCellScale(ctx, opt) // a preview's coarser cells (WithCellScale)
	c := cacheFrom(ctx)
	if c == nil {
		return renderFresh(ctx, s, opt)
	}
	key, ok := entryKey(s, opt)
	if !ok {
		return renderFresh(ctx, s, opt)
	}
	if res, hit := c.get(key); hit {
		return res, nil
	}
	res, err := renderFresh(ctx, s, opt)
	if err != nil {
		return nil, err
	}
	c.put(key, res) // a cache that cannot be written costs only time
	return res, nil
}

func renderFresh(ctx context.Context, s sdf.SDF3, opt Options) (*Result, error) {
	g, err := newGrid(Compile(s), opt)
	if err != nil {
		return nil, err
	}
	res := &Result{Cell: g.cell, Cells: g.n}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	lip := opt.Lipschitz
	if lip <= 0 {
		lip = 1
	}
	if !opt.Exhaustive {
		m, err := g.render(ctx, workers, lip)
		if err != nil {
			return nil, err
		}
		bad, err := res.finish(ctx, m, g.cell, opt)
		if err != nil {
			return nil, err
		}
		if bad == nil {
			res.Pruned = true
			return res, nil
		}
		res.PrunedErr = bad
	}
	m, err := g.render(ctx, workers, 0)
	if err != nil {
		return nil, err
	}
	bad, err := res.finish(ctx, m, g.cell, opt)
	if bad != nil {
		return nil, fmt.Errorf("solid: %w", bad)
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// finish checks the marched mesh m and, unless opt says not to, simplifies
// it and checks the result again. It reports m's Check error as bad (the
// caller may march again), any other failure as err. Simplification answers
// most of Check on the way (mesh.SimplifyChecked), so m is checked apart
// only when it is kept as it is.
func (res *Result) finish(ctx context.Context, m *mesh.Mesh, cell float64, opt Options) (bad, err error) {
	res.Marched = m.NumTriangles()
	if opt.NoSimplify {
		if err := m.Check(); err != nil {
			return err, nil
		}
		res.Mesh = m
		return nil, nil
	}
	tol := opt.SimplifyTolerance
	switch {
	case tol == 0:
		tol = cell / 4
	case tol < 0:
		tol = 0
	}
	sm, err := mesh.SimplifyChecked(ctx, m, mesh.SimplifyOptions{Tolerance: tol})
	var ce *mesh.CheckError
	if errors.As(err, &ce) {
		return err, nil
	}
	if err != nil {
		return nil, err
	}
	if err := sm.Check(); err != nil {
		return nil, fmt.Errorf("solid: simplified mesh: %w", err)
	}
	res.Mesh = sm
	return nil, nil
}

func newGrid(s sdf.SDF3, opt Options) (*grid, error) {
	bb := s.BoundingBox()
	size := bb.Size()
	for _, v := range []float64{size.X, size.Y, size.Z, bb.Min.X, bb.Min.Y, bb.Min.Z} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("solid: bounding box %v: not finite", bb)
		}
	}
	if !(size.X > 0 && size.Y > 0 && size.Z > 0) {
		return nil, fmt.Errorf("solid: bounding box %v: empty", bb)
	}
	cell := opt.Cell
	if cell <= 0 {
		cell = DefaultCell
	}
	maxCells := opt.MaxCells
	if maxCells <= 0 {
		maxCells = DefaultMaxCells
	}
	longest := math.Max(size.X, math.Max(size.Y, size.Z))
	cell = math.Max(cell, longest/float64(maxCells))
	g := &grid{s: s, cell: cell}
	sz := [3]float64{size.X, size.Y, size.Z}
	mn := [3]float64{bb.Min.X, bb.Min.Y, bb.Min.Z}
	var o [3]float64
	for a := 0; a < 3; a++ {
		c := int(math.Ceil(sz[a]/cell - 1e-9))
		g.n[a] = c + 2
		// Centre the grid on the box, one cell of margin on each side.
		o[a] = mn[a] - (float64(g.n[a])*cell-sz[a])/2
	}
	g.origin = v3.Vec{X: o[0], Y: o[1], Z: o[2]}
	return g, nil
}

// blockOut is what one block contributes: its vertices (grid-edge key and
// position) and its triangles indexing them.
type blockOut struct {
	keys   []int64
	pos    []mesh.Vec3
	shared []bool // vertex lies on the block's boundary (other blocks may use it)
	tris   [][3]int32
}

// scratch is one worker's reusable memory.
type scratch struct {
	out blockOut // the block being marched; copied out at its exact size

	vals  []float64
	need  []bool   // per grid point: a live sub-block uses it
	have  []bool   // per grid point: vals holds its SDF value
	live  []bool   // per sub-block: the surface may cross it
	slot  []int32  // local vertex id per (grid point, edge direction)
	stamp []uint32 // which block last wrote slot
	gen   uint32
}

// render runs marching tetrahedra over every block, in parallel, then
// merges the blocks in index order (so the output does not depend on
// scheduling). lip > 0 enables pruning with that Lipschitz factor.
func (g *grid) render(ctx context.Context, workers int, lip float64) (*mesh.Mesh, error) {
	var nb [3]int
	for a := 0; a < 3; a++ {
		nb[a] = (g.n[a] + blockCells - 1) / blockCells
	}
	total := nb[0] * nb[1] * nb[2]
	outs := make([]*blockOut, total)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < min(workers, total); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc := &scratch{}
			for {
				if ctx.Err() != nil {
					return
				}
				b := int(next.Add(1) - 1)
				if b >= total {
					return
				}
				bi, bj, bk := b%nb[0], (b/nb[0])%nb[1], b/(nb[0]*nb[1])
				outs[b] = g.block(bi*blockCells, bj*blockCells, bk*blockCells, lip, sc)
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	nv, nt, ns := 0, 0, 0
	for _, o := range outs {
		if o != nil {
			nv += len(o.keys)
			nt += len(o.tris)
			for _, sh := range o.shared {
				if sh {
					ns++
				}
			}
		}
	}
	m := &mesh.Mesh{Vertices: make([]mesh.Vec3, 0, nv), Triangles: make([][3]int32, 0, nt)}
	// Only vertices on block boundaries can be shared between blocks.
	ids := make(map[int64]int32, ns/2+1)
	var remap []int32
	for bi, o := range outs {
		if o == nil {
			continue
		}
		if bi%1024 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		remap = remap[:0]
		for i, k := range o.keys {
			if !o.shared[i] {
				remap = append(remap, int32(len(m.Vertices)))
				m.Vertices = append(m.Vertices, o.pos[i])
				continue
			}
			id, ok := ids[k]
			if !ok {
				id = int32(len(m.Vertices))
				ids[k] = id
				m.Vertices = append(m.Vertices, o.pos[i])
			}
			remap = append(remap, id)
		}
		for _, t := range o.tris {
			m.Triangles = append(m.Triangles, [3]int32{remap[t[0]], remap[t[1]], remap[t[2]]})
		}
	}
	return m, nil
}

// block processes the cells [i0, i0+blockCells) × ... clipped to the grid.
func (g *grid) block(i0, j0, k0 int, lip float64, sc *scratch) *blockOut {
	ni := min(blockCells, g.n[0]-i0)
	nj := min(blockCells, g.n[1]-j0)
	nk := min(blockCells, g.n[2]-k0)
	if lip > 0 {
		lo, hi := g.point(i0, j0, k0), g.point(i0+ni, j0+nj, k0+nk)
		c := lo.Add(hi).MulScalar(0.5)
		half := hi.Sub(lo).Length() / 2
		if math.Abs(g.s.Evaluate(c))/lip > half {
			return nil
		}
	}
	pi, pj := ni+1, nj+1
	np := pi * pj * (nk + 1)
	if cap(sc.vals) < np {
		sc.vals = make([]float64, np)
		sc.need = make([]bool, np)
		sc.have = make([]bool, np)
	}
	v := sc.vals[:np]
	need, have := sc.need[:np], sc.have[:np]
	clear(have)
	inside, outside := false, false
	// eval returns the SDF at local grid point (i, j, k), evaluating it once.
	eval := func(i, j, k int) float64 {
		n := i + pi*(j+pj*k)
		if have[n] {
			return v[n]
		}
		d := g.s.Evaluate(g.point(i0+i, j0+j, k0+k))
		if math.IsNaN(d) {
			d = 1 // treat as empty space; validation catches any damage
		}
		v[n], have[n] = d, true
		if d < 0 {
			inside = true
		} else {
			outside = true
		}
		return d
	}
	// Sub-blocks that the surface cannot reach (by the same Lipschitz test
	// as whole blocks) are skipped: their cells make no triangles, and their
	// grid points are evaluated only where a live sub-block needs them. The
	// test runs on sub-blocks of subCells cells, then on the halves of the
	// live ones; a sub-block's centre is a grid point, evaluated once and
	// kept. The mesh is the same as without this step.
	const half = subCells / 2
	si, sj, sk := (ni+half-1)/half, (nj+half-1)/half, (nk+half-1)/half
	live := sc.live[:0]
	for range si * sj * sk {
		live = append(live, lip <= 0)
	}
	sc.live = live
	// reach reports whether the surface may cross the cells [a, a+n) × ...
	// clipped to the block: false when the centre's distance exceeds the
	// half-diagonal.
	reach := func(a, b, d, n int) bool {
		na, nb, nd := min(n, ni-a), min(n, nj-b), min(n, nk-d)
		var e float64
		if na == n && nb == n && nd == n && n%2 == 0 {
			e = eval(a+n/2, b+n/2, d+n/2)
		} else {
			lo, hi := g.point(i0+a, j0+b, k0+d), g.point(i0+a+na, j0+b+nb, k0+d+nd)
			e = g.s.Evaluate(lo.Add(hi).MulScalar(0.5))
			if e < 0 {
				inside = true
			} else if e >= 0 {
				outside = true
			}
		}
		r := g.cell * math.Sqrt(float64(na*na+nb*nb+nd*nd)) / 2
		return !(math.Abs(e)/lip > r)
	}
	if lip > 0 {
		for d := 0; d < nk; d += subCells {
			for b := 0; b < nj; b += subCells {
				for a := 0; a < ni; a += subCells {
					if !reach(a, b, d, subCells) {
						continue
					}
					for c := 0; c < 8; c++ {
						x, y, z := a+c&1*half, b+c>>1&1*half, d+c>>2&1*half
						if x < ni && y < nj && z < nk && reach(x, y, z, half) {
							live[x/half+si*(y/half+sj*(z/half))] = true
						}
					}
				}
			}
		}
	}
	subOf := func(i, j, k int) int { return i/half + si*(j/half+sj*(k/half)) }
	clear(need)
	for k := 0; k < nk; k++ {
		for j := 0; j < nj; j++ {
			for i := 0; i < ni; i++ {
				if !live[subOf(i, j, k)] {
					continue
				}
				for c := 0; c < 8; c++ {
					need[(i+c&1)+pi*((j+c>>1&1)+pj*(k+c>>2&1))] = true
				}
			}
		}
	}
	for k := 0; k <= nk; k++ {
		for j := 0; j <= nj; j++ {
			for i := 0; i <= ni; i++ {
				if need[i+pi*(j+pj*k)] {
					eval(i, j, k)
				}
			}
		}
	}
	if !inside || !outside {
		return nil
	}
	out := &sc.out
	out.keys, out.pos, out.shared, out.tris = out.keys[:0], out.pos[:0], out.shared[:0], out.tris[:0]
	if len(sc.slot) < 8*np {
		sc.slot = make([]int32, 8*np)
		sc.stamp = make([]uint32, 8*np)
	}
	sc.gen++
	// crossing is where the surface crosses the grid edge from cell (i, j, k)'s
	// corner lo to its corner hi (lo's bits a subset of hi's), in float64.
	crossing := func(i, j, k, lo, hi int) v3.Vec {
		li, lj, lk := i+lo&1, j+lo>>1&1, k+lo>>2&1
		hi2, hj, hk := i+hi&1, j+hi>>1&1, k+hi>>2&1
		a := v[li+pi*(lj+pj*lk)]
		b := v[hi2+pi*(hj+pj*hk)]
		t := a / (a - b)
		t = min(max(t, edgeClamp), 1-edgeClamp) // as math.Min and math.Max, NaN included
		pa := g.point(i0+li, j0+lj, k0+lk)
		pb := g.point(i0+hi2, j0+hj, k0+hk)
		return pa.Add(pb.Sub(pa).MulScalar(t))
	}
	vertex := func(i, j, k, lo, hi int) int32 {
		li, lj, lk := i+lo&1, j+lo>>1&1, k+lo>>2&1
		dir := hi ^ lo
		ls := (li+pi*(lj+pj*lk))*8 + dir
		if sc.stamp[ls] == sc.gen {
			return sc.slot[ls]
		}
		key := g.key(i0+li, j0+lj, k0+lk)*8 + int64(dir)
		shared := dir&1 == 0 && (li == 0 || li == ni) ||
			dir&2 == 0 && (lj == 0 || lj == nj) ||
			dir&4 == 0 && (lk == 0 || lk == nk)
		c := crossing(i, j, k, lo, hi)
		p := mesh.Vec3{X: float64(float32(c.X)), Y: float64(float32(c.Y)), Z: float64(float32(c.Z))}
		id := int32(len(out.keys))
		sc.stamp[ls], sc.slot[ls] = sc.gen, id
		out.keys = append(out.keys, key)
		out.pos = append(out.pos, p)
		out.shared = append(out.shared, shared)
		return id
	}
	// maskAt is the inside-mask of local cell (i, j, k), or -1 when the cell
	// lies outside the grid or in a pruned sub-block of this block. A cell of
	// a neighbouring block is evaluated afresh at the corners this block does
	// not hold: the SDF is a function of the point, so the neighbour, which
	// holds them, finds the same mask, and both sides of a face shared by two
	// blocks decide alike.
	maskAt := func(i, j, k int) int {
		gi, gj, gk := i0+i, j0+j, k0+k
		if gi < 0 || gj < 0 || gk < 0 || gi >= g.n[0] || gj >= g.n[1] || gk >= g.n[2] {
			return -1
		}
		inBlock := i >= 0 && j >= 0 && k >= 0 && i < ni && j < nj && k < nk
		if inBlock && !live[subOf(i, j, k)] {
			return -1
		}
		mask := 0
		for c := 0; c < 8; c++ {
			ci, cj, ck := i+c&1, j+c>>1&1, k+c>>2&1
			var d float64
			if n := ci + pi*(cj+pj*ck); ci >= 0 && cj >= 0 && ck >= 0 && ci <= ni && cj <= nj && ck <= nk && have[n] {
				d = v[n]
			} else {
				d = g.s.Evaluate(g.point(i0+ci, j0+cj, k0+ck))
				if math.IsNaN(d) {
					d = 1 // as eval does
				}
			}
			if d < 0 {
				mask |= 1 << c
			}
		}
		return mask
	}
	// slab triangulates a cell that the surface crosses on its four edges
	// along axis a only, as a flat face does, with fewer triangles than its
	// six tetrahedra make: it reports false, leaving the cell to them, unless
	// a side face can do without its diagonal's vertex. A side face does when
	// the cell across it has the same mask and the vertex lies on the line
	// through the face's two vertices on a-edges (so dropping it moves no
	// surface). Both cells decide from the same values, so they agree, and a
	// face whose diagonal vertex stays is split at it exactly as the
	// tetrahedra split it. The cell becomes a fan about its body-diagonal
	// vertex, or two triangles when every face dropped its vertex and that
	// one lies on the line between the a-edge vertices at corners 0 and 7.
	slab := func(i, j, k, a, mask int) bool {
		b, c := (a+1)%3, (a+2)%3
		ab, bb, cb := 1<<a, 1<<b, 1<<c
		// The cell's corners seen down axis a, counter-clockwise about it,
		// and the side faces between consecutive ones: the face's axis,
		// its side, and its diagonal's low corner; the diagonal runs to
		// lo|ab|other, other the face's corner bit across axis a.
		ring := [4]int{0, bb, bb | cb, cb}
		faces := [4][2]int{{c, 0}, {b, 1}, {c, 1}, {b, 0}}
		var drop [4]bool
		any := false
		for f, fc := range faces {
			ax, side := fc[0], fc[1]
			q := [3]int{i, j, k}
			q[ax] += 2*side - 1
			if maskAt(q[0], q[1], q[2]) != mask {
				continue
			}
			lo, other := side<<ax, (bb|cb)^(1<<ax)
			p := crossing(i, j, k, lo, lo|ab|other)
			e1 := crossing(i, j, k, lo, lo|ab)
			e2 := crossing(i, j, k, lo|other, lo|other|ab)
			if onLine(p, e1, e2, g.cell) {
				drop[f], any = true, true
			}
		}
		if !any {
			return false
		}
		var buf [8]int32 // the ring's four a-edge vertices and up to four face vertices
		poly := buf[:0]
		all := true
		for f, fc := range faces {
			corner := ring[f]
			poly = append(poly, vertex(i, j, k, corner, corner|ab))
			if !drop[f] {
				all = false
				lo := fc[1] << fc[0]
				poly = append(poly, vertex(i, j, k, lo, lo|ab|((bb|cb)^(1<<fc[0]))))
			}
		}
		// The ring runs counter-clockwise about +a, which points out of the
		// solid when the low corners (corner 0 among them) are inside.
		upward := mask&1 != 0
		emit := func(x, y, z int32) {
			if upward {
				out.tris = append(out.tris, [3]int32{x, y, z})
			} else {
				out.tris = append(out.tris, [3]int32{x, z, y})
			}
		}
		if all && onLine(crossing(i, j, k, 0, 7), crossing(i, j, k, 0, ab), crossing(i, j, k, bb|cb, 7), g.cell) {
			emit(poly[0], poly[1], poly[2])
			emit(poly[0], poly[2], poly[3])
			return true
		}
		centre := vertex(i, j, k, 0, 7)
		for q := range poly {
			emit(centre, poly[q], poly[(q+1)%len(poly)])
		}
		return true
	}
	var corner [8]float64
	for k := 0; k < nk; k++ {
		for j := 0; j < nj; j++ {
			for i := 0; i < ni; i++ {
				if !live[subOf(i, j, k)] {
					continue
				}
				mask := 0
				for c := 0; c < 8; c++ {
					corner[c] = v[(i+c&1)+pi*((j+c>>1&1)+pj*(k+c>>2&1))]
					if corner[c] < 0 {
						mask |= 1 << c
					}
				}
				if mask == 0 || mask == 255 {
					continue
				}
				if a := slabAxis[mask]; a >= 0 && !g.tetsOnly && slab(i, j, k, int(a), mask) {
					continue
				}
				for _, tet := range kuhn {
					tm := 0
					for q := 0; q < 4; q++ {
						if mask&(1<<tet[q]) != 0 {
							tm |= 1 << q
						}
					}
					for _, tr := range tetTable[tm] {
						var ids [3]int32
						for q := 0; q < 3; q++ {
							a, b := tet[tr[q][0]], tet[tr[q][1]]
							if a&b != a { // make a the subset corner
								a, b = b, a
							}
							ids[q] = vertex(i, j, k, a, b)
						}
						out.tris = append(out.tris, ids)
					}
				}
			}
		}
	}
	return &blockOut{keys: slices.Clone(out.keys), pos: slices.Clone(out.pos), shared: slices.Clone(out.shared), tris: slices.Clone(out.tris)}
}

// slabAxis is, for each cell inside-mask, the axis whose four cell edges
// are the only ones with a sign change (the low corners along it inside
// and the high ones outside, or the reverse), or -1.
var slabAxis [256]int8

// onLine reports whether p lies on the line through e1 and e2 to within a
// millionth of the cell: true for vertices of a plane, which linear
// interpolation finds exactly, and false on any curve a cell can resolve.
func onLine(p, e1, e2 v3.Vec, cell float64) bool {
	d := e2.Sub(e1)
	l := d.Length()
	if l == 0 {
		return false
	}
	return p.Sub(e1).Cross(d).Length()/l <= 1e-6*cell
}

// subCells is the edge of the sub-blocks a live block is pruned by.
const subCells = 4

// edgeClamp keeps surface vertices off grid points, so that no two vertices
// coincide and no triangle collapses (at most 1% of a cell of displacement).
const edgeClamp = 0.01

// kuhn splits the unit cube (corner c at (c&1, c>>1&1, c>>2&1)) into six
// positively oriented tetrahedra along the 0–7 diagonal. Every cube splits
// its faces along the same diagonals, so neighbouring cubes agree and the
// surface is closed.
var kuhn [6][4]int

// tetTable lists, for each inside-mask of a positively oriented
// tetrahedron's 4 vertices, the surface triangles as (inside, outside)
// vertex pairs naming the edges they lie on, counter-clockwise seen from
// outside the solid.
var tetTable [16][][3][2]int

func init() {
	for m := range slabAxis {
		slabAxis[m] = -1
	}
	for a := 0; a < 3; a++ {
		low := 0
		for c := 0; c < 8; c++ {
			if c&(1<<a) == 0 {
				low |= 1 << c
			}
		}
		slabAxis[low], slabAxis[255^low] = int8(a), int8(a)
	}
	perms := [6][3]int{{0, 1, 2}, {1, 2, 0}, {2, 0, 1}, {0, 2, 1}, {2, 1, 0}, {1, 0, 2}}
	for p, pm := range perms {
		v1 := 1 << pm[0]
		v2 := v1 | 1<<pm[1]
		if p < 3 { // even permutation: positive orientation
			kuhn[p] = [4]int{0, v1, v2, 7}
		} else {
			kuhn[p] = [4]int{0, v2, v1, 7}
		}
	}
	ref := [4]mesh.Vec3{{}, {X: 1}, {Y: 1}, {Z: 1}}
	mid := func(e [2]int) mesh.Vec3 { return ref[e[0]].Add(ref[e[1]]).Scale(0.5) }
	for mask := 1; mask < 15; mask++ {
		var in, out []int
		for q := 0; q < 4; q++ {
			if mask&(1<<q) != 0 {
				in = append(in, q)
			} else {
				out = append(out, q)
			}
		}
		var tris [][3][2]int
		switch len(in) {
		case 1:
			tris = [][3][2]int{{{in[0], out[0]}, {in[0], out[1]}, {in[0], out[2]}}}
		case 3:
			tris = [][3][2]int{{{in[0], out[0]}, {in[1], out[0]}, {in[2], out[0]}}}
		case 2:
			q := [4][2]int{{in[0], out[0]}, {in[0], out[1]}, {in[1], out[1]}, {in[1], out[0]}}
			tris = [][3][2]int{{q[0], q[1], q[2]}, {q[0], q[2], q[3]}}
		}
		var ci, co mesh.Vec3
		for _, q := range in {
			ci = ci.Add(ref[q].Scale(1 / float64(len(in))))
		}
		for _, q := range out {
			co = co.Add(ref[q].Scale(1 / float64(len(out))))
		}
		for t := range tris {
			a, b, c := mid(tris[t][0]), mid(tris[t][1]), mid(tris[t][2])
			if b.Sub(a).Cross(c.Sub(a)).Dot(co.Sub(ci)) < 0 {
				tris[t][1], tris[t][2] = tris[t][2], tris[t][1]
			}
		}
		tetTable[mask] = tris
	}
}

// Lipschitz returns s with its distance multiplied by k (0 < k <= 1), so that
// an SDF which overestimates distance by up to 1/k becomes safe for pruning
// renderers such as sdfx's octree. The surface is unchanged.
func Lipschitz(s sdf.SDF3, k float64) sdf.SDF3 { return scaled{s, k} }

type scaled struct {
	s sdf.SDF3
	k float64
}

func (s scaled) Evaluate(p v3.Vec) float64 { return s.k * s.s.Evaluate(p) }
func (s scaled) BoundingBox() sdf.Box3     { return s.s.BoundingBox() }
