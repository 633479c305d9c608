// Package units parses and formats the lengths and angles that people type
// into parameters, shop files and cut lists. Inside fabkit every length is a
// float64 in millimetres and every angle a float64 in degrees; this package is
// the only place that knows about inches, feet and fractions.
package units

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Unit is a length unit that can be written after a number.
type Unit string

// The length units fabkit accepts.
const (
	MM   Unit = "mm"
	CM   Unit = "cm"
	M    Unit = "m"
	Inch Unit = "in"
	Foot Unit = "ft"
)

// MMPerInch is the exact international inch.
const MMPerInch = 25.4

// mmPer gives the size of each unit in millimetres.
var mmPer = map[Unit]float64{MM: 1, CM: 10, M: 1000, Inch: MMPerInch, Foot: 12 * MMPerInch}

// aliases maps every spelling we accept to its unit.
var aliases = map[string]Unit{
	"mm": MM, "cm": CM, "m": M,
	"in": Inch, "inch": Inch, "inches": Inch, `"`: Inch, "''": Inch,
	"ft": Foot, "foot": Foot, "feet": Foot, "'": Foot,
}

// ParseUnit returns the unit named by s (for example "in", "mm", "ft").
func ParseUnit(s string) (Unit, error) {
	if u, ok := aliases[strings.ToLower(strings.TrimSpace(s))]; ok {
		return u, nil
	}
	return "", fmt.Errorf("unknown unit %q (use mm, cm, m, in or ft)", s)
}

// MM returns the length of one u in millimetres.
func (u Unit) MM() float64 { return mmPer[u] }

// Imperial reports whether u belongs to the inch system.
func (u Unit) Imperial() bool { return u == Inch || u == Foot }

// LengthError is returned for a length that cannot be read.
type LengthError struct {
	Input  string // what was given
	Reason string // why it was refused
}

func (e *LengthError) Error() string { return fmt.Sprintf("length %q: %s", e.Input, e.Reason) }

// ParseLength reads a length and returns it in millimetres. It accepts a sum
// of terms such as "12in", "3-1/2in", "3 1/2 in", "1/4in", "1ft 6in",
// "1' 6\"", "300mm", "30cm" and "1.2m". A bare number is read in bare; when
// bare is "" a bare number is an error, because its unit would be a guess.
func ParseLength(s string, bare Unit) (float64, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return 0, &LengthError{s, "empty"}
	}
	rest := in
	sign := 1.0
	if strings.HasPrefix(rest, "-") {
		sign, rest = -1, strings.TrimSpace(rest[1:])
	}
	total, prev := 0.0, Unit("")
	for rest != "" {
		num, tail, err := readMixedNumber(rest)
		if err != nil {
			return 0, &LengthError{s, err.Error()}
		}
		tail = strings.TrimLeft(tail, " ")
		unitText, after := splitUnit(tail)
		var u Unit
		switch {
		case unitText != "":
			var ok bool
			if u, ok = aliases[strings.ToLower(unitText)]; !ok {
				return 0, &LengthError{s, fmt.Sprintf("unknown unit %q (use mm, cm, m, in or ft)", unitText)}
			}
		case prev == Foot:
			u = Inch // "1ft 6" reads as 1 ft 6 in, the way a tape is read.
		case bare != "":
			u = bare
		default:
			return 0, &LengthError{s, "needs a unit (mm, cm, m, in or ft)"}
		}
		total += num * u.MM()
		prev = u
		rest = strings.TrimLeft(after, " ")
	}
	if math.IsInf(total, 0) || math.IsNaN(total) {
		return 0, &LengthError{s, "not a finite number"}
	}
	return sign * total, nil
}

// readMixedNumber reads "3", "3.5", "1/4", "3-1/2" or "3 1/2" from the front
// of s and returns the value and what follows it.
func readMixedNumber(s string) (float64, string, error) {
	whole, rest, ok := readDecimal(s)
	if !ok {
		return 0, s, fmt.Errorf("expected a number at %q", s)
	}
	// A fraction directly: "1/4".
	if strings.HasPrefix(rest, "/") {
		den, tail, ok := readDecimal(rest[1:])
		if !ok || den == 0 || strings.Contains(s[:len(s)-len(rest)], ".") {
			return 0, s, fmt.Errorf("bad fraction at %q", s)
		}
		return whole / den, tail, nil
	}
	// A mixed number: "3-1/2" or "3 1/2".
	for _, sep := range []string{"-", " "} {
		if !strings.HasPrefix(rest, sep) {
			continue
		}
		num, tail, ok := readDecimal(strings.TrimLeft(rest[len(sep):], " "))
		if !ok || !strings.HasPrefix(tail, "/") {
			continue
		}
		den, tail2, ok := readDecimal(tail[1:])
		if !ok || den == 0 {
			return 0, s, fmt.Errorf("bad fraction at %q", s)
		}
		return whole + num/den, tail2, nil
	}
	return whole, rest, nil
}

// readDecimal reads an unsigned decimal number from the front of s.
func readDecimal(s string) (float64, string, bool) {
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		i++
	}
	if i == 0 {
		return 0, s, false
	}
	v, err := strconv.ParseFloat(s[:i], 64)
	if err != nil {
		return 0, s, false
	}
	return v, s[i:], true
}

// splitUnit cuts the unit word (letters or quote marks) from the front of s.
func splitUnit(s string) (string, string) {
	if strings.HasPrefix(s, "''") {
		return "''", s[2:]
	}
	if strings.HasPrefix(s, `"`) || strings.HasPrefix(s, "'") {
		return s[:1], s[1:]
	}
	i := 0
	for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z') {
		i++
	}
	return s[:i], s[i:]
}

// ParseAngle reads an angle in degrees: "17.5", "17.5deg" or "17.5°".
func ParseAngle(s string) (float64, error) {
	t := strings.TrimSpace(s)
	for _, suffix := range []string{"degrees", "deg", "°"} {
		if strings.HasSuffix(t, suffix) {
			t = strings.TrimSpace(strings.TrimSuffix(t, suffix))
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Errorf("angle %q: expected degrees, like 17.5 or 17.5deg", s)
	}
	return v, nil
}

// System is the unit system a shop works in; it decides how lengths print.
type System string

// The two unit systems.
const (
	Imperial System = "imperial"
	Metric   System = "metric"
)

// ParseSystem reads "imperial" or "metric".
func ParseSystem(s string) (System, error) {
	switch System(strings.ToLower(strings.TrimSpace(s))) {
	case Imperial:
		return Imperial, nil
	case Metric:
		return Metric, nil
	}
	return "", fmt.Errorf("unknown unit system %q (use imperial or metric)", s)
}

// Unit is the unit the system prints lengths in: inches or millimetres.
func (sys System) Unit() Unit {
	if sys == Imperial {
		return Inch
	}
	return MM
}

// Format prints a length in the system's units: fractional inches to the
// nearest 1/16 in for imperial, millimetres with at most one decimal for
// metric. The result parses back with ParseLength.
func (sys System) Format(mm float64) string {
	if sys == Imperial {
		return FormatInches(mm, 16)
	}
	return FormatMM(mm)
}

// FormatMM prints millimetres with at most one decimal, dropping a trailing ".0".
func FormatMM(mm float64) string {
	s := strconv.FormatFloat(math.Round(mm*10)/10, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		s = "0"
	}
	return s + "mm"
}

// FormatInches prints a length as a mixed fraction of inches rounded to the
// nearest 1/den in (den a power of two), for example "3-1/2in" or "15/16in".
func FormatInches(mm float64, den int) string {
	steps := int64(math.Round(mm / MMPerInch * float64(den)))
	sign := ""
	if steps < 0 {
		sign, steps = "-", -steps
	}
	whole, num := steps/int64(den), steps%int64(den)
	d := int64(den)
	for num != 0 && num%2 == 0 && d%2 == 0 {
		num, d = num/2, d/2
	}
	switch {
	case num == 0:
		return fmt.Sprintf("%s%din", sign, whole)
	case whole == 0:
		return fmt.Sprintf("%s%d/%din", sign, num, d)
	default:
		return fmt.Sprintf("%s%d-%d/%din", sign, whole, num, d)
	}
}

// FormatIn prints a length in a given unit with up to four decimals, for
// machine-readable round trips (parameter files, manifests).
func FormatIn(mm float64, u Unit) string {
	v := mm / u.MM()
	s := strconv.FormatFloat(v, 'f', 4, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		s = "0"
	}
	return s + string(u)
}
