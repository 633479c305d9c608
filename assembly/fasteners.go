package assembly

import (
	"fmt"
	"sort"

	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/shop"
)

// Fastener is the bolt a bolted joint uses, with its nut and washers, as
// the manifest lists it.
type Fastener struct {
	Item     string  `json:"item"`        // the bolt's shop item, e.g. "bolt-3/4x2-1/2"
	Diameter float64 `json:"diameter_mm"` // nominal
	Length   float64 `json:"length_mm"`   // under the head
	Pitch    float64 `json:"pitch_mm,omitempty"`
	Need     float64 `json:"need_mm,omitempty"` // the shortest length that clamps the stack
	Nut      string  `json:"nut,omitempty"`     // the nut's shop item
	Washer   string  `json:"washer,omitempty"`  // the washers' shop item
	Washers  int     `json:"washers"`           // per bolt
}

// Catalogue is the shop's fastener catalogue as the check uses it.
type Catalogue struct{ f shop.Fasteners }

// CatalogueOf returns the shop's fastener catalogue (shop.Shop.FastenerCatalogue).
func CatalogueOf(s *shop.Shop) Catalogue { return Catalogue{f: s.FastenerCatalogue()} }

// Need is the shortest bolt that clamps grip mm of plates and bars with
// washers washers of thickness washerT, a nut nutH tall, and two threads of
// pitch showing past the nut (the common rule for a bolt's protrusion).
func Need(grip, washerT, nutH, pitch float64, washers int) float64 {
	return grip + float64(washers)*washerT + nutH + 2*pitch
}

// stackOf is what the catalogue knows of a bolt diameter: its nut and
// washer, and the length a grip needs.
type stackOf struct {
	bolt   shop.Bolt
	nut    shop.Nut
	washer shop.Washer
}

func (c Catalogue) sized(d float64) (stackOf, bool) {
	b, ok := c.f.BoltOf(d)
	if !ok {
		return stackOf{}, false
	}
	n, _ := c.f.NutOf(d)
	w, _ := c.f.WasherOf(d)
	return stackOf{bolt: b, nut: n, washer: w}, true
}

func (s stackOf) need(grip float64, washers int) float64 {
	return Need(grip, s.washer.Thickness, s.nut.Height, s.bolt.Pitch, washers)
}

// explain says how a length was reached, for findings.
func (s stackOf) explain(grip float64, washers int) string {
	return fmt.Sprintf("%.1f mm of stack + %d washers x %.1f mm + a %.1f mm nut + 2 threads x %.2f mm = %.1f mm",
		grip, washers, s.washer.Thickness, s.nut.Height, s.bolt.Pitch, s.need(grip, washers))
}

func (s stackOf) fastener(l shop.BoltLength, need float64, washers int) *Fastener {
	return &Fastener{Item: l.Item, Diameter: round(s.bolt.Diameter), Length: round(l.Length), Pitch: round(s.bolt.Pitch),
		Need: round(need), Nut: s.nut.Item, Washer: s.washer.Item, Washers: washers}
}

// FastenerLine is one line of fasteners to buy, counted from the joints.
type FastenerLine struct {
	Item     string  `json:"item"`
	Kind     string  `json:"kind"` // bolt, nut or washer
	Diameter float64 `json:"diameter_mm"`
	Length   float64 `json:"length_mm,omitempty"`
	Qty      int     `json:"qty"`
}

// Lines counts the bolts, nuts and washers of bolted joints: per joint
// instance one bolt, one nut and its washers.
func Lines(joints []Joint) []FastenerLine {
	count := map[string]*FastenerLine{}
	addLine := func(item, kind string, d, l float64, n int) {
		if n == 0 {
			return
		}
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
		addLine(f.Item, "bolt", f.Diameter, f.Length, j.Count)
		addLine(f.Nut, "nut", f.Diameter, 0, j.Count)
		addLine(f.Washer, "washer", f.Diameter, 0, f.Washers*j.Count)
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

// Bolt chooses the bolt for a stack grip mm thick through a round hole
// hole mm across, with washers washers (0 means 2: under the head and
// under the nut), by the rule the check applies to every bolted stack it
// finds: from the shop's catalogue, the largest bolt that passes the hole
// with the hole no looser than the bolt's max_hole (a clearance fit), then
// its shortest length that clamps the stack with the washers, the nut and
// two threads past the nut (Need). A design uses it for a joint the check
// cannot measure. The error says what the catalogue lacks.
func (c Catalogue) Bolt(hole, grip float64, washers int) (*Fastener, error) {
	if washers <= 0 {
		washers = 2
	}
	b, ok := c.f.BoltFor(hole)
	if !ok {
		return nil, fmt.Errorf("no bolt in the shop's fastener catalogue fits its %s mm hole (clearance fit: a bolt no larger than the hole, the hole no looser than the bolt's max_hole)", mm(hole))
	}
	sz, _ := c.sized(b.Diameter)
	return sz.shortest(grip, washers)
}

// shortest is the shortest bolt of a size that clamps grip mm with
// washers washers, the nut and two threads.
func (s stackOf) shortest(grip float64, washers int) (*Fastener, error) {
	need := s.need(grip, washers)
	l, ok := s.bolt.Reaching(need)
	if !ok {
		lo := s.bolt.Longest()
		return nil, fmt.Errorf("no bolt of the shop's catalogue covers the stack: %s; the longest %s mm bolt is %s (%s mm)",
			s.explain(grip, washers), mm(s.bolt.Diameter), lo.Item, mm(lo.Length))
	}
	return s.fastener(l, need, washers), nil
}

// chooseBolt picks the bolt of a bolted stack: the declared one, checked,
// or one from the catalogue (Bolt). It returns the fastener (nil when none
// fits) and a finding's message, or "".
func (c Catalogue) chooseBolt(dj *model.Joint, grip, hole float64, what string) (*Fastener, string) {
	var decl *model.Fastener
	if dj != nil {
		decl = dj.Fastener
	}
	washers := 2
	if decl != nil && decl.Washers > 0 {
		washers = decl.Washers
	}
	if decl == nil {
		f, err := c.Bolt(hole, grip, washers)
		if err != nil {
			return nil, what + ": " + err.Error()
		}
		return f, ""
	}
	if decl.Diameter > hole+0.01 {
		return nil, fmt.Sprintf("%s: the declared %s mm bolt does not pass its %s mm hole", what, mm(decl.Diameter), mm(hole))
	}
	sz, ok := c.sized(decl.Diameter)
	if !ok && decl.Length == 0 {
		return nil, fmt.Sprintf("%s: the shop's fastener catalogue has no %s mm bolt, the size declared", what, mm(decl.Diameter))
	}
	if decl.Length > 0 {
		// A declared bolt of a size the catalogue lacks is checked with the
		// proportions of ISO 4032 nuts and ISO 7089 washers.
		if !ok {
			d := decl.Diameter
			sz = stackOf{bolt: shop.Bolt{Diameter: d, Pitch: 0.15 * d}, nut: shop.Nut{Height: 0.875 * d}, washer: shop.Washer{Thickness: 0.16 * d}}
		}
		need := sz.need(grip, washers)
		f := &Fastener{Item: decl.Item, Diameter: round(decl.Diameter), Length: round(decl.Length), Pitch: round(sz.bolt.Pitch),
			Need: round(need), Nut: sz.nut.Item, Washer: sz.washer.Item, Washers: washers}
		if decl.Length < need-1e-6 {
			return f, fmt.Sprintf("%s: the declared %s (%s mm) is too short: %s", what, decl.Item, mm(decl.Length), sz.explain(grip, washers))
		}
		return f, ""
	}
	f, err := sz.shortest(grip, washers)
	if err != nil {
		return nil, what + ": " + err.Error()
	}
	return f, ""
}
