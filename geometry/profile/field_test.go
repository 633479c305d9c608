package profile

import (
	"math"
	"math/rand"
	"testing"
)

// fieldProfiles are shapes with lines, small and large arcs, many holes
// and a degenerate segment, for TestFieldMatchesEvaluate2.
func fieldProfiles() map[string]Profile {
	holes := []Path{Slot(Point{X: 40, Y: 30}, Point{X: 90, Y: 30}, 9)}
	for i := 0; i < 6; i++ {
		for j := 0; j < 4; j++ {
			holes = append(holes, Circle(20+float64(i)*35, 60+float64(j)*30, 4+float64(i+j)/3))
		}
	}
	major := Start(0, 0).Line(50, 0).Arc(50, 40, 2.5).Line(0, 40).Close() // a bulge over 1: more than a half circle
	flat := Start(0, 0).Line(100, 0).Arc(100, 50, 1e-4).Arc(0, 50, -0.3).Close()
	return map[string]Profile{
		"plate":     New(RoundedRect(0, 0, 240, 190, 12), holes...),
		"rotated":   New(RoundedRect(0, 0, 240, 190, 12), holes...).Transform(33, Point{X: 510, Y: -77}),
		"major-arc": New(major, Circle(25, 20, 5)),
		"flat-arcs": New(flat),
		"triangle":  New(Polygon(Point{X: 0, Y: 0}, Point{X: 3, Y: 0}, Point{X: 0, Y: 4})),
		"one-band":  New(Rect(0, 0, 1000, 1e-3)),
		"degenerate": {Outer: Path{Start: Point{X: 0, Y: 0}, Segs: []Segment{{End: Point{X: 10, Y: 0}}, {End: Point{X: 10, Y: 0}},
			{End: Point{X: 10, Y: 10}}, {End: Point{X: 0, Y: 0}}}}},
	}
}

// TestFieldMatchesEvaluate2: the indexed field gives exactly the bits of
// Profile.Evaluate2, at random points near and far, on vertices, on chord
// lines and at the heights of vertices (the ray test's tie-breaks).
func TestFieldMatchesEvaluate2(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for name, p := range fieldProfiles() {
		f := NewField(p)
		b := p.Bounds()
		for _, h := range p.Holes {
			b = b.Union(h.Bounds())
		}
		sz := b.Size()
		var pts []Point
		for i := 0; i < 20000; i++ {
			pts = append(pts, Point{X: b.Min.X - sz.X*0.2 + rng.Float64()*sz.X*1.4, Y: b.Min.Y - sz.Y*0.2 + rng.Float64()*sz.Y*1.4})
		}
		for i := 0; i < 200; i++ {
			pts = append(pts, Point{X: b.Min.X + (rng.Float64()-0.5)*sz.X*40, Y: b.Min.Y + (rng.Float64()-0.5)*sz.Y*40})
		}
		for _, q := range p.Paths() {
			q.Each(func(a Point, s Segment) {
				m := Point{X: (a.X + s.End.X) / 2, Y: (a.Y + s.End.Y) / 2}
				pts = append(pts, a, m, Point{X: a.X - 1, Y: a.Y}, Point{X: a.X + 1e-9, Y: a.Y}, Point{X: b.Min.X - 5, Y: a.Y}, Point{X: m.X - 0.5, Y: m.Y})
				if arc, ok := ArcOf(a, s); ok {
					pts = append(pts, arc.Center, arc.At(0.5), arc.At(0.25), Point{X: arc.Center.X + arc.Radius, Y: arc.Center.Y})
				}
			})
		}
		for _, q := range pts {
			want, got := p.Evaluate2(q), f.Evaluate2(q)
			if math.Float64bits(want) != math.Float64bits(got) && !(math.IsNaN(want) && math.IsNaN(got)) {
				t.Fatalf("%s: at %v the field gives %v, Evaluate2 %v", name, q, got, want)
			}
			// Below, at thresholds either side and exactly at the value.
			for _, th := range []float64{0, want, -want, math.Nextafter(want, 0), math.Nextafter(want, math.Inf(1)), math.Nextafter(want, math.Inf(-1)),
				0.1, -0.1, 1, -1, 7.5, -7.5, 1e3, -1e3, math.Inf(1), math.Inf(-1)} {
				if w, g := want < th, f.Below(q, th); w != g {
					t.Fatalf("%s: at %v (distance %v) Below(%v) = %v, Evaluate2 says %v", name, q, want, th, g, w)
				}
			}
		}
	}
}

// BenchmarkFieldPlate evaluates a plate with 25 holes at points near it.
func BenchmarkFieldPlate(b *testing.B) {
	p := fieldProfiles()["plate"]
	f := NewField(p)
	rng := rand.New(rand.NewSource(1))
	pts := make([]Point, 1024)
	for i := range pts {
		pts[i] = Point{X: -10 + rng.Float64()*260, Y: -10 + rng.Float64()*210}
	}
	b.Run("Evaluate2", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			p.Evaluate2(pts[i%len(pts)])
		}
	})
	b.Run("Field", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			f.Evaluate2(pts[i%len(pts)])
		}
	})
	b.Run("Below", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			f.Below(pts[i%len(pts)], -0.1)
		}
	})
}
