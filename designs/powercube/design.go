// Package powercube is Open Source Ecology's Power Cube, the hydraulic
// power unit of the Global Village Construction Set, as a parametric fabkit
// design: an engine turning a gear pump, in a welded cube of angle with the
// hydraulic reservoir and the fuel tank built from rectangular tube. Power
// Cube VI (2012: a mitred 27in cube, both tanks of 6 x 12 x 1/4 tube) is the
// default; Power Cube IV (2011, Tom Griffing's manual: a square-cut 29 x 27
// x 24in frame) is a layout choice.
//
// The files read top to bottom like the machine: params.go (what a
// replicator may change), dims.go (the derived sizes, named as in OSE's cut
// sheets, and the engine and pump picked from the shop's catalogue),
// place.go (placing angles, tubes and plates in the cube), frame.go (the
// frame of either version), tanks.go (reservoir and fuel tank), mounts.go
// (engine and pump plates, quick-attach plates, battery cage, cooler
// mounts), purchased.go (engine, pump and the hydraulics OSE's BOM lists),
// summary.go (flow, power, dwell, fuel, mass) and size.go (choosing the
// engine, pump and tank for a hydraulic demand).
package powercube

import (
	"context"

	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

// Design is the Power Cube. It has no state.
type Design struct{}

var (
	_ model.Design            = Design{}
	_ model.HydraulicSupplier = Design{}
)

// Name is the registry name.
func (Design) Name() string { return "power-cube" }

// Summary is one line for `fabkit designs`.
func (Design) Summary() string {
	return "OSE Power Cube VI hydraulic power unit (28 hp engine, 0.98 in³ pump, mitred 27in angle cube, 6x12 tube tanks); IV layout as a choice"
}

// Version is the design's revision: OSE's version plus ours.
func (Design) Version() string { return "VI-fabkit.1" }

// Schema declares the parameters, presets and checks.
func (Design) Schema() *params.Schema { return schema() }

// Build makes the model.
func (Design) Build(ctx context.Context, v *params.Values, s *shop.Shop, r *params.Report) (*model.Model, error) {
	return build(ctx, v, s, r)
}
