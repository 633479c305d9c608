package assembly_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/assembly"
	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/shop"
)

// newFindings runs the check and returns the findings whose keys the
// baseline did not have.
func newFindings(t *testing.T, m *model.Model, s *shop.Shop, base map[string]bool) []assembly.Finding {
	t.Helper()
	rep, err := assembly.Run(context.Background(), m, s, assembly.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out []assembly.Finding
	for _, f := range rep.Findings {
		if !base[f.Key] {
			out = append(out, f)
		}
	}
	return out
}

func keys(t *testing.T, m *model.Model, s *shop.Shop) map[string]bool {
	t.Helper()
	rep, err := assembly.Run(context.Background(), m, s, assembly.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, f := range rep.Findings {
		out[f.Key] = true
	}
	return out
}

// names reports whether some finding of the check names every one of the
// instances.
func named(fs []assembly.Finding, check string, refs ...string) bool {
	for _, f := range fs {
		if f.Check != check {
			continue
		}
		all := true
		for _, r := range refs {
			all = all && strings.Contains(f.Key, r)
		}
		if all {
			return true
		}
	}
	return false
}

// TestPlantedFaults plants one fault at a time in the CEB press (its
// known findings are the baseline) and expects each to be found with the
// right instances named.
func TestPlantedFaults(t *testing.T) {
	base0, s := build(t, "ceb-press", "")
	base := keys(t, base0, s)

	t.Run("hole moved 2 mm", func(t *testing.T) {
		m, s := build(t, "ceb-press", "")
		p := m.Part("f1") // the top beam, bolted to the column flanges f9
		sh := p.Plate.Shape
		moved := false
		for i, h := range sh.Holes {
			if c, r, ok := h.Circle(); ok && !moved {
				sh.Holes[i] = profile.Circle(c.X+2, c.Y, r)
				moved = true
			}
		}
		p.Plate.Shape = profile.New(sh.Outer, sh.Holes...)
		fs := newFindings(t, m, s, base)
		for _, f := range fs {
			t.Log(f.Message)
		}
		if !named(fs, "holes", "f1#0", "f9#") || !named(fs, "holes", "f1#1", "f9#") {
			t.Fatalf("moved hole not caught with f1 and f9 named: %+v", fs)
		}
		for _, f := range fs {
			if strings.HasPrefix(f.Message, "f1#0") && !strings.Contains(f.Message, "2.0 mm off") {
				t.Errorf("message does not give the 2 mm offset: %s", f.Message)
			}
		}
	})

	t.Run("plate moved 5 mm into its neighbour", func(t *testing.T) {
		m, s := build(t, "ceb-press", "")
		p := m.Part("f14") // f14#0 lies against f4#0 on its +Y side
		p.Placements[0].T[1] += 5
		fs := newFindings(t, m, s, base)
		for _, f := range fs {
			t.Log(f.Message)
		}
		if !named(fs, "interference", "f14#0", "f4#0") {
			t.Fatalf("overlap not caught: %+v", fs)
		}
	})

	t.Run("stack 10 mm thicker than its bolt allows", func(t *testing.T) {
		// The top beam f1 is bolted to the column flanges f9: declare
		// each of those joints with the bolt the check chose, cut to the
		// length the stack needs, then make f1 10 mm thicker (f1#1 is
		// turned over, so it grows away from f9 and its stacks grow).
		m, s := build(t, "ceb-press", "")
		rep, err := assembly.Run(context.Background(), m, s, assembly.Options{})
		if err != nil {
			t.Fatal(err)
		}
		declared := 0
		for _, j := range rep.Joints {
			if j.Kind != model.Bolted || j.Fastener == nil || !strings.Contains(names(j.Parts), "f1#1") || !strings.Contains(names(j.Parts), "f9#") {
				continue
			}
			f := j.Fastener
			m.Assembly.Joints = append(m.Assembly.Joints, model.Joint{Kind: model.Bolted, Parts: j.Parts, At: j.At,
				Fastener: &model.Fastener{Diameter: f.Diameter, Length: math.Ceil(f.Need), Item: "bolt-as-long-as-needed"}})
			declared++
		}
		if declared == 0 {
			t.Fatalf("no f1#1-f9 bolted joint in %+v", rep.Joints)
		}
		if fs := newFindings(t, m, s, base); len(fs) != 0 {
			t.Fatalf("a bolt exactly as long as its stack needs: %+v", fs)
		}
		m.Part("f1").Plate.Thickness += 10
		fs := newFindings(t, m, s, base)
		found := false
		for _, f := range fs {
			t.Log(f.Message)
			if f.Check == "fasteners" && named([]assembly.Finding{f}, "fasteners", "f1#1", "f9#") {
				found = found || strings.Contains(f.Message, "too short") && strings.Contains(f.Message, "f1#1 hole") && f.At != [3]float64{}
			}
		}
		if !found {
			t.Fatalf("a stack 10 mm thicker than its bolt not caught with f1#1, f9 and the joint named: %+v", fs)
		}
	})

	t.Run("stack no catalogue bolt covers", func(t *testing.T) {
		// The same stack in a shop whose only 3/4in bolt is as long as
		// the stack needs: 10 mm more stack than it clamps.
		m, s := build(t, "ceb-press", "")
		s = s.Clone()
		rep, err := assembly.Run(context.Background(), m, s, assembly.Options{})
		if err != nil {
			t.Fatal(err)
		}
		need := 0.0
		for _, j := range rep.Joints {
			if j.Kind == model.Bolted && j.Fastener != nil && strings.Contains(names(j.Parts), "f1#1") {
				need = math.Max(need, j.Fastener.Need)
			}
		}
		for i, b := range s.Fasteners.Bolts {
			if math.Abs(b.Diameter-19.05) < 0.01 {
				s.Fasteners.Bolts[i].Lengths = []shop.BoltLength{{Length: math.Ceil(need), Item: "bolt-3/4x2-1/2"}}
			}
		}
		base := keys(t, m, s)
		for k := range base {
			if strings.HasPrefix(k, "fasteners:") && strings.Contains(k, "f1#1") {
				t.Fatalf("the stack fits its bolt before the fault: %s", k)
			}
		}
		m.Part("f1").Plate.Thickness += 10
		fs := newFindings(t, m, s, base)
		found := false
		for _, f := range fs {
			t.Log(f.Message)
			found = found || f.Check == "fasteners" && named([]assembly.Finding{f}, "fasteners", "f1#1", "f9#") && strings.Contains(f.Message, "no bolt of the shop's catalogue covers the stack")
		}
		if !found {
			t.Fatalf("a stack beyond the catalogue not caught: %+v", fs)
		}
	})

	t.Run("tab longer than its slot", func(t *testing.T) {
		// A 1/2in plate with a 50 x 14.3 mm slot, and a 48.4 x 12.7 mm
		// upright plate through it: 0.8 mm each side. Then the upright
		// grows 3 mm longer than its slot.
		slotted := func(tabW float64) *model.Model {
			a := &model.Part{ID: "a", Name: "a", Material: "a36", Process: model.PlateCut, Qty: 1, Placements: []model.Transform{model.Identity()},
				Plate: &model.Plate{Thickness: 12.7, Shape: profile.New(profile.Rect(0, 0, 200, 100), profile.Rect(75, 42.85, 50, 14.3))}}
			up := model.Identity().RotateX(90).Move(100-tabW/2, 50+6.35, 0) // standing on z=0, 12.7 thick across y
			b := &model.Part{ID: "b", Name: "b", Material: "a36", Process: model.PlateCut, Qty: 1, Placements: []model.Transform{up},
				Plate: &model.Plate{Thickness: 12.7, Shape: profile.New(profile.Rect(0, 0, tabW, 100))}}
			m := (&model.Model{}).Add(a, b)
			m.Assembly.TabClearance = 0.8
			return m
		}
		s := shop.Default()
		rep, err := assembly.Run(context.Background(), slotted(48.4), s, assembly.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Findings) != 0 || len(rep.Joints) != 1 || rep.Joints[0].Kind != model.TabSlot {
			t.Fatalf("fitting tab: findings %+v joints %+v", rep.Findings, rep.Joints)
		}
		rep, err = assembly.Run(context.Background(), slotted(53), s, assembly.Options{})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, f := range rep.Findings {
			t.Log(f.Message)
			found = found || (f.Check == "tabs" && strings.Contains(f.Message, "longer than its slot") && named(rep.Findings, "tabs", "a#0", "b#0"))
		}
		if !found || !named(rep.Findings, "interference", "a#0", "b#0") {
			t.Fatalf("tab longer than its slot not caught: %+v", rep.Findings)
		}
	})
}

func names(refs []model.Ref) string {
	var s []string
	for _, r := range refs {
		s = append(s, fmt.Sprintf("%s#%d", r.Part, r.Instance))
	}
	return strings.Join(s, ",")
}

// TestEdgeNotch: a tab in a slot open to the plate's edge is checked on its
// two sides with the design's clearance, and must not pass the notch's
// bottom; an empty notch is only the outline's shape.
func TestEdgeNotch(t *testing.T) {
	// A 1/2in plate 200 x 100 with a notch from its +x edge to x = 75,
	// width w centred on y = 50, and a 12.7 mm upright plate tabW long
	// standing in it from x = 100 - tabW/2.
	notched := func(w, tabW float64, withTab bool) *model.Model {
		y0, y1 := 50-w/2, 50+w/2
		outer := profile.Polygon(profile.Point{X: 0, Y: 0}, profile.Point{X: 200, Y: 0}, profile.Point{X: 200, Y: y0}, profile.Point{X: 75, Y: y0},
			profile.Point{X: 75, Y: y1}, profile.Point{X: 200, Y: y1}, profile.Point{X: 200, Y: 100}, profile.Point{X: 0, Y: 100})
		a := &model.Part{ID: "a", Name: "a", Material: "a36", Process: model.PlateCut, Qty: 1, Placements: []model.Transform{model.Identity()},
			Plate: &model.Plate{Thickness: 12.7, Shape: profile.New(outer)}}
		m := (&model.Model{}).Add(a)
		if withTab {
			up := model.Identity().RotateX(90).Move(100-tabW/2, 50+6.35, 0)
			m.Add(&model.Part{ID: "b", Name: "b", Material: "a36", Process: model.PlateCut, Qty: 1, Placements: []model.Transform{up},
				Plate: &model.Plate{Thickness: 12.7, Shape: profile.New(profile.Rect(0, 0, tabW, 100))}})
		}
		m.Assembly.TabClearance = 0.8
		return m
	}
	run := func(m *model.Model) *assembly.Report {
		rep, err := assembly.Run(context.Background(), m, shop.Default(), assembly.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range rep.Findings {
			t.Log(f.Message)
		}
		return rep
	}
	rep := run(notched(14.3, 48.4, true)) // 0.8 mm each side, 0.8 mm short of the bottom
	tabs := 0
	for _, c := range rep.Checks {
		if c.Name == "tabs" {
			tabs = c.Tabs
		}
	}
	if len(rep.Findings) != 0 || tabs != 1 || len(rep.Joints) != 1 || rep.Joints[0].Kind != model.TabSlot || *rep.Joints[0].Clearance != [2]float64{0.8, 0.8} {
		t.Fatalf("fitting tab in its notch: findings %+v, joints %+v, tabs %d", rep.Findings, rep.Joints, tabs)
	}
	if rep := run(notched(14.3, 48.4, false)); len(rep.Findings) != 0 {
		t.Fatalf("an empty notch: %+v", rep.Findings)
	}
	rep = run(notched(16.3, 48.4, true)) // 1.8 mm each side
	if !named(rep.Findings, "tabs", "a#0", "b#0", "notch1") {
		t.Fatalf("a loose tab in its notch not caught: %+v", rep.Findings)
	}
	for _, f := range rep.Findings {
		if f.Check == "tabs" && (!strings.Contains(f.Message, "notch 1 of a#0") || !strings.Contains(f.Message, "too loose: 1.80 mm")) {
			t.Errorf("message: %s", f.Message)
		}
	}
	rep = run(notched(14.3, 53, true)) // 1.5 mm past the bottom
	deeper := false
	for _, f := range rep.Findings {
		deeper = deeper || f.Check == "tabs" && strings.Contains(f.Message, "deeper than its notch: 1.50 mm past its bottom")
	}
	if !deeper || !named(rep.Findings, "interference", "a#0", "b#0") {
		t.Fatalf("a tab past the notch's bottom not caught: %+v", rep.Findings)
	}
}

// TestRelievedSlot: a slot with corner reliefs (a tabinsert's dogbones)
// is measured along the tab's centre lines, so the reliefs do not count
// and a loose or tight tab in it is caught; a part's own slot clearance
// (SlotClearance) replaces the design's for its slots.
func TestRelievedSlot(t *testing.T) {
	// A 1/2in plate 200 x 100 with a slot x 60..140, w wide about y = 50,
	// a 4 mm relief pushed 1 mm out at each corner, and a 12.7 mm upright
	// plate 78.4 mm long standing in it.
	relieved := func(w float64, slotCl map[string]float64) *model.Model {
		x0, x1, y0, y1, g, r := 60.0, 140.0, 50-w/2, 50+w/2, 1.0, 4.0
		pt := func(x, y float64) profile.Point { return profile.Point{X: x, Y: y} }
		slot := profile.Polygon(pt(x0-g+r, y0), pt(x1+g-r, y0), pt(x1+g-r, y0-g), pt(x1+g, y0-g), pt(x1+g, y0-g+r), pt(x1, y0-g+r),
			pt(x1, y1+g-r), pt(x1+g, y1+g-r), pt(x1+g, y1+g), pt(x1+g-r, y1+g), pt(x1+g-r, y1), pt(x0-g+r, y1),
			pt(x0-g+r, y1+g), pt(x0-g, y1+g), pt(x0-g, y1+g-r), pt(x0, y1+g-r), pt(x0, y0-g+r), pt(x0-g, y0-g+r),
			pt(x0-g, y0-g), pt(x0-g+r, y0-g))
		a := &model.Part{ID: "a", Name: "a", Material: "a36", Process: model.PlateCut, Qty: 1, Placements: []model.Transform{model.Identity()},
			Plate: &model.Plate{Thickness: 12.7, Shape: profile.New(profile.Rect(0, 0, 200, 100), slot)}}
		up := model.Identity().RotateX(90).Move(60.8, 50+6.35, 0)
		b := &model.Part{ID: "b", Name: "b", Material: "a36", Process: model.PlateCut, Qty: 1, Placements: []model.Transform{up},
			Plate: &model.Plate{Thickness: 12.7, Shape: profile.New(profile.Rect(0, 0, 78.4, 100))}}
		m := (&model.Model{}).Add(a).Add(b)
		m.Assembly.TabClearance, m.Assembly.SlotClearance = 0.8, slotCl
		return m
	}
	run := func(m *model.Model) *assembly.Report {
		rep, err := assembly.Run(context.Background(), m, shop.Default(), assembly.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	rep := run(relieved(14.3, nil)) // 0.8 mm each side
	if len(rep.Findings) != 0 || len(rep.Joints) != 1 || *rep.Joints[0].Clearance != [2]float64{0.8, 0.8} {
		t.Fatalf("a fitting tab in a relieved slot: findings %+v, joints %+v", rep.Findings, rep.Joints)
	}
	rep = run(relieved(16.3, nil)) // 1.8 mm across, 0.8 mm at the ends
	if !named(rep.Findings, "tabs", "a#0", "b#0", "slot1") || !strings.Contains(rep.Findings[0].Message, "slot 1 of a#0") || !strings.Contains(rep.Findings[0].Message, "too loose: 1.80 mm") {
		t.Fatalf("a loose tab in a relieved slot not caught: %+v", rep.Findings)
	}
	if rep := run(relieved(16.3, map[string]float64{"a": 1.8})); len(rep.Findings) == 0 || !strings.Contains(rep.Findings[0].Message, "too tight: 0.80 mm clearance on one side, the design's is 1.80 mm") {
		t.Fatalf("a's own slot clearance, 1.8 mm: %+v", rep.Findings)
	}
}

// plateWithHole is a 100 mm square plate of thickness t with a centred
// round hole, for stacks.
func plateWithHole(id string, t, hole float64, at ...model.Transform) *model.Part {
	return &model.Part{ID: id, Name: id, Material: "a36", Process: model.PlateCut, Qty: len(at), Placements: at,
		Plate: &model.Plate{Thickness: t, Shape: profile.New(profile.Rect(0, 0, 100, 100), profile.Circle(50, 50, hole/2))}}
}

// TestStackThickerThanBolt: two 3/4in plates bolted with a declared
// 1in x 3in bolt fit (38.1 mm of grip needs 76.1 mm); 10 mm more stack
// does not, and the finding names both plates.
func TestStackThickerThanBolt(t *testing.T) {
	in := 25.4
	s := shop.Default()
	stackOf := func(extra float64) *model.Model {
		t1 := 0.75*in + extra
		m := &model.Model{}
		m.Add(plateWithHole("p1", t1, in, model.Identity()), plateWithHole("p2", 0.75*in, in, model.At(0, 0, t1)))
		m.Assembly.Joints = []model.Joint{{Kind: model.Bolted, Parts: []model.Ref{{Part: "p1"}, {Part: "p2"}}, At: [3]float64{50, 50, 0}, Axis: [3]float64{0, 0, 1},
			Fastener: &model.Fastener{Diameter: in, Length: 3 * in, Item: "bolt-1x3"}}}
		return m
	}
	// 1in-8 UNC: SAE washers 0.134in, a 55/64in nut, two threads of 1/8in.
	if need := assembly.Need(1.5*in, 0.134*in, 55.0/64*in, in/8, 2); need > 3*in || need < 2.75*in {
		t.Fatalf("the fitting stack needs %.2f mm", need)
	}
	rep, err := assembly.Run(context.Background(), stackOf(0), s, assembly.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 0 || len(rep.Joints) != 1 || rep.Joints[0].Inferred || rep.Joints[0].Fastener.Item != "bolt-1x3" {
		t.Fatalf("fitting stack: findings %+v, joints %+v", rep.Findings, rep.Joints)
	}
	if got := rep.Joints[0].GripMM; math.Abs(got-1.5*in) > 0.01 {
		t.Errorf("grip %.3f mm, want %.3f", got, 1.5*in)
	}
	rep, err = assembly.Run(context.Background(), stackOf(10), s, assembly.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !named(rep.Findings, "fasteners", "p1#0", "p2#0") || rep.Err() == nil {
		t.Fatalf("thick stack not caught: %+v", rep.Findings)
	}
	// Undeclared, the check picks the bolt from the catalogue: 1in x 3in
	// for the fitting stack, 1in x 3-1/2in for the thicker one.
	for _, c := range []struct {
		extra float64
		item  string
	}{{0, "bolt-1x3"}, {10, "bolt-1x3-1/2"}} {
		m := stackOf(c.extra)
		m.Assembly.Joints = nil
		rep, err := assembly.Run(context.Background(), m, s, assembly.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Joints) != 1 || !rep.Joints[0].Inferred || rep.Joints[0].Fastener == nil || rep.Joints[0].Fastener.Item != c.item {
			t.Errorf("extra %g mm: joints %+v, want an inferred %s", c.extra, rep.Joints, c.item)
		}
	}
	// A stack longer than the shop's longest 1in bolt (8in) fails.
	rep, err = assembly.Run(context.Background(), func() *model.Model { m := stackOf(150); m.Assembly.Joints = nil; return m }(), s, assembly.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !named(rep.Findings, "fasteners", "p1#0", "p2#0") {
		t.Fatalf("stack beyond the catalogue not caught: %+v", rep.Findings)
	}
}
