package dev

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestLocateFailure: a failed check is placed at the line that raises it
// and at the declarations of the parameters it names.
func TestLocateFailure(t *testing.T) {
	root := t.TempDir()
	src := `package widget

func schema(s *params.Schema) {
	s.Length("arm_length", "Arm", I, "12in", "6in", "48in", "Arm.")
	s.Length("plate_length", "Plates", I, "6in", "4in", "12in", "Plate.")
	s.Preset("short", "Short.", map[string]string{"arm_length": "8in"})
}

func check(v *params.Values, r *params.Report) {
	if v.Length("arm_length") < v.Length("plate_length") {
		r.Errorf([]string{"arm_length", "plate_length"}, "the arm must reach past the plates")
	}
}
`
	os.MkdirAll(filepath.Join(root, "widget"), 0o755)
	os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n"), 0o644)
	os.WriteFile(filepath.Join(root, "widget", "widget.go"), []byte(src), 0o644)
	os.WriteFile(filepath.Join(root, "widget", "widget_test.go"), []byte(`package widget
var _ = []string{"arm_length"}
`), 0o644)
	got := locateFailure(root, &buildFailure{Field: "params.arm_length", Message: "arm_length, plate_length: the arm must reach past the plates"})
	var places []string
	for _, e := range got {
		places = append(places, fmt.Sprintf("%s:%d:%d", e.File, e.Line, e.Col))
	}
	want := []string{"widget/widget.go:11:21", "widget/widget.go:4:11", "widget/widget.go:5:11"}
	if fmt.Sprint(places) != fmt.Sprint(want) {
		t.Errorf("places %v, want %v (%+v)", places, want, got)
	}
	if got[0].Message != "the check: params.arm_length: arm_length, plate_length: the arm must reach past the plates" {
		t.Errorf("check message %q", got[0].Message)
	}
	if locateFailure(root, &buildFailure{Message: "the build timed out"}) != nil {
		t.Error("a failure naming no parameter was placed")
	}
	if locateFailure(root, fmt.Errorf("connection refused")) != nil {
		t.Error("an error that is not a build failure was placed")
	}
}

// TestMeshCacheFor checks that generations share one mesh cache folder,
// and that in fabkit's own checkout a save under geometry/ starts a new
// one (the mesher may have changed) while a design's save does not.
func TestMeshCacheFor(t *testing.T) {
	for _, tc := range []struct {
		module string
		fresh  bool // a geometry/ save starts a new folder
	}{{"github.com/fabkit/fabkit", true}, {"example.com/mymachine", false}} {
		root := t.TempDir()
		os.WriteFile(filepath.Join(root, "go.mod"), []byte("// a comment\nmodule "+tc.module+"\n\ngo 1.26\n"), 0o644)
		l := &Loop{cfg: Config{Root: root}, tmp: t.TempDir()}
		first := l.meshCacheFor(1, nil)
		if got := l.meshCacheFor(2, []string{"designs/cebpress/params.go"}); got != first {
			t.Errorf("%s: a design's save moved the mesh cache from %s to %s", tc.module, first, got)
		}
		got := l.meshCacheFor(3, []string{"designs/x.go", "geometry/mesh/simplify.go"})
		if (got != first) != tc.fresh {
			t.Errorf("%s: after a geometry/ save the mesh cache is %s (first %s); want a new one: %v", tc.module, got, first, tc.fresh)
		}
	}
}
