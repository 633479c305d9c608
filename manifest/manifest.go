// Package manifest owns manifest.json, the contract CI and users rely on:
// its types, its one encoder (Encode, WriteFile) and its decoder (Decode,
// Read). The pipeline fills a Manifest at the end of a build, regress
// compares two of them, the service and the CLI read them.
package manifest

import (
	"encoding/json"

	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
)

// Manifest is manifest.json: the contract that CI and users rely on. Field
// order is fixed by the struct, floats are rounded, slices are sorted, so
// the same build gives the same bytes.
type Manifest struct {
	Fabkit     string          `json:"fabkit_version"`
	Design     Design          `json:"design"`
	Preset     string          `json:"preset,omitempty"`
	Digest     string          `json:"parameter_digest"`
	Parameters []Parameter     `json:"parameters"`
	Options    []Parameter     `json:"options,omitempty"` // build options such as the mesh tolerance
	Shop       Shop            `json:"shop"`
	Summary    []model.Figure  `json:"summary,omitempty"`
	Warnings   []params.Issue  `json:"warnings"`
	Parts      []Part          `json:"parts"`
	Stock      []Stock         `json:"stock"`
	CutList    json.RawMessage `json:"cut_list,omitempty"`
	Nests      []Nest          `json:"nests"`
	Cost       *Cost           `json:"cost,omitempty"`
	Assembly   *Assembly       `json:"assembly,omitempty"`
	Files      []File          `json:"files"`
}

// Design names the design.
type Design struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Summary string `json:"summary"`
}

// Parameter is one resolved parameter: its value in mm (lengths), degrees
// or its own unit, and the text it was given as.
type Parameter struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Value  any    `json:"value"`
	SIUnit string `json:"si_unit,omitempty"`
	Given  string `json:"given"`
	Unit   string `json:"unit,omitempty"`
	Source string `json:"source"`
}

// Shop names the shop the build was planned for.
type Shop struct {
	Name     string `json:"name"`
	Units    string `json:"units"`
	Currency string `json:"currency"`
}

// Part is one part in the manifest, with its measured geometry.
type Part struct {
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

// Stock is stock to buy: a bar or a sheet, with what it is used for.
type Stock struct {
	Kind     string   `json:"kind"` // bar or sheet
	ID       string   `json:"id"`
	Size     string   `json:"size"`
	Qty      int      `json:"qty"`
	Price    float64  `json:"unit_price"`
	Use      []string `json:"use"`
	Estimate bool     `json:"estimate,omitempty"` // true when counted from an area bound, not a nest
}

// Nest is one nested sheet.
type Nest struct {
	ID          string      `json:"id"`
	Stock       string      `json:"stock"`
	ThicknessMM float64     `json:"thickness_mm"`
	SizeMM      [2]float64  `json:"size_mm"`
	KerfMM      float64     `json:"kerf_mm"`
	Utilization float64     `json:"utilization"`
	Placements  []Placement `json:"placements"`
	GCode       string      `json:"gcode,omitempty"`
	DXF         string      `json:"dxf,omitempty"`
	CutLengthMM float64     `json:"cut_length_mm"`
	RapidMM     float64     `json:"rapid_length_mm"`
	Pierces     int         `json:"pierces"`
	TimeS       float64     `json:"time_s"`
}

// Placement places one part instance on a sheet.
type Placement struct {
	Part     string  `json:"part"`
	Instance int     `json:"instance"`
	X        float64 `json:"x_mm"`
	Y        float64 `json:"y_mm"`
	Rotation float64 `json:"rotation_deg"`
}

// Cost totals the cost by category, in the shop's currency.
type Cost struct {
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

// File is one file of the output folder.
type File struct {
	Path   string `json:"path"`
	Kind   string `json:"kind"`
	SHA256 string `json:"sha256"`
	Bytes  int    `json:"bytes"`
}
