// Package units parses and formats the lengths and angles that people type
// into parameters, shop files and cut lists. Inside fabkit every length is a
// float64 in millimetres and every angle a float64 in degrees; this package is
// the only place that knows about inches, feet and fractions.
package units

import (
	"fmt"
	"math"
	"math/big"
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
//
// The text is read as an exact decimal and the sum rounded once to the
// length quantum, so every spelling of a length ("12in", "304.8mm", "1ft",
// "30.48cm") gives the same float64: the canonical value (see Canonical).
func ParseLength(s string, bare Unit) (float64, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return 0, &LengthError{s, "empty"}
	}
	rest := in
	negative := false
	if strings.HasPrefix(rest, "-") {
		negative, rest = true, strings.TrimSpace(rest[1:])
	}
	total, prev := new(big.Rat), Unit("")
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
		total.Add(total, num.Mul(num, ratPer[u]))
		prev = u
		rest = strings.TrimLeft(after, " ")
	}
	if negative {
		total.Neg(total)
	}
	if new(big.Rat).Abs(total).Cmp(maxLength) > 0 {
		return 0, &LengthError{s, "too large (at most 1000 km)"}
	}
	return quantize(total, LengthQuantum), nil
}

// LengthQuantum is the resolution of canonical lengths: 1 nm, in mm.
const LengthQuantum = 1e-6

// AngleQuantum is the resolution of canonical angles and plain numbers.
const AngleQuantum = 1e-9

// ratPer is mmPer as exact fractions.
var ratPer = map[Unit]*big.Rat{MM: big.NewRat(1, 1), CM: big.NewRat(10, 1), M: big.NewRat(1000, 1),
	Inch: big.NewRat(254, 10), Foot: big.NewRat(12*254, 10)}

// maxLength bounds lengths to 1000 km, far beyond any machine, so that a
// canonical length's count of quanta stays exact in a float64.
var maxLength = big.NewRat(1_000_000_000, 1)

// maxDigits bounds the digits of one number: more precision than a
// float64 holds is a typo or an attack, not a measurement.
const maxDigits = 40

// quantize rounds x to a multiple of q (1e-6 or 1e-9), half away from
// zero, and returns the nearest float64 to that exact multiple.
func quantize(x *big.Rat, q float64) float64 {
	scale := int64(math.Round(1 / q))
	y := new(big.Rat).Mul(x, new(big.Rat).SetInt64(scale))
	num, den := new(big.Int).Abs(y.Num()), y.Denom()
	// n = floor(|y| + 1/2)
	n := new(big.Int).Add(new(big.Int).Mul(num, big.NewInt(2)), den)
	n.Quo(n, new(big.Int).Mul(den, big.NewInt(2)))
	if y.Sign() < 0 {
		n.Neg(n)
	}
	f, _ := new(big.Rat).SetFrac(n, big.NewInt(scale)).Float64()
	return f
}

// Canonical rounds a length in millimetres to the length quantum, the same
// value ParseLength gives for any spelling of it. A value computed from
// canonical inputs is canonicalised again before it names a stock size or
// feeds a decision, so last-bit arithmetic noise cannot flip it.
func Canonical(mm float64) float64 { return canonical(mm, LengthQuantum) }

// CanonicalAngle rounds degrees (or a plain number) to the angle quantum.
func CanonicalAngle(v float64) float64 { return canonical(v, AngleQuantum) }

func canonical(v, q float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e15*q {
		return v
	}
	r := new(big.Rat)
	r.SetFloat64(v)
	return quantize(r, q)
}

// ParseNumber reads a plain decimal number ("2500", "0.25", "2.5e3")
// exactly and rounds it to the angle quantum, like ParseLength does for
// lengths. NaN, Inf and numbers beyond 1e15 are refused.
func ParseNumber(s string) (float64, error) {
	t := strings.TrimSpace(s)
	bad := fmt.Errorf("number %q: expected a decimal number", s)
	if t == "" || len(t) > maxDigits+8 || strings.Trim(t, "0123456789.+-eE") != "" {
		return 0, bad
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.Abs(f) > 1e15 {
		return 0, bad
	}
	r := new(big.Rat)
	if strings.ContainsAny(t, "eE") {
		// An exponent is read through the correctly rounded float64, so a
		// huge exponent cannot make an exact rational of a billion digits.
		r.SetFloat64(f)
	} else if _, ok := r.SetString(t); !ok {
		return 0, bad
	}
	return quantize(r, AngleQuantum), nil
}

// readMixedNumber reads "3", "3.5", "1/4", "3-1/2" or "3 1/2" from the front
// of s and returns the exact value and what follows it.
func readMixedNumber(s string) (*big.Rat, string, error) {
	whole, rest, ok := readDecimal(s)
	if !ok {
		return nil, s, fmt.Errorf("expected a number at %q", s)
	}
	// A fraction directly: "1/4".
	if strings.HasPrefix(rest, "/") {
		den, tail, ok := readDecimal(rest[1:])
		if !ok || den.Sign() == 0 || strings.Contains(s[:len(s)-len(rest)], ".") {
			return nil, s, fmt.Errorf("bad fraction at %q", s)
		}
		return whole.Quo(whole, den), tail, nil
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
		if !ok || den.Sign() == 0 {
			return nil, s, fmt.Errorf("bad fraction at %q", s)
		}
		return whole.Add(whole, num.Quo(num, den)), tail2, nil
	}
	return whole, rest, nil
}

// readDecimal reads an unsigned decimal number from the front of s, exactly.
func readDecimal(s string) (*big.Rat, string, bool) {
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		i++
	}
	if i == 0 || i > maxDigits || strings.Count(s[:i], ".") > 1 || s[:i] == "." {
		return nil, s, false
	}
	v, ok := new(big.Rat).SetString(s[:i])
	if !ok {
		return nil, s, false
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
	v, err := ParseNumber(t)
	if err != nil {
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

// FormatExact prints a stock size so that no two different sizes print
// alike: in the system's units, and for imperial with the millimetres
// after it, "1/2in (12.7mm)"; a size off the 1/64 in grid prints in
// millimetres alone ("12mm"), never rounded to the nearest fraction.
func (sys System) FormatExact(mm float64) string {
	exactMM := strconv.FormatFloat(Canonical(mm), 'f', -1, 64) + "mm"
	if sys != Imperial {
		return exactMM
	}
	if e := mm / MMPerInch * 64; math.Abs(e-math.Round(e)) < 1e-6 {
		return FormatInches(mm, 64) + " (" + exactMM + ")"
	}
	return exactMM
}
