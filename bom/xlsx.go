package bom

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// DocumentDate is the creation and modification date written into every
// XLSX file, so that the same BOM always gives the same bytes.
const DocumentDate = "2000-01-01T00:00:00Z"

// CurrencyFormat returns the spreadsheet number format for amounts in a
// currency: "$#,##0.00" for USD, "#,##0.00 €" for EUR, and the ISO code after
// the amount for currencies it does not know.
func CurrencyFormat(currency string) string {
	switch currency {
	case "USD", "CAD", "AUD", "NZD", "MXN":
		return "$#,##0.00"
	case "EUR":
		return "#,##0.00 €"
	case "GBP":
		return "£#,##0.00"
	case "JPY":
		return "¥#,##0"
	case "INR":
		return "₹#,##0.00"
	case "":
		return "#,##0.00"
	}
	return `#,##0.00 "` + currency + `"`
}

// WriteXLSX writes the BOM as a workbook with the sheets Summary, Parts, Cut
// list, Stock to buy and Hardware. Extended prices and totals are live
// formulas (quantity x unit price per row, SUM per sheet, Summary totals
// referring to the other sheets), so editing a price in the file updates
// every total. The bytes depend only on the BOM and meta.
func WriteXLSX(w io.Writer, b *BOM, meta Meta) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f, b.Currency)
	if err != nil {
		return fmt.Errorf("bom: xlsx: %w", err)
	}
	for i, t := range b.tables(meta) {
		if i == 0 {
			err = f.SetSheetName("Sheet1", t.sheet)
		} else {
			_, err = f.NewSheet(t.sheet)
		}
		if err == nil {
			err = writeSheet(f, t, st)
		}
		if err != nil {
			return fmt.Errorf("bom: xlsx: sheet %s: %w", t.sheet, err)
		}
	}
	f.SetActiveSheet(0)
	title := "Bill of materials"
	if meta.Design != "" {
		title = meta.Design + " bill of materials"
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Created: DocumentDate, Modified: DocumentDate, Creator: "fabkit", LastModifiedBy: "fabkit",
		Title: title, Version: meta.Version, Identifier: meta.Digest,
	}); err != nil {
		return fmt.Errorf("bom: xlsx: %w", err)
	}
	full := true
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}); err != nil {
		return fmt.Errorf("bom: xlsx: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return fmt.Errorf("bom: xlsx: %w", err)
	}
	if err := sortZip(w, buf.Bytes()); err != nil {
		return fmt.Errorf("bom: xlsx: %w", err)
	}
	return nil
}

// sortZip copies a zip archive with its entries in reverse name order, the
// order excelize uses for the parts it keeps in memory: excelize writes
// streamed sheets in map order, which would make the bytes vary.
func sortZip(w io.Writer, data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	files := slices.Clone(zr.File)
	slices.SortFunc(files, func(a, b *zip.File) int { return strings.Compare(b.Name, a.Name) })
	zw := zip.NewWriter(w)
	for _, f := range files {
		if err := zw.Copy(f); err != nil {
			return err
		}
	}
	return zw.Close()
}

// styles are the workbook's cell styles, by cell kind and weight.
type styles struct {
	header int
	plain  map[kind]int
	bold   map[kind]int
}

func newStyles(f *excelize.File, currency string) (*styles, error) {
	cur := CurrencyFormat(currency)
	formats := map[kind]*string{
		kMoney: &cur,
		kMass:  ptr("0.000"),
		kHours: ptr("0.00"),
		kInt:   ptr("0"),
		kMM:    nil, // General: 2000, 1207.5
		kText:  nil,
	}
	s := &styles{plain: map[kind]int{}, bold: map[kind]int{}}
	var err error
	s.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	})
	if err != nil {
		return nil, err
	}
	for _, k := range []kind{kText, kInt, kMoney, kMass, kHours, kMM} {
		for _, bold := range []bool{false, true} {
			style := &excelize.Style{CustomNumFmt: formats[k]}
			if bold {
				style.Font = &excelize.Font{Bold: true}
				style.Border = []excelize.Border{{Type: "top", Color: "808080", Style: 1}}
			}
			id, err := f.NewStyle(style)
			if err != nil {
				return nil, err
			}
			if bold {
				s.bold[k] = id
			} else {
				s.plain[k] = id
			}
		}
	}
	return s, nil
}

func ptr[T any](v T) *T { return &v }

// writeSheet writes one table through excelize's stream writer, the one
// excelize API that stores a formula together with its typed result: every
// formula cell carries the value it computes (cell.num), so readers that do
// not recalculate (openpyxl, pandas, file previews) show the totals too.
func writeSheet(f *excelize.File, t *table, st *styles) error {
	name := t.sheet
	row0 := 1
	if t.header != nil {
		row0 = 2
	}
	// Column widths come first: the stream writer wants them before rows.
	ncol := len(t.header)
	width := map[int]int{}
	note := func(col int, s string) {
		width[col] = max(width[col], utf8.RuneCountInString(s))
	}
	for c, h := range t.header {
		note(c, h)
	}
	for _, row := range t.rows {
		ncol = max(ncol, len(row))
		for c, cl := range row {
			switch {
			case cl.formula != "":
				note(c, "0000000000000")
			case cl.kind == kText:
				note(c, cl.text)
			case cl.blank:
			case cl.kind == kInt:
				note(c, cl.csvText())
			default:
				note(c, cl.csvText()+"000")
			}
		}
	}
	if t.header != nil {
		// The autofilter lives in the worksheet the stream writer starts from.
		lastData := len(t.rows) + 1
		if t.total {
			lastData--
		}
		end, _ := excelize.CoordinatesToCellName(len(t.header), max(lastData, 1))
		if err := f.AutoFilter(name, "A1:"+end, nil); err != nil {
			return err
		}
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for c := 0; c < ncol; c++ {
		w := float64(min(max(width[c], 6), 60)) + 2
		if err := sw.SetColWidth(c+1, c+1, w); err != nil {
			return err
		}
	}
	if t.header != nil {
		if err := sw.SetPanes(&excelize.Panes{
			Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
			Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
		}); err != nil {
			return err
		}
		vals := make([]any, len(t.header))
		for c, h := range t.header {
			vals[c] = excelize.Cell{StyleID: st.header, Value: h}
		}
		if err := sw.SetRow("A1", vals); err != nil {
			return err
		}
	}
	for i, row := range t.rows {
		r := row0 + i
		head := slices.Contains(t.headRows, r)
		n := len(row)
		if head {
			n = max(ncol, 1)
		}
		vals := make([]any, n)
		for c := range vals {
			if c >= len(row) {
				vals[c] = excelize.Cell{StyleID: st.header}
				continue
			}
			cl := row[c]
			cell := excelize.Cell{StyleID: st.plain[cl.kind]}
			if cl.bold {
				cell.StyleID = st.bold[cl.kind]
			}
			if head {
				cell.StyleID = st.header
			}
			switch {
			case cl.formula != "":
				cell.Formula, cell.Value = cl.formula, cl.num
			case cl.kind == kText:
				if cl.text != "" {
					cell.Value = cl.text
				}
			case cl.blank:
			case cl.kind == kInt:
				cell.Value = int64(cl.num)
			default:
				cell.Value = cl.num
			}
			vals[c] = cell
		}
		at, _ := excelize.CoordinatesToCellName(1, r)
		if err := sw.SetRow(at, vals); err != nil {
			return err
		}
	}
	return sw.Flush()
}
