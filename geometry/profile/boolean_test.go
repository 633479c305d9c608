package profile

import (
	"math"
	"testing"
)

func loopsArea(ls []Path) float64 {
	a := 0.0
	for _, l := range ls {
		a += l.Area()
	}
	return a
}

func TestDifference(t *testing.T) {
	base := Rect(0, 0, 100, 50)
	keyhole := []Path{Circle(20, 25, 5), Rect(-10, 20, 30, 10)} // a U notch from the left edge
	cases := []struct {
		name       string
		add, sub   []Path
		area       float64
		loops      int
		arcs, segs int // in all loops; -1: not checked
	}{
		{"plain", []Path{base}, nil, 5000, 1, 0, 4},
		{"edge notch", []Path{base}, []Path{Rect(40, -5, 20, 15)}, 5000 - 200, 1, 0, 8},
		{"hole stays an exact circle", []Path{base}, []Path{Circle(50, 25, 10)}, 5000 - math.Pi*100, 2, 2, 6},
		{"keyhole", []Path{base}, keyhole, 5000 - 10*20 - math.Pi*25/2, 1, 1, 8},
		{"cutter on the edge", []Path{base}, []Path{Rect(0, 0, 10, 10)}, 5000 - 100, 1, 0, 6},
		{"two cutters sharing an edge", []Path{base}, []Path{Rect(10, 0, 10, 10), Rect(20, 0, 10, 10)}, 5000 - 200, 1, 0, 8},
		{"union of touching pieces", []Path{Rect(0, 0, 10, 10), Rect(10, 0, 10, 5)}, nil, 150, 1, 0, 6},
		{"slanted cut", []Path{base}, []Path{Polygon(Point{80, 50}, Point{100, 30}, Point{110, 60})}, 5000 - 200, 1, 0, 5},
		{"cut through", []Path{base}, []Path{Rect(45, -1, 10, 52)}, 5000 - 500, 2, 0, 8},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ls, err := Difference(c.add, c.sub)
			if err != nil {
				t.Fatal(err)
			}
			if a := loopsArea(ls); math.Abs(a-c.area) > 1e-6 {
				t.Errorf("area %.6f, want %.6f", a, c.area)
			}
			if len(ls) != c.loops {
				t.Errorf("%d loops, want %d", len(ls), c.loops)
			}
			arcs, segs := 0, 0
			for _, l := range ls {
				if err := l.Validate(); err != nil {
					t.Error(err)
				}
				for _, s := range l.Segs {
					segs++
					if s.Bulge != 0 {
						arcs++
					}
				}
			}
			if arcs != c.arcs || segs != c.segs {
				t.Errorf("%d segments (%d arcs), want %d (%d)", segs, arcs, c.segs, c.arcs)
			}
		})
	}
}

func TestDifferenceOrientation(t *testing.T) {
	ls, err := Difference([]Path{Rect(0, 0, 10, 10)}, []Path{Rect(4, 4, 2, 2)})
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 2 || ls[0].Area() != 100 || ls[1].Area() != -4 {
		t.Fatalf("loops %v", ls)
	}
}
