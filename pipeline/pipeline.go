// Package pipeline runs a design through its stages and collects the files
// of the output folder in memory; WriteDir then puts them on disk
// atomically. The CLI and the HTTP service both drive builds through Run.
//
// A build is a chain of stages, each a function from typed inputs to a
// typed product:
//
//	params + shop -> Design.Build -> *model.Model
//	MeshParts(model, shop)                 -> *Meshes   (every part's exact mesh, the assembly)
//	NestPlates(model, shop)                -> *Nesting  (nested sheets, torch toolpaths)
//	PlanBOM(model, shop, joints, meshes, nesting) -> *bom.BOM (cut lists, stock, costs; fasteners from the joints)
//
// Run composes them into Products, then hands Products to every wanted
// output format (see RegisterFormat): a format reads products and never
// another format's bytes. verify then cross-checks the files against each
// other and the products, and the manifest (package manifest) is made last
// from the products and the files. Progress reports (stage, fraction,
// message) come from every stage through Request.Progress.
//
// To add a stage (an assembly check, say): write it as a function from the
// products it reads to its own product type, add a field for that product
// to Products, and call it in Run where the comment "stages" marks the
// chain; a format that reads it names it in Needs. Its warnings go into
// Result.Warnings through the warn helper.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/fabkit/fabkit/assembly"
	"github.com/fabkit/fabkit/bom"
	"github.com/fabkit/fabkit/cam/dxf"
	"github.com/fabkit/fabkit/geometry/solid"
	"github.com/fabkit/fabkit/manifest"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/outputs/render"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

// Version is fabkit's version, recorded in every manifest.
const Version = "0.1.0"

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
	// Tolerance is the chord tolerance for meshes, in mm; 0 means the
	// "tolerance" of Options, else 0.05. It is validated (OptionSchema).
	Tolerance float64
	// Options sets build options by name, like -D for parameters
	// (OptionSchema: "tolerance"); Tolerance, when set, applies after it.
	Options []params.Override
	// Workers bounds the goroutines of parallel stages; 0 means all cores.
	// The output is the same for any value.
	Workers int
	// MeshCache, when set, serves and stores the meshes of free-form
	// (sdfx) parts, so a rebuild re-marches no solid it marched before. The
	// files are the same with or without it.
	MeshCache *solid.Cache
	// ViewCache, when set, serves and stores the shaded PNG views of part
	// meshes, so a rebuild in the same process renders only the views of
	// parts that changed. The files are the same with or without it; a
	// build without it renders every view.
	ViewCache *render.PNGCache
	// NoAssemblyCheck skips the assembly check (work in progress); the
	// manifest records that it was skipped.
	NoAssemblyCheck bool
	// Progress, when set, hears how far the build is: at the start of each
	// stage and as the mesher, the nester, the cut-list optimizer and the
	// drawings go. Calls never overlap.
	Progress func(Progress)
	// DXF is the flavour of the DXF files; the zero value is R2000.
	DXF dxf.Version
	// Preview, when set, makes a preview build: what the web page shows,
	// not what a shop cuts from (see Preview). Only then names formats a
	// preview writes; empty is all of those.
	Preview *Preview
}

// File is one output file, held in memory until the folder is written.
type File struct {
	Path string // slash-separated, relative to the output folder
	Kind string // from the format's FileSpec: stl, 3mf, dxf, gcode, svg, pdf, png, xlsx, csv, json, txt
	Data []byte
	Part string // the part the file belongs to (listed under it in the manifest), or ""
	Nest string // the nested sheet whose G-code or DXF it is, or ""
}

// Products are what the stages made, the inputs of every output format.
// Each field is set by one stage and read by later ones.
type Products struct {
	Design    model.Design
	Values    *params.Values
	Shop      *shop.Shop
	Model     *model.Model
	Tolerance float64 // chord tolerance of the meshes, mm
	Workers   int     // goroutines a format may use; the output does not depend on it
	DXF       dxf.Version
	ViewCache *render.PNGCache // Request.ViewCache; nil renders every view

	Assembly *assembly.Report // CheckAssembly; nil with Request.NoAssemblyCheck
	Meshes   *Meshes          // MeshParts
	Nesting  *Nesting         // NestPlates; always made, since the cost needs it (nil in a Preview without Nest)
	BOM      *bom.BOM         // PlanBOM
}

// Result is a finished build: its products, its files and its manifest.
type Result struct {
	Request Request
	Products
	Options  *params.Values // the build options (OptionSchema), resolved
	Warnings []params.Issue
	Parts    []manifest.Part // the manifest's parts
	Files    []File
	Manifest *manifest.Manifest
}

// wants reports whether the request asked for an output kind.
func (r *Result) wants(kind string) bool {
	return len(r.Request.Only) == 0 || slices.Contains(r.Request.Only, kind)
}

// warn adds a stage's warnings to the build's.
func (r *Result) warn(msgs []string) {
	for _, msg := range msgs {
		r.Warnings = append(r.Warnings, params.Issue{Severity: params.SeverityWarning, Params: []string{}, Message: msg})
	}
}

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
	options, err := resolveOptions(&req)
	if err != nil {
		return nil, &InputError{err}
	}
	formats, err := wanted(req.Only)
	if err != nil {
		return nil, &InputError{err}
	}
	if req.Preview != nil {
		if formats, err = previewFormats(req.Preview, req.Only, formats); err != nil {
			return nil, &InputError{err}
		}
		req.Only = []string{} // what the preview writes, for Result.wants
		for _, f := range formats {
			req.Only = append(req.Only, f.Kind)
		}
		if req.Preview.Coarse {
			ctx = solid.WithCellScale(ctx, PreviewCellScale)
		}
	}
	prog := &progress{fn: req.Progress}
	schema := req.Design.Schema()
	values, err := schema.Resolve(req.Preset, req.Layers...)
	if err != nil {
		return nil, &InputError{err}
	}
	report := schema.RunChecks(values)
	if err := report.Err(); err != nil {
		return nil, &InputError{err}
	}
	if err := CheckShop(req.Shop); err != nil {
		return nil, &InputError{err}
	}
	if err := CheckStock(schema, values, req.Shop); err != nil {
		return nil, &InputError{err}
	}

	prog.start("design", stageShare["design"], "building the model")
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
	if err := checkModel(m, req.Shop); err != nil {
		return nil, &InputError{fmt.Errorf("%s: %w", req.Design.Name(), err)}
	}
	r := &Result{Request: req, Options: options, Warnings: report.Warnings(), Products: Products{Design: req.Design, Values: values,
		Shop: req.Shop, Model: m, Tolerance: req.Tolerance, Workers: req.Workers, DXF: req.DXF, ViewCache: req.ViewCache}}
	fail := func(stage string, err error) error {
		return fmt.Errorf("%s: %s: %w", req.Design.Name(), stage, err)
	}

	// stages: each reads earlier products and returns its own. The assembly
	// check comes first: a failure makes no output at all.
	if !req.NoAssemblyCheck {
		prog.start("assembly", stageShare["assembly"], "checking the parts go together")
		if r.Assembly, err = CheckAssembly(ctx, req.Design, m, req.Shop, req.Workers); err != nil {
			return nil, fail("assembly", err)
		}
	}
	rep := prog.start("geometry", stageShare["geometry"], "meshing the parts")
	if r.Meshes, err = MeshParts(ctx, m, req.Shop, req.Tolerance, req.Workers, rep); err != nil {
		return nil, fail("geometry", err)
	}
	// The nest prices the plate, so it runs whatever is written: --only
	// stl reports the same cost as a full build.
	if req.Preview == nil || req.Preview.Nest { // a preview without it counts sheets by area
		rep = prog.start("cam", stageShare["cam"], "nesting the plates")
		if r.Nesting, err = NestPlates(ctx, m, req.Shop, nestTolerance, req.Workers, rep); err != nil {
			return nil, fail("cam", err)
		}
		r.warn(r.Nesting.Warnings)
	}
	rep = prog.start("bom", stageShare["bom"], "cut lists and costs")
	joints := r.Assembly
	if joints == nil { // the check was skipped: the BOM's fasteners still come from the joints
		if joints, err = assembly.Fasteners(ctx, m, req.Shop, assembly.Options{}); err != nil {
			return nil, fail("bom", err)
		}
	}
	if r.BOM, err = PlanBOM(ctx, m, req.Shop, joints, r.Meshes, r.Nesting, rep); err != nil {
		return nil, fail("bom", err)
	}
	r.warn(r.BOM.Warnings)

	// outputs: every wanted format, in registration order.
	share := (1 - stageShare["verify"] - stageShare["manifest"] - prog.hi) / float64(max(len(formats), 1))
	for _, f := range formats {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		out := &Output{format: f, report: prog.start(f.Kind, share, "writing "+f.Kind)}
		write := f.Write
		if req.Preview != nil {
			write = previewWriter(f)
		}
		if err := write(ctx, &r.Products, out); err != nil {
			return nil, fail(f.Kind, err)
		}
		r.Files = append(r.Files, out.files...)
	}
	prog.start("verify", stageShare["verify"], "cross-checking the outputs")
	if err := verify(ctx, r); err != nil {
		return nil, fail("verify", err)
	}
	rep = prog.start("manifest", stageShare["manifest"], "writing the manifest")
	if err := uniquePaths(r.Files); err != nil {
		return nil, fmt.Errorf("%s: %w", req.Design.Name(), err)
	}
	if err := writeManifest(r); err != nil {
		return nil, err
	}
	rep.report(1, fmt.Sprintf("%d files", len(r.Files)))
	return r, nil
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

// sortedFiles returns the files in path order.
func (r *Result) sortedFiles() []File {
	fs := append([]File(nil), r.Files...)
	sort.Slice(fs, func(i, j int) bool { return fs[i].Path < fs[j].Path })
	return fs
}
