package params

// StockKind names what a shop sells that a length parameter must match.
type StockKind string

// The kinds of stock a parameter can be tied to.
const (
	// SheetThickness: the parameter is a plate thickness; the shop must
	// sell sheets of it.
	SheetThickness StockKind = "sheet"
	// RoundDiameter: the parameter is a round bar or rod diameter; the
	// shop must sell round stock of it.
	RoundDiameter StockKind = "round"
)

// Stock ties a length parameter to the stock a shop sells, so its real
// range depends on the shop: a value inside Min..Max works only when the
// shop sells it. `fabkit params` says so; the pipeline checks it against
// the shop before the design runs and names the sizes that would work.
type Stock struct {
	Kind     StockKind
	Material string // shop material id ("a36", "chrome-rod"), "" for any
}

// String says what the shop must sell, for schema listings.
func (s Stock) String() string {
	what := "plate thicknesses"
	if s.Kind == RoundDiameter {
		what = "round bar diameters"
	}
	if s.Material != "" {
		what = s.Material + " " + what
	}
	return "the " + what + " the shop sells"
}

// SoldAs declares that the parameter's value must be a size of stock the
// shop sells (kind, of the material when not ""). It returns p for
// chaining after a declaration: s.Length(...).SoldAs(params.SheetThickness, "a36").
func (p *Param) SoldAs(kind StockKind, material string) *Param {
	p.Stock = &Stock{Kind: kind, Material: material}
	return p
}

// ShopRangeText is RangeText plus, for a parameter tied to stock, what the
// shop must sell: "3/8in..3/4in, and one of the a36 plate thicknesses the
// shop sells".
func (p *Param) ShopRangeText() string {
	if p.Stock == nil {
		return p.RangeText()
	}
	return p.RangeText() + ", and one of " + p.Stock.String()
}
