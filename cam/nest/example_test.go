package nest_test

import (
	"context"
	"fmt"

	"github.com/fabkit/fabkit/cam/nest"
	"github.com/fabkit/fabkit/geometry/profile"
)

func Example() {
	gusset := profile.New(profile.Polygon(profile.Point{}, profile.Point{X: 200}, profile.Point{Y: 200}),
		profile.Circle(50, 50, 8))
	flange := profile.New(profile.Circle(0, 0, 150), profile.Circle(0, 0, 60))
	parts := []nest.Part{{ID: "gusset", Qty: 8, Shape: gusset}, {ID: "flange", Qty: 2, Shape: flange}}
	sheets := []nest.SheetSize{{ID: "1250x2500", SizeY: 1250, SizeX: 2500}}
	res, err := nest.Nest(context.Background(), parts, sheets, nest.Options{Spacing: 8, EdgeMargin: 12, Iterations: 50})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range res.Sheets {
		fmt.Printf("%s: %d parts, %.1f%% used, %.0f mm long\n", s.Size.ID, len(s.Placements), 100*s.Utilization, s.UsedX)
	}
	p := res.Sheets[0].Placements[0]
	placed := p.Placed(parts[p.Part].Shape)
	fmt.Printf("%s#%d lies within x %.0f..%.0f mm\n", p.PartID, p.Instance, placed.Bounds().Min.X, placed.Bounds().Max.X)
	// Output:
	// 1250x2500: 10 parts, 8.9% used, 421 mm long
	// flange#1 lies within x 12..312 mm
}
