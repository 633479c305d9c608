package assembly

import (
	"fmt"
	"math"
	"sort"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
)

// section2 returns where a piece crosses the plane w = w0 of plate body a,
// as points of a's local (u, v) plane, or nil if it does not cross it.
func section2(a *body, p *piece, w0 float64) []profile.Point {
	ax := rotate(a.tr, vec{0, 0, 1})
	o := a.tr.Apply(vec{0, 0, w0})
	n := len(p.verts)
	d := make([]float64, n)
	for i, v := range p.verts {
		d[i] = dot(sub(v, o), ax)
	}
	var out []profile.Point
	cut := func(i, j int) {
		if (d[i] < 0) == (d[j] < 0) {
			return
		}
		t := d[i] / (d[i] - d[j])
		q := a.toLocal(add(p.verts[i], scale(sub(p.verts[j], p.verts[i]), t)))
		out = append(out, profile.Point{X: q[0], Y: q[1]})
	}
	k := p.k
	for i := 0; i < k; i++ {
		cut(i, (i+1)%k)
		cut(k+i, k+(i+1)%k)
		cut(i, k+i)
	}
	return out
}

// rect returns a path's corners when it is a rectangle of four straight
// sides: its origin corner, unit side directions and side lengths.
func rect(p profile.Path) (o, u, v profile.Point, lu, lv float64, ok bool) {
	if len(p.Segs) != 4 {
		return
	}
	for _, s := range p.Segs {
		if s.Bulge != 0 {
			return
		}
	}
	pts := p.Points()
	e1, e2 := pts[1].Sub(pts[0]), pts[2].Sub(pts[1])
	lu, lv = e1.Len(), e2.Len()
	if lu < 1e-6 || lv < 1e-6 || math.Abs(e1.X*e2.X+e1.Y*e2.Y) > 1e-6*lu*lv {
		return
	}
	return pts[0], e1.Scale(1 / lu), e2.Scale(1 / lv), lu, lv, true
}

// tabs checks every shaped hole of a plate: a rectangular slot must hold
// a tab of another part with the design's clearance on each side; any
// shaped hole with nothing through it must be declared open.
func (r *Report) tabs(a model.Assembly, shapes []shaped, bs []*body, opt Options) {
	c := Check{Name: "tabs", Method: "rectangular slots of plates (with or without corner reliefs: then measured along the tab's centre lines), and notches (slots open to a plate's edge) that hold a tab: the section of every part crossing the slotted plate's mid-plane, measured against the slot on each side (a notch: against its two sides, and no deeper than its bottom)"}
	type fit struct {
		sh    shaped
		tab   *body
		sides [4]float64 // -u, +u, -v, +v
		at    vec
	}
	var fits []fit
	for _, sh := range shapes {
		A := sh.b
		if _, ok := a.IsOpen(A.ref.Part, sh.index); ok && !sh.notch {
			c.Open++ // a window: anything may pass through it
			continue
		}
		t := A.part.Plate.Thickness
		bb := sh.path.Bounds()
		lo := A.world(bb.Min.X, bb.Min.Y, 0)
		region := box{lo, lo}.extend(A.world(bb.Max.X, bb.Max.Y, t)).extend(A.world(bb.Min.X, bb.Max.Y, 0)).extend(A.world(bb.Max.X, bb.Min.Y, t))
		o, u, v, lu, lv, isRect := rect(sh.path)
		relieved := !isRect && !sh.notch && straight(sh.path)
		if relieved { // measured in the plate's own axes, along the tab's centre lines
			o, u, v = profile.Point{}, profile.Point{X: 1}, profile.Point{Y: 1}
		}
		// Tab sections inside the hole's box (grown by the gap).
		var tabs []*body
		ext := map[*body][4]float64{}
		for _, B := range bs {
			if B == A || B.kind == solidBody || !B.box.overlaps(region, 0) {
				continue
			}
			e := [4]float64{math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)}
			hit := false
			for i := range B.pieces {
				p := &B.pieces[i]
				if !p.box.overlaps(region, 0) {
					continue
				}
				pts := section2(A, p, t/2)
				if len(pts) == 0 {
					continue
				}
				pb := profile.EmptyBox()
				for _, q := range pts {
					pb = pb.Extend(q)
				}
				if pb.Max.X <= bb.Min.X+opt.Contact || pb.Min.X >= bb.Max.X-opt.Contact || pb.Max.Y <= bb.Min.Y+opt.Contact || pb.Min.Y >= bb.Max.Y-opt.Contact {
					continue
				}
				hit = true
				if isRect || relieved {
					for _, q := range pts {
						d := q.Sub(o)
						su, sv := d.X*u.X+d.Y*u.Y, d.X*v.X+d.Y*v.Y
						e[0], e[1] = math.Min(e[0], su), math.Max(e[1], su)
						e[2], e[3] = math.Min(e[2], sv), math.Max(e[3], sv)
					}
				}
			}
			if hit {
				tabs = append(tabs, B)
				ext[B] = e
			}
		}
		mid := A.world((bb.Min.X+bb.Max.X)/2, (bb.Min.Y+bb.Max.Y)/2, t/2)
		if len(tabs) == 0 && sh.notch {
			continue // an empty notch is only the outline's shape
		}
		if len(tabs) == 0 {
			r.add(&c, mid, fmt.Sprint("slot", sh.index+1), fmt.Sprintf("%s: slot %d at %s holds no tab and is not declared open", A.name(), sh.index+1, at(mid)), A.ref)
			continue
		}
		if !isRect && !relieved {
			continue // a shaped hole something passes through: the interference test covers it
		}
		for _, B := range tabs {
			e := ext[B]
			f := fit{sh: sh, tab: B, sides: [4]float64{e[0], lu - e[1], e[2], lv - e[3]}, at: mid}
			if relieved {
				var ok bool
				if f.sides, ok = midGaps(sh.path, e); !ok {
					continue
				}
			}
			if sh.notch && (f.sides[0] < -opt.Contact || f.sides[1] < -opt.Contact) {
				continue // wider than the notch: not a tab in it (the interference check reports the overlap)
			}
			fits = append(fits, f)
		}
	}
	// The design's clearance, or the one most sides have.
	want := a.TabClearance
	inferred := want == 0
	if inferred {
		count := map[float64]int{}
		for _, f := range fits {
			for _, s := range f.sides {
				if !f.sh.notch { // the slots' clearance; a notch is held to it
					count[math.Round(s*100)/100]++
				}
			}
		}
		best := -1
		var keys []float64
		for k := range count {
			keys = append(keys, k)
		}
		sort.Float64s(keys)
		for _, k := range keys {
			if count[k] > best {
				want, best = k, count[k]
			}
		}
	}
	common := want
	for _, f := range fits {
		c.Tabs++
		A, B := f.sh.b, f.tab
		want := common
		if v, ok := a.SlotClearance[A.ref.Part]; ok && !inferred {
			want = v
		}
		cl := [2]float64{math.Inf(1), math.Inf(-1)}
		for i, s := range f.sides {
			if !f.sh.notch || i < 2 {
				cl[0], cl[1] = math.Min(cl[0], round(s)), math.Max(cl[1], round(s))
			}
		}
		r.joint(Joint{Kind: model.TabSlot, Parts: []model.Ref{B.ref, A.ref}, At: round3(f.at), Inferred: true, Clearance: &cl})
		worst, side := 0.0, -1
		for i, s := range f.sides {
			d := math.Abs(s - want)
			if f.sh.notch && i == 3 {
				continue // a notch's mouth is open
			}
			if f.sh.notch && (i == 2 || inferred) {
				d = -s // its bottom only stops the tab; without a declared clearance a notch's sides only must not pinch
			}
			if d > opt.Contact && d > worst {
				worst, side = d, i
			}
		}
		if side < 0 {
			continue
		}
		what := "too loose"
		if f.sides[side] < want {
			what = "too tight"
		}
		if f.sides[side] < -opt.Contact {
			what = "longer than its slot"
		}
		kind := "slot"
		if f.sh.notch {
			kind = "notch"
			if side == 2 {
				what = "deeper than its notch"
			}
		}
		msg := fmt.Sprintf("the tab of %s in %s %d of %s at %s is %s: %.2f mm clearance on one side, the design's is %.2f mm%s",
			B.name(), kind, f.sh.index+1, A.name(), at(f.at), what, f.sides[side], want, map[bool]string{true: " (the common clearance; not declared)", false: ""}[inferred])
		if f.sh.notch && side == 2 {
			msg = fmt.Sprintf("the tab of %s in notch %d of %s at %s is deeper than its notch: %.2f mm past its bottom", B.name(), f.sh.index+1, A.name(), at(f.at), -f.sides[side])
		}
		r.add(&c, f.at, fmt.Sprint(kind, f.sh.index+1), msg, B.ref, A.ref)
	}
	r.Checks = append(r.Checks, c)
}

// straight reports whether a path has only straight sides.
func straight(p profile.Path) bool {
	for _, s := range p.Segs {
		if s.Bulge != 0 {
			return false
		}
	}
	return true
}

// midGaps measures a tab whose section spans e (x0, x1, y0, y1 in the
// plate's frame) in a straight-sided slot that is no plain rectangle (a
// tabinsert with corner reliefs): the gap on each side (-x, +x, -y, +y)
// along the lines through the section's centre, where reliefs do not
// reach. ok is false when a line does not meet the slot on both sides.
func midGaps(p profile.Path, e [4]float64) (gaps [4]float64, ok bool) {
	cx, cy := (e[0]+e[1])/2, (e[2]+e[3])/2
	l, r, d, u := math.Inf(-1), math.Inf(1), math.Inf(-1), math.Inf(1)
	pts := p.Points()
	for i := range pts {
		a, b := pts[i], pts[(i+1)%len(pts)]
		if (a.Y-cy)*(b.Y-cy) < 0 {
			x := a.X + (cy-a.Y)*(b.X-a.X)/(b.Y-a.Y)
			if x >= cx {
				r = math.Min(r, x)
			} else {
				l = math.Max(l, x)
			}
		}
		if (a.X-cx)*(b.X-cx) < 0 {
			y := a.Y + (cx-a.X)*(b.Y-a.Y)/(b.X-a.X)
			if y >= cy {
				u = math.Min(u, y)
			} else {
				d = math.Max(d, y)
			}
		}
	}
	if math.IsInf(l, 0) || math.IsInf(r, 0) || math.IsInf(d, 0) || math.IsInf(u, 0) {
		return gaps, false
	}
	return [4]float64{e[0] - l, r - e[1], e[2] - d, u - e[3]}, true
}
