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
