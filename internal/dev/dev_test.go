package dev

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestParseErrors(t *testing.T) {
	root := "/repo"
	out := "# example.com/mymachine/bracket\n" +
		"bracket/bracket.go:75:9: undefined: undefinedThing\n" +
		"./bracket/params.go:3: syntax error: unexpected newline\n" +
		"/repo/cmd/x/main.go:10:2: \"fmt\" imported and not used\n" +
		"/elsewhere/y.go:1:1: outside\n" +
		"note: module requires Go 1.99\n"
	got := parseErrors(out, root, root)
	want := []SourceError{
		{File: "bracket/bracket.go", Line: 75, Col: 9, Message: "undefined: undefinedThing"},
		{File: "bracket/params.go", Line: 3, Message: "syntax error: unexpected newline"},
		{File: "cmd/x/main.go", Line: 10, Col: 2, Message: `"fmt" imported and not used`},
		{File: "/elsewhere/y.go", Line: 1, Col: 1, Message: "outside"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("parseErrors =\n%v\nwant\n%v", got, want)
	}
	if s := want[0].String(); s != "bracket/bracket.go:75:9: undefined: undefinedThing" {
		t.Errorf("String = %q", s)
	}
	if s := want[1].String(); s != "bracket/params.go:3: syntax error: unexpected newline" {
		t.Errorf("String = %q", s)
	}
}

// The watcher sees Go sources, go.mod and go.sum change, and nothing in
// tests, testdata, output folders, hidden folders or nested modules.
func TestScanWatchesTheCommandsSources(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"go.mod", "go.sum", "bracket/bracket.go", "cmd/bracket/main.go",
		"bracket/bracket_test.go", "testdata/x.go", "out/y.go", ".git/z.go", "README.md", "other/go.mod", "other/o.go"} {
		write(f, "x")
	}
	a := scan(root)
	var names []string
	for p := range a {
		names = append(names, p)
	}
	slices.Sort(names)
	if want := []string{"bracket/bracket.go", "cmd/bracket/main.go", "go.mod", "go.sum"}; !slices.Equal(names, want) {
		t.Errorf("watched %v, want %v", names, want)
	}
	if ch := changed(a, scan(root)); len(ch) != 0 {
		t.Errorf("nothing changed, but %v", ch)
	}
	write("bracket/bracket.go", "xy") // same mtime granularity is possible: the size differs
	write("bracket/new.go", "x")
	write("bracket/bracket_test.go", "xyz")
	os.Remove(filepath.Join(root, "go.sum"))
	later := time.Now().Add(time.Second)
	os.Chtimes(filepath.Join(root, "cmd/bracket/main.go"), later, later)
	if ch, want := changed(a, scan(root)), []string{"bracket/bracket.go", "bracket/new.go", "cmd/bracket/main.go", "go.sum"}; !slices.Equal(ch, want) {
		t.Errorf("changed %v, want %v", ch, want)
	}
}

// The loop's build on every save is a preview build, with the drawings
// the page's preview shows, unless the formats asked need a full build.
func TestLoopBuildKind(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/m\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		formats     []string
		full        bool
		preview     bool
		wantFormats []string
	}{
		{nil, false, true, []string{"sheets", "stl"}},
		{[]string{"stl"}, false, true, []string{"sheets", "stl"}},
		{[]string{"sheets"}, false, true, []string{"sheets"}},
		{[]string{"stl", "gcode"}, false, false, []string{"stl", "gcode"}},
		{[]string{}, false, false, []string{}},
		{[]string{"stl"}, true, false, []string{"stl"}},
	} {
		l, err := New(Config{Root: root, Formats: c.formats, Full: c.full, Go: "go"})
		if err != nil {
			t.Fatal(err)
		}
		if l.cfg.preview != c.preview || !slices.Equal(l.cfg.Formats, c.wantFormats) {
			t.Errorf("formats %q full %v: preview %v of %q, want preview %v of %q", c.formats, c.full,
				l.cfg.preview, l.cfg.Formats, c.preview, c.wantFormats)
		}
	}
}

// TestBuildEnv: go build runs with GOGC=400 unless the environment sets
// GOGC, and the caller's slice is left as it was.
func TestBuildEnv(t *testing.T) {
	env := make([]string, 1, 4)
	env[0] = "HOME=/h"
	got := buildEnv(env)
	if !slices.Equal(got, []string{"HOME=/h", "GOGC=400"}) {
		t.Errorf("buildEnv = %q", got)
	}
	if env[:2][1] != "" {
		t.Errorf("buildEnv wrote into the caller's slice: %q", env[:2])
	}
	own := []string{"GOGC=50", "HOME=/h"}
	if got := buildEnv(own); !slices.Equal(got, own) {
		t.Errorf("buildEnv overrode the caller's GOGC: %q", got)
	}
}
