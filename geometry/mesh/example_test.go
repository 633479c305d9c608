package mesh_test

import (
	"fmt"
	"math"

	"github.com/fabkit/fabkit/geometry/mesh"
	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/geometry/section"
)

// A 100×50×6 mm plate with a Ø20 hole: the prism's volume is the polygon's
// area times the thickness, and the area-preserving circle makes it the
// analytic value.
func ExampleExtrudeRings() {
	outer := []profile.Point{{X: 0, Y: 0}, {X: 100, Y: 0}, {X: 100, Y: 50}, {X: 0, Y: 50}}
	hole := mesh.Circle(profile.Point{X: 50, Y: 25}, 10, mesh.DefaultTolerance)
	m, err := mesh.ExtrudeRings([][]profile.Point{outer, hole}, 6)
	if err != nil {
		panic(err)
	}
	fmt.Println(m.Check())
	fmt.Printf("%.6f %.6f\n", m.Volume(), (100*50-math.Pi*100)*6)
	// Output:
	// <nil>
	// 28115.044408 28115.044408
}

// A 1 m length of 4×4×1/4 in tube, mitred 45° at its end, with a bolt hole
// through both walls.
func ExampleExtrudeBar() {
	m, err := mesh.ExtrudeBar(mesh.Bar{
		Section: section.Section{Shape: section.RectTube, Width: 101.6, Height: 101.6, Wall: 6.35, Radius: 12.7},
		Length:  1000,
		End:     section.End{Mitre: 45, Axis: section.AboutZ},
		Holes:   []section.Hole{{At: 100, Face: section.Top, Diameter: 17.5, Through: true}},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(m.Check())
	bb := m.BBox()
	fmt.Printf("%.1f..%.1f\n", bb.Min.X, bb.Max.X)
	// Output:
	// <nil>
	// 0.0..1050.8
}
