package mesh

import (
	"math"
	"testing"

	"github.com/fabkit/fabkit/geometry/section"
)

// TestDoubleMitreVolume checks ends cut by two planes (a double mitre)
// against the analytic volume. A 45° cut about Z with a -45° one about Y
// puts the start face at x = max(-y, z); the bar loses ∫ max(-y, z) dA
// from a square cut there (and as much at an end cut the same way).
func TestDoubleMitreVolume(t *testing.T) {
	double := section.End{Mitre: 45, Axis: section.AboutZ, Second: -45}
	// Equal angle 2x2x1/4 in: h half a leg, t the wall. Over the horizontal
	// leg ∫ max(-y, z) dA = t³/6, over the upright leg t(2ht - t²)/2.
	w, th := 2*inch, inch/4
	h := w / 2
	angleA := 2*w*th - th*th
	angleLoss := h*th*th - th*th*th/3
	// Flat 3 x 1 in, half sizes a (y) and b (z), b <= a: ∫ max(-y, z) dA =
	// ((a+b)³ - (a-b)³)/6; the crease crosses the top and bottom faces.
	a, b := 1.5*inch, 0.5*inch
	flatLoss := (math.Pow(a+b, 3) - math.Pow(a-b, 3)) / 6
	tests := []struct {
		name   string
		p      Bar
		volume float64
	}{
		{"angle 2x2x1/4, double mitre at both ends",
			Bar{Section: section.Section{Shape: section.Angle, Width: w, Height: w, Wall: th}, Length: 635, Start: double,
				End: section.End{Mitre: 45, Axis: section.AboutZ, Second: -45}},
			angleA*635 - 2*angleLoss},
		{"angle 2x2x1/4, single mitre at the start, double at the end",
			Bar{Section: section.Section{Shape: section.Angle, Width: w, Height: w, Wall: th}, Length: 635,
				Start: section.End{Mitre: 45, Axis: section.AboutZ}, End: double},
			// The single cut (x = -y) adds ∫ y dA: the upright leg's area
			// times its centroid's y (the horizontal leg's is 0).
			angleA*635 + (w-th)*th*(h-th/2) - angleLoss},
		{"flat 3x1, double mitre at the start",
			Bar{Section: section.Section{Shape: section.Flat, Width: 2 * a, Height: 2 * b}, Length: 300, Start: double},
			4*a*b*300 - flatLoss},
		{"flat 3x1, the second cut named first",
			Bar{Section: section.Section{Shape: section.Flat, Width: 2 * a, Height: 2 * b}, Length: 300,
				Start: section.End{Mitre: -45, Axis: section.AboutY, Second: 45}},
			4*a*b*300 - flatLoss},
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
			v := m.Volume()
			if rel := (v - tc.volume) / tc.volume; math.Abs(rel) > 1e-9 {
				t.Errorf("volume %.6f, analytic %.6f: relative error %.3g", v, tc.volume, rel)
			}
		})
	}
	// The heel of the double-mitred angle is the longest edge: 635 + a leg.
	m, err := ExtrudeBar(tests[0].p)
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range m.Vertices {
		lo, hi = math.Min(lo, p.X), math.Max(hi, p.X)
	}
	if math.Abs(hi-lo-(635+w)) > 1e-9 {
		t.Errorf("long point %.4f, want %.4f", hi-lo, 635+w)
	}
}
