package cutstock

import (
	"strconv"
	"strings"

	"github.com/fabkit/fabkit/units"
)

// Formatter prints a length given in mm for people, for example
// units.FormatMM or a fractional-inch formatter for imperial shops.
type Formatter func(mm float64) string

func (f Formatter) orDefault() Formatter {
	if f == nil {
		return units.FormatMM
	}
	return f
}

// num prints v rounded to 0.001 in the shortest fixed-point form, the same
// on every platform: 1200, 1200.5, 0.125.
func num(v float64) string {
	s := strings.TrimRight(strconv.FormatFloat(v, 'f', 3, 64), "0")
	s = strings.TrimSuffix(s, ".")
	if s == "-0" {
		s = "0"
	}
	return s
}
