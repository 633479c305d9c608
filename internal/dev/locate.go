package dev

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// paramName is a parameter's name in a check's message: snake_case with
// at least one underscore (one-word names come only from the field).
var paramName = regexp.MustCompile(`\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b`)

// schemaCall ends the text before a declaration's name: s.Length(.
var schemaCall = regexp.MustCompile(`\.[A-Z]\w*\($`)

// reportCall is a line that raises a check's finding: r.Errorf(...),
// report.Error(...).
var reportCall = regexp.MustCompile(`\.(Errorf|Error|Fail|Failf)\(`)

// locateFailure finds where in the repository's Go files a failed build's
// check lives: the lines that raise a finding naming the parameters the
// failure names (the check), then the lines that declare them (a schema
// call whose first argument is the name). It returns nil when the failure
// names no parameter it can find, or err is not a build failure.
func locateFailure(root string, err error) []SourceError {
	var f *buildFailure
	if !errors.As(err, &f) {
		return nil
	}
	var names []string
	seen := map[string]bool{}
	add := func(n string) {
		if n != "" && !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	if name, ok := strings.CutPrefix(f.Field, "params."); ok {
		add(name)
	}
	for _, n := range paramName.FindAllString(f.Message, -1) {
		add(n)
	}
	if len(names) == 0 {
		return nil
	}
	type line struct {
		file string
		n    int
		text string
	}
	var lines []line
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if path != root && (skipDir(d.Name()) || isFile(filepath.Join(path, "go.mod"))) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(d.Name(), ".go") || strings.HasSuffix(d.Name(), "_test.go") {
			return nil
		}
		file, err := os.Open(path)
		if err != nil {
			return nil
		}
		defer file.Close()
		rel, _ := filepath.Rel(root, path)
		sc := bufio.NewScanner(file)
		for n := 1; sc.Scan(); n++ {
			if strings.Contains(sc.Text(), `"`) {
				lines = append(lines, line{filepath.ToSlash(rel), n, sc.Text()})
			}
		}
		return nil
	})
	quoted := func(text, name string) int { return strings.Index(text, `"`+name+`"`) }
	var checks, decls []SourceError
	for _, name := range names {
		for _, l := range lines {
			at := quoted(l.text, name)
			if at < 0 {
				continue
			}
			if reportCall.MatchString(l.text) {
				checks = append(checks, SourceError{File: l.file, Line: l.n, Col: at + 1, Message: "the check: " + f.Error()})
				continue
			}
			before := strings.TrimRight(l.text[:at], " \t")
			after := strings.TrimLeft(l.text[at+len(name)+2:], " \t")
			if schemaCall.MatchString(before) && strings.HasPrefix(after, ",") { // s.Length("name", ...), not v.Length("name")
				decls = append(decls, SourceError{File: l.file, Line: l.n, Col: at + 1, Message: name + " is declared here"})
			}
		}
	}
	if len(checks) == 0 && len(decls) == 0 {
		return nil
	}
	// One check line per place (a finding names several parameters).
	var out []SourceError
	places := map[string]bool{}
	for _, e := range append(checks, decls...) {
		key := e.File + ":" + strconv.Itoa(e.Line)
		if places[key] {
			continue
		}
		places[key] = true
		out = append(out, e)
	}
	return out[:min(len(out), 6)]
}
