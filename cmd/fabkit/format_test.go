package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/manifest"
	"github.com/fabkit/fabkit/pipeline"
)

// --only takes any registered format, and build --help lists it.
func TestOnlyRegisteredFormat(t *testing.T) {
	pipeline.RegisterFormat(pipeline.Format{
		Kind:  "probe",
		Files: []pipeline.FileSpec{{Path: "probe/design.txt", Kind: "txt", About: "a test's probe"}},
		Needs: pipeline.ProductMeshes,
		Write: func(ctx context.Context, in *pipeline.Products, out *pipeline.Output) error {
			return out.Add("probe/design.txt", []byte(in.Design.Name()+"\n"), pipeline.Owner{})
		},
	})
	t.Cleanup(func() { pipeline.UnregisterFormat("probe") })
	if code, out, _ := fabkit(t, "build", "--help"); code != 0 || !strings.Contains(out, "probe") {
		t.Errorf("build --help (exit %d) does not list probe:\n%s", code, out)
	}
	dir := filepath.Join(t.TempDir(), "out")
	code, _, stderr := fabkit(t, "build", "ceb-press", "--out", dir, "--only", "probe")
	if code != 0 {
		t.Fatalf("build --only probe: exit %d\n%s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "probe", "design.txt"))
	if err != nil || string(data) != "ceb-press\n" {
		t.Errorf("probe/design.txt = %q, %v", data, err)
	}
	m, err := manifest.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Files) != 1 || m.Files[0].Path != "probe/design.txt" {
		t.Errorf("manifest files %+v, want probe/design.txt only", m.Files)
	}
}
