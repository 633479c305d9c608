package shop

import (
	"fmt"
	"math"
	"strings"

	"github.com/fabkit/fabkit/units"
)

// ThicknessTolerance is how close (mm) a requested plate thickness must be to
// a sheet or cut-chart thickness to match it: 1/2in is 12.7 mm, and a design
// that computes 12.7000001 still means the 1/2in plate.
const ThicknessTolerance = 0.01

// Material returns the material with the given id.
func (s *Shop) Material(id string) (Material, bool) {
	m, ok := s.Materials[id]
	return m, ok
}

// Profile returns the linear stock with the given id.
func (s *Shop) Profile(id string) (Profile, bool) {
	for _, p := range s.Profiles {
		if p.ID == id {
			return p, true
		}
	}
	return Profile{}, false
}

// Item returns the purchased item with the given id.
func (s *Shop) Item(id string) (Item, bool) {
	for _, it := range s.Items {
		if it.ID == id {
			return it, true
		}
	}
	return Item{}, false
}

// SheetByID returns the plate stock with the given id.
func (s *Shop) SheetByID(id string) (Sheet, bool) {
	for _, sh := range s.Sheets {
		if sh.ID == id {
			return sh, true
		}
	}
	return Sheet{}, false
}

// Sheet returns the plate stock of a material and thickness (mm), matched
// within ThicknessTolerance.
func (s *Shop) Sheet(material string, thickness float64) (Sheet, bool) {
	for _, sh := range s.Sheets {
		if sh.Material == material && math.Abs(sh.Thickness-thickness) <= ThicknessTolerance {
			return sh, true
		}
	}
	return Sheet{}, false
}

// SheetAtLeast returns the thinnest plate stock of a material that is at
// least thickness (mm) thick, for designs moved between inch and metric
// shops (1/2in = 12.7 mm plate is not stocked in a metric shop; 15 mm is).
func (s *Shop) SheetAtLeast(material string, thickness float64) (Sheet, bool) {
	var best Sheet
	found := false
	for _, sh := range s.Sheets {
		if sh.Material == material && sh.Thickness >= thickness-ThicknessTolerance && (!found || sh.Thickness < best.Thickness) {
			best, found = sh, true
		}
	}
	return best, found
}

// LargestSheet returns the largest sheet size (by area) on offer for a
// material and thickness (mm).
func (s *Shop) LargestSheet(material string, thickness float64) (SheetSize, bool) {
	sh, ok := s.Sheet(material, thickness)
	if !ok || len(sh.Sizes) == 0 {
		return SheetSize{}, false
	}
	best := sh.Sizes[0]
	for _, z := range sh.Sizes[1:] {
		if z.Width*z.Length > best.Width*best.Length {
			best = z
		}
	}
	return best, true
}

// CutSettings returns the torch table's cut-chart row for a plate thickness
// (mm): the thinnest row at or above it (within ThicknessTolerance). It is an
// error when the shop has no chart or the plate is thicker than its last row.
func (s *Shop) CutSettings(thickness float64) (CutSettings, error) {
	chart := s.TorchTable.Chart
	f := s.Units.Format
	if s.Units == "" {
		f = units.Metric.Format
	}
	if len(chart) == 0 {
		return CutSettings{}, fmt.Errorf("shop %q: no torch table cut chart for %s plate", s.Name, f(thickness))
	}
	for _, row := range chart {
		if row.Thickness >= thickness-ThicknessTolerance {
			return row, nil
		}
	}
	return CutSettings{}, fmt.Errorf("shop %q: no cut chart row for %s plate (the chart covers %s to %s)",
		s.Name, f(thickness), f(chart[0].Thickness), f(chart[len(chart)-1].Thickness))
}

// Area returns the cross-section area of the profile in mm² (its
// Section's area).
func (p Profile) Area() float64 { return p.Section().Area() }

// MassPerMetre returns the mass of one metre of the profile in kg, for a
// density in kg/m³.
func (p Profile) MassPerMetre(density float64) float64 {
	return p.Area() * 1e-6 * density
}

// Area returns the sheet size's area in mm².
func (z SheetSize) Area() float64 { return z.Width * z.Length }

// Measure is what an item's unit counts: pieces, a length, an area, a mass or a volume.
type Measure int

// The measures an item can be sold by.
const (
	ByCount  Measure = iota // pieces, sets, pairs, kits
	ByLength                // per length, measured in mm
	ByArea                  // per area, measured in mm²
	ByMass                  // per mass, measured in kg
	ByVolume                // per volume, measured in litres
)

// itemUnits maps each accepted item unit to what it counts and its size in
// the measure's base (1 for counts, mm, mm², kg, litres).
var itemUnits = map[string]struct {
	m    Measure
	size float64
}{
	"each": {ByCount, 1}, "ea": {ByCount, 1}, "piece": {ByCount, 1}, "pc": {ByCount, 1}, "set": {ByCount, 1},
	"pair": {ByCount, 1}, "kit": {ByCount, 1}, "lot": {ByCount, 1},
	"mm": {ByLength, 1}, "cm": {ByLength, 10}, "m": {ByLength, 1000}, "in": {ByLength, 25.4}, "ft": {ByLength, 304.8},
	"sq in": {ByArea, 645.16}, "in2": {ByArea, 645.16}, "sq ft": {ByArea, 92903.04}, "ft2": {ByArea, 92903.04},
	"sq m": {ByArea, 1e6}, "m2": {ByArea, 1e6},
	"kg": {ByMass, 1}, "lb": {ByMass, 0.45359237},
	"l": {ByVolume, 1}, "litre": {ByVolume, 1}, "gal": {ByVolume, 3.785411784},
}

// ItemUnits lists the units an item may be priced per.
func ItemUnits() []string {
	return []string{"each", "ea", "piece", "pc", "set", "pair", "kit", "lot",
		"mm", "cm", "m", "in", "ft", "sq in", "in2", "sq ft", "ft2", "sq m", "m2",
		"kg", "lb", "l", "litre", "gal"}
}

// UnitMeasure tells what an item unit counts and the size of one unit in
// that measure's base: 1 for counts, mm for lengths, mm² for areas, kg for
// masses, litres for volumes. ok is false for a unit fabkit does not know.
func UnitMeasure(unit string) (m Measure, size float64, ok bool) {
	u, ok := itemUnits[strings.ToLower(strings.TrimSpace(unit))]
	return u.m, u.size, ok
}

// Quantity converts an amount needed (a count, mm, mm², kg or litres, as the
// item's Measure says) into a number of the item's units, so that a design can
// ask for 2.4 m of belt or 0.6 m² of liner whatever unit the shop prices by.
func (it Item) Quantity(m Measure, amount float64) (float64, error) {
	um, size, ok := UnitMeasure(it.Unit)
	if !ok {
		return 0, fmt.Errorf("item %s: unknown unit %q", it.ID, it.Unit)
	}
	if um != m {
		return 0, fmt.Errorf("item %s is sold per %s, which does not measure %s", it.ID, it.Unit, m)
	}
	return amount / size, nil
}

// String names the measure.
func (m Measure) String() string {
	switch m {
	case ByCount:
		return "a count"
	case ByLength:
		return "a length"
	case ByArea:
		return "an area"
	case ByMass:
		return "a mass"
	case ByVolume:
		return "a volume"
	}
	return fmt.Sprintf("Measure(%d)", int(m))
}

// Clone returns a deep copy of the shop, so that prices can be applied to it
// without touching the original.
func (s *Shop) Clone() *Shop {
	c := *s
	if s.Materials != nil {
		c.Materials = make(map[string]Material, len(s.Materials))
		for k, v := range s.Materials {
			c.Materials[k] = v
		}
	}
	c.Profiles = append([]Profile(nil), s.Profiles...)
	for i := range c.Profiles {
		c.Profiles[i].Lengths = append([]StockLength(nil), c.Profiles[i].Lengths...)
	}
	c.Sheets = append([]Sheet(nil), s.Sheets...)
	for i := range c.Sheets {
		c.Sheets[i].Sizes = append([]SheetSize(nil), c.Sheets[i].Sizes...)
	}
	c.Items = append([]Item(nil), s.Items...)
	c.Fasteners = s.Fasteners.clone()
	c.TorchTable.Rotations = append([]float64(nil), s.TorchTable.Rotations...)
	c.TorchTable.Chart = append([]CutSettings(nil), s.TorchTable.Chart...)
	return &c
}

// The bases of a stock price, as the BOM prints them.
const (
	PriceListed = "price list"          // the stock's own price
	PriceByMass = "price per kg x mass" // the material's price per kg times the stock's mass
	PriceNone   = "none"                // neither is known: the price is 0
)

// BarPrice is the price of one bar of profile p in material m: its own
// price, or else the material's PricePerKg times its mass; basis says
// which (PriceListed, PriceByMass or PriceNone).
func BarPrice(p Profile, m Material, l StockLength) (price float64, basis string) {
	if l.Price > 0 {
		return l.Price, PriceListed
	}
	if m.PricePerKg > 0 {
		return m.PricePerKg * p.MassPerMetre(m.DensityKg) * l.Length / 1000, PriceByMass
	}
	return 0, PriceNone
}

// SheetPrice is the price of one sheet of stock sh in material m: its own
// price, or else the material's PricePerKg times its mass; basis says
// which (PriceListed, PriceByMass or PriceNone).
func SheetPrice(sh Sheet, m Material, z SheetSize) (price float64, basis string) {
	if z.Price > 0 {
		return z.Price, PriceListed
	}
	if m.PricePerKg > 0 {
		return m.PricePerKg * z.Width * z.Length * sh.Thickness * m.DensityKg * 1e-9, PriceByMass
	}
	return 0, PriceNone
}
