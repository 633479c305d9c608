package shop

import (
	"fmt"
	"strings"

	"github.com/fabkit/fabkit/internal/excerpt"
	"github.com/fabkit/fabkit/internal/suggest"
)

// FieldError is a problem with one field of a shop file or a price list. Its
// message reads like
//
//	us-imperial.yaml:12: torch_table.chart[0].kerf = "-1in": must be > 0
//
// Line is 0 when not known (a shop built in Go); Field is empty for YAML
// syntax errors; Value is empty when there is no value to quote (a missing or
// unknown key).
type FieldError struct {
	File   string // file name as given to Parse or ReadPriceList
	Line   int    // 1-based line (row, for a price list)
	Field  string // dotted path, e.g. "profiles[3].lengths[0].price"; a column name for a price list
	Value  string // the text as written
	Reason string
}

// Error formats the problem as "file:line: field = \"value\": reason".
func (e *FieldError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	} else if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		if e.Value != "" {
			b.WriteString(" = " + excerpt.Quote(e.Value)) // a short, escaped excerpt
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Reason)
	return b.String()
}

// FieldErrors is several field errors, in file order. Parse, Validate,
// ReadPriceList and ApplyPrices return a single *FieldError when there is one
// problem and FieldErrors when there are more; errors.As finds the first
// *FieldError either way.
type FieldErrors []*FieldError

// Error lists the problems, one a line.
func (es FieldErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the errors, for errors.Is and errors.As.
func (es FieldErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// MaxErrors caps how many problems one file reports: the first MaxErrors
// in file order, then one more entry saying how many were left out.
const MaxErrors = 50

// maxCollect caps the problems kept while reading, before sorting them by
// line; the rest are only counted.
const maxCollect = 1000

// errorList collects problems up to maxCollect and counts the rest.
type errorList struct {
	errs    FieldErrors
	dropped int
}

func (l *errorList) add(e *FieldError) {
	if len(l.errs) >= maxCollect {
		l.dropped++
		return
	}
	l.errs = append(l.errs, e)
}

// asError returns nil, the only error, or the list, cut to MaxErrors with
// a last entry counting what was cut (dropped more were never kept).
func (es FieldErrors) asError(file string, dropped int) error {
	switch {
	case len(es) == 0:
		return nil
	case len(es) == 1 && dropped == 0:
		return es[0]
	}
	if n := len(es) + dropped; n > MaxErrors {
		es = append(es[:MaxErrors:MaxErrors], &FieldError{File: file,
			Reason: fmt.Sprintf("and %d more problems (only the first %d are listed)", n-MaxErrors, MaxErrors)})
	}
	return es
}

// Suggestion budget: "did you mean" searches per file, and edit-distance
// cells in all, so that a file of a million unknown names costs no more
// than a few.
const (
	maxSuggestions    = 20
	maxSuggestionWork = 20_000_000
)

// hints runs "did you mean" searches within the suggestion budget.
type hints struct{ searches, work int }

// closest returns the candidate nearest to s by edit distance, or "" when
// none is close enough to be a plausible typo or the budget is spent.
func (h *hints) closest(s string, candidates []string) string {
	if h.searches >= maxSuggestions || h.work >= maxSuggestionWork || len(s) > 64 {
		return ""
	}
	h.searches++
	limit := max(1, len(s)/3)
	ls := strings.ToLower(s)
	best, bestD := "", -1
	for _, c := range candidates {
		if d := len(c) - len(s); d > limit || -d > limit || len(c) > 64 {
			continue // too far apart in length to be a typo
		}
		if h.work += len(s) * len(c); h.work > maxSuggestionWork {
			break
		}
		d := suggest.Distance(ls, strings.ToLower(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	if bestD < 0 || bestD > limit {
		return ""
	}
	return best
}

// suggest phrases a "did you mean" for an unknown name.
func (h *hints) suggest(s string, candidates []string) string {
	if c := h.closest(s, candidates); c != "" {
		return fmt.Sprintf(" (did you mean %q?)", c)
	}
	return ""
}
