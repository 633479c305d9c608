// Package bom turns a design's model and a shop into a costed bill of
// materials: the bars and sheets to buy (bars through the cutstock optimizer,
// sheets from the nest or an area bound), the hardware, the mass and cost of
// every part, and the totals; WriteXLSX and CSVFiles write it out.
package bom

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/fabkit/fabkit/bom/cutstock"
	"github.com/fabkit/fabkit/internal/plural"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/shop"
	"github.com/fabkit/fabkit/units"
)

// SheetUse is what the CAM nesting stage used of one plate stock: Count
// sheets of one size for the plates of one material and thickness.
type SheetUse struct {
	Material      string  // shop material id
	Thickness     float64 // mm
	SheetID       string  // shop sheet id; empty = found by material and thickness
	Width, Length float64 // mm, the sheet size nested on
	Count         int     // sheets of this size
	Utilization   float64 // part area over sheet area, 0..1, for the notes
	CutTimeS      float64 // torch time for these sheets, seconds
}

// Options carry what earlier stages measured and the search budget.
type Options struct {
	// Sheets are the sheets the nest used. When nil, sheet counts are
	// estimated from an area bound and BOM.SheetsEstimated is set. A plate
	// stock the nest did not cover is estimated the same way.
	Sheets []SheetUse
	// CutTimeS is the torch table's machine time in seconds; 0 = the sum
	// of Sheets' CutTimeS.
	CutTimeS float64
	// LabourHours is the fabricator's estimated time; 0 = no labour line.
	LabourHours float64
	// Volumes are the measured volumes (mm³) of solid (printed or milled)
	// parts by part id, for their mass and material cost.
	Volumes map[string]float64
	// SolveTimeLimit is the cut-list search's wall-clock safety net per
	// profile (cutstock.Options.TimeLimit); 0 means none. The plan itself
	// depends only on the search's work budget.
	SolveTimeLimit time.Duration
	// Progress, if set, hears before each profile's cut list is solved.
	Progress func(profile string, done, total int)
	// Fasteners, when not nil, are the bolts, nuts and washers of the
	// model's joints (the assembly check chose them): they are the BOM's
	// fastener lines, and a purchased part that is a fastener (an item of
	// the shop's fastener catalogue, or an id named bolt-, nut- or
	// washer-) is left out, since the joints count it. Nil keeps every
	// purchased part as the design lists it.
	Fasteners []Fastener
}

// Fastener is one fastener line of the joints: Qty of one bolt length,
// nut or washer.
type Fastener struct {
	Item     string  // shop item id
	Kind     string  // "bolt", "nut" or "washer"
	Diameter float64 // mm, nominal
	Length   float64 // mm, bolts only
	Qty      int
}

// BOM is a costed bill of materials. Every length is in mm and every price
// in Currency.
type BOM struct {
	Shop     string       // shop name
	Currency string       // ISO 4217 code
	Units    units.System // how lengths print

	Parts    []PartLine     // made parts (bar, plate, solid), in model order
	Hardware []HardwareLine // purchased parts, in model order
	Stock    []StockLine    // bars, sheets and bulk material to buy
	CutLists []CutList      // one cutting plan per bar profile

	// SheetsEstimated is true when some sheet count comes from the area
	// bound rather than from a nest (see StockLine.Estimate).
	SheetsEstimated bool
	// Unpriced lists the ids of items, stock and parts that could not be
	// priced; each has a line in Warnings saying why.
	Unpriced []string
	Warnings []string

	Cost Cost
}

// PartLine is one made part: its stock, mass and share of material cost.
type PartLine struct {
	ID, Name  string
	Process   model.Process
	Material  string  // shop material id
	Stock     string  // shop profile or sheet id; empty for solids
	Size      string  // section or plate size, in the shop's units
	CutLength float64 // mm, bars only
	Qty       int
	MassKg    float64 // one piece
	UnitCost  float64 // material used by one piece (pro-rata of the stock bought)
	Notes     string
	Priced    bool // false when the stock or the material has no price
	Estimated bool // plates whose sheets come from the area bound
	// StockKind is what the part is made from: KindBar, KindSheet or
	// KindBulk (solids, by mass).
	StockKind string
}

// HardwareLine is one purchased part priced from the shop's item list.
type HardwareLine struct {
	Part        string // model part id
	Item        string // shop item id
	Description string
	Spec        string
	Qty         int
	Unit        string
	UnitPrice   float64
	Priced      bool // false when the item is not in the shop's price list
	Vendor      string
	VendorPN    string
	Link        string
	Notes       string
}

// Total is Qty x UnitPrice.
func (h HardwareLine) Total() float64 { return float64(h.Qty) * h.UnitPrice }

// Total is the material used by all pieces of the part.
func (p PartLine) Total() float64 { return float64(p.Qty) * p.UnitCost }

// Kinds of stock to buy.
const (
	KindBar   = "bar"
	KindSheet = "sheet"
	KindBulk  = "bulk" // material bought by mass, e.g. filament for printed parts
)

// StockLine is one kind of stock to buy: Qty bars of one length, sheets of
// one size, or bulk material.
type StockLine struct {
	Kind        string // KindBar, KindSheet or KindBulk
	ID          string // shop profile, sheet or material id
	Description string
	Size        string  // bar length or sheet size in the shop's units; mass for bulk
	Length      float64 // mm: bar length, or sheet length
	Width       float64 // mm: sheet width
	Qty         int
	UnitPrice   float64
	// Basis says where UnitPrice comes from: shop.PriceListed,
	// shop.PriceByMass (a stock entry without a price) or shop.PriceNone.
	Basis    string
	Estimate bool     // sheet count from the area bound, not a nest
	Use      []string // part ids, in model order
	Notes    string
}

// Total is Qty x UnitPrice.
func (s StockLine) Total() float64 { return float64(s.Qty) * s.UnitPrice }

// CutList is the cutting plan of one bar profile.
type CutList struct {
	Profile     string // shop profile id
	Description string
	Plan        *cutstock.Plan
}

// Cost totals the BOM by category.
type Cost struct {
	Currency     string
	Material     float64 // stock bought: whole bars, sheets and bulk material
	MaterialUsed float64 // share of it in the parts (included in Material)
	Hardware     float64
	LabourHours  float64
	LabourRate   float64
	Labour       float64 // LabourHours x LabourRate
	MachineHours float64
	MachineRate  float64
	Machine      float64 // MachineHours x MachineRate
	Total        float64 // Material + Hardware + Labour + Machine
	MassKg       float64 // made parts; purchased parts have no mass here
}

// TooLongError reports a bar part longer than every stock length of its
// profile (after the saw's trim at both ends).
type TooLongError struct {
	Part    string
	Profile string
	Length  float64 // mm, the part
	Longest float64 // mm, the longest stock length
	Usable  float64 // mm, Longest less both trims
	Units   units.System
}

func (e *TooLongError) Error() string {
	f := e.Units.Format
	return fmt.Sprintf("part %s: length %s (%s) is longer than the longest %s stock, %s (%s usable after trim)",
		e.Part, f(e.Length), units.FormatMM(e.Length), e.Profile, f(e.Longest), f(e.Usable))
}

// SheetFitError reports a plate part that fits on no sheet size on offer.
type SheetFitError struct {
	Part          string
	Sheet         string  // shop sheet id
	Width, Length float64 // mm, the part's bounding box
	Largest       string  // the largest sheet's usable size, printed
	Units         units.System
}

func (e *SheetFitError) Error() string {
	f := e.Units.Format
	return fmt.Sprintf("part %s: %s x %s plate fits on no %s sheet (largest usable %s)",
		e.Part, f(e.Width), f(e.Length), e.Sheet, e.Largest)
}

// Plan builds the costed bill of materials of a model for a shop. It cuts
// every bar profile with cutstock, counts sheets from opt.Sheets or the area
// bound, and prices stock, parts and hardware from the shop.
func Plan(ctx context.Context, m *model.Model, s *shop.Shop, opt Options) (*BOM, error) {
	if m == nil || s == nil {
		return nil, fmt.Errorf("bom: no model or no shop")
	}
	sys := s.Units
	if sys == "" {
		sys = units.Metric
	}
	b := &BOM{Shop: s.Name, Currency: s.Currency, Units: sys}
	pl := &planner{b: b, s: s, opt: opt, sys: sys, lines: map[string]int{}}

	for _, p := range m.Parts {
		switch {
		case p.Bar != nil:
			if err := pl.addBar(p); err != nil {
				return nil, err
			}
		case p.Plate != nil:
			if err := pl.addPlate(p); err != nil {
				return nil, err
			}
		case p.Solid != nil:
			pl.addSolid(p)
		case p.Purchased != nil && opt.Fasteners != nil && isFastener(s, p.Purchased.Item):
			pl.handListed = append(pl.handListed, p.ID)
		case p.Purchased != nil:
			pl.addPurchased(p)
		default:
			return nil, fmt.Errorf("bom: part %s: no geometry and nothing to buy", p.ID)
		}
	}
	pl.addFasteners()
	if err := pl.cutBars(ctx); err != nil {
		return nil, err
	}
	if err := pl.countSheets(); err != nil {
		return nil, err
	}
	pl.bulk()
	pl.total()
	return b, nil
}

// planner collects the parts by stock while Plan walks the model.
type planner struct {
	b     *BOM
	s     *shop.Shop
	opt   Options
	sys   units.System
	lines map[string]int // part id -> index in b.Parts

	profiles []*barGroup
	plates   []*plateGroup

	handListed []string // purchased fasteners left out: the joints count them
}

type barGroup struct {
	profile  shop.Profile
	material shop.Material
	parts    []*model.Part
}

type plateGroup struct {
	sheet    shop.Sheet
	material shop.Material
	parts    []*model.Part
}

func (pl *planner) warn(format string, a ...any) {
	pl.b.Warnings = append(pl.b.Warnings, fmt.Sprintf(format, a...))
}

func (pl *planner) unpriced(id string) {
	if !slices.Contains(pl.b.Unpriced, id) {
		pl.b.Unpriced = append(pl.b.Unpriced, id)
	}
}

func (pl *planner) addLine(p *model.Part, line PartLine) {
	line.ID, line.Name, line.Process, line.Qty = p.ID, p.Name, p.Process, p.Qty
	if line.Notes == "" {
		line.Notes = p.Notes
	} else if p.Notes != "" {
		line.Notes = p.Notes + "; " + line.Notes
	}
	pl.lines[p.ID] = len(pl.b.Parts)
	pl.b.Parts = append(pl.b.Parts, line)
}

func (pl *planner) addBar(p *model.Part) error {
	pr, ok := pl.s.Profile(p.Bar.Profile)
	if !ok {
		return fmt.Errorf("bom: part %s: profile %q is not in shop %q", p.ID, p.Bar.Profile, pl.s.Name)
	}
	matID := pr.Material
	if matID == "" {
		matID = p.Material
	}
	mat, ok := pl.s.Material(matID)
	if !ok {
		return fmt.Errorf("bom: part %s: material %q of profile %s is not in shop %q", p.ID, matID, pr.ID, pl.s.Name)
	}
	if len(pr.Lengths) == 0 {
		return fmt.Errorf("bom: part %s: profile %s has no stock lengths", p.ID, pr.ID)
	}
	var g *barGroup
	for _, x := range pl.profiles {
		if x.profile.ID == pr.ID {
			g = x
		}
	}
	if g == nil {
		g = &barGroup{profile: pr, material: mat}
		pl.profiles = append(pl.profiles, g)
	}
	g.parts = append(g.parts, p)
	var notes []string
	for i, e := range []model.End{p.Bar.Start, p.Bar.End} {
		switch {
		case e.Double():
			notes = append(notes, fmt.Sprintf("%s end double-mitred %g° and %g°", [2]string{"start", "far"}[i], e.Mitre, e.Second))
		case e.Mitre != 0:
			notes = append(notes, fmt.Sprintf("%s end mitred %g°", [2]string{"start", "far"}[i], e.Mitre))
		}
	}
	if n := len(p.Bar.Holes); n > 0 {
		notes = append(notes, plural.Count(n, "hole", "holes"))
	}
	size := pr.Description
	if size == "" {
		size = pr.ID
	}
	mass, _ := p.StockMass(pl.s)
	pl.addLine(p, PartLine{
		StockKind: KindBar,
		Material:  matID,
		Stock:     pr.ID,
		Size:      size,
		CutLength: p.Bar.Length,
		MassKg:    mass,
		Notes:     strings.Join(notes, ", "),
	})
	return nil
}

func (pl *planner) addPlate(p *model.Part) error {
	matID := p.Material
	sh, ok := pl.s.Sheet(matID, p.Plate.Thickness)
	if !ok {
		return fmt.Errorf("bom: part %s: shop %q has no %s %s plate", p.ID, pl.s.Name, pl.sys.Format(p.Plate.Thickness), matID)
	}
	mat, ok := pl.s.Material(matID)
	if !ok {
		return fmt.Errorf("bom: part %s: material %q is not in shop %q", p.ID, matID, pl.s.Name)
	}
	var g *plateGroup
	for _, x := range pl.plates {
		if x.sheet.ID == sh.ID {
			g = x
		}
	}
	if g == nil {
		g = &plateGroup{sheet: sh, material: mat}
		pl.plates = append(pl.plates, g)
	}
	g.parts = append(g.parts, p)
	bb := p.Plate.Shape.Bounds().Size()
	w, l := min(bb.X, bb.Y), max(bb.X, bb.Y)
	f := pl.sys.Format
	mass, _ := p.StockMass(pl.s)
	pl.addLine(p, PartLine{
		StockKind: KindSheet,
		Material:  matID,
		Stock:     sh.ID,
		Size:      f(p.Plate.Thickness) + " x " + f(w) + " x " + f(l),
		MassKg:    mass,
	})
	return nil
}

func (pl *planner) addSolid(p *model.Part) {
	line := PartLine{Material: p.Material, StockKind: KindBulk}
	mat, okMat := pl.s.Material(p.Material)
	vol, okVol := pl.opt.Volumes[p.ID]
	switch {
	case !okMat:
		pl.warn("part %s: material %q is not in the shop; no mass or cost", p.ID, p.Material)
		pl.unpriced(p.ID)
	case !okVol:
		pl.warn("part %s: no measured volume; no mass or cost", p.ID)
		pl.unpriced(p.ID)
	default:
		line.MassKg = vol * mat.DensityKg * 1e-9
		ppk := mat.PricePerKg
		if ppk == 0 && pl.s.Printer.Material == mat.ID {
			ppk = pl.s.Printer.FilamentPricePerKg
		}
		if ppk == 0 {
			pl.warn("part %s: material %s has no price per kg", p.ID, mat.ID)
			pl.unpriced(p.ID)
		} else {
			line.UnitCost = line.MassKg * ppk
			line.Priced = true
		}
	}
	pl.addLine(p, line)
}

func (pl *planner) addPurchased(p *model.Part) {
	pu := p.Purchased
	h := HardwareLine{Part: p.ID, Item: pu.Item, Description: p.Name, Spec: pu.Spec, Qty: p.Qty, Unit: pu.Unit, Notes: p.Notes}
	it, ok := pl.s.Item(pu.Item)
	if !ok {
		pl.warn("part %s: item %q is not in the shop's price list; not priced", p.ID, pu.Item)
		pl.unpriced(pu.Item)
		h.Notes = join(h.Notes, "UNPRICED: not in the shop's price list")
	} else {
		h.Priced, h.UnitPrice = true, it.Price
		if it.Description != "" {
			h.Description = it.Description
		}
		if h.Unit == "" {
			h.Unit = it.Unit
		}
		h.Vendor, h.VendorPN, h.Link = it.Vendor, it.VendorPN, it.Link
	}
	if h.Unit == "" {
		h.Unit = "each"
	}
	pl.b.Hardware = append(pl.b.Hardware, h)
}

// isFastener reports whether a purchased item is a bolt, nut or washer:
// an item of the shop's fastener catalogue, or an id that names one.
func isFastener(s *shop.Shop, item string) bool {
	if s.FastenerCatalogue().Kind(item) != "" {
		return true
	}
	for _, p := range []string{"bolt-", "nut-", "washer-"} {
		if strings.HasPrefix(item, p) {
			return true
		}
	}
	return false
}

// addFasteners adds the joints' fastener lines to the hardware, priced
// from the shop's items, after the design's purchased parts.
func (pl *planner) addFasteners() {
	if len(pl.handListed) > 0 {
		pl.warn("the BOM counts bolts, nuts and washers from the assembly's joints; the design's own list of them is left out (parts %s)", strings.Join(pl.handListed, ", "))
	}
	for _, x := range pl.opt.Fasteners {
		spec := fastenerSpec(x)
		h := HardwareLine{Part: x.Item, Item: x.Item, Description: x.Kind, Spec: spec, Qty: x.Qty, Unit: "each",
			Notes: "from the assembly's bolted joints"}
		if it, ok := pl.s.Item(x.Item); ok {
			h.Priced, h.UnitPrice = true, it.Price
			if it.Description != "" {
				h.Description = it.Description
			}
			if it.Unit != "" {
				h.Unit = it.Unit
			}
			h.Vendor, h.VendorPN, h.Link = it.Vendor, it.VendorPN, it.Link
		} else {
			pl.warn("%s %s (%s): not in the shop's price list; not priced", x.Kind, x.Item, spec)
			pl.unpriced(x.Item)
			h.Notes = join(h.Notes, "UNPRICED: not in the shop's price list")
		}
		pl.b.Hardware = append(pl.b.Hardware, h)
	}
}

// fastenerSpec names a fastener's size as it is sold: inch sizes in
// fractions (3/4in x 2-1/2in), metric ones as M20 x 60.
func fastenerSpec(x Fastener) string {
	sixteenths := x.Diameter / 25.4 * 16
	if math.Abs(sixteenths-math.Round(sixteenths)) < 1e-6 {
		spec := units.FormatInches(x.Diameter, 16)
		if x.Kind == "bolt" && x.Length > 0 {
			spec += " x " + units.FormatInches(x.Length, 16)
		}
		return spec
	}
	spec := fmt.Sprintf("M%g", math.Round(x.Diameter*100)/100)
	if x.Kind == "bolt" && x.Length > 0 {
		spec += fmt.Sprintf(" x %g", math.Round(x.Length*100)/100)
	}
	return spec
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func (pl *planner) cutBars(ctx context.Context) error {
	saw := pl.s.Saw
	for i, g := range pl.profiles {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("bom: %w", err)
		}
		pr := g.profile
		if pl.opt.Progress != nil {
			pl.opt.Progress(pr.ID, i, len(pl.profiles))
		}
		stock := make([]cutstock.Bar, len(pr.Lengths))
		basis := map[float64]string{}
		priced := true
		longest := 0.0
		for i, sl := range pr.Lengths {
			price, how := shop.BarPrice(pr, g.material, sl)
			stock[i] = cutstock.Bar{Length: sl.Length, Price: price}
			basis[sl.Length] = how
			priced = priced && price > 0
			longest = max(longest, sl.Length)
		}
		if !priced {
			// cutstock wants all bars priced or none: minimise length.
			for i := range stock {
				stock[i].Price = 0
			}
			pl.warn("profile %s: a stock length has no price and material %s no price per kg; bars not priced", pr.ID, g.material.ID)
			pl.unpriced(pr.ID)
		}
		usable := longest - 2*saw.Trim
		pieces := make([]cutstock.Piece, 0, len(g.parts))
		for _, p := range g.parts {
			if p.Bar.Length > usable {
				return &TooLongError{Part: p.ID, Profile: pr.ID, Length: p.Bar.Length, Longest: longest, Usable: usable, Units: pl.sys}
			}
			pieces = append(pieces, cutstock.Piece{Label: p.ID, Length: p.Bar.Length, Qty: p.Qty})
		}
		plan, err := cutstock.Solve(ctx, pieces, stock, cutstock.Options{
			Kerf: saw.Kerf, Trim: saw.Trim, MinOffcut: saw.MinOffcut, TimeLimit: pl.opt.SolveTimeLimit,
		})
		if err != nil {
			return fmt.Errorf("bom: profile %s: %w", pr.ID, err)
		}
		if !plan.Complete {
			pl.warn("profile %s: cut list search stopped at its work budget; the plan may not be the cheapest", pr.ID)
		}
		desc := pr.Description
		if desc == "" {
			desc = pr.ID
		}
		pl.b.CutLists = append(pl.b.CutLists, CutList{Profile: pr.ID, Description: desc, Plan: plan})

		// Stock lines: one per stock length used, longest first.
		used := map[float64]int{}
		cost := map[string]float64{}
		for _, ub := range plan.Bars {
			used[ub.Stock.Length]++
			for _, c := range ub.Cuts {
				cost[c.Label] += c.Length / ub.Stock.Length * ub.Stock.Price
			}
		}
		lengths := make([]float64, 0, len(used))
		for l := range used {
			lengths = append(lengths, l)
		}
		slices.Sort(lengths)
		slices.Reverse(lengths)
		for _, l := range lengths {
			var price float64
			for _, b := range stock {
				if b.Length == l {
					price = b.Price
				}
			}
			var use []string
			for _, ub := range plan.Bars {
				if ub.Stock.Length != l {
					continue
				}
				for _, c := range ub.Cuts {
					if !slices.Contains(use, c.Label) {
						use = append(use, c.Label)
					}
				}
			}
			pl.b.Stock = append(pl.b.Stock, StockLine{
				Kind: KindBar, ID: pr.ID, Description: desc, Size: pl.sys.Format(l), Length: l,
				Qty: used[l], UnitPrice: price, Basis: map[bool]string{true: basis[l], false: shop.PriceNone}[priced],
				Use: pl.modelOrder(use),
			})
		}
		for _, p := range g.parts {
			line := &pl.b.Parts[pl.lines[p.ID]]
			line.UnitCost = cost[p.ID] / float64(p.Qty)
			line.Priced = priced
		}
	}
	return nil
}

// modelOrder sorts part ids in the order the model lists them.
func (pl *planner) modelOrder(ids []string) []string {
	slices.SortStableFunc(ids, func(a, b string) int { return pl.lines[a] - pl.lines[b] })
	return ids
}

func (pl *planner) countSheets() error {
	for _, u := range pl.opt.Sheets {
		found := false
		for _, g := range pl.plates {
			found = found || u.SheetID == g.sheet.ID || u.SheetID == "" && u.Material == g.sheet.Material &&
				math.Abs(u.Thickness-g.sheet.Thickness) <= shop.ThicknessTolerance
		}
		if !found {
			pl.warn("nest: %d sheets of %s %s plate match no plate part; not bought", u.Count, pl.sys.Format(u.Thickness), u.Material)
		}
	}
	for _, g := range pl.plates {
		var uses []SheetUse
		for _, u := range pl.opt.Sheets {
			if u.SheetID == g.sheet.ID || u.SheetID == "" && u.Material == g.sheet.Material &&
				math.Abs(u.Thickness-g.sheet.Thickness) <= shop.ThicknessTolerance {
				uses = append(uses, u)
			}
		}
		estimate := len(uses) == 0
		if estimate {
			u, err := pl.areaBound(g)
			if err != nil {
				return err
			}
			uses = []SheetUse{u}
			pl.b.SheetsEstimated = true
			if pl.opt.Sheets != nil {
				pl.warn("sheet %s: not in the nest; count estimated from the plate area", g.sheet.ID)
			}
		}
		var use []string
		for _, p := range g.parts {
			use = append(use, p.ID)
		}
		buy, area := 0.0, 0.0
		priced := true
		for _, u := range uses {
			z := shop.SheetSize{Width: min(u.Width, u.Length), Length: max(u.Width, u.Length)}
			listed := false
			for _, o := range g.sheet.Sizes {
				if math.Abs(o.Width-z.Width) <= 0.5 && math.Abs(o.Length-z.Length) <= 0.5 {
					z.Price, listed = o.Price, true
				}
			}
			price, basis := shop.SheetPrice(g.sheet, g.material, z)
			if price == 0 {
				priced = false
				pl.warn("sheet %s %s x %s: no price and material %s has no price per kg", g.sheet.ID,
					pl.sys.Format(z.Width), pl.sys.Format(z.Length), g.material.ID)
				pl.unpriced(g.sheet.ID)
			}
			var notes []string
			if !listed {
				notes = append(notes, "size not in the shop's list")
			}
			if estimate {
				notes = append(notes, "count estimated from plate area (no nest)")
			} else if u.Utilization > 0 {
				notes = append(notes, fmt.Sprintf("nest utilization %.0f%%", 100*u.Utilization))
			}
			desc := g.sheet.Description
			if desc == "" {
				desc = pl.sys.Format(g.sheet.Thickness) + " " + g.material.ID + " plate"
			}
			pl.b.Stock = append(pl.b.Stock, StockLine{
				Kind: KindSheet, ID: g.sheet.ID, Description: desc,
				Size:  pl.sys.Format(z.Width) + " x " + pl.sys.Format(z.Length),
				Width: z.Width, Length: z.Length, Qty: u.Count, UnitPrice: price, Basis: basis,
				Estimate: estimate, Use: slices.Clone(use), Notes: strings.Join(notes, "; "),
			})
			buy += float64(u.Count) * price
			area += float64(u.Count) * z.Width * z.Length
		}
		for _, p := range g.parts {
			line := &pl.b.Parts[pl.lines[p.ID]]
			if area > 0 {
				line.UnitCost = p.Plate.Shape.Area() * buy / area
			}
			line.Priced = priced
			line.Estimated = estimate
		}
	}
	return nil
}

// areaBound counts the sheets a plate stock needs as the plates' total area
// over the usable area of a sheet (inside the torch table's edge margin),
// rounded up, on the size that makes this cheapest among those every part
// fits on in either orientation.
func (pl *planner) areaBound(g *plateGroup) (SheetUse, error) {
	margin := pl.s.TorchTable.EdgeMargin
	total := 0.0
	for _, p := range g.parts {
		total += p.Plate.Shape.Area() * float64(p.Qty)
	}
	best, bestCost := -1, 0.0
	var bestCount int
	var misfit *model.Part
	for i, z := range g.sheet.Sizes {
		uw, ul := z.Width-2*margin, z.Length-2*margin
		if uw <= 0 || ul <= 0 {
			continue
		}
		fits := true
		for _, p := range g.parts {
			bb := p.Plate.Shape.Bounds().Size()
			if !(bb.X <= ul && bb.Y <= uw || bb.Y <= ul && bb.X <= uw) {
				fits, misfit = false, p
				break
			}
		}
		if !fits {
			continue
		}
		n := int(math.Ceil(total/(uw*ul) - 1e-9))
		n = max(n, 1)
		price, _ := shop.SheetPrice(g.sheet, g.material, z)
		cost := float64(n) * price
		if best < 0 || cost < bestCost || cost == bestCost && float64(n)*z.Width*z.Length < float64(bestCount)*g.sheet.Sizes[best].Width*g.sheet.Sizes[best].Length {
			best, bestCost, bestCount = i, cost, n
		}
	}
	if best < 0 {
		if len(g.sheet.Sizes) == 0 {
			return SheetUse{}, fmt.Errorf("bom: sheet %s has no sizes on offer", g.sheet.ID)
		}
		if misfit == nil {
			misfit = g.parts[0]
		}
		largest := g.sheet.Sizes[0]
		for _, z := range g.sheet.Sizes {
			if z.Area() > largest.Area() {
				largest = z
			}
		}
		bb := misfit.Plate.Shape.Bounds().Size()
		return SheetUse{}, &SheetFitError{Part: misfit.ID, Sheet: g.sheet.ID, Width: min(bb.X, bb.Y), Length: max(bb.X, bb.Y),
			Largest: pl.sys.Format(largest.Width-2*margin) + " x " + pl.sys.Format(largest.Length-2*margin), Units: pl.sys}
	}
	z := g.sheet.Sizes[best]
	return SheetUse{Material: g.sheet.Material, Thickness: g.sheet.Thickness, SheetID: g.sheet.ID,
		Width: z.Width, Length: z.Length, Count: bestCount, Utilization: total / (float64(bestCount) * z.Area())}, nil
}

// bulk adds a stock line per material of solid parts, bought by mass.
func (pl *planner) bulk() {
	type agg struct {
		mass, cost float64
		use        []string
	}
	var order []string
	by := map[string]*agg{}
	for _, line := range pl.b.Parts {
		if line.StockKind != KindBulk || !line.Priced {
			continue
		}
		a := by[line.Material]
		if a == nil {
			a = &agg{}
			by[line.Material] = a
			order = append(order, line.Material)
		}
		a.mass += line.MassKg * float64(line.Qty)
		a.cost += line.Total()
		a.use = append(a.use, line.ID)
	}
	for _, id := range order {
		a := by[id]
		desc := id
		if mat, ok := pl.s.Material(id); ok && mat.Name != "" {
			desc = mat.Name
		}
		pl.b.Stock = append(pl.b.Stock, StockLine{
			Kind: KindBulk, ID: id, Description: desc, Size: fmt.Sprintf("%.3f kg", a.mass),
			Qty: 1, UnitPrice: a.cost, Basis: shop.PriceByMass, Use: a.use,
			Notes: "printed or machined parts, by mass",
		})
	}
}

func (pl *planner) total() {
	b, s := pl.b, pl.s
	c := &b.Cost
	c.Currency = b.Currency
	for _, st := range b.Stock {
		c.Material += st.Total()
	}
	for _, p := range b.Parts {
		c.MaterialUsed += p.Total()
		c.MassKg += p.MassKg * float64(p.Qty)
	}
	for _, h := range b.Hardware {
		c.Hardware += h.Total()
	}
	c.LabourHours, c.LabourRate = pl.opt.LabourHours, s.Labour.RatePerHour
	c.Labour = c.LabourHours * c.LabourRate
	cut := pl.opt.CutTimeS
	if cut == 0 {
		for _, u := range pl.opt.Sheets {
			cut += u.CutTimeS
		}
	}
	c.MachineHours, c.MachineRate = cut/3600, s.Labour.MachineRatePerHour
	c.Machine = c.MachineHours * c.MachineRate
	if c.LabourHours > 0 && c.LabourRate == 0 {
		pl.warn("labour: %g h estimated but the shop has no labour rate", c.LabourHours)
	}
	if c.MachineHours > 0 && c.MachineRate == 0 {
		pl.warn("machine time: %.2f h but the shop has no machine rate", c.MachineHours)
	}
	c.Total = c.Material + c.Hardware + c.Labour + c.Machine
}
