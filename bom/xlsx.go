package bom

import (
	"fmt"
	"io"
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
	if err := f.Write(w); err != nil {
		return fmt.Errorf("bom: xlsx: %w", err)
	}
	return nil
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

func writeSheet(f *excelize.File, t *table, st *styles) error {
	name := t.sheet
	row0 := 1
	ncol := 0
	width := map[int]int{}
	note := func(col int, s string) {
		width[col] = max(width[col], utf8.RuneCountInString(s))
	}
	if t.header != nil {
		for c, h := range t.header {
			at, _ := excelize.CoordinatesToCellName(c+1, 1)
			if err := f.SetCellStr(name, at, h); err != nil {
				return err
			}
			note(c, h)
		}
		ncol = len(t.header)
		last, _ := excelize.CoordinatesToCellName(ncol, 1)
		if err := f.SetCellStyle(name, "A1", last, st.header); err != nil {
			return err
		}
		row0 = 2
	}
	for i, row := range t.rows {
		r := row0 + i
		ncol = max(ncol, len(row))
		for c, cl := range row {
			at, _ := excelize.CoordinatesToCellName(c+1, r)
			var err error
			switch {
			case cl.formula != "":
				err = f.SetCellFormula(name, at, cl.formula)
				note(c, "0000000000000")
			case cl.kind == kText:
				if cl.text == "" {
					break
				}
				err = f.SetCellStr(name, at, cl.text)
				note(c, cl.text)
			case cl.blank:
			case cl.kind == kInt:
				err = f.SetCellInt(name, at, int64(cl.num))
				note(c, cl.csvText())
			default:
				err = f.SetCellFloat(name, at, cl.num, -1, 64)
				note(c, cl.csvText()+"000")
			}
			if err != nil {
				return err
			}
			style := st.plain[cl.kind]
			if cl.bold {
				style = st.bold[cl.kind]
			}
			if err := f.SetCellStyle(name, at, at, style); err != nil {
				return err
			}
		}
	}
	for _, r := range t.headRows {
		last, _ := excelize.CoordinatesToCellName(max(ncol, 1), r)
		if err := f.SetCellStyle(name, fmt.Sprintf("A%d", r), last, st.header); err != nil {
			return err
		}
	}
	for c := 0; c < ncol; c++ {
		col, _ := excelize.ColumnNumberToName(c + 1)
		w := float64(min(max(width[c], 6), 60)) + 2
		if err := f.SetColWidth(name, col, col, w); err != nil {
			return err
		}
	}
	if t.header == nil {
		return nil
	}
	if err := f.SetPanes(name, &excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	lastData := len(t.rows) + 1
	if t.total {
		lastData--
	}
	end, _ := excelize.CoordinatesToCellName(len(t.header), max(lastData, 1))
	return f.AutoFilter(name, "A1:"+end, nil)
}
