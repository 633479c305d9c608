package mesh

import (
	"math"
	"testing"

	"github.com/fabkit/fabkit/geometry/profile"
)

// testPlate is the 300×200×12.7 mm plate with twelve Ø(10..21) holes and one
// 20 mm wide, 60 mm long slot used throughout the tests and benchmarks. It
// returns the rings and the exact (analytic) area of the region.
func testPlate(tol float64) ([][]profile.Point, float64) {
	rings := [][]profile.Point{{{X: 0, Y: 0}, {X: 300, Y: 0}, {X: 300, Y: 200}, {X: 0, Y: 200}}}
	area := 300.0 * 200
	for i := 0; i < 12; i++ {
		r := 5 + float64(i)
		c := profile.Point{X: 30 + float64(i%6)*48, Y: 40 + float64(i/6)*120}
		rings = append(rings, Circle(c, r, tol))
		area -= math.Pi * r * r
	}
	// Slot: 60 mm between centres, 20 mm wide, at the middle of the plate.
	slot := []profile.Point{{X: 120, Y: 90}, {X: 180, Y: 90}}
	slot = append(slot, arcInterior(profile.Point{X: 180, Y: 100}, 10, -math.Pi/2, math.Pi/2, tol)...)
	slot = append(slot, profile.Point{X: 180, Y: 110}, profile.Point{X: 120, Y: 110})
	slot = append(slot, arcInterior(profile.Point{X: 120, Y: 100}, 10, math.Pi/2, 3*math.Pi/2, tol)...)
	rings = append(rings, slot)
	area -= 60*20 + math.Pi*100
	return rings, area
}

func TestExtrudeRingsPlate(t *testing.T) {
	rings, exact := testPlate(DefaultTolerance)
	const th = 12.7
	m, err := ExtrudeRings(rings, th)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Check(); err != nil {
		t.Fatal(err)
	}
	var shoelace float64
	for k, r := range rings {
		a := math.Abs(RingArea(r))
		if k > 0 {
			a = -a
		}
		shoelace += a
	}
	v := m.Volume()
	if rel := math.Abs(v-shoelace*th) / (shoelace * th); rel > 1e-9 {
		t.Errorf("volume %.9g, shoelace area×thickness %.9g: relative error %g > 1e-9", v, shoelace*th, rel)
	}
	if rel := math.Abs(v-exact*th) / (exact * th); rel > 1e-4 {
		t.Errorf("volume %.9g, analytic %.9g: relative error %g > 0.01%%", v, exact*th, rel)
	}
	if n := m.NumTriangles(); n < 1000 || n > 10000 {
		t.Errorf("%d facets, want a few thousand", n)
	}
	bb := m.BBox()
	if bb.Min != (Vec3{0, 0, 0}) || bb.Max != (Vec3{300, 200, th}) {
		t.Errorf("bbox %v", bb)
	}
	t.Logf("%d facets, volume %.6f (analytic %.6f, rel %.2g)", m.NumTriangles(), v, exact*th, (v-exact*th)/(exact*th))
}
