package service

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/deadsy/sdfx/sdf"
	"github.com/deadsy/sdfx/vec/v3"

	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

// printedDesign is fakeDesign with a printed knob beside the plates: a
// free-form part, so that a build marches a mesh.
type printedDesign struct{ fakeDesign }

func (d printedDesign) Build(ctx context.Context, v *params.Values, s *shop.Shop, r *params.Report) (*model.Model, error) {
	m, err := d.fakeDesign.Build(ctx, v, s, r)
	if err != nil {
		return nil, err
	}
	knob, err := sdf.Box3D(v3.Vec{X: 20, Y: 20, Z: 10}, 2)
	if err != nil {
		return nil, err
	}
	return m.Add(&model.Part{ID: "knob", Name: "knob", Material: "pla", Process: model.Print3D, Qty: 1,
		Solid: &model.Solid{Shape: knob}, Placements: []model.Transform{model.At(0, 400, 0)}}), nil
}

// meshEntries counts the files in a mesh cache folder.
func meshEntries(t *testing.T, dir string) int {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}

// TestBuildsKeepMeshes checks that a posted build keeps the meshes it
// marched in the mesh cache (by default CACHE/meshes, or the folder named),
// and keeps none with the cache off.
func TestBuildsKeepMeshes(t *testing.T) {
	designs := func() []model.Design { return []model.Design{printedDesign{fakeDesign{"knobs"}}} }
	own := filepath.Join(t.TempDir(), "shared-meshes")
	for _, tc := range []struct {
		name, meshDir string
		where         func(cache string) string
		want          bool
	}{
		{"default", "", func(cache string) string { return filepath.Join(cache, "meshes") }, true},
		{"named", own, func(string) string { return own }, true},
		{"off", "off", func(cache string) string { return filepath.Join(cache, "meshes") }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cache := t.TempDir()
			ts := newTestServer(t, Config{CacheDir: cache, MeshCacheDir: tc.meshDir, Designs: designs})
			if st := ts.build(`{"design": "knobs", "formats": ["stl"]}`); st.Status != StatusDone {
				t.Fatalf("build: %+v", st)
			}
			n := meshEntries(t, tc.where(cache))
			if tc.want && n == 0 {
				t.Errorf("no mesh kept in %s", tc.where(cache))
			}
			if !tc.want && n != 0 {
				t.Errorf("%d meshes kept with the cache off", n)
			}
		})
	}
}
