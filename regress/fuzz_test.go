package regress

import (
	"bytes"
	"fmt"
	"github.com/fabkit/fabkit/manifest"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// FuzzCheck feeds two JSON manifests, a build and a golden one, to Check,
// Diff and their writers: none may panic, a manifest checked against
// itself never fails, and a row fails only when Check says so. The seed
// corpus is in testdata/fuzz/FuzzCheck (rewritten by TestFuzzSeeds with
// -update).
func FuzzCheck(f *testing.F) {
	f.Fuzz(func(t *testing.T, gotJSON, goldenJSON []byte) {
		got, err1 := manifest.Decode(bytes.NewReader(gotJSON))
		golden, err2 := manifest.Decode(bytes.NewReader(goldenJSON))
		if err1 != nil || err2 != nil {
			return
		}
		for _, tol := range []Tolerances{DefaultTolerances(), {CompareFiles: true}} {
			r := Check(got, golden, tol)
			if err := r.WriteTable(io.Discard); err != nil {
				t.Fatal(err)
			}
			if r.Failed() != (len(r.Failures()) > 0) {
				t.Fatal("Failed disagrees with Failures")
			}
			if self := Check(golden, golden, tol); len(self.Rows) != 0 {
				t.Fatalf("a manifest differs from itself: %+v", self.Rows)
			}
		}
		d := Diff(golden, got)
		if err := d.WriteText(io.Discard); err != nil {
			t.Fatal(err)
		}
		if err := manifest.Encode(io.Discard, got); err != nil {
			t.Fatal(err)
		}
	})
}

// TestFuzzSeeds checks that the seed corpus is there, and rewrites it from
// the test manifests with -update.
func TestFuzzSeeds(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzCheck")
	if !*update {
		seeds, err := os.ReadDir(dir)
		if err != nil || len(seeds) < 5 {
			t.Fatalf("seed corpus %s: %d files, %v (run go test ./regress -update)", dir, len(seeds), err)
		}
		return
	}
	enc := func(m *manifest.Manifest) string {
		var b bytes.Buffer
		if err := manifest.Encode(&b, m); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	base := enc(sample())
	drift := clone(t, sample())
	drift.Parts[0].VolumeMM3 *= 1.01
	drift.Parts = append(drift.Parts[1:], drift.Parts[0], drift.Parts[0])
	drift.Nests = append(drift.Nests, drift.Nests[0])
	drift.Cost = nil
	drift.Files = nil
	drift.Design.Version = "18"
	seeds := map[string][2]string{
		"identical":  {base, base},
		"drift":      {enc(drift), base},
		"empty":      {"{}", base},
		"nulls":      {`{"parts":null,"stock":null,"nests":null,"cost":null,"files":null,"parameters":null}`, `{"parts":[{"id":"a","bbox_mm":[1e300,-1e300,0]}]}`},
		"odd-params": {`{"parameters":[{"name":"x","value":{"a":[1,2]}},{"name":"x","value":true},{"name":"y","value":null}]}`, `{"parameters":[{"name":"x","value":3}],"warnings":[{"severity":"warning","params":["x"],"message":"a\nb\tc"}]}`},
		"huge":       {`{"nests":[{"id":"s","cut_length_mm":1.7e308,"time_s":-1.7e308}],"cost":{"total":1e308}}`, `{"nests":[{"id":"s","cut_length_mm":-1.7e308,"time_s":1.7e308}],"cost":{"total":-1e308}}`},
		"not-json":   {`{"parts":[`, base},
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, s := range seeds {
		data := fmt.Sprintf("go test fuzz v1\n[]byte(%s)\n[]byte(%s)\n", strconv.Quote(s[0]), strconv.Quote(s[1]))
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
