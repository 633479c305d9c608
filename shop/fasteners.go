package shop

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/fabkit/fabkit/internal/excerpt"
	"github.com/fabkit/fabkit/units"
)

// Fasteners is the shop's fastener catalogue: the hex bolts it sells, by
// diameter, each in the lengths on offer, and the nuts and washers that go
// with them. The assembly check chooses every bolt of a bolted joint from
// it. Prices are not kept here: every bolt length, nut and washer is an
// item of Shop.Items (the parser adds them), so a price list prices them
// like any item.
type Fasteners struct {
	Bolts   []Bolt
	Nuts    []Nut
	Washers []Washer
}

// Bolt is one bolt diameter and thread on offer.
type Bolt struct {
	ID          string  // item id stem: a length's item is ID + "x" + the length as written, e.g. "bolt-3/4x2-1/2"
	Description string  // e.g. "Hex bolt 3/4-10 x {length}, Grade 5"
	Diameter    float64 // mm, nominal (major) diameter
	Pitch       float64 // mm, thread pitch (1/10in for 3/4-10 UNC, 2.5 mm for M20)
	// MaxHole is the loosest hole (mm) the bolt is chosen for; 0 means
	// DefaultMaxHole(Diameter).
	MaxHole float64
	Lengths []BoltLength // ascending
}

// BoltLength is one length a bolt is sold in.
type BoltLength struct {
	Length float64 // mm, under the head
	Item   string  // its item id in Shop.Items, which holds its price
}

// Nut is the hex nut of one bolt diameter.
type Nut struct {
	Item     string  // item id in Shop.Items
	Diameter float64 // mm, the bolt's nominal diameter
	Height   float64 // mm
}

// Washer is the flat washer of one bolt diameter.
type Washer struct {
	Item      string  // item id in Shop.Items
	Diameter  float64 // mm, the bolt's nominal diameter
	Thickness float64 // mm
	Outer     float64 // mm, outer diameter; 0 = not given
}

// Empty reports whether the catalogue lists nothing.
func (f Fasteners) Empty() bool { return len(f.Bolts)+len(f.Nuts)+len(f.Washers) == 0 }

// sameSize is how close two nominal diameters must be to name one size.
const sameSize = 0.05 // mm

// DefaultMaxHole is the loosest hole a bolt of diameter d (mm) is chosen
// for when the catalogue does not say: the coarse clearance series of
// ISO 273 (M6 in 7 mm, M20 in 24 mm, M30 in 35 mm), about 1.1 d + 1.2 mm.
func DefaultMaxHole(d float64) float64 { return 1.1*d + 1.2 }

// Hole returns the loosest hole a bolt goes in.
func (b Bolt) Hole() float64 {
	if b.MaxHole > 0 {
		return b.MaxHole
	}
	return DefaultMaxHole(b.Diameter)
}

// BoltFor returns the bolt a round hole of diameter hole (mm) takes: the
// largest diameter on offer that passes the hole (a hole cut to the bolt's
// own size passes it, as OSE's torch-cut holes are: the kerf's taper gives
// the clearance) and whose loosest hole is not smaller than it.
func (f Fasteners) BoltFor(hole float64) (Bolt, bool) {
	var best Bolt
	found := false
	for _, b := range f.Bolts {
		if b.Diameter <= hole+0.01 && hole <= b.Hole()+1e-6 && (!found || b.Diameter > best.Diameter) {
			best, found = b, true
		}
	}
	return best, found
}

// BoltOf returns the bolt of a nominal diameter (mm).
func (f Fasteners) BoltOf(d float64) (Bolt, bool) {
	for _, b := range f.Bolts {
		if math.Abs(b.Diameter-d) < sameSize {
			return b, true
		}
	}
	return Bolt{}, false
}

// Reaching returns the shortest length of the bolt that is at least need
// (mm) long.
func (b Bolt) Reaching(need float64) (BoltLength, bool) {
	best, found := BoltLength{}, false
	for _, l := range b.Lengths {
		if l.Length >= need-1e-6 && (!found || l.Length < best.Length) {
			best, found = l, true
		}
	}
	return best, found
}

// Longest returns the bolt's longest length.
func (b Bolt) Longest() BoltLength {
	var out BoltLength
	for _, l := range b.Lengths {
		if l.Length > out.Length {
			out = l
		}
	}
	return out
}

// NutOf returns the nut of a bolt diameter (mm).
func (f Fasteners) NutOf(d float64) (Nut, bool) {
	for _, n := range f.Nuts {
		if math.Abs(n.Diameter-d) < sameSize {
			return n, true
		}
	}
	return Nut{}, false
}

// WasherOf returns the washer of a bolt diameter (mm).
func (f Fasteners) WasherOf(d float64) (Washer, bool) {
	for _, w := range f.Washers {
		if math.Abs(w.Diameter-d) < sameSize {
			return w, true
		}
	}
	return Washer{}, false
}

// Kind says what an item id is in the catalogue: "bolt", "nut", "washer",
// or "" when the catalogue does not list it.
func (f Fasteners) Kind(item string) string {
	for _, b := range f.Bolts {
		for _, l := range b.Lengths {
			if l.Item == item {
				return "bolt"
			}
		}
	}
	for _, n := range f.Nuts {
		if n.Item == item {
			return "nut"
		}
	}
	for _, w := range f.Washers {
		if w.Item == item {
			return "washer"
		}
	}
	return ""
}

// clone returns a deep copy.
func (f Fasteners) clone() Fasteners {
	c := Fasteners{Bolts: slices.Clone(f.Bolts), Nuts: slices.Clone(f.Nuts), Washers: slices.Clone(f.Washers)}
	for i := range c.Bolts {
		c.Bolts[i].Lengths = slices.Clone(c.Bolts[i].Lengths)
	}
	return c
}

// FastenerCatalogue returns the shop's fastener catalogue. A shop whose
// file has no fasteners section (one written before the section existed)
// gets one read from its items' ids, as fabkit read them before: bolts
// named bolt-DxL (inches, fractions allowed: bolt-3/4x2-1/2), bolt-mDxL or
// mDxL (mm: m6x18), nuts nut-D and washers washer-D; nut height, washer
// thickness and pitch then come from a bolt's diameter in the proportions
// of ISO 4032 nuts (0.875 d), ISO 7089 washers (0.16 d) and coarse
// threads (0.15 d).
func (s *Shop) FastenerCatalogue() Fasteners {
	if !s.Fasteners.Empty() {
		return s.Fasteners
	}
	var f Fasteners
	byDia := map[float64]int{}
	for _, it := range s.Items {
		id := it.ID
		switch {
		case strings.HasPrefix(id, "bolt-") || strings.HasPrefix(id, "m"):
			d, l, ok := namedBolt(strings.TrimPrefix(id, "bolt-"))
			if !ok {
				continue
			}
			k, seen := byDia[d]
			if !seen {
				k = len(f.Bolts)
				byDia[d] = k
				f.Bolts = append(f.Bolts, Bolt{ID: id[:strings.LastIndex(id, "x")], Diameter: d, Pitch: 0.15 * d})
			}
			f.Bolts[k].Lengths = append(f.Bolts[k].Lengths, BoltLength{Length: l, Item: id})
		case strings.HasPrefix(id, "nut-"):
			if d, ok := namedSize(strings.TrimPrefix(id, "nut-")); ok {
				f.Nuts = append(f.Nuts, Nut{Item: id, Diameter: d, Height: 0.875 * d})
			}
		case strings.HasPrefix(id, "washer-"):
			if d, ok := namedSize(strings.TrimPrefix(id, "washer-")); ok {
				f.Washers = append(f.Washers, Washer{Item: id, Diameter: d, Thickness: 0.16 * d})
			}
		}
	}
	sort.SliceStable(f.Bolts, func(i, j int) bool { return f.Bolts[i].Diameter < f.Bolts[j].Diameter })
	for i := range f.Bolts {
		sort.SliceStable(f.Bolts[i].Lengths, func(a, b int) bool { return f.Bolts[i].Lengths[a].Length < f.Bolts[i].Lengths[b].Length })
	}
	return f
}

// namedBolt reads "3/4x2-1/2" (inches) or "m20x60" (mm).
func namedBolt(s string) (d, l float64, ok bool) {
	a, b, found := strings.Cut(s, "x")
	if !found {
		return 0, 0, false
	}
	u := units.Inch
	if strings.HasPrefix(a, "m") {
		a, u = a[1:], units.MM
	}
	d, err1 := units.ParseLength(a, u)
	l, err2 := units.ParseLength(b, u)
	return d, l, err1 == nil && err2 == nil && d > 0 && l > 0
}

// namedSize reads a nut or washer size: "3/4" (inches) or "m20".
func namedSize(s string) (float64, bool) {
	u := units.Inch
	if strings.HasPrefix(s, "m") {
		s, u = s[1:], units.MM
	}
	d, err := units.ParseLength(s, u)
	return d, err == nil && d > 0
}

// ParsePitch reads a thread pitch: threads per inch ("10tpi", UNC 3/4-10)
// or a length ("2.5mm", M20). bare is the unit of a bare number, "" to
// refuse it.
func ParsePitch(s, bare string) (float64, error) {
	t := strings.TrimSpace(s)
	if n, ok := strings.CutSuffix(strings.ToLower(t), "tpi"); ok {
		v, rest, ok := splitNumber(strings.TrimSpace(n))
		if !ok || rest != "" || !(v > 0) || math.IsInf(v, 0) {
			return 0, &QuantityError{"pitch", s, "expected threads per inch, like 10tpi"}
		}
		return 25.4 / v, nil
	}
	v, err := units.ParseLength(t, units.Unit(bare))
	if err != nil {
		return 0, &QuantityError{"pitch", s, "expected threads per inch (10tpi) or a pitch length (2.5mm)"}
	}
	return v, nil
}

// Keys of the fasteners section.
var (
	fastenerKeys = []string{"bolts", "nuts", "washers"}
	boltKeys     = []string{"id", "description", "diameter", "pitch", "max_hole", "vendor", "lengths"}
	nutKeys      = []string{"id", "description", "diameter", "height", "price", "vendor"}
	washerKeys   = []string{"id", "description", "diameter", "thickness", "outer", "price", "vendor"}
)

// fasteners reads the fasteners section and adds an item for every bolt
// length, nut and washer to s.Items. An id already used by an item, a
// profile or a sheet is an error at the catalogue's line.
func (d *decoder) fasteners(s *Shop, f *fields) {
	taken := map[string]bool{}
	for _, p := range s.Profiles {
		taken[p.ID] = true
	}
	for _, sh := range s.Sheets {
		taken[sh.ID] = true
	}
	for _, it := range s.Items {
		taken[it.ID] = true
	}
	addItem := func(line int, path string, it Item) bool {
		if it.ID == "" {
			return false
		}
		if taken[it.ID] {
			d.fail(line, path, it.ID, "duplicate id (an item, profile, sheet or another catalogue entry has it; the catalogue makes the item itself, so delete it from items)")
			return false
		}
		taken[it.ID] = true
		if it.Unit == "" {
			it.Unit = "each"
		}
		s.Items = append(s.Items, it)
		return true
	}
	for i, n := range f.list("bolts", false, MaxItems) {
		p := fmt.Sprintf("%s.bolts[%d]", f.path, i)
		g := d.mapping(n, p, boltKeys)
		b := Bolt{
			ID:          g.str("id", true),
			Description: g.str("description", false),
			Diameter:    g.length("diameter", true),
			Pitch:       g.quantity("pitch", true, func(v string) (float64, error) { return ParsePitch(v, d.bare("in", "mm")) }),
			MaxHole:     g.length("max_hole", false),
		}
		vendor := g.str("vendor", false)
		ln, ok := g.get("lengths")
		if !ok {
			if g.ok {
				d.fail(n.Line, p+".lengths", "", "required")
			}
		} else if ln.Kind != yaml.MappingNode {
			d.fail(ln.Line, p+".lengths", "", "expected a mapping of length: price, like {2in: 1.2, 2-1/2in: 1.4}, got "+describe(ln))
		} else if len(ln.Content)/2 > MaxStockLengths {
			d.fail(ln.Line, p+".lengths", "", fmt.Sprintf("%d entries; at most %d are allowed", len(ln.Content)/2, MaxStockLengths))
		} else {
			lf := d.mapping(ln, p+".lengths", nil)
			for k := 0; lf.ok && k+1 < len(ln.Content); k += 2 {
				key := d.resolve(ln.Content[k]).Value
				v, ok := lf.vals[key]
				if !ok {
					continue // a bad or duplicate key, already reported
				}
				q := join(p+".lengths", excerpt.Text(key))
				l, err := d.parseLength(key)
				if err != nil {
					d.fail(ln.Content[k].Line, q, key, reason(err))
					continue
				}
				price := lf.num(key, true)
				text := lengthText(key)
				desc := strings.ReplaceAll(b.Description, "{length}", key)
				if desc == b.Description && desc != "" {
					desc += " x " + key
				}
				item := b.ID + "x" + text
				if b.ID != "" && addItem(v.Line, q, Item{ID: item, Description: desc, Price: price, Vendor: vendor}) {
					b.Lengths = append(b.Lengths, BoltLength{Length: l, Item: item})
				}
			}
		}
		sort.SliceStable(b.Lengths, func(x, y int) bool { return b.Lengths[x].Length < b.Lengths[y].Length })
		s.Fasteners.Bolts = append(s.Fasteners.Bolts, b)
	}
	for i, n := range f.list("nuts", false, MaxItems) {
		p := fmt.Sprintf("%s.nuts[%d]", f.path, i)
		g := d.mapping(n, p, nutKeys)
		nut := Nut{Item: g.str("id", true), Diameter: g.length("diameter", true), Height: g.length("height", true)}
		it := Item{ID: nut.Item, Description: g.str("description", false), Price: g.num("price", true), Vendor: g.str("vendor", false)}
		if !addItem(n.Line, p+".id", it) {
			nut.Item = ""
		}
		s.Fasteners.Nuts = append(s.Fasteners.Nuts, nut)
	}
	for i, n := range f.list("washers", false, MaxItems) {
		p := fmt.Sprintf("%s.washers[%d]", f.path, i)
		g := d.mapping(n, p, washerKeys)
		w := Washer{Item: g.str("id", true), Diameter: g.length("diameter", true), Thickness: g.length("thickness", true), Outer: g.length("outer", false)}
		it := Item{ID: w.Item, Description: g.str("description", false), Price: g.num("price", true), Vendor: g.str("vendor", false)}
		if !addItem(n.Line, p+".id", it) {
			w.Item = ""
		}
		s.Fasteners.Washers = append(s.Fasteners.Washers, w)
	}
}

// lengthText is a length key without its unit: "2-1/2in" -> "2-1/2",
// "60mm" -> "60", for the item id.
func lengthText(key string) string {
	t := strings.TrimSpace(key)
	end := len(t)
	for end > 0 && strings.ContainsRune(`abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"' `, rune(t[end-1])) {
		end--
	}
	return t[:end]
}

// fasteners checks the catalogue: sizes positive, the pitch finer than the
// diameter, one entry per diameter, every bolt with lengths and with a nut
// and a washer of its diameter, and every item it names in Items.
func (c *checker) fasteners() {
	f := c.s.Fasteners
	if f.Empty() {
		return
	}
	items := map[string]bool{}
	for _, it := range c.s.Items {
		items[it.ID] = true
	}
	ref := func(field, id string) {
		if id != "" && !items[id] {
			c.add(field, id, "names no item of the shop")
		}
	}
	dup := func(field string, d float64, ds []float64) {
		for j, o := range ds {
			if math.Abs(o-d) < sameSize {
				c.add(field, c.fmtLen(d), fmt.Sprintf("entry %d already has this diameter", j))
				return
			}
		}
	}
	var seen []float64
	for i, b := range f.Bolts {
		p := fmt.Sprintf("fasteners.bolts[%d]", i)
		c.required(p+".id", b.ID)
		c.posLen(p+".diameter", b.Diameter)
		c.posLen(p+".pitch", b.Pitch)
		if b.Pitch >= b.Diameter && b.Diameter > 0 {
			c.add(p+".pitch", c.fmtLen(b.Pitch), "must be finer than the diameter (10tpi, 2.5mm)")
		}
		if b.MaxHole != 0 && b.MaxHole < b.Diameter {
			c.add(p+".max_hole", c.fmtLen(b.MaxHole), "must be at least the diameter "+c.fmtLen(b.Diameter))
		}
		dup(p+".diameter", b.Diameter, seen)
		seen = append(seen, b.Diameter)
		if len(b.Lengths) == 0 {
			c.add(p+".lengths", "", "at least one length is required")
		}
		for j, l := range b.Lengths {
			q := fmt.Sprintf("%s.lengths[%d]", p, j)
			c.posLen(q, l.Length)
			if j > 0 && math.Abs(l.Length-b.Lengths[j-1].Length) < 0.01 {
				c.add(q, c.fmtLen(l.Length), "listed twice")
			}
			ref(q, l.Item)
		}
		if b.Diameter > 0 {
			if _, ok := f.NutOf(b.Diameter); !ok {
				c.add(p+".diameter", c.fmtLen(b.Diameter), "no nut of this diameter in fasteners.nuts")
			}
			if _, ok := f.WasherOf(b.Diameter); !ok {
				c.add(p+".diameter", c.fmtLen(b.Diameter), "no washer of this diameter in fasteners.washers")
			}
		}
	}
	seen = nil
	for i, n := range f.Nuts {
		p := fmt.Sprintf("fasteners.nuts[%d]", i)
		c.posLen(p+".diameter", n.Diameter)
		c.posLen(p+".height", n.Height)
		dup(p+".diameter", n.Diameter, seen)
		seen = append(seen, n.Diameter)
		ref(p+".id", n.Item)
	}
	seen = nil
	for i, w := range f.Washers {
		p := fmt.Sprintf("fasteners.washers[%d]", i)
		c.posLen(p+".diameter", w.Diameter)
		c.posLen(p+".thickness", w.Thickness)
		c.nonNegLen(p+".outer", w.Outer)
		dup(p+".diameter", w.Diameter, seen)
		seen = append(seen, w.Diameter)
		ref(p+".id", w.Item)
	}
}
