package assembly_test

import (
	"context"
	"testing"

	"github.com/fabkit/fabkit/assembly"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/shop"
)

// cubeCorner is three 2in angles meeting at the origin along x, y and z,
// heels on the axes and legs in the three planes, as at a corner of a
// cube frame; end is the cut at the corner, the far ends are square.
func cubeCorner(end model.End, welds ...model.Joint) *model.Model {
	const w, l = 50.8, 600.0
	m := &model.Model{}
	// Local x along the bar, local -y along leg a, +z along leg b; the heel
	// at local (-w/2, w/2, -w/2) for a 45° cut sits at the origin.
	for _, b := range []struct {
		id            string
		axis, a, legB [3]float64
	}{
		{"u", [3]float64{1, 0, 0}, [3]float64{0, 0, 1}, [3]float64{0, 1, 0}},
		{"v", [3]float64{0, 1, 0}, [3]float64{1, 0, 0}, [3]float64{0, 0, 1}},
		{"w", [3]float64{0, 0, 1}, [3]float64{0, 1, 0}, [3]float64{1, 0, 0}},
	} {
		var tr model.Transform
		for i := range 3 {
			tr.R[i] = [3]float64{b.axis[i], -b.a[i], b.legB[i]}
		}
		heel := tr.Apply([3]float64{-w / 2, w / 2, -w / 2})
		tr.T = [3]float64{-heel[0], -heel[1], -heel[2]}
		m.Add(&model.Part{ID: b.id, Name: b.id, Material: "a36", Process: model.Saw, Qty: 1, Placements: []model.Transform{tr},
			Bar: &model.Bar{Profile: "angle-2x2x1/4", Length: l, Start: end}})
	}
	m.Assembly.Joints = welds
	return m
}

// TestDoubleMitreCorner: three angles meeting at a cube's corner share no
// material when each leg is mitred in its own plane, and do with one plain
// mitre each; a declared weld at the corner is confirmed, one whose point
// misses a part is a finding naming it.
func TestDoubleMitreCorner(t *testing.T) {
	s, err := shop.Builtin("us-imperial")
	if err != nil {
		t.Fatal(err)
	}
	refs := []model.Ref{{Part: "u"}, {Part: "v"}, {Part: "w"}}
	corner := model.Joint{Kind: model.Welded, Parts: refs, Weld: "double mitres"}
	away := model.Joint{Kind: model.Welded, Parts: refs[:2], At: [3]float64{300, 0, 0}}
	run := func(m *model.Model) *assembly.Report {
		rep, err := assembly.Run(context.Background(), m, s, assembly.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	rep := run(cubeCorner(model.End{Mitre: 45, Axis: "z", Second: -45}, corner))
	if len(rep.Findings) != 0 {
		t.Errorf("double mitres: %+v", rep.Findings)
	}
	var welds int
	for _, c := range rep.Checks {
		if c.Name == "welds" {
			welds = c.Welds
		}
	}
	if welds != 1 || len(rep.Joints) != 1 || rep.Joints[0].Kind != model.Welded || len(rep.Joints[0].Parts) != 3 || rep.Joints[0].Weld != "double mitres" {
		t.Errorf("welds %d, joints %+v", welds, rep.Joints)
	}
	rep = run(cubeCorner(model.End{Mitre: 45, Axis: "z"}))
	if n := len(rep.Findings); n == 0 {
		t.Error("plain mitres at a three-way corner: no interference found")
	}
	rep = run(cubeCorner(model.End{Mitre: 45, Axis: "z", Second: -45}, away))
	if len(rep.Findings) != 1 || rep.Findings[0].Key != "welds:u#0,v#0" {
		t.Fatalf("a weld away from v: %+v", rep.Findings)
	}
	if msg := rep.Findings[0].Message; msg != "the declared weld of u#0, v#0 at (300.0, 0.0, 0.0) mm: v#0 is not within 0.5 mm of it" {
		t.Errorf("message %q", msg)
	}
}
