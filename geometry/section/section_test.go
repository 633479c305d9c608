package section_test

import (
	"math"
	"testing"

	"github.com/fabkit/fabkit/geometry/section"
)

func TestOuterAndArea(t *testing.T) {
	const in = 25.4
	for _, tc := range []struct {
		name       string
		s          section.Section
		w, h, area float64
	}{
		{"square tube, sharp", section.Section{Shape: section.SquareTube, Width: 100, Height: 100, Wall: 10}, 100, 100, 100*100 - 80*80},
		{"rect tube, rounded", section.Section{Shape: section.RectTube, Width: 4 * in, Height: 2 * in, Wall: in / 4, Radius: in / 2},
			4 * in, 2 * in, (8*in*in - (4-math.Pi)*in*in/4) - (3.5*1.5*in*in - (4-math.Pi)*in*in/16)},
		{"angle", section.Section{Shape: section.Angle, Width: 50, Height: 40, Wall: 5}, 50, 40, 50*5 + 35*5},
		{"flat", section.Section{Shape: section.Flat, Width: 50.8, Height: 6.35}, 50.8, 6.35, 50.8 * 6.35},
		{"round", section.Section{Shape: section.Round, Diameter: 20}, 20, 20, math.Pi * 100},
		{"pipe", section.Section{Shape: section.Pipe, Diameter: 20, Wall: 2}, 20, 20, math.Pi * (100 - 64)},
	} {
		w, h := tc.s.Outer()
		if w != tc.w || h != tc.h {
			t.Errorf("%s: outer %g x %g, want %g x %g", tc.name, w, h, tc.w, tc.h)
		}
		if a := tc.s.Area(); math.Abs(a-tc.area) > 1e-9*tc.area {
			t.Errorf("%s: area %g, want %g", tc.name, a, tc.area)
		}
	}
}

func TestFacesAndAxes(t *testing.T) {
	for _, f := range []section.Face{section.Top, section.Bottom} {
		if !f.Valid() || !f.Wide() {
			t.Errorf("%s: valid %v wide %v, want both", f, f.Valid(), f.Wide())
		}
	}
	for _, f := range []section.Face{section.Left, section.Right} {
		if !f.Valid() || f.Wide() {
			t.Errorf("%s: valid %v wide %v, want valid and not wide", f, f.Valid(), f.Wide())
		}
	}
	if section.Face("y").Valid() {
		t.Error(`face "y" is valid`)
	}
	for _, a := range []section.MitreAxis{"", section.AboutZ, section.AboutY} {
		if !a.Valid() {
			t.Errorf("axis %q not valid", a)
		}
	}
	if section.MitreAxis("x").Valid() {
		t.Error(`axis "x" is valid`)
	}
}
