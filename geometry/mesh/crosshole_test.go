package mesh

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/fabkit/fabkit/geometry/section"
)

// crossVolume returns the volume of the part of a cylinder of radius r
// (drilled through the axis of a bar) that lies between radius ri and R of
// the bar, on one side of the bar axis: ∫ 2√(r²−y²)·(√(R²−y²) − √(ri²−y²)) dy
// over |y| < r, with ri = 0 for solid bar. It substitutes y = r sin t and
// uses composite Simpson's rule, which converges fast on the smooth
// integrand.
func crossVolume(r, ri, R float64) float64 {
	const n = 20000
	f := func(t float64) float64 {
		s, c := math.Sincos(t)
		y := r * s
		v := math.Sqrt(R*R - y*y)
		if ri > 0 {
			v -= math.Sqrt(ri*ri - y*y)
		}
		return 2 * r * c * v * r * c
	}
	h := math.Pi / n
	sum := f(-math.Pi/2) + f(math.Pi/2)
	for i := 1; i < n; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		sum += w * f(-math.Pi/2+float64(i)*h)
	}
	return sum * h / 3
}

func TestCrossVolumeSteinmetz(t *testing.T) {
	// Two equal perpendicular cylinders: the Steinmetz solid, 16r³/3.
	r := 7.0
	if got, want := 2*crossVolume(r, 0, r), 16*r*r*r/3; math.Abs(got-want) > 1e-9*want {
		t.Errorf("Steinmetz volume %.12g, want %.12g", got, want)
	}
}

var (
	dom = section.Section{Shape: section.Pipe, Diameter: 1.25 * inch, Wall: inch / 8} // 1¼ in × ⅛ in wall DOM
	pin = section.Section{Shape: section.Round, Diameter: inch}
)

func TestExtrudeBarCrossHoles(t *testing.T) {
	R, Rp, Ri := inch/2, dom.Diameter/2, dom.Diameter/2-dom.Wall
	tests := []struct {
		name   string
		p      Bar
		volume float64
	}{
		{"1in round bar, cross holes from the top and the left",
			Bar{Section: pin, Length: 200, Holes: []section.Hole{
				{At: 50, Face: section.Top, Diameter: 6.5, Through: true},
				{At: 150, Face: section.Left, Diameter: 10.5, Through: true},
			}},
			math.Pi*R*R*200 - 2*crossVolume(3.25, 0, R) - 2*crossVolume(5.25, 0, R)},
		{"1in round bar mitred 30° about Y, holes from the bottom and the right",
			Bar{Section: pin, Length: 200, Start: section.End{Mitre: 30, Axis: section.AboutY}, Holes: []section.Hole{
				{At: 20, Face: section.Bottom, Diameter: 8, Through: true},
				{At: 180, Face: section.Right, Diameter: 3, Through: true},
			}},
			math.Pi*R*R*200 - 2*crossVolume(4, 0, R) - 2*crossVolume(1.5, 0, R)},
		{"1¼in DOM pipe, a through bolt hole and a single-wall hole",
			Bar{Section: dom, Length: 200, Holes: []section.Hole{
				{At: 40, Face: section.Top, Diameter: 13.5, Through: true},
				{At: 120, Face: section.Left, Diameter: 8},
			}},
			math.Pi*(Rp*Rp-Ri*Ri)*200 - 2*crossVolume(6.75, Ri, Rp) - crossVolume(4, Ri, Rp)},
		{"round bar, a row of holes sharing facets",
			Bar{Section: pin, Length: 200, End: section.End{Mitre: -45}, Holes: []section.Hole{
				{At: 30, Face: section.Top, Diameter: 8, Through: true},
				{At: 45, Face: section.Top, Diameter: 8, Through: true},
				{At: 60, Face: section.Bottom, Diameter: 12, Through: true},
				{At: 80, Face: section.Right, Diameter: 20, Through: true},
			}},
			math.Pi*R*R*200 - 4*crossVolume(4, 0, R) - 2*crossVolume(6, 0, R) - 2*crossVolume(10, 0, R)},
		{"pipe, holes from every face",
			Bar{Section: dom, Length: 200, Holes: []section.Hole{
				{At: 30, Face: section.Top, Diameter: 10},
				{At: 50, Face: section.Bottom, Diameter: 10},
				{At: 70, Face: section.Left, Diameter: 10, Through: true},
				{At: 90, Face: section.Right, Diameter: 6},
			}},
			math.Pi*(Rp*Rp-Ri*Ri)*200 - 4*crossVolume(5, Ri, Rp) - crossVolume(3, Ri, Rp)},
		{"pipe, a hole nearly the bore from the bottom, one wall",
			Bar{Section: dom, Length: 100, Holes: []section.Hole{{At: 50, Face: section.Bottom, Diameter: 24}}},
			math.Pi*(Rp*Rp-Ri*Ri)*100 - crossVolume(12, Ri, Rp)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ExtrudeBar(tc.p)
			if err != nil {
				t.Fatal(err)
			}
			if err := m.Check(); err != nil {
				t.Fatal(err)
			}
			rel := (m.Volume() - tc.volume) / tc.volume
			if math.Abs(rel) > 1e-4 {
				t.Errorf("volume %.6f, analytic %.6f: relative error %.3g > 0.01%%", m.Volume(), tc.volume, rel)
			}
			t.Logf("%d facets, volume rel error %.2g", m.NumTriangles(), rel)

			// The holes leave the bounding box of the bar as meshed: the
			// section polygon has vertices on both axes at radius ρ.
			rings, err := SectionRings(tc.p.Section, 0)
			if err != nil {
				t.Fatal(err)
			}
			rho := rings[0][0].X
			bb := m.BBox()
			// A mitre sweeps its end over ±tan(angle)·ρ.
			want := Box{Vec3{-math.Abs(math.Tan(radians(tc.p.Start))) * rho, -rho, -rho},
				Vec3{tc.p.Length + math.Abs(math.Tan(radians(tc.p.End)))*rho, rho, rho}}
			if d := bb.Max.Sub(want.Max).Len() + bb.Min.Sub(want.Min).Len(); d > 1e-9 {
				t.Errorf("bounding box %v, want %v", bb, want)
			}

			again, err := ExtrudeBar(tc.p)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(m.Vertices, again.Vertices) || !slices.Equal(m.Triangles, again.Triangles) {
				t.Error("two builds of the same profile differ")
			}
		})
	}
}

// TestCrossHoleAccuracy records how the volume error of a cross-drilled bar
// follows the chord tolerance.
func TestCrossHoleAccuracy(t *testing.T) {
	R := inch / 2
	for _, tol := range []float64{0.2, 0.1, 0.05, 0.02, 0.01} {
		p := Bar{Section: pin, Length: 200, Tolerance: tol, Holes: []section.Hole{
			{At: 50, Face: section.Top, Diameter: 6.5, Through: true},
			{At: 150, Face: section.Left, Diameter: 10.5, Through: true},
		}}
		m, err := ExtrudeBar(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Check(); err != nil {
			t.Fatalf("tolerance %g: %v", tol, err)
		}
		want := math.Pi*R*R*200 - 2*crossVolume(3.25, 0, R) - 2*crossVolume(5.25, 0, R)
		rel := (m.Volume() - want) / want
		// The error is that of the circles' polygons under the hole
		// footprints, a fraction of tol × footprint area.
		if limit := 2e-3 * tol; math.Abs(rel) > limit {
			t.Errorf("tolerance %g: volume relative error %.3g > %.3g", tol, rel, limit)
		}
		t.Logf("tolerance %g: %d facets, volume rel error %.2g", tol, m.NumTriangles(), rel)
	}
}

func TestCrossHoleErrors(t *testing.T) {
	tests := []struct {
		name  string
		p     Bar
		field string
	}{
		{"round bar hole too close to the start", Bar{Section: pin, Length: 200, Holes: []section.Hole{{At: 3, Face: section.Top, Diameter: 6.5, Through: true}}}, "Holes[0].At"},
		{"pipe hole past a mitred end", Bar{Section: dom, Length: 200, End: section.End{Mitre: -45, Axis: section.AboutY}, Holes: []section.Hole{{At: 190, Face: section.Top, Diameter: 8}}}, "Holes[0].At"},
		{"overlapping cross holes", Bar{Section: pin, Length: 200, Holes: []section.Hole{
			{At: 50, Face: section.Top, Diameter: 6.5, Through: true}, {At: 55, Face: section.Left, Diameter: 6.5, Through: true}}}, "Holes[1]"},
		{"round bar hole not through", Bar{Section: pin, Length: 200, Holes: []section.Hole{{At: 50, Face: section.Top, Diameter: 6.5}}}, "Holes[0].Through"},
		{"round bar hole as wide as the bar", Bar{Section: pin, Length: 200, Holes: []section.Hole{{At: 50, Face: section.Top, Diameter: inch, Through: true}}}, "Holes[0].Diameter"},
		{"pipe hole wider than the bore", Bar{Section: dom, Length: 200, Holes: []section.Hole{{At: 50, Face: section.Top, Diameter: 26}}}, "Holes[0].Diameter"},
		{"off-axis cross hole", Bar{Section: pin, Length: 200, Holes: []section.Hole{{At: 50, Offset: 2, Face: section.Top, Diameter: 6.5, Through: true}}}, "Holes[0].Offset"},
		{"bad face", Bar{Section: dom, Length: 200, Holes: []section.Hole{{At: 50, Face: "front", Diameter: 6.5}}}, "Holes[0].Face"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ExtrudeBar(tc.p)
			var pe *BarError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v, want a *BarError", err)
			}
			if pe.Field != tc.field {
				t.Errorf("field %q, want %q (%v)", pe.Field, tc.field, err)
			}
		})
	}
}

// TestCrossHoleSweep drills one hole of every face, from small to nearly the
// bar (or bore) diameter, at several tolerances, through mitred bars: every
// mesh must pass Check, and the volume error must stay within the bound the
// package documents, |ΔV| ≤ ⅔ tol × πr² per intersection curve.
func TestCrossHoleSweep(t *testing.T) {
	secs := []section.Section{pin, dom, {Shape: section.Round, Diameter: 6}, {Shape: section.Pipe, Diameter: 60, Wall: 4}, {Shape: section.Pipe, Diameter: 20, Wall: 1}}
	faces := []section.Face{section.Top, section.Bottom, section.Left, section.Right}
	var worst float64
	for _, sec := range secs {
		R, ri := sec.Diameter/2, 0.0
		limit := sec.Diameter
		if sec.Shape == section.Pipe {
			ri = R - sec.Wall
			limit = 2 * ri
		}
		for _, tol := range []float64{0.3, 0.05, 0.013} {
			for k := 1; k <= 8; k++ {
				d := limit * float64(k) / 8.1
				for fi, f := range faces {
					for _, through := range []bool{true, false} {
						if sec.Shape == section.Round && !through {
							continue
						}
						p := Bar{Section: sec, Length: 4 * limit, Tolerance: tol,
							Start: section.End{Mitre: 0.3 * float64(fi-1) * 180 / math.Pi, Axis: []section.MitreAxis{section.AboutZ, section.AboutY}[fi%2]},
							Holes: []section.Hole{{At: 2 * limit, Face: f, Diameter: d, Through: through}}}
						m, err := ExtrudeBar(p)
						if err == nil {
							err = m.Check()
						}
						if err != nil {
							t.Errorf("%v, tolerance %g, Ø%g from the %s (through %v): %v", sec, tol, d, f, through, err)
							continue
						}
						// Through a round bar: two halves, two curves. Through a
						// pipe: two walls, four curves; one pipe wall: two curves.
						halves, curves := 2.0, 2.0
						if sec.Shape == section.Pipe && through {
							curves = 4
						} else if sec.Shape == section.Pipe {
							halves = 1
						}
						want := sec.Area()*p.Length - halves*crossVolume(d/2, ri, R)
						e := math.Abs(m.Volume()-want) / (curves * math.Pi * d * d / 4 * tol)
						worst = max(worst, e)
						if e > 2.0/3 {
							t.Errorf("%v, tolerance %g, Ø%g from the %s (through %v): |ΔV| = %.3g × tol × πr² per curve > 2/3",
								sec, tol, d, f, through, e)
						}
					}
				}
			}
		}
	}
	t.Logf("worst |ΔV| = %.3g × tol × πr² per intersection curve", worst)
}

// A 1 in pin 200 mm long with a 6.5 mm cotter hole from the top near each
// end: the mesh is closed and its volume matches the exact cylinders'
// (99669.7 mm³) to the unit.
func ExampleExtrudeBar_crossHoles() {
	m, err := ExtrudeBar(Bar{
		Section: section.Section{Shape: section.Round, Diameter: 25.4},
		Length:  200,
		Holes: []section.Hole{
			{At: 10, Face: section.Top, Diameter: 6.5, Through: true},
			{At: 190, Face: section.Top, Diameter: 6.5, Through: true},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Check())
	fmt.Printf("%.0f mm³\n", m.Volume())
	// Output:
	// <nil>
	// 99670 mm³
}
