package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"path"
	"regexp"
	"strings"
	"sync"
)

// Product names what a stage makes and a format reads. A format declares
// the products it reads in Format.Needs; today every stage runs for every
// build (the manifest reports every part's geometry and the full cost,
// whatever --only says), so Needs documents the format's inputs and is
// where a stage that only some formats need would be decided.
type Product uint

// The products of a build, besides the design's model, the resolved
// parameters and the shop.
const (
	// ProductMeshes is Products.Meshes: every part's mesh and the assembly.
	ProductMeshes Product = 1 << iota
	// ProductNesting is Products.Nesting: nested sheets and their toolpaths.
	ProductNesting
	// ProductBOM is Products.BOM: cut lists, stock, hardware and costs.
	ProductBOM
)

// FileSpec declares files a format writes: their path relative to the
// output folder, with placeholders in capitals (PART, NEST, FACE, PROFILE,
// N) that stand for any text without a slash; the manifest's file kind for
// them; and what they hold, for the README's table.
type FileSpec struct {
	Path  string // e.g. "stl/PART.stl"
	Kind  string // the manifest's file kind: stl, 3mf, dxf, gcode, svg, pdf, png, xlsx, csv, txt ...
	About string
}

var placeholder = regexp.MustCompile(`[A-Z]+`)

// matches reports whether a file path is one of the spec's.
func (fs FileSpec) matches(p string) bool {
	ok, _ := path.Match(placeholder.ReplaceAllString(fs.Path, "*"), p)
	return ok
}

// Format is one output format of the output folder, registered with
// RegisterFormat: the name --only and the service's formats take, the files
// it writes, the products it reads and its writer. Write reads only the
// products (never another format's bytes) and adds its files to out.
type Format struct {
	Kind  string
	Files []FileSpec
	Needs Product
	Write func(ctx context.Context, in *Products, out *Output) error
}

var (
	formatsMu sync.RWMutex
	formats   []Format
)

// RegisterFormat adds an output format, like image.RegisterFormat. Formats
// write in the order they were registered (the built-in ones in
// formats.go); a part's files are listed in the manifest in that order.
// It panics on a duplicate kind or a format without kind, files or writer:
// registration happens in init functions, where that is a programming error.
func RegisterFormat(f Format) {
	if f.Kind == "" || len(f.Files) == 0 || f.Write == nil {
		panic(fmt.Sprintf("pipeline: RegisterFormat(%q): a format needs a kind, files and a writer", f.Kind))
	}
	formatsMu.Lock()
	defer formatsMu.Unlock()
	for _, g := range formats {
		if g.Kind == f.Kind {
			panic(fmt.Sprintf("pipeline: RegisterFormat(%q): registered twice", f.Kind))
		}
	}
	formats = append(formats, f)
}

// UnregisterFormat removes a format registered with RegisterFormat; tests
// use it to register a throw-away format and leave the registry as they
// found it.
func UnregisterFormat(kind string) {
	formatsMu.Lock()
	defer formatsMu.Unlock()
	for i, f := range formats {
		if f.Kind == kind {
			formats = append(formats[:i:i], formats[i+1:]...)
			return
		}
	}
}

// Formats returns the registered output formats in registration order.
func Formats() []Format {
	formatsMu.RLock()
	defer formatsMu.RUnlock()
	return append([]Format(nil), formats...)
}

// Kinds returns the output kinds a build can be limited to with
// Request.Only: the registered formats' kinds, in registration order.
func Kinds() []string {
	var kinds []string
	for _, f := range Formats() {
		kinds = append(kinds, f.Kind)
	}
	return kinds
}

// FormatTable returns the README's table of the output folder's files, one
// row per registered file pattern, as Markdown.
func FormatTable() string {
	var b strings.Builder
	b.WriteString("| path | kind | `--only` | what |\n|---|---|---|---|\n")
	for _, f := range Formats() {
		for _, fs := range f.Files {
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", fs.Path, fs.Kind, f.Kind, fs.About)
		}
	}
	return b.String()
}

// wanted returns the formats a request asks for, in registration order.
func wanted(only []string) ([]Format, error) {
	all := Formats()
	for _, o := range only {
		found := false
		for _, f := range all {
			found = found || f.Kind == o
		}
		if !found {
			return nil, fmt.Errorf("--only %q: unknown output kind (kinds: %v)", o, Kinds())
		}
	}
	if len(only) == 0 {
		return all, nil
	}
	var out []Format
	for _, f := range all {
		for _, o := range only {
			if f.Kind == o {
				out = append(out, f)
				break
			}
		}
	}
	return out, nil
}

// Output collects the files one format writes.
type Output struct {
	format Format
	files  []File
	report Report
}

// Report says how far the format's writer is: fraction from 0 to 1 of its
// own work, and what it is doing. It shows in the CLI's bar and the
// service's build status.
func (o *Output) Report(fraction float64, message string) { o.report.report(fraction, message) }

// Owner ties a file to a part or a nested sheet: the manifest lists a
// part's files under the part, and a sheet's G-code and DXF under its nest.
type Owner struct {
	Part string // part id, or ""
	Nest string // nest id, or ""
}

// Add adds a file at path (slash-separated, relative to the output folder).
// The path must match one of the format's FileSpecs, which gives the file
// its kind; Add keeps its own copy of data, so a writer may reuse its
// buffer.
func (o *Output) Add(p string, data []byte, owner Owner) error {
	for _, fs := range o.format.Files {
		if fs.matches(p) {
			o.files = append(o.files, File{Path: p, Kind: fs.Kind, Data: bytes.Clone(data), Part: owner.Part, Nest: owner.Nest})
			return nil
		}
	}
	return fmt.Errorf("format %s: %s is none of the files it registered", o.format.Kind, p)
}
