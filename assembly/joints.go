package assembly

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
)

// declared returns the design's bolted, pinned or sliding joint whose axis
// passes through a stack and that names one of its instances (a plate or
// bar whose hole is in it, or a solid that continues it), if any.
func declared(a model.Assembly, st *stack, tol float64) *model.Joint {
	h := st.holes[0]
	for i := range a.Joints {
		j := &a.Joints[i]
		switch j.Kind {
		case model.Bolted, model.Pinned, model.Sliding:
		default:
			continue
		}
		d := sub(vec(j.At), h.origin)
		if norm(sub(d, scale(h.axis, dot(d, h.axis)))) > tol {
			continue
		}
		for _, ref := range j.Parts {
			for _, sh := range st.holes {
				if sh.b.ref == ref {
					return j
				}
			}
			for _, b := range st.solids {
				if b.ref == ref {
					return j
				}
			}
		}
	}
	return nil
}

// clamped adds to a bolted stack the plates a declared joint names that
// no hole of theirs puts in it: a plate whose keyhole or notch, open to
// its edge, the bolt passes through. Each lies across the stack's axis,
// its material within the bolt's washer (the hole's diameter plus gap) of
// the axis and touching the stack along it; its thickness joins the grip.
// It returns their instances.
func clamped(st *stack, dj *model.Joint, bs []*body, gap float64) []model.Ref {
	in := map[model.Ref]bool{}
	for _, h := range st.holes {
		in[h.b.ref] = true
	}
	for _, b := range st.solids {
		in[b.ref] = true
	}
	h0 := st.holes[0]
	var out []model.Ref
	for _, ref := range dj.Parts {
		if in[ref] {
			continue
		}
		for _, b := range bs {
			if b.ref != ref || b.kind != plateBody || math.Abs(dot(rotate(b.tr, vec{0, 0, 1}), h0.axis)) < math.Cos(0.5*math.Pi/180) {
				continue
			}
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, sp := range b.spans {
				for _, w := range sp {
					x := dot(b.world(0, 0, w), h0.axis)
					lo, hi = math.Min(lo, x), math.Max(hi, x)
				}
			}
			q := b.toLocal(h0.point((lo + hi) / 2))
			if lo > st.hi+gap || hi < st.lo-gap || b.field.Evaluate2(profile.Point{X: q[0], Y: q[1]}) > h0.dia+gap {
				continue
			}
			in[ref] = true
			out = append(out, ref)
			st.lo, st.hi = math.Min(st.lo, lo), math.Max(st.hi, hi)
			st.grip = st.hi - st.lo
		}
	}
	return out
}

// holes checks that every hole is mated, carries a pin or is declared
// open, and chooses a bolt for every bolted stack.
func (r *Report) holes(a model.Assembly, holes []*hole, bs []*body, cat Catalogue, opt Options) {
	hc := Check{Name: "holes", Method: fmt.Sprintf("round holes of plates and bars: coaxial within %g mm (axes parallel within 0.5°) with a hole of a part touching within %g mm, or carrying a round bar or pipe, or continued by a hole in an sdfx solid, or declared open", opt.Coaxial, opt.Gap)}
	fc := Check{Name: "fasteners", Method: "from the shop's fastener catalogue: diameter, the largest bolt that passes the smallest hole of the stack with the hole no looser than the bolt's max_hole (clearance fit); length, the stack + its washers + the nut + 2 threads past the nut, rounded up to the next length the catalogue sells; a declared bolt is checked the same way"}
	hc.Holes = len(holes)
	sts := stacks(holes, bs, opt.Coaxial, opt.Gap)
	addJoint := r.joint
	for _, st := range sts {
		refs := stackRefs(st)
		mid := st.holes[0].point((st.lo + st.hi) / 2)
		dj := declared(a, st, opt.Coaxial)
		members := len(st.holes) + len(st.solids)
		switch {
		case len(st.rods) > 0:
			hc.Carried += len(st.holes)
			kind := model.Pinned
			if dj != nil {
				kind = dj.Kind
			}
			for _, rod := range st.rods {
				refs = append(refs, rod.ref)
			}
			addJoint(Joint{Kind: kind, Parts: refs, At: round3(mid), Inferred: dj == nil})
			continue
		case members == 1 && dj == nil:
			h := st.holes[0]
			if _, ok := a.IsOpen(h.b.ref.Part, h.index); ok {
				hc.Open++
				continue
			}
			msg := fmt.Sprintf("%s at %s is not mated: no coaxial hole in a touching part, no pin, not declared open", h.name(), at(h.mid()))
			refs := []model.Ref{h.b.ref}
			if n, off := nearest(h, holes, opt.Gap); n != nil {
				msg += fmt.Sprintf("; the nearest hole, %s, is %.1f mm off its axis", n.name(), off)
				refs = append(refs, n.b.ref)
			}
			r.add(&hc, h.mid(), fmt.Sprint("hole", h.index+1), msg, refs...)
			continue
		}
		hc.Mated += len(st.holes)
		// A bolted stack.
		fc.Bolts++
		if dj != nil {
			refs = append(refs, clamped(st, dj, bs, opt.Gap)...)
		}
		dia := math.Inf(1)
		for _, h := range st.holes {
			dia = math.Min(dia, h.dia)
		}
		j := Joint{Kind: model.Bolted, Parts: refs, GripMM: round(st.grip), At: round3(mid), Inferred: dj == nil}
		f, msg := cat.chooseBolt(dj, st.grip, dia, fmt.Sprintf("the bolted joint of %s at %s", stackNames(st), at(mid)))
		j.Fastener = f
		if msg != "" {
			r.add(&fc, mid, "", msg, refs...)
		}
		addJoint(j)
	}
	r.unlocated(a, bs, cat, &fc)
	r.Checks = append(r.Checks, hc, fc)
}

// unlocated records the bolted joints a design declares without a point
// (At is zero): bolts into printed parts and other holes no plate or bar
// shows, which the check cannot measure. Each is one bolt of the declared
// diameter and length, with the catalogue's nut and washers; its instances
// must exist.
func (r *Report) unlocated(a model.Assembly, bs []*body, cat Catalogue, fc *Check) {
	have := map[model.Ref]bool{}
	for _, b := range bs {
		have[b.ref] = true
	}
	for _, dj := range a.Joints {
		if dj.Kind != model.Bolted || dj.At != [3]float64{} {
			continue
		}
		fc.Bolts++
		fc.Unlocated++
		j := Joint{Kind: model.Bolted, Parts: dj.Parts}
		what := "the declared bolted joint of " + names(dj.Parts)
		var missing []string
		for _, ref := range dj.Parts {
			if !have[ref] {
				missing = append(missing, fmt.Sprintf("%s#%d", ref.Part, ref.Instance))
			}
		}
		f := dj.Fastener
		switch {
		case len(dj.Parts) == 0:
			r.add(fc, vec{}, "unlocated", "a declared bolted joint names no part and has no point")
			continue
		case len(missing) > 0:
			r.add(fc, vec{}, "unlocated", fmt.Sprintf("%s: no placed instance %s", what, strings.Join(missing, ", ")), dj.Parts...)
			continue
		case f == nil || f.Diameter <= 0 || f.Length <= 0:
			r.add(fc, vec{}, "unlocated", fmt.Sprintf("%s has no point for the check to measure its stack at, so it needs its bolt's diameter and length", what), dj.Parts...)
			continue
		}
		washers := f.Washers
		if washers == 0 {
			washers = 2
		}
		sz, ok := cat.sized(f.Diameter)
		if !ok {
			r.add(fc, vec{}, "unlocated", fmt.Sprintf("%s: the shop's fastener catalogue has no %s mm bolt, nut and washer", what, mm(f.Diameter)), dj.Parts...)
		}
		j.Fastener = &Fastener{Item: f.Item, Diameter: round(f.Diameter), Length: round(f.Length), Pitch: round(sz.bolt.Pitch),
			Nut: sz.nut.Item, Washer: sz.washer.Item, Washers: washers}
		r.joint(j)
	}
}

// joint records a joint, merged with an equal one (same kind, instances
// and fastener) into its count; tab clearances merge into their range.
func (r *Report) joint(j Joint) {
	if r.merged == nil {
		r.merged = map[string]int{}
	}
	k := fmt.Sprint(j.Kind, j.Parts, j.Fastener)
	if i, ok := r.merged[k]; ok {
		o := &r.Joints[i]
		o.Count++
		if o.Clearance != nil && j.Clearance != nil {
			o.Clearance[0] = math.Min(o.Clearance[0], j.Clearance[0])
			o.Clearance[1] = math.Max(o.Clearance[1], j.Clearance[1])
		}
		return
	}
	r.merged[k] = len(r.Joints)
	j.Count = 1
	r.Joints = append(r.Joints, j)
}

func round(x float64) float64 { return math.Round(x*1000) / 1000 }

// stackRefs lists a stack's instances in order along its axis.
func stackRefs(st *stack) []model.Ref {
	type m struct {
		ref model.Ref
		s   float64
	}
	ax := st.holes[0].axis
	var ms []m
	for _, h := range st.holes {
		ms = append(ms, m{h.b.ref, spansOn(h, ax)[0][0]})
	}
	for _, s := range st.solids {
		ms = append(ms, m{s.ref, dot(s.tr.T, ax)})
	}
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].s != ms[j].s {
			return ms[i].s < ms[j].s
		}
		return refLess(ms[i].ref, ms[j].ref)
	})
	out := make([]model.Ref, len(ms))
	for i, x := range ms {
		out[i] = x.ref
	}
	return out
}

// stackNames names a stack's instances with their hole numbers, in
// order along the axis: "f1#0 hole 3, f9#0 hole 2".
func stackNames(st *stack) string {
	s := ""
	for i, h := range st.holes {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%s#%d hole %d", h.b.ref.Part, h.b.ref.Instance, h.index+1)
	}
	for _, b := range st.solids {
		s += fmt.Sprintf(", %s#%d", b.ref.Part, b.ref.Instance)
	}
	return s
}

func names(refs []model.Ref) string {
	s := ""
	for i, r := range refs {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%s#%d", r.Part, r.Instance)
	}
	return s
}

// nearest finds the closest hole of another part with a parallel axis
// whose material touches h's: the mate a misplaced hole was meant for.
func nearest(h *hole, holes []*hole, gap float64) (*hole, float64) {
	var best *hole
	bestOff := 25.0 // only near misses are worth naming
	for _, o := range holes {
		if o.b == h.b || math.Abs(dot(o.axis, h.axis)) < math.Cos(0.5*math.Pi/180) {
			continue
		}
		if !touch(h.spans, spansOn(o, h.axis), gap) {
			continue
		}
		d := sub(o.origin, h.origin)
		off := norm(sub(d, scale(h.axis, dot(d, h.axis))))
		if off < bestOff {
			best, bestOff = o, off
		}
	}
	return best, bestOff
}
