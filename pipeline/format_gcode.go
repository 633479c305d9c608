package pipeline

import (
	"bytes"
	"context"
	"fmt"

	"github.com/fabkit/fabkit/cam/gcode"
	"github.com/fabkit/fabkit/geometry/section"
)

var gcodeFormat = Format{
	Kind: "gcode",
	Files: []FileSpec{
		{"gcode/NEST.ngc", "gcode", "the torch program of each nested sheet (X0 Y0 at the sheet's corner in the table's origin corner, lower-left by default; Z0 on top of the plate)"},
		{"gcode/NEST-drill.ngc", "gcode", "holes too small for the torch, as a drilling program for the sheet"},
		{"gcode/PART-drill.ngc", "gcode", "the same holes per plate part (origin at the drawing's datum corner)"},
		{"gcode/PART-drill-FACE.ngc", "gcode", "per drilled face of a bar (X0 at the bar's start end, Y0 on the face's centre line, Z0 on the face)"},
		{"gcode/bar-holes.txt", "txt", "hole table of the bar and tube parts, for marking out by hand"},
		{"gcode/bar-holes.csv", "csv", "the same hole table as CSV"},
	},
	Needs: ProductNesting,
	Write: writeGCode,
}

// writeGCode writes the torch program of every nested sheet with its
// drilling program, a drilling program per plate part with drilled holes,
// per drilled face of every bar part, and the bar hole table.
func writeGCode(ctx context.Context, in *Products, out *Output) error {
	s := in.Shop
	if s.HasTorchTable() {
		for _, sp := range in.Nesting.Sheets {
			if err := ctx.Err(); err != nil {
				return err
			}
			var buf bytes.Buffer
			if err := gcode.WriteCut(&buf, sp.Plan, in.Nesting.Dialect, s.Units); err != nil {
				return fmt.Errorf("sheet %s: %w", sp.ID, err)
			}
			if err := out.Add("gcode/"+sp.ID+".ngc", buf.Bytes(), Owner{Nest: sp.ID}); err != nil {
				return err
			}
			if holes := gcode.DrillHoles(sp.Plan); len(holes) > 0 {
				var drill bytes.Buffer
				if err := gcode.WriteDrill(&drill, holes, in.Nesting.Dialect, s.Units, gcode.DrillOptions{Drill: s.Drill, Sheet: &sp.Plan.Sheet}); err != nil {
					return fmt.Errorf("sheet %s: drilling: %w", sp.ID, err)
				}
				if err := out.Add("gcode/"+sp.ID+"-drill.ngc", drill.Bytes(), Owner{}); err != nil {
					return err
				}
			}
		}
		if err := drillPlates(in, out); err != nil {
			return err
		}
	}
	return drillBars(in, out)
}

// drillPlates writes a drilling program for every plate part with holes
// too small for the torch, in the part's own frame (the drawing's datum:
// the lower-left corner of its bounds), so a part can also be drilled off
// the sheet.
func drillPlates(in *Products, out *Output) error {
	s := in.Shop
	for _, p := range in.Model.Parts {
		if p.Plate == nil {
			continue
		}
		idx := drilledHoles(p.Plate, s.TorchTable.MinHoleRatio)
		if len(idx) == 0 {
			continue
		}
		origin := p.Plate.Shape.Bounds().Min
		var holes []gcode.DrillHole
		for _, k := range idx {
			c, rad, _ := p.Plate.Shape.Holes[k].Circle()
			holes = append(holes, gcode.DrillHole{Label: fmt.Sprintf("part %s: hole %d", p.ID, k+1),
				X: c.X - origin.X, Y: c.Y - origin.Y, Diameter: 2 * rad, Depth: p.Plate.Thickness})
		}
		if err := addDrill(in, out, p.ID, "gcode/"+p.ID+"-drill.ngc", holes, in.Nesting.Dialect); err != nil {
			return err
		}
	}
	return nil
}

// addDrill writes one drilling program of a part.
func addDrill(in *Products, out *Output, part, path string, holes []gcode.DrillHole, dialect gcode.Dialect) error {
	var buf bytes.Buffer
	if err := gcode.WriteDrill(&buf, holes, dialect, in.Shop.Units, gcode.DrillOptions{Drill: in.Shop.Drill}); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return out.Add(path, buf.Bytes(), Owner{Part: part})
}

// drillBars writes, for every bar part with holes, a drilling program per
// drilled face (X0 at the bar's start end, Y0 on the face's centre line,
// Z0 on the face) and the hole table for marking out and drilling by hand.
func drillBars(in *Products, out *Output) error {
	s := in.Shop
	dialect, dialectErr := gcode.Lookup(s.Drill.Dialect)
	if dialectErr != nil {
		dialect, dialectErr = gcode.Lookup(s.TorchTable.Dialect)
	}
	var holes []gcode.TableHole
	for _, p := range in.Model.Parts {
		if p.Bar == nil {
			continue
		}
		prof, _ := s.Profile(p.Bar.Profile)
		faces := map[section.Face][]gcode.DrillHole{}
		var order []section.Face
		for i, h := range p.Bar.Holes {
			holes = append(holes, gcode.TableHole{Part: p.ID, Face: string(h.Face), Hole: i + 1, Along: h.At, Diameter: h.Diameter, Through: h.Through})
			if _, ok := faces[h.Face]; !ok {
				order = append(order, h.Face)
			}
			faces[h.Face] = append(faces[h.Face], gcode.DrillHole{Label: fmt.Sprintf("part %s: hole %d", p.ID, i+1),
				X: h.At, Diameter: h.Diameter, Depth: drillDepth(prof, h.Face, h.Through)})
		}
		if dialectErr != nil {
			continue
		}
		for _, face := range order {
			if err := addDrill(in, out, p.ID, fmt.Sprintf("gcode/%s-drill-%s.ngc", p.ID, face), faces[face], dialect); err != nil {
				return err
			}
		}
	}
	if len(holes) == 0 {
		return nil
	}
	var txt, csv bytes.Buffer
	if err := gcode.WriteHoleTable(&txt, holes, s.Units, gcode.TableText); err != nil {
		return err
	}
	if err := gcode.WriteHoleTable(&csv, holes, s.Units, gcode.TableCSV); err != nil {
		return err
	}
	if err := out.Add("gcode/bar-holes.txt", txt.Bytes(), Owner{}); err != nil {
		return err
	}
	return out.Add("gcode/bar-holes.csv", csv.Bytes(), Owner{})
}
