package model

import (
	"math"
	"testing"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/shop"
)

// TestStockMass checks the one mass rule against hand-computed masses: a
// plate with a hole, a flat bar whose profile names its own material, and
// the parts it cannot weigh.
func TestStockMass(t *testing.T) {
	s := &shop.Shop{
		Name:      "test",
		Materials: map[string]shop.Material{"a36": {ID: "a36", DensityKg: 7850}, "al": {ID: "al", DensityKg: 2700}},
		Profiles:  []shop.Profile{{ID: "flat-50x10", Shape: shop.Flat, Width: 50, Wall: 10, Material: "al"}},
	}
	plate := &Part{ID: "p", Material: "a36", Plate: &Plate{Thickness: 10,
		Shape: profile.New(profile.Rect(0, 0, 200, 100), profile.Circle(50, 50, 10))}}
	bar := &Part{ID: "b", Material: "a36", Bar: &Bar{Profile: "flat-50x10", Length: 1000}}
	for _, c := range []struct {
		part *Part
		want float64
	}{
		// (200*100 - pi*10^2) mm² x 10 mm x 7850 kg/m³; the circle is two arcs, so exact.
		{plate, (20000 - math.Pi*100) * 10 * 7850e-9},
		// 50x10 mm x 1 m of the profile's aluminium, not the part's steel.
		{bar, 500 * 1000 * 2700e-9},
	} {
		got, ok := c.part.StockMass(s)
		if !ok || math.Abs(got-c.want) > 1e-9*c.want {
			t.Errorf("part %s: StockMass = %v, %v; want %v", c.part.ID, got, ok, c.want)
		}
	}
	for _, p := range []*Part{
		{ID: "solid", Material: "a36", Solid: &Solid{}},
		{ID: "buy", Purchased: &Purchased{}},
		{ID: "no-profile", Bar: &Bar{Profile: "round-1", Length: 10}},
		{ID: "no-material", Material: "pine", Plate: plate.Plate},
	} {
		if kg, ok := p.StockMass(s); ok {
			t.Errorf("part %s: StockMass = %v, true; want not ok", p.ID, kg)
		}
	}
}
