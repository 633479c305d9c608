// Package assembly proves that a model's parts go together: no two
// instances share material, every hole is mated, pinned or declared open,
// every tab sits in its slot, and every bolt comes from the shop's fastener
// catalogue with a length that clamps its stack. It infers the joints a
// design does not declare and reports what it checked, with counts, for
// the manifest; a finding names both parts, their instances and a point.
package assembly

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/shop"
)

// Options are the check's tolerances, all in mm; zero values take the
// defaults below.
type Options struct {
	// Contact is how deep two parts may meet and still count as touching
	// (face contact, the chords of flattened arcs): 0.1 mm.
	Contact float64
	// Chord is the tolerance arcs are flattened to for the exact prism
	// test: 0.02 mm.
	Chord float64
	// Coaxial is how far apart two hole axes may be and still mate: 0.5 mm.
	Coaxial float64
	// Gap is how far apart two parts may be and still be touching for a
	// bolt or a tab: 0.5 mm.
	Gap float64
	// Step is the grid step of the sampled test on sdfx solids: 1 mm
	// (coarser where a pair shares a large box; the report states it).
	Step float64
	// Allow lists known findings (by Finding.Key) that do not fail the
	// build; they stay in the report, marked allowed.
	Allow []string
	// Workers is how many goroutines test pairs for interference: 0 means
	// one a core (GOMAXPROCS). The report is the same for any number.
	Workers int
}

func (o Options) withDefaults() Options {
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.Contact, 0.1)
	def(&o.Chord, 0.02)
	def(&o.Coaxial, 0.5)
	def(&o.Gap, 0.5)
	def(&o.Step, 1)
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	return o
}

// maxSamples caps the grid points of one sampled pair.
const maxSamples = 200000

// Joint is a joint found or declared, as the manifest lists it.
type Joint struct {
	Kind      model.JointKind `json:"kind"`
	Parts     []model.Ref     `json:"parts"`
	Fastener  *Fastener       `json:"fastener,omitempty"`
	GripMM    float64         `json:"grip_mm,omitempty"`
	At        [3]float64      `json:"at_mm"`
	Inferred  bool            `json:"inferred"`
	Count     int             `json:"count"`
	Clearance *[2]float64     `json:"clearance_mm,omitempty"` // tab: least and most gap between tab and slot, any side
	Weld      string          `json:"weld,omitempty"`         // a declared weld's description, e.g. "45° mitre, inside and outside"
}

// Check is one check run, with its counts.
type Check struct {
	Name    string  `json:"name"`
	Method  string  `json:"method"`
	Pairs   int     `json:"pairs_tested,omitempty"`  // instance pairs whose boxes overlap
	Tested  int     `json:"pieces_tested,omitempty"` // convex piece pairs tested exactly
	Sampled int     `json:"pairs_sampled,omitempty"` // pairs with an sdfx solid
	Samples int     `json:"samples,omitempty"`
	StepMM  float64 `json:"sample_step_mm,omitempty"`
	Holes   int     `json:"holes,omitempty"`
	Mated   int     `json:"holes_mated,omitempty"`
	Carried int     `json:"holes_carrying_pins,omitempty"`
	Open    int     `json:"open,omitempty"` // holes or slots declared open
	Tabs    int     `json:"tabs_checked,omitempty"`
	Bolts   int     `json:"bolts,omitempty"`
	Welds   int     `json:"welds,omitempty"` // declared welds whose instances meet at their point
	// Unlocated counts the bolts a design declares without a point (into
	// printed parts): counted and bought, their stacks not measured.
	Unlocated int `json:"bolts_unlocated,omitempty"`
	Findings  int `json:"findings"`
}

// Finding is one thing that does not go together.
type Finding struct {
	Check   string      `json:"check"`
	Key     string      `json:"key"` // stable: check and instances, for allow-lists
	Parts   []model.Ref `json:"parts"`
	At      [3]float64  `json:"at_mm"`
	Message string      `json:"message"`
	Allowed bool        `json:"allowed,omitempty"`
}

// Report is what the check found.
type Report struct {
	Joints    []Joint        `json:"joints"`
	Fasteners []FastenerLine `json:"fasteners"`
	Checks    []Check        `json:"checks"`
	Findings  []Finding      `json:"findings"`
	Skipped   []string       `json:"skipped,omitempty"` // purchased stand-ins, not checked

	merged map[string]int // joint key -> index in Joints
}

// Err returns the findings not allowed, as one error, or nil.
func (r *Report) Err() error {
	var msgs []string
	for _, f := range r.Findings {
		if !f.Allowed {
			msgs = append(msgs, f.Message)
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return &Error{Findings: msgs}
}

// Error is a failed assembly check.
type Error struct{ Findings []string }

func (e *Error) Error() string {
	const show = 8
	s := fmt.Sprintf("assembly check: %d finding(s): %s", len(e.Findings), strings.Join(e.Findings[:min(show, len(e.Findings))], "; "))
	if len(e.Findings) > show {
		s += fmt.Sprintf("; and %d more", len(e.Findings)-show)
	}
	return s
}

// Run checks the model's assembly with the shop's fastener catalogue.
func Run(ctx context.Context, m *model.Model, s *shop.Shop, opt Options) (*Report, error) {
	opt = opt.withDefaults()
	bs, err := bodies(m, s, opt.Chord)
	if err != nil {
		return nil, err
	}
	r := &Report{Joints: []Joint{}, Findings: []Finding{}}
	for _, p := range m.Parts {
		if p.Purchased != nil && len(p.Placements) > 0 {
			r.Skipped = append(r.Skipped, p.ID)
		}
	}
	if err := r.interference(ctx, bs, opt); err != nil {
		return nil, err
	}
	holes, shapes := collectHoles(bs)
	cat := CatalogueOf(s)
	r.holes(m.Assembly, holes, bs, cat, opt)
	r.tabs(m.Assembly, shapes, bs, opt)
	r.welds(m.Assembly, bs, opt)
	r.Fasteners = Lines(r.Joints)
	allow := map[string]bool{}
	for _, k := range append(append([]string(nil), opt.Allow...), m.Assembly.Known...) {
		allow[k] = true
	}
	sort.SliceStable(r.Findings, func(i, j int) bool { return r.Findings[i].Key < r.Findings[j].Key })
	for i := range r.Findings {
		r.Findings[i].Allowed = allow[r.Findings[i].Key]
	}
	return r, nil
}

// Fasteners finds the model's bolted joints and chooses their bolts, as
// Run does, without the interference and tab checks: the bill of
// materials' fastener lines for a build that skips the check. Its report
// holds the joints, the fastener lines and the holes and fasteners checks.
func Fasteners(ctx context.Context, m *model.Model, s *shop.Shop, opt Options) (*Report, error) {
	opt = opt.withDefaults()
	bs, err := bodies(m, s, opt.Chord)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r := &Report{Joints: []Joint{}, Findings: []Finding{}}
	holes, _ := collectHoles(bs)
	r.holes(m.Assembly, holes, bs, CatalogueOf(s), opt)
	r.Fasteners = Lines(r.Joints)
	return r, nil
}

// add records a finding against two (or one) instances.
// Its key is the check, the instances and detail (a hole or slot number).
func (r *Report) add(c *Check, at vec, detail, msg string, refs ...model.Ref) {
	c.Findings++
	var ks []string
	for _, x := range refs {
		ks = append(ks, fmt.Sprintf("%s#%d", x.Part, x.Instance))
	}
	key := c.Name + ":" + strings.Join(ks, ",")
	if detail != "" {
		key += "/" + detail
	}
	r.Findings = append(r.Findings, Finding{Check: c.Name, Key: key, Parts: refs,
		At: round3(at), Message: msg})
}

func round3(p vec) [3]float64 {
	for i := range p {
		p[i] = math.Round(p[i]*100) / 100
		if p[i] == 0 {
			p[i] = 0
		}
	}
	return p
}

func at(p vec) string { return fmt.Sprintf("(%.1f, %.1f, %.1f) mm", p[0], p[1], p[2]) }

// interference tests every pair of instances whose boxes overlap, on
// opt.Workers goroutines. The pairs are listed first and their findings
// recorded in that order afterwards, so the report does not depend on
// the workers.
func (r *Report) interference(ctx context.Context, bs []*body, opt Options) error {
	c := Check{Name: "interference", Method: fmt.Sprintf("exact for plate and bar prisms (convex pieces, separating axes; arcs as chords within %g mm; contact up to %g mm deep allowed); sdfx solids sampled on a grid of %g mm or coarser (see sample_step_mm)", opt.Chord, opt.Contact, opt.Step)}
	order := make([]int, len(bs))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool { return bs[order[i]].box.lo[0] < bs[order[j]].box.lo[0] })
	type pair struct{ a, b *body }
	var pairs []pair
	for x, i := range order {
		a := bs[i]
		for _, j := range order[x+1:] {
			b := bs[j]
			if b.box.lo[0] >= a.box.hi[0]-opt.Contact {
				break
			}
			if !a.box.overlaps(b.box, opt.Contact) {
				continue
			}
			c.Pairs++
			if a.kind == solidBody || b.kind == solidBody {
				c.Sampled++
			}
			pairs = append(pairs, pair{a, b})
		}
	}
	clashes := make([]*clash, len(pairs))
	errs := make([]error, len(pairs))
	workers := min(max(opt.Workers, 1), len(pairs))
	stats := make([]Check, workers) // each worker's counts, summed below
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func(st *Check) {
			defer wg.Done()
			for {
				k := int(next.Add(1) - 1)
				if k >= len(pairs) {
					return
				}
				a, b := pairs[k].a, pairs[k].b
				if a.kind == solidBody || b.kind == solidBody {
					clashes[k], errs[k] = sampled(ctx, a, b, opt.Step, opt.Contact, st)
				} else {
					clashes[k], errs[k] = interfere(ctx, a, b, opt.Contact, st)
				}
			}
		}(&stats[w])
	}
	wg.Wait()
	for _, st := range stats {
		c.Tested += st.Tested
		c.Samples += st.Samples
		c.StepMM = math.Max(c.StepMM, st.StepMM)
	}
	for k, cl := range clashes {
		if errs[k] != nil {
			return errs[k]
		}
		if cl != nil {
			first, second := cl.a, cl.b
			if refLess(second.ref, first.ref) {
				first, second = second, first
			}
			r.add(&c, cl.at, "", fmt.Sprintf("%s and %s share material near %s, %.1f mm deep", first.name(), second.name(), at(cl.at), cl.depth), first.ref, second.ref)
		}
	}
	r.Checks = append(r.Checks, c)
	return nil
}

func refLess(a, b model.Ref) bool {
	if a.Part != b.Part {
		return a.Part < b.Part
	}
	return a.Instance < b.Instance
}
