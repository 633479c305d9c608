// Package bracket is a small bolted bracket, the design of fabkit's
// template design repository: a square tube arm clamped between a base
// plate and a cap plate by two bolts through the tube. The base plate has
// two more holes that screw it to a wall or a bench.
//
// The file reads top to bottom like the machine: the parameters a
// replicator may change, the dimensions derived from them and from the
// shop, the parts, then the assembly (where each part sits and how the
// parts are joined).
package bracket

import (
	"context"
	"fmt"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
	"github.com/fabkit/fabkit/units"
)

// Design is the bracket. It has no state: every build starts from the
// resolved parameters and the shop.
type Design struct{}

var _ model.Design = Design{}

// Name is the registry name, used on the command line: `build bracket`.
func (Design) Name() string { return "bracket" }

// Summary is one line for the `designs` command.
func (Design) Summary() string {
	return "a square tube arm bolted between a base plate and a cap plate (template design)"
}

// Version is the design's own revision, recorded in the manifest; raise
// it when a change moves the goldens.
func (Design) Version() string { return "1" }

const in = units.MMPerInch

// The fixed sizes of the bracket, in inches as a US shop draws them.
const (
	boltDia   = 3.0 / 4 // the clamping bolts, 3/4-10
	boltHole  = 13.0 / 16
	boltEdge  = 1.5 // bolt centres from the plate ends
	mountHole = 7.0 / 16
	mountEdge = 0.5 // mounting hole centres from the base plate's sides
)

// Schema declares the parameters, presets and cross-parameter checks.
func (Design) Schema() *params.Schema {
	s := &params.Schema{}
	I := units.Inch
	s.Length("arm_length", "Arm", I, "12in", "6in", "48in", "Length of the tube arm, from the wall face to its free end.")
	s.Choice("tube", "Arm", "sq-2x2x1/4", []string{"sq-2x2x1/8", "sq-2x2x1/4"},
		"The arm's square tube, by the shop's profile id.")
	s.Length("plate_length", "Plates", I, "6in", "5in", "12in", "Length of the base and cap plates along the arm; the bolts sit 1-1/2in from their ends.")
	s.Length("base_width", "Plates", I, "5in", "4in", "10in", "Width of the base plate; its mounting holes sit 1/2in from its sides.")
	s.Length("plate_thickness", "Plates", I, "1/4in", "3/16in", "3/8in", "Thickness of the base and cap plates (3/8in is the most a 4in bolt clamps).").
		SoldAs(params.SheetThickness, "a36")
	s.Preset("short", "A short 8in arm for a shelf.", map[string]string{"arm_length": "8in"})
	s.Preset("heavy", "A 24in arm on 3/8in plates, 8in long.", map[string]string{
		"arm_length": "24in", "plate_thickness": "3/8in", "base_width": "6in", "plate_length": "8in"})
	s.Check(checkPlates)
	return s
}

// checkPlates: the arm must reach past the plates.
func checkPlates(v *params.Values, r *params.Report) {
	if v.Length("arm_length") < v.Length("plate_length")+1*in {
		r.Errorf([]string{"arm_length", "plate_length"}, "the arm (%s) must reach at least 1in past the plates (%s)",
			units.FormatInches(v.Length("arm_length"), 16), units.FormatInches(v.Length("plate_length"), 16))
	}
}

// dims are the derived dimensions, in mm.
type dims struct {
	arm, plate, baseW, t float64 // lengths of the arm and plates, base width, plate thickness
	tube                 shop.Profile
	tubeW                float64 // outer width of the tube
	boltX                [2]float64
	grip                 float64 // base + tube + cap, what each bolt clamps
}

// derive reads the parameters and looks the tube up in the shop,
// reporting a base plate too narrow for its tube. The bolts are not
// chosen here: fabkit's assembly check picks each from the shop's
// fastener catalogue by its joint's holes and stack.
func derive(v *params.Values, s *shop.Shop, r *params.Report) (dims, error) {
	d := dims{arm: v.Length("arm_length"), plate: v.Length("plate_length"), baseW: v.Length("base_width"), t: v.Length("plate_thickness")}
	id := v.Choice("tube")
	tube, ok := s.Profile(id)
	if !ok || tube.Shape != shop.SquareTube {
		return d, fmt.Errorf("tube = %s: the shop %q sells no square tube of that id", id, s.Name)
	}
	d.tube, d.tubeW = tube, tube.Width
	// The mounting holes must clear the tube by 1/4in for a screw head.
	if clear := d.baseW/2 - (mountEdge+mountHole/2)*in - d.tubeW/2; clear < 0.25*in-1e-6 {
		r.Errorf([]string{"base_width", "tube"}, "a %s base plate leaves its mounting holes %s from the %s tube, less than 1/4in: make it at least %s wide",
			units.FormatInches(d.baseW, 16), units.FormatInches(clear, 16), id, units.FormatInches(d.tubeW+2*(mountEdge+mountHole/2+0.25)*in, 16))
	}
	d.boltX = [2]float64{boltEdge * in, d.plate - boltEdge*in}
	d.grip = 2*d.t + d.tubeW
	return d, nil
}

// Build makes the model.
func (Design) Build(ctx context.Context, v *params.Values, s *shop.Shop, r *params.Report) (*model.Model, error) {
	d, err := derive(v, s, r)
	if err != nil {
		return nil, err
	}
	h := d.tubeW / 2 // the tube's top face is at z = h, its bottom at -h

	// The arm runs along +X from the wall face (x = 0), centred on the X
	// axis; the two bolts go through both its walls, top to bottom.
	arm := &model.Part{ID: "arm", Name: "arm", Material: d.tube.Material, Process: model.Saw, Qty: 1,
		Bar: &model.Bar{Profile: d.tube.ID, Length: d.arm, Holes: []model.Hole{
			{At: d.boltX[0], Face: "top", Diameter: boltHole * in, Through: true},
			{At: d.boltX[1], Face: "top", Diameter: boltHole * in, Through: true},
		}},
		Placements: []model.Transform{model.Identity()}}

	// The base plate lies under the arm, the cap plate on it; both have
	// the two bolt holes on the arm's centre line. The base plate's
	// mounting holes, between the bolts, screw it to the wall.
	boltHoles := func(w float64) []profile.Path {
		return []profile.Path{profile.Circle(d.boltX[0], w/2, boltHole*in/2), profile.Circle(d.boltX[1], w/2, boltHole*in/2)}
	}
	mx := d.plate / 2
	base := &model.Part{ID: "base", Name: "base plate", Material: "a36", Process: model.PlateCut, Qty: 1,
		Plate: &model.Plate{Thickness: d.t, Shape: profile.New(profile.Rect(0, 0, d.plate, d.baseW),
			append(boltHoles(d.baseW),
				profile.Circle(mx, mountEdge*in, mountHole*in/2),
				profile.Circle(mx, d.baseW-mountEdge*in, mountHole*in/2))...)},
		Placements: []model.Transform{model.At(0, -d.baseW/2, -h-d.t)}}
	capPlate := &model.Part{ID: "cap", Name: "cap plate", Material: "a36", Process: model.PlateCut, Qty: 1,
		Plate:      &model.Plate{Thickness: d.t, Shape: profile.New(profile.Rect(0, 0, d.plate, d.tubeW), boltHoles(d.tubeW)...)},
		Placements: []model.Transform{model.At(0, -d.tubeW/2, h)}}

	m := &model.Model{Summary: []model.Figure{
		{Name: "reach", Label: "Reach past the plates", Value: (d.arm - d.plate) / 1000, Unit: "m",
			Text: units.FormatInches(d.arm-d.plate, 16)},
		{Name: "grip", Label: "Bolt grip", Value: d.grip / 1000, Unit: "m", Text: units.FormatInches(d.grip, 16)},
	}}
	m.Add(arm, base, capPlate)

	// The assembly: each bolt joins base, arm and cap (stack order, bottom
	// up). The joint declares only the bolt's diameter and its two washers:
	// the assembly check proves the holes line up and chooses the shortest
	// bolt of the shop's catalogue that clamps the stack, and the BOM buys
	// the bolts, nuts and washers of the joints. The mounting holes stay
	// open on purpose.
	for _, x := range d.boltX {
		m.Assembly.Joints = append(m.Assembly.Joints, model.Joint{Kind: model.Bolted,
			Parts: []model.Ref{{Part: "base"}, {Part: "arm"}, {Part: "cap"}},
			At:    [3]float64{x, 0, 0}, Axis: [3]float64{0, 0, 1},
			Fastener: &model.Fastener{Diameter: boltDia * in, Washers: 2}})
	}
	m.Assembly.Open = []model.OpenHole{{Part: "base", Hole: 2, Reason: "mounting"}, {Part: "base", Hole: 3, Reason: "mounting"}}
	m.Assembly.Steps = []model.Step{{Name: "bracket", Parts: []string{"base", "arm", "cap"}}}
	return m, nil
}
