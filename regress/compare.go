package regress

import (
	"encoding/json"
	"fmt"
	"github.com/fabkit/fabkit/manifest"
	"math"
	"strconv"
	"strings"

	"github.com/fabkit/fabkit/model"
)

// comparer walks two manifests section by section and collects a Row for
// every quantity that differs. With judge off (Diff) no row fails.
type comparer struct {
	tol      Tolerances
	judge    bool
	rows     []Row
	compared int
}

// take returns the rows collected since the last take.
func (c *comparer) take() []Row {
	r := c.rows
	c.rows = nil
	return r
}

func (c *comparer) add(r Row) {
	if !c.judge {
		r.OK, r.Tolerance = true, ""
	}
	c.rows = append(c.rows, r)
}

// num compares a measured quantity under a tolerance.
func (c *comparer) num(part, qty string, old, new float64, t Tolerance) {
	c.compared++
	if old == new || (math.IsNaN(old) && math.IsNaN(new)) {
		return
	}
	r := Row{Part: part, Quantity: qty, Old: formatNum(old), New: formatNum(new),
		Delta: new - old, Numeric: true, OK: t.Allows(old, new), Tolerance: t.String()}
	if old != 0 {
		r.DeltaPct = 100 * r.Delta / math.Abs(old)
	}
	c.add(r)
}

// text compares a structural quantity: any change fails.
func (c *comparer) text(part, qty, old, new string) {
	c.compared++
	if old != new {
		c.add(Row{Part: part, Quantity: qty, Old: old, New: new, Tolerance: "exact"})
	}
}

// info reports a change that never fails.
func (c *comparer) info(part, qty, old, new string) {
	c.compared++
	if old != new {
		c.add(Row{Part: part, Quantity: qty, Old: old, New: new, OK: true, Tolerance: "info"})
	}
}

// pair is one key with its entry on either side; nil where absent.
type pair[T any] struct {
	key      string
	old, new *T
}

// match pairs entries of two lists by key, in the old list's order (a
// manifest lists parts as the design builds them) followed by the keys
// only the new list has, in its order. A key repeated within one list gets
// "#2", "#3", ... so nothing is lost or doubled.
func match[T any](old, new []T, key func(T) string) []pair[T] {
	idx := map[string]*pair[T]{}
	var keys []string
	side := func(list []T, isNew bool) {
		seen := map[string]int{}
		for i := range list {
			k := key(list[i])
			seen[k]++
			if n := seen[k]; n > 1 {
				k += "#" + strconv.Itoa(n)
			}
			p := idx[k]
			if p == nil {
				p = &pair[T]{key: k}
				idx[k] = p
				keys = append(keys, k)
			}
			if isNew {
				p.new = &list[i]
			} else {
				p.old = &list[i]
			}
		}
	}
	side(old, false)
	side(new, true)
	out := make([]pair[T], len(keys))
	for i, k := range keys {
		out[i] = *idx[k]
	}
	return out
}

// design compares what the manifest is of: design, preset, shop,
// parameters, summary figures and warnings.
func (c *comparer) design(a, b *manifest.Manifest) {
	c.text("design", "name", a.Design.Name, b.Design.Name)
	c.text("design", "version", a.Design.Version, b.Design.Version)
	c.text("design", "preset", a.Preset, b.Preset)
	c.info("design", "fabkit_version", a.Fabkit, b.Fabkit)
	c.text("shop", "name", a.Shop.Name, b.Shop.Name)
	c.text("shop", "units", a.Shop.Units, b.Shop.Units)
	c.text("shop", "currency", a.Shop.Currency, b.Shop.Currency)

	for _, p := range match(a.Parameters, b.Parameters, func(e manifest.Parameter) string { return e.Name }) {
		qty := "param " + p.key
		switch {
		case p.old == nil || p.new == nil:
			c.text("design", qty, paramText(p.old), paramText(p.new))
		default:
			ov, oOK := toFloat(p.old.Value)
			nv, nOK := toFloat(p.new.Value)
			if oOK && nOK {
				c.num("design", qty, ov, nv, Tolerance{})
			} else {
				c.text("design", qty, paramText(p.old), paramText(p.new))
			}
		}
	}

	for _, p := range match(a.Summary, b.Summary, func(f model.Figure) string { return f.Name }) {
		if p.old == nil || p.new == nil {
			c.text("summary", p.key, figureText(p.old), figureText(p.new))
			continue
		}
		c.num("summary", p.key, p.old.Value, p.new.Value, c.tol.Summary)
	}

	ow, nw := issueTexts(a), issueTexts(b)
	for _, p := range match(ow, nw, func(s string) string { return s }) {
		c.text("warning", "warning", strPtr(p.old), strPtr(p.new))
	}
}

// part compares one part: presence, quantity, process and stock, and its
// measured geometry.
func (c *comparer) part(p pair[manifest.Part]) {
	id := p.key
	if p.old == nil || p.new == nil {
		c.text(id, "part", partText(p.old), partText(p.new))
		return
	}
	o, n := p.old, p.new
	t := c.tol
	c.num(id, "qty", float64(o.Qty), float64(n.Qty), t.Count)
	c.info(id, "name", o.Name, n.Name)
	c.text(id, "process", o.Process, n.Process)
	c.text(id, "material", o.Material, n.Material)
	c.text(id, "stock", o.Stock, n.Stock)
	for i, axis := range []string{"x", "y", "z"} {
		c.num(id, "bbox_"+axis+"_mm", o.BBoxMM[i], n.BBoxMM[i], t.BBox)
	}
	c.num(id, "volume_mm3", o.VolumeMM3, n.VolumeMM3, t.Volume)
	c.num(id, "area_mm2", o.AreaMM2, n.AreaMM2, t.Area)
	c.num(id, "mass_kg", o.MassKg, n.MassKg, t.Mass)
	if t.CompareFiles {
		c.text(id, "files", strings.Join(o.Files, " "), strings.Join(n.Files, " "))
	}
}

// parts compares every part and returns the pairs it compared.
func (c *comparer) parts(a, b *manifest.Manifest) []pair[manifest.Part] {
	ps := match(a.Parts, b.Parts, func(p manifest.Part) string { return p.ID })
	for _, p := range ps {
		c.part(p)
	}
	return ps
}

// stock compares what to buy: each bar or sheet line, and the totals.
func (c *comparer) stock(a, b *manifest.Manifest) {
	t := c.tol
	key := func(s manifest.Stock) string { return strings.Join(nonEmpty(s.Kind, s.ID, s.Size), " ") }
	for _, p := range match(a.Stock, b.Stock, key) {
		name := "stock " + p.key
		if p.old == nil || p.new == nil {
			c.text(name, "stock", stockText(p.old), stockText(p.new))
			continue
		}
		c.num(name, "qty", float64(p.old.Qty), float64(p.new.Qty), t.Count)
		c.num(name, "unit_price", p.old.Price, p.new.Price, t.Cost)
		c.info(name, "estimate", strconv.FormatBool(p.old.Estimate), strconv.FormatBool(p.new.Estimate))
	}
	ob, os := stockCounts(a)
	nb, ns := stockCounts(b)
	c.num("stock", "bars", ob, nb, t.Count)
	c.num("stock", "sheets", os, ns, t.Count)
}

// nests compares each nested sheet and the totals over all sheets.
func (c *comparer) nests(a, b *manifest.Manifest) {
	t := c.tol
	for _, p := range match(a.Nests, b.Nests, func(n manifest.Nest) string { return n.ID }) {
		name := "nest " + p.key
		if p.old == nil || p.new == nil {
			c.text(name, "nest", nestText(p.old), nestText(p.new))
			continue
		}
		o, n := p.old, p.new
		c.text(name, "stock", o.Stock, n.Stock)
		c.num(name, "thickness_mm", o.ThicknessMM, n.ThicknessMM, t.BBox)
		c.num(name, "size_x_mm", o.SizeMM[0], n.SizeMM[0], t.BBox)
		c.num(name, "size_y_mm", o.SizeMM[1], n.SizeMM[1], t.BBox)
		c.num(name, "kerf_mm", o.KerfMM, n.KerfMM, t.BBox)
		c.num(name, "utilization", o.Utilization, n.Utilization, t.Utilization)
		c.num(name, "placements", float64(len(o.Placements)), float64(len(n.Placements)), t.Count)
		c.num(name, "cut_length_mm", o.CutLengthMM, n.CutLengthMM, t.CutLength)
		c.num(name, "rapid_length_mm", o.RapidMM, n.RapidMM, t.CutLength)
		c.num(name, "pierces", float64(o.Pierces), float64(n.Pierces), t.Count)
		c.num(name, "time_s", o.TimeS, n.TimeS, t.Time)
	}
	oa, na := nestTotals(a), nestTotals(b)
	c.num("nests", "sheets", oa.count, na.count, t.Count)
	c.num("nests", "cut_length_mm", oa.cut, na.cut, t.CutLength)
	c.num("nests", "rapid_length_mm", oa.rapid, na.rapid, t.CutLength)
	c.num("nests", "pierces", oa.pierces, na.pierces, t.Count)
	c.num("nests", "time_s", oa.time, na.time, t.Time)
}

// cost compares each cost category and the total.
func (c *comparer) cost(a, b *manifest.Manifest) {
	if a.Cost == nil || b.Cost == nil {
		c.text("cost", "cost", costText(a.Cost), costText(b.Cost))
		return
	}
	o, n, t := a.Cost, b.Cost, c.tol
	c.text("cost", "currency", o.Currency, n.Currency)
	c.num("cost", "material", o.Material, n.Material, t.Cost)
	c.num("cost", "material_used", o.MaterialUsed, n.MaterialUsed, t.Cost)
	c.num("cost", "hardware", o.Hardware, n.Hardware, t.Cost)
	c.num("cost", "labour", o.Labour, n.Labour, t.Cost)
	c.num("cost", "machine", o.Machine, n.Machine, t.Cost)
	c.num("cost", "total", o.Total, n.Total, t.Cost)
	c.num("cost", "mass_kg", o.MassKg, n.MassKg, t.Mass)
	c.text("cost", "unpriced", strings.Join(o.Unpriced, ", "), strings.Join(n.Unpriced, ", "))
}

// files compares the output files: paths present and their hashes.
func (c *comparer) files(a, b *manifest.Manifest) {
	for _, p := range match(a.Files, b.Files, func(f manifest.File) string { return f.Path }) {
		if p.old == nil || p.new == nil {
			c.text(p.key, "file", fileText(p.old), fileText(p.new))
			continue
		}
		c.text(p.key, "sha256", p.old.SHA256, p.new.SHA256)
	}
}

// formatNum writes a value as it reads in a manifest: shortest form, at
// most 10 significant digits (unrounded figures such as a computed
// pressure would print 16), without an exponent for everyday magnitudes.
func formatNum(v float64) string {
	if a := math.Abs(v); a != 0 && (a >= 1e15 || a < 1e-6) {
		return strconv.FormatFloat(v, 'g', 10, 64)
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if significant(s) > 10 {
		if g := strconv.FormatFloat(v, 'g', 10, 64); !strings.ContainsAny(g, "eE") {
			s = g
		}
	}
	return s
}

// significant counts the significant digits of a number written without
// an exponent.
func significant(s string) int {
	s = strings.TrimLeft(strings.TrimLeft(s, "-"), "0.")
	return len(strings.ReplaceAll(s, ".", ""))
}

// decimals counts the digits after the point of a formatted number.
func decimals(s string) int {
	if strings.ContainsAny(s, "eE") {
		return -1
	}
	if _, frac, ok := strings.Cut(s, "."); ok {
		return len(frac)
	}
	return 0
}

// formatDelta writes new-old with a sign, to as many decimals as the two
// values have, so that 100.01 - 100 reads "+0.01" and not float noise.
func formatDelta(r Row) string {
	if !r.Numeric {
		return ""
	}
	do, dn := decimals(r.Old), decimals(r.New)
	if do < 0 || dn < 0 || math.IsInf(r.Delta, 0) || math.IsNaN(r.Delta) {
		return strconv.FormatFloat(r.Delta, 'g', 6, 64)
	}
	d := min(max(do, dn), 9)
	s := strconv.FormatFloat(r.Delta, 'f', d, 64)
	if !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	return s
}

// formatPct writes a relative change in percent, or "" when the old value
// is zero or the row is not a number.
func formatPct(r Row) string {
	if !r.Numeric || r.DeltaPct == 0 {
		return ""
	}
	p := r.DeltaPct
	switch {
	case math.IsInf(p, 0) || math.IsNaN(p):
		return strconv.FormatFloat(p, 'g', -1, 64)
	case math.Abs(p) >= 1000:
		return fmt.Sprintf("%+.0f %%", p)
	}
	return fmt.Sprintf("%+.3g %%", p)
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}

// valueText writes a parameter value of any kind as JSON text.
func valueText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if s, err := strconv.Unquote(string(b)); err == nil {
		return s
	}
	return string(b)
}

func paramText(p *manifest.Parameter) string {
	if p == nil {
		return ""
	}
	return valueText(p.Value)
}

func figureText(f *model.Figure) string {
	if f == nil {
		return ""
	}
	return strings.TrimSpace(formatNum(f.Value) + " " + f.Unit)
}

func issueTexts(m *manifest.Manifest) []string {
	var s []string
	for _, w := range m.Warnings {
		s = append(s, w.String())
	}
	return s
}

func strPtr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func nonEmpty(s ...string) []string {
	var out []string
	for _, x := range s {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

func partText(p *manifest.Part) string {
	if p == nil {
		return ""
	}
	return strings.Join(nonEmpty(p.Process, "×"+strconv.Itoa(p.Qty), p.Stock), " ")
}

func stockText(s *manifest.Stock) string {
	if s == nil {
		return ""
	}
	return "×" + strconv.Itoa(s.Qty)
}

func nestText(n *manifest.Nest) string {
	if n == nil {
		return ""
	}
	return fmt.Sprintf("%s, %d placements", n.Stock, len(n.Placements))
}

func costText(c *manifest.Cost) string {
	if c == nil {
		return ""
	}
	return strings.TrimSpace(formatNum(c.Total) + " " + c.Currency)
}

func fileText(f *manifest.File) string {
	if f == nil {
		return ""
	}
	return f.Kind + " " + strconv.Itoa(f.Bytes) + " B"
}

// stockCounts totals the bars and sheets to buy.
func stockCounts(m *manifest.Manifest) (bars, sheets float64) {
	for _, s := range m.Stock {
		switch s.Kind {
		case "bar":
			bars += float64(s.Qty)
		case "sheet":
			sheets += float64(s.Qty)
		}
	}
	return bars, sheets
}

type totals struct{ count, cut, rapid, pierces, time float64 }

func nestTotals(m *manifest.Manifest) totals {
	var t totals
	for _, n := range m.Nests {
		t.count++
		t.cut += n.CutLengthMM
		t.rapid += n.RapidMM
		t.pierces += float64(n.Pierces)
		t.time += n.TimeS
	}
	// Sums of rounded values carry float noise; keep what a manifest keeps.
	t.cut, t.rapid, t.time = round(t.cut, 4), round(t.rapid, 4), round(t.time, 4)
	return t
}

func round(x float64, decimals int) float64 {
	k := math.Pow(10, float64(decimals))
	r := math.Round(x*k) / k
	switch {
	case r == 0:
		return 0 // no "-0"
	case math.IsInf(r, 0) || math.IsNaN(r):
		return x // too large to round at this precision
	}
	return r
}
