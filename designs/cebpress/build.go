package cebpress

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/fabkit/fabkit/cam/toolpath"
	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
	"github.com/fabkit/fabkit/units"
)

func build(ctx context.Context, v *params.Values, s *shop.Shop, r *params.Report) (*model.Model, error) {
	o := deriveVars(v)
	// What the shop must sell and cut, before any plate is drawn: a
	// refusal names the parameter and what would work.
	checkPlateStock(o, s, r)
	checkCylinders(v, s, r)
	if r.Err() != nil {
		return &model.Model{}, nil
	}
	ps, err := plates(o)
	if err != nil {
		var de *drawError
		if errors.As(err, &de) {
			r.Errorf(append(append([]string(nil), de.drivers...), de.thick), "%s", de.msg())
			return &model.Model{}, nil
		}
		return nil, err
	}
	m := &model.Model{}
	for _, p := range ps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if p.qty == 0 {
			continue // drawn, not cut (see unplaced)
		}
		b := p.shape.Bounds().Size()
		m.Add(&model.Part{ID: p.id, Name: p.name, Material: "a36", Process: model.PlateCut,
			Qty: p.qty, Placements: p.at, Plate: &model.Plate{Thickness: p.t, Shape: p.shape},
			Notes: fmt.Sprintf("OSE v25.09P %sp.scad, %s x %s", p.id, units.FormatInches(b.X, 16), units.FormatInches(b.Y, 16))})
		checkSheet(s, p, r, o)
		checkEdges(p.id, p.shape, r)
	}
	prs, err := printedParts(o)
	if err != nil {
		return nil, err
	}
	m.Add(prs...)
	m.Add(bars(o, s, r)...)
	m.Add(purchased(v, o)...)
	unit, served := PowerUnit(v, s, r) // the Power Cube that drives it: buy it, or build it with fabkit
	m.Add(unit)
	m.Assembly = o.joints(ps, s)
	m.Summary = append(summary(v, o, s, m, r), served)
	return m, nil
}

// thicknessParam names the parameter that sets a plate's thickness.
func (o vars) thicknessParam(id string) string {
	if id[0] == 'h' {
		return "hopper_plate"
	}
	return "structure_plate"
}

// checkPlateStock refuses a plate thickness the shop does not sell, or
// that its torch table's cut chart does not cover, naming the parameter
// and the thicknesses inside its range that would work, printed so that
// 12 mm and 1/2 in differ. (The pipeline refuses an unsold thickness
// before the design runs, through SoldAs; a design built on its own gets
// the same answer here.)
func checkPlateStock(o vars, s *shop.Shop, r *params.Report) {
	schema := Design{}.Schema()
	for _, c := range []struct {
		param string
		t     float64 // mm
	}{{"structure_plate", o.dZ * in}, {"hopper_plate", o.hZ * in}} {
		p := schema.Param(c.param)
		_, sold := s.Sheet("a36", c.t)
		_, cutErr := s.CutSettings(c.t)
		cuts := !s.HasTorchTable() || cutErr == nil
		if sold && cuts {
			continue
		}
		var works []string
		for _, sh := range s.Sheets {
			_, e := s.CutSettings(sh.Thickness)
			if sh.Material == "a36" && sh.Thickness >= p.Min-1e-9 && sh.Thickness <= p.Max+1e-9 && (!s.HasTorchTable() || e == nil) {
				works = append(works, s.Units.FormatExact(sh.Thickness))
			}
		}
		what := "none inside " + p.RangeText() + ": use a shop that sells and cuts one"
		if len(works) > 0 {
			what = "use " + strings.Join(works, " or ")
		}
		if !sold {
			r.Errorf([]string{c.param}, "shop %q sells no a36 plate %s thick; %s", s.Name, s.Units.FormatExact(c.t), what)
		} else {
			r.Errorf([]string{c.param}, "%v: its torch table cannot cut this plate; %s", cutErr, what)
		}
	}
}

// checkCylinders refuses a cylinder bore and stroke the shop does not
// list when it lists others, naming the parameters and the sizes it has.
// A shop that lists no cylinder at all is left to the pipeline, which
// refuses the item by name.
func checkCylinders(v *params.Values, s *shop.Shop, r *params.Report) {
	type cyl struct{ bore, stroke float64 }
	var have []cyl
	for _, it := range s.Items {
		if c, ok := parseCylinder(it.ID); ok {
			have = append(have, cyl{c[0], c[1]})
		}
	}
	if len(have) == 0 {
		return
	}
	sort.Slice(have, func(i, j int) bool {
		if have[i].stroke != have[j].stroke {
			return have[i].stroke < have[j].stroke
		}
		return have[i].bore < have[j].bore
	})
	schema := Design{}.Schema()
	for _, name := range []string{"main", "drawer"} {
		bore, stroke := v.Length(name+"_bore"), v.Length(name+"_stroke")
		item := cylinderItem(bore, stroke)
		if _, ok := s.Item(item); ok {
			continue
		}
		p := schema.Param(name + "_bore")
		var bores, sizes []string
		for _, c := range have {
			in := c.bore >= p.Min-1e-6 && c.bore <= p.Max+1e-6
			switch {
			case in && math.Abs(c.stroke-stroke) < 0.5:
				bores = append(bores, s.Units.Format(c.bore))
			case in:
				sizes = append(sizes, s.Units.Format(c.bore)+" x "+s.Units.Format(c.stroke))
			}
		}
		what := "none of its cylinders has a bore inside " + p.RangeText() + ": add the cylinder to the shop's items or a price list"
		switch {
		case len(bores) > 0:
			what = fmt.Sprintf("its %s-stroke cylinders have bores %s: set %s_bore to one, or add the cylinder to the shop's items or a price list", s.Units.Format(stroke), strings.Join(bores, ", "), name)
		case len(sizes) > 0:
			what = fmt.Sprintf("it has %s (bore x stroke): set %s_bore and %s_stroke (with the pin-to-pin lengths) to one, or add the cylinder to the shop's items", strings.Join(sizes, ", "), name, name)
		}
		r.Errorf([]string{name + "_bore", name + "_stroke"}, "shop %q sells no %s bore x %s stroke %s cylinder (item %s); %s",
			s.Name, s.Units.Format(bore), s.Units.Format(stroke), name, item, what)
	}
}

// parseCylinder reads a cylinder item id as cylinderItem writes it:
// "cyl-5x16" (inches) or "cyl-125x400mm"; bore and stroke in mm.
func parseCylinder(id string) ([2]float64, bool) {
	rest, ok := strings.CutPrefix(id, "cyl-")
	if !ok {
		return [2]float64{}, false
	}
	scale := in
	if r, metric := strings.CutSuffix(rest, "mm"); metric {
		rest, scale = r, 1
	}
	a, b, ok := strings.Cut(rest, "x")
	if !ok {
		return [2]float64{}, false
	}
	bore, err1 := strconv.ParseFloat(a, 64)
	stroke, err2 := strconv.ParseFloat(b, 64)
	if err1 != nil || err2 != nil || !(bore > 0) || !(stroke > 0) {
		return [2]float64{}, false
	}
	return [2]float64{bore * scale, stroke * scale}, true
}

// checkSheet reports a plate that no sheet of its thickness the torch
// table takes can hold, naming the parameters that size it and the sheet
// it would need. The rule is the pipeline's (the sheet must lie on the
// bed; the edge margin is lost on every side; with free rotations a
// bounding box says nothing), so the design's message comes first.
func checkSheet(s *shop.Shop, p plate, r *params.Report, o vars) {
	sheet, ok := s.Sheet("a36", p.t)
	if !ok {
		return // checkPlateStock refused it
	}
	var table shop.TorchTable // no table: any sheet, no margin
	if s.HasTorchTable() {
		table = s.TorchTable
	}
	usable := toolpath.UsableOf(table, sheet.Sizes)
	size := p.shape.Bounds().Size()
	if usable.Fits(size.X, size.Y) {
		return
	}
	A, B, margin := usable.Short, usable.Long, table.EdgeMargin
	a, b := math.Min(size.X, size.Y), math.Max(size.X, size.Y)
	f := s.Units.Format
	r.Errorf(append(append([]string(nil), p.drivers...), o.thicknessParam(p.id)),
		"part %s (%s) is %s x %s: the largest %s sheet the torch table takes is %s x %s usable (inside the %s edge margin); it needs a sheet of at least %s x %s",
		p.id, p.name, f(size.X), f(size.Y), s.Units.FormatExact(p.t), f(A), f(B), f(margin), f(a+2*margin), f(b+2*margin))
}

// checkEdges warns about a bolt hole (up to 1-1/8in) whose ligament to the
// plate's edge is under half its radius: it tears out under load. OSE's
// own bolt holes keep at least that much everywhere, so the warning points
// at a parameter (a plate, a bolt or a brick size) that moved a hole too
// close. The large passages (d2's pin access hole, f6's boss) are left to
// OSE's drawing.
func checkEdges(id string, shape profile.Profile, r *params.Report) {
	outer := profile.Profile{Outer: shape.Outer}
	for _, h := range shape.Holes {
		c, rad, ok := h.Circle()
		if !ok || 2*rad > 1.125*in+1e-6 {
			continue
		}
		if e := -outer.Evaluate2(c); e < 1.5*rad-1e-6 {
			r.Warnf([]string{"bolt_hole"}, "part %s: the %s hole at (%s, %s) is %s from the edge: under half its radius of steel around it",
				id, units.FormatInches(2*rad, 32), units.FormatInches(c.X, 16), units.FormatInches(c.Y, 16), units.FormatInches(e, 16))
			return
		}
	}
}
