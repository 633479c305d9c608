package toolpath

import (
	"fmt"
	"math"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/shop"
)

// Bed is a torch table's travel in its own axes, mm: the machine moves
// TravelX along X and TravelY along Y from its Origin corner, where X0 Y0
// is. The axes keep their directions, so from a right (upper) origin X
// (Y) runs from -TravelX (-TravelY) to 0. Zero travel is unknown and takes
// any sheet.
type Bed struct {
	TravelX, TravelY float64
	Origin           shop.Corner // "" is lower-left
}

// BedOf returns a torch table's bed.
func BedOf(t shop.TorchTable) Bed {
	return Bed{TravelX: t.BedX, TravelY: t.BedY, Origin: t.Origin}
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

// Usable is the largest area a torch table can nest on from a plate
// stock: the short and long side of the largest of its sheet sizes that
// lies on the bed (Lay), less the table's edge margin on every side; zero
// when none does. Bounded is false when the table nests at free rotations
// (not quarter turns), where a part's bounding box says nothing about
// whether it fits.
type Usable struct {
	Short, Long float64
	Bounded     bool
}

// UsableOf is the one sheet-fit rule: the nester, the prechecks and a
// design's own checks read it.
func UsableOf(t shop.TorchTable, sizes []shop.SheetSize) Usable {
	for _, r := range t.Rotations {
		if math.Mod(r, 90) != 0 {
			return Usable{}
		}
	}
	u := Usable{Bounded: true}
	bed := BedOf(t)
	for _, z := range sizes {
		if _, fits := bed.Lay(z.Length, z.Width); !fits {
			continue
		}
		a, b := math.Min(z.Width, z.Length)-2*t.EdgeMargin, math.Max(z.Width, z.Length)-2*t.EdgeMargin
		if a*b > u.Short*u.Long {
			u.Short, u.Long = a, b
		}
	}
	return u
}

// Fits reports whether a part whose bounding box is w x h mm fits the
// usable area, turned either way; always true when the area is not
// Bounded.
func (u Usable) Fits(w, h float64) bool {
	a, b := math.Min(w, h), math.Max(w, h)
	return !u.Bounded || (a <= u.Short+bedEps && b <= u.Long+bedEps)
}

// Travel returns the box the machine reaches, in its own coordinates.
func (b Bed) Travel() profile.Box {
	t := profile.Box{Max: profile.Point{X: b.TravelX, Y: b.TravelY}}
	if b.Origin.Right() {
		t.Min.X, t.Max.X = -b.TravelX, 0
	}
	if b.Origin.Upper() {
		t.Min.Y, t.Max.Y = -b.TravelY, 0
	}
	return t
}

// Turn maps a point of a sheet sizeY deep (in the nester's frame) to the
// sheet turned a quarter turn counter-clockwise onto the bed: the nester's
// X runs along the table's Y, and the sheet's new lower-left corner is
// again at (0, 0) of sheet coordinates.
func Turn(p profile.Point, sizeY float64) profile.Point {
	return profile.Point{X: sizeY - p.Y, Y: p.X}
}

// Extents returns the box of every point the torch visits in a plan, in
// the program's coordinates (sheet coordinates minus Sheet.Zero): the
// origin it starts from, rapids between pierces, leads and loops, arcs
// included.
func Extents(p *Plan) profile.Box {
	b := profile.EmptyBox().Extend(profile.Point{})
	z := p.Sheet.Zero()
	shift := func(s profile.Box) profile.Box { return profile.Box{Min: s.Min.Sub(z), Max: s.Max.Sub(z)} }
	open := func(from profile.Point, segs []profile.Segment) {
		if len(segs) > 0 {
			b = b.Union(shift(openPath(from, segs).Bounds()))
		}
		b = b.Extend(from.Sub(z))
	}
	for i := range p.Cuts {
		c := &p.Cuts[i]
		open(c.Pierce, c.LeadIn)
		b = b.Union(shift(c.Loop.Bounds()))
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
	Extents profile.Box // of the program's motion, in its coordinates, mm
	Bed     Bed
}

// Error names the sheet, how far its program reaches and the travel.
func (e *TravelError) Error() string {
	t := e.Bed.Travel()
	return fmt.Sprintf("sheet %s: the program reaches X %.1f..%.1f Y %.1f..%.1f mm, beyond the table's travel of X %.1f..%.1f Y %.1f..%.1f mm (origin %s)",
		e.Sheet, e.Extents.Min.X, e.Extents.Max.X, e.Extents.Min.Y, e.Extents.Max.Y, t.Min.X, t.Max.X, t.Min.Y, t.Max.Y, e.Bed.Origin)
}

// Check returns a *TravelError when the plan's program, in its own
// coordinates, leaves the bed's travel.
func (b Bed) Check(sheet string, p *Plan) error {
	if b.TravelX <= 0 || b.TravelY <= 0 {
		return nil
	}
	e, t := Extents(p), b.Travel()
	if e.Min.X < t.Min.X-bedEps || e.Min.Y < t.Min.Y-bedEps || e.Max.X > t.Max.X+bedEps || e.Max.Y > t.Max.Y+bedEps {
		return &TravelError{Sheet: sheet, Extents: e, Bed: b}
	}
	return nil
}
