package d3d

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/deadsy/sdfx/sdf"
	"github.com/fabkit/fabkit/geometry/solid"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
	"github.com/fabkit/fabkit/units"
)

// printTolerance is the mesh cell of the printed parts, in mm: fine enough
// for a 0.4 mm nozzle, coarse enough to mesh the set in about a second.
const printTolerance = 0.5

// rodMatch is how far the shop's rod may differ from rod_diameter: the
// bearings want the exact size.
const rodMatch = 0.05

// printed is a printed part before it becomes a model part.
type printed struct {
	ID, Name string
	Shape    sdf.SDF3
	At       []model.Transform
	Sizes    []string // parameters that size it, named in errors
	Notes    string
}

// printedParts builds the Universal Axis parts, placed on every axis, and
// the frame corners.
func printedParts(d dims, as []axis) ([]printed, error) {
	ua := d.UA
	mh, err := motorHolder(ua)
	if err != nil {
		return nil, fmt.Errorf("motor holder: %w", err)
	}
	ca, err := carriage(ua)
	if err != nil {
		return nil, fmt.Errorf("carriage: %w", err)
	}
	ih, err := idlerHalf(ua)
	if err != nil {
		return nil, fmt.Errorf("idler half: %w", err)
	}
	bp, err := beltPeg()
	if err != nil {
		return nil, fmt.Errorf("belt peg: %w", err)
	}
	axisSizes := []string{"rod_diameter"}
	out := []printed{
		{ID: "ua-motor-holder", Name: "Universal Axis motor holder", Shape: mh, Sizes: axisSizes},
		{ID: "ua-carriage", Name: "Universal Axis carriage", Shape: ca, Sizes: axisSizes},
		{ID: "ua-idler-half", Name: "Universal Axis idler half", Shape: ih, Sizes: axisSizes, Notes: "2 per idler, the second turned over"},
		{ID: "ua-belt-peg", Name: "Universal Axis belt peg", Shape: bp, Notes: "2 per carriage"},
	}
	for _, a := range as {
		cx := a.carriageAt(ua)
		top := a.Length - ua.IdlerX
		pegY := beltSlot/2 + 1.5
		out[0].At = append(out[0].At, a.on(model.Identity()))
		out[1].At = append(out[1].At, a.on(model.At(cx, 0, 0)))
		out[2].At = append(out[2].At, a.on(model.At(top, 0, 0)), a.on(model.Identity().RotateX(180).Move(top, 0, 0)))
		for _, x := range []float64{cx + 4.5, cx + ua.CarriageX - 4.5} {
			out[3].At = append(out[3].At, a.on(model.Identity().RotateX(180).Move(x, pegY, ua.T/2+2)))
		}
	}
	if d.HasCorners {
		cc, err := cornerConnector(d)
		if err != nil {
			return nil, fmt.Errorf("corner: %w", err)
		}
		out = append(out, printed{ID: "corner", Name: "frame corner connector", Shape: cc, At: cornerPlacements(d),
			Sizes: []string{"frame_width", "frame_thickness"},
			Notes: fmt.Sprintf("arms W + 2t = %s, wall 3t = %s, tongue %s", units.FormatMM(d.CornerArm), units.FormatMM(d.CornerWall), units.FormatMM(d.Tongue))})
	}
	return out, nil
}

func build(ctx context.Context, v *params.Values, s *shop.Shop, r *params.Report) (*model.Model, error) {
	d := derive(v)
	as := axes(d)
	m := &model.Model{}

	// Printed parts, with their print estimates.
	prs, err := printedParts(d, as)
	if err != nil {
		return nil, fmt.Errorf("designs/d3d: %w", err)
	}
	pr := printerOf(s)
	var filament, seconds float64
	for i := range prs {
		// The same solid, bit for bit, evaluated faster (it skips the
		// boxes and cuts far from each point): the mesher, the estimate
		// and the assembly check all sample it.
		prs[i].Shape = solid.Compile(prs[i].Shape)
	}
	for _, p := range prs {
		e, err := estimatePrint(ctx, p.Shape, pr)
		if err != nil {
			return nil, fmt.Errorf("designs/d3d: part %s: %w", p.ID, err)
		}
		filament += e.MassKg * float64(len(p.At))
		seconds += e.Seconds * float64(len(p.At))
		checkPrinter(s, p, r)
		m.Add(&model.Part{ID: p.ID, Name: p.Name, Material: "pla", Process: model.Print3D, Qty: len(p.At), Placements: p.At,
			Solid: &model.Solid{Shape: p.Shape, Tolerance: printTolerance}, Notes: strings.TrimPrefix(p.Notes+"; "+e.String(), "; ")})
	}

	// Frame and bed.
	if d.HasCorners {
		prof, err := s.Match(shop.Section{Shape: shop.Angle, Width: d.Width, Height: d.Width, Wall: d.Thickness}, 0.5)
		if err != nil {
			r.Errorf([]string{"frame_width", "frame_thickness"}, "frame bars: %v", err)
		} else {
			m.Add(angleBars(d, prof))
			m.Assembly.Joints = append(m.Assembly.Joints, cornerJoints(d, cornerPlacements(d))...)
		}
	} else {
		fps, err := framePlates(d)
		if err != nil {
			return nil, fmt.Errorf("designs/d3d: %w", err)
		}
		for _, fp := range fps {
			checkSheet(s, fp, []string{"frame_size", "frame_thickness"}, r)
			m.Add(fp)
			// The window, and M6 holes for the axes, feet and spool holder
			// wherever a build puts them: none is mated by a modelled part.
			for i := range fp.Plate.Shape.Holes {
				reason := "mounting (axes, feet, spool holder)"
				if i == 0 {
					reason = "window"
				}
				m.Assembly.Open = append(m.Assembly.Open, model.OpenHole{Part: fp.ID, Hole: i, Reason: reason})
			}
		}
	}
	bed, err := bedPlatePart(d)
	if err != nil {
		return nil, fmt.Errorf("designs/d3d: %w", err)
	}
	checkSheet(s, bed, []string{"bed_size"}, r)
	m.Add(bed)
	for i := range bed.Plate.Shape.Holes { // the heated-bed kit's clamps bolt through them
		m.Assembly.Open = append(m.Assembly.Open, model.OpenHole{Part: bed.ID, Hole: i, Reason: "bed clamps (heated-bed kit)"})
	}

	// Rods.
	rod, err := s.Match(shop.Section{Shape: shop.Round, Diameter: d.RodDiameter}, rodMatch)
	if err == nil && math.Abs(rod.Diameter-d.RodDiameter) > rodMatch {
		err = fmt.Errorf("shop %q has no %s precision rod (nearest: %s)", s.Name, units.FormatMM(d.RodDiameter), rod.ID)
	}
	var rodTotal float64
	var rodCount int
	if err != nil {
		r.Errorf([]string{"rod_diameter"}, "rods: %v", err)
	} else {
		longest := 0.0
		for _, l := range rod.Lengths {
			longest = math.Max(longest, l.Length)
		}
		for _, rp := range rods(d, as) {
			if rp.Length > longest+1e-6 {
				r.Errorf([]string{"frame_size"}, "part %s (%s) is %s, longer than the shop's longest %s (%s)",
					rp.ID, rp.Name, units.FormatMM(rp.Length), rod.ID, units.FormatMM(longest))
			}
			rodTotal += rp.Length * float64(len(rp.At))
			rodCount += len(rp.At)
			m.Add(&model.Part{ID: rp.ID, Name: rp.Name, Material: rod.Material, Process: model.Saw, Qty: len(rp.At), Placements: rp.At,
				Bar: &model.Bar{Profile: rod.ID, Length: rp.Length}, Notes: fmt.Sprintf("%s = %s", rp.Rule, units.FormatInches(rp.Length, 16))})
		}
	}

	m.Add(purchased(d)...)
	m.Assembly.Joints = append(m.Assembly.Joints, axisJoints(len(as))...)
	m.Assembly.Steps = []model.Step{
		{Name: "frame", Parts: []string{"frame-bar", "corner", "frame-plate", "frame-plate-side", "frame-plate-end"}},
		{Name: "axes", Parts: []string{"ua-motor-holder", "ua-carriage", "ua-idler-half", "ua-belt-peg", "rod-x", "rod-y", "rod-z"}},
		{Name: "bed", Parts: []string{"rod-bed", "bed-plate"}},
	}
	m.Summary = summary(d, pr, s, filament, seconds, rodTotal, rodCount)
	return m, nil
}

// checkPrinter reports a printed part that no orientation fits in the
// shop's printer, naming the parameters that size it.
func checkPrinter(s *shop.Shop, p printed, r *params.Report) {
	b := s.Printer
	if b.BuildX <= 0 || b.BuildY <= 0 || b.BuildZ <= 0 {
		r.Warnf(nil, "shop %q describes no printer: part %s not checked against a build volume", s.Name, p.ID)
		return
	}
	sz := p.Shape.BoundingBox().Size()
	part := []float64{sz.X, sz.Y, sz.Z}
	vol := []float64{b.BuildX, b.BuildY, b.BuildZ}
	sort.Float64s(part)
	sort.Float64s(vol)
	for i := range part {
		if part[i] > vol[i]+1e-6 {
			r.Errorf(p.Sizes, "part %s (%s) is %.0f x %.0f x %.0f mm, larger than the printer's %.0f x %.0f x %.0f mm build volume",
				p.ID, p.Name, sz.X, sz.Y, sz.Z, b.BuildX, b.BuildY, b.BuildZ)
			return
		}
	}
}

// checkSheet reports a plate larger than the shop's largest sheet of its
// thickness, naming the parameters that size it.
func checkSheet(s *shop.Shop, p *model.Part, sizes []string, r *params.Report) {
	big, ok := s.LargestSheet(p.Material, p.Plate.Thickness)
	if !ok {
		r.Errorf(sizes, "part %s (%s): shop %q sells no %s %s plate", p.ID, p.Name, s.Name, units.FormatInches(p.Plate.Thickness, 16), p.Material)
		return
	}
	sz := p.Plate.Shape.Bounds().Size()
	if min(sz.X, sz.Y) > min(big.Width, big.Length) || max(sz.X, sz.Y) > max(big.Width, big.Length) {
		r.Errorf(sizes, "part %s (%s) is %s square, larger than the shop's largest %s sheet (%s x %s)", p.ID, p.Name,
			units.FormatInches(sz.X, 16), units.FormatInches(p.Plate.Thickness, 16), units.FormatInches(big.Width, 16), units.FormatInches(big.Length, 16))
	}
}

// summary is the printer's figures: print area, rods, belts, and the print
// estimates for every printed part.
func summary(d dims, pr printer, s *shop.Shop, filament, seconds, rodTotal float64, rodCount int) []model.Figure {
	area := math.Min(d.BedSize, d.Travel)
	n := d.XAxes + d.YAxes + d.ZAxes
	belt := float64(n) * d.Belt
	ppk := s.Printer.FilamentPricePerKg
	if m, ok := s.Material(pr.Material); ok && ppk == 0 {
		ppk = m.PricePerKg
	}
	figs := []model.Figure{
		{Name: "print_area", Label: "Print area (bed or carriage travel, the smaller)", Value: area, Unit: "mm",
			Text: fmt.Sprintf("%s square: %s bed, %s travel", units.FormatInches(area, 8), units.FormatInches(d.BedSize, 8), units.FormatInches(d.Travel, 8))},
		{Name: "rod_length", Label: "Precision rod, total", Value: rodTotal / 1000, Unit: "m",
			Text: fmt.Sprintf("%.1fin (%.2f m) in %d pieces", rodTotal/in, rodTotal/1000, rodCount)},
		{Name: "belt_length", Label: "GT2 belt, total", Value: belt / 1000, Unit: "m",
			Text: fmt.Sprintf("%.2f m: %d x %s", belt/1000, n, units.FormatMM(d.Belt))},
		{Name: "filament_mass", Label: "Filament for the printed parts [EST]", Value: filament, Unit: "kg",
			Text: fmt.Sprintf("%.2f kg %s at %.0f%% infill", filament, pr.Material, pr.Infill*100)},
		{Name: "print_time", Label: "Print time for the printed parts [EST]", Value: seconds / 3600, Unit: "h",
			Text: fmt.Sprintf("%s at %g mm³/s", hours(seconds), pr.Rate)},
	}
	if ppk > 0 {
		figs = append(figs, model.Figure{Name: "filament_cost", Label: "Filament cost [EST]", Value: filament * ppk, Unit: s.Currency,
			Text: fmt.Sprintf("%.2f %s at %.2f/kg", filament*ppk, s.Currency, ppk)})
	}
	if d.HasCorners {
		figs = append(figs, model.Figure{Name: "frame_bar", Label: "Frame bar length", Value: d.AngleBar, Unit: "mm",
			Text: fmt.Sprintf("12 x %s", units.FormatInches(d.AngleBar, 16))})
	}
	return figs
}
