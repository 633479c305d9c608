package pipeline_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/geometry/solid"
	"github.com/fabkit/fabkit/manifest"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/pipeline"
)

// spell writes a length of mm millimetres in unit u ("mm", "cm", "m",
// "in", "ft") as an exact decimal, or "" when the decimal does not end.
func spell(mm float64, u string, per *big.Rat) string {
	r := new(big.Rat)
	r.SetString(strconv.FormatFloat(mm, 'f', 6, 64)) // to the nanometre
	r.Quo(r, per)
	for digits := 0; digits <= 9; digits++ {
		if s := r.FloatString(digits); func() bool { x, _ := new(big.Rat).SetString(s); return x.Cmp(r) == 0 }() {
			return s + u
		}
	}
	return ""
}

// fractionInches writes mm as a mixed fraction of inches ("3 1/2in"), or "".
func fractionInches(mm float64) string {
	r := new(big.Rat)
	r.SetString(strconv.FormatFloat(mm, 'f', 6, 64))
	r.Quo(r, big.NewRat(254, 10))
	if !r.Denom().IsInt64() || r.Denom().Int64() > 1024 || r.Sign() <= 0 {
		return ""
	}
	whole := new(big.Int).Quo(r.Num(), r.Denom())
	rest := new(big.Rat).Sub(r, new(big.Rat).SetInt(whole))
	switch {
	case rest.Sign() == 0:
		return whole.String() + ".0in"
	case whole.Sign() == 0:
		return rest.String() + "in"
	}
	return whole.String() + " " + rest.String() + "in"
}

var unitsPer = []struct {
	name string
	per  *big.Rat
}{{"mm", big.NewRat(1, 1)}, {"cm", big.NewRat(10, 1)}, {"m", big.NewRat(1000, 1)}, {"in", big.NewRat(254, 10)}, {"ft", big.NewRat(3048, 10)}}

// TestEquivalentSpellings builds each design at its defaults spelt in
// every unit (mm, cm, m, decimal and fractional inches, feet), given by
// -D and by a --params JSON file, and requires byte-identical files, the
// same digest and the same manifest apart from the record of the text
// given. Issue 17: brick_length=304.8mm nested the 1/2in plates on 3
// sheets instead of 2 (+$719), because 12in was 304.79999999999995 mm.
func TestEquivalentSpellings(t *testing.T) {
	if testing.Short() {
		t.Skip("builds each design several times")
	}
	for _, d := range designs.All() {
		t.Run(d.Name(), func(t *testing.T) {
			// Equal spellings give equal solids, so a shared mesh cache
			// marches the D3D's printed parts once (the cache gives the
			// same bytes as marching: meshcache_test.go).
			cache := solid.NewMemoryCache()
			build := func(layers ...[]params.Override) *pipeline.Result {
				t.Helper()
				res, err := pipeline.Run(context.Background(), pipeline.Request{Design: d, MeshCache: cache,
					Only: []string{"gcode", "dxf", "bom"}, Layers: layers})
				if err != nil {
					t.Fatal(err)
				}
				return res
			}
			base := build()
			// Variant k spells parameter i in the ((i+k) mod n)-th of the
			// spellings it has, and gives every other parameter through a
			// --params file, the rest through -D: across the variants each
			// parameter is spelt several ways and every spelling is used.
			variants := 6
			for k := 0; k < variants; k++ {
				var defs []params.Override
				obj := map[string]string{}
				var what []string
				for i, p := range d.Schema().Params {
					if p.Kind != params.Length {
						continue
					}
					mm := p.Default.(float64)
					var all []string
					for _, u := range unitsPer {
						if s := spell(mm, u.name, u.per); s != "" {
							all = append(all, s)
						}
					}
					if s := fractionInches(mm); s != "" {
						all = append(all, s)
					}
					text := all[(i+k)%len(all)]
					what = append(what, p.Name+"="+text)
					if i%2 == k%2 {
						defs = append(defs, params.Override{Name: p.Name, Value: text, Source: "-D"})
					} else {
						obj[p.Name] = text
					}
				}
				data, _ := json.Marshal(obj)
				file, err := params.ReadFile("p.json", data)
				if err != nil {
					t.Fatal(err)
				}
				compareBuilds(t, strings.Join(what, " "), base, build(file, defs))
			}
		})
	}
}

// compareBuilds requires a and b to be the same build but for the text
// their parameters were given as.
func compareBuilds(t *testing.T, what string, a, b *pipeline.Result) {
	t.Helper()
	if a.Manifest.Digest != b.Manifest.Digest {
		t.Errorf("%s: digest %s, want %s", what, b.Manifest.Digest, a.Manifest.Digest)
	}
	if ca, cb := a.Manifest.Cost, b.Manifest.Cost; fmt.Sprint(*ca) != fmt.Sprint(*cb) {
		t.Errorf("%s: cost %+v, want %+v", what, *cb, *ca)
	}
	files := map[string][]byte{}
	for _, f := range a.Files {
		files[f.Path] = f.Data
	}
	if len(a.Files) != len(b.Files) {
		t.Errorf("%s: %d files, want %d", what, len(b.Files), len(a.Files))
	}
	for _, f := range b.Files {
		want, ok := files[f.Path]
		switch {
		case !ok:
			t.Errorf("%s: extra file %s", what, f.Path)
		case f.Path == "manifest.json":
			if got, want := stripGiven(t, f.Data), stripGiven(t, want); !bytes.Equal(got, want) {
				t.Errorf("%s: manifests differ beyond the text given:\n%s\n%s", what, got, want)
			}
		case !bytes.Equal(f.Data, want):
			t.Errorf("%s: %s differs", what, f.Path)
		}
	}
}

// stripGiven blanks the record of the text each parameter was given as.
func stripGiven(t *testing.T, data []byte) []byte {
	var m manifest.Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	for i := range m.Parameters {
		m.Parameters[i].Given, m.Parameters[i].Source = "", ""
	}
	out, _ := json.Marshal(m)
	return out
}
