package profile

import (
	"math"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func testPlate() Profile {
	holes := []Path{Slot(Point{100, 100}, Point{200, 100}, 20)}
	for i := 0; i < 6; i++ {
		holes = append(holes, Circle(25+float64(i)*50, 25, 6.35), Circle(25+float64(i)*50, 175, 12.7))
	}
	return New(Rect(0, 0, 300, 200), holes...)
}

func TestAreaIsAnalytic(t *testing.T) {
	p := testPlate()
	want := 300*200 - 6*math.Pi*(6.35*6.35+12.7*12.7) - (100*20 + math.Pi*10*10)
	if got := p.Area(); !near(got, want, 1e-9*want) {
		t.Fatalf("area = %.9f, want %.9f", got, want)
	}
	if a := RoundedRect(0, 0, 100, 50, 10).Area(); !near(a, 100*50-(4-math.Pi)*100, 1e-9) {
		t.Errorf("rounded rect area = %v", a)
	}
}

func TestOrientation(t *testing.T) {
	p := New(Rect(0, 0, 10, 10).Reverse(), Circle(5, 5, 1))
	if p.Outer.Area() <= 0 || p.Holes[0].Area() >= 0 {
		t.Fatalf("outer %v hole %v: want outer CCW and hole CW", p.Outer.Area(), p.Holes[0].Area())
	}
	r := Slot(Point{0, 0}, Point{10, 0}, 4)
	if !near(r.Reverse().Area(), -r.Area(), 1e-12) || !near(r.Reverse().Length(), r.Length(), 1e-12) {
		t.Error("Reverse changed the loop")
	}
}

func TestFlattenKeepsAreaAndTolerance(t *testing.T) {
	for _, tol := range []float64{0.5, 0.05, 0.01} {
		for _, q := range testPlate().Paths() {
			pts := q.Flatten(tol)
			shoelace := 0.0
			for i, a := range pts {
				shoelace += a.Cross(pts[(i+1)%len(pts)]) / 2
			}
			if !near(shoelace, q.Area(), 1e-9*math.Abs(q.Area())) {
				t.Errorf("tol %v: polygon area %.9f, path area %.9f", tol, shoelace, q.Area())
			}
			for _, pt := range pts {
				if d := math.Abs((Profile{Outer: q}).Evaluate2(pt)); d > tol {
					t.Errorf("tol %v: vertex %v is %v from the path", tol, pt, d)
				}
			}
		}
	}
}

func TestBoundsAndCircle(t *testing.T) {
	c := Circle(10, 20, 5)
	b := c.Bounds()
	if !near(b.Min.X, 5, 1e-12) || !near(b.Max.X, 15, 1e-12) || !near(b.Min.Y, 15, 1e-12) || !near(b.Max.Y, 25, 1e-12) {
		t.Errorf("circle bounds = %+v", b)
	}
	if ctr, r, ok := c.Circle(); !ok || !near(r, 5, 1e-12) || ctr.Sub(Point{10, 20}).Len() > 1e-9 {
		t.Errorf("Circle() = %v %v %v", ctr, r, ok)
	}
	if _, _, ok := Rect(0, 0, 1, 1).Circle(); ok {
		t.Error("a square is not a circle")
	}
	if _, _, ok := Slot(Point{0, 0}, Point{5, 0}, 2).Circle(); ok {
		t.Error("a slot is not a circle")
	}
	if !near(c.Length(), 2*math.Pi*5, 1e-9) {
		t.Errorf("circumference %v", c.Length())
	}
}

func TestSignedDistance(t *testing.T) {
	p := testPlate()
	cases := []struct {
		pt   Point
		want float64
	}{
		{Point{150, 50}, -(math.Hypot(25, 25) - 6.35)}, // nearest edge: the hole at (125, 25)
		{Point{-10, 100}, 10},                          // outside, left of the plate
		{Point{25, 175}, 12.7},                         // centre of a hole: inside the hole, outside the material
		{Point{150, 100}, 10},                          // inside the slot
		{Point{300, 100}, 0},                           // on the edge
		{Point{25, 175 + 20}, -5},                      // between hole edge (187.7) and top (200): 5 to the top, 7.3 to the hole
	}
	// Points on the chord line of a vertical arc: a slot's end centres.
	slot := New(Rect(-10, -10, 40, 20), Slot(Point{0, 0}, Point{20, 0}, 3))
	for _, pt := range []Point{{0, 0}, {20, 0}, {-0.75, 0}, {20.75, 0}} {
		if d := slot.Evaluate2(pt); d <= 0 {
			t.Errorf("point %v inside the slot gave %v, want > 0 (outside the material)", pt, d)
		}
	}
	for _, c := range cases {
		got := p.Evaluate2(c.pt)
		if !near(got, c.want, 1e-9) {
			t.Errorf("Evaluate2(%v) = %v, want %v", c.pt, got, c.want)
		}
	}
}

func TestValidate(t *testing.T) {
	if err := testPlate().Validate(); err != nil {
		t.Fatalf("valid plate: %v", err)
	}
	bad := []Profile{
		New(Rect(0, 0, 10, 10), Circle(9, 5, 2)),                  // hole crosses edge
		New(Rect(0, 0, 10, 10), Circle(4, 5, 2), Circle(6, 5, 2)), // holes overlap
		{Outer: Path{Start: Point{0, 0}, Segs: []Segment{{End: Point{1, 0}}}}},
	}
	for i, p := range bad {
		if err := p.Validate(); err == nil {
			t.Errorf("bad profile %d passed validation", i)
		}
	}
}

func TestTransform(t *testing.T) {
	p := testPlate().Transform(90, Point{200, 0})
	b := p.Bounds()
	if !near(b.Min.X, 0, 1e-9) || !near(b.Max.X, 200, 1e-9) || !near(b.Max.Y, 300, 1e-9) {
		t.Errorf("rotated bounds %+v", b)
	}
	if !near(p.Area(), testPlate().Area(), 1e-6) {
		t.Error("transform changed the area")
	}
}
