package assembly_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/fabkit/fabkit/assembly"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/shop"
)

// TestSameReportOnAnyWorkers: the interference test's pairs run on
// several goroutines, yet the report (findings, their order, the counts)
// is the one a single worker gives, for a machine that goes together (the
// D3D, with printed parts sampled) and one with planted clashes (CEB press
// plates moved into their neighbours).
func TestSameReportOnAnyWorkers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two designs")
	}
	d3d, s1 := build(t, "d3d", "")
	ceb, s2 := build(t, "ceb-press", "")
	for _, id := range []string{"f14", "f4", "f1"} {
		for i := range ceb.Part(id).Placements {
			ceb.Part(id).Placements[i].T[1] += 5
		}
	}
	for _, c := range []struct {
		name  string
		m     *model.Model
		s     *shop.Shop
		clash bool
	}{
		{"d3d", d3d, s1, false},
		{"ceb-press with moved plates", ceb, s2, true},
	} {
		run := func(workers int) *assembly.Report {
			r, err := assembly.Run(context.Background(), c.m, c.s, assembly.Options{Workers: workers})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		one, _ := json.Marshal(run(1))
		rep := run(3)
		three, _ := json.Marshal(rep)
		if string(one) != string(three) {
			t.Errorf("%s: 1 worker and 3 workers differ:\n%s\n%s", c.name, one, three)
		}
		clashes := 0
		for _, f := range rep.Findings {
			if f.Check == "interference" {
				clashes++
			}
		}
		if c.clash && clashes < 2 {
			t.Errorf("%s: %d interference findings, want several: the planted clashes were missed", c.name, clashes)
		}
		if !c.clash && len(rep.Findings) != 0 {
			t.Errorf("%s: findings %+v", c.name, rep.Findings)
		}
	}
}
