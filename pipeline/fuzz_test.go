package pipeline_test

import (
	"context"
	"testing"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/pipeline"
)

// FuzzDesignParams sets one parameter of one design to an arbitrary text
// and builds: the outcome is a clear error or a valid build, never a panic.
// (Atomic output on failure is WriteDir's job, tested in write_test.go.)
func FuzzDesignParams(f *testing.F) {
	all := designs.All()
	for di, d := range all {
		for pi, p := range d.Schema().Params {
			f.Add(uint8(di), uint8(pi), p.Format(p.Default))
			f.Add(uint8(di), uint8(pi), p.RangeText())
		}
	}
	f.Add(uint8(0), uint8(0), "1e308in")
	f.Add(uint8(0), uint8(1), "-0")
	f.Fuzz(func(t *testing.T, di, pi uint8, value string) {
		d := all[int(di)%len(all)]
		ps := d.Schema().Params
		p := ps[int(pi)%len(ps)]
		res, err := pipeline.Run(context.Background(), pipeline.Request{Design: d, Only: []string{"stl"},
			Layers: [][]params.Override{{{Name: p.Name, Value: value, Source: "fuzz"}}}})
		if err != nil {
			if res != nil {
				t.Fatalf("%s=%q: error %v with a result", p.Name, value, err)
			}
			return
		}
		for _, part := range res.Parts {
			if part.VolumeMM3 < 0 || part.MassKg < 0 {
				t.Fatalf("%s=%q: part %s has negative volume or mass", p.Name, value, part.ID)
			}
		}
	})
}
