package pipeline

import (
	"strconv"

	"github.com/fabkit/fabkit/manifest"

	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/units"
)

// nestTolerance is the arc-flattening tolerance of the nester. It is the
// nester's own resolution, fixed, so that the mesh tolerance (a setting
// of the STL files) cannot move a part on a sheet.
const nestTolerance = 0.05

// OptionSchema declares the build options that are values, validated like
// a design's parameters (range, unit, message) and recorded in the
// manifest's "options". Each affects only what it names.
func OptionSchema() *params.Schema { return optionSchema }

var optionSchema = func() *params.Schema {
	s := &params.Schema{}
	s.Length("tolerance", "Build", units.MM, "0.05mm", "0.01mm", "1mm",
		"Chord tolerance of the STL meshes of bars and their holes (how far a facet may lie from the true surface); it changes no nest, G-code, DXF or cost.")
	return s
}()

// previewOptionSchema is the option schema of a preview build
// (Request.Preview): the options, and the preview's choices, which the
// manifest records so that a preview's manifest is never taken for a full
// build's. A full build's manifest does not list them.
var previewOptionSchema = func() *params.Schema {
	s := &params.Schema{}
	s.Params = append(s.Params, optionSchema.Params...)
	s.Bool("preview", "Preview", true, "A preview build (the web page's while a design is edited): each part's drawing and the meshes; no G-code, DXF, BOM files, cut diagrams or packet.")
	s.Bool("preview_coarse", "Preview", false, "The preview marched free-form parts at coarser cells: their meshes and figures are not for printing.")
	s.Bool("preview_nest", "Preview", false, "The preview ran the nest; without it plate sheets are counted from an area bound.")
	return s
}()

// resolveOptions validates the request's options: the Options overrides,
// then Tolerance when it is set, then a preview's choices.
func resolveOptions(req *Request) (*params.Values, error) {
	layers := [][]params.Override{req.Options}
	if req.Tolerance != 0 {
		layers = append(layers, []params.Override{{Name: "tolerance",
			Value: strconv.FormatFloat(req.Tolerance, 'g', -1, 64) + "mm", Source: "request"}})
	}
	schema := optionSchema
	if p := req.Preview; p != nil {
		schema = previewOptionSchema
		layers = append(layers, []params.Override{
			{Name: "preview_coarse", Value: strconv.FormatBool(p.Coarse), Source: "request"},
			{Name: "preview_nest", Value: strconv.FormatBool(p.Nest), Source: "request"}})
	}
	v, err := schema.Resolve("", layers...)
	if err != nil {
		return nil, err
	}
	req.Tolerance = v.Length("tolerance")
	return v, nil
}

// entries turns resolved values into manifest entries.
func entries(v *params.Values) []manifest.Parameter {
	var out []manifest.Parameter
	for _, p := range v.List() {
		e := manifest.Parameter{Name: p.Name, Kind: string(p.Kind), Value: p.Value, Given: p.Text, Unit: p.Unit, Source: p.Source}
		switch p.Kind {
		case params.Length:
			e.Value, e.SIUnit = manifest.Round(p.Value.(float64), 6), "mm"
		case params.Angle:
			e.SIUnit = "deg"
		}
		out = append(out, e)
	}
	return out
}
