package toolpath

import (
	"fmt"
	"math"

	"github.com/fabkit/fabkit/geometry/profile"
)

// leadCandidate is a place on a loop where a cut can start.
type leadCandidate struct {
	seg    int
	frac   float64
	p      point // the point on the loop
	t0     point // loop tangent in the profile's orientation
	segLen float64
	line   bool
}

func candidates(loop profile.Path, lead float64) []leadCandidate {
	var out []leadCandidate
	i := 0
	loop.Each(func(a point, s profile.Segment) {
		sg := segsOf(profile.Path{Start: a, Segs: []profile.Segment{s}})
		if len(sg) == 0 {
			i++
			return
		}
		g := sg[0]
		fracs := []float64{0.5}
		if !g.arc && g.length() > 4*lead {
			fracs = append(fracs, 0.25, 0.75)
		}
		for _, f := range fracs {
			c := leadCandidate{seg: i, frac: f, p: pointAlong(a, s, f), segLen: g.length(), line: !g.arc}
			if g.arc {
				c.t0 = g.tangentAt(g.a0 + f*g.sweep)
			} else {
				c.t0 = g.startTangent()
			}
			out = append(out, c)
		}
		i++
	})
	return out
}

// leads picks the start of a cut and builds its lead-in and lead-out. loop
// is the kerf-compensated loop in the profile's orientation (scrap on its
// right); part is the index of the part being cut.
func (b *builder) leads(c *Cut, part int, shape *profile.Field, loop profile.Path, center point, round bool) error {
	reverse := b.opt.Swirl == SwirlCW // outlines CCW -> CW, holes CW -> CCW
	lin, lout := b.opt.LeadIn, b.opt.LeadOut
	if c.Feature == Hole {
		var room float64
		if round {
			_, r, _ := loop.Circle()
			room = r
		} else {
			sz := loop.Bounds().Size()
			room = math.Min(sz.X, sz.Y) / 2
		}
		lin = math.Min(lin, b.opt.HoleLeadFraction*room)
		lout = math.Min(lout, b.opt.HoleLeadFraction*room)
		if round && (c.Small || lin < b.opt.MinLead) {
			return b.centreLead(c, loop, center, reverse)
		}
	}
	cands := candidates(loop, lin)
	// Shorter leads pierce nearer the part (a kerf plus the lead off it);
	// below MinLead a round hole is pierced at its centre instead, and
	// other loops go on down to an eighth of it.
	floor := b.opt.MinLead
	if !round {
		floor /= 8
	}
	for l, lo := lin, lout; l >= floor*0.999 || l == lin; l, lo = l/2, lo/2 {
		best, bestScore := -1, math.Inf(-1)
		var bestIn, bestOut []profile.Segment
		var bestQ point
		for k, cd := range cands {
			t := cd.t0
			if reverse {
				t = t.Scale(-1)
			}
			// The score before the leads are built and checked: a
			// candidate that cannot beat the best even at full clearance
			// (3l; sums round monotonically) is not worth checking.
			score := 0.25*math.Min(cd.segLen, 4*l) + 0.5*l*boolf(cd.line)
			bound := score
			if c.Feature == Outline {
				bound += 3 * l
			}
			if bound <= bestScore+1e-9 {
				continue
			}
			n := right(cd.t0)
			q, in, out := b.makeLeads(shape, cd.p, t, n, l, lo)
			if !b.clear(part, shape, q, in, out, b.opt.Cut.Kerf+l) {
				continue
			}
			if c.Feature == Outline {
				score += math.Min(b.clearance(part, q), 3*l)
			}
			if score > bestScore+1e-9 {
				best, bestScore, bestIn, bestOut, bestQ = k, score, in, out, q
			}
		}
		if best >= 0 {
			cd := cands[best]
			c.Pierce, c.LeadIn, c.LeadOut = bestQ, bestIn, bestOut
			c.Loop = startAt(loop, cd.seg, cd.frac)
			if reverse {
				c.Loop = c.Loop.Reverse()
			}
			if l < lin {
				b.plan.Warnings = append(b.plan.Warnings, Warning{c.Part, c.Instance, c.Hole,
					fmt.Sprintf("lead-in shortened to %.2gmm: no room for a longer one with its pierce a kerf plus the lead off the part", l)})
			}
			return nil
		}
		if l < floor {
			break
		}
	}
	if round {
		return b.centreLead(c, loop, center, reverse)
	}
	return fmt.Errorf("no room for a %.2gmm lead-in clear of the part, its neighbours and the sheet edge, with its pierce a kerf plus the lead off the part", floor)
}

func boolf(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// centreLead pierces a round hole at its centre and runs straight out to
// the loop, with no lead-out (the slug drops).
func (b *builder) centreLead(c *Cut, loop profile.Path, center point, reverse bool) error {
	cands := candidates(loop, 0)
	cd := cands[0]
	c.Pierce = center
	c.LeadIn = []profile.Segment{{End: cd.p}}
	c.LeadOut = nil
	c.Loop = startAt(loop, cd.seg, cd.frac)
	if reverse {
		c.Loop = c.Loop.Reverse()
	}
	return nil
}

// makeLeads returns the pierce point, lead-in and lead-out for a cut that
// starts at p on the loop going in direction t, with scrap in direction n.
// The lead-in is lin long (a quarter circle, or a line with LeadLine) and
// is reached from the pierce by a straight run along n, so that the pierce
// stands a kerf plus lin off the part's finished edge, as the cut charts
// and QtPlasmaC ask: the pierce crater and the arc's unsteady start stay in
// the scrap. On a straight edge the run is lin + kerf/2 - the arc's depth;
// on a curved one it is lengthened until the pierce is that far off.
func (b *builder) makeLeads(shape *profile.Field, p, t, n point, lin, lout float64) (point, []profile.Segment, []profile.Segment) {
	kerf := b.opt.Cut.Kerf
	standoff := func(start point, depth float64) (point, []profile.Segment) {
		e := lin + kerf/2 - depth
		q := start.Add(n.Scale(e))
		for i := 0; i < 4; i++ {
			short := kerf + lin - sdist(shape, q)
			if short <= 1e-4 || e > 4*(lin+kerf) {
				break
			}
			e += short
			q = start.Add(n.Scale(e))
		}
		if e < 1e-6 {
			return start, nil
		}
		return q, []profile.Segment{{End: start}}
	}
	if b.opt.Lead == LeadLine {
		q, run := standoff(p.Add(n.Scale(lin)), lin)
		var out []profile.Segment
		if lout > 0 {
			out = []profile.Segment{{End: p.Add(n.Scale(lout))}}
		}
		return q, append(run, profile.Segment{End: p}), out
	}
	r := 2 * lin / math.Pi
	c := p.Add(n.Scale(r))
	s := math.Copysign(1, n.Scale(-1).Cross(t)) // +1: the lead turns counter-clockwise
	bulge := s * math.Tan(math.Pi/8)
	arcStart := c.Add(p.Sub(c).Rotate(-s * 90))
	q, run := standoff(arcStart, r)
	var out []profile.Segment
	if lout > 0 {
		ro := 2 * lout / math.Pi
		co := p.Add(n.Scale(ro))
		out = []profile.Segment{{End: co.Add(p.Sub(co).Rotate(s * 90)), Bulge: bulge}}
	}
	return q, append(run, profile.Segment{End: p, Bulge: bulge}), out
}

// clear reports whether the leads keep their kerf off the part, off every
// other part and on the sheet, the pierce at least pierce (a kerf plus the
// lead-in's length) off the part's finished edge and a whole kerf off
// every other part's: the pierce crater is wider than the kerf.
func (b *builder) clear(part int, shape *profile.Field, q point, in, out []profile.Segment, pierce float64) bool {
	half := b.opt.Cut.Kerf / 2
	step := math.Max(0.25, half/2)
	var pts []point
	pts = append(pts, sampleOpen(q, in, step, true)...)
	if len(in) > 0 && len(out) > 0 {
		pts = append(pts, sampleOpen(in[len(in)-1].End, out, step, false)...)
	}
	tol := 1e-3
	for i, p := range pts {
		if p.X < 0 || p.Y < 0 || p.X > b.sheet.SizeX || p.Y > b.sheet.SizeY {
			return false
		}
		half, own := half, half
		if i == 0 { // the pierce: a kerf from other parts, and its standoff from its own
			half, own = b.opt.Cut.Kerf, pierce
		}
		if below(shape, p, own-tol) {
			return false
		}
		for j := range b.parts {
			if j == part {
				continue
			}
			box := b.partBounds(j)
			if p.X < box.Min.X-half || p.X > box.Max.X+half || p.Y < box.Min.Y-half || p.Y > box.Max.Y+half {
				continue
			}
			if below(b.partField(j), p, half+tol) {
				return false
			}
		}
	}
	return true
}

// clearance is the distance from q to the nearest other part or sheet edge.
func (b *builder) clearance(part int, q point) float64 {
	d := math.Min(math.Min(q.X, b.sheet.SizeX-q.X), math.Min(q.Y, b.sheet.SizeY-q.Y))
	for j := range b.parts {
		if j == part {
			continue
		}
		box := b.partBounds(j)
		dx := math.Max(0, math.Max(box.Min.X-q.X, q.X-box.Max.X))
		dy := math.Max(0, math.Max(box.Min.Y-q.Y, q.Y-box.Max.Y))
		if math.Hypot(dx, dy) >= d {
			continue
		}
		d = math.Min(d, sdist(b.partField(j), q))
	}
	return d
}

// sampleOpen returns points along an open run of segments from from, no
// further apart than step. skipEnd leaves out the final point (where a
// lead-in meets the loop); otherwise the first point is left out.
func sampleOpen(from point, segs []profile.Segment, step float64, skipEnd bool) []point {
	var pts []point
	a := from
	for si, s := range segs {
		l := openLength(a, []profile.Segment{s})
		n := int(math.Ceil(l/step)) + 1
		if n > 400 {
			n = 400
		}
		for k := 0; k <= n; k++ {
			if skipEnd && si == len(segs)-1 && k == n {
				continue
			}
			if !skipEnd && si == 0 && k == 0 {
				continue
			}
			pts = append(pts, pointAlong(a, s, float64(k)/float64(n)))
		}
		a = s.End
	}
	return pts
}

// startAt returns the loop starting at fraction f of segment idx.
func startAt(p profile.Path, idx int, f float64) profile.Path {
	pts := p.Points()
	s := p.Segs[idx]
	start := pointAlong(pts[idx], s, f)
	b1, b2 := 0.0, 0.0
	if s.Bulge != 0 {
		sw := 4 * math.Atan(s.Bulge)
		b1, b2 = math.Tan(f*sw/4), math.Tan((1-f)*sw/4)
	}
	out := profile.Path{Start: start, Segs: make([]profile.Segment, 0, len(p.Segs)+1)}
	out.Segs = append(out.Segs, profile.Segment{End: s.End, Bulge: b2})
	n := len(p.Segs)
	for k := 1; k < n; k++ {
		out.Segs = append(out.Segs, p.Segs[(idx+k)%n])
	}
	out.Segs = append(out.Segs, profile.Segment{End: start, Bulge: b1})
	return out
}

// sdist is the signed distance from q to the part edge, negative in the
// material. It nudges q by 1e-7 mm: profile.Evaluate2 can get the side
// wrong for a point exactly on the chord line of a vertical arc. The lead
// checks ask it thousands of times per part, so it reads a profile.Field
// (the same bits as Evaluate2, from the few segments near q).
func sdist(f *profile.Field, q point) float64 {
	return f.Evaluate2(nudge(q))
}

// below reports whether sdist(f, q) < t, with less work.
func below(f *profile.Field, q point, t float64) bool {
	return f.Below(nudge(q), t)
}

// sdistProfile is sdist for a one-off question.
func sdistProfile(p profile.Profile, q point) float64 {
	return p.Evaluate2(nudge(q))
}

func nudge(q point) point { return point{X: q.X + 1e-7, Y: q.Y + 1.3e-7} }
