package cli

import (
	"fmt"
	"strings"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/pipeline"
	"github.com/urfave/cli/v2"
)

// forFlags size a hydraulic power unit to the machine it drives:
// `fabkit build power-cube --for ceb-press [--for-preset P] [--for-define n=v]`.
var forFlags = []cli.Flag{
	&cli.StringFlag{Name: "for", Usage: "size the design (a hydraulic power unit) to the hydraulic demand of `DESIGN`, e.g. ceb-press"},
	&cli.StringFlag{Name: "for-preset", Usage: "preset of the --for design (`PRESET`)"},
	&cli.StringSliceFlag{Name: "for-define", Usage: "set a parameter of the --for design, `name=value` (repeatable)"},
}

// sizeFor returns the layer of parameter values that sizes the built design
// to the --for design's demand, reporting the demand on the error stream.
// A design that cannot be sized, or a demand no unit meets, is bad input.
func sizeFor(reg *designs.Registry, c *cli.Context, req pipeline.Request) ([]params.Override, error) {
	name := c.String("for")
	if name == "" {
		if c.IsSet("for-preset") || c.IsSet("for-define") {
			return nil, usagef("--for-preset and --for-define need --for DESIGN")
		}
		return nil, nil
	}
	driven, err := reg.Get(name)
	if err != nil {
		return nil, usageError{fmt.Errorf("--for: %w", err)}
	}
	var defs []params.Override
	for _, s := range c.StringSlice("for-define") {
		o, err := params.ParseOverride(s)
		if err != nil {
			return nil, usageError{fmt.Errorf("--for-define: %w", err)}
		}
		o.Source = "--for-define"
		defs = append(defs, o)
	}
	layer, dem, err := pipeline.SizeFor(req.Design, req.Preset, req.Shop, pipeline.Driven{Design: driven, Preset: c.String("for-preset"), Layers: [][]params.Override{defs}})
	if err != nil {
		return nil, usageError{err}
	}
	fmt.Fprintf(c.App.ErrWriter, "sized for %s: %s\n", describeDemand(dem), overridesText(layer))
	return layer, nil
}

func describeDemand(d model.HydraulicDemand) string {
	return fmt.Sprintf("%.1f gpm (%.0f L/min) at %.0f psi (%.0f bar), %s", d.FlowLPM/3.785412, d.FlowLPM, d.PressureMPa*145.0377, d.PressureMPa*10, d.Basis)
}

func overridesText(ovs []params.Override) string {
	var out []string
	for _, o := range ovs {
		out = append(out, o.Name+"="+o.Value)
	}
	return strings.Join(out, " ")
}
