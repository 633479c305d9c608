package params

// SchemaJSON is the parameter schema as `fabkit params --json` prints it and
// the HTTP service serves it: everything a form needs to render a field.
type SchemaJSON struct {
	Design  string       `json:"design"`
	Summary string       `json:"summary,omitempty"`
	Version string       `json:"version,omitempty"`
	Params  []ParamJSON  `json:"params"`
	Presets []PresetJSON `json:"presets"`
}

// ParamJSON is one parameter in SchemaJSON. Numeric bounds and defaults are
// in millimetres for lengths and degrees for angles; the *_text fields show
// them in the parameter's own unit, as a user types them.
type ParamJSON struct {
	Name        string   `json:"name"`
	Kind        Kind     `json:"kind"`
	Group       string   `json:"group,omitempty"`
	Help        string   `json:"help"`
	Unit        string   `json:"unit,omitempty"`
	Default     any      `json:"default"`
	DefaultText string   `json:"default_text"`
	Min         *float64 `json:"min,omitempty"`
	Max         *float64 `json:"max,omitempty"`
	Range       string   `json:"range"`
	Choices     []string `json:"choices,omitempty"`
	// SoldAs says the range depends on the shop: the value must also be a
	// size the shop sells ("the a36 plate thicknesses the shop sells").
	SoldAs string `json:"sold_as,omitempty"`
}

// PresetJSON is one preset in SchemaJSON.
type PresetJSON struct {
	Name   string            `json:"name"`
	Help   string            `json:"help,omitempty"`
	Values map[string]string `json:"values"`
	Shop   string            `json:"shop,omitempty"`
}

// JSON describes the schema for forms and tools.
func (s *Schema) JSON(design, summary, version string) SchemaJSON {
	out := SchemaJSON{Design: design, Summary: summary, Version: version, Params: []ParamJSON{}, Presets: []PresetJSON{}}
	for _, p := range s.Params {
		j := ParamJSON{Name: p.Name, Kind: p.Kind, Group: p.Group, Help: p.Help, Default: p.Default,
			DefaultText: p.Format(p.Default), Range: p.RangeText(), Choices: p.Choices}
		switch p.Kind {
		case Length:
			j.Unit = string(p.Unit)
		case Angle:
			j.Unit = "deg"
		case Number:
			j.Unit = p.Suffix
		}
		if p.Stock != nil {
			j.SoldAs = p.Stock.String()
		}
		if p.Kind != Bool && p.Kind != Choice {
			lo, hi := p.Min, p.Max
			j.Min, j.Max = &lo, &hi
		}
		out.Params = append(out.Params, j)
	}
	for _, pr := range s.Presets {
		out.Presets = append(out.Presets, PresetJSON{Name: pr.Name, Help: pr.Help, Values: pr.Values, Shop: pr.Shop})
	}
	return out
}
