package cebpress

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
	"github.com/fabkit/fabkit/units"
)

func build(ctx context.Context, v *params.Values, s *shop.Shop, r *params.Report) (*model.Model, error) {
	o := deriveVars(v)
	ps, err := plates(o)
	if err != nil {
		return nil, err
	}
	m := &model.Model{}
	noSheet := map[float64]bool{}
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
		checkSheet(s, p, r, noSheet, o)
		checkEdges(p.id, p.shape, r)
	}
	prs, err := printedParts(o)
	if err != nil {
		return nil, err
	}
	m.Add(prs...)
	m.Add(bars(o, s, r)...)
	m.Add(purchased(v, o)...)
	m.Add(fasteners(o, s)...)
	m.Assembly = o.joints(ps, s)
	m.Summary = summary(v, o, s, m, r)
	return m, nil
}

// checkSheet reports a plate that no sheet of its thickness can hold,
// naming the parameters that size it.
func checkSheet(s *shop.Shop, p plate, r *params.Report, noSheet map[float64]bool, o vars) {
	thick := "structure_plate"
	if p.id[0] == 'h' && o.hZ != o.fZ {
		thick = "hopper_plate"
	}
	var best shop.SheetSize
	found := false
	for _, sh := range s.Sheets {
		if math.Abs(sh.Thickness-p.t) > 0.01 {
			continue
		}
		for _, z := range sh.Sizes {
			if !found || z.Width*z.Length > best.Width*best.Length {
				best, found = z, true
			}
		}
	}
	if !found {
		if !noSheet[p.t] {
			noSheet[p.t] = true
			var sold []string
			for _, sh := range s.Sheets {
				sold = append(sold, s.Units.Format(sh.Thickness))
			}
			r.Errorf([]string{thick}, "shop %q sells no %s plate (part %s and others); it sells %s: set %s to one of them, or use a shop that sells it",
				s.Name, s.Units.Format(p.t), p.id, strings.Join(sold, ", "), thick)
		}
		return
	}
	size := p.shape.Bounds().Size()
	a, b := math.Min(size.X, size.Y), math.Max(size.X, size.Y)
	if a > math.Min(best.Width, best.Length) || b > math.Max(best.Width, best.Length) {
		r.Errorf(append(append([]string(nil), p.drivers...), thick), "part %s (%s) is %s x %s, larger than the shop's largest %s sheet (%s x %s)",
			p.id, p.name, units.FormatInches(size.X, 16), units.FormatInches(size.Y, 16), units.FormatInches(p.t, 16),
			units.FormatInches(best.Width, 16), units.FormatInches(best.Length, 16))
	}
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
