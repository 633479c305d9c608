package pipeline_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/internal/tooltest"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/pipeline"
)

// admeshRepairs are the lines of admesh's report that count repairs; every
// one must read 0 for a mesh a slicer takes without repair.
var admeshRepairs = regexp.MustCompile(`(?m)^(Degenerate facets|Edges fixed|Facets removed|Facets added|Facets reversed|Backwards edges|Normals fixed)\s*:\s*(\d+)`)

// TestMeshesNeedNoRepair runs admesh on every STL of every shipped design
// at its defaults and at every preset (each part, the D3D's printed parts
// included, and the assembly) and fails if admesh finds anything to
// repair.
func TestMeshesNeedNoRepair(t *testing.T) {
	admesh := tooltest.Need(t, "admesh")
	type build struct {
		d      model.Design
		preset string
	}
	var builds []build
	for _, d := range designs.All() {
		builds = append(builds, build{d, ""})
		if !testing.Short() {
			for _, p := range d.Schema().PresetNames() {
				builds = append(builds, build{d, p})
			}
		}
	}
	for _, b := range builds {
		d := b.d
		name := d.Name()
		if b.preset != "" {
			name += "/" + b.preset
		}
		t.Run(name, func(t *testing.T) {
			res, err := pipeline.Run(context.Background(), pipeline.Request{Design: d, Preset: b.preset, Only: []string{"stl"}})
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			checked := 0
			for _, f := range res.Files {
				if f.Kind != "stl" {
					continue
				}
				path := filepath.Join(dir, filepath.Base(f.Path))
				if err := os.WriteFile(path, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
				out, err := exec.Command(admesh, path).CombinedOutput()
				if err != nil {
					t.Fatalf("admesh %s: %v\n%s", f.Path, err, out)
				}
				report := string(out)
				found := admeshRepairs.FindAllStringSubmatch(report, -1)
				if len(found) != 7 {
					t.Fatalf("admesh %s: unexpected report:\n%s", f.Path, report)
				}
				for _, m := range found {
					if m[2] != "0" {
						t.Errorf("admesh %s: %s = %s", f.Path, m[1], m[2])
					}
				}
				if f.Path == "stl/assembly.stl" {
					continue
				}
				if !strings.Contains(report, "Number of parts       :     1") {
					t.Errorf("admesh %s: not one connected part", f.Path)
				}
				checked++
			}
			made := 0
			for _, p := range res.Model.Parts {
				if p.Purchased == nil {
					made++
				}
			}
			if checked != made {
				t.Errorf("checked %d part meshes, want one per made part (%d)", checked, made)
			}
		})
	}
}
