package solid

import "context"

type cellScaleKey struct{}

// WithCellScale returns a context under which Render meshes every solid
// with cells scale times the edge its options ask (DefaultCell when they ask
// none): a preview's quality, as OpenSCAD's F5 is to its F6 render. A
// marching cost that grows with the surface falls with the square of the
// scale (2: about a quarter). Such meshes are cached under the cell they
// used, so they never stand in for a full-quality one. A scale of 1 or
// less leaves ctx as it is.
func WithCellScale(ctx context.Context, scale float64) context.Context {
	if !(scale > 1) {
		return ctx
	}
	return context.WithValue(ctx, cellScaleKey{}, scale)
}

// CellScale is the scale WithCellScale put on ctx, 1 when none.
func CellScale(ctx context.Context) float64 {
	if s, ok := ctx.Value(cellScaleKey{}).(float64); ok {
		return s
	}
	return 1
}

// withCellScale applies ctx's cell scale to opt.
func withCellScale(ctx context.Context, opt Options) Options {
	if s := CellScale(ctx); s > 1 {
		if opt.Cell <= 0 {
			opt.Cell = DefaultCell
		}
		opt.Cell *= s
	}
	return opt
}
