package shop

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// This file reads the non-length quantities of a shop file: speeds (feeds),
// pressures, flows and densities. Lengths are read by package units.
//
// Each parser takes the text and a bare unit: the unit a number without one
// is read in, or "" to refuse bare numbers (their unit would be a guess).

// QuantityError is returned for a quantity that cannot be read.
type QuantityError struct {
	Kind   string // "speed", "pressure", "flow", "density"
	Input  string
	Reason string
}

// Error formats the problem as `kind "input": reason`.
func (e *QuantityError) Error() string {
	return fmt.Sprintf("%s %q: %s", e.Kind, e.Input, e.Reason)
}

// speedUnits are in mm/min per unit.
var speedUnits = map[string]float64{
	"mm/min": 1, "mmpm": 1, "mm/s": 60, "m/min": 1000, "mpm": 1000, "m/s": 60000,
	"ipm": 25.4, "in/min": 25.4, "ips": 25.4 * 60, "in/s": 25.4 * 60,
	"ft/min": 304.8, "fpm": 304.8, "sfm": 304.8, "sfpm": 304.8,
}

// pressureUnits are in MPa per unit.
var pressureUnits = map[string]float64{
	"mpa": 1, "kpa": 1e-3, "pa": 1e-6, "bar": 0.1,
	"psi": 0.00689475729316836, "ksi": 6.89475729316836,
}

// flowUnits are in litres per minute per unit.
var flowUnits = map[string]float64{
	"lpm": 1, "l/min": 1, "l/s": 60, "m3/h": 1000.0 / 60,
	"gpm": 3.785411784, // US gallon
}

// densityUnits are in kg/m³ per unit.
var densityUnits = map[string]float64{
	"kg/m3": 1, "g/cm3": 1000, "g/cc": 1000,
	"lb/in3": 27679.904710203125, "lb/ft3": 16.018463373960138,
}

// ParseSpeed reads a feed or surface speed ("33ipm", "850mm/min", "24m/min",
// "80sfm") and returns mm/min.
func ParseSpeed(s, bare string) (float64, error) { return parseQuantity("speed", s, bare, speedUnits) }

// ParsePressure reads a pressure ("2500psi", "17.2MPa", "172bar") and
// returns MPa.
func ParsePressure(s, bare string) (float64, error) {
	return parseQuantity("pressure", s, bare, pressureUnits)
}

// ParseFlow reads a volume flow ("12gpm" in US gallons, "45lpm", "45l/min")
// and returns litres per minute.
func ParseFlow(s, bare string) (float64, error) { return parseQuantity("flow", s, bare, flowUnits) }

// ParseDensity reads a density ("7850kg/m3", "7.85g/cm3", "0.2836lb/in3")
// and returns kg/m³.
func ParseDensity(s, bare string) (float64, error) {
	return parseQuantity("density", s, bare, densityUnits)
}

// parseQuantity reads "<number><unit>" with the unit looked up in table.
func parseQuantity(kind, s, bare string, table map[string]float64) (float64, error) {
	num, rest, ok := splitNumber(strings.TrimSpace(s))
	if !ok {
		return 0, &QuantityError{kind, s, "expected a number followed by a unit (" + unitList(table) + ")"}
	}
	u := normalUnit(rest)
	if u == "" {
		if bare == "" {
			return 0, &QuantityError{kind, s, "needs a unit (" + unitList(table) + ")"}
		}
		u = normalUnit(bare)
	}
	f, ok := table[u]
	if !ok {
		return 0, &QuantityError{kind, s, fmt.Sprintf("unknown unit %q (use %s)", rest, unitList(table))}
	}
	v := num * f
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, &QuantityError{kind, s, "not a finite number"}
	}
	return v, nil
}

// normalUnit lower-cases a unit and spells powers the one way the tables do.
func normalUnit(u string) string {
	u = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(u), " ", ""))
	u = strings.NewReplacer("³", "3", "^3", "3", "per", "/").Replace(u)
	return u
}

// unitList names a table's units for error messages.
func unitList(table map[string]float64) string {
	names := make([]string, 0, len(table))
	for k := range table {
		names = append(names, k)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// splitNumber reads a decimal number ("-1", "2.5", ".5", "1e3") from the
// front of s and returns it and the rest.
func splitNumber(s string) (float64, string, bool) {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	start := i
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		i++
	}
	if i == start || s[start:i] == "." {
		return 0, s, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '-' || s[j] == '+') {
			j++
		}
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k > j {
			i = k
		}
	}
	v, err := strconv.ParseFloat(s[:i], 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, s, false
	}
	return v, s[i:], true
}

// parseSeconds reads a time in seconds: "1.2", "1.2s" or "500ms".
func parseSeconds(s string) (float64, error) {
	num, rest, ok := splitNumber(strings.TrimSpace(s))
	if ok {
		switch strings.ToLower(strings.TrimSpace(rest)) {
		case "", "s", "sec":
			return num, nil
		case "ms":
			return num / 1000, nil
		}
	}
	return 0, &QuantityError{"time", s, "expected seconds, like 1.2 or 1.2s"}
}

// parseFraction reads a fraction: "0.6" or "60%".
func parseFraction(s string) (float64, error) {
	num, rest, ok := splitNumber(strings.TrimSpace(s))
	if ok {
		switch strings.TrimSpace(rest) {
		case "":
			return num, nil
		case "%":
			return num / 100, nil
		}
	}
	return 0, &QuantityError{"fraction", s, "expected a fraction like 0.6 or 60%"}
}
