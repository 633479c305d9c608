package regress

import (
	"math"
	"strconv"
	"strings"

	"github.com/fabkit/fabkit/manifest"
	"github.com/fabkit/fabkit/units"
)

// display prints a row's numbers the way the design's shop reads them:
// lengths in inches or millimetres, volumes, areas and masses to match,
// money with its currency and engineering figures with their unit, each
// with its unit and at most 6 significant digits. The manifest keeps mm,
// kg and SI; only the table converts.
type display struct {
	imperial bool
	currency string
	figures  map[string]string // summary figure name -> unit
	params   map[string]string // parameter name -> its SI unit (mm, deg)
}

// displayFor reads the units of a manifest (the golden one when it has a
// shop, else the build's).
func displayFor(ms ...*manifest.Manifest) display {
	d := display{figures: map[string]string{}, params: map[string]string{}}
	for _, m := range ms {
		if m == nil || m.Shop.Units == "" {
			continue
		}
		d.imperial = m.Shop.Units == string(units.Imperial)
		if m.Cost == nil {
			d.currency = m.Shop.Currency
		} else {
			d.currency = m.Cost.Currency
		}
		for _, f := range m.Summary {
			d.figures[f.Name] = f.Unit
		}
		for _, p := range m.Parameters {
			d.params[p.Name] = p.SIUnit
		}
		break
	}
	return d
}

// conversion returns the label without its unit suffix, the factor from
// the manifest's unit and the unit printed, for a row's quantity.
func (d display) conversion(r Row) (label string, factor float64, unit string) {
	q := r.Quantity
	type suffix struct {
		s           string
		metric, imp string
		metF, impF  float64
	}
	for _, s := range []suffix{
		{"_mm3", "mm³", "in³", 1, 1 / 16387.064},
		{"_mm2", "mm²", "in²", 1, 1 / 645.16},
		{"_mm", "mm", "in", 1, 1 / units.MMPerInch},
		{"_kg", "kg", "lb", 1, 1 / 0.45359237},
		{"_s", "s", "s", 1, 1},
	} {
		if base, ok := strings.CutSuffix(q, s.s); ok {
			if d.imperial {
				return base, s.impF, s.imp
			}
			return base, s.metF, s.metric
		}
	}
	if name, ok := strings.CutPrefix(q, "param "); ok {
		switch d.params[name] {
		case "mm":
			if d.imperial {
				return q, 1 / units.MMPerInch, "in"
			}
			return q, 1, "mm"
		case "deg":
			return q, 1, "deg"
		}
	}
	switch {
	case r.Part == "cost" || q == "unit_price":
		return q, 1, d.currency
	case r.Part == "summary":
		return q, 1, d.figures[q]
	}
	return q, 1, ""
}

// cells returns the quantity, old, new and delta cells of a row.
func (d display) cells(r Row) (qty, old, new, delta string) {
	if !r.Numeric {
		return r.Quantity, orDash(r.Old), orDash(r.New), ""
	}
	label, f, unit := d.conversion(r)
	ov, err1 := strconv.ParseFloat(r.Old, 64)
	nv, err2 := strconv.ParseFloat(r.New, 64)
	if err1 != nil || err2 != nil {
		return r.Quantity, orDash(r.Old), orDash(r.New), formatDelta(r)
	}
	ov, nv = ov*f, nv*f
	old, new = sig(ov, 6), sig(nv, 6)
	// The delta to as many decimals as the two values show.
	dec := max(decimals(old), decimals(new))
	if dec < 0 {
		delta = strconv.FormatFloat(nv-ov, 'g', 6, 64)
	} else {
		delta = strconv.FormatFloat(nv-ov, 'f', min(dec, 9), 64)
	}
	if !strings.HasPrefix(delta, "-") {
		delta = "+" + delta
	}
	if unit != "" {
		sp := " "
		if unit == "in" || unit == "mm" || unit == "s" {
			sp = ""
		}
		old, new, delta = old+sp+unit, new+sp+unit, delta+sp+unit
	}
	return label, old, new, delta
}

// sig writes v with at most n significant digits, without an exponent
// for everyday magnitudes and without trailing zeros.
func sig(v float64, n int) string {
	if v == 0 {
		return "0"
	}
	a := math.Abs(v)
	if a >= 1e15 || a < 1e-6 {
		return strconv.FormatFloat(v, 'g', n, 64)
	}
	digits := n - 1 - int(math.Floor(math.Log10(a)))
	if digits < 0 {
		p := math.Pow(10, float64(-digits))
		return strconv.FormatFloat(math.Round(v/p)*p, 'f', 0, 64)
	}
	s := strconv.FormatFloat(v, 'f', digits, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// tolerance prints a row's tolerance, an absolute one in the row's unit.
func (d display) tolerance(r Row) string {
	_, f, unit := d.conversion(r)
	t := r.Tolerance
	if f == 1 || unit == "" || !strings.HasPrefix(t, "±") {
		return t
	}
	// "±0.01" (manifest unit), "±0.5 %" or "±0.01 or ±0.5 %": convert the absolute part.
	parts := strings.Split(t, " or ")
	for i, p := range parts {
		if strings.HasSuffix(p, "%") {
			continue
		}
		if v, err := strconv.ParseFloat(strings.TrimPrefix(p, "±"), 64); err == nil {
			sp := " "
			if unit == "in" || unit == "mm" {
				sp = ""
			}
			parts[i] = "±" + sig(v*f, 3) + sp + unit
		}
	}
	return strings.Join(parts, " or ")
}

// bbox prints a bounding box in the display's length unit.
func (d display) bbox(bb [3]float64) string {
	f, unit := 1.0, "mm"
	if d.imperial {
		f, unit = 1/units.MMPerInch, "in"
	}
	return sig(bb[0]*f, 6) + " × " + sig(bb[1]*f, 6) + " × " + sig(bb[2]*f, 6) + " " + unit
}

// volume prints a volume in the display's unit.
func (d display) volume(mm3 float64) string {
	if d.imperial {
		return sig(mm3/16387.064, 6) + " in³"
	}
	return sig(mm3, 6) + " mm³"
}
