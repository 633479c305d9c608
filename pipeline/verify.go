package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"regexp"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/fabkit/fabkit/bom"
	"github.com/fabkit/fabkit/manifest"
)

// outlineComment matches the comment the G-code writers put before a
// part's outline cut: "(part f4 #2: outline)" or "; part f4 #2: outline".
var outlineComment = regexp.MustCompile(`part (\S+) #(\d+): outline`)

// verify cross-checks the outputs of a finished build against each other
// and against the products: unlike a format, it reads the files' bytes,
// so that a bug in one stage cannot silently hand a fabricator a missing
// or doubled part. A failure names the part.
func verify(ctx context.Context, r *Result) error {
	if err := r.verifyNests(); err != nil {
		return err
	}
	if err := r.verifyCutList(); err != nil {
		return err
	}
	return r.verifyXLSX()
}

// verifyNests checks that every plate instance is placed exactly once in a
// nest and cut exactly once in that sheet's G-code.
func (r *Result) verifyNests() error {
	if r.Nesting == nil || len(r.Nesting.Sheets) == 0 {
		return nil
	}
	files := map[string][]byte{}
	for _, f := range r.Files {
		files[f.Path] = f.Data
	}
	placed := map[string]int{} // "id #n" -> times placed
	cut := map[string]int{}    // "id #n" -> outline cuts in the G-code
	sheetOf := map[string]string{}
	for _, sp := range r.Nesting.Sheets {
		for _, pl := range sp.Sheet.Placements {
			key := fmt.Sprintf("%s #%d", pl.PartID, pl.Instance)
			placed[key]++
			sheetOf[key] = sp.ID
		}
		if data, ok := files["gcode/"+sp.ID+".ngc"]; ok {
			for _, m := range outlineComment.FindAllSubmatch(data, -1) {
				key := string(m[1]) + " #" + string(m[2])
				if sheetOf[key] != sp.ID {
					return fmt.Errorf("consistency: part %s is cut in gcode/%s.ngc but placed on sheet %q", key, sp.ID, sheetOf[key])
				}
				cut[key]++
			}
		}
	}
	checkGCode := r.wants("gcode")
	for _, p := range r.Model.Parts {
		if p.Plate == nil {
			continue
		}
		for n := 1; n <= p.Qty; n++ {
			key := fmt.Sprintf("%s #%d", p.ID, n)
			if placed[key] != 1 {
				return fmt.Errorf("consistency: part %s is placed %d times in the nests, want once", key, placed[key])
			}
			if checkGCode && cut[key] != 1 {
				return fmt.Errorf("consistency: part %s is cut %d times in gcode/%s.ngc, want once", key, cut[key], sheetOf[key])
			}
		}
	}
	return nil
}

// verifyCutList checks that every bar part is cut exactly Qty times.
func (r *Result) verifyCutList() error {
	if r.BOM == nil {
		return nil
	}
	cuts := map[string]int{}
	for _, cl := range r.BOM.CutLists {
		for _, b := range cl.Plan.Bars {
			for _, c := range b.Cuts {
				cuts[c.Label]++
			}
		}
	}
	for _, p := range r.Model.Parts {
		if p.Bar != nil && cuts[p.ID] != p.Qty {
			return fmt.Errorf("consistency: part %s is cut %d times in the cut list, want %d", p.ID, cuts[p.ID], p.Qty)
		}
	}
	return nil
}

// verifyXLSX evaluates the workbook's own total formula and checks it
// against the BOM's cost as the manifest records it.
func (r *Result) verifyXLSX() error {
	var data []byte
	for _, f := range r.Files {
		if f.Path == "bom/bom.xlsx" {
			data = f.Data
		}
	}
	if data == nil || r.BOM == nil {
		return nil
	}
	want := manifest.Round(r.BOM.Cost.Total, 2)
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("consistency: bom.xlsx: %w", err)
	}
	defer x.Close()
	rows, err := x.GetRows(bom.SheetSummary)
	if err != nil {
		return fmt.Errorf("consistency: bom.xlsx: %w", err)
	}
	for i, row := range rows {
		if len(row) == 0 || row[0] != "Total" {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(len(row), i+1)
		v, err := x.CalcCellValue(bom.SheetSummary, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			return fmt.Errorf("consistency: bom.xlsx %s!%s: %w", bom.SheetSummary, cell, err)
		}
		total, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return fmt.Errorf("consistency: bom.xlsx %s!%s = %q: not a number", bom.SheetSummary, cell, v)
		}
		if math.Abs(total-want) > 0.01 {
			return fmt.Errorf("consistency: bom.xlsx total %.2f differs from the manifest's %.2f", total, want)
		}
		return nil
	}
	return fmt.Errorf("consistency: bom.xlsx has no Total row on its %s sheet", bom.SheetSummary)
}
