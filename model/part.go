// Package model holds the types every design fills in and every output
// stage reads: parts with their process, material, stock and exact geometry
// (plate profiles, bars of a shop profile with section.End cuts and
// section.Hole holes, sdfx solids), and where each instance sits in the
// assembly (an affine.Transform). A design turns resolved
// parameters and a shop into a Model; geometry, cam, bom and outputs read it.
package model

import (
	"fmt"
	"math"

	"github.com/deadsy/sdfx/sdf"
	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/geometry/section"
)

// Process is how a part is made.
type Process string

// The processes fabkit plans for.
const (
	Saw      Process = "saw"       // linear stock cut to length (and drilled)
	PlateCut Process = "plate_cut" // torch, plasma or laser cut plate
	Print3D  Process = "print_3d"  // 3D printed
	Mill     Process = "mill"      // machined free-form part
	Buy      Process = "buy"       // purchased
)

// Part is one part type of a design; Placements says where each of its
// instances sits in the assembly. Exactly one of Plate, Bar, Solid and
// Purchased is set.
type Part struct {
	ID       string // design-scoped id, e.g. OSE's "f4"
	Name     string // what it is, e.g. "chamber side wall"
	Material string // shop material id, e.g. "a36"; empty for purchased items
	Process  Process
	Qty      int // number of instances; equals len(Placements) when placed
	// Placements position each instance in the assembly frame.
	Placements []Transform
	Notes      string

	Plate     *Plate
	Bar       *Bar
	Solid     *Solid
	Purchased *Purchased
}

// Plate is a part cut from sheet: an exact profile extruded by Thickness,
// in its own frame with the plate's bottom face at z=0.
type Plate struct {
	Thickness float64 // mm
	Shape     profile.Profile
}

// End is how a bar end is cut: section.End, the one end cut the mesher
// and the drawings read (a mitre in degrees about a section axis).
type End = section.End

// Hole is a hole drilled in a bar: section.Hole, drilled from a
// section.Face ("top", "bottom", "left", "right").
type Hole = section.Hole

// Bar is a length of linear stock. Its frame runs along +X from x=0, the
// section centred on the X axis.
type Bar struct {
	Profile    string // shop profile id, e.g. "round-1" or "dom-1.5x.25"
	Length     float64
	Start, End End
	Holes      []Hole
}

// Solid is a free-form part, 3D printed or machined, as an sdfx solid.
type Solid struct {
	Shape sdf.SDF3
	// Tolerance is the largest surface error accepted in the mesh, in mm;
	// 0 means the build's default.
	Tolerance float64
}

// Purchased is an item bought from the shop's price list.
type Purchased struct {
	Item string // shop item id
	Spec string // specification a buyer needs, e.g. "5in bore x 16in stroke, 2.5in rod"
	// Unit qty for items sold by length or area: Qty counts units.
	Unit string
	// Body, when set, stands in for the item in the assembly view.
	Body *Body
	// Optional marks an item the replicator may leave out or source
	// elsewhere: a shop that does not list it gets a warning and an
	// unpriced line instead of a refused build.
	Optional bool
}

// Body is a purchased item's stand-in shape for the assembly: a cylinder
// of Diameter along the part's X axis, from x=0 to x=Length (a hydraulic
// cylinder between its pins, a motor, a bearing).
type Body struct {
	Diameter, Length float64 // mm
}

// Validate checks the part's own consistency, naming the part.
func (p *Part) Validate() error {
	kinds := 0
	for _, set := range []bool{p.Plate != nil, p.Bar != nil, p.Solid != nil, p.Purchased != nil} {
		if set {
			kinds++
		}
	}
	switch {
	case p.ID == "":
		return fmt.Errorf("part %q has no id", p.Name)
	case kinds != 1:
		return fmt.Errorf("part %s: must be exactly one of plate, bar, solid or purchased", p.ID)
	case p.Qty < 1:
		return fmt.Errorf("part %s: quantity %d, must be at least 1", p.ID, p.Qty)
	case len(p.Placements) != 0 && len(p.Placements) != p.Qty:
		return fmt.Errorf("part %s: %d placements for quantity %d", p.ID, len(p.Placements), p.Qty)
	}
	switch {
	case p.Plate != nil:
		if !(p.Plate.Thickness > 0) {
			return fmt.Errorf("part %s: plate thickness %v mm, must be > 0", p.ID, p.Plate.Thickness)
		}
		if err := p.Plate.Shape.Validate(); err != nil {
			return fmt.Errorf("part %s: %w", p.ID, err)
		}
	case p.Bar != nil:
		if !(p.Bar.Length > 0) || math.IsInf(p.Bar.Length, 0) {
			return fmt.Errorf("part %s: bar length %v mm, must be > 0", p.ID, p.Bar.Length)
		}
		for i, h := range p.Bar.Holes {
			if h.At < 0 || h.At > p.Bar.Length || !(h.Diameter > 0) {
				return fmt.Errorf("part %s: hole %d at %v mm, diameter %v mm: must lie on the bar with a positive diameter", p.ID, i+1, h.At, h.Diameter)
			}
			if h.Offset != 0 {
				return fmt.Errorf("part %s: hole %d: offset %v mm: the drawings and drilling programs put bar holes on the face's centre line", p.ID, i+1, h.Offset)
			}
		}
	case p.Solid != nil:
		if p.Solid.Shape == nil {
			return fmt.Errorf("part %s: solid has no shape", p.ID)
		}
	case p.Purchased != nil:
		if p.Purchased.Item == "" {
			return fmt.Errorf("part %s: purchased part has no catalog item id", p.ID)
		}
	}
	return nil
}

// Figure is one line of a design's engineering summary.
type Figure struct {
	Name  string  `json:"name"`  // e.g. "press_force"
	Label string  `json:"label"` // e.g. "Press force at working pressure"
	Value float64 `json:"value"`
	Unit  string  `json:"unit"` // SI or the stated unit, e.g. "kN", "MPa", "bricks/h"
	Text  string  `json:"text"` // the value as people read it, e.g. "49,100 lbf (218 kN)"
}

// Model is what a design builds: its parts and its engineering summary.
type Model struct {
	Parts   []*Part
	Summary []Figure
	// Assembly declares joints, open holes and tab clearance (joint.go).
	Assembly Assembly
}

// Part returns the part with the given id, or nil.
func (m *Model) Part(id string) *Part {
	for _, p := range m.Parts {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// Add appends parts, returning the model for chaining.
func (m *Model) Add(parts ...*Part) *Model {
	m.Parts = append(m.Parts, parts...)
	return m
}

// Validate checks every part and that ids are unique.
func (m *Model) Validate() error {
	seen := map[string]bool{}
	for _, p := range m.Parts {
		if err := p.Validate(); err != nil {
			return err
		}
		if seen[p.ID] {
			return fmt.Errorf("part id %s used twice", p.ID)
		}
		seen[p.ID] = true
	}
	return nil
}
