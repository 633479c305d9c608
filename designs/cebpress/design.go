// Package cebpress is Open Source Ecology's Compressed Earth Brick press
// v25.09P (the bolt-and-tab plate press of OSE's CEB-Press repository,
// folder v2509P) as a parametric fabkit design: brick size, plate stock and
// cylinders in; OSE's torch-cut plates with their tabs, slots and holes,
// printed bushing holders, slide rods, pins, hydraulics and fasteners out.
//
// The files read top to bottom like the machine: params.go (what a
// replicator may change), vars.go (OSE's vars.scad, named as there),
// modus.go (modus.scad's tabinsert and cornerjoint), drawings.go (one
// drawing per XXp.scad), assembly.go (the placements of OSE's assembly
// files), plates.go (the plate list), printed.go (the bushing holders),
// stock.go (bars and purchased parts), joints.go (how the parts go
// together; the assembly check chooses the bolts, nuts and washers from
// the joints), build.go (shop checks) and summary.go (press force, cycle
// time, mass).
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
	return "OSE Compressed Earth Brick press v25.09P (bolt-and-tab 1/2in plate, 5in main cylinder)"
}

// Version is the design's revision: OSE's version plus ours.
func (Design) Version() string { return "25.09P-fabkit.2" }

// Schema declares the parameters, presets and cross-parameter checks.
func (Design) Schema() *params.Schema { return schema() }

// Build makes the model; see build.go.
func (Design) Build(ctx context.Context, v *params.Values, s *shop.Shop, r *params.Report) (*model.Model, error) {
	return build(ctx, v, s, r)
}
