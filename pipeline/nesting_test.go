package pipeline

import (
	"context"
	"fmt"
	"testing"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/shop"
)

// TestNestPlatesSameOnAnyWorkers: plate groups of three thicknesses nested
// at once on three goroutines give the sheets, placements, toolpath times
// and sheet use that one goroutine gives, in the same order.
func TestNestPlatesSameOnAnyWorkers(t *testing.T) {
	const in = 25.4
	m := &model.Model{}
	for i, th := range []float64{0.25 * in, 0.5 * in, 0.125 * in} {
		for k := range 4 {
			w, h := 80+float64(40*k+13*i), 60+float64(25*k)
			shape := profile.New(profile.Rect(0, 0, w, h), profile.Circle(w/2, h/2, 8))
			m.Add(&model.Part{ID: fmt.Sprintf("p%d-%d", i, k), Name: "plate", Material: "a36", Process: model.PlateCut, Qty: 2 + k,
				Plate: &model.Plate{Thickness: th, Shape: shape}})
		}
	}
	summary := func(workers int) string {
		n, err := NestPlates(context.Background(), m, shop.Default(), 0.1, workers, nil)
		if err != nil {
			t.Fatal(err)
		}
		out := fmt.Sprint(n.Use, n.Warnings)
		for _, sp := range n.Sheets {
			out += fmt.Sprintf("\n%s %g %v %g", sp.ID, sp.Thickness, sp.Sheet.Placements, manifestTime(sp.Plan))
		}
		return out
	}
	one, three := summary(1), summary(3)
	if one != three {
		t.Fatalf("1 worker:\n%s\n3 workers:\n%s", one, three)
	}
	if got := len(m.Parts); got != 12 {
		t.Fatalf("%d parts", got)
	}
	t.Log(one)
}
