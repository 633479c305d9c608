package bom

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
)

// WriteCSV writes one table of the BOM (one of Tables, e.g. TableParts) as
// CSV: the same rows as the matching XLSX sheet, with the values the
// formulas compute in place of the formulas.
func WriteCSV(w io.Writer, b *BOM, meta Meta, name string) error {
	for _, t := range b.tables(meta) {
		if t.file == name {
			return writeTable(w, t)
		}
	}
	return fmt.Errorf("bom: no table %q (have %v)", name, Tables)
}

// CSVFiles returns every table of the BOM as CSV, by file name (Tables).
func (b *BOM) CSVFiles(meta Meta) map[string][]byte {
	out := map[string][]byte{}
	for _, t := range b.tables(meta) {
		var buf bytes.Buffer
		writeTable(&buf, t) // a bytes.Buffer does not fail
		out[t.file] = buf.Bytes()
	}
	return out
}

func writeTable(w io.Writer, t *table) error {
	cw := csv.NewWriter(w)
	if t.header != nil {
		cw.Write(t.header)
	}
	for _, row := range t.rows {
		rec := make([]string, len(row))
		for i, c := range row {
			rec[i] = c.csvText()
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}
