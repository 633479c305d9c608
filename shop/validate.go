package shop

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/fabkit/fabkit/units"
)

// Validate checks the shop's semantic rules: required names, positive sizes,
// ids unique across profiles, sheets and items, material references that
// exist, cut-chart rows from thin to thick, and so on. It returns a
// *FieldError or FieldErrors whose Field is the shop-file path of each
// problem (for example "torch_table.chart[0].kerf"). Parse runs it, so a
// shop read from a file is always valid; call it on shops built or edited in
// Go.
func (s *Shop) Validate() error {
	c := &checker{s: s, unit: units.MM}
	if s.Units == units.Imperial {
		c.unit = units.Inch
	}
	c.shop()
	return c.errs.asError()
}

// HasTorchTable reports whether the shop has a torch table at all.
func (s *Shop) HasTorchTable() bool {
	t := s.TorchTable
	return t.Process != "" || len(t.Chart) > 0 || t.BedX != 0 || t.BedY != 0
}

// HasPrinter reports whether the shop has a 3D printer.
func (s *Shop) HasPrinter() bool {
	p := s.Printer
	return p.BuildX != 0 || p.BuildY != 0 || p.BuildZ != 0
}

type checker struct {
	s    *Shop
	unit units.Unit
	errs FieldErrors
}

func (c *checker) add(field, value, reason string) {
	c.errs = append(c.errs, &FieldError{Field: field, Value: value, Reason: reason})
}

func (c *checker) fmtLen(v float64) string { return units.FormatIn(v, c.unit) }

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// posLen and friends check one number; !(v > 0) also catches NaN.
func (c *checker) posLen(field string, v float64) {
	if !(v > 0) || math.IsInf(v, 0) {
		c.add(field, c.fmtLen(v), "must be > 0")
	}
}

func (c *checker) nonNegLen(field string, v float64) {
	if !(v >= 0) || math.IsInf(v, 0) {
		c.add(field, c.fmtLen(v), "must be >= 0")
	}
}

func (c *checker) pos(field string, v float64) {
	if !(v > 0) || math.IsInf(v, 0) {
		c.add(field, fmtNum(v), "must be > 0")
	}
}

func (c *checker) nonNeg(field string, v float64) {
	if !(v >= 0) || math.IsInf(v, 0) {
		c.add(field, fmtNum(v), "must be >= 0")
	}
}

func (c *checker) required(field, v string) bool {
	if v == "" {
		c.add(field, "", "required")
		return false
	}
	return true
}

func (c *checker) materialRef(field, id string) {
	if !c.required(field, id) {
		return
	}
	if _, ok := c.s.Materials[id]; !ok {
		ids := make([]string, 0, len(c.s.Materials))
		for k := range c.s.Materials {
			ids = append(ids, k)
		}
		sort.Strings(ids)
		c.add(field, id, "unknown material"+suggest(id, ids))
	}
}

func (c *checker) shop() {
	s := c.s
	c.required("name", s.Name)
	if s.Units != units.Imperial && s.Units != units.Metric {
		c.add("units", string(s.Units), "must be imperial or metric")
	}
	if c.required("currency", s.Currency) && !isCurrency(s.Currency) {
		c.add("currency", s.Currency, "must be a three-letter ISO 4217 code such as USD or EUR")
	}
	ids := make([]string, 0, len(s.Materials))
	for id := range s.Materials {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		m := s.Materials[id]
		p := "materials." + id
		if id == "" {
			c.add("materials", "", "material with an empty id")
		}
		if m.ID != id {
			c.add(p+".id", m.ID, fmt.Sprintf("must match its key %q", id))
		}
		if !(m.DensityKg > 0) || math.IsInf(m.DensityKg, 0) {
			c.add(p+".density", fmtNum(m.DensityKg)+"kg/m3", "must be > 0")
		}
		c.nonNeg(p+".price_per_kg", m.PricePerKg)
	}
	seen := map[string]string{} // id -> path of its first use
	unique := func(path, id string) {
		if !c.required(path, id) {
			return
		}
		if first, ok := seen[id]; ok {
			c.add(path, id, "duplicate id (first used by "+first+"; profiles, sheets and items share one id space)")
			return
		}
		seen[id] = path
	}
	for i, pr := range s.Profiles {
		c.profile(fmt.Sprintf("profiles[%d]", i), pr, unique)
	}
	type key struct {
		material string
		t        float64
	}
	var plates []key
	for i, sh := range s.Sheets {
		p := fmt.Sprintf("sheets[%d]", i)
		unique(p+".id", sh.ID)
		c.materialRef(p+".material", sh.Material)
		c.posLen(p+".thickness", sh.Thickness)
		for j, k := range plates {
			if k.material == sh.Material && math.Abs(k.t-sh.Thickness) <= ThicknessTolerance {
				c.add(p+".thickness", c.fmtLen(sh.Thickness),
					fmt.Sprintf("sheets[%d] already has this material and thickness", j))
			}
		}
		plates = append(plates, key{sh.Material, sh.Thickness})
		if len(sh.Sizes) == 0 {
			c.add(p+".sizes", "", "at least one size is required")
		}
		for j, z := range sh.Sizes {
			q := fmt.Sprintf("%s.sizes[%d]", p, j)
			c.posLen(q+".width", z.Width)
			c.posLen(q+".length", z.Length)
			if z.Width > z.Length {
				c.add(q+".width", c.fmtLen(z.Width), "must not exceed length (length is the longer side)")
			}
			c.nonNeg(q+".price", z.Price)
		}
	}
	for i, it := range s.Items {
		p := fmt.Sprintf("items[%d]", i)
		unique(p+".id", it.ID)
		if _, _, ok := UnitMeasure(it.Unit); !ok {
			c.add(p+".unit", it.Unit, "unknown unit"+suggest(it.Unit, ItemUnits())+"; use one of "+fmt.Sprint(ItemUnits()))
		}
		c.nonNeg(p+".price", it.Price)
	}
	if s.HasTorchTable() {
		c.torchTable()
	}
	c.nonNegLen("saw.kerf", s.Saw.Kerf)
	c.nonNegLen("saw.trim", s.Saw.Trim)
	c.nonNegLen("saw.min_offcut", s.Saw.MinOffcut)
	c.nonNegLen("drill.max_diameter", s.Drill.MaxDiameter)
	c.nonNeg("drill.surface_speed", s.Drill.SurfaceSpeed)
	c.nonNeg("drill.feed_ratio", s.Drill.FeedRatio)
	c.nonNeg("drill.peck_ratio", s.Drill.PeckRatio)
	c.nonNeg("drill.max_rpm", s.Drill.MaxRPM)
	if s.HasPrinter() {
		c.posLen("printer.build_x", s.Printer.BuildX)
		c.posLen("printer.build_y", s.Printer.BuildY)
		c.posLen("printer.build_z", s.Printer.BuildZ)
	}
	if s.Printer.Material != "" {
		c.materialRef("printer.material", s.Printer.Material)
	}
	c.nonNeg("printer.filament_price_per_kg", s.Printer.FilamentPricePerKg)
	if !(s.Printer.Infill >= 0 && s.Printer.Infill <= 1) {
		c.add("printer.infill", fmtNum(s.Printer.Infill), "must be between 0 and 1")
	}
	c.nonNeg("printer.volumetric_rate", s.Printer.VolumetricRate)
	c.nonNeg("hydraulics.pressure", s.Hydraulics.PressureMPa)
	c.nonNeg("hydraulics.flow", s.Hydraulics.FlowLPM)
	c.nonNeg("labour.rate_per_hour", s.Labour.RatePerHour)
	c.nonNeg("labour.machine_rate_per_hour", s.Labour.MachineRatePerHour)
}

func (c *checker) profile(p string, pr Profile, unique func(path, id string)) {
	unique(p+".id", pr.ID)
	c.materialRef(p+".material", pr.Material)
	switch pr.Shape {
	case SquareTube, RectTube:
		c.posLen(p+".width", pr.Width)
		if pr.Shape == RectTube {
			c.posLen(p+".height", pr.Height)
		} else if pr.Height != 0 && pr.Height != pr.Width {
			c.add(p+".height", c.fmtLen(pr.Height), "a square tube's height equals its width (use rect_tube)")
		}
		c.posLen(p+".wall", pr.Wall)
		h := pr.Height
		if h == 0 {
			h = pr.Width
		}
		if small := math.Min(pr.Width, h); pr.Wall > 0 && small > 0 && 2*pr.Wall >= small {
			c.add(p+".wall", c.fmtLen(pr.Wall), "must be less than half the tube's width")
		}
		c.nonNegLen(p+".outer_radius", pr.OuterRadius)
		if small := math.Min(pr.Width, h); pr.OuterRadius > small/2 {
			c.add(p+".outer_radius", c.fmtLen(pr.OuterRadius), "must not exceed half the tube's width")
		}
	case Angle:
		c.posLen(p+".width", pr.Width)
		c.nonNegLen(p+".height", pr.Height)
		c.posLen(p+".wall", pr.Wall)
		h := pr.Height
		if h == 0 {
			h = pr.Width
		}
		if pr.Wall > 0 && pr.Wall >= math.Min(pr.Width, h) {
			c.add(p+".wall", c.fmtLen(pr.Wall), "must be less than the angle's legs")
		}
	case Flat:
		c.posLen(p+".width", pr.Width)
		c.posLen(p+".wall", pr.Wall)
	case Round:
		c.posLen(p+".diameter", pr.Diameter)
	case Pipe:
		c.posLen(p+".diameter", pr.Diameter)
		c.posLen(p+".wall", pr.Wall)
		if pr.Wall > 0 && 2*pr.Wall >= pr.Diameter {
			c.add(p+".wall", c.fmtLen(pr.Wall), "must be less than half the diameter")
		}
	case "":
		c.add(p+".shape", "", "required")
	default:
		c.add(p+".shape", string(pr.Shape), "unknown shape"+suggest(string(pr.Shape), shapeNames)+
			"; use one of "+fmt.Sprint(shapeNames))
	}
	if len(pr.Lengths) == 0 {
		c.add(p+".lengths", "", "at least one stock length is required")
	}
	for j, l := range pr.Lengths {
		q := fmt.Sprintf("%s.lengths[%d]", p, j)
		c.posLen(q+".length", l.Length)
		c.nonNeg(q+".price", l.Price)
		for k := range j {
			if math.Abs(pr.Lengths[k].Length-l.Length) < 1 {
				c.add(q+".length", c.fmtLen(l.Length), fmt.Sprintf("same as lengths[%d]", k))
			}
		}
	}
}

var shapeNames = []string{string(SquareTube), string(RectTube), string(Angle), string(Flat), string(Round), string(Pipe)}

var processNames = []string{string(Plasma), string(OxyFuel), string(Laser)}

func (c *checker) torchTable() {
	t := c.s.TorchTable
	switch t.Process {
	case Plasma, OxyFuel, Laser:
	default:
		c.add("torch_table.process", string(t.Process), "unknown process"+suggest(string(t.Process), processNames)+
			"; use one of "+fmt.Sprint(processNames))
	}
	c.posLen("torch_table.bed_x", t.BedX)
	c.posLen("torch_table.bed_y", t.BedY)
	c.required("torch_table.dialect", t.Dialect)
	if !(t.RapidFeed > 0) || math.IsInf(t.RapidFeed, 0) {
		c.add("torch_table.rapid", fmtNum(t.RapidFeed)+"mm/min", "must be > 0")
	}
	c.nonNegLen("torch_table.lead_in", t.LeadIn)
	c.nonNegLen("torch_table.lead_out", t.LeadOut)
	c.nonNegLen("torch_table.part_gap", t.PartGap)
	c.nonNegLen("torch_table.edge_margin", t.EdgeMargin)
	for i, r := range t.Rotations {
		p := fmt.Sprintf("torch_table.rotations[%d]", i)
		if !(r >= 0 && r < 360) {
			c.add(p, fmtNum(r), "must be in 0..360 degrees (360 excluded)")
		}
		for j := range i {
			if t.Rotations[j] == r {
				c.add(p, fmtNum(r), fmt.Sprintf("same as rotations[%d]", j))
			}
		}
	}
	c.nonNeg("torch_table.min_hole_ratio", t.MinHoleRatio)
	if len(t.Chart) == 0 {
		c.add("torch_table.chart", "", "at least one cut-chart row is required")
	}
	for i, row := range t.Chart {
		p := fmt.Sprintf("torch_table.chart[%d]", i)
		c.posLen(p+".thickness", row.Thickness)
		if i > 0 && row.Thickness > 0 && row.Thickness <= t.Chart[i-1].Thickness {
			c.add(p+".thickness", c.fmtLen(row.Thickness),
				fmt.Sprintf("must be thicker than chart[%d] (rows go from thin to thick)", i-1))
		}
		c.posLen(p+".kerf", row.Kerf)
		if !(row.Feed > 0) || math.IsInf(row.Feed, 0) {
			c.add(p+".feed", fmtNum(row.Feed)+"mm/min", "must be > 0")
		}
		c.nonNeg(p+".pierce_delay", row.PierceDelay)
		c.nonNegLen(p+".pierce_height", row.PierceHeight)
		c.nonNegLen(p+".cut_height", row.CutHeight)
		c.nonNeg(p+".amps", row.Amps)
		if !(row.SmallHoleFeed > 0 && row.SmallHoleFeed <= 1) {
			c.add(p+".small_hole_feed", fmtNum(row.SmallHoleFeed), "must be a fraction in (0, 1]")
		}
	}
}

func isCurrency(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}
