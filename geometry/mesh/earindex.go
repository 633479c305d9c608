package mesh

import (
	"math"

	"github.com/fabkit/fabkit/geometry/profile"
)

// This file holds the grid that lets isEar look only at the nodes near an
// ear of a large polygon, instead of every node: the flat faces Simplify
// merges have rings of a thousand vertices and more, and ear clipping was
// quadratic in them. The answer is exactly the full scan's (see near).

// earIndexMin is the fewest nodes for which clipEars builds an earIndex.
const earIndexMin = 64

// orientErr bounds, relative to the coordinates' spread, how far outside a
// line a point can be while orient computes it on the line or inside:
// orient's rounding error is below 3.4e-16 (|Δx_ab||Δy_ap| + |Δy_ab||Δx_ap|)
// (Shewchuk's orient2d bound; a fused multiply-add only lowers it), which is
// at most 5e-16 (W+H) |ab| for points in a W×H box.
const orientErr = 1e-15

// earIndex is a uniform grid of a polygon's nodes. Clipped nodes stay in
// their cells, marked dead.
type earIndex struct {
	x0, y0 float64 // the polygon's bounding-box minimum
	inv    float64 // cells per mm
	nx, ny int
	cells  [][]*node
	span   float64 // W+H
	slack  float64 // orientErr·(W+H): the widest rounding margin of an edge
}

// newEarIndex returns the grid of the list at start, or nil when it is
// small or has a coordinate that is not finite.
func newEarIndex(start *node) *earIndex {
	n := 0
	x0, y0 := math.Inf(1), math.Inf(1)
	x1, y1 := math.Inf(-1), math.Inf(-1)
	for p := start; ; {
		if math.IsNaN(p.p.X) || math.IsNaN(p.p.Y) || math.IsInf(p.p.X, 0) || math.IsInf(p.p.Y, 0) {
			return nil
		}
		x0, y0, x1, y1 = min(x0, p.p.X), min(y0, p.p.Y), max(x1, p.p.X), max(y1, p.p.Y)
		n++
		if p = p.next; p == start {
			break
		}
	}
	w, h := x1-x0, y1-y0
	if n < earIndexMin || !(w+h > 0) {
		return nil
	}
	// About one node a cell; a strip gets at most 4n cells along it.
	size := math.Max(math.Sqrt(w*h/float64(n)), (w+h)/float64(4*n))
	g := &earIndex{x0: x0, y0: y0, inv: 1 / size, span: w + h, slack: orientErr * (w + h)}
	g.nx, g.ny = int(w*g.inv)+1, int(h*g.inv)+1
	g.cells = make([][]*node, g.nx*g.ny)
	for p := start; ; {
		c := g.cell(g.col(p.p.X), g.row(p.p.Y))
		g.cells[c] = append(g.cells[c], p)
		if p = p.next; p == start {
			break
		}
	}
	return g
}

func (g *earIndex) col(x float64) int { return min(max(int((x-g.x0)*g.inv), 0), g.nx-1) }
func (g *earIndex) row(y float64) int { return min(max(int((y-g.y0)*g.inv), 0), g.ny-1) }
func (g *earIndex) cell(c, r int) int { return c + g.nx*r }

// near calls f on every live node that can block ear abc, whose doubled
// area orient computes as o > 0, until f returns false; it reports false
// when it cannot bound the ear (the caller then scans every node). A node
// orient puts inside or on abc lies inside abc widened by slack on every
// side, which is inside abc's bounding box widened by slack/sin(θ/2) for
// its sharpest angle θ; sin(θ/2) ≥ o'/(2L²) for the longest edge L and o'
// a lower bound of the exact doubled area. Nodes at a, b or c lie in the
// box too. Cell lookups are monotonic in the coordinates, so the cells of
// the widened box hold every node inside it.
func (g *earIndex) near(a, b, c profile.Point, o float64, f func(*node) bool) bool {
	l2 := max(dist2(a, b), dist2(b, c), dist2(c, a))
	lo := o - orientErr*l2
	if !(lo > 0) {
		return false
	}
	r := g.slack * 2 * l2 / lo
	if !(r < g.span) {
		return false // the box is the whole polygon's
	}
	c0, c1 := g.col(min(a.X, b.X, c.X)-r), g.col(max(a.X, b.X, c.X)+r)
	r0, r1 := g.row(min(a.Y, b.Y, c.Y)-r), g.row(max(a.Y, b.Y, c.Y)+r)
	if (c1-c0+1)*(r1-r0+1) > len(g.cells)/4 {
		return false // as dear as the scan
	}
	for row := r0; row <= r1; row++ {
		for col := c0; col <= c1; col++ {
			for _, p := range g.cells[g.cell(col, row)] {
				if !p.dead && !f(p) {
					return true
				}
			}
		}
	}
	return true
}
