package cli

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

// The terminal's progress line shows a bar as long as the fraction done,
// the percentage, the stage and its message.
func TestProgressLine(t *testing.T) {
	for _, c := range []struct {
		p    pipeline.Progress
		want string
	}{
		{pipeline.Progress{Stage: "design", Fraction: 0, Message: "building the model"}, "building ceb-press [----------]   0% design: building the model"},
		{pipeline.Progress{Stage: "cam", Fraction: 0.42, Message: "nesting"}, "building ceb-press [####------]  42% cam: nesting"},
		{pipeline.Progress{Stage: "manifest", Fraction: 1, Message: "3 files"}, "building ceb-press [##########] 100% manifest: 3 files"},
	} {
		if got := progressLine("ceb-press", c.p, 10); got != c.want {
			t.Errorf("progressLine(%+v) = %q, want %q", c.p, got, c.want)
		}
	}
}
