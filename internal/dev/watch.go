package dev

import (
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// stamp is what the watcher compares between two polls of a file.
type stamp struct {
	size int64
	mod  time.Time
}

// snapshot maps a watched file (slash path relative to the root) to its
// stamp.
type snapshot map[string]stamp

// skipDir reports whether the watcher leaves a folder out: hidden folders
// (.git), testdata, vendor and the folders builds write (out, bin).
func skipDir(name string) bool {
	return strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor" || name == "out" || name == "bin" || name == "node_modules"
}

// watched reports whether a file change can change the command: Go
// sources other than tests, go.mod and go.sum.
func watched(name string) bool {
	if name == "go.mod" || name == "go.sum" {
		return true
	}
	return strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") && !strings.HasPrefix(name, ".")
}

// scan walks root for the watched files. Folders that hold a go.mod of
// their own are other modules and are left out.
func scan(root string) snapshot {
	s := snapshot{}
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // a file removed during the walk: the next poll sees it
		}
		if d.IsDir() {
			if path != root && (skipDir(d.Name()) || isFile(filepath.Join(path, "go.mod"))) {
				return filepath.SkipDir
			}
			return nil
		}
		if !watched(d.Name()) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		s[filepath.ToSlash(rel)] = stamp{size: info.Size(), mod: info.ModTime()}
		return nil
	})
	return s
}

// changed lists the files added, removed or modified from a to b, sorted.
func changed(a, b snapshot) []string {
	var out []string
	for p, st := range b {
		if old, ok := a[p]; !ok || old != st {
			out = append(out, p)
		}
	}
	for p := range a {
		if _, ok := b[p]; !ok {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}
