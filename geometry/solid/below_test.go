package solid

import (
	"math/rand/v2"
	"testing"

	v3 "github.com/deadsy/sdfx/vec/v3"
)

// TestBelowAsEvaluate: Below(p, t) answers as sdfx's Evaluate(p) < t at
// random points and thresholds near the surface, inside and outside, where
// pruning by t matters most.
func TestBelowAsEvaluate(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for part := 0; part < 20; part++ {
		s := csgPart(r)
		c, ok := Compile(s).(*Compiled)
		if !ok {
			t.Fatalf("part %d: not compiled", part)
		}
		bb := s.BoundingBox()
		inside, outside := 0, 0
		for i := 0; i < 20000; i++ {
			p := v3.Vec{
				X: bb.Min.X - 2 + r.Float64()*(bb.Size().X+4),
				Y: bb.Min.Y - 2 + r.Float64()*(bb.Size().Y+4),
				Z: bb.Min.Z - 2 + r.Float64()*(bb.Size().Z+4),
			}
			v := s.Evaluate(p)
			for _, th := range []float64{-1, -0.1, 0, 0.1, v, v + 1e-9, v - 1e-9} {
				want := v < th
				if got := c.Below(p, th); got != want {
					t.Fatalf("part %d at %v: Below(%v) = %v, value %v", part, p, th, got, v)
				}
				if want {
					inside++
				} else {
					outside++
				}
			}
		}
		if inside == 0 || outside == 0 {
			t.Fatalf("part %d: %d below, %d not: the points miss the surface", part, inside, outside)
		}
	}
}
