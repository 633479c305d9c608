package pipeline

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"

	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
)

// Manifest is manifest.json: the contract that CI and users rely on. Field
// order is fixed by the struct, floats are rounded, slices are sorted, so
// the same build gives the same bytes.
type Manifest struct {
	Fabkit     string          `json:"fabkit_version"`
	Design     DesignInfo      `json:"design"`
	Preset     string          `json:"preset,omitempty"`
	Digest     string          `json:"parameter_digest"`
	Parameters []ParamEntry    `json:"parameters"`
	Shop       ShopInfo        `json:"shop"`
	Summary    []model.Figure  `json:"summary,omitempty"`
	Warnings   []params.Issue  `json:"warnings"`
	Parts      []PartReport    `json:"parts"`
	Stock      []StockEntry    `json:"stock"`
	CutList    json.RawMessage `json:"cut_list,omitempty"`
	Nests      []NestEntry     `json:"nests"`
	Cost       *CostEntry      `json:"cost,omitempty"`
	Files      []FileEntry     `json:"files"`
}

// DesignInfo names the design.
type DesignInfo struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Summary string `json:"summary"`
}

// ParamEntry is one resolved parameter: its value in mm (lengths), degrees
// or its own unit, and the text it was given as.
type ParamEntry struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Value  any    `json:"value"`
	SIUnit string `json:"si_unit,omitempty"`
	Given  string `json:"given"`
	Unit   string `json:"unit,omitempty"`
	Source string `json:"source"`
}

// ShopInfo names the shop the build was planned for.
type ShopInfo struct {
	Name     string `json:"name"`
	Units    string `json:"units"`
	Currency string `json:"currency"`
}

// PartReport is one part in the manifest, with its measured geometry.
type PartReport struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Qty       int        `json:"qty"`
	Process   string     `json:"process"`
	Material  string     `json:"material,omitempty"`
	Stock     string     `json:"stock,omitempty"`
	BBoxMM    [3]float64 `json:"bbox_mm"`
	VolumeMM3 float64    `json:"volume_mm3"`
	AreaMM2   float64    `json:"area_mm2"`
	MassKg    float64    `json:"mass_kg"`
	Facets    int        `json:"facets,omitempty"`
	Files     []string   `json:"files"`
}

// StockEntry is stock to buy: a bar or a sheet, with what it is used for.
type StockEntry struct {
	Kind     string   `json:"kind"` // bar or sheet
	ID       string   `json:"id"`
	Size     string   `json:"size"`
	Qty      int      `json:"qty"`
	Price    float64  `json:"unit_price"`
	Use      []string `json:"use"`
	Estimate bool     `json:"estimate,omitempty"` // true when counted from an area bound, not a nest
}

// NestEntry is one nested sheet.
type NestEntry struct {
	ID          string           `json:"id"`
	Stock       string           `json:"stock"`
	ThicknessMM float64          `json:"thickness_mm"`
	SizeMM      [2]float64       `json:"size_mm"`
	KerfMM      float64          `json:"kerf_mm"`
	Utilization float64          `json:"utilization"`
	Placements  []PlacementEntry `json:"placements"`
	GCode       string           `json:"gcode,omitempty"`
	DXF         string           `json:"dxf,omitempty"`
	CutLengthMM float64          `json:"cut_length_mm"`
	RapidMM     float64          `json:"rapid_length_mm"`
	Pierces     int              `json:"pierces"`
	TimeS       float64          `json:"time_s"`
}

// PlacementEntry places one part instance on a sheet.
type PlacementEntry struct {
	Part     string  `json:"part"`
	Instance int     `json:"instance"`
	X        float64 `json:"x_mm"`
	Y        float64 `json:"y_mm"`
	Rotation float64 `json:"rotation_deg"`
}

// CostEntry totals the cost by category, in the shop's currency.
type CostEntry struct {
	Currency     string   `json:"currency"`
	Material     float64  `json:"material"`
	MaterialUsed float64  `json:"material_used"`
	Hardware     float64  `json:"hardware"`
	Labour       float64  `json:"labour"`
	Machine      float64  `json:"machine"`
	Total        float64  `json:"total"`
	MassKg       float64  `json:"mass_kg"`
	Unpriced     []string `json:"unpriced,omitempty"`
}

// FileEntry is one file of the output folder.
type FileEntry struct {
	Path   string `json:"path"`
	Kind   string `json:"kind"`
	SHA256 string `json:"sha256"`
	Bytes  int    `json:"bytes"`
}

// round keeps six significant decimals of a measure, so float noise in the
// last bits never changes a manifest.
func round(x float64, decimals int) float64 {
	k := math.Pow(10, float64(decimals))
	r := math.Round(x*k) / k
	if r == 0 {
		return 0 // no "-0"
	}
	return r
}

// writeManifest fills Result.Manifest and adds manifest.json to the files.
func writeManifest(r *Result) error {
	req := r.Request
	m := r.manifest()
	m.Fabkit = Version
	m.Design = DesignInfo{Name: req.Design.Name(), Version: req.Design.Version(), Summary: req.Design.Summary()}
	m.Preset = r.Values.Preset
	m.Digest = r.Values.Digest()
	m.Parameters = nil
	for _, p := range r.Values.List() {
		e := ParamEntry{Name: p.Name, Kind: string(p.Kind), Value: p.Value, Given: p.Text, Unit: p.Unit, Source: p.Source}
		switch p.Kind {
		case params.Length:
			e.Value, e.SIUnit = round(p.Value.(float64), 4), "mm"
		case params.Angle:
			e.SIUnit = "deg"
		}
		m.Parameters = append(m.Parameters, e)
	}
	m.Shop = ShopInfo{Name: req.Shop.Name, Units: string(req.Shop.Units), Currency: req.Shop.Currency}
	m.Summary = r.Model.Summary
	m.Warnings = r.Warnings
	if m.Warnings == nil {
		m.Warnings = []params.Issue{}
	}
	m.Parts = r.Parts
	if m.Stock == nil {
		m.Stock = []StockEntry{}
	}
	if m.Nests == nil {
		m.Nests = []NestEntry{}
	}
	m.Files = []FileEntry{}
	for _, f := range r.sortedFiles() {
		sum := sha256.Sum256(f.Data)
		m.Files = append(m.Files, FileEntry{Path: f.Path, Kind: f.Kind, SHA256: hex.EncodeToString(sum[:]), Bytes: len(f.Data)})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return err
	}
	r.addFile("manifest.json", "json", buf.Bytes())
	return nil
}
