// Package toolpath plans how a CNC torch table cuts one nested sheet: it
// offsets every part's holes and outline by half the kerf (exactly, arcs
// stay arcs), adds lead-ins and lead-outs in the scrap, picks the cut
// direction, sends holes too small to cut to the drill, orders the cuts to
// shorten rapid travel (holes before their outline, nearest neighbour then
// 2-opt), and estimates cut length, pierces and time. cam/gcode writes the
// resulting Plan in a machine's dialect.
package toolpath

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/shop"
)

// Sheet is the plate being cut. Sheet coordinates have the lower-left
// corner at (0, 0); a plan is in sheet coordinates, and its program in
// the table's, with X0 Y0 on the sheet's Origin corner (Zero).
type Sheet struct {
	SizeX, SizeY float64 // mm, the extents along X and Y
	Thickness    float64 // mm
	// Origin is the sheet's corner at the program's X0 Y0: the sheet is
	// squared into the table's origin corner (shop.TorchTable.Origin).
	// "" is the lower-left corner.
	Origin shop.Corner
}

// Zero returns the sheet point at the program's X0 Y0, its Origin corner.
// A program's coordinates are sheet coordinates minus Zero.
func (s Sheet) Zero() profile.Point {
	var z profile.Point
	if s.Origin.Right() {
		z.X = s.SizeX
	}
	if s.Origin.Upper() {
		z.Y = s.SizeY
	}
	return z
}

// PlacedPart is one part instance placed on the sheet by the nester.
type PlacedPart struct {
	ID       string          // part id, e.g. "f4"
	Instance int             // instance number, from 1
	Shape    profile.Profile // already in sheet coordinates
}

// Swirl is the rotation of the plasma arc's swirl gas, which decides which
// side of the kerf is square.
type Swirl int

const (
	// SwirlCW is the standard clockwise swirl: outlines are cut clockwise and
	// holes counter-clockwise, so the square side of the kerf is on the part.
	SwirlCW Swirl = iota
	// SwirlCCW is the reverse swirl: outlines counter-clockwise, holes clockwise.
	SwirlCCW
)

// LeadKind is the shape of lead-ins and lead-outs.
type LeadKind int

const (
	// LeadArc is a quarter circle tangent to the cut: the usual plasma lead.
	LeadArc LeadKind = iota
	// LeadLine is a straight lead perpendicular to the cut.
	LeadLine
)

// Options configure a plan. Zero fields take the defaults documented on
// each; OptionsFor fills them from a shop's torch table.
type Options struct {
	Cut       shop.CutSettings // the cut-chart row for the sheet's thickness
	RapidFeed float64          // mm/min, for the time estimate; default 5000
	// LeadIn is the lead's length along its quarter circle (or line), mm;
	// default 6. The pierce stands a kerf plus LeadIn off the part.
	LeadIn  float64
	LeadOut float64 // mm along the lead; default half of LeadIn; negative for none
	Lead    LeadKind
	Swirl   Swirl
	// MinHoleRatio sends round holes with diameter < MinHoleRatio ×
	// thickness to the drill; 0 cuts every hole that the kerf allows.
	MinHoleRatio float64
	// SmallHoleRatio marks holes narrower than SmallHoleRatio × thickness
	// (and not drilled) as small: cut at Cut.SmallHoleFeed × Feed with
	// torch height control off, round ones pierced at the centre. Default
	// 2.5, as cut charts and QtPlasmaC do; it is separate from MinHoleRatio.
	SmallHoleRatio float64
	// MinFeatureRatio: a cut hole, slot or cut-out narrower than
	// MinFeatureRatio × thickness is an error (the torch cannot cut it);
	// any narrower than the thickness is a warning. 0: warnings only.
	MinFeatureRatio float64
	// Probe, when set, senses the plate's height before each pierce.
	Probe *Probe
	// HoleLeadFraction caps hole leads at this fraction of the hole radius.
	// Default 0.4.
	HoleLeadFraction float64
	// MinLead is the shortest useful lead, mm; holes that only fit a
	// shorter one are pierced at their centre. Default 1.5.
	MinLead float64
	// SafeHeight is the torch height for rapids above the plate top, mm.
	// Default 10 (or twice the pierce height when that is more).
	SafeHeight float64
}

// Probe is how the torch senses the plate before a pierce: it feeds down
// at Feed until its floating head's switch trips, Offset below the point
// where the tip touched, and sets Z0 there.
type Probe struct {
	Feed   float64 // mm/min
	Offset float64 // mm, the switch travel
}

// OptionsFor returns options from a shop's torch table and the cut-chart row
// for the sheet.
func OptionsFor(t shop.TorchTable, cut shop.CutSettings) Options {
	o := Options{Cut: cut, RapidFeed: t.RapidFeed, LeadIn: t.LeadIn, LeadOut: t.LeadOut, MinHoleRatio: t.MinHoleRatio,
		SmallHoleRatio: t.SmallHoleRatio, MinFeatureRatio: t.MinFeatureRatio}
	if t.HeightSense {
		o.Probe = &Probe{Feed: t.ProbeFeed, Offset: t.ProbeOffset}
		if o.Probe.Feed <= 0 {
			o.Probe.Feed = 500
		}
	}
	return o
}

func (o Options) withDefaults() Options {
	if o.RapidFeed <= 0 {
		o.RapidFeed = 5000
	}
	if o.LeadIn <= 0 {
		o.LeadIn = 6
	}
	if o.LeadOut == 0 {
		o.LeadOut = o.LeadIn / 2
	}
	if o.LeadOut < 0 {
		o.LeadOut = 0
	}
	if o.SmallHoleRatio <= 0 {
		o.SmallHoleRatio = 2.5
	}
	if o.HoleLeadFraction <= 0 {
		o.HoleLeadFraction = 0.4
	}
	if o.MinLead <= 0 {
		o.MinLead = 1.5
	}
	if o.SafeHeight <= 0 {
		o.SafeHeight = math.Max(10, 2*o.Cut.PierceHeight)
	}
	return o
}

// Feature says what a cut is.
type Feature int

const (
	// Hole is an inner loop of a part: a hole, slot or cut-out.
	Hole Feature = iota
	// Outline is a part's outer profile.
	Outline
)

// String returns "hole" or "outline".
func (f Feature) String() string {
	if f == Hole {
		return "hole"
	}
	return "outline"
}

// Cut is one pierce: a lead-in, a closed kerf-compensated loop and a
// lead-out, all cut at one feed.
type Cut struct {
	Part     string
	Instance int
	Feature  Feature
	Hole     int     // 1-based index into the part's Profile.Holes; 0 for the outline
	Diameter float64 // nominal diameter of a round hole, mm; 0 otherwise
	Small    bool    // a small hole: slower feed, torch height control off

	Pierce  profile.Point     // where the torch fires, in scrap
	LeadIn  []profile.Segment // from Pierce to Loop.Start
	Loop    profile.Path      // the kerf-compensated loop in cut direction
	LeadOut []profile.Segment // from Loop.Start into scrap
	Feed    float64           // mm/min
	THCOff  bool              // turn torch height control off for this cut
}

// End returns where the torch goes off.
func (c *Cut) End() profile.Point {
	if n := len(c.LeadOut); n > 0 {
		return c.LeadOut[n-1].End
	}
	return c.Loop.Start
}

// Length is the distance cut, leads included, mm.
func (c *Cut) Length() float64 {
	return openLength(c.Pierce, c.LeadIn) + c.Loop.Length() + openLength(c.Loop.Start, c.LeadOut)
}

// Name says which part and feature the cut makes, e.g. "part f4 #2: hole 3".
func (c *Cut) Name() string {
	if c.Feature == Hole {
		return fmt.Sprintf("part %s #%d: hole %d", c.Part, c.Instance, c.Hole)
	}
	return fmt.Sprintf("part %s #%d: outline", c.Part, c.Instance)
}

// DrillPoint is a hole left for the drill because it is too small to cut.
type DrillPoint struct {
	Part     string
	Instance int
	Hole     int // 1-based index into the part's Profile.Holes
	Center   profile.Point
	Diameter float64 // mm
}

// Warning is something the fabricator should know about a plan: a
// design-for-fabrication finding about one hole of one part instance. The
// same finding is made for every copy of a part, whichever way it is
// placed, so callers may report it once per part.
type Warning struct {
	Part     string
	Instance int
	Hole     int    // 1-based index into the part's Profile.Holes; 0 for the outline
	Message  string // what is wrong with the feature, e.g. "12.17mm wide, narrower than the 12.70mm plate; ..."
}

// Feature names the warning's feature: "hole 3" or "outline".
func (w Warning) Feature() string {
	if w.Hole > 0 {
		return fmt.Sprintf("hole %d", w.Hole)
	}
	return "outline"
}

// String returns the warning as one line naming the part and feature.
func (w Warning) String() string {
	return fmt.Sprintf("part %s #%d: %s: %s", w.Part, w.Instance, w.Feature(), w.Message)
}

// Stats are the estimates for a sheet.
type Stats struct {
	CutLength   float64       // mm, leads included
	RapidLength float64       // mm, from the program's origin (Sheet.Zero) through every pierce
	Pierces     int           // torch starts
	Time        time.Duration // cut length / feed + rapids / rapid feed + pierces × pierce delay
}

// Plan is the ordered cut plan for one sheet.
type Plan struct {
	Sheet      Sheet
	Cut        shop.CutSettings
	Kerf       float64 // mm, from Cut
	RapidFeed  float64 // mm/min
	SafeHeight float64 // mm above the plate top
	Probe      *Probe  // height sensing before each pierce; nil for none
	Cuts       []Cut   // in cutting order
	Drill      []DrillPoint
	Warnings   []Warning
	Stats      Stats
}

// PartError is a part that cannot be planned.
type PartError struct {
	Part     string
	Instance int
	Feature  string // "outline", "hole 3"
	Err      error
}

// Error names the part, instance and feature, then the cause.
func (e *PartError) Error() string {
	return fmt.Sprintf("part %s #%d: %s: %v", e.Part, e.Instance, e.Feature, e.Err)
}

// Unwrap returns the cause, often an *OffsetError.
func (e *PartError) Unwrap() error { return e.Err }

// Build plans the cutting of parts on a sheet.
func Build(ctx context.Context, sheet Sheet, parts []PlacedPart, opt Options) (*Plan, error) {
	opt = opt.withDefaults()
	switch {
	case opt.Cut.Feed <= 0:
		return nil, fmt.Errorf("toolpath: cut settings for %.3gmm plate have no feed", sheet.Thickness)
	case opt.Cut.Kerf < 0:
		return nil, fmt.Errorf("toolpath: negative kerf %.3gmm", opt.Cut.Kerf)
	case sheet.SizeX <= 0 || sheet.SizeY <= 0:
		return nil, fmt.Errorf("toolpath: sheet %gx%gmm has no area", sheet.SizeX, sheet.SizeY)
	case !sheet.Origin.Valid():
		return nil, fmt.Errorf("toolpath: sheet origin %q is not a corner", sheet.Origin)
	}
	plan := &Plan{Sheet: sheet, Cut: opt.Cut, Kerf: opt.Cut.Kerf, RapidFeed: opt.RapidFeed, SafeHeight: opt.SafeHeight, Probe: opt.Probe}
	b := &builder{opt: opt, sheet: sheet, parts: parts, plan: plan}
	groups := make([]partCuts, 0, len(parts))
	for i := range parts {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		g, err := b.part(i)
		if err != nil {
			return nil, err
		}
		groups = append(groups, g)
	}
	order, err := orderParts(ctx, groups, b.precedence(), sheet.Zero())
	if err != nil {
		return nil, err
	}
	for _, gi := range order {
		plan.Cuts = append(plan.Cuts, groups[gi].cuts...)
	}
	plan.Stats = estimate(plan, opt)
	return plan, nil
}

type builder struct {
	opt    Options
	sheet  Sheet
	parts  []PlacedPart
	bounds []profile.Box    // of each part's outline, computed once: lead checks test them often
	fields []*profile.Field // of each part's shape, made when a lead check first asks
	plan   *Plan
}

// partBounds returns the bounding box of part j.
func (b *builder) partBounds(j int) profile.Box {
	if b.bounds == nil {
		b.bounds = make([]profile.Box, len(b.parts))
		for i, p := range b.parts {
			b.bounds[i] = p.Shape.Bounds()
		}
	}
	return b.bounds[j]
}

// partField returns the distance field of part j's shape.
func (b *builder) partField(j int) *profile.Field {
	if b.fields == nil {
		b.fields = make([]*profile.Field, len(b.parts))
	}
	if b.fields[j] == nil {
		b.fields[j] = profile.NewField(b.parts[j].Shape)
	}
	return b.fields[j]
}

// partCuts is one part's cuts, holes ordered, outline last.
type partCuts struct{ cuts []Cut }

func (g partCuts) entry() profile.Point { return g.cuts[0].Pierce }
func (g partCuts) exit() profile.Point  { return g.cuts[len(g.cuts)-1].End() }

func (b *builder) part(i int) (partCuts, error) {
	pp := b.parts[i]
	shape := profile.New(pp.Shape.Outer, pp.Shape.Holes...)
	own := profile.NewField(shape)
	half := b.opt.Cut.Kerf / 2
	t := b.sheet.Thickness
	perr := func(feature string, err error) error {
		return &PartError{Part: pp.ID, Instance: pp.Instance, Feature: feature, Err: err}
	}
	var holes []Cut
	for h, hole := range shape.Holes {
		name := fmt.Sprintf("hole %d", h+1)
		center, r, round := hole.Circle()
		dia := 2 * r
		if Drilled(hole, t, b.opt.MinHoleRatio) {
			b.plan.Drill = append(b.plan.Drill, DrillPoint{Part: pp.ID, Instance: pp.Instance, Hole: h + 1, Center: center, Diameter: dia})
			continue
		}
		loop, err := Offset(hole, half)
		if err != nil {
			var oe *OffsetError
			if round && errors.As(err, &oe) {
				b.plan.Drill = append(b.plan.Drill, DrillPoint{Part: pp.ID, Instance: pp.Instance, Hole: h + 1, Center: center, Diameter: dia})
				b.plan.Warnings = append(b.plan.Warnings, Warning{pp.ID, pp.Instance, h + 1,
					fmt.Sprintf("dia %.2fmm, too small to cut with a %.2fmm kerf; sent to the drill", dia, b.opt.Cut.Kerf)})
				continue
			}
			return partCuts{}, perr(name, err)
		}
		c := Cut{Part: pp.ID, Instance: pp.Instance, Feature: Hole, Hole: h + 1, Feed: b.opt.Cut.Feed}
		size := FeatureWidth(hole)
		if round {
			c.Diameter = dia
		}
		if size < t {
			if b.opt.MinFeatureRatio > 0 && size < b.opt.MinFeatureRatio*t {
				return partCuts{}, perr(name, fmt.Errorf("%.2fmm wide, narrower than %g x the %.2fmm plate: the torch cannot cut it (drill it, widen it or cut it another way)", size, b.opt.MinFeatureRatio, t))
			}
			b.plan.Warnings = append(b.plan.Warnings, Warning{pp.ID, pp.Instance, h + 1,
				fmt.Sprintf("%.2fmm wide, narrower than the %.2fmm plate; the torch bevels so narrow a cut: check it or drill it", size, t)})
		}
		if size < b.opt.SmallHoleRatio*t {
			c.Small, c.THCOff = true, true
			frac := b.opt.Cut.SmallHoleFeed
			if frac <= 0 || frac > 1 {
				frac = 0.6
			}
			c.Feed *= frac
		}
		if err := b.leads(&c, i, own, loop, center, round); err != nil {
			return partCuts{}, perr(name, err)
		}
		holes = append(holes, c)
	}
	loop, err := Offset(shape.Outer, half)
	if err != nil {
		return partCuts{}, perr("outline", err)
	}
	outer := Cut{Part: pp.ID, Instance: pp.Instance, Feature: Outline, Feed: b.opt.Cut.Feed}
	if err := b.leads(&outer, i, own, loop, profile.Point{}, false); err != nil {
		return partCuts{}, perr("outline", err)
	}
	cuts := append(orderHoles(holes, outer.Pierce), outer)
	return partCuts{cuts: cuts}, nil
}

// precedence returns, for each part, the parts that must be cut before it:
// those nested inside one of its holes.
func (b *builder) precedence() [][]int {
	before := make([][]int, len(b.parts))
	for i, outer := range b.parts {
		for _, h := range outer.Shape.Holes {
			box := h.Bounds()
			inside := profile.Profile{Outer: h}
			if h.Area() < 0 {
				inside.Outer = h.Reverse()
			}
			for j, inner := range b.parts {
				if i == j {
					continue
				}
				p := inner.Shape.Outer.Start
				if p.X < box.Min.X || p.X > box.Max.X || p.Y < box.Min.Y || p.Y > box.Max.Y {
					continue
				}
				if sdistProfile(inside, p) < 0 {
					before[i] = append(before[i], j)
				}
			}
		}
	}
	return before
}

func openLength(from profile.Point, segs []profile.Segment) float64 {
	l := 0.0
	for _, s := range segs {
		if arc, ok := profile.ArcOf(from, s); ok {
			l += arc.Radius * math.Abs(arc.Sweep)
		} else {
			l += s.End.Sub(from).Len()
		}
		from = s.End
	}
	return l
}

func estimate(p *Plan, opt Options) Stats {
	var st Stats
	pos := p.Sheet.Zero()
	minutes := 0.0
	for i := range p.Cuts {
		c := &p.Cuts[i]
		st.RapidLength += c.Pierce.Sub(pos).Len()
		l := c.Length()
		st.CutLength += l
		minutes += l / c.Feed
		st.Pierces++
		pos = c.End()
	}
	minutes += st.RapidLength / opt.RapidFeed
	secs := minutes*60 + float64(st.Pierces)*opt.Cut.PierceDelay
	st.Time = time.Duration(math.Round(secs * float64(time.Second)))
	return st
}

// DrillQuantum is the resolution of the drill rule, mm: a hole is drilled
// only when it is at least half a quantum under the threshold, so a hole
// at the threshold, give or take the rounding noise of placing and
// rotating a part (about 1e-12 mm), is cut on every copy.
const DrillQuantum = 1e-3

// Drilled reports whether a hole is drilled instead of cut: a round hole
// whose diameter is under minHoleRatio x the plate thickness, too small
// for a clean torch cut. It is the one rule: the torch plan, the drill
// programs, the DXF layers and the drawings all ask it, and it gives the
// same answer for a part in its own frame and every copy on a sheet.
func Drilled(hole profile.Path, thickness, minHoleRatio float64) bool {
	_, r, round := hole.Circle()
	return round && 2*r < minHoleRatio*thickness-DrillQuantum/2
}

// DrilledHoles returns the indices into shape.Holes of the holes Drilled
// sends to the drill. Ask it of the part in its own frame: the answer is
// the same for every placed copy.
func DrilledHoles(shape profile.Profile, thickness, minHoleRatio float64) []int {
	var idx []int
	for i, h := range shape.Holes {
		if Drilled(h, thickness, minHoleRatio) {
			idx = append(idx, i)
		}
	}
	return idx
}

// FeatureWidth is the narrowest width of a hole or cut-out: its diameter
// when round, else the least width of its convex hull (exact for slots,
// rectangles and other convex cut-outs). It does not depend on how the part
// is placed or turned.
func FeatureWidth(hole profile.Path) float64 {
	if _, r, ok := hole.Circle(); ok {
		return 2 * r
	}
	hull := convexHull(hole.Flatten(0.01))
	n := len(hull)
	if n < 3 {
		return 0
	}
	best := math.Inf(1)
	for i := range hull {
		a, b := hull[i], hull[(i+1)%n]
		e := b.Sub(a)
		l := e.Len()
		if l == 0 {
			continue
		}
		far := 0.0
		for _, q := range hull {
			far = math.Max(far, math.Abs(e.Cross(q.Sub(a)))/l)
		}
		best = math.Min(best, far)
	}
	return best
}

// convexHull returns the convex hull of pts (monotone chain).
func convexHull(pts []profile.Point) []profile.Point {
	p := append([]profile.Point(nil), pts...)
	slices.SortFunc(p, func(a, b profile.Point) int {
		if c := cmp.Compare(a.X, b.X); c != 0 {
			return c
		}
		return cmp.Compare(a.Y, b.Y)
	})
	if len(p) < 3 {
		return p
	}
	var h []profile.Point
	for pass := 0; pass < 2; pass++ {
		start := len(h)
		for _, q := range p {
			for len(h) >= start+2 && h[len(h)-1].Sub(h[len(h)-2]).Cross(q.Sub(h[len(h)-2])) <= 0 {
				h = h[:len(h)-1]
			}
			h = append(h, q)
		}
		h = h[:len(h)-1]
		slices.Reverse(p)
	}
	return h
}
