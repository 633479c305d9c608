package mesh

import (
	"errors"
	"math"
	"testing"

	"github.com/fabkit/fabkit/geometry/affine"
	"github.com/fabkit/fabkit/geometry/section"
)

const inch = 25.4

// ose4x4 is 4×4×1/4 in square tube with a 1/2 in outer corner radius.
var ose4x4 = section.Section{Shape: section.RectTube, Width: 4 * inch, Height: 4 * inch, Wall: inch / 4, Radius: inch / 2}

// tubeVolume computes the analytic volume independently of Section.Area:
// outer rounded square minus inner rounded square.
func roundedSquareArea(w, h, r float64) float64 { return w*h - 4*r*r + math.Pi*r*r }

func TestExtrudeBarVolumes(t *testing.T) {
	d30 := math.Pi / 6
	tubeA := roundedSquareArea(4*inch, 4*inch, inch/2) - roundedSquareArea(3.5*inch, 3.5*inch, inch/4)
	hole := 17.5 // 11/16 in clearance for a 5/8 in bolt
	holeA := math.Pi * hole * hole / 4
	// Angle 3×2×1/4 in: legs W (horizontal) and H (vertical), thickness t.
	aw, ah, at := 3*inch, 2*inch, inch/4
	angleA := aw*at + (ah-at)*at
	// Centroid y of the angle, section centred on its bounding box: the
	// horizontal leg spans y in [-aw/2, aw/2], the vertical leg y in
	// [aw/2-at, aw/2] above it.
	angleCy := ((aw*at)*0 + (ah-at)*at*(aw/2-at/2)) / angleA
	angleCz := ((aw*at)*(-ah/2+at/2) + (ah-at)*at*(-ah/2+at+(ah-at)/2)) / angleA
	pipeA := math.Pi * (30.0*30 - 26.0*26)

	tests := []struct {
		name   string
		p      Bar
		volume float64
	}{
		{"ose 4x4 tube, mitre 45° one end, 2 through-holes",
			Bar{Section: ose4x4, Length: 1000, End: section.End{Mitre: 45, Axis: section.AboutZ},
				Holes: []section.Hole{
					{At: 100, Face: section.Top, Diameter: hole, Through: true},
					{At: 500, Face: section.Left, Diameter: hole, Through: true},
				}},
			// The section is symmetric, so its centroid is on the axis and
			// the oblique end adds no volume: area × 1000 - 4 walls of holes.
			tubeA*1000 - 4*holeA*inch/4},
		{"tube, mitred about Y at both ends, one blind-wall hole",
			Bar{Section: ose4x4, Length: 600, Start: section.End{Mitre: 30, Axis: section.AboutY}, End: section.End{Mitre: -45, Axis: section.AboutY},
				Holes: []section.Hole{{At: 300, Offset: 10, Face: section.Bottom, Diameter: 12}}},
			tubeA*600 - math.Pi*36*inch/4},
		{"square-cornered rect tube 2x3x1/8",
			Bar{Section: section.Section{Shape: section.RectTube, Width: 2 * inch, Height: 3 * inch, Wall: inch / 8}, Length: 500,
				Holes: []section.Hole{{At: 250, Face: section.Right, Diameter: 10, Through: true}}},
			(6*inch*inch-(1.75*inch)*(2.75*inch))*500 - 2*math.Pi*25*inch/8},
		{"angle 3x2x1/4, mitred 45° about Z at the end, holes in both legs",
			Bar{Section: section.Section{Shape: section.Angle, Width: aw, Height: ah, Wall: at}, Length: 800,
				End: section.End{Mitre: 45, Axis: section.AboutZ},
				Holes: []section.Hole{
					{At: 40, Offset: -10, Face: section.Bottom, Diameter: 13},
					{At: 400, Offset: 5, Face: section.Left, Diameter: 13, Through: true},
				}},
			// Oblique end: the length on the centroid is 800 + tan45°·cy.
			angleA*(800+angleCy) - 2*math.Pi*6.5*6.5*at},
		{"angle mitred about Y",
			Bar{Section: section.Section{Shape: section.Angle, Width: aw, Height: ah, Wall: at}, Length: 800,
				Start: section.End{Mitre: 30, Axis: section.AboutY}},
			angleA * (800 + math.Tan(d30)*angleCz)},
		{"flat 3x1/2 in with holes from top and from the edge",
			Bar{Section: section.Section{Shape: section.Flat, Width: 3 * inch, Height: inch / 2}, Length: 300,
				Holes: []section.Hole{
					{At: 50, Offset: 15, Face: section.Top, Diameter: 14},
					{At: 250, Face: section.Left, Diameter: 6, Through: true},
				}},
			3*inch*inch/2*300 - math.Pi*49*inch/2 - math.Pi*9*3*inch},
		{"round bar 1 in", Bar{Section: section.Section{Shape: section.Round, Diameter: inch}, Length: 250,
			Start: section.End{Mitre: 30}}, math.Pi * inch * inch / 4 * 250},
		{"pipe 60x4 mitred 45°", Bar{Section: section.Section{Shape: section.Pipe, Diameter: 60, Wall: 4}, Length: 700,
			End: section.End{Mitre: 45, Axis: section.AboutY}}, pipeA * 700},
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
			rel := (v - tc.volume) / tc.volume
			if math.Abs(rel) > 1e-4 {
				t.Errorf("volume %.6f, analytic %.6f: relative error %.3g > 0.01%%", v, tc.volume, rel)
			}
			t.Logf("%d facets, volume rel error %.2g", m.NumTriangles(), rel)
		})
	}
}

func TestExtrudeBarErrors(t *testing.T) {
	tests := []struct {
		name  string
		p     Bar
		field string
	}{
		{"hole into corner radius", Bar{Section: ose4x4, Length: 500, Holes: []section.Hole{{At: 100, Offset: 40, Face: section.Top, Diameter: 17}}}, "Holes[0].Offset"},
		{"hole past the end", Bar{Section: ose4x4, Length: 500, Holes: []section.Hole{{At: 495, Face: section.Top, Diameter: 17}}}, "Holes[0].At"},
		{"hole past a mitred end", Bar{Section: ose4x4, Length: 500, End: section.End{Mitre: -45}, Holes: []section.Hole{{At: 490, Face: section.Top, Diameter: 17}}}, "Holes[0].At"},
		{"overlapping holes", Bar{Section: ose4x4, Length: 500, Holes: []section.Hole{{At: 100, Face: section.Top, Diameter: 17}, {At: 110, Face: section.Top, Diameter: 17}}}, "Holes[1]"},
		{"crossing holes in a flat", Bar{Section: section.Section{Shape: section.Flat, Width: 50, Height: 10}, Length: 500, Holes: []section.Hole{{At: 100, Face: section.Top, Diameter: 8}, {At: 102, Face: section.Left, Diameter: 4, Through: true}}}, "Holes[1]"},
		{"round bar cross hole not through", Bar{Section: section.Section{Shape: section.Round, Diameter: 30}, Length: 500, Holes: []section.Hole{{At: 100, Face: section.Top, Diameter: 8}}}, "Holes[0].Through"},
		{"bad face", Bar{Section: ose4x4, Length: 500, Holes: []section.Hole{{At: 100, Face: "front", Diameter: 8}}}, "Holes[0].Face"},
		{"wall too thick", Bar{Section: section.Section{Shape: section.RectTube, Width: 20, Height: 20, Wall: 10}, Length: 500}, "Section.Wall"},
		{"ends cross", Bar{Section: ose4x4, Length: 50, Start: section.End{Mitre: -45}, End: section.End{Mitre: -45}}, "Length"},
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

func TestOrientForPrint(t *testing.T) {
	m, err := ExtrudeBar(Bar{Section: section.Section{Shape: section.Angle, Width: 80, Height: 50, Wall: 6}, Length: 200})
	if err != nil {
		t.Fatal(err)
	}
	// Tip it over so no face is on the bed.
	m.Transform(affine.Identity().RotateX(0.3*180/math.Pi).RotateY(1.1*180/math.Pi).Move(5, 7, 9))
	a := OrientForPrint(m)
	m.Transform(a)
	if err := m.Check(); err != nil {
		t.Fatal(err)
	}
	bb := m.BBox()
	if math.Abs(bb.Min.X)+math.Abs(bb.Min.Y)+math.Abs(bb.Min.Z) > 1e-9 {
		t.Errorf("min corner %v, want origin", bb.Min)
	}
	// The largest face is the 80×200 underside of the horizontal leg.
	var down float64
	for i := range m.Triangles {
		n := m.Normal(i)
		tr := m.Triangles[i]
		if n.Z < -1+1e-9 && math.Abs(m.Vertices[tr[0]].Z) < 1e-9 {
			down += m.cross(i).Len() / 2
		}
	}
	if math.Abs(down-80*200) > 1e-6 {
		t.Errorf("area on the bed %g, want %g", down, 80.0*200)
	}
}
