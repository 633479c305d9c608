package model

import (
	"context"

	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

// Design is a parametric machine: it declares its parameters and builds a
// Model from resolved values for a given shop.
type Design interface {
	// Name is the registry name, e.g. "ceb-press".
	Name() string
	// Summary is one line for `fabkit designs`.
	Summary() string
	// Version is the design's own revision, recorded in the manifest.
	Version() string
	// Schema declares the parameters, presets and cross-parameter checks.
	Schema() *params.Schema
	// Build makes the model. Problems that depend on the shop (a plate
	// larger than any sheet) go into the report, naming the parameters.
	Build(ctx context.Context, v *params.Values, s *shop.Shop, r *params.Report) (*Model, error)
}
