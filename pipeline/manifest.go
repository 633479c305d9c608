package pipeline

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/fabkit/fabkit/bom/cutstock"
	"github.com/fabkit/fabkit/cam/toolpath"
	"github.com/fabkit/fabkit/manifest"
	"github.com/fabkit/fabkit/params"
)

// steelDensity is used when the shop does not know a part's material.
const steelDensity = 7850.0 // kg/m^3

// manifestTime is a sheet's torch time as the manifest records it.
func manifestTime(p *toolpath.Plan) float64 { return manifest.Round(p.Stats.Time.Seconds(), 1) }

// writeManifest makes Result.Manifest from the products and the files, and
// adds manifest.json to the files.
func writeManifest(r *Result) error {
	req := r.Request
	m := &manifest.Manifest{Fabkit: Version}
	m.Design = manifest.Design{Name: req.Design.Name(), Version: req.Design.Version(), Summary: req.Design.Summary()}
	m.Preset = r.Values.Preset
	m.Digest = r.Values.Digest()
	for _, p := range r.Values.List() {
		e := manifest.Parameter{Name: p.Name, Kind: string(p.Kind), Value: p.Value, Given: p.Text, Unit: p.Unit, Source: p.Source}
		switch p.Kind {
		case params.Length:
			e.Value, e.SIUnit = manifest.Round(p.Value.(float64), 4), "mm"
		case params.Angle:
			e.SIUnit = "deg"
		}
		m.Parameters = append(m.Parameters, e)
	}
	m.Options = entries(r.Options)
	m.Shop = manifest.Shop{Name: req.Shop.Name, Units: string(req.Shop.Units), Currency: req.Shop.Currency}
	m.Summary = r.Model.Summary
	m.Warnings = r.Warnings
	if m.Warnings == nil {
		m.Warnings = []params.Issue{}
	}
	r.Parts = partReports(r)
	m.Parts = r.Parts
	m.Nests = nestEntries(r)
	if err := bomEntries(r, m); err != nil {
		return err
	}
	m.Assembly = &manifest.Assembly{Checked: r.Assembly != nil, Report: r.Assembly}
	m.Files = []manifest.File{}
	for _, f := range r.sortedFiles() {
		sum := sha256.Sum256(f.Data)
		m.Files = append(m.Files, manifest.File{Path: f.Path, Kind: f.Kind, SHA256: hex.EncodeToString(sum[:]), Bytes: len(f.Data)})
	}
	var buf bytes.Buffer
	if err := manifest.Encode(&buf, m); err != nil {
		return err
	}
	r.Manifest = m
	r.Files = append(r.Files, File{Path: "manifest.json", Kind: "json", Data: buf.Bytes()})
	return nil
}

// partReports records every part with its measured geometry and its files.
func partReports(r *Result) []manifest.Part {
	sh := r.Shop
	files := map[string][]string{}
	for _, f := range r.Files {
		if f.Part != "" {
			files[f.Part] = append(files[f.Part], f.Path)
		}
	}
	var out []manifest.Part
	for _, p := range r.Model.Parts {
		rep := manifest.Part{ID: p.ID, Name: p.Name, Qty: p.Qty, Process: string(p.Process), Material: p.Material, Files: files[p.ID]}
		if rep.Files == nil {
			rep.Files = []string{}
		}
		if m := r.Meshes.Parts[p.ID]; m != nil {
			b := m.BBox()
			rep.BBoxMM = [3]float64{manifest.Round(b.Max.X-b.Min.X, 4), manifest.Round(b.Max.Y-b.Min.Y, 4), manifest.Round(b.Max.Z-b.Min.Z, 4)}
			rep.VolumeMM3 = manifest.Round(m.Volume(), 3)
			rep.AreaMM2 = manifest.Round(m.Area(), 3)
			rep.Facets = m.NumTriangles()
			density := steelDensity
			if mat, ok := sh.Material(p.Material); ok && mat.DensityKg > 0 {
				density = mat.DensityKg
			}
			rep.MassKg = manifest.Round(m.Volume()*1e-9*density, 4)
		}
		switch {
		case p.Plate != nil:
			rep.Stock = fmt.Sprintf("plate %s", sh.Units.Format(p.Plate.Thickness))
		case p.Bar != nil:
			rep.Stock = p.Bar.Profile
		case p.Purchased != nil:
			rep.Stock = p.Purchased.Item
		}
		out = append(out, rep)
	}
	return out
}

// nestEntries records every nested sheet, with its G-code and DXF files.
func nestEntries(r *Result) []manifest.Nest {
	out := []manifest.Nest{}
	if r.Nesting == nil {
		return out
	}
	gcode, dxf := map[string]string{}, map[string]string{}
	for _, f := range r.Files {
		switch {
		case f.Nest == "":
		case f.Kind == "gcode" && gcode[f.Nest] == "":
			gcode[f.Nest] = f.Path
		case f.Kind == "dxf" && dxf[f.Nest] == "":
			dxf[f.Nest] = f.Path
		}
	}
	for _, sp := range r.Nesting.Sheets {
		sh := sp.Sheet
		e := manifest.Nest{ID: sp.ID, Stock: sp.Stock.ID, ThicknessMM: manifest.Round(sp.Thickness, 4),
			SizeMM: [2]float64{manifest.Round(sh.Size.SizeX, 3), manifest.Round(sh.Size.SizeY, 3)},
			KerfMM: manifest.Round(sp.KerfMM, 4), Utilization: manifest.Round(sh.Utilization, 4),
			GCode: gcode[sp.ID], DXF: dxf[sp.ID]}
		for _, pl := range sh.Placements {
			e.Placements = append(e.Placements, manifest.Placement{Part: pl.PartID, Instance: pl.Instance,
				X: manifest.Round(pl.X, 3), Y: manifest.Round(pl.Y, 3), Rotation: manifest.Round(pl.Rotation, 3)})
		}
		st := sp.Plan.Stats
		e.CutLengthMM = manifest.Round(st.CutLength, 1)
		e.RapidMM = manifest.Round(st.RapidLength, 1)
		e.Pierces = st.Pierces
		e.TimeS = manifestTime(sp.Plan)
		out = append(out, e)
	}
	return out
}

// bomEntries records the cost, the stock to buy and the cut lists.
func bomEntries(r *Result, m *manifest.Manifest) error {
	b := r.BOM
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
		if err := cutstock.WriteJSON(&buf, cl.Plan); err != nil {
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
	return nil
}
