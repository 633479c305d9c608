package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/fabkit/fabkit/assembly"
	"github.com/fabkit/fabkit/bom"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/shop"
)

// PlanBOM is the bom stage: the cut lists of bar stock, the sheets to buy
// (from the nesting when it ran, else from an area bound), hardware and
// costs. Printed and milled parts are priced by their measured volume; the
// bolts, nuts and washers are the joints' (joints, from the assembly
// check), not the design's own list of them. It reports each profile's
// cut list to report.
func PlanBOM(ctx context.Context, m *model.Model, s *shop.Shop, joints *assembly.Report, meshes *Meshes, nesting *Nesting, report Report) (*bom.BOM, error) {
	opt := bom.Options{Volumes: map[string]float64{}, Progress: func(profile string, done, total int) {
		report.report(float64(done)/float64(total), "cut list of "+profile)
	}}
	if joints != nil {
		opt.Fasteners = []bom.Fastener{}
		for _, f := range joints.Fasteners {
			opt.Fasteners = append(opt.Fasteners, bom.Fastener{Item: f.Item, Kind: f.Kind, Diameter: f.Diameter, Length: f.Length, Qty: f.Qty})
		}
	}
	if nesting != nil {
		opt.Sheets = nesting.Use
	}
	for _, p := range m.Parts {
		pm := meshes.Parts[p.ID]
		switch {
		case pm == nil || p.Solid == nil:
		case p.Process == model.Print3D:
			// Filament laid down: a solid shell and the interior at the infill.
			opt.Volumes[p.ID] = s.Printer.Extruded(pm.Volume(), pm.Area())
		default:
			opt.Volumes[p.ID] = pm.Volume()
		}
	}
	return bom.Plan(ctx, m, s, opt)
}

var bomFormat = Format{
	Kind: "bom",
	Files: []FileSpec{
		{"bom/bom.xlsx", "xlsx", "Summary, Parts, Cut list, Stock to buy, Hardware; the total is a formula"},
		{"bom/TABLE.csv", "csv", "the same tables as CSV"},
	},
	Needs: ProductNesting | ProductBOM,
	Write: writeBOM,
}

// writeBOM writes the costed bill of materials as XLSX and CSV.
func writeBOM(ctx context.Context, in *Products, out *Output) error {
	meta := bomMeta(in)
	var xl bytes.Buffer
	if err := bom.WriteXLSX(&xl, in.BOM, meta); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if err := out.Add("bom/bom.xlsx", xl.Bytes(), Owner{}); err != nil {
		return err
	}
	csvs := in.BOM.CSVFiles(meta)
	for _, name := range slices.Sorted(maps.Keys(csvs)) { // in a fixed order, not the map's
		if err := out.Add("bom/"+name, csvs[name], Owner{}); err != nil {
			return err
		}
	}
	return nil
}

// bomMeta says in the BOM which build it belongs to.
func bomMeta(in *Products) bom.Meta {
	meta := bom.Meta{Design: in.Design.Name(), Version: in.Design.Version(), Preset: in.Values.Preset,
		Digest: in.Values.Digest(), Shop: in.Shop.Name}
	for _, p := range in.Values.List() {
		meta.Params = append(meta.Params, bom.Param{Name: p.Name, Text: p.Display})
	}
	return meta
}
