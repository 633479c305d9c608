package build_test

import (
	"context"
	"crypto/sha256"
	"testing"

	"github.com/fabkit/fabkit/build"
	"github.com/fabkit/fabkit/designs"
)

// TestEveryPresetBuildsDeterministically builds every preset of every
// design twice, on one worker and on all cores, and compares every file.
func TestEveryPresetBuildsDeterministically(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every preset twice")
	}
	for _, d := range designs.All() {
		for _, preset := range d.Schema().PresetNames() {
			t.Run(d.Name()+"/"+preset, func(t *testing.T) {
				hashes := func(workers int) map[string][32]byte {
					res, err := build.Run(context.Background(), build.Request{Design: d, Preset: preset, Workers: workers})
					if err != nil {
						t.Fatal(err)
					}
					out := map[string][32]byte{}
					for _, f := range res.Files {
						out[f.Path] = sha256.Sum256(f.Data)
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
			})
		}
	}
}
