package pipeline_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/geometry/solid"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/pipeline"
)

// knownSweepFailures are values inside a parameter's declared range that
// fail inside the build (status 1) today, each with a piece of its error.
// They belong to the design's owner; the sweep reports any other failure
// and also a listed one that starts to pass, so the list stays true.
// Key: "DESIGN PARAM=VALUE" (a single-parameter sweep).
var knownSweepFailures = map[string]string{
	// None today: the CEB press's (issue 17) are refused before any stage
	// naming their parameters, or build (designs/cebpress build.go).
}

// sweepValues spreads values over a parameter's range: min, max and
// points between (n in all), or every choice.
func sweepValues(p *params.Param, n int) []string {
	switch p.Kind {
	case params.Bool:
		return []string{"false", "true"}
	case params.Choice:
		return p.Choices
	case params.Count:
		var out []string
		seen := map[int]bool{}
		for k := 0; k < n; k++ {
			v := int(p.Min) + int(float64(k)*(p.Max-p.Min)/float64(n-1)+0.5)
			if !seen[v] {
				seen[v] = true
				out = append(out, strconv.Itoa(v))
			}
		}
		return out
	}
	out := []string{p.Format(p.Min), p.Format(p.Max)}
	for k := 1; k < n-1; k++ {
		out = append(out, p.Format(p.Min+(p.Max-p.Min)*float64(k)/float64(n-1)))
	}
	return out
}

// randomValue draws a value in a parameter's range.
func randomValue(p *params.Param, r *rand.Rand) string {
	switch p.Kind {
	case params.Bool:
		return strconv.FormatBool(r.IntN(2) == 1)
	case params.Choice:
		return p.Choices[r.IntN(len(p.Choices))]
	case params.Count:
		return strconv.Itoa(int(p.Min) + r.IntN(int(p.Max-p.Min)+1))
	}
	return p.Format(p.Min + (p.Max-p.Min)*r.Float64())
}

// sweepOutcome builds a design with overrides and says what went wrong:
// "" for a build, or a refusal before any stage (an input error naming
// one of the parameters, with no stage after the design's own run).
func sweepOutcome(d model.Design, cache *solid.Cache, set []params.Override) (outcome string, failed bool) {
	var stages []string
	var mu sync.Mutex
	names := make([]string, len(set))
	for i, o := range set {
		names[i] = o.Name
	}
	defer func() {
		if r := recover(); r != nil {
			outcome, failed = fmt.Sprintf("panic: %v", r), true
		}
	}()
	_, err := pipeline.Run(context.Background(), pipeline.Request{Design: d, Only: []string{"bom"}, MeshCache: cache,
		Layers: [][]params.Override{set}, Progress: func(p pipeline.Progress) {
			mu.Lock()
			if len(stages) == 0 || stages[len(stages)-1] != p.Stage {
				stages = append(stages, p.Stage)
			}
			mu.Unlock()
		}})
	if err == nil {
		return "", false
	}
	if !pipeline.IsInputError(err) {
		return "status 1: " + err.Error(), true
	}
	if len(stages) > 1 || len(stages) == 1 && stages[0] != "design" {
		return fmt.Sprintf("refused after stages %v: %v", stages, err), true
	}
	for _, n := range names {
		if strings.Contains(err.Error(), n) {
			return "refused: " + err.Error(), false
		}
	}
	return "refused without naming " + strings.Join(names, ", ") + ": " + err.Error(), true
}

// TestSweep: for each design and parameter, the minimum, the maximum and
// values between, and seeded random combinations of every parameter,
// either build or are refused before any stage with a message naming a
// parameter: no status 1, no panic (issue 17).
//
// By default it sweeps the CEB press's minima and maxima and two random
// combinations (a minute or two), so that go test ./pipeline stays inside
// its timeout; FABKIT_SWEEP=1 adds three points inside every range, six
// combinations and the D3D (whose printed parts are marched in every
// build), FABKIT_SWEEP=full seven points and 40 combinations per design.
func TestSweep(t *testing.T) {
	if testing.Short() {
		t.Skip("builds each design dozens of times")
	}
	level := os.Getenv("FABKIT_SWEEP")
	cache, err := solid.OpenCache(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range designs.All() {
		t.Run(d.Name(), func(t *testing.T) {
			points, combos := 2, 2
			switch {
			case level == "full":
				points, combos = 7, 40
			case level != "":
				points, combos = 5, 6
			case d.Name() != "ceb-press":
				t.Skip("set FABKIT_SWEEP=1 to sweep the D3D")
			}
			var runs [][]params.Override
			for _, p := range d.Schema().Params {
				for _, v := range sweepValues(p, points) {
					runs = append(runs, []params.Override{{Name: p.Name, Value: v, Source: "sweep"}})
				}
			}
			r := rand.New(rand.NewPCG(17, uint64(len(d.Name()))))
			for range combos {
				var set []params.Override
				for _, p := range d.Schema().Params {
					set = append(set, params.Override{Name: p.Name, Value: randomValue(p, r), Source: "sweep"})
				}
				runs = append(runs, set)
			}
			for _, set := range runs {
				key := d.Name() + " " + set[0].Name + "=" + set[0].Value
				if len(set) > 1 {
					key = d.Name() + " combination " + fmt.Sprint(set)
				}
				outcome, failed := sweepOutcome(d, cache, set)
				want, known := knownSweepFailures[key]
				switch {
				case failed && known && strings.Contains(outcome, want):
					t.Logf("known failure: %s: %s", key, outcome)
				case failed:
					t.Errorf("%s: %s", key, outcome)
				case known:
					t.Errorf("%s: listed as a known failure (%q) but %s: remove it from knownSweepFailures", key, want, orBuilt(outcome))
				}
			}
		})
	}
}

func orBuilt(outcome string) string {
	if outcome == "" {
		return "it builds"
	}
	return outcome
}

// fuzzCache shares the marched meshes of FuzzSweep's builds.
var fuzzCache = solid.NewMemoryCache()

// FuzzSweep builds random combinations of in-range values drawn from a
// seed: the outcome is a build or a refusal before any stage naming a
// parameter, never status 1 or a panic.
func FuzzSweep(f *testing.F) {
	// One seed per design: the seeds also run as plain tests.
	f.Add(uint8(0), uint64(17))
	f.Add(uint8(1), uint64(17))
	all := designs.All()
	f.Fuzz(func(t *testing.T, di uint8, seed uint64) {
		d := all[int(di)%len(all)]
		r := rand.New(rand.NewPCG(seed, 17))
		var set []params.Override
		for _, p := range d.Schema().Params {
			if r.IntN(2) == 0 { // some parameters keep their default
				set = append(set, params.Override{Name: p.Name, Value: randomValue(p, r), Source: "fuzz"})
			}
		}
		if len(set) == 0 {
			return
		}
		if outcome, failed := sweepOutcome(d, fuzzCache, set); failed {
			var known bool
			if len(set) == 1 {
				_, known = knownSweepFailures[d.Name()+" "+set[0].Name+"="+set[0].Value]
			}
			if !known {
				t.Fatalf("%s %v: %s", d.Name(), set, outcome)
			}
		}
	})
}
