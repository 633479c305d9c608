// Package cebpress is Open Source Ecology's Compressed Earth Brick press
// (v17.08 "P", the bolt-and-tab plate press) as a parametric fabkit design:
// brick size, plate stock and cylinders in; torch-cut plates with tabs,
// slots and bolt holes, slide rods, pins, hydraulics and fasteners out.
//
// The files read top to bottom like the machine: params.go (what a
// replicator may change), dims.go (OSE's derived dimensions, named as in
// vars.scad), plates.go (the tab/slot/bolt machinery), parts_*.go (one
// place per part), stock.go (bars, purchased parts, fasteners), build.go
// (assembly and shop checks) and summary.go (press force, cycle time, mass).
package cebpress

import (
	"context"

	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

// Design is the CEB press. It has no state: every build starts from the
// resolved parameters and the shop.
type Design struct{}

var _ model.Design = Design{}

// Name is the registry name.
func (Design) Name() string { return "ceb-press" }

// Summary is one line for `fabkit designs`.
func (Design) Summary() string {
	return "OSE Compressed Earth Brick press v17.08 (bolt-and-tab 1/2in plate, 5in main cylinder)"
}

// Version is the design's revision: OSE's version plus ours.
func (Design) Version() string { return "17.08-fabkit.1" }

// Schema declares the parameters, presets and cross-parameter checks.
func (Design) Schema() *params.Schema { return schema() }

// Build makes the model; see build.go.
func (Design) Build(ctx context.Context, v *params.Values, s *shop.Shop, r *params.Report) (*model.Model, error) {
	return build(ctx, v, s, r)
}
