package cutstock

import (
	"encoding/csv"
	"io"
	"strconv"
)

// WriteCSV writes one row per cut: bar number, stock length, cut number,
// label, length and position, numbered from 1 and in mm, after a header
// row.
func WriteCSV(w io.Writer, p *Plan) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"bar", "stock_length_mm", "cut", "label", "length_mm", "position_mm"})
	for b, ub := range p.Bars {
		for c, cut := range ub.Cuts {
			cw.Write([]string{strconv.Itoa(b + 1), num(ub.Stock.Length), strconv.Itoa(c + 1), cut.Label, num(cut.Length), num(cut.Position)})
		}
	}
	cw.Flush()
	return cw.Error()
}
