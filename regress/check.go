package regress

import (
	"fmt"
	"github.com/fabkit/fabkit/manifest"
	"io"
	"strings"
	"unicode/utf8"
)

// Row is one quantity that differs between two manifests.
type Row struct {
	// Part names what the quantity belongs to: a part id, "nest ID",
	// "stock KIND ID SIZE", or a section: "design", "shop", "summary",
	// "warning", "stock", "nests", "cost"; a file path for file rows.
	Part string
	// Quantity is the manifest field compared, e.g. "volume_mm3",
	// "bbox_x_mm", "qty", "process", "param brick_length", "total"; "part",
	// "nest", "stock" or "file" when the whole entry was added or removed.
	Quantity string
	// Old and New are the golden and the built value as text (numbers in
	// their shortest form, at most 10 significant digits), "" where the
	// entry is absent (an added or removed part, parameter, ...).
	Old, New string
	// Delta is New-Old and DeltaPct is 100*Delta/|Old| for numeric rows;
	// DeltaPct is 0 when Old is 0, and both are 0 for text rows.
	Delta, DeltaPct float64
	// Numeric tells a measured quantity from a text one.
	Numeric bool
	// OK is true when the change is within tolerance (or only
	// informational, like the fabkit version).
	OK bool
	// Tolerance is the tolerance applied, as text: "±0.01 %", "exact",
	// "info".
	Tolerance string
}

// Report is the result of Check: every quantity that differs from the
// golden manifest, within tolerance or not.
type Report struct {
	Design   string // the golden manifest's design, version and preset
	Rows     []Row  // in manifest order: design, parts, stock, nests, cost, files
	Compared int    // how many quantities were compared, changed or not

	disp display // how WriteTable prints numbers: the design's units
}

// Failed reports whether any row drifted beyond its tolerance.
func (r Report) Failed() bool {
	for _, row := range r.Rows {
		if !row.OK {
			return true
		}
	}
	return false
}

// Failures returns the rows that drifted beyond tolerance.
func (r Report) Failures() []Row {
	var out []Row
	for _, row := range r.Rows {
		if !row.OK {
			out = append(out, row)
		}
	}
	return out
}

// Verdict is the report in one line, e.g. "FAIL: 2 of 310 quantities
// beyond tolerance (3 changed)" or "ok: 310 quantities, no change".
func (r Report) Verdict() string {
	head := ""
	if r.Design != "" {
		head = r.Design + ": "
	}
	if n := len(r.Failures()); n > 0 {
		return fmt.Sprintf("%sFAIL: %d of %d quantities beyond tolerance (%d changed)", head, n, r.Compared, len(r.Rows))
	}
	if len(r.Rows) == 0 {
		return fmt.Sprintf("%sok: %d quantities, no change", head, r.Compared)
	}
	return fmt.Sprintf("%sok: %d quantities, %d changed within tolerance", head, r.Compared, len(r.Rows))
}

// Check compares a build's manifest (got) with a golden one under tol. A
// nil manifest compares as an empty one. What is compared and what is
// ignored is described in the package documentation.
func Check(got, golden *manifest.Manifest, tol Tolerances) Report {
	got, golden = orEmpty(got), orEmpty(golden)
	c := &comparer{tol: tol, judge: true}
	c.design(golden, got)
	c.parts(golden, got)
	c.stock(golden, got)
	c.nests(golden, got)
	c.cost(golden, got)
	if tol.CompareFiles {
		c.files(golden, got)
	}
	return Report{Design: label(golden), Rows: c.rows, Compared: c.compared, disp: displayFor(golden, got)}
}

func orEmpty(m *manifest.Manifest) *manifest.Manifest {
	if m == nil {
		return &manifest.Manifest{}
	}
	return m
}

// label names a manifest's design: "cebpress 17.08 (preset standard)".
func label(m *manifest.Manifest) string {
	s := strings.Join(nonEmpty(m.Design.Name, m.Design.Version), " ")
	if m.Preset != "" {
		s += " (preset " + m.Preset + ")"
	}
	return strings.TrimSpace(s)
}

// WriteTable writes the report as an aligned table of what changed (mark,
// part, quantity, old, new, delta, delta %, tolerance), "FAIL" marking a
// drift beyond tolerance, then the one-line verdict.
func (r Report) WriteTable(w io.Writer) error {
	t := &table{right: []bool{false, false, false, true, true, true, true, false}}
	if len(r.Rows) > 0 {
		t.add(true, "", "PART", "QUANTITY", "OLD", "NEW", "DELTA", "DELTA %", "TOLERANCE")
		for _, row := range r.Rows {
			mark := "ok"
			if !row.OK {
				mark = "FAIL"
			}
			qty, old, new, delta := r.disp.cells(row)
			t.add(row.Numeric, mark, row.Part, qty, old, new, delta, formatPct(row), r.disp.tolerance(row))
		}
	}
	var b strings.Builder
	t.write(&b)
	b.WriteString(r.Verdict())
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// table lays out cells in columns padded to the widest cell, numbers
// aligned right. Widths count runes, so "—" and "±" take one column. A
// cell longer than wide (a warning's text) overflows its column instead of
// widening it for every row.
const wide = 32

type table struct {
	right   []bool // columns whose numbers align right
	rows    [][]string
	numeric []bool // rows whose cells in right columns are numbers
}

// add appends a row; line breaks and tabs in a cell (a warning's text)
// become spaces so that every row stays on one line.
func (t *table) add(numeric bool, cells ...string) {
	for i, c := range cells {
		cells[i] = strings.Map(func(r rune) rune {
			if r == '\n' || r == '\r' || r == '\t' {
				return ' '
			}
			return r
		}, c)
	}
	t.rows = append(t.rows, cells)
	t.numeric = append(t.numeric, numeric)
}

func (t *table) write(b *strings.Builder) {
	var width []int
	for _, row := range t.rows {
		for i, cell := range row {
			if i >= len(width) {
				width = append(width, 0)
			}
			if n := utf8.RuneCountInString(cell); n <= wide {
				width[i] = max(width[i], n)
			}
		}
	}
	for r, row := range t.rows {
		var line strings.Builder
		for i, cell := range row {
			if i > 0 {
				line.WriteString("  ")
			}
			pad := strings.Repeat(" ", max(0, width[i]-utf8.RuneCountInString(cell)))
			if t.numeric[r] && i < len(t.right) && t.right[i] {
				line.WriteString(pad + cell)
			} else {
				line.WriteString(cell + pad)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
}
