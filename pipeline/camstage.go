package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"github.com/fabkit/fabkit/manifest"
	"math"
	"sort"

	"github.com/fabkit/fabkit/bom"
	"github.com/fabkit/fabkit/cam/dxf"
	"github.com/fabkit/fabkit/cam/gcode"
	"github.com/fabkit/fabkit/cam/nest"
	"github.com/fabkit/fabkit/cam/toolpath"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/shop"
)

// plateGroup is the plate parts of one material and thickness: one nest.
type plateGroup struct {
	material  string
	thickness float64
	parts     []*model.Part
}

// groupPlates splits plate parts by material and thickness, thinnest first.
func groupPlates(parts []*model.Part) []plateGroup {
	var groups []plateGroup
	for _, p := range parts {
		if p.Plate == nil {
			continue
		}
		found := false
		for i := range groups {
			g := &groups[i]
			if g.material == p.Material && math.Abs(g.thickness-p.Plate.Thickness) < 0.01 {
				g.parts = append(g.parts, p)
				found = true
			}
		}
		if !found {
			groups = append(groups, plateGroup{material: p.Material, thickness: p.Plate.Thickness, parts: []*model.Part{p}})
		}
	}
	sort.SliceStable(groups, func(i, j int) bool {
		if groups[i].thickness != groups[j].thickness {
			return groups[i].thickness < groups[j].thickness
		}
		return groups[i].material < groups[j].material
	})
	return groups
}

// drilledHoles returns the indices of a plate's round holes too small for
// the torch (diameter < MinHoleRatio x thickness): they are drilled.
func drilledHoles(p *model.Plate, ratio float64) []int {
	var idx []int
	for i, h := range p.Shape.Holes {
		if toolpath.Drilled(h, p.Thickness, ratio) {
			idx = append(idx, i)
		}
	}
	return idx
}

// runCAM nests the plate parts of each thickness on the shop's sheets,
// plans and writes the torch G-code and DXF of every sheet, the DXF and
// drilling program of every plate part, and the hole tables of bars.
func runCAM(ctx context.Context, r *Result) error {
	s := r.Request.Shop
	if !s.HasTorchTable() {
		// No torch table: the BOM counts sheets from the area bound instead.
		r.Warnings = append(r.Warnings, issue("shop has no torch table: plate parts are not nested and sheet counts are estimates"))
		return r.drillBars()
	}
	table := s.TorchTable
	dialect, err := gcode.Lookup(table.Dialect)
	if err != nil {
		return fmt.Errorf("torch table dialect: %w", err)
	}
	m := r.manifest()
	m.Nests = []manifest.Nest{}
	partIndex := map[string]int{}
	for i, p := range r.Parts {
		partIndex[p.ID] = i
	}
	for _, g := range groupPlates(r.Model.Parts) {
		if err := ctx.Err(); err != nil {
			return err
		}
		stock, ok := s.Sheet(g.material, g.thickness)
		if !ok {
			return fmt.Errorf("shop %q sells no %s sheet %s thick (parts %s)", s.Name, g.material, s.Units.Format(g.thickness), partIDs(g.parts))
		}
		cut, err := s.CutSettings(g.thickness)
		if err != nil {
			return fmt.Errorf("parts %s: %w", partIDs(g.parts), err)
		}
		// Only sheets the table's bed holds, either way round.
		var sizes []nest.SheetSize
		for _, sz := range stock.Sizes {
			fits := sz.Width <= table.BedX+1e-6 && sz.Length <= table.BedY+1e-6 || sz.Width <= table.BedY+1e-6 && sz.Length <= table.BedX+1e-6
			if fits || table.BedX == 0 || table.BedY == 0 {
				sizes = append(sizes, nest.SheetSize{ID: stock.ID, SizeX: sz.Length, SizeY: sz.Width, Price: sz.Price})
			}
		}
		if len(sizes) == 0 {
			return fmt.Errorf("no %s sheet size of shop %q fits the torch table's %s x %s bed (parts %s)", stock.ID, s.Name,
				s.Units.Format(table.BedX), s.Units.Format(table.BedY), partIDs(g.parts))
		}
		var nparts []nest.Part
		for _, p := range g.parts {
			nparts = append(nparts, nest.Part{ID: p.ID, Qty: p.Qty, Shape: p.Plate.Shape})
			if r.wants("dxf") {
				var buf bytes.Buffer
				if err := dxf.WritePart(&buf, dxf.Part{ID: p.ID, Shape: p.Plate.Shape, Drill: drilledHoles(p.Plate, table.MinHoleRatio)}, r.Request.DXF); err != nil {
					return fmt.Errorf("part %s: dxf: %w", p.ID, err)
				}
				path := "dxf/" + p.ID + ".dxf"
				r.addFile(path, "dxf", buf.Bytes())
				r.Parts[partIndex[p.ID]].Files = append(r.Parts[partIndex[p.ID]].Files, path)
			}
		}
		res, err := nest.Nest(ctx, nparts, sizes, nest.Options{
			Spacing: cut.Kerf + table.PartGap, EdgeMargin: table.EdgeMargin, Rotations: table.Rotations,
			Tolerance: r.Request.Tolerance, AllowInHoles: true})
		if err != nil {
			return fmt.Errorf("nesting %s plate: %w", s.Units.Format(g.thickness), err)
		}
		opts := toolpath.OptionsFor(table, cut)
		count := map[[2]float64]int{}
		var timeS float64
		for _, sh := range res.Sheets {
			id := fmt.Sprintf("n%02d", len(m.Nests)+1)
			entry, err := r.cutSheet(ctx, id, stock, g.thickness, sh, nparts, opts, dialect)
			if err != nil {
				return err
			}
			m.Nests = append(m.Nests, entry)
			count[[2]float64{sh.Size.SizeY, sh.Size.SizeX}]++
			timeS += entry.TimeS
		}
		keys := make([][2]float64, 0, len(count))
		for k := range count {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i][0]*keys[i][1] < keys[j][0]*keys[j][1] })
		for _, k := range keys {
			r.sheetUse = append(r.sheetUse, bom.SheetUse{Material: g.material, Thickness: g.thickness, SheetID: stock.ID,
				Width: k[0], Length: k[1], Count: count[k], CutTimeS: timeS * float64(count[k]) / float64(len(res.Sheets))})
		}
	}
	if err := r.drillPlates(dialect); err != nil {
		return err
	}
	return r.drillBars()
}

// cutSheet plans and writes one nested sheet's toolpath, G-code and DXF.
func (r *Result) cutSheet(ctx context.Context, id string, stock shop.Sheet, thickness float64, sh nest.Sheet,
	parts []nest.Part, opts toolpath.Options, dialect gcode.Dialect) (manifest.Nest, error) {
	s := r.Request.Shop
	entry := manifest.Nest{ID: id, Stock: stock.ID, ThicknessMM: manifest.Round(thickness, 4), SizeMM: [2]float64{manifest.Round(sh.Size.SizeX, 3), manifest.Round(sh.Size.SizeY, 3)},
		KerfMM: manifest.Round(opts.Cut.Kerf, 4), Utilization: manifest.Round(sh.Utilization, 4)}
	var placed []toolpath.PlacedPart
	var drawn []dxf.Part
	drill := make([][]int, len(parts)) // the holes each part drills, decided in the part's own frame
	for i, p := range parts {
		drill[i] = drilledHoles(&model.Plate{Thickness: thickness, Shape: p.Shape}, s.TorchTable.MinHoleRatio)
	}
	for _, pl := range sh.Placements {
		shape := pl.Placed(parts[pl.Part].Shape)
		placed = append(placed, toolpath.PlacedPart{ID: pl.PartID, Instance: pl.Instance, Shape: shape})
		// Transform keeps the holes' order, so the part's own drill list holds.
		drawn = append(drawn, dxf.Part{ID: fmt.Sprintf("%s#%d", pl.PartID, pl.Instance), Shape: shape, Drill: drill[pl.Part]})
		entry.Placements = append(entry.Placements, manifest.Placement{Part: pl.PartID, Instance: pl.Instance,
			X: manifest.Round(pl.X, 3), Y: manifest.Round(pl.Y, 3), Rotation: manifest.Round(pl.Rotation, 3)})
	}
	// Nest X runs along the sheet's length; the torch table's X is the same.
	plan, err := toolpath.Build(ctx, toolpath.Sheet{SizeX: sh.Size.SizeX, SizeY: sh.Size.SizeY, Thickness: thickness}, placed, opts)
	if err != nil {
		return entry, fmt.Errorf("sheet %s: %w", id, err)
	}
	for _, w := range plan.Warnings {
		r.Warnings = append(r.Warnings, issue(fmt.Sprintf("sheet %s: %s", id, w)))
	}
	entry.CutLengthMM = manifest.Round(plan.Stats.CutLength, 1)
	entry.RapidMM = manifest.Round(plan.Stats.RapidLength, 1)
	entry.Pierces = plan.Stats.Pierces
	entry.TimeS = manifest.Round(plan.Stats.Time.Seconds(), 1)
	if r.wants("gcode") {
		var buf bytes.Buffer
		if err := gcode.WriteCut(&buf, plan, dialect, s.Units); err != nil {
			return entry, fmt.Errorf("sheet %s: %w", id, err)
		}
		entry.GCode = "gcode/" + id + ".ngc"
		r.addFile(entry.GCode, "gcode", buf.Bytes())
		if holes := gcode.DrillHoles(plan); len(holes) > 0 {
			var drill bytes.Buffer // a new buffer: the cut program's bytes are already in r.Files
			if err := gcode.WriteDrill(&drill, holes, dialect, s.Units, gcode.DrillOptions{Drill: s.Drill}); err != nil {
				return entry, fmt.Errorf("sheet %s: drilling: %w", id, err)
			}
			r.addFile("gcode/"+id+"-drill.ngc", "gcode", drill.Bytes())
		}
	}
	if r.wants("dxf") {
		var buf bytes.Buffer
		if err := dxf.WriteSheet(&buf, dxf.Sheet{ID: id, SizeX: sh.Size.SizeX, SizeY: sh.Size.SizeY, Parts: drawn}, r.Request.DXF); err != nil {
			return entry, fmt.Errorf("sheet %s: dxf: %w", id, err)
		}
		entry.DXF = "dxf/" + id + ".dxf"
		r.addFile(entry.DXF, "dxf", buf.Bytes())
	}
	r.plans = append(r.plans, sheetPlan{id: id, material: stock.Material, thickness: thickness, sheet: sh, parts: parts, plan: plan})
	return entry, nil
}

// drillPlates writes a drilling program for every plate part with holes
// too small for the torch, in the part's own frame (the drawing's datum:
// the lower-left corner of its bounds), so a part can also be drilled off
// the sheet.
func (r *Result) drillPlates(dialect gcode.Dialect) error {
	if !r.wants("gcode") {
		return nil
	}
	s := r.Request.Shop
	for i, p := range r.Model.Parts {
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
		if err := r.addDrill(i, "gcode/"+p.ID+"-drill.ngc", holes, dialect); err != nil {
			return err
		}
	}
	return nil
}

// addDrill writes one drilling program and lists it under part i.
func (r *Result) addDrill(i int, path string, holes []gcode.DrillHole, dialect gcode.Dialect) error {
	var buf bytes.Buffer
	if err := gcode.WriteDrill(&buf, holes, dialect, r.Request.Shop.Units, gcode.DrillOptions{Drill: r.Request.Shop.Drill}); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	r.addFile(path, "gcode", buf.Bytes())
	r.Parts[i].Files = append(r.Parts[i].Files, path)
	return nil
}

// drillBars writes, for every bar part with holes, a drilling program per
// drilled face (X0 at the bar's start end, Y0 on the face's centre line,
// Z0 on the face) and the hole table for marking out and drilling by hand.
func (r *Result) drillBars() error {
	if !r.wants("gcode") {
		return nil
	}
	s := r.Request.Shop
	dialect, dialectErr := gcode.Lookup(s.Drill.Dialect)
	if dialectErr != nil {
		dialect, dialectErr = gcode.Lookup(s.TorchTable.Dialect)
	}
	var holes []gcode.TableHole
	for pi, p := range r.Model.Parts {
		if p.Bar == nil {
			continue
		}
		prof, _ := s.Profile(p.Bar.Profile)
		faces := map[string][]gcode.DrillHole{}
		var order []string
		for i, h := range p.Bar.Holes {
			holes = append(holes, gcode.TableHole{Part: p.ID, Face: h.Face, Hole: i + 1, Along: h.At, Diameter: h.Diameter, Through: h.Through})
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
			if err := r.addDrill(pi, fmt.Sprintf("gcode/%s-drill-%s.ngc", p.ID, face), faces[face], dialect); err != nil {
				return err
			}
		}
	}
	if len(holes) == 0 {
		return nil
	}
	var txt, csv bytes.Buffer
	if err := gcode.WriteHoleTable(&txt, holes, r.Request.Shop.Units, gcode.TableText); err != nil {
		return err
	}
	if err := gcode.WriteHoleTable(&csv, holes, r.Request.Shop.Units, gcode.TableCSV); err != nil {
		return err
	}
	r.addFile("gcode/bar-holes.txt", "txt", txt.Bytes())
	r.addFile("gcode/bar-holes.csv", "csv", csv.Bytes())
	return nil
}

// drillDepth is how deep a bar hole is drilled from its face: through one
// wall of a tube, or through the whole section.
func drillDepth(p shop.Profile, face string, through bool) float64 {
	across := p.Height
	if face == "left" || face == "right" {
		across = p.Width
	}
	if p.Diameter > 0 {
		across = p.Diameter
	}
	if across == 0 {
		across = p.Width
	}
	switch {
	case p.Shape == shop.Flat:
		return p.Wall
	case through:
		return across
	case p.Wall > 0:
		return p.Wall
	}
	return across
}

// sheetPlan keeps a nested sheet and its toolpath for the drawing stage
// and the consistency checks.
type sheetPlan struct {
	id        string
	material  string
	thickness float64
	sheet     nest.Sheet
	parts     []nest.Part
	plan      *toolpath.Plan
}

func partIDs(parts []*model.Part) string {
	var b bytes.Buffer
	for i, p := range parts {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p.ID)
	}
	return b.String()
}

// NestedSheet is one nested sheet of a build: its toolpath and the parts
// placed on it, in sheet coordinates. Tests and tools check G-code with it.
type NestedSheet struct {
	ID    string
	Plan  *toolpath.Plan
	Parts []toolpath.PlacedPart
}

// NestedSheets returns the build's nested sheets in order.
func (r *Result) NestedSheets() []NestedSheet {
	out := make([]NestedSheet, 0, len(r.plans))
	for _, sp := range r.plans {
		ns := NestedSheet{ID: sp.id, Plan: sp.plan}
		for _, pl := range sp.sheet.Placements {
			ns.Parts = append(ns.Parts, toolpath.PlacedPart{ID: pl.PartID, Instance: pl.Instance, Shape: pl.Placed(sp.parts[pl.Part].Shape)})
		}
		out = append(out, ns)
	}
	return out
}
