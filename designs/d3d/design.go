// Package d3d is Open Source Ecology's D3D Universal 3D printer as a
// parametric fabkit design: a cube frame (angle bars with printed corners,
// or CNC-cut picture-frame plates) carrying Universal Axis modules (two
// precision rods, a printed motor holder, carriage and idler, a GT2 belt
// and a NEMA 17), a bed hanging on two rods, and the electronics.
//
// The files read top to bottom like the machine: params.go (what a
// replicator may change, presets, checks), dims.go (the workbench's derived
// dimensions, named as in the source: rod and bar lengths, Universal Axis
// blocks), layout.go (where each axis sits in the frame), csg.go (the solid
// primitives), axis.go (the printed Universal Axis parts), corner.go (the
// printed frame corner), frame.go (angle bars or plates, and the bed plate),
// stock.go (rods and purchased parts), estimate.go (filament and print
// time) and build.go (assembly, shop checks and the summary).
package d3d

import (
	"context"

	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

// Design is the D3D printer. It has no state: every build starts from the
// resolved parameters and the shop.
type Design struct{}

var _ model.Design = Design{}

// Name is the registry name.
func (Design) Name() string { return "d3d" }

// Summary is one line for `fabkit designs`.
func (Design) Summary() string {
	return "OSE D3D Universal 3D printer (cube frame, Universal Axis modules, 8 mm rods, NEMA 17)"
}

// Version is the design's revision: OSE's version plus ours.
func (Design) Version() string { return "19.02-fabkit.1" }

// Schema declares the parameters, presets and cross-parameter checks.
func (Design) Schema() *params.Schema { return schema() }

// Build makes the model; see build.go.
func (Design) Build(ctx context.Context, v *params.Values, s *shop.Shop, r *params.Report) (*model.Model, error) {
	return build(ctx, v, s, r)
}
