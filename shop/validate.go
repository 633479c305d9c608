package shop

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/fabkit/fabkit/internal/excerpt"
	"github.com/fabkit/fabkit/units"
)

// Validate checks the shop's semantic rules: required names, positive sizes,
// ids unique across profiles, sheets and items, material references that
// exist, cut-chart rows from thin to thick, and so on. It returns a
// *FieldError or FieldErrors whose Field is the shop-file path of each
// problem (for example "torch_table.chart[0].kerf"). Parse runs it, so a
// shop read from a file is always valid; call it on shops built or edited in
// Go.
//
// Its work is linear in the size of the shop (duplicate lengths, sheets and
// rotations are found by sorting), it keeps at most a bounded number of
// problems, and its "did you mean" searches are budgeted.
func (s *Shop) Validate() error {
	c := s.checker()
	c.shop()
	return c.errs.errs.asError("", c.errs.dropped)
}

func (s *Shop) checker() *checker {
	c := &checker{s: s, unit: units.MM}
	if s.Units == units.Imperial {
		c.unit = units.Inch
	}
	c.materialIDs = make([]string, 0, len(s.Materials))
	for id := range s.Materials {
		c.materialIDs = append(c.materialIDs, id)
	}
	sort.Strings(c.materialIDs)
	return c
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
	s           *Shop
	unit        units.Unit
	errs        errorList
	hints       hints
	materialIDs []string // sorted
}

func (c *checker) add(field, value, reason string) {
	c.errs.add(&FieldError{Field: field, Value: value, Reason: reason})
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
		c.add(field, id, "unknown material"+c.hints.suggest(id, c.materialIDs))
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
	for _, id := range c.materialIDs {
		m := s.Materials[id]
		p := "materials." + excerpt.Text(id)
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
	// Sheets of one material within ThicknessTolerance of each other:
	// sorted by material and thickness, each is compared with the first
	// sheet of its run, so the work is n log n and each repeat is one error.
	for _, dup := range nearRuns(len(s.Sheets), func(i int) (string, float64) { return s.Sheets[i].Material, s.Sheets[i].Thickness }, ThicknessTolerance) {
		c.add(fmt.Sprintf("sheets[%d].thickness", dup.i), c.fmtLen(s.Sheets[dup.i].Thickness),
			fmt.Sprintf("sheets[%d] already has this material and thickness", dup.first))
	}
	for i, sh := range s.Sheets {
		p := fmt.Sprintf("sheets[%d]", i)
		unique(p+".id", sh.ID)
		c.materialRef(p+".material", sh.Material)
		c.posLen(p+".thickness", sh.Thickness)
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
			c.add(p+".unit", it.Unit, "unknown unit"+c.hints.suggest(it.Unit, ItemUnits())+"; use one of "+fmt.Sprint(ItemUnits()))
		}
		c.nonNeg(p+".price", it.Price)
	}
	c.fasteners()
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
	if a := s.Drill.PointAngle; a < 0 || a >= 180 {
		c.add("drill.point_angle", fmtNum(a), "must be between 0 and 180 degrees")
	}
	for i, d := range s.Drill.Sizes {
		c.posLen(fmt.Sprintf("drill.sizes[%d]", i), d)
	}
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
		h := pr.Section().Height
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
		if h := pr.Section().Height; pr.Wall > 0 && pr.Wall >= math.Min(pr.Width, h) {
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
		c.add(p+".shape", string(pr.Shape), "unknown shape"+c.hints.suggest(string(pr.Shape), shapeNames)+
			"; use one of "+fmt.Sprint(shapeNames))
	}
	if len(pr.Lengths) == 0 {
		c.add(p+".lengths", "", "at least one stock length is required")
	}
	for j, l := range pr.Lengths {
		q := fmt.Sprintf("%s.lengths[%d]", p, j)
		c.posLen(q+".length", l.Length)
		c.nonNeg(q+".price", l.Price)
	}
	// Lengths within 1 mm of each other, found by sorting: N equal lengths
	// are N-1 errors, not N²/2.
	for _, dup := range nearRuns(len(pr.Lengths), func(i int) (string, float64) { return "", pr.Lengths[i].Length }, 1-1e-9) {
		c.add(fmt.Sprintf("%s.lengths[%d].length", p, dup.i), c.fmtLen(pr.Lengths[dup.i].Length), fmt.Sprintf("same as lengths[%d]", dup.first))
	}
}

var shapeNames = []string{string(SquareTube), string(RectTube), string(Angle), string(Flat), string(Round), string(Pipe)}

var processNames = []string{string(Plasma), string(OxyFuel), string(Laser)}

func (c *checker) torchTable() {
	t := c.s.TorchTable
	switch t.Process {
	case Plasma, OxyFuel, Laser:
	default:
		c.add("torch_table.process", string(t.Process), "unknown process"+c.hints.suggest(string(t.Process), processNames)+
			"; use one of "+fmt.Sprint(processNames))
	}
	c.posLen("torch_table.bed_x", t.BedX)
	c.posLen("torch_table.bed_y", t.BedY)
	if !t.Origin.Valid() {
		names := make([]string, len(Corners))
		for i, k := range Corners {
			names[i] = string(k)
		}
		c.add("torch_table.origin", string(t.Origin), "unknown corner"+c.hints.suggest(string(t.Origin), names)+
			"; use one of "+fmt.Sprint(names))
	}
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
	}
	for _, dup := range nearRuns(len(t.Rotations), func(i int) (string, float64) { return "", t.Rotations[i] }, 0) {
		c.add(fmt.Sprintf("torch_table.rotations[%d]", dup.i), fmtNum(t.Rotations[dup.i]), fmt.Sprintf("same as rotations[%d]", dup.first))
	}
	c.nonNeg("torch_table.min_hole_ratio", t.MinHoleRatio)
	c.nonNeg("torch_table.small_hole_ratio", t.SmallHoleRatio)
	c.nonNeg("torch_table.min_feature_ratio", t.MinFeatureRatio)
	c.nonNegLen("torch_table.probe_offset", t.ProbeOffset)
	c.nonNeg("torch_table.probe_feed", t.ProbeFeed)
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

// repeat is an entry that repeats an earlier one (first).
type repeat struct{ i, first int }

// nearRuns finds the entries 0..n-1 whose key equals an earlier entry's and
// whose value is within tol of it: sorted by key and value, each entry is
// compared with the earliest entry of its run. The result is in entry order.
// NaN values never match.
func nearRuns(n int, at func(i int) (string, float64), tol float64) []repeat {
	type ent struct {
		key string
		v   float64
		i   int
	}
	es := make([]ent, 0, n)
	for i := range n {
		k, v := at(i)
		if !math.IsNaN(v) {
			es = append(es, ent{k, v, i})
		}
	}
	sort.Slice(es, func(a, b int) bool {
		if es[a].key != es[b].key {
			return es[a].key < es[b].key
		}
		if es[a].v != es[b].v {
			return es[a].v < es[b].v
		}
		return es[a].i < es[b].i
	})
	var out []repeat
	for a := 0; a < len(es); {
		// a run: entries within tol of their predecessor in sorted order,
		// reported against the run's lowest index.
		b := a + 1
		first := es[a].i
		for b < len(es) && es[b].key == es[a].key && math.Abs(es[b].v-es[b-1].v) <= tol {
			first = min(first, es[b].i)
			b++
		}
		for k := a; k < b; k++ {
			if es[k].i != first {
				out = append(out, repeat{es[k].i, first})
			}
		}
		a = b
	}
	sort.Slice(out, func(x, y int) bool { return out[x].i < out[y].i })
	return out
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
