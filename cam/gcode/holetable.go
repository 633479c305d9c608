package gcode

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/fabkit/fabkit/units"
)

// TableHole is a hole to mark out and drill by hand, for example in a tube:
// measured along the part from its reference end and across the face from
// its reference edge.
type TableHole struct {
	Part     string  // part id, e.g. "t3"
	Face     string  // which face or side, e.g. "top", "side A"
	Hole     int     // hole number on the part, from 1
	Along    float64 // mm from the part's reference end
	Across   float64 // mm from the face's reference edge
	Diameter float64 // mm
	Through  bool    // through both walls of a tube
}

// TableFormat is the layout of a hole table.
type TableFormat int

const (
	// TableText is a column-aligned table for printing.
	TableText TableFormat = iota
	// TableCSV is comma-separated values with millimetres and shop-unit columns.
	TableCSV
)

// WriteHoleTable writes a manual-drilling hole table. Text tables print
// lengths in the shop's units (fractional inches to 1/32 for imperial
// shops); CSV tables add exact millimetre columns for spreadsheets.
func WriteHoleTable(w io.Writer, holes []TableHole, sys units.System, format TableFormat) error {
	f := func(mm float64) string {
		if sys == units.Imperial {
			return units.FormatInches(mm, 32)
		}
		return units.FormatMM(mm)
	}
	through := func(h TableHole) string {
		if h.Through {
			return "through"
		}
		return "one wall"
	}
	switch format {
	case TableCSV:
		cw := csv.NewWriter(w)
		rows := [][]string{{"part", "face", "hole", "along", "across", "diameter", "depth", "along_mm", "across_mm", "diameter_mm"}}
		for _, h := range holes {
			rows = append(rows, []string{h.Part, h.Face, strconv.Itoa(h.Hole), f(h.Along), f(h.Across), f(h.Diameter), through(h),
				fmtNum(h.Along, 3), fmtNum(h.Across, 3), fmtNum(h.Diameter, 3)})
		}
		if err := cw.WriteAll(rows); err != nil {
			return fmt.Errorf("gcode: hole table: %w", err)
		}
		return nil
	case TableText:
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "PART\tFACE\tHOLE\tALONG\tACROSS\tDIAMETER\tDEPTH")
		for _, h := range holes {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\n", h.Part, h.Face, h.Hole, f(h.Along), f(h.Across), f(h.Diameter), through(h))
		}
		if err := tw.Flush(); err != nil {
			return fmt.Errorf("gcode: hole table: %w", err)
		}
		return nil
	}
	return fmt.Errorf("gcode: unknown hole table format %d", format)
}
