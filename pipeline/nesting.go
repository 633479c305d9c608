package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/fabkit/fabkit/bom"
	"github.com/fabkit/fabkit/cam/gcode"
	"github.com/fabkit/fabkit/cam/nest"
	"github.com/fabkit/fabkit/cam/toolpath"
	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/geometry/section"
	"github.com/fabkit/fabkit/internal/plural"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/shop"
)

// Nesting is the cam stage's product: the plate parts nested on the shop's
// sheets, one toolpath per sheet, and the sheets used for the BOM. A shop
// without a torch table nests nothing (Sheets and Use are empty, and the
// BOM estimates sheet counts from an area bound).
type Nesting struct {
	Sheets   []*SheetPlan
	Use      []bom.SheetUse // sheets bought, by size, for the BOM
	Dialect  gcode.Dialect  // the torch table's G-code dialect
	Warnings []string
}

// SheetPlan is one nested sheet and its torch toolpath.
type SheetPlan struct {
	ID        string // n01, n02, ... in build order
	Stock     shop.Sheet
	Material  string
	Thickness float64 // mm
	// Sheet is the sheet as it lies on the table (size, placements,
	// utilization, remnant and UsedX in the table's frame, lower-left
	// corner at (0, 0)); when Turned, its remnant reaches the far end along
	// Y instead of X.
	Sheet  nest.Sheet
	Turned bool        // laid a quarter turn onto the table: the nester's X runs along the table's Y
	Parts  []nest.Part // the parts nested, indexed by Sheet.Placements[i].Part
	Plan   *toolpath.Plan
	KerfMM float64
}

// Placed returns the parts on the sheet in sheet coordinates.
func (sp *SheetPlan) Placed() []toolpath.PlacedPart {
	var out []toolpath.PlacedPart
	for _, pl := range sp.Sheet.Placements {
		out = append(out, toolpath.PlacedPart{ID: pl.PartID, Instance: pl.Instance, Shape: pl.Placed(sp.Parts[pl.Part].Shape)})
	}
	return out
}

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

// NestPlates is the cam stage: it nests the plate parts of each material
// and thickness on the shop's sheets that fit the torch table's bed and
// plans the torch toolpath of every sheet (kerf offsets, lead-ins, cut
// order, time). It reports the nester's layouts tried to report. The
// groups are nested at once on up to workers goroutines (0: one a core),
// each nest a function of its own input, so the result does not depend on
// the number.
func NestPlates(ctx context.Context, m *model.Model, s *shop.Shop, tol float64, workers int, report Report) (*Nesting, error) {
	if !s.HasTorchTable() {
		return &Nesting{Warnings: []string{"shop has no torch table: plate parts are not nested and sheet counts are estimates"}}, nil
	}
	table := s.TorchTable
	dialect, err := gcode.Lookup(table.Dialect)
	if err != nil {
		return nil, fmt.Errorf("torch table dialect: %w", err)
	}
	out := &Nesting{Dialect: dialect}
	var found findings
	bed := toolpath.BedOf(table)
	// First every group's stock, cut and sheet sizes, in order, so that an
	// input error is the same whatever the nests do.
	type job struct {
		g      plateGroup
		stock  shop.Sheet
		cut    shop.CutSettings
		sizes  []nest.SheetSize
		nparts []nest.Part
		what   string
		res    *nest.Result
		err    error
	}
	var jobs []*job
	for _, g := range groupPlates(m.Parts) {
		stock, ok := s.Sheet(g.material, g.thickness)
		if !ok {
			return nil, fmt.Errorf("shop %q sells no %s sheet %s thick (parts %s)", s.Name, g.material, s.Units.Format(g.thickness), partIDs(g.parts))
		}
		cut, err := s.CutSettings(g.thickness)
		if err != nil {
			return nil, fmt.Errorf("parts %s: %w", partIDs(g.parts), err)
		}
		// Only sheets the table's bed holds, either way round; each nested
		// sheet is then laid on the bed the way it fits.
		var sizes []nest.SheetSize
		for _, sz := range stock.Sizes {
			if _, fits := bed.Lay(sz.Length, sz.Width); fits {
				sizes = append(sizes, nest.SheetSize{ID: stock.ID, SizeX: sz.Length, SizeY: sz.Width, Price: sz.Price})
			}
		}
		if len(sizes) == 0 {
			return nil, fmt.Errorf("no %s sheet size of shop %q fits the torch table's %s x %s bed (parts %s)", stock.ID, s.Name,
				s.Units.Format(table.BedX), s.Units.Format(table.BedY), partIDs(g.parts))
		}
		var nparts []nest.Part
		for _, p := range g.parts {
			nparts = append(nparts, nest.Part{ID: p.ID, Qty: p.Qty, Shape: p.Plate.Shape})
		}
		jobs = append(jobs, &job{g: g, stock: stock, cut: cut, sizes: sizes, nparts: nparts,
			what: fmt.Sprintf("nesting %s %s plate", s.Units.Format(g.thickness), g.material)})
	}
	// Progress is the mean of the groups' shares done, reported with the
	// group that moved it.
	var mu sync.Mutex
	share := make([]float64, len(jobs))
	progress := func(gi int, f float64, msg string) {
		mu.Lock()
		defer mu.Unlock()
		share[gi] = f
		total := 0.0
		for _, x := range share {
			total += x
		}
		report.report(total/float64(len(jobs)), msg)
	}
	err = forEach(ctx, workers, len(jobs), func(gi int) {
		j := jobs[gi]
		progress(gi, 0, j.what)
		j.res, j.err = nest.Nest(ctx, j.nparts, j.sizes, nest.Options{
			Spacing: j.cut.Kerf + table.PartGap, EdgeMargin: table.EdgeMargin, Rotations: table.Rotations,
			Tolerance: tol, AllowInHoles: !table.NoPartInPart, Progress: func(done, total int) {
				if total > 0 {
					progress(gi, float64(done)/float64(total), fmt.Sprintf("%s: layout %d of %d", j.what, done, total))
				}
			}})
	})
	if err != nil {
		return nil, err
	}
	for _, j := range jobs {
		if j.err != nil {
			return nil, fmt.Errorf("nesting %s plate: %w", s.Units.Format(j.g.thickness), j.err)
		}
	}
	for _, j := range jobs {
		g, stock, cut, nparts, res := j.g, j.stock, j.cut, j.nparts, j.res
		opts := toolpath.OptionsFor(table, cut)
		count := map[[2]float64]int{}
		var timeS float64
		for _, sh := range res.Sheets {
			turn, _ := bed.Lay(sh.Size.SizeX, sh.Size.SizeY)
			if turn {
				sh = turnSheet(sh, nparts)
			}
			sp := &SheetPlan{ID: fmt.Sprintf("n%02d", len(out.Sheets)+1), Stock: stock, Material: stock.Material,
				Thickness: g.thickness, Sheet: sh, Turned: turn, Parts: nparts, KerfMM: opts.Cut.Kerf}
			sheet := toolpath.Sheet{SizeX: sh.Size.SizeX, SizeY: sh.Size.SizeY, Thickness: g.thickness, Origin: bed.Origin}
			sp.Plan, err = toolpath.Build(ctx, sheet, sp.Placed(), opts)
			if err != nil {
				return nil, fmt.Errorf("sheet %s: %w", sp.ID, err)
			}
			if err := bed.Check(sp.ID, sp.Plan); err != nil {
				return nil, err
			}
			found.add(sp.ID, sp.Plan.Warnings)
			out.Sheets = append(out.Sheets, sp)
			count[[2]float64{min(sh.Size.SizeX, sh.Size.SizeY), max(sh.Size.SizeX, sh.Size.SizeY)}]++
			timeS += manifestTime(sp.Plan)
		}
		keys := make([][2]float64, 0, len(count))
		for k := range count {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i][0]*keys[i][1] < keys[j][0]*keys[j][1] })
		for _, k := range keys {
			out.Use = append(out.Use, bom.SheetUse{Material: g.material, Thickness: g.thickness, SheetID: stock.ID,
				Width: k[0], Length: k[1], Count: count[k], CutTimeS: timeS * float64(count[k]) / float64(len(res.Sheets))})
		}
	}
	out.Warnings = append(out.Warnings, found.lines()...)
	return out, nil
}

// findings gathers the plans' warnings once per part: every copy of a part
// has the same design-for-fabrication findings (a hole narrower than the
// plate, one too small for the kerf), and holes with the same finding go
// on one line.
type findings struct {
	list []*finding
	at   map[[2]string]*finding // by part and message
}

type finding struct {
	part, msg string
	holes     []int // 0 is the outline
	copies    map[int]bool
	sheets    []string
}

func (f *findings) add(sheet string, ws []toolpath.Warning) {
	if f.at == nil {
		f.at = map[[2]string]*finding{}
	}
	for _, w := range ws {
		k := [2]string{w.Part, w.Message}
		g := f.at[k]
		if g == nil {
			g = &finding{part: w.Part, msg: w.Message, copies: map[int]bool{}}
			f.at[k] = g
			f.list = append(f.list, g)
		}
		if !slices.Contains(g.holes, w.Hole) {
			g.holes = append(g.holes, w.Hole)
		}
		g.copies[w.Instance] = true
		if !slices.Contains(g.sheets, sheet) {
			g.sheets = append(g.sheets, sheet)
		}
	}
}

// lines returns one line per part and finding, e.g. "part f9, 2 copies on
// sheets n01, n02: holes 3-14: 12.17mm wide, narrower than ...".
func (f *findings) lines() []string {
	var out []string
	for _, g := range f.list {
		slices.Sort(g.holes)
		var feats []string
		if g.holes[0] == 0 {
			feats = append(feats, "outline")
		}
		var holes []string
		for i := 0; i < len(g.holes); i++ {
			if g.holes[i] == 0 {
				continue
			}
			j := i
			for j+1 < len(g.holes) && g.holes[j+1] == g.holes[j]+1 {
				j++
			}
			if j > i {
				holes = append(holes, fmt.Sprintf("%d-%d", g.holes[i], g.holes[j]))
			} else {
				holes = append(holes, strconv.Itoa(g.holes[i]))
			}
			i = j
		}
		if n := len(g.holes) - len(feats); n == 1 {
			feats = append(feats, "hole "+holes[0])
		} else if n > 1 {
			feats = append(feats, "holes "+strings.Join(holes, ", "))
		}
		sheets := "sheet "
		if len(g.sheets) > 1 {
			sheets = "sheets "
		}
		out = append(out, fmt.Sprintf("part %s, %s on %s%s: %s: %s", g.part, plural.Count(len(g.copies), "copy", "copies"),
			sheets, strings.Join(g.sheets, ", "), strings.Join(feats, " and "), g.msg))
	}
	return out
}

// turnSheet turns a nested sheet a quarter turn counter-clockwise onto the
// bed (toolpath.Turn): its size, placements and remnant, and UsedX, again
// the largest X a part reaches, now across the sheet (the used length
// along the sheet, the nester's X, runs along the table's Y).
func turnSheet(sh nest.Sheet, parts []nest.Part) nest.Sheet {
	depth := sh.Size.SizeY
	out := sh
	out.Size.SizeX, out.Size.SizeY = sh.Size.SizeY, sh.Size.SizeX
	out.Placements = make([]nest.Placement, len(sh.Placements))
	out.UsedX = 0
	for i, pl := range sh.Placements {
		at := toolpath.Turn(profile.Point{X: pl.X, Y: pl.Y}, depth)
		pl.X, pl.Y, pl.Rotation = at.X, at.Y, math.Mod(pl.Rotation+90, 360)
		out.Placements[i] = pl
		out.UsedX = max(out.UsedX, pl.Placed(parts[pl.Part].Shape).Bounds().Max.X)
	}
	if r := sh.Remnant; r.Area() > 0 {
		out.Remnant = nest.Rect{X: depth - r.Y - r.SizeY, Y: r.X, SizeX: r.SizeY, SizeY: r.SizeX}
	}
	return out
}

// drillDepth is the stack a bar hole is drilled through from its face:
// one leg of an angle or the thickness of a flat (there is nothing under
// them), one wall of a tube, or the whole section for a through hole in a
// tube or any hole in a solid bar.
func drillDepth(p shop.Profile, face section.Face, through bool) float64 {
	sec := p.Section()
	w, h := sec.Outer()
	across := h
	if !face.Wide() {
		across = w
	}
	switch {
	case sec.Shape == shop.Flat:
		return sec.Height
	case sec.Shape == shop.Angle && sec.Wall > 0:
		return sec.Wall
	case through:
		return across
	case sec.Wall > 0:
		return sec.Wall
	}
	return across
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
	if r.Nesting == nil {
		return []NestedSheet{}
	}
	out := make([]NestedSheet, 0, len(r.Nesting.Sheets))
	for _, sp := range r.Nesting.Sheets {
		out = append(out, NestedSheet{ID: sp.ID, Plan: sp.Plan, Parts: sp.Placed()})
	}
	return out
}
