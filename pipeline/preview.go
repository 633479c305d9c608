package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/fabkit/fabkit/outputs/drawing"
	"github.com/fabkit/fabkit/outputs/render"
)

// PreviewCellScale is how much coarser than their own cell a coarse
// preview (Preview.Coarse) marches free-form parts: 2, a quarter of the
// marching and simplifying of a surface (the D3D's printed parts at 1 mm
// instead of 0.5 mm).
const PreviewCellScale = 2.0

// Preview is what a preview build leaves out (Request.Preview): it makes
// what the web page shows of a design while it is being edited, as
// OpenSCAD's F5 preview is to its F6 render. Every preview builds the
// model, every part's mesh and the BOM; it writes each part's own drawing
// (sheets: the dimensioned SVG of a plate or bar, the shaded PNG view of a
// part without one) and the STL when asked, and nothing a shop cuts from:
// no G-code, DXF, XLSX or CSV, no cut or assembly diagrams, no packet.
// The manifest lists the preview's choices among its options, so that a
// preview's manifest is never taken for a full build's.
type Preview struct {
	// Coarse marches free-form (solid) parts, the design's own estimates
	// from their meshes included, at PreviewCellScale times their cell
	// (solid.WithCellScale): cached apart from the full-quality meshes.
	// A coarse preview writes no STL or 3MF (format stl is refused), and
	// its part figures (volume, mass, facets) are the coarse meshes'.
	Coarse bool
	// Nest runs the nest and draws its sheets (sheets/NEST.svg). Without it
	// the BOM counts plate sheets from an area bound, marked estimated
	// (bom.StockLine.Estimate), and the manifest lists no nests.
	Nest bool
}

// previewKinds are the formats a preview writes: each part's drawing
// (sheets) and the meshes (stl, not in a coarse preview).
var previewKinds = []string{"stl", "sheets"}

// PreviewWrites reports whether a preview build (not a coarse one) writes
// outputs of kind, so that a caller can tell a preview from a full build
// by the kinds it wants (`fabkit dev`'s --formats).
func PreviewWrites(kind string) bool { return slices.Contains(previewKinds, kind) }

// previewFormats checks and narrows a preview's formats: the formats
// asked must be ones a preview writes, and with none asked it writes all
// of those.
func previewFormats(p *Preview, only []string, formats []Format) ([]Format, error) {
	var out []Format
	for _, f := range formats {
		ok := slices.Contains(previewKinds, f.Kind) && !(p.Coarse && f.Kind == "stl")
		if !ok && len(only) > 0 {
			what := "a preview writes only stl and sheets"
			if p.Coarse {
				what = "a coarse preview writes only sheets (its meshes are not for printing)"
			}
			return nil, fmt.Errorf("--only %q: %s", f.Kind, what)
		}
		if ok {
			out = append(out, f)
		}
	}
	return out, nil
}

// previewWriter is the writer of format f in a preview: the sheets format
// draws only what the page shows (writePreviewSheets); the others write
// as in a full build.
func previewWriter(f Format) func(context.Context, *Products, *Output) error {
	if f.Kind == "sheets" {
		return writePreviewSheets
	}
	return f.Write
}

// writePreviewSheets is the sheets format of a preview: the dimensioned
// drawing of every plate and bar part, the nest diagrams when the nest ran,
// and the shaded view of every other meshed part (a printed part's only
// drawing). The drawings are the full build's own.
func writePreviewSheets(ctx context.Context, in *Products, out *Output) error {
	s := in.Shop
	info := drawing.Info{Design: in.Design.Name(), Version: in.Design.Version(),
		Digest: in.Values.Digest(), Units: s.Units, Sections: barSections(in.Model, s)}
	drawn := 0
	for _, p := range in.Model.Parts {
		if p.Plate != nil || p.Bar != nil {
			drawn++
		}
	}
	sheet := 0
	var views []string // parts drawn as a shaded view
	for _, p := range in.Model.Parts {
		if err := ctx.Err(); err != nil {
			return err
		}
		if p.Plate == nil && p.Bar == nil {
			if in.Meshes.Parts[p.ID] != nil {
				views = append(views, p.ID)
			}
			continue
		}
		sheet++
		out.Report(0.6*float64(sheet-1)/float64(max(drawn, 1)), "drawing part "+p.ID)
		pi := info
		pi.Sheet, pi.Sheets = sheet, drawn
		c, err := drawing.Part(p, pi)
		if err != nil {
			return fmt.Errorf("part %s: drawing: %w", p.ID, err)
		}
		if err := addCanvas(out, "sheets/"+p.ID+".svg", c, Owner{Part: p.ID}); err != nil {
			return err
		}
	}
	if in.Nesting != nil {
		if _, err := drawNests(in, out, info); err != nil {
			return err
		}
	}
	out.Report(0.6, "rendering the views")
	pngs := make([][]byte, len(views))
	errs := make([]error, len(views))
	if err := forEach(ctx, in.Workers, len(views), func(i int) {
		var buf bytes.Buffer
		errs[i] = render.WritePNG(&buf, render.Render(in.Meshes.Parts[views[i]], partView))
		pngs[i] = buf.Bytes()
	}); err != nil {
		return err
	}
	for i, id := range views {
		if errs[i] != nil {
			return fmt.Errorf("part %s: view: %w", id, errs[i])
		}
		if err := out.Add("sheets/"+id+".png", pngs[i], Owner{Part: id}); err != nil {
			return err
		}
	}
	return nil
}
