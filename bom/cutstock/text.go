package cutstock

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/fabkit/fabkit/internal/plural"
)

// WriteText writes the plan for the saw: a summary, then bar by bar each cut
// in order with its length and where it starts. Lengths go through format
// (units.FormatMM when nil).
func WriteText(w io.Writer, p *Plan, format Formatter) error {
	f := format.orDefault()
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "Cut list: %s, cost %s, waste %s\n", plural.Count(len(p.Bars), "bar", "bars"), num(p.Cost), f(p.Waste))
	fmt.Fprintf(ew, "Lower bound on cost %s", num(p.LowerBound))
	switch {
	case p.Optimal:
		fmt.Fprint(ew, " (plan is optimal)")
	case !p.Complete:
		fmt.Fprint(ew, " (search cut short)")
	}
	fmt.Fprintf(ew, "\nKerf %s, trim %s at each end\n", f(p.Kerf), f(p.Trim))
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	for b, ub := range p.Bars {
		fmt.Fprintf(tw, "\nBar %d of %d: %s", b+1, len(p.Bars), f(ub.Stock.Length))
		if ub.Stock.Price > 0 {
			fmt.Fprintf(tw, ", price %s", num(ub.Stock.Price))
		}
		fmt.Fprintln(tw)
		for c, cut := range ub.Cuts {
			fmt.Fprintf(tw, "  %d.\t%s\t%s\tat %s\n", c+1, cut.Label, f(cut.Length), f(cut.Position))
		}
		if ub.Offcut > 0 {
			fmt.Fprintf(tw, "  offcut\t\t%s", f(ub.Offcut))
			if keptOffcut(p, b) {
				fmt.Fprint(tw, "\tkeep")
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
	}
	if len(p.Offcuts) > 0 {
		fmt.Fprintf(ew, "\nOffcuts to keep:")
		for _, o := range p.Offcuts {
			fmt.Fprintf(ew, " %s (bar %d)", f(o.Length), o.Bar+1)
		}
		fmt.Fprintln(ew)
	}
	return ew.err
}

func keptOffcut(p *Plan, bar int) bool {
	for _, o := range p.Offcuts {
		if o.Bar == bar {
			return true
		}
	}
	return false
}

// errWriter keeps the first write error so writers can check once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(b []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(b)
	e.err = err
	return n, err
}
