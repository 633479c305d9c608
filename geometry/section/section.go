// Package section is the one cross-section of linear stock that the shop
// sells, the mesher extrudes, the drawings dimension and the cost prices:
// its shape, its sizes in millimetres, its outer size and its area.
// shop.Profile.Section makes it from a shop's stock entry.
package section

import (
	"fmt"
	"math"
)

// Shape is a cross-section family of linear stock, named as in shop files.
type Shape string

// The cross-section families. A section lies in the YZ plane of a bar's
// frame, centred on the middle of its bounding box; the bar's axis is X.
const (
	// SquareTube is square tube: Width (Y) = Height (Z), Wall thickness,
	// outer corner Radius; the inner corner radius is max(Radius-Wall, 0).
	SquareTube Shape = "square_tube"
	// RectTube is rectangular tube: Width (Y) × Height (Z), Wall, Radius.
	RectTube Shape = "rect_tube"
	// Angle is equal or unequal angle with a sharp root: a horizontal leg
	// of Width along Y at the bottom and a vertical leg of Height along Z
	// on the +Y ("left") side, both Wall thick.
	Angle Shape = "angle"
	// Flat is flat bar: Width (Y) × Height (Z), its height being the
	// flat's thickness.
	Flat Shape = "flat"
	// Round is solid round bar of Diameter.
	Round Shape = "round"
	// Pipe is pipe or DOM tube: outer Diameter and Wall.
	Pipe Shape = "pipe"
)

// Tube reports whether the shape is square or rectangular tube.
func (s Shape) Tube() bool { return s == SquareTube || s == RectTube }

// Circular reports whether the shape is round bar or pipe.
func (s Shape) Circular() bool { return s == Round || s == Pipe }

// Section is the cross-section of a piece of linear stock, in millimetres.
// Which fields matter depends on Shape (see the Shape constants). As the
// section a design asks shop.Match for, a zero field means "any".
type Section struct {
	Shape    Shape
	Width    float64 // along Y: tube or flat width, an angle's horizontal leg
	Height   float64 // along Z: tube height, an angle's vertical leg, a flat's thickness
	Wall     float64 // tube, pipe wall or angle leg thickness
	Radius   float64 // outer corner radius of a tube
	Diameter float64 // outside diameter of round bar and pipe
}

// Outer returns the section's outer size across Y and Z, in mm: Width and
// Height, or the Diameter of round bar and pipe.
func (s Section) Outer() (width, height float64) {
	if s.Shape.Circular() {
		return s.Diameter, s.Diameter
	}
	return s.Width, s.Height
}

// Area returns the exact cross-section area in mm², using the formulas of
// the OSE research notes (section 7.1): tubes with the exact area of their
// rounded corners (outer radius Radius, inner radius Radius - Wall, or
// sharp when that is not positive), angles with a sharp root, and exact
// circles for rounds and pipes.
func (s Section) Area() float64 {
	switch s.Shape {
	case SquareTube, RectTube:
		w, h, t, r := s.Width, s.Height, s.Wall, s.Radius
		ri := math.Max(r-t, 0)
		outer := w*h - (4-math.Pi)*r*r
		inner := (w-2*t)*(h-2*t) - (4-math.Pi)*ri*ri
		return outer - inner
	case Angle:
		return s.Wall * (s.Width + s.Height - s.Wall)
	case Flat:
		return s.Width * s.Height
	case Round:
		return math.Pi / 4 * s.Diameter * s.Diameter
	case Pipe:
		d := s.Diameter - 2*s.Wall
		return math.Pi / 4 * (s.Diameter*s.Diameter - d*d)
	}
	return 0
}

// String prints the section for error messages, in millimetres, e.g.
// "round bar 25.4mm" or "rect_tube 101.6x50.8x6.4mm".
func (s Section) String() string {
	switch s.Shape {
	case Round:
		return fmt.Sprintf("round bar %.1fmm", s.Diameter)
	case Pipe:
		return fmt.Sprintf("pipe %.1fmm OD x %.1fmm wall", s.Diameter, s.Wall)
	}
	return fmt.Sprintf("%s %.1fx%.1fx%.1fmm", s.Shape, s.Width, s.Height, s.Wall)
}
