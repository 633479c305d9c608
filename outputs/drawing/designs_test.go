package drawing

import (
	"context"
	"testing"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/geometry/section"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
	"github.com/fabkit/fabkit/units"
)

// TestShippedDesignsDrawCleanly draws every plate and bar part of every
// preset of every shipped design and checks, part by part, that no two
// texts collide and no dimension line crosses a text.
func TestShippedDesignsDrawCleanly(t *testing.T) {
	if testing.Short() {
		t.Skip("draws every part of every preset")
	}
	for _, d := range designs.All() {
		for _, preset := range d.Schema().PresetNames() {
			v, err := d.Schema().Resolve(preset)
			if err != nil {
				t.Fatal(err)
			}
			s := shop.Default()
			if name := d.Schema().PresetShop(preset); name != "" {
				if s, err = shop.Builtin(name); err != nil {
					t.Fatal(err)
				}
			}
			m, err := d.Build(context.Background(), v, s, &params.Report{})
			if err != nil {
				t.Fatalf("%s %s: %v", d.Name(), preset, err)
			}
			sections := map[string]section.Section{}
			for _, p := range m.Parts {
				if p.Bar == nil {
					continue
				}
				if prof, ok := s.Profile(p.Bar.Profile); ok {
					sections[p.Bar.Profile] = prof.Section()
				}
			}
			info := Info{Design: d.Name(), Version: d.Version(), Digest: v.Digest(), Units: s.Units, Sections: sections}
			if s.Units != units.Imperial && s.Units != units.Metric {
				t.Fatalf("shop units %q", s.Units)
			}
			for _, p := range m.Parts {
				if p.Plate == nil && p.Bar == nil {
					continue
				}
				t.Run(d.Name()+"/"+preset+"/"+p.ID, func(t *testing.T) {
					dr, err := Draw(p, info)
					if err != nil {
						t.Fatal(err)
					}
					checkNoCollisions(t, dr)
				})
			}
		}
	}
}
