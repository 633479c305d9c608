package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	return out
}

func TestWriteDirAtomic(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "out", "ceb")
	first := []File{{Path: "manifest.json", Data: []byte("{1}")}, {Path: "stl/a.stl", Data: []byte("a")}}
	if err := WriteDir(out, first); err != nil {
		t.Fatal(err)
	}
	if got := readTree(t, out); len(got) != 2 || got["stl/a.stl"] != "a" {
		t.Fatalf("first build: %v", got)
	}
	// A second build replaces the first completely (stale files go).
	second := []File{{Path: "manifest.json", Data: []byte("{2}")}, {Path: "bom/b.csv", Data: []byte("b")}}
	if err := WriteDir(out, second); err != nil {
		t.Fatal(err)
	}
	if got := readTree(t, out); len(got) != 2 || got["manifest.json"] != "{2}" || got["stl/a.stl"] != "" {
		t.Fatalf("second build: %v", got)
	}
	// A failing write (bad path) leaves the previous build untouched and no temp folders.
	bad := []File{{Path: "manifest.json", Data: []byte("{3}")}, {Path: "../escape", Data: []byte("x")}}
	if err := WriteDir(out, bad); err == nil {
		t.Fatal("escaping path accepted")
	}
	if got := readTree(t, out); got["manifest.json"] != "{2}" {
		t.Fatalf("failed build changed the folder: %v", got)
	}
	entries, _ := os.ReadDir(filepath.Join(root, "out"))
	if len(entries) != 1 {
		t.Errorf("leftovers next to the output folder: %v", entries)
	}
}

func TestWriteDirRefusesForeignFolder(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "thesis.tex"), []byte("precious"), 0o644)
	err := WriteDir(dir, []File{{Path: "manifest.json", Data: []byte("{}")}})
	if err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Fatalf("WriteDir over a foreign folder: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "thesis.tex")); string(b) != "precious" {
		t.Fatal("foreign folder damaged")
	}
}

func TestCheckRelPath(t *testing.T) {
	for _, p := range []string{"", "/etc/passwd", "../x", "a/../../x", "a\\b", "a//b", ".."} {
		if checkRelPath(p) == nil {
			t.Errorf("%q accepted", p)
		}
	}
	for _, p := range []string{"manifest.json", "stl/f4.stl", "sheets/nest-1.svg"} {
		if err := checkRelPath(p); err != nil {
			t.Errorf("%q: %v", p, err)
		}
	}
}

// TestWriteDirManyFiles: files written several at a time all arrive whole
// in their folders, and two files with one path (which would race) are
// refused before anything is written.
func TestWriteDirManyFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	var files []File
	want := map[string]string{}
	for i := range 300 {
		p := fmt.Sprintf("kind%d/sub%d/file%03d.txt", i%7, i%3, i)
		data := strings.Repeat(fmt.Sprint(i), 1+i*37%5000)
		files = append(files, File{Path: p, Data: []byte(data)})
		want[p] = data
	}
	files = append(files, File{Path: "manifest.json", Data: []byte("{}")})
	want["manifest.json"] = "{}"
	if err := WriteDir(out, files); err != nil {
		t.Fatal(err)
	}
	got := readTree(t, out)
	if len(got) != len(want) {
		t.Fatalf("%d files written, want %d", len(got), len(want))
	}
	for p, w := range want {
		if got[p] != w {
			t.Fatalf("%s: %d bytes, want %d", p, len(got[p]), len(w))
		}
	}
	dup := filepath.Join(t.TempDir(), "dup")
	err := WriteDir(dup, []File{{Path: "a/x.stl", Data: []byte("1")}, {Path: "a/x.stl", Data: []byte("2")}})
	if err == nil || !strings.Contains(err.Error(), "a/x.stl") {
		t.Fatalf("two files at one path: %v", err)
	}
	if _, err := os.Stat(dup); !os.IsNotExist(err) {
		t.Fatalf("the refused write left %s: %v", dup, err)
	}
}
