package shop

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/fabkit/fabkit/internal/excerpt"
	"github.com/fabkit/fabkit/units"
)

// PriceList is a table of prices a replicator keeps in a spreadsheet, read
// by ReadPriceList and applied to a shop with ApplyPrices.
type PriceList struct {
	Name string // file name, for error messages
	Rows []PriceRow
}

// PriceRow is one row of a price list.
type PriceRow struct {
	Line   int     // row number in the file (the header is usually 1)
	ID     string  // profile, sheet or item id
	Price  float64 // per bar, per sheet, or per item unit
	Length float64 // mm; 0 = not given. Profiles: which bar length; sheets: the sheet's length
	Width  float64 // mm; 0 = not given. Sheets: the sheet's width

	// Optional item details; empty = leave the shop's as they are.
	Description, Unit, Vendor, VendorPN, Link string

	lengthText, widthText string // as written, for error messages
}

// Limits of one price list; the README's limits table lists them.
const (
	MaxPriceListBytes    = 8 << 20  // the file as read (CSV, or the XLSX zip)
	MaxPriceListUnzipped = 32 << 20 // an XLSX's members, uncompressed, in all
	MaxPriceRows         = 100_000  // rows read, the header included
	MaxPriceColumns      = 256      // columns read of each row; the rest are ignored
)

// priceColumns maps accepted header spellings to column names.
var priceColumns = map[string]string{
	"id": "id", "part_id": "id", "item": "id",
	"price": "price", "unit_price": "price",
	"description": "description", "unit": "unit",
	"vendor": "vendor", "avl": "vendor",
	"vendor_pn": "vendor_pn", "avl_pn": "vendor_pn",
	"link": "link", "url": "link",
	"length": "length", "width": "width",
}

var priceColumnNames = []string{"id", "price", "description", "unit", "vendor", "vendor_pn", "link", "length", "width"}

// ReadPriceList reads a price list from CSV or XLSX (the first sheet). The
// format is told by the name's extension (.csv, .xlsx) or, failing that, by
// the content (XLSX files are zip archives). The first non-empty row is the
// header: columns id and price are required; description, unit, vendor,
// vendor_pn, link, length and width are optional; other columns are ignored;
// names are case-insensitive. length and width need units in each cell
// ("20ft", "1250mm") unless the header gives one: "length (ft)",
// "length_ft" or "length [mm]". Errors are *FieldError (or FieldErrors)
// naming name:row and the column.
func ReadPriceList(name string, r io.Reader) (PriceList, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxPriceListBytes+1))
	if err != nil {
		return PriceList{}, fmt.Errorf("price list %s: %w", name, err)
	}
	if len(data) > MaxPriceListBytes {
		return PriceList{}, &FieldError{File: name, Reason: fmt.Sprintf("larger than %d bytes (shop.MaxPriceListBytes)", MaxPriceListBytes)}
	}
	ext := strings.ToLower(filepath.Ext(name))
	var rows [][]string
	var lines []int
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		rows, lines, err = xlsxRows(name, data)
	case ext == ".xlsx" || ext == ".xlsm":
		return PriceList{}, &FieldError{File: name, Reason: "not an XLSX file (no zip signature)"}
	default:
		rows, lines, err = csvRows(name, data)
	}
	if err != nil {
		return PriceList{}, err
	}
	return priceRows(name, rows, lines)
}

// xlsxRows reads the first sheet. A zip bomb is refused before anything is
// inflated: the members' declared uncompressed sizes must add up to at most
// MaxPriceListUnzipped, and archive/zip fails a member that inflates past
// its declared size, so the cap also holds while reading.
func xlsxRows(name string, data []byte) ([][]string, []int, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, &FieldError{File: name, Reason: "cannot read XLSX: " + err.Error()}
	}
	var total uint64
	for _, m := range zr.File {
		total += m.UncompressedSize64
		if m.UncompressedSize64 > MaxPriceListUnzipped || total > MaxPriceListUnzipped {
			return nil, nil, &FieldError{File: name, Reason: fmt.Sprintf("XLSX inflates to more than %d bytes (shop.MaxPriceListUnzipped)", MaxPriceListUnzipped)}
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: MaxPriceListUnzipped, UnzipXMLSizeLimit: MaxPriceListUnzipped})
	if err != nil {
		return nil, nil, &FieldError{File: name, Reason: "cannot read XLSX: " + err.Error()}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, nil, &FieldError{File: name, Reason: "XLSX has no sheets"}
	}
	it, err := f.Rows(sheets[0])
	if err != nil {
		return nil, nil, &FieldError{File: name, Reason: "cannot read sheet " + excerpt.Text(sheets[0]) + ": " + err.Error()}
	}
	defer it.Close()
	var rows [][]string
	var lines []int
	for line := 1; it.Next(); line++ { // Next stops at every row number, empty ones too
		cols, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, nil, &FieldError{File: name, Line: line, Reason: "cannot read sheet " + excerpt.Text(sheets[0]) + ": " + err.Error()}
		}
		if blank(cols) {
			continue
		}
		if len(rows) >= MaxPriceRows {
			return nil, nil, tooManyRows(name, line)
		}
		rows = append(rows, slices.Clip(cols[:min(len(cols), MaxPriceColumns)]))
		lines = append(lines, line)
	}
	if err := it.Error(); err != nil {
		return nil, nil, &FieldError{File: name, Reason: "cannot read sheet " + excerpt.Text(sheets[0]) + ": " + err.Error()}
	}
	return rows, lines, nil
}

func tooManyRows(name string, line int) error {
	return &FieldError{File: name, Line: line, Reason: fmt.Sprintf("more than %d rows (shop.MaxPriceRows)", MaxPriceRows)}
}

func csvRows(name string, data []byte) ([][]string, []int, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // Excel's UTF-8 BOM
	cr := csv.NewReader(bytes.NewReader(data))
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';' // spreadsheets in decimal-comma locales
	}
	cr.FieldsPerRecord = -1
	var rows [][]string
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, nil, &FieldError{File: name, Line: pe.Line, Reason: "CSV: " + pe.Err.Error()}
			}
			return nil, nil, &FieldError{File: name, Reason: "CSV: " + err.Error()}
		}
		line, _ := cr.FieldPos(0)
		if len(rows) >= MaxPriceRows {
			return nil, nil, tooManyRows(name, line)
		}
		rows = append(rows, rec[:min(len(rec), MaxPriceColumns)])
		lines = append(lines, line)
	}
	return rows, lines, nil
}

// column is one recognised header cell.
type column struct {
	name string     // canonical
	unit units.Unit // for length and width: the header's unit, or ""
}

// parseHeader reads "Length (ft)" as column length in feet.
func parseHeader(cell string) (column, bool) {
	h := strings.ToLower(strings.TrimSpace(cell))
	unit := ""
	if i := strings.IndexAny(h, "(["); i > 0 && strings.ContainsAny(h[i:], ")]") {
		unit = strings.Trim(h[i+1:], ")] ")
		h = strings.TrimSpace(h[:i])
	}
	h = strings.NewReplacer(" ", "_", "-", "_", ".", "").Replace(h)
	if unit == "" {
		for _, base := range []string{"length", "width"} {
			if rest, ok := strings.CutPrefix(h, base+"_"); ok {
				if _, err := units.ParseUnit(rest); err == nil {
					h, unit = base, rest
				}
			}
		}
	}
	c, ok := priceColumns[h]
	if !ok {
		return column{}, false
	}
	col := column{name: c}
	if unit != "" {
		u, err := units.ParseUnit(unit)
		if err != nil || (c != "length" && c != "width") {
			return column{}, false
		}
		col.unit = u
	}
	return col, true
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func priceRows(name string, rows [][]string, lines []int) (PriceList, error) {
	pl := PriceList{Name: name}
	h := 0
	for h < len(rows) && blank(rows[h]) {
		h++
	}
	if h == len(rows) {
		return pl, &FieldError{File: name, Reason: "empty price list (expected a header row with id and price)"}
	}
	cols := map[int]column{}
	have := map[string]bool{}
	var unknown []string
	var h0 hints
	for i, cell := range rows[h] {
		c, ok := parseHeader(cell)
		if !ok {
			if strings.TrimSpace(cell) != "" {
				unknown = append(unknown, strings.TrimSpace(cell))
			}
			continue
		}
		if have[c.name] {
			return pl, &FieldError{File: name, Line: lines[h], Field: c.name, Reason: "column given twice"}
		}
		have[c.name] = true
		cols[i] = c
	}
	for _, req := range []string{"id", "price"} {
		if !have[req] {
			reason := "missing column (the header row needs id and price)"
			for _, u := range unknown {
				if h0.closest(u, []string{req}) != "" {
					reason += fmt.Sprintf("; is %q meant to be %s?", u, req)
				}
			}
			return pl, &FieldError{File: name, Line: lines[h], Field: req, Reason: reason}
		}
	}
	var errs errorList
	for k := h + 1; k < len(rows); k++ {
		if blank(rows[k]) {
			continue
		}
		pr := PriceRow{Line: lines[k]}
		bad := func(col, value, reason string) {
			errs.add(&FieldError{File: name, Line: lines[k], Field: col, Value: value, Reason: reason})
		}
		for i, cell := range rows[k] {
			c, ok := cols[i]
			cell = strings.TrimSpace(cell)
			if !ok || cell == "" {
				continue
			}
			switch c.name {
			case "id":
				pr.ID = cell
			case "price":
				v, err := parsePrice(cell)
				if err != nil {
					bad("price", cell, err.Error())
				}
				pr.Price = v
			case "length", "width":
				v, err := units.ParseLength(cell, c.unit)
				if err == nil && !(v > 0) {
					err = errors.New("must be > 0")
				}
				if err != nil {
					bad(c.name, cell, reason(err))
				}
				if c.name == "length" {
					pr.Length, pr.lengthText = v, cell
				} else {
					pr.Width, pr.widthText = v, cell
				}
			case "description":
				pr.Description = cell
			case "unit":
				pr.Unit = cell
			case "vendor":
				pr.Vendor = cell
			case "vendor_pn":
				pr.VendorPN = cell
			case "link":
				pr.Link = cell
			}
		}
		if pr.ID == "" {
			bad("id", "", "required")
		}
		if cell := cellOf(rows[k], cols, "price"); cell == "" {
			bad("price", "", "required")
		}
		pl.Rows = append(pl.Rows, pr)
	}
	return pl, errs.errs.asError(name, errs.dropped)
}

// cellOf returns the trimmed cell of a named column.
func cellOf(row []string, cols map[int]column, name string) string {
	for i, c := range cols {
		if c.name == name && i < len(row) {
			return strings.TrimSpace(row[i])
		}
	}
	return ""
}

// parsePrice reads "1.20", "$1.20" or "1.20 €". Thousands separators are
// refused: "1,234" is 1234 in one country and 1.234 in another.
func parsePrice(s string) (float64, error) {
	t := strings.TrimSpace(strings.Trim(s, "$€£ \u00a0"))
	if strings.Contains(t, ",") {
		return 0, errors.New("write a plain number like 1234.50, without thousands separators or decimal commas")
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, errors.New("expected a number")
	}
	if v < 0 {
		return 0, errors.New("must be >= 0")
	}
	return v, nil
}

// ApplyPrices overrides the shop's prices from a price list: a profile row
// prices one bar length (column length, needed when the profile is sold in
// several), a sheet row one sheet size (columns width and length, needed when
// there are several sizes), an item row an item, along with its description,
// unit, vendor, vendor_pn and link when those cells are filled. Unknown ids,
// lengths and sizes are errors naming file:row; when there is any error,
// the shop is left unchanged.
func (s *Shop) ApplyPrices(pl PriceList) error {
	var errs errorList
	var hs hints
	var apply []func()
	seen := map[string]int{}
	f := s.Units.Format
	if s.Units == "" {
		f = units.Metric.Format
	}
	// One index of the ids (the last of a repeated id wins, as a scan
	// would find it), so that each row costs one look-up.
	var ids []string
	profiles, sheets, items := map[string]int{}, map[string]int{}, map[string]int{}
	for i, p := range s.Profiles {
		ids = append(ids, p.ID)
		profiles[p.ID] = i
	}
	for i, sh := range s.Sheets {
		ids = append(ids, sh.ID)
		sheets[sh.ID] = i
	}
	for i, it := range s.Items {
		ids = append(ids, it.ID)
		items[it.ID] = i
	}
	sort.Strings(ids)
	for _, r := range pl.Rows {
		lengthText, widthText := r.lengthText, r.widthText
		if lengthText == "" {
			lengthText = f(r.Length)
		}
		if widthText == "" {
			widthText = f(r.Width)
		}
		bad := func(col, value, reason string) {
			errs.add(&FieldError{File: pl.Name, Line: r.Line, Field: col, Value: value, Reason: reason})
		}
		key := fmt.Sprintf("%s@%.0f@%.0f", r.ID, r.Length, r.Width)
		if first, dup := seen[key]; dup {
			bad("id", r.ID, fmt.Sprintf("priced again (first at row %d)", first))
			continue
		}
		seen[key] = r.Line
		pi, si, ii := -1, -1, -1
		if i, ok := profiles[r.ID]; ok {
			pi = i
		}
		if i, ok := sheets[r.ID]; ok {
			si = i
		}
		if i, ok := items[r.ID]; ok {
			ii = i
		}
		price, desc := r.Price, r.Description
		switch {
		case pi >= 0:
			p := &s.Profiles[pi]
			if r.Width != 0 {
				bad("width", widthText, "a profile has no width to choose (use length)")
				continue
			}
			var sold []string
			j := -1
			for k, l := range p.Lengths {
				sold = append(sold, f(l.Length))
				if r.Length != 0 && math.Abs(l.Length-r.Length) < 1 {
					j = k
				}
			}
			switch {
			case r.Length == 0 && len(p.Lengths) == 1:
				j = 0
			case r.Length == 0:
				bad("length", "", fmt.Sprintf("%s is sold in %d lengths (%s): say which", p.ID, len(p.Lengths), strings.Join(sold, ", ")))
				continue
			case j < 0:
				bad("length", lengthText, fmt.Sprintf("the shop sells %s in %s only", p.ID, strings.Join(sold, ", ")))
				continue
			}
			apply = append(apply, func() {
				p.Lengths[j].Price = price
				if desc != "" {
					p.Description = desc
				}
			})
		case si >= 0:
			sh := &s.Sheets[si]
			var sold []string
			j := -1
			for k, z := range sh.Sizes {
				sold = append(sold, f(z.Width)+" x "+f(z.Length))
				w, l := min(r.Width, r.Length), max(r.Width, r.Length)
				if math.Abs(z.Width-w) < 1 && math.Abs(z.Length-l) < 1 {
					j = k
				}
			}
			switch {
			case r.Width == 0 && r.Length == 0 && len(sh.Sizes) == 1:
				j = 0
			case r.Width == 0 || r.Length == 0:
				col := "width"
				if r.Length == 0 {
					col = "length"
				}
				bad(col, "", fmt.Sprintf("%s is sold in %s: give width and length", sh.ID, strings.Join(sold, ", ")))
				continue
			case j < 0:
				bad("width", widthText+" x "+lengthText, fmt.Sprintf("the shop sells %s in %s only", sh.ID, strings.Join(sold, ", ")))
				continue
			}
			apply = append(apply, func() {
				sh.Sizes[j].Price = price
				if desc != "" {
					sh.Description = desc
				}
			})
		case ii >= 0:
			it := &s.Items[ii]
			if r.Length != 0 || r.Width != 0 {
				bad("length", "", "an item has no length or width to choose")
				continue
			}
			if r.Unit != "" {
				if _, _, ok := UnitMeasure(r.Unit); !ok {
					bad("unit", r.Unit, "unknown unit"+hs.suggest(r.Unit, ItemUnits()))
					continue
				}
			}
			apply = append(apply, func() {
				it.Price = r.Price
				set := func(dst *string, v string) {
					if v != "" {
						*dst = v
					}
				}
				set(&it.Description, r.Description)
				set(&it.Unit, r.Unit)
				set(&it.Vendor, r.Vendor)
				set(&it.VendorPN, r.VendorPN)
				set(&it.Link, r.Link)
			})
		default:
			bad("id", r.ID, "unknown id: no profile, sheet or item of this shop has it"+hs.suggest(r.ID, ids))
		}
	}
	if len(errs.errs) > 0 {
		return errs.errs.asError(pl.Name, errs.dropped)
	}
	for _, a := range apply {
		a()
	}
	return nil
}
