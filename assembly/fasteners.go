package assembly

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/shop"
	"github.com/fabkit/fabkit/units"
)

// Bolt is a bolt the shop sells: an item of its price list whose id reads
// bolt-DxL (D and L in inches, fractions allowed: bolt-3/4x2-1/2) or
// bolt-mDxL / mDxL (metric, mm: bolt-m20x60, m6x18).
type Bolt struct {
	Item     string  `json:"item"`
	Diameter float64 `json:"diameter_mm"`
	Length   float64 `json:"length_mm"`
}

// Catalogue is the shop's bolts, nuts and washers.
type Catalogue struct {
	Bolts   []Bolt             // by diameter, then length
	Nuts    map[float64]string // diameter -> item
	Washers map[float64]string
}

// CatalogueOf reads the fastener catalogue from a shop's items.
func CatalogueOf(s *shop.Shop) Catalogue {
	c := Catalogue{Nuts: map[float64]string{}, Washers: map[float64]string{}}
	for _, it := range s.Items {
		id := it.ID
		switch {
		case strings.HasPrefix(id, "bolt-") || isMetricBolt(id):
			d, l, ok := boltSize(strings.TrimPrefix(id, "bolt-"))
			if ok {
				c.Bolts = append(c.Bolts, Bolt{Item: id, Diameter: d, Length: l})
			}
		case strings.HasPrefix(id, "nut-"):
			if d, ok := size(strings.TrimPrefix(id, "nut-")); ok {
				c.Nuts[d] = id
			}
		case strings.HasPrefix(id, "washer-"):
			if d, ok := size(strings.TrimPrefix(id, "washer-")); ok {
				c.Washers[d] = id
			}
		}
	}
	sort.Slice(c.Bolts, func(i, j int) bool {
		if c.Bolts[i].Diameter != c.Bolts[j].Diameter {
			return c.Bolts[i].Diameter < c.Bolts[j].Diameter
		}
		return c.Bolts[i].Length < c.Bolts[j].Length
	})
	return c
}

func isMetricBolt(id string) bool {
	_, _, ok := boltSize(id)
	return ok && strings.HasPrefix(id, "m")
}

// boltSize reads "3/4x2-1/2" (inches) or "m20x60" (mm).
func boltSize(s string) (d, l float64, ok bool) {
	a, b, found := strings.Cut(s, "x")
	if !found {
		return 0, 0, false
	}
	if strings.HasPrefix(a, "m") {
		d, err1 := units.ParseLength(a[1:]+"mm", "")
		l, err2 := units.ParseLength(b+"mm", "")
		return d, l, err1 == nil && err2 == nil && d > 0 && l > 0
	}
	d, err1 := units.ParseLength(a+"in", "")
	l, err2 := units.ParseLength(b+"in", "")
	return d, l, err1 == nil && err2 == nil && d > 0 && l > 0
}

// size reads a nut or washer size: "3/4" (inches) or "m20".
func size(s string) (float64, bool) {
	if strings.HasPrefix(s, "m") {
		d, err := units.ParseLength(s[1:]+"mm", "")
		return d, err == nil && d > 0
	}
	d, err := units.ParseLength(s+"in", "")
	return d, err == nil && d > 0
}

// Stack allowances, as fractions of the bolt diameter: an SAE or ISO 7089
// washer is about 0.16 d thick, a hex nut 0.875 d tall, and two coarse
// threads (a pitch is about 0.15 d) must show past the nut.
const (
	washerT    = 0.16
	nutH       = 0.875
	protrusion = 0.3
)

// Need is the shortest bolt length of diameter d that clamps grip with
// washers washers and a nut, threads showing.
func Need(grip, d float64, washers int) float64 {
	return grip + float64(washers)*washerT*d + nutH*d + protrusion*d
}

// diameter returns the largest bolt diameter the catalogue sells that
// passes a hole (torch-cut holes are cut to the bolt's size: the taper
// gives the clearance, as OSE does), and false when none is at least
// 60 % of the hole.
func (c Catalogue) diameter(hole float64) (float64, bool) {
	best := 0.0
	for _, b := range c.Bolts {
		if b.Diameter <= hole+0.01 && b.Diameter > best {
			best = b.Diameter
		}
	}
	return best, best >= 0.6*hole
}

// choose returns the shortest bolt of diameter d at least need long.
func (c Catalogue) choose(d, need float64) (Bolt, bool) {
	for _, b := range c.Bolts {
		if math.Abs(b.Diameter-d) < 1e-6 && b.Length >= need-1e-6 {
			return b, true
		}
	}
	return Bolt{}, false
}

// longest is the longest bolt of diameter d, for messages.
func (c Catalogue) longest(d float64) Bolt {
	var out Bolt
	for _, b := range c.Bolts {
		if math.Abs(b.Diameter-d) < 1e-6 && b.Length > out.Length {
			out = b
		}
	}
	return out
}

// FastenerLine is one line of fasteners to buy, counted from the joints.
type FastenerLine struct {
	Item     string  `json:"item"`
	Kind     string  `json:"kind"` // bolt, nut or washer
	Diameter float64 `json:"diameter_mm"`
	Length   float64 `json:"length_mm,omitempty"`
	Qty      int     `json:"qty"`
}

// lines counts the bolts, nuts and washers of the bolted joints.
func (c Catalogue) lines(joints []Joint) []FastenerLine {
	count := map[string]*FastenerLine{}
	addLine := func(item, kind string, d, l float64, n int) {
		if item == "" {
			item = fmt.Sprintf("%s-%smm", kind, mm(d))
		}
		if count[item] == nil {
			count[item] = &FastenerLine{Item: item, Kind: kind, Diameter: d, Length: l}
		}
		count[item].Qty += n
	}
	for _, j := range joints {
		if j.Kind != model.Bolted || j.Fastener == nil {
			continue
		}
		f := j.Fastener
		w := f.Washers
		if w == 0 {
			w = 2
		}
		addLine(f.Item, "bolt", f.Diameter, f.Length, j.Count)
		addLine(c.near(c.Nuts, f.Diameter), "nut", f.Diameter, 0, j.Count)
		addLine(c.near(c.Washers, f.Diameter), "washer", f.Diameter, 0, w*j.Count)
	}
	out := make([]FastenerLine, 0, len(count))
	for _, l := range count {
		out = append(out, *l)
	}
	kindOrder := map[string]int{"bolt": 0, "nut": 1, "washer": 2}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if kindOrder[a.Kind] != kindOrder[b.Kind] {
			return kindOrder[a.Kind] < kindOrder[b.Kind]
		}
		if a.Diameter != b.Diameter {
			return a.Diameter > b.Diameter
		}
		if a.Length != b.Length {
			return a.Length < b.Length
		}
		return a.Item < b.Item
	})
	return out
}

func (c Catalogue) near(m map[float64]string, d float64) string {
	for k, v := range m {
		if math.Abs(k-d) < 0.05 {
			return v
		}
	}
	return ""
}
