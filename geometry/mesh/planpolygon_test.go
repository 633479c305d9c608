package mesh

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/fabkit/fabkit/geometry/profile"
)

// TestHalfTurnImpliesTheAngleSum draws random open stars whose every step
// turns left by less than a half turn and wants the angle sum within 0.5 of
// π wherever halfTurn says so (planPolygon then skips the sum).
func TestHalfTurnImpliesTheAngleSum(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 2))
	said := 0
	for trial := 0; trial < 100000; trial++ {
		c := profile.Point{X: rng.Float64(), Y: rng.Float64()}
		m := 3 + rng.IntN(4)
		q := make([]profile.Point, m)
		a, sum := rng.Float64()*2*math.Pi, 0.0
		for i := range q {
			if i > 0 {
				step := rng.Float64() * math.Pi * 0.999
				if rng.IntN(2) == 0 {
					step = (math.Pi + (rng.Float64()-0.5)*1.2) / float64(m-1)
				}
				a += step
				sum += step
			}
			r := 0.1 + rng.Float64()
			q[i] = profile.Point{X: c.X + r*math.Cos(a), Y: c.Y + r*math.Sin(a)}
		}
		if halfTurn(q, c) {
			said++
			if math.Abs(sum-math.Pi) > 0.5 {
				t.Fatalf("halfTurn on a star turning %.3f rad: %v around %v", sum, q, c)
			}
		}
	}
	if said == 0 {
		t.Fatal("halfTurn never held")
	}
}
