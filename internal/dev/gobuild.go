package dev

import (
	"bufio"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// SourceError is one compile error at a place in the source.
type SourceError struct {
	File    string `json:"file"` // slash path relative to the repository root
	Line    int    `json:"line"`
	Col     int    `json:"col,omitempty"`
	Message string `json:"message"`
}

// String is the file:line:col: message form editors jump to.
func (e SourceError) String() string {
	s := e.File + ":" + strconv.Itoa(e.Line)
	if e.Col > 0 {
		s += ":" + strconv.Itoa(e.Col)
	}
	return s + ": " + e.Message
}

// errLine is a line of go build's output that names a place:
// "bracket/bracket.go:12:3: undefined: x" or "./x.go:4: msg".
var errLine = regexp.MustCompile(`^\s*(\S+?\.go):(\d+)(?::(\d+))?: (.*)$`)

// parseErrors reads the places out of go build's output. Paths are made
// relative to root when go printed them absolute or relative to the
// package folder it built from (dir).
func parseErrors(out, root, dir string) []SourceError {
	var errs []SourceError
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		m := errLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		errs = append(errs, SourceError{File: relPath(m[1], root, dir), Line: line, Col: col, Message: m[4]})
	}
	return errs
}

// relPath makes a file name from go's output relative to root.
func relPath(name, root, dir string) string {
	p := name
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	if rel, err := filepath.Rel(root, p); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(name)
}
