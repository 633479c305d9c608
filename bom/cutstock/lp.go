package cutstock

import (
	"math"
)

// budgeted is the search's work meter, charged by the simplex.
type budgeted interface {
	spend(n int64)
	stop() bool
}

// master is the restricted master LP of column generation,
//
//	minimise c·x  subject to  A x >= d,  x >= 0,
//
// solved by a dense revised simplex that keeps the basis inverse. Row r's
// surplus variable is variable r; column j is variable m+j. The caller must
// add, for every row, a column that covers only that row before the first
// solve: those columns form the starting basis, which is then feasible. New
// columns can be added between solves and the simplex resumes from the
// current (still feasible) basis.
type master struct {
	m     int
	d     []float64
	cost  []float64   // per column
	idx   [][]int32   // per column: rows with a non-zero
	val   [][]float64 // per column: the non-zeros
	basis []int       // variable basic in each row position
	pos   []int       // per variable: its position in basis, or -1
	binv  []float64   // m×m basis inverse, row-major
	xB    []float64
	y     []float64 // duals after solve
	obj   float64
	since int // pivots since the last reinversion
	init  bool
}

func newMaster(d []float64) *master {
	m := len(d)
	ms := &master{m: m, d: d, binv: make([]float64, m*m), xB: make([]float64, m), y: make([]float64, m)}
	ms.pos = make([]int, m)
	for i := range ms.pos {
		ms.pos[i] = -1
	}
	return ms
}

// add appends a column (sparse rows and values) with its cost and returns
// its index.
func (ms *master) add(rows []int32, vals []float64, cost float64) int {
	ms.idx = append(ms.idx, rows)
	ms.val = append(ms.val, vals)
	ms.cost = append(ms.cost, cost)
	ms.pos = append(ms.pos, -1)
	return len(ms.cost) - 1
}

func (ms *master) varCost(v int) float64 {
	if v < ms.m {
		return 0
	}
	return ms.cost[v-ms.m]
}

// start builds the diagonal starting basis from single-row columns.
func (ms *master) start() bool {
	m := ms.m
	ms.basis = make([]int, m)
	for r := range ms.basis {
		ms.basis[r] = -1
	}
	for j := range ms.cost {
		if len(ms.idx[j]) == 1 {
			r := ms.idx[j][0]
			if ms.basis[r] < 0 {
				ms.basis[r] = m + j
			}
		}
	}
	for r, v := range ms.basis {
		if v < 0 {
			return false
		}
		ms.pos[v] = r
	}
	ms.init = true
	return ms.reinvert()
}

// reinvert recomputes the basis inverse by Gauss–Jordan elimination with
// partial pivoting, and the basic solution from it.
func (ms *master) reinvert() bool {
	m := ms.m
	a := make([]float64, m*m)
	for c, v := range ms.basis {
		if v < m {
			a[v*m+c] = -1
			continue
		}
		j := v - m
		for k, r := range ms.idx[j] {
			a[int(r)*m+c] = ms.val[j][k]
		}
	}
	inv := ms.binv
	clear(inv)
	for i := range m {
		inv[i*m+i] = 1
	}
	for c := range m {
		p, best := -1, 1e-11
		for r := c; r < m; r++ {
			if v := math.Abs(a[r*m+c]); v > best {
				p, best = r, v
			}
		}
		if p < 0 {
			return false
		}
		if p != c {
			for k := range m {
				a[p*m+k], a[c*m+k] = a[c*m+k], a[p*m+k]
				inv[p*m+k], inv[c*m+k] = inv[c*m+k], inv[p*m+k]
			}
		}
		f := 1 / a[c*m+c]
		for k := range m {
			a[c*m+k] *= f
			inv[c*m+k] *= f
		}
		for r := range m {
			if r == c {
				continue
			}
			g := a[r*m+c]
			if g == 0 {
				continue
			}
			for k := range m {
				a[r*m+k] -= g * a[c*m+k]
				inv[r*m+k] -= g * inv[c*m+k]
			}
		}
	}
	for r := range m {
		s := 0.0
		for k := range m {
			s += inv[r*m+k] * ms.d[k]
		}
		ms.xB[r] = max(s, 0)
	}
	ms.since = 0
	return true
}

const (
	rcTol    = 1e-9
	pivotTol = 1e-9
)

// solve runs the simplex to optimality from the current basis. It returns
// false if the basis cannot be built or the iteration budget runs out; the
// duals and objective are then those of the last basis.
func (ms *master) solve(b budgeted) bool {
	if !ms.init && !ms.start() {
		return false
	}
	m := ms.m
	u := make([]float64, m)
	degenerate := 0
	maxIter := 50 * (m + len(ms.cost))
	for iter := 0; ; iter++ {
		if ms.since >= 64 {
			b.spend(int64(2 * m * m * m))
			if !ms.reinvert() {
				return false
			}
		}
		// Duals y = c_B B⁻¹.
		clear(ms.y)
		for r, v := range ms.basis {
			c := ms.varCost(v)
			if c == 0 {
				continue
			}
			row := ms.binv[r*m : r*m+m]
			for k := range m {
				ms.y[k] += c * row[k]
			}
		}
		// One iteration prices every column and pivots the m×m inverse.
		b.spend(int64(m*m + len(ms.cost)*4))
		if iter >= maxIter || b.stop() {
			ms.objective()
			return false
		}
		// Entering variable: Dantzig's rule, or Bland's (lowest index)
		// after a run of degenerate pivots, which cannot cycle.
		bland := degenerate > m
		q, best := -1, -rcTol
		for r := range m { // surplus of row r: reduced cost y_r
			if ms.pos[r] < 0 && ms.y[r] < best {
				q, best = r, ms.y[r]
				if bland {
					break
				}
			}
		}
		if q < 0 || !bland {
			for j := range ms.cost {
				v := m + j
				if ms.pos[v] >= 0 {
					continue
				}
				rc := ms.cost[j]
				for k, r := range ms.idx[j] {
					rc -= ms.y[r] * ms.val[j][k]
				}
				if rc < best {
					q, best = v, rc
					if bland {
						break
					}
				}
			}
		}
		if q < 0 {
			ms.objective()
			return true
		}
		// Column of q in the current basis: u = B⁻¹ a_q.
		if q < m {
			for r := range m {
				u[r] = -ms.binv[r*m+q]
			}
		} else {
			j := q - m
			clear(u)
			for k, row := range ms.idx[j] {
				a := ms.val[j][k]
				for r := range m {
					u[r] += ms.binv[r*m+int(row)] * a
				}
			}
		}
		// Ratio test; ties go to the lowest variable index (Bland).
		p, theta := -1, math.Inf(1)
		for r := range m {
			if u[r] > pivotTol {
				t := ms.xB[r] / u[r]
				if t < theta-1e-12 || (t <= theta+1e-12 && p >= 0 && ms.basis[r] < ms.basis[p]) {
					p, theta = r, t
				}
			}
		}
		if p < 0 { // unbounded: impossible with positive costs
			ms.objective()
			return false
		}
		if theta < 1e-12 {
			degenerate++
		} else {
			degenerate = 0
		}
		// Pivot.
		piv := u[p]
		prow := ms.binv[p*m : p*m+m]
		for k := range m {
			prow[k] /= piv
		}
		for r := range m {
			if r == p || u[r] == 0 {
				continue
			}
			f := u[r]
			row := ms.binv[r*m : r*m+m]
			for k := range m {
				row[k] -= f * prow[k]
			}
			ms.xB[r] = max(ms.xB[r]-f*theta, 0)
		}
		ms.xB[p] = theta
		ms.pos[ms.basis[p]] = -1
		ms.basis[p] = q
		ms.pos[q] = p
		ms.since++
	}
}

func (ms *master) objective() {
	ms.obj = 0
	for r, v := range ms.basis {
		ms.obj += ms.varCost(v) * ms.xB[r]
	}
}

// x returns the value of every column.
func (ms *master) x() []float64 {
	x := make([]float64, len(ms.cost))
	for r, v := range ms.basis {
		if v >= ms.m {
			x[v-ms.m] = ms.xB[r]
		}
	}
	return x
}
