package service

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/fabkit/fabkit/internal/excerpt"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/pipeline"
)

// BuildFor sizes the built design (a hydraulic power unit such as
// power-cube) to the hydraulic demand of another design: the request's
// "for" field, like `fabkit build power-cube --for ceb-press`.
type BuildFor struct {
	// Design is the driven design's registry name, e.g. "ceb-press".
	Design string `json:"design"`
	// Preset and Params set the driven design's values, as in a build
	// request of it.
	Preset string         `json:"preset,omitempty"`
	Params map[string]any `json:"params,omitempty"`
}

// sizeFor adds the parameter values that size sp's design to req.For's
// demand, under the request's own params (those win), and re-checks the
// merged values. The build id then covers the sized values.
func (s *Server) sizeFor(req *BuildRequest, sp *spec) *apiError {
	f := req.For
	if f.Design == "" {
		return badRequest("for.design", "no design given to size %s for (designs: %s)", sp.design.Name(), strings.Join(s.designNames(), ", "))
	}
	driven := s.design(f.Design)
	if driven == nil {
		return badRequest("for.design", "unknown design %s (designs: %s)", excerpt.Quote(f.Design), strings.Join(s.designNames(), ", "))
	}
	var layer []params.Override
	for k, v := range f.Params {
		var text string
		switch v := v.(type) {
		case string:
			text = strings.TrimSpace(v)
		case json.Number:
			text = v.String()
		case bool:
			text = strconv.FormatBool(v)
		default:
			return badRequest("for.params."+k, "%s: expected a string, number or boolean", k)
		}
		layer = append(layer, params.Override{Name: k, Value: text, Source: source})
	}
	sort.Slice(layer, func(i, j int) bool { return layer[i].Name < layer[j].Name })
	sized, _, err := pipeline.SizeFor(sp.design, sp.preset, sp.shop, pipeline.Driven{Design: driven, Preset: f.Preset, Layers: [][]params.Override{layer}})
	if err != nil {
		return badRequest("for", "%v", err)
	}
	given := map[string]bool{}
	for _, o := range sp.overrides {
		given[o.Name] = true
	}
	for _, o := range sized {
		if !given[o.Name] {
			o.Source = source + " for " + f.Design
			sp.overrides = append(sp.overrides, o)
		}
	}
	sort.Slice(sp.overrides, func(i, j int) bool { return sp.overrides[i].Name < sp.overrides[j].Name })
	schema := sp.design.Schema()
	values, err := schema.Resolve(sp.preset, sp.overrides)
	if err != nil {
		return paramError(err)
	}
	if e := reportError(schema.RunChecks(values)); e != nil {
		return e
	}
	return nil
}
