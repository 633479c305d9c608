package pipeline_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"flag"
	"github.com/fabkit/fabkit/manifest"
	"path/filepath"
	"testing"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/pipeline"
	"github.com/fabkit/fabkit/regress"
)

var update = flag.Bool("update", false, "rewrite the golden manifests in testdata/golden")

// TestEveryPresetBuildsDeterministically builds every preset of every
// design twice, on one worker and on all cores, and compares every file;
// then it checks the manifest against the golden one in testdata/golden
// with fabkit check's default tolerances (-update rewrites the goldens).
func TestEveryPresetBuildsDeterministically(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every preset twice")
	}
	for _, d := range designs.All() {
		for _, preset := range d.Schema().PresetNames() {
			t.Run(d.Name()+"/"+preset, func(t *testing.T) {
				var raw []byte
				hashes := func(workers int) map[string][32]byte {
					res, err := pipeline.Run(context.Background(), pipeline.Request{Design: d, Preset: preset, Workers: workers})
					if err != nil {
						t.Fatal(err)
					}
					out := map[string][32]byte{}
					for _, f := range res.Files {
						out[f.Path] = sha256.Sum256(f.Data)
						if f.Path == "manifest.json" {
							raw = f.Data
						}
					}
					return out
				}
				one, all := hashes(1), hashes(0)
				if len(one) != len(all) {
					t.Fatalf("%d files on one worker, %d on all cores", len(one), len(all))
				}
				for path, h := range one {
					if all[path] != h {
						t.Errorf("%s differs between one worker and all cores", path)
					}
				}
				checkGolden(t, filepath.Join("..", "testdata", "golden", d.Name()+"-"+preset+".json"), raw)
			})
		}
	}
}

// checkGolden compares a build's manifest with its golden file.
func checkGolden(t *testing.T, path string, raw []byte) {
	t.Helper()
	got, err := manifest.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := manifest.WriteFile(path, got); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := manifest.Read(path)
	if err != nil {
		t.Fatalf("%v (run go test ./pipeline -run EveryPreset -update to create it)", err)
	}
	// With --files, as CI runs fabkit check: a change to any output's
	// bytes must come with its refreshed golden (issue 17: 5 stale hashes).
	tol := regress.DefaultTolerances()
	tol.CompareFiles = true
	rep := regress.Check(got, want, tol)
	if rep.Failed() {
		var buf bytes.Buffer
		rep.WriteTable(&buf)
		t.Errorf("manifest drifted from %s:\n%s", path, buf.String())
	}
}
