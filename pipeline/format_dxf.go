package pipeline

import (
	"bytes"
	"context"
	"fmt"

	"github.com/fabkit/fabkit/cam/dxf"
	"github.com/fabkit/fabkit/cam/toolpath"
)

var dxfFormat = Format{
	Kind: "dxf",
	Files: []FileSpec{
		{"dxf/PART.dxf", "dxf", "each plate part on layers OUTER, INNER (holes to torch-cut), DRILL (holes to drill), ETCH; R2000 (LWPOLYLINE with bulges, CIRCLE) or, with `--dxf r12`, R12 (POLYLINE/VERTEX with bulges, CIRCLE)"},
		{"dxf/NEST.dxf", "dxf", "each nested sheet (n01, n02, ...) for other CAM: the sheet outline on SHEET, every placed part on the layers above, drilled holes on DRILL"},
	},
	Needs: ProductNesting,
	Write: writeDXF,
}

// writeDXF writes the DXF of every plate part (holes the torch leaves to
// the drill on their own layer) and of every nested sheet. A shop without
// a torch table gets none: it cuts its plates by hand from the templates.
func writeDXF(ctx context.Context, in *Products, out *Output) error {
	s := in.Shop
	if !s.HasTorchTable() {
		return nil
	}
	for _, g := range groupPlates(in.Model.Parts) {
		for _, p := range g.parts {
			var buf bytes.Buffer
			if err := dxf.WritePart(&buf, dxf.Part{ID: p.ID, Shape: p.Plate.Shape, Drill: toolpath.DrilledHoles(p.Plate.Shape, p.Plate.Thickness, s.TorchTable.MinHoleRatio)}, in.DXF); err != nil {
				return fmt.Errorf("part %s: dxf: %w", p.ID, err)
			}
			if err := out.Add("dxf/"+p.ID+".dxf", buf.Bytes(), Owner{Part: p.ID}); err != nil {
				return err
			}
		}
	}
	for _, sp := range in.Nesting.Sheets {
		drill := make([][]int, len(sp.Parts)) // the holes each part drills, decided in the part's own frame
		for i, p := range sp.Parts {
			drill[i] = toolpath.DrilledHoles(p.Shape, sp.Thickness, s.TorchTable.MinHoleRatio)
		}
		var drawn []dxf.Part
		for i, pp := range sp.Placed() {
			// Transform keeps the holes' order, so the part's own drill list holds.
			drawn = append(drawn, dxf.Part{ID: fmt.Sprintf("%s#%d", pp.ID, pp.Instance), Shape: pp.Shape, Drill: drill[sp.Sheet.Placements[i].Part]})
		}
		var buf bytes.Buffer
		if err := dxf.WriteSheet(&buf, dxf.Sheet{ID: sp.ID, SizeX: sp.Sheet.Size.SizeX, SizeY: sp.Sheet.Size.SizeY, Parts: drawn}, in.DXF); err != nil {
			return fmt.Errorf("sheet %s: dxf: %w", sp.ID, err)
		}
		if err := out.Add("dxf/"+sp.ID+".dxf", buf.Bytes(), Owner{Nest: sp.ID}); err != nil {
			return err
		}
	}
	return nil
}
