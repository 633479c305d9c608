package cebpress

import (
	"fmt"
	"math"
	"sort"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
)

// A plate is built in two steps: its base rectangle W x H (OSE's formula, the
// size the cut list reports) and where each instance sits; then joints and
// bolts, declared between instances in the assembly frame, cut the matching
// features into both plates. Deriving tabs, slots and holes from the
// placements keeps mating parts consistent by construction, and a tab that
// does not pass through its slot plate is reported as a design error.

// Edges of a plate's base rectangle, counter-clockwise from the bottom.
const (
	bottom = iota // y = 0
	right         // x = W
	top           // y = H
	left          // x = 0
)

// feature is a change to one edge of the base rectangle between s0 and s1
// (measured from the edge's start corner, counter-clockwise): d > 0 is a tab
// sticking out by d, d < 0 a notch cut in by -d.
type feature struct{ s0, s1, d float64 }

type plate struct {
	id, name string
	w, h, t  float64
	drivers  []string // parameters that set W and H: named when the plate outgrows the sheet
	at       []model.Transform

	edges [4][]feature
	holes []profile.Path
	keys  map[string]bool // dedupe: instances share one profile
	bolts []profile.Point // bolt hole centres, for the edge-distance check
	tabs  map[string]int  // joint name -> tabs cut on this plate
	slots map[string]int  // joint name -> slots (holes or notches) cut in this plate
}

// ref names one instance of a plate.
type ref struct {
	id string
	i  int
}

// joint puts tabs on edge of plate a (instance ai) into slots of plate b.
// Inlaid joints keep the tabs inside a's base rectangle (the formula already
// counts b's thickness, as OSE's tabinsert does) and notch a between them;
// otherwise the tabs stick out by b's thickness.
type joint struct {
	a      ref
	edge   int
	inlaid bool
	s0, s1 float64 // span along the edge; 0, 0 is the whole edge
	b      ref
}

func (j joint) name() string { return fmt.Sprintf("%s#%d>%s#%d", j.a.id, j.a.i, j.b.id, j.b.i) }

// bolt is a bolt through a stack of plates at a point of the assembly frame.
type bolt struct {
	at   [3]float64
	refs []ref
}

// asm collects the plates of a build.
type asm struct {
	plates map[string]*plate
	order  []string
	gap    float64 // tab clearance
	hole   float64 // bolt hole diameter
	bolts  []boltUse
}

// boltUse is one bolt as the fastener list counts it.
type boltUse struct {
	grip  float64 // total plate thickness clamped, mm
	size  float64 // nominal bolt diameter, mm
	holes int     // plate holes it passes
}

// boltSize is the largest standard bolt that passes a torch-cut hole: OSE
// cuts 1in holes for 1in bolts, relying on the torch's taper for clearance.
func boltSize(hole float64) float64 {
	best := 0.5 * in
	for _, s := range []float64{0.75, 0.875, 1, 1.125} {
		if s*in <= hole+1e-6 {
			best = s * in
		}
	}
	return best
}

func newAsm(gap, hole float64) *asm { return &asm{plates: map[string]*plate{}, gap: gap, hole: hole} }

// add declares a plate with its base size and instance placements.
func (a *asm) add(id, name string, w, h, t float64, drivers []string, at ...model.Transform) *plate {
	p := &plate{id: id, name: name, w: w, h: h, t: t, drivers: drivers, at: at,
		keys: map[string]bool{}, tabs: map[string]int{}, slots: map[string]int{}}
	a.plates[id] = p
	a.order = append(a.order, id)
	return p
}

func (a *asm) get(r ref) (*plate, model.Transform, error) {
	p := a.plates[r.id]
	if p == nil || r.i >= len(p.at) {
		return nil, model.Transform{}, fmt.Errorf("no plate %s instance %d", r.id, r.i)
	}
	return p, p.at[r.i], nil
}

// edgeFrame returns an edge's start corner, direction, outward normal and length.
func (p *plate) edgeFrame(e int) (o, u, n profile.Point, l float64) {
	switch e {
	case bottom:
		return profile.Point{}, profile.Point{X: 1}, profile.Point{Y: -1}, p.w
	case right:
		return profile.Point{X: p.w}, profile.Point{Y: 1}, profile.Point{X: 1}, p.h
	case top:
		return profile.Point{X: p.w, Y: p.h}, profile.Point{X: -1}, profile.Point{Y: 1}, p.w
	}
	return profile.Point{Y: p.h}, profile.Point{Y: -1}, profile.Point{X: -1}, p.h
}

// tabCount: about one tab per 6in of joint, at least one.
func tabCount(span float64) int { return max(1, int(span/(6*in))) }

// join cuts the joint's tabs into a and its slots into b.
func (a *asm) join(j joint) error {
	pa, ta, err := a.get(j.a)
	if err != nil {
		return err
	}
	pb, tb, err := a.get(j.b)
	if err != nil {
		return err
	}
	o, u, n, l := pa.edgeFrame(j.edge)
	s0, s1 := j.s0, j.s1
	if s0 == 0 && s1 == 0 {
		s1 = l
	}
	k := tabCount(s1 - s0)
	pitch := (s1 - s0) / float64(2*k+1)
	depth := pb.t
	name := j.name()
	// Mirrored instances share a profile: cut a's edge once, b's slots per instance.
	edgeKey := fmt.Sprintf("e%d:%.3f-%.3f", j.edge, s0, s1)
	cutA := !pa.keys[edgeKey]
	pa.keys[edgeKey] = true
	for i := 0; i <= 2*k; i++ {
		lo, hi := s0+float64(i)*pitch, s0+float64(i+1)*pitch
		isTab := i%2 == 1
		if j.inlaid && !isTab && cutA {
			pa.edges[j.edge] = append(pa.edges[j.edge], feature{lo, hi, -depth})
		}
		if !isTab {
			continue
		}
		din, dout := 0.0, depth // protruding: the tab lies outside the edge
		if j.inlaid {
			din, dout = depth, 0
		} else if cutA {
			pa.edges[j.edge] = append(pa.edges[j.edge], feature{lo, hi, depth})
		}
		pa.tabs[name]++
		// The tab as a box in a's frame, carried into b's frame: its
		// footprint there is the slot, and it must cross b's thickness.
		var pts [][3]float64
		for _, s := range []float64{lo, hi} {
			for _, d := range []float64{-din, dout} {
				q := o.Add(u.Scale(s)).Add(n.Scale(d))
				for _, z := range []float64{0, pa.t} {
					pts = append(pts, inverse(tb, ta.Apply([3]float64{q.X, q.Y, z})))
				}
			}
		}
		lo3, hi3 := bbox3(pts)
		if lo3[2] > 0.05 || hi3[2] < pb.t-0.05 {
			return fmt.Errorf("joint %s: tab does not pass through %s (z %.2f..%.2f mm of %.2f)", name, pb.id, lo3[2], hi3[2], pb.t)
		}
		g := a.gap
		if err := pb.slot(lo3[0]-g, lo3[1]-g, hi3[0]+g, hi3[1]+g); err != nil {
			return fmt.Errorf("joint %s: %w", name, err)
		}
		pb.slots[name]++
	}
	return nil
}

// slot cuts a rectangle: a hole when it lies inside the plate, a notch when
// it crosses one edge.
func (p *plate) slot(x0, y0, x1, y1 float64) error {
	const m = 0.01
	key := fmt.Sprintf("r%.3f,%.3f,%.3f,%.3f", x0, y0, x1, y1)
	if p.keys[key] {
		return nil
	}
	p.keys[key] = true
	switch {
	case x0 > m && y0 > m && x1 < p.w-m && y1 < p.h-m:
		p.holes = append(p.holes, profile.Rect(x0, y0, x1-x0, y1-y0))
	case y0 <= m && y1 < p.h-m && x0 > m && x1 < p.w-m:
		p.edges[bottom] = append(p.edges[bottom], feature{x0, x1, -y1})
	case x1 >= p.w-m && x0 > m && y0 > m && y1 < p.h-m:
		p.edges[right] = append(p.edges[right], feature{y0, y1, -(p.w - x0)})
	case y1 >= p.h-m && y0 > m && x0 > m && x1 < p.w-m:
		p.edges[top] = append(p.edges[top], feature{p.w - x1, p.w - x0, -(p.h - y0)})
	case x0 <= m && x1 < p.w-m && y0 > m && y1 < p.h-m:
		p.edges[left] = append(p.edges[left], feature{p.h - y1, p.h - y0, -x1})
	default:
		return fmt.Errorf("slot (%.1f,%.1f)-(%.1f,%.1f) mm does not fit plate %s (%.1f x %.1f mm)", x0, y0, x1, y1, p.id, p.w, p.h)
	}
	return nil
}

// hole adds a circular hole in the plate's own frame, once.
func (p *plate) hole(x, y, dia float64) {
	key := fmt.Sprintf("c%.3f,%.3f,%.3f", x, y, dia)
	if !p.keys[key] {
		p.keys[key] = true
		p.holes = append(p.holes, profile.Circle(x, y, dia/2))
	}
}

// bolt drills a bolt hole through every plate of the stack at a point of
// the assembly frame and counts one bolt.
func (a *asm) bolt(at [3]float64, refs ...ref) error {
	return a.boltSized(a.hole, boltSize(a.hole), at, refs...)
}

// boltSized is bolt with a given hole and nominal bolt diameter.
func (a *asm) boltSized(hole, size float64, at [3]float64, refs ...ref) error {
	grip := 0.0
	for _, r := range refs {
		p, t, err := a.get(r)
		if err != nil {
			return err
		}
		q := inverse(t, at) // the axis is the plate's normal, so only x, y matter
		p.hole(q[0], q[1], hole)
		if k := fmt.Sprintf("b%.3f,%.3f", q[0], q[1]); hole == a.hole && !p.keys[k] { // bolt_hole holes, for the edge check
			p.keys[k] = true
			p.bolts = append(p.bolts, profile.Point{X: q[0], Y: q[1]})
		}
		grip += p.t
	}
	a.bolts = append(a.bolts, boltUse{grip: grip, size: size, holes: len(refs)})
	return nil
}

// outline walks the base rectangle counter-clockwise, inserting each edge's
// tabs and notches.
func (p *plate) outline() (profile.Path, error) {
	var pts []profile.Point
	for e := bottom; e <= left; e++ {
		o, u, n, l := p.edgeFrame(e)
		fs := append([]feature(nil), p.edges[e]...)
		sort.Slice(fs, func(i, j int) bool { return fs[i].s0 < fs[j].s0 })
		pts = append(pts, o)
		prev := 0.0
		for _, f := range fs {
			if f.s0 < prev-1e-6 || f.s1 > l+1e-6 {
				return profile.Path{}, fmt.Errorf("plate %s: features overlap on edge %d at %.1f mm", p.id, e, f.s0)
			}
			for _, q := range []profile.Point{o.Add(u.Scale(f.s0)), o.Add(u.Scale(f.s0)).Add(n.Scale(f.d)), o.Add(u.Scale(f.s1)).Add(n.Scale(f.d)), o.Add(u.Scale(f.s1))} {
				pts = append(pts, q)
			}
			prev = f.s1
		}
	}
	return profile.Polygon(simplify(pts)...), nil
}

// simplify drops repeated points and points on a straight run (including
// the back-tracks a notch at a corner leaves).
func simplify(pts []profile.Point) []profile.Point {
	for changed := true; changed && len(pts) > 3; {
		changed = false
		for i := 0; i < len(pts) && len(pts) > 3; i++ {
			a, b, c := pts[(i+len(pts)-1)%len(pts)], pts[i], pts[(i+1)%len(pts)]
			if b.Sub(a).Len() < 1e-7 || math.Abs(b.Sub(a).Cross(c.Sub(b))) < 1e-7 {
				pts = append(pts[:i], pts[i+1:]...)
				changed = true
				i--
			}
		}
	}
	return pts
}

// shape is the plate's exact profile.
func (p *plate) shape() (profile.Profile, error) {
	out, err := p.outline()
	if err != nil {
		return profile.Profile{}, err
	}
	return profile.New(out, p.holes...), nil
}

// Placements. A plate's own frame has the profile in XY and the thickness
// along +Z; these stand it up so that it occupies the given slab.

// flat lays a plate in XY with its corner at (x, y) and its bottom face at z.
func flat(x, y, z float64) model.Transform { return model.At(x, y, z) }

// alongX stands a plate in the XZ plane, width along +X, height along +Z,
// filling y..y+t.
func alongX(x, y, z, t float64) model.Transform {
	return model.Identity().RotateX(90).Move(x, y+t, z)
}

// alongY stands a plate in the YZ plane, width along +Y, height along +Z,
// filling x..x+t.
func alongY(x, y, z float64) model.Transform {
	return model.Identity().RotateX(90).RotateZ(90).Move(x, y, z)
}

// mirror returns the placement of the same plate reflected through the
// plane axis=0 (0: x, 1: y), turned over so that it stays a rotation: the
// profile is the same, so mirrored pairs share one part.
func mirror(tr model.Transform, axis int, t float64) model.Transform {
	var m [3]float64 = [3]float64{1, 1, 1}
	m[axis] = -1
	var out model.Transform
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			f := 1.0
			if j == 2 {
				f = -1
			}
			out.R[i][j] = m[i] * tr.R[i][j] * f
		}
		out.T[i] = m[i] * (tr.R[i][2]*t + tr.T[i])
	}
	return out
}

// inverse maps a point of the assembly frame into a part's frame.
func inverse(t model.Transform, p [3]float64) [3]float64 {
	d := [3]float64{p[0] - t.T[0], p[1] - t.T[1], p[2] - t.T[2]}
	var out [3]float64
	for i := 0; i < 3; i++ {
		out[i] = t.R[0][i]*d[0] + t.R[1][i]*d[1] + t.R[2][i]*d[2]
	}
	return out
}

func bbox3(pts [][3]float64) (lo, hi [3]float64) {
	lo = [3]float64{math.Inf(1), math.Inf(1), math.Inf(1)}
	hi = [3]float64{math.Inf(-1), math.Inf(-1), math.Inf(-1)}
	for _, p := range pts {
		for i := range 3 {
			lo[i], hi[i] = math.Min(lo[i], p[i]), math.Max(hi[i], p[i])
		}
	}
	return
}

// through drills a plain hole (a rod or pin passage, no fastener) through
// plates at a point of the assembly frame.
func (a *asm) through(at [3]float64, dia float64, refs ...ref) error {
	for _, r := range refs {
		p, t, err := a.get(r)
		if err != nil {
			return err
		}
		q := inverse(t, at)
		p.hole(q[0], q[1], dia)
	}
	return nil
}

// slotBolt is a bolt through round holes in refs and an adjustment slot
// already cut in plate s (so one cross bar fits every brick length).
func (a *asm) slotBolt(at [3]float64, s ref, refs ...ref) error {
	ps, ts, err := a.get(s)
	if err != nil {
		return err
	}
	if err := a.bolt(at, refs...); err != nil {
		return err
	}
	q := inverse(ts, at)
	for _, h := range ps.holes {
		if b := h.Bounds(); q[0] >= b.Min.X && q[0] <= b.Max.X && q[1] >= b.Min.Y && q[1] <= b.Max.Y {
			a.bolts[len(a.bolts)-1].grip += ps.t
			a.bolts[len(a.bolts)-1].holes++
			return nil
		}
	}
	return fmt.Errorf("bolt at (%.0f, %.0f, %.0f) mm misses the adjustment slots of %s", at[0], at[1], at[2], s.id)
}

// upX stands a plate in the XZ plane with its width W up (+Z) and its
// height H running along -X from x1, filling y..y+t.
func upX(x1, y, z, t float64) model.Transform {
	return model.Identity().RotateZ(90).RotateX(90).Move(x1, y+t, z)
}

// upY stands a plate in the YZ plane with its width W up (+Z) and its
// height H running along -Y from y1, filling x..x+t.
func upY(x, y1, z float64) model.Transform {
	return model.Identity().RotateZ(90).RotateX(90).RotateZ(90).Move(x, y1, z)
}

// across lays a plate flat with its width W along +Y from y and its height
// H along -X from x1.
func across(x1, y, z float64) model.Transform {
	return model.Identity().RotateZ(90).Move(x1, y, z)
}
