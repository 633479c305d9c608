package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/fabkit/fabkit/manifest"

	"github.com/fabkit/fabkit/bom"
	"github.com/fabkit/fabkit/model"
)

// planBOM prices the model: the cut lists of bar stock, sheets (from the
// nest when the cam stage ran, else from an area bound), hardware, costs.
func planBOM(ctx context.Context, r *Result) error {
	opt := bom.Options{Sheets: r.sheetUse, Volumes: map[string]float64{}}
	printer := r.Request.Shop.Printer
	for _, p := range r.Model.Parts {
		m := r.meshes[p.ID]
		switch {
		case m == nil || p.Solid == nil:
		case p.Process == model.Print3D:
			// Filament laid down: a solid shell and the interior at the infill.
			opt.Volumes[p.ID] = printer.Extruded(m.Volume(), m.Area())
		default:
			opt.Volumes[p.ID] = m.Volume()
		}
	}
	b, err := bom.Plan(ctx, r.Model, r.Request.Shop, opt)
	if err != nil {
		return err
	}
	r.bom = b
	for _, w := range b.Warnings {
		r.Warnings = append(r.Warnings, issue(w))
	}
	m := r.manifest()
	c := b.Cost
	m.Cost = &manifest.Cost{Currency: c.Currency, Material: manifest.Round(c.Material, 2), MaterialUsed: manifest.Round(c.MaterialUsed, 2),
		Hardware: manifest.Round(c.Hardware, 2), Labour: manifest.Round(c.Labour, 2), Machine: manifest.Round(c.Machine, 2), Total: manifest.Round(c.Total, 2),
		MassKg: manifest.Round(c.MassKg, 3), Unpriced: b.Unpriced}
	m.Stock = []manifest.Stock{}
	for _, s := range b.Stock {
		m.Stock = append(m.Stock, manifest.Stock{Kind: s.Kind, ID: s.ID, Size: s.Size, Qty: s.Qty, Price: manifest.Round(s.UnitPrice, 2), Use: s.Use, Estimate: s.Estimate})
	}
	type cutBar struct {
		Profile string          `json:"profile"`
		Plan    json.RawMessage `json:"plan"`
	}
	var lists []cutBar
	for _, cl := range b.CutLists {
		var buf bytes.Buffer
		if err := cutstockJSON(&buf, cl); err != nil {
			return err
		}
		lists = append(lists, cutBar{Profile: cl.Profile, Plan: json.RawMessage(bytes.TrimSpace(buf.Bytes()))})
	}
	if lists != nil {
		raw, err := json.Marshal(lists)
		if err != nil {
			return err
		}
		m.CutList = raw
	}
	if !r.wants("bom") {
		return nil
	}
	meta := r.bomMeta()
	var xl bytes.Buffer
	if err := bom.WriteXLSX(&xl, b, meta); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	r.addFile("bom/bom.xlsx", "xlsx", xl.Bytes())
	csvs := b.CSVFiles(meta)
	for _, name := range slices.Sorted(maps.Keys(csvs)) { // in a fixed order, not the map's
		r.addFile("bom/"+name, "csv", csvs[name])
	}
	return nil
}

// bomMeta says in the BOM which build it belongs to.
func (r *Result) bomMeta() bom.Meta {
	meta := bom.Meta{Design: r.Request.Design.Name(), Version: r.Request.Design.Version(), Preset: r.Values.Preset,
		Digest: r.Values.Digest(), Shop: r.Request.Shop.Name}
	for _, p := range r.Values.List() {
		meta.Params = append(meta.Params, bom.Param{Name: p.Name, Text: p.Text})
	}
	return meta
}
