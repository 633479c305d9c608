// Package pipeline runs a design through every stage (design -> parts ->
// geometry / cam / bom -> outputs) and collects the files of the output
// folder in memory; WriteDir then puts them on disk atomically. The CLI and
// the HTTP service both drive builds through this package.
package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/fabkit/fabkit/manifest"
	"io"
	"sort"

	"github.com/fabkit/fabkit/bom"
	"github.com/fabkit/fabkit/bom/cutstock"
	"github.com/fabkit/fabkit/cam/dxf"
	"github.com/fabkit/fabkit/geometry/mesh"
	"github.com/fabkit/fabkit/geometry/solid"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

// Version is fabkit's version, recorded in every manifest.
const Version = "0.1.0"

// Kinds of output a build can be limited to with Request.Only.
var Kinds = []string{"stl", "dxf", "gcode", "sheets", "bom"}

// Request says what to build.
type Request struct {
	Design model.Design
	Preset string
	// Layers of parameter overrides applied in order after the preset:
	// typically a parameter file, then -D values.
	Layers [][]params.Override
	// Shop is the replicator's shop; nil means the shop the preset is
	// meant for, else the default us-imperial shop.
	Shop *shop.Shop
	// Only limits the outputs to these kinds (see Kinds); empty is all.
	// The manifest is always written.
	Only []string
	// Tolerance is the chord tolerance for meshes, in mm; 0 means 0.05.
	Tolerance float64
	// Workers bounds the goroutines of parallel stages; 0 means all cores.
	// The output is the same for any value.
	Workers int
	// MeshCache, when set, serves and stores the meshes of free-form
	// (sdfx) parts, so a rebuild re-marches no solid it marched before. The
	// files are the same with or without it.
	MeshCache *solid.Cache
	// Progress, when set, hears about each stage as it starts.
	Progress func(stage string)
	// DXF is the flavour of the DXF files; the zero value is R2000.
	DXF dxf.Version
}

// File is one output file, held in memory until the folder is written.
type File struct {
	Path string // slash-separated, relative to the output folder
	Kind string // stl, 3mf, dxf, gcode, svg, pdf, png, xlsx, csv, json, txt
	Data []byte
}

// Result is a finished build.
type Result struct {
	Request  Request
	Values   *params.Values
	Model    *model.Model
	Warnings []params.Issue
	Parts    []manifest.Part
	Files    []File
	Manifest *manifest.Manifest

	meshes   map[string]*mesh.Mesh // part id -> mesh in the part's frame
	assembly *mesh.Mesh            // every instance placed
	sheetUse []bom.SheetUse        // sheets the nest used, nil before the cam stage
	plans    []sheetPlan           // nested sheets with their toolpaths
	bom      *bom.BOM
}

// manifest returns the manifest being filled by the stages.
func (r *Result) manifest() *manifest.Manifest {
	if r.Manifest == nil {
		r.Manifest = &manifest.Manifest{}
	}
	return r.Manifest
}

// wants reports whether the request asked for an output kind.
func (r *Result) wants(kind string) bool {
	if len(r.Request.Only) == 0 {
		return true
	}
	for _, k := range r.Request.Only {
		if k == kind {
			return true
		}
	}
	return false
}

// issue turns a stage's warning text into a manifest warning.
func issue(msg string) params.Issue {
	return params.Issue{Severity: params.SeverityWarning, Params: []string{}, Message: msg}
}

// cutstockJSON writes one profile's cutting plan as JSON.
func cutstockJSON(w io.Writer, cl bom.CutList) error { return cutstock.WriteJSON(w, cl.Plan) }

// InputError marks a build that failed because of what the user gave it:
// the CLI exits 2 on these, 1 on other failures.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// IsInputError reports whether err was caused by bad input.
func IsInputError(err error) bool {
	var ie *InputError
	return errors.As(err, &ie)
}

// Run builds the design. It resolves and checks the parameters before any
// heavy work, so bad input fails fast.
func Run(ctx context.Context, req Request) (*Result, error) {
	if req.Design == nil {
		return nil, &InputError{errors.New("no design given")}
	}
	if req.Shop == nil {
		s, err := ShopFor(req.Design, req.Preset)
		if err != nil {
			return nil, err
		}
		req.Shop = s
	}
	if req.Tolerance == 0 {
		req.Tolerance = 0.05
	}
	if err := checkKinds(req.Only); err != nil {
		return nil, &InputError{err}
	}
	progress := func(stage string) {
		if req.Progress != nil {
			req.Progress(stage)
		}
	}
	schema := req.Design.Schema()
	values, err := schema.Resolve(req.Preset, req.Layers...)
	if err != nil {
		return nil, &InputError{err}
	}
	report := schema.RunChecks(values)
	if err := report.Err(); err != nil {
		return nil, &InputError{err}
	}

	progress("design")
	// Without a cache across builds, one for this build still lets the
	// design's own estimates and the geometry stage share their meshes.
	meshCache := req.MeshCache
	if meshCache == nil {
		meshCache = solid.NewMemoryCache()
	}
	ctx = solid.WithCache(ctx, meshCache)
	m, err := req.Design.Build(ctx, values, req.Shop, report)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", req.Design.Name(), err)
	}
	if err := report.Err(); err != nil {
		return nil, &InputError{err}
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", req.Design.Name(), err)
	}
	res := &Result{Request: req, Values: values, Model: m, Warnings: report.Warnings()}
	for _, st := range stages {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if !st.wanted(req.Only) {
			continue
		}
		progress(st.name)
		if err := st.run(ctx, res); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", req.Design.Name(), st.name, err)
		}
	}
	progress("manifest")
	if err := uniquePaths(res.Files); err != nil {
		return nil, fmt.Errorf("%s: %w", req.Design.Name(), err)
	}
	if err := writeManifest(res); err != nil {
		return nil, err
	}
	return res, nil
}

// uniquePaths refuses two outputs with the same path (say a part named
// like a sheet): one would overwrite the other on disk and the manifest's
// hash of it would be wrong.
func uniquePaths(files []File) error {
	seen := make(map[string]bool, len(files))
	for _, f := range files {
		if seen[f.Path] {
			return fmt.Errorf("two outputs are both %s (a part id the same as another output's name?)", f.Path)
		}
		seen[f.Path] = true
	}
	return nil
}

// ShopFor returns the shop a build uses when the user names none: the
// shipped shop the preset is meant for, else the default us-imperial shop.
func ShopFor(d model.Design, preset string) (*shop.Shop, error) {
	if name := d.Schema().PresetShop(preset); name != "" {
		s, err := shop.Builtin(name)
		if err != nil {
			return nil, fmt.Errorf("preset %s: %w", preset, err)
		}
		return s, nil
	}
	return shop.Default(), nil
}

// stage is one step after the design has built its model.
type stage struct {
	name  string
	kinds []string // output kinds that need it; empty means always run
	run   func(ctx context.Context, r *Result) error
}

func (s stage) wanted(only []string) bool {
	if len(only) == 0 || len(s.kinds) == 0 {
		return true
	}
	for _, k := range s.kinds {
		for _, o := range only {
			if k == o {
				return true
			}
		}
	}
	return false
}

// stages run in order; each reads what the earlier ones left in Result.
var stages = []stage{
	{name: "geometry", run: measureParts},
	{name: "stl", kinds: []string{"stl", "sheets"}, run: writeMeshes}, // sheets show the assembly
	{name: "cam", kinds: []string{"gcode", "dxf", "sheets", "bom"}, run: runCAM},
	{name: "bom", run: planBOM},
	{name: "sheets", kinds: []string{"sheets"}, run: writeSheets},
	{name: "verify", run: verify},
}

func checkKinds(only []string) error {
	for _, o := range only {
		found := false
		for _, k := range Kinds {
			found = found || k == o
		}
		if !found {
			return fmt.Errorf("--only %q: unknown output kind (kinds: %v)", o, Kinds)
		}
	}
	return nil
}

// addFile appends an output file. It keeps its own copy of the bytes, so
// a writer may reuse its buffer afterwards.
func (r *Result) addFile(path, kind string, data []byte) {
	r.Files = append(r.Files, File{Path: path, Kind: kind, Data: bytes.Clone(data)})
}

// sortedFiles returns the files in path order.
func (r *Result) sortedFiles() []File {
	fs := append([]File(nil), r.Files...)
	sort.Slice(fs, func(i, j int) bool { return fs[i].Path < fs[j].Path })
	return fs
}
