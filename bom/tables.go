package bom

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/fabkit/fabkit/shop"
	"github.com/fabkit/fabkit/units"
)

// Meta is what the BOM's Summary says about the build it came from.
type Meta struct {
	Design  string // design name, e.g. "ceb-press"
	Version string // the design's version
	Preset  string // preset the parameters started from
	Digest  string // build digest, e.g. the sha256 of the resolved parameters and shop
	Params  []Param
	Shop    string // shop name; empty = the BOM's
}

// Param is one resolved parameter as people read it.
type Param struct {
	Name string // e.g. "brick_length"
	Text string // e.g. "12in"
}

// The tables of a BOM: each is a sheet of the XLSX file and a CSV file.
const (
	TableSummary  = "summary.csv"
	TableParts    = "parts.csv"
	TableCutList  = "cutlist.csv"
	TableStock    = "stock.csv"
	TableHardware = "hardware.csv"
)

// Tables lists the CSV files of a BOM in the order of the XLSX sheets.
var Tables = []string{TableSummary, TableParts, TableCutList, TableStock, TableHardware}

// Sheet names of the XLSX file, in order.
const (
	SheetSummary  = "Summary"
	SheetParts    = "Parts"
	SheetCutList  = "Cut list"
	SheetStock    = "Stock to buy"
	SheetHardware = "Hardware"
)

// kind says how a cell prints and is formatted.
type kind int

const (
	kText kind = iota
	kInt
	kMoney
	kMass
	kHours
	kMM
)

// cell is one value of a table. A formula cell carries the value the
// formula computes in num, so the CSV and the XLSX carry the same rows.
type cell struct {
	kind    kind
	text    string
	num     float64
	formula string // XLSX formula without "="
	blank   bool   // a number cell left empty (an unpriced unit price)
	bold    bool
}

func txt(s string) cell                   { return cell{kind: kText, text: s} }
func integer(n int) cell                  { return cell{kind: kInt, num: float64(n)} }
func money(v float64) cell                { return cell{kind: kMoney, num: v} }
func mass(v float64) cell                 { return cell{kind: kMass, num: v} }
func mm(v float64) cell                   { return cell{kind: kMM, num: v} }
func hours(v float64) cell                { return cell{kind: kHours, num: v} }
func blankOf(k kind) cell                 { return cell{kind: k, blank: true} }
func calc(c cell, f string) cell          { c.formula = f; return c }
func strong(c cell) cell                  { c.bold = true; return c }
func fmla(format string, a ...any) string { return fmt.Sprintf(format, a...) }

// csvText is the cell as the CSV file writes it: computed values for
// formulas, money to the cent, masses to the gram.
func (c cell) csvText() string {
	if c.kind == kText {
		return csvSafe(c.text)
	}
	if c.blank {
		return ""
	}
	switch c.kind {
	case kInt:
		return strconv.Itoa(int(c.num))
	case kMoney, kHours:
		return strconv.FormatFloat(c.num, 'f', 2, 64)
	case kMass:
		return strconv.FormatFloat(c.num, 'f', 3, 64)
	}
	return strings.TrimSuffix(strings.TrimRight(strconv.FormatFloat(c.num, 'f', 3, 64), "0"), ".")
}

// csvSafe keeps a text cell from being read as a formula by a spreadsheet
// (shop text such as "=HYPERLINK(...)" or "@SUM(...)" opened in someone
// else's Excel): a cell starting with = + - @, a tab or a carriage return
// gets a leading apostrophe, as OWASP and the spreadsheets themselves
// recommend. Numbers are number cells and are never touched.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// table is one sheet of the XLSX file and one CSV file.
type table struct {
	sheet, file string
	header      []string // nil for the Summary grid
	rows        [][]cell
	// total is true when the last row is a total row, kept out of the
	// autofilter.
	total bool
	// headRows are the 1-based rows of a grid styled as headers.
	headRows []int
}

// ref is an A1 reference to a column letter and 1-based row of a sheet.
func ref(sheet, col string, row int) string {
	return fmt.Sprintf("'%s'!%s%d", sheet, col, row)
}

// The OSE BOM columns (research notes 6.2) of the Parts and Hardware sheets,
// and two mass columns.
var oseHeader = []string{"Item#", "Assembly", "Part ID", "Qty", "Description", "Material/Stock", "Size",
	"Cut length", "Process", "Unit", "Unit price", "Extended price", "Vendor (AVL)", "Vendor PN", "Link",
	"MOQ", "Lead time", "Notes", "Mass each (kg)", "Mass (kg)"}

// tables lays the BOM out as the tables both writers write.
func (b *BOM) tables(meta Meta) []*table {
	f := b.Units.Format
	if b.Units == "" {
		f = units.Metric.Format
	}

	parts := &table{sheet: SheetParts, file: TableParts, header: oseHeader, total: true}
	item := 0
	for _, p := range b.Parts {
		item++
		r := len(parts.rows) + 2
		stock := p.Material
		if p.Stock != "" {
			stock += " / " + p.Stock
		}
		cut := ""
		if p.CutLength > 0 {
			cut = f(p.CutLength)
		}
		unit := money(p.UnitCost)
		if !p.Priced {
			unit = blankOf(kMoney)
		}
		notes := p.Notes
		if p.Estimated {
			notes = join(notes, "sheet count estimated")
		}
		if !p.Priced {
			notes = join(notes, "UNPRICED")
		}
		parts.rows = append(parts.rows, []cell{
			integer(item), txt(""), txt(p.ID), integer(p.Qty), txt(p.Name), txt(stock), txt(p.Size),
			txt(cut), txt(string(p.Process)), txt("each"), unit, calc(money(p.Total()), fmla("D%d*K%d", r, r)),
			txt(""), txt(""), txt(""), txt(""), txt(""), txt(notes),
			mass(p.MassKg), calc(mass(p.MassKg*float64(p.Qty)), fmla("D%d*S%d", r, r)),
		})
	}
	n := len(parts.rows) + 1
	partsTotal := n + 1
	parts.rows = append(parts.rows, totalRow(len(oseHeader), map[int]cell{
		11: calc(money(b.Cost.MaterialUsed), fmla("SUM(L1:L%d)", n)),
		19: calc(mass(b.Cost.MassKg), fmla("SUM(T1:T%d)", n)),
	}))

	hw := &table{sheet: SheetHardware, file: TableHardware, header: oseHeader, total: true}
	for _, h := range b.Hardware {
		item++
		r := len(hw.rows) + 2
		unit := money(h.UnitPrice)
		if !h.Priced {
			unit = blankOf(kMoney)
		}
		hw.rows = append(hw.rows, []cell{
			integer(item), txt(""), txt(h.Part), integer(h.Qty), txt(h.Description), txt(h.Item), txt(h.Spec),
			txt(""), txt("buy"), txt(h.Unit), unit, calc(money(h.Total()), fmla("D%d*K%d", r, r)),
			txt(h.Vendor), txt(h.VendorPN), txt(h.Link), txt(""), txt(""), txt(h.Notes),
			blankOf(kMass), blankOf(kMass),
		})
	}
	n = len(hw.rows) + 1
	hwTotal := n + 1
	hw.rows = append(hw.rows, totalRow(len(oseHeader), map[int]cell{
		11: calc(money(b.Cost.Hardware), fmla("SUM(L1:L%d)", n)),
	}))

	cl := &table{sheet: SheetCutList, file: TableCutList,
		header: []string{"Profile", "Bar", "Stock length", "Cut", "Part ID", "Length", "Position",
			"Length (mm)", "Position (mm)", "Offcut", "Bar price"}}
	for _, c := range b.CutLists {
		for i, ub := range c.Plan.Bars {
			for j, cut := range ub.Cuts {
				off, price := txt(""), blankOf(kMoney)
				if j == len(ub.Cuts)-1 {
					off = txt(f(ub.Offcut))
					price = money(ub.Stock.Price)
				}
				cl.rows = append(cl.rows, []cell{
					txt(c.Profile), integer(i + 1), txt(f(ub.Stock.Length)), integer(j + 1), txt(cut.Label),
					txt(f(cut.Length)), txt(f(cut.Position)), mm(cut.Length), mm(cut.Position), off, price,
				})
			}
		}
	}

	st := &table{sheet: SheetStock, file: TableStock, total: true,
		header: []string{"Kind", "Stock ID", "Description", "Size", "Qty", "Unit price", "Total",
			"Price basis", "Estimate", "Use", "Notes"}}
	for _, s := range b.Stock {
		r := len(st.rows) + 2
		est := ""
		if s.Estimate {
			est = "yes"
		}
		unit := money(s.UnitPrice)
		if s.Basis == shop.PriceNone {
			unit = blankOf(kMoney)
		}
		st.rows = append(st.rows, []cell{
			txt(s.Kind), txt(s.ID), txt(s.Description), txt(s.Size), integer(s.Qty), unit,
			calc(money(s.Total()), fmla("E%d*F%d", r, r)), txt(s.Basis), txt(est),
			txt(strings.Join(s.Use, " ")), txt(s.Notes),
		})
	}
	n = len(st.rows) + 1
	stTotal := n + 1
	st.rows = append(st.rows, totalRow(11, map[int]cell{
		6: calc(money(b.Cost.Material), fmla("SUM(G1:G%d)", n)),
	}))

	sum := &table{sheet: SheetSummary, file: TableSummary}
	add := func(cs ...cell) int {
		// Pad to the grid's width: a CSV line with no fields is no row.
		for len(cs) < 4 {
			cs = append(cs, txt(""))
		}
		sum.rows = append(sum.rows, cs)
		return len(sum.rows)
	}
	shopName := meta.Shop
	if shopName == "" {
		shopName = b.Shop
	}
	sheets := "counted by the nest"
	hasSheets := false
	for _, s := range b.Stock {
		hasSheets = hasSheets || s.Kind == KindSheet
	}
	if !hasSheets {
		sheets = "none (no plate parts)"
	} else if b.SheetsEstimated {
		sheets = "ESTIMATED from plate area (no nest for some plate stock)"
	}
	for _, kv := range [][2]string{
		{"Design", meta.Design}, {"Version", meta.Version}, {"Preset", meta.Preset}, {"Digest", meta.Digest},
		{"Shop", shopName}, {"Currency", b.Currency}, {"Units", string(b.Units)}, {"Sheets", sheets},
	} {
		add(strong(txt(kv[0])), txt(kv[1]))
	}
	add()
	sum.headRows = append(sum.headRows, add(txt("Parameter"), txt("Value")))
	for _, p := range meta.Params {
		add(txt(p.Name), txt(p.Text))
	}
	add()
	c := b.Cost
	sum.headRows = append(sum.headRows, add(txt("Cost"), txt("Hours"), txt("Rate"), txt("Amount")))
	first := add(txt("Material bought (stock to buy)"), txt(""), txt(""),
		calc(money(c.Material), ref(SheetStock, "G", stTotal)))
	add(txt("Hardware"), txt(""), txt(""), calc(money(c.Hardware), ref(SheetHardware, "L", hwTotal)))
	r := len(sum.rows) + 1
	add(txt("Labour"), hours(c.LabourHours), money(c.LabourRate), calc(money(c.Labour), fmla("B%d*C%d", r, r)))
	r++
	last := add(txt("Machine time"), hours(c.MachineHours), money(c.MachineRate), calc(money(c.Machine), fmla("B%d*C%d", r, r)))
	add(strong(txt("Total")), txt(""), txt(""), strong(calc(money(c.Total), fmla("SUM(D%d:D%d)", first, last))))
	add()
	used := add(txt("Material in parts (included in material bought)"), txt(""), txt(""),
		calc(money(c.MaterialUsed), ref(SheetParts, "L", partsTotal)))
	add(txt("Offcuts and waste (bought less used)"), txt(""), txt(""),
		calc(money(c.Material-c.MaterialUsed), fmla("D%d-D%d", first, used)))
	add(txt("Mass of made parts (kg)"), txt(""), txt(""), calc(mass(c.MassKg), ref(SheetParts, "T", partsTotal)))
	if len(b.Unpriced) > 0 {
		add()
		add(strong(txt("Unpriced")), txt(strings.Join(b.Unpriced, ", ")))
	}
	for _, w := range b.Warnings {
		add(txt("Warning"), txt(w))
	}
	return []*table{sum, parts, cl, st, hw}
}

// totalRow is a row of ncol cells reading "Total" in the first column, with
// the given cells (0-based column index) in bold.
func totalRow(ncol int, at map[int]cell) []cell {
	row := make([]cell, ncol)
	row[0] = strong(txt("Total"))
	for i, c := range at {
		row[i] = strong(c)
	}
	return row
}
