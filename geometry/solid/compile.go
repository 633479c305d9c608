package solid

import (
	"math"
	"reflect"
	"runtime"
	"unsafe"

	"github.com/deadsy/sdfx/sdf"
	v3 "github.com/deadsy/sdfx/vec/v3"
)

// Compiled is an sdfx solid rearranged for fast evaluation: it gives the
// same value as the solid it was made from at every point, bit for bit, but
// skips the members of a union (and the cut of a difference) that cannot
// change the answer there. A member is skipped when the signed distance to
// its bounding box, a lower bound of its value wherever its subtree is
// built from exact distance fields (sdfx boxes and cylinders, rigid moves,
// unions, differences and intersections with the plain min and max), is
// above the value found so far. Members of any other kind are always
// evaluated, through their own Evaluate.
//
// A Compiled is safe for concurrent use whenever the solid it was made from
// is. Its Fingerprint is the original's, so meshes cached for the one serve
// the other.
type Compiled struct {
	src   sdf.SDF3
	nodes []cnode
	kids  []int32
	invs  []sdf.M44 // the transforms' inverses, apart so that nodes stay small
}

// cnode kinds.
const (
	kLeaf      = iota // evaluated through its own Evaluate
	kTransform        // child a at invs[b]·p
	kUnion            // min over kids[a:b]
	kDiff             // max(a, -b)
	kInter            // max(a, b)
)

type cnode struct {
	kind  uint8
	exact bool // lbox is a lower bound of this node's value (signed distance to the box)
	a, b  int32
	c, h  v3.Vec // bounding box centre and half size
	leaf  sdf.SDF3
}

// boundSlack is the margin (mm) by which a lower bound must clear the value
// found so far before a member is skipped, far above the rounding error of
// either.
const boundSlack = 1e-6

// maxCompiledNodes bounds the tree Compile rearranges; larger trees are
// used as they are.
const maxCompiledNodes = 1 << 20

// Compile returns s rearranged for fast evaluation (see Compiled), or s
// itself when it has nothing to gain (a leaf, or a tree with no union,
// difference or intersection Compile knows). Compiling a Compiled returns it.
func Compile(s sdf.SDF3) sdf.SDF3 {
	if s == nil {
		return nil
	}
	if c, ok := s.(*Compiled); ok {
		return c
	}
	c := &Compiled{src: s}
	combos := 0
	if _, ok := c.add(s, &combos); !ok || combos == 0 {
		return s
	}
	return c
}

var (
	minName = funcName(math.Min)
	maxName = funcName(math.Max)
)

func funcName(f any) string {
	fn := runtime.FuncForPC(reflect.ValueOf(f).Pointer())
	if fn == nil {
		return ""
	}
	return fn.Name()
}

// field returns the named field of the struct v points to, readable
// whether exported or not (Compile only reads it).
func field(v reflect.Value, name string) (reflect.Value, bool) {
	f := v.Elem().FieldByName(name)
	if !f.IsValid() || !f.CanAddr() {
		return reflect.Value{}, false
	}
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem(), true
}

func child(v reflect.Value, name string) (sdf.SDF3, bool) {
	f, ok := field(v, name)
	if !ok {
		return nil, false
	}
	s, ok := f.Interface().(sdf.SDF3)
	return s, ok && s != nil
}

func isFunc(v reflect.Value, name, want string) bool {
	f, ok := field(v, name)
	if !ok || f.Kind() != reflect.Func || f.IsNil() {
		return false
	}
	fn := runtime.FuncForPC(f.Pointer())
	return fn != nil && fn.Name() == want
}

// add appends s's subtree and returns its node index; false when the tree
// is too large or malformed.
func (c *Compiled) add(s sdf.SDF3, combos *int) (int32, bool) {
	if len(c.nodes) >= maxCompiledNodes {
		return 0, false
	}
	if cc, ok := s.(*Compiled); ok {
		s = cc.src
	}
	bb := s.BoundingBox()
	n := cnode{kind: kLeaf, leaf: s, c: bb.Center(), h: bb.Size().MulScalar(0.5)}
	switch s.(type) {
	case *sdf.BoxSDF3, *sdf.CylinderSDF3:
		n.exact = true
	}
	id := int32(len(c.nodes))
	c.nodes = append(c.nodes, n)
	v := reflect.ValueOf(s)
	ok := true
	switch s.(type) {
	case *sdf.TransformSDF3:
		ch, cok := child(v, "sdf")
		inv, iok := field(v, "inverse")
		if !cok || !iok {
			return id, true // a leaf
		}
		m := inv.Interface().(sdf.M44)
		a, aok := c.add(ch, combos)
		if !aok {
			return 0, false
		}
		n := &c.nodes[id]
		n.kind, n.a, n.b, n.leaf = kTransform, a, int32(len(c.invs)), nil
		c.invs = append(c.invs, m)
		n.exact = c.nodes[a].exact && rigid(m)
	case *sdf.UnionSDF3:
		f, fok := field(v, "sdf")
		if !fok || !isFunc(v, "min", minName) {
			return id, true
		}
		members, mok := f.Interface().([]sdf.SDF3)
		if !mok || len(members) == 0 {
			return id, true
		}
		ids := make([]int32, len(members))
		exact := true
		for i, m := range members {
			if m == nil {
				return id, true
			}
			if ids[i], ok = c.add(m, combos); !ok {
				return 0, false
			}
			exact = exact && c.nodes[ids[i]].exact
		}
		n := &c.nodes[id]
		n.kind, n.a, n.leaf, n.exact = kUnion, int32(len(c.kids)), nil, exact
		c.kids = append(c.kids, ids...)
		n.b = int32(len(c.kids))
		*combos++
	case *sdf.DifferenceSDF3, *sdf.IntersectionSDF3:
		s0, ok0 := child(v, "s0")
		s1, ok1 := child(v, "s1")
		if !ok0 || !ok1 || !isFunc(v, "max", maxName) {
			return id, true
		}
		a, aok := c.add(s0, combos)
		if !aok {
			return 0, false
		}
		b, bok := c.add(s1, combos)
		if !bok {
			return 0, false
		}
		n := &c.nodes[id]
		n.a, n.b, n.leaf = a, b, nil
		// Both value ≥ a's value; sdfx's box for both is s0's.
		n.exact = c.nodes[a].exact
		n.kind = kDiff
		if _, inter := s.(*sdf.IntersectionSDF3); inter {
			n.kind = kInter
		}
		*combos++
	}
	return id, true
}

// rigid reports whether m's linear part is a rotation (or reflection), so
// that the transform keeps distances.
func rigid(m sdf.M44) bool {
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			d := m[4*i]*m[4*j] + m[4*i+1]*m[4*j+1] + m[4*i+2]*m[4*j+2]
			want := 0.0
			if i == j {
				want = 1
			}
			if math.Abs(d-want) > 1e-12 {
				return false
			}
		}
	}
	return m[12] == 0 && m[13] == 0 && m[14] == 0 && m[15] == 1
}

// Evaluate returns the solid's value at p, the same as the original's.
func (c *Compiled) Evaluate(p v3.Vec) float64 { return c.eval(0, p, math.Inf(1)) }

// BoundingBox returns the original's bounding box.
func (c *Compiled) BoundingBox() sdf.Box3 { return c.src.BoundingBox() }

// Source returns the solid c was compiled from.
func (c *Compiled) Source() sdf.SDF3 { return c.src }

// lbound is a lower bound of an exact node's value at p: the largest
// per-axis distance outside its box (negative inside), which never exceeds
// the signed distance to the box.
func (n *cnode) lbound(p v3.Vec) float64 {
	x := math.Abs(p.X-n.c.X) - n.h.X
	y := math.Abs(p.Y-n.c.Y) - n.h.Y
	z := math.Abs(p.Z-n.c.Z) - n.h.Z
	// The largest by comparisons, cheaper than the built-in max; a NaN
	// still wins (the sign of a zero does not matter after the slack).
	m := x
	if y > m || y != y {
		m = y
	}
	if z > m || z != z {
		m = z
	}
	return m - boundSlack
}

// fmin and fmax are math.Min and math.Max (signed zeros and NaNs
// included), with the common case inline.
func fmin(a, b float64) float64 {
	if a < b {
		return a
	}
	if b < a {
		return b
	}
	return math.Min(a, b)
}

func fmax(a, b float64) float64 {
	if a > b {
		return a
	}
	if b > a {
		return b
	}
	return math.Max(a, b)
}

// maxSortedKids is the most members of a union whose bounds eval orders.
const maxSortedKids = 32

// union is eval of a union with more than maxSortedKids members, in order.
func (c *Compiled) union(kids []int32, p v3.Vec, cut float64) float64 {
	d := cut
	for _, k := range kids {
		if m := &c.nodes[k]; m.exact && m.lbound(p) > d {
			continue // its value is above d
		}
		v := c.eval(k, p, d)
		if v != v {
			return v
		}
		d = fmin(d, v)
	}
	return d
}

// eval returns node i's value at p when it is below cut, and otherwise some
// value at or above cut: a parent that only needs values below cut loses
// nothing.
func (c *Compiled) eval(i int32, p v3.Vec, cut float64) float64 {
	n := &c.nodes[i]
	switch n.kind {
	case kTransform:
		return c.eval(n.a, c.invs[n.b].MulPosition(p), cut)
	case kUnion:
		kids := c.kids[n.a:n.b]
		if len(kids) > maxSortedKids {
			return c.union(kids, p, cut)
		}
		// The member whose box is nearest goes first, so that the value
		// it gives skips as many others as it can. The min does not
		// depend on the order.
		var lb [maxSortedKids]float64
		best := -1
		for j, k := range kids {
			lb[j] = math.Inf(-1)
			if m := &c.nodes[k]; m.exact {
				lb[j] = m.lbound(p)
			}
			if best < 0 || lb[j] < lb[best] {
				best = j
			}
		}
		d := cut
		if lb[best] <= d {
			d = fmin(d, c.eval(kids[best], p, d))
			if d != d {
				return d
			}
		}
		for j, k := range kids {
			if j == best || lb[j] > d {
				continue // its value is above d
			}
			v := c.eval(k, p, d)
			if v != v {
				return v
			}
			d = fmin(d, v)
		}
		return d
	case kDiff:
		a := c.eval(n.a, p, cut)
		if a != a || a >= cut {
			return a
		}
		if m := &c.nodes[n.b]; m.exact && m.lbound(p) > -a {
			return a // -b < a
		}
		return fmax(a, -c.eval(n.b, p, -a))
	case kInter:
		a := c.eval(n.a, p, cut)
		if a != a || a >= cut {
			return a
		}
		if m := &c.nodes[n.b]; m.exact && m.lbound(p) > cut {
			return cut
		}
		return fmax(a, c.eval(n.b, p, cut))
	}
	return n.leaf.Evaluate(p)
}
