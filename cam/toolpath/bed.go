package toolpath

import (
	"fmt"

	"github.com/fabkit/fabkit/geometry/profile"
)

// Bed is a torch table's travel in its own axes, mm: the machine moves
// TravelX along X and TravelY along Y from X0 Y0. Zero travel is unknown
// and takes any sheet.
type Bed struct {
	TravelX, TravelY float64
}

// bedEps absorbs the rounding of sizes given in inches.
const bedEps = 1e-6

// Lay decides how a sheet of sizeX x sizeY mm (the nester's frame) lies on
// the bed: as it is, or turned a quarter turn so that its X runs along the
// table's Y. It keeps the sheet as it is when both fit, and reports ok
// false when neither does.
func (b Bed) Lay(sizeX, sizeY float64) (turn, ok bool) {
	if b.TravelX <= 0 || b.TravelY <= 0 {
		return false, true
	}
	switch {
	case sizeX <= b.TravelX+bedEps && sizeY <= b.TravelY+bedEps:
		return false, true
	case sizeY <= b.TravelX+bedEps && sizeX <= b.TravelY+bedEps:
		return true, true
	}
	return false, false
}

// Turn maps a point of a sheet sizeY deep (in the nester's frame) to the
// sheet turned a quarter turn counter-clockwise onto the bed: the nester's
// X runs along the table's Y, and the sheet's new lower-left corner is
// again X0 Y0.
func Turn(p profile.Point, sizeY float64) profile.Point {
	return profile.Point{X: sizeY - p.Y, Y: p.X}
}

// Extents returns the box of every point the torch visits in a plan: the
// origin it starts from, rapids between pierces, leads and loops, arcs
// included.
func Extents(p *Plan) profile.Box {
	b := profile.EmptyBox().Extend(profile.Point{})
	open := func(from profile.Point, segs []profile.Segment) {
		if len(segs) > 0 {
			b = b.Union(openPath(from, segs).Bounds())
		}
		b = b.Extend(from)
	}
	for i := range p.Cuts {
		c := &p.Cuts[i]
		open(c.Pierce, c.LeadIn)
		b = b.Union(c.Loop.Bounds())
		open(c.Loop.Start, c.LeadOut)
	}
	return b
}

// openPath closes an open run of segments back to its start with a line,
// so that Path.Bounds measures its arcs; the closing line lies inside the
// box of its end points.
func openPath(from profile.Point, segs []profile.Segment) profile.Path {
	return profile.Path{Start: from, Segs: append(append([]profile.Segment(nil), segs...), profile.Segment{End: from})}
}

// TravelError is a program that leaves the table's travel.
type TravelError struct {
	Sheet   string      // the nested sheet's id
	Extents profile.Box // of the program's motion, mm
	Bed     Bed
}

// Error names the sheet, how far its program reaches and the travel.
func (e *TravelError) Error() string {
	return fmt.Sprintf("sheet %s: the program reaches X %.1f..%.1f Y %.1f..%.1f mm, beyond the table's travel of X 0..%.1f Y 0..%.1f mm",
		e.Sheet, e.Extents.Min.X, e.Extents.Max.X, e.Extents.Min.Y, e.Extents.Max.Y, e.Bed.TravelX, e.Bed.TravelY)
}

// Check returns a *TravelError when the plan's motion leaves the bed.
func (b Bed) Check(sheet string, p *Plan) error {
	if b.TravelX <= 0 || b.TravelY <= 0 {
		return nil
	}
	e := Extents(p)
	if e.Min.X < -bedEps || e.Min.Y < -bedEps || e.Max.X > b.TravelX+bedEps || e.Max.Y > b.TravelY+bedEps {
		return &TravelError{Sheet: sheet, Extents: e, Bed: b}
	}
	return nil
}
