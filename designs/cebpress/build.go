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

// plates builds every plate with its features, in cut-list order.
func plates(d dims) (*asm, error) {
	a := newAsm(d.dGap, d.boltHole)
	l := layout(d)
	for _, step := range []struct {
		name string
		f    func(*asm, dims, levels) error
	}{{"frame", frame}, {"drawer", drawer}, {"arms", arms}, {"hopper", hopper}} {
		if err := step.f(a, d, l); err != nil {
			return nil, fmt.Errorf("designs/cebpress: %s: %w", step.name, err)
		}
	}
	return a, nil
}

// Row is one line of the plate cut list: the base rectangle of OSE's
// formulas, before tabs, slots and holes.
type Row struct {
	ID        string
	Name      string
	Qty       int
	W, H      float64 // mm
	Thickness float64 // mm
}

// CutList returns the plate cut list for resolved parameters, in the order
// of OSE's table (frame, drawer, arms, hopper).
func CutList(v *params.Values) ([]Row, error) {
	a, err := plates(derive(v))
	if err != nil {
		return nil, err
	}
	var rows []Row
	for _, id := range a.order {
		p := a.plates[id]
		rows = append(rows, Row{ID: id, Name: p.name, Qty: len(p.at), W: p.w, H: p.h, Thickness: p.t})
	}
	return rows, nil
}

func build(ctx context.Context, v *params.Values, s *shop.Shop, r *params.Report) (*model.Model, error) {
	d := derive(v)
	a, err := plates(d)
	if err != nil {
		return nil, err
	}
	m := &model.Model{}
	noSheet := map[float64]bool{}
	for _, id := range a.order {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p := a.plates[id]
		shape, err := p.shape()
		if err != nil {
			return nil, fmt.Errorf("designs/cebpress: part %s: %w", id, err)
		}
		m.Add(&model.Part{ID: id, Name: p.name, Material: "a36", Process: model.PlateCut,
			Qty: len(p.at), Placements: p.at, Plate: &model.Plate{Thickness: p.t, Shape: shape},
			Notes: fmt.Sprintf("base %s x %s (OSE %sx x %sy)", units.FormatInches(p.w, 16), units.FormatInches(p.h, 16), id, id)})
		checkSheet(s, p, shape, r, noSheet, d)
		checkEdges(p, d, r)
	}
	l := layout(d)
	m.Add(bars(d, l, s, r)...)
	m.Add(purchased(v, d, l)...)
	m.Add(fasteners(a.bolts)...)
	m.Summary = summary(v, d, s, m, r)
	return m, nil
}

// checkSheet reports a plate that no sheet of its thickness can hold,
// naming the parameters that size it.
func checkSheet(s *shop.Shop, p *plate, shape profile.Profile, r *params.Report, noSheet map[float64]bool, d dims) {
	thick := "structure_plate"
	if p.t == d.hZ && p.t != d.fZ {
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
	size := shape.Bounds().Size()
	a, b := math.Min(size.X, size.Y), math.Max(size.X, size.Y)
	if a > math.Min(best.Width, best.Length) || b > math.Max(best.Width, best.Length) {
		r.Errorf(append(append([]string(nil), p.drivers...), thick), "part %s (%s) is %s x %s, larger than the shop's largest %s sheet (%s x %s)",
			p.id, p.name, units.FormatInches(size.X, 16), units.FormatInches(size.Y, 16), units.FormatInches(p.t, 16),
			units.FormatInches(best.Width, 16), units.FormatInches(best.Length, 16))
	}
}

// checkEdges warns about a bolt hole closer to the plate's edge than its
// diameter (centre to edge): the ligament tears out under load.
func checkEdges(p *plate, d dims, r *params.Report) {
	for _, c := range p.bolts {
		e := math.Min(math.Min(c.X, p.w-c.X), math.Min(c.Y, p.h-c.Y))
		if e < d.boltHole-1e-6 {
			r.Warnf([]string{"bolt_hole"}, "part %s: bolt hole at (%s, %s) is %s from the edge, under one hole diameter (%s)",
				p.id, units.FormatInches(c.X, 16), units.FormatInches(c.Y, 16), units.FormatInches(e, 16), units.FormatInches(d.boltHole, 16))
			return
		}
	}
}
