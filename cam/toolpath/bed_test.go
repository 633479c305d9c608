package toolpath

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/shop"
)

// TestProgramFrameFollowsTheOrigin: a plan's program is in the table's
// frame, X0 Y0 on the sheet corner squared into the table's origin
// corner, so its extents lie in the travel box of that corner's bed (X or
// Y negative from a right or upper origin), and the torch sets out from
// that corner.
func TestProgramFrameFollowsTheOrigin(t *testing.T) {
	sheet, parts := testSheet() // 600 x 400 mm
	opt := Options{Cut: testCut, RapidFeed: 10000, LeadIn: 6, LeadOut: 3, MinHoleRatio: 1}
	for _, tc := range []struct {
		origin shop.Corner
		zero   profile.Point // the sheet point at X0 Y0
		travel profile.Box   // of a 610 x 410 mm bed from that corner
	}{
		{"", profile.Point{}, profile.Box{Max: profile.Point{X: 610, Y: 410}}},
		{shop.LowerLeft, profile.Point{}, profile.Box{Max: profile.Point{X: 610, Y: 410}}},
		{shop.LowerRight, profile.Point{X: 600}, profile.Box{Min: profile.Point{X: -610}, Max: profile.Point{Y: 410}}},
		{shop.UpperLeft, profile.Point{Y: 400}, profile.Box{Min: profile.Point{Y: -410}, Max: profile.Point{X: 610}}},
		{shop.UpperRight, profile.Point{X: 600, Y: 400}, profile.Box{Min: profile.Point{X: -610, Y: -410}}},
	} {
		t.Run(fmt.Sprintf("%q", tc.origin), func(t *testing.T) {
			sheet.Origin = tc.origin
			if z := sheet.Zero(); z != tc.zero {
				t.Fatalf("Zero = %v, want %v", z, tc.zero)
			}
			bed := Bed{TravelX: 610, TravelY: 410, Origin: tc.origin}
			if got := bed.Travel(); got != tc.travel {
				t.Fatalf("Travel = %v, want %v", got, tc.travel)
			}
			plan, err := Build(context.Background(), sheet, parts, opt)
			if err != nil {
				t.Fatal(err)
			}
			e := Extents(plan)
			if e.Min.X < tc.travel.Min.X || e.Min.Y < tc.travel.Min.Y || e.Max.X > tc.travel.Max.X || e.Max.Y > tc.travel.Max.Y {
				t.Errorf("extents %v outside the travel %v", e, tc.travel)
			}
			if err := bed.Check("n01", plan); err != nil {
				t.Error(err)
			}
			// The first pierce is the one nearest the origin corner.
			first := plan.Cuts[0].Pierce.Sub(tc.zero).Len()
			for _, c := range plan.Cuts {
				if c.Feature == Outline && c.Pierce.Sub(tc.zero).Len() < first-300 {
					t.Errorf("the torch sets out %.0f mm from the origin corner though an outline pierces %.0f mm from it", first, c.Pierce.Sub(tc.zero).Len())
				}
			}
			// The same program on a bed from the opposite corner, or on a
			// bed too short, leaves the travel.
			opposite := map[shop.Corner]shop.Corner{"": shop.UpperRight, shop.LowerLeft: shop.UpperRight,
				shop.LowerRight: shop.UpperLeft, shop.UpperLeft: shop.LowerRight, shop.UpperRight: shop.LowerLeft}
			for _, b := range []Bed{{TravelX: 610, TravelY: 410, Origin: opposite[tc.origin]}, {TravelX: 300, TravelY: 410, Origin: tc.origin}} {
				var te *TravelError
				if err := b.Check("n01", plan); !errors.As(err, &te) || te.Sheet != "n01" {
					t.Errorf("bed %+v: Check = %v, want a *TravelError naming n01", b, err)
				}
			}
		})
	}
	sheet.Origin = "middle"
	if _, err := Build(context.Background(), sheet, parts, opt); err == nil {
		t.Error("a sheet origin that is not a corner is accepted")
	}
}
