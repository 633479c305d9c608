package mesh

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/fabkit/fabkit/geometry/profile"
)

// noisyFace is a flat face as marching leaves it: a rectangle with a vertex
// every half millimetre along its sides, drilled with round holes, every
// coordinate jittered far below a micrometre and rounded through float32,
// so that the sides are runs of nearly collinear vertices.
func noisyFace(rng *rand.Rand) ([]profile.Point, [][]int) {
	w, h := 20+rng.Float64()*180, 10+rng.Float64()*60
	var pts []profile.Point
	at := func(x, y float64) int {
		j := func(v float64) float64 { return float64(float32(v + (rng.Float64()-0.5)*1e-6)) }
		pts = append(pts, profile.Point{X: j(x), Y: j(y)})
		return len(pts) - 1
	}
	var outer []int
	nx, ny := int(w/0.5), int(h/0.5)
	for i := 0; i < nx; i++ {
		outer = append(outer, at(float64(i)*0.5, 0))
	}
	for i := 0; i < ny; i++ {
		outer = append(outer, at(float64(nx)*0.5, float64(i)*0.5))
	}
	for i := nx; i > 0; i-- {
		outer = append(outer, at(float64(i)*0.5, float64(ny)*0.5))
	}
	for i := ny; i > 0; i-- {
		outer = append(outer, at(0, float64(i)*0.5))
	}
	rings := [][]int{outer}
	// One hole in some of the 10 mm squares of the face, clockwise.
	for cx := 5.0; cx+5 < float64(nx)*0.5; cx += 10 {
		for cy := 5.0; cy+5 < float64(ny)*0.5; cy += 10 {
			if rng.IntN(3) != 0 {
				continue
			}
			r, n := 1+rng.Float64()*3, 8+rng.IntN(40)
			var hole []int
			for k := n; k > 0; k-- {
				a := 2 * math.Pi * float64(k) / float64(n)
				hole = append(hole, at(cx+r*math.Cos(a), cy+r*math.Sin(a)))
			}
			rings = append(rings, hole)
		}
	}
	return pts, rings
}

// TestEarIndexClipsAsTheScan clips noisy faces with and without the
// earIndex and wants the same triangles, in the same order.
func TestEarIndexClipsAsTheScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 1))
	for trial := 0; trial < 30; trial++ {
		pts, rings := noisyFace(rng)
		a, err := bridged(pts, rings)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := bridged(pts, rings)
		g := newEarIndex(a)
		if g == nil {
			t.Fatalf("trial %d: no index for %d points", trial, len(pts))
		}
		got, gerr := clipEars(a, g)
		want, werr := clipEars(b, nil)
		if (gerr == nil) != (werr == nil) || !slices.Equal(got, want) {
			t.Fatalf("trial %d (%d points, %d rings): indexed clipping gave %d triangles (%v), the scan %d (%v)",
				trial, len(pts), len(rings), len(got), gerr, len(want), werr)
		}
	}
}
