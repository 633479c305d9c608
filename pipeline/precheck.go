package pipeline

import (
	"fmt"
	"strings"

	"github.com/fabkit/fabkit/cam/gcode"
	"github.com/fabkit/fabkit/cam/toolpath"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/shop"
)

// CheckShop refuses, before any work, a shop the build cannot use: a
// torch table whose G-code dialect fabkit does not know.
func CheckShop(s *shop.Shop) error {
	if s.HasTorchTable() {
		if _, err := gcode.Lookup(s.TorchTable.Dialect); err != nil {
			return fmt.Errorf("shop %q: torch_table.dialect = %q: unknown G-code dialect (dialects: %s)",
				s.Name, s.TorchTable.Dialect, strings.Join(gcode.Dialects(), ", "))
		}
	}
	return nil
}

// checkModel refuses, after the design has built its parts and before any
// stage runs, what no stage could make: a purchased item the shop does not
// list (unless the design marks it optional), plate of a thickness the
// shop does not sell, and a plate part larger than every sheet of its
// thickness that fits the torch table's bed.
func checkModel(m *model.Model, s *shop.Shop) error {
	var errs []string
	for _, p := range m.Parts {
		if pu := p.Purchased; pu != nil && !pu.Optional {
			if _, ok := s.Item(pu.Item); !ok {
				errs = append(errs, fmt.Sprintf("part %s (%s): item %q is not in shop %q: add it to the shop's items or a price list", p.ID, p.Name, pu.Item, s.Name))
			}
		}
	}
	if s.HasTorchTable() {
		for _, g := range groupPlates(m.Parts) {
			if msg := checkPlateGroup(g, s); msg != "" {
				errs = append(errs, msg)
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return nil
}

// checkPlateGroup checks one thickness of plate against the shop's sheets.
func checkPlateGroup(g plateGroup, s *shop.Shop) string {
	table := s.TorchTable
	stock, ok := s.Sheet(g.material, g.thickness)
	if !ok {
		var sold []string
		for _, sh := range s.Sheets {
			if sh.Material == g.material {
				sold = append(sold, s.Units.FormatExact(sh.Thickness))
			}
		}
		return fmt.Sprintf("shop %q sells no %s plate %s thick (parts %s); it sells %s", s.Name, g.material,
			s.Units.FormatExact(g.thickness), partIDs(g.parts), strings.Join(sold, ", "))
	}
	if _, err := s.CutSettings(g.thickness); err != nil {
		return fmt.Sprintf("parts %s: %v", partIDs(g.parts), err)
	}
	usable := toolpath.UsableOf(table, stock.Sizes)
	if !usable.Bounded {
		return "" // free rotations: a bounding box says nothing
	}
	if usable.Short <= 0 {
		return fmt.Sprintf("no %s sheet size of shop %q fits the torch table's %s x %s bed (parts %s)", stock.ID, s.Name,
			s.Units.Format(table.BedX), s.Units.Format(table.BedY), partIDs(g.parts))
	}
	for _, p := range g.parts {
		size := p.Plate.Shape.Bounds().Size()
		if !usable.Fits(size.X, size.Y) {
			return fmt.Sprintf("part %s (%s) is %s x %s, larger than every %s sheet the torch table takes (largest usable %s x %s inside the edge margin)",
				p.ID, p.Name, s.Units.Format(size.X), s.Units.Format(size.Y), stock.ID, s.Units.Format(usable.Short), s.Units.Format(usable.Long))
		}
	}
	return ""
}
