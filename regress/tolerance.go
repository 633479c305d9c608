package regress

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/fabkit/fabkit/units"
)

// Tolerance is the drift allowed for one quantity. A change passes when it
// is within Abs (in the quantity's own unit) or within Rel (a fraction of
// the golden value, 0.0001 = 0.01 %); the zero Tolerance means exact.
type Tolerance struct {
	Abs float64
	Rel float64
}

// Exact reports whether t allows no drift at all.
func (t Tolerance) Exact() bool { return t.Abs == 0 && t.Rel == 0 }

// Allows reports whether a change from old to new is within t. A tolerance
// that is not exact also absorbs float rounding (one part in 1e9), so that
// 100 -> 100.01 passes an absolute tolerance of 0.01.
func (t Tolerance) Allows(old, new float64) bool {
	if old == new || (math.IsNaN(old) && math.IsNaN(new)) {
		return true
	}
	d := math.Abs(new - old)
	if math.IsNaN(d) || t.Exact() {
		return false
	}
	slack := 1e-9 * math.Max(math.Abs(old), math.Abs(new))
	return d <= t.Abs+slack || d <= t.Rel*math.Abs(old)+slack
}

// String writes t the way the check table shows it: "exact", "±0.01",
// "±0.5 %" or "±0.01 or ±0.5 %".
func (t Tolerance) String() string {
	var s []string
	if t.Abs != 0 {
		s = append(s, "±"+strconv.FormatFloat(t.Abs, 'g', -1, 64))
	}
	if t.Rel != 0 {
		s = append(s, "±"+strconv.FormatFloat(t.Rel*100, 'g', 6, 64)+" %")
	}
	if len(s) == 0 {
		return "exact"
	}
	return strings.Join(s, " or ")
}

// Tolerances holds the tolerance of each kind of quantity that Check
// compares. Structural quantities (parts present, process, material,
// stock, parameter values, design name and version, shop, warnings) are
// always compared exactly.
type Tolerances struct {
	Volume      Tolerance // part volume_mm3
	Area        Tolerance // part area_mm2
	BBox        Tolerance // each axis of a part's bbox_mm; nest thickness, size and kerf, in mm
	Mass        Tolerance // part mass_kg and the costed mass
	CutLength   Tolerance // nest cut and rapid length, per sheet and in total, in mm
	Utilization Tolerance // nest utilization, a fraction 0..1 (0.005 = 0.5 percentage points)
	Time        Tolerance // estimated nest (G-code) time, per sheet and in total, in s
	Cost        Tolerance // each cost category, the total and stock unit prices
	Count       Tolerance // part qty, stock bars and sheets, nests, placements, pierces
	Summary     Tolerance // the design's engineering figures (press force, ...)

	// CompareFiles also compares the files section: paths present and
	// each file's sha256. Off by default, since fonts, renderers and
	// library upgrades change bytes without changing the machine.
	CompareFiles bool
}

// DefaultTolerances returns the tolerances `fabkit check` uses unless told
// otherwise: geometry to 0.01 % or 0.01 mm, money to 0.5 %, utilization to
// half a percentage point, estimated times to 2 %, and counts exactly.
func DefaultTolerances() Tolerances {
	return Tolerances{
		Volume:      Tolerance{Rel: 0.0001},
		Area:        Tolerance{Rel: 0.0001},
		BBox:        Tolerance{Abs: 0.01},
		Mass:        Tolerance{Rel: 0.0001},
		CutLength:   Tolerance{Rel: 0.001},
		Utilization: Tolerance{Abs: 0.005},
		Time:        Tolerance{Rel: 0.02},
		Cost:        Tolerance{Rel: 0.005},
		Count:       Tolerance{},
		Summary:     Tolerance{Rel: 0.0001},
	}
}

// toleranceNames are the names Set accepts, in the order of the README.
var toleranceNames = []string{"volume", "area", "bbox", "mass", "cut_length", "utilization", "time", "cost", "count", "summary"}

// ToleranceNames lists the quantity names that Tolerances.Set accepts.
func ToleranceNames() []string { return append([]string(nil), toleranceNames...) }

// field returns the tolerance a name stands for.
func (t *Tolerances) field(name string) *Tolerance {
	switch name {
	case "volume":
		return &t.Volume
	case "area":
		return &t.Area
	case "bbox":
		return &t.BBox
	case "mass":
		return &t.Mass
	case "cut_length":
		return &t.CutLength
	case "utilization":
		return &t.Utilization
	case "time":
		return &t.Time
	case "cost":
		return &t.Cost
	case "count":
		return &t.Count
	case "summary":
		return &t.Summary
	}
	return nil
}

// Get returns the tolerance of a named quantity (see ToleranceNames).
func (t Tolerances) Get(name string) (Tolerance, bool) {
	f := t.field(name)
	if f == nil {
		return Tolerance{}, false
	}
	return *f, true
}

// A ToleranceError reports a tolerance setting that cannot be used.
type ToleranceError struct {
	Spec   string // the setting as given, e.g. "volume=abc"
	Reason string
}

// Error reads like `tolerance "volume=abc": "abc" is not a number, ...`.
func (e *ToleranceError) Error() string {
	return fmt.Sprintf("tolerance %q: %s", e.Spec, e.Reason)
}

// Set replaces one tolerance from a `--tol` setting, "quantity=value":
// a value ending in "%" is relative, one ending in "pp" is absolute in
// percentage points (for utilization), a bare number is absolute in the
// quantity's unit (mm, mm³, mm², kg, s, currency), and "exact" or 0 allows
// no drift. Absolute and relative parts may be joined with a comma:
// "volume=1,0.01%" passes a change within 1 mm³ or within 0.01 %.
func (t *Tolerances) Set(spec string) error {
	name, value, ok := strings.Cut(spec, "=")
	name = strings.TrimSpace(name)
	if !ok {
		return &ToleranceError{spec, "want quantity=value, e.g. volume=0.01%"}
	}
	f := t.field(name)
	if f == nil {
		return &ToleranceError{spec, fmt.Sprintf("unknown quantity %q (want one of %s)", name, strings.Join(toleranceNames, ", "))}
	}
	var nt Tolerance
	for part := range strings.SplitSeq(value, ",") {
		part = strings.TrimSpace(part)
		if part == "exact" {
			continue
		}
		num, scale, rel := part, 1.0, false
		switch {
		case strings.HasSuffix(part, "%"):
			num, scale, rel = strings.TrimSuffix(part, "%"), 0.01, true
		case strings.HasSuffix(part, "pp"):
			num, scale = strings.TrimSuffix(part, "pp"), 0.01
		}
		if !rel && scale == 1 {
			if n, sc, ok, err := unitSuffix(name, part); err != nil {
				return &ToleranceError{spec, err.Error()}
			} else if ok {
				num, scale = n, sc
			}
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			return &ToleranceError{spec, fmt.Sprintf("%q is not a number, a percentage (0.5%%) or percentage points (1pp)", part)}
		}
		if v < 0 {
			return &ToleranceError{spec, fmt.Sprintf("%q is negative", part)}
		}
		if rel {
			nt.Rel = v * scale
		} else {
			nt.Abs = v * scale
		}
	}
	*f = nt
	return nil
}

// quantityUnits are the units an absolute tolerance may be given in, per
// quantity, with their size in the quantity's manifest unit (mm, mm³,
// mm², kg, s). Lengths also take inch fractions ("bbox=1/64in").
var quantityUnits = map[string]map[string]float64{
	"bbox":       {"mm": 1, "cm": 10, "m": 1000, "in": 25.4, "ft": 304.8},
	"cut_length": {"mm": 1, "cm": 10, "m": 1000, "in": 25.4, "ft": 304.8},
	"volume":     {"mm3": 1, "mm³": 1, "cm3": 1e3, "cm³": 1e3, "in3": 16387.064, "in³": 16387.064},
	"area":       {"mm2": 1, "mm²": 1, "cm2": 100, "cm²": 100, "in2": 645.16, "in²": 645.16},
	"mass":       {"kg": 1, "g": 0.001, "lb": 0.45359237},
	"time":       {"s": 1, "min": 60, "h": 3600},
}

// unitSuffix splits a unit from an absolute tolerance ("1in" -> "25.4",
// scale 1): ok is false when part has no unit.
func unitSuffix(quantity, part string) (num string, scale float64, ok bool, err error) {
	i := 0
	for i < len(part) && (part[i] >= '0' && part[i] <= '9' || part[i] == '.' || part[i] == '/' || part[i] == '-' || part[i] == ' ') {
		i++
	}
	unit := strings.TrimSpace(part[i:])
	if unit == "" {
		return part, 1, false, nil
	}
	us, known := quantityUnits[quantity]
	if !known {
		return "", 0, false, fmt.Errorf("%q: %s takes no unit", part, quantity)
	}
	if quantity == "bbox" || quantity == "cut_length" {
		mm, perr := units.ParseLength(part, "")
		if perr != nil {
			return "", 0, false, fmt.Errorf("%q: %v", part, perr)
		}
		return strconv.FormatFloat(mm, 'g', -1, 64), 1, true, nil
	}
	sc, found := us[unit]
	if !found {
		names := make([]string, 0, len(us))
		for n := range us {
			names = append(names, n)
		}
		sort.Strings(names)
		return "", 0, false, fmt.Errorf("%q: unknown unit %q for %s (use %s)", part, unit, quantity, strings.Join(names, ", "))
	}
	return strings.TrimSpace(part[:i]), sc, true, nil
}
