package solid

import (
	"context"
	"testing"
)

// TestWithCellScale: under WithCellScale a solid is marched at the scaled
// cell (fewer triangles), and the cache keeps the coarse mesh apart from
// the full-quality one, so neither stands in for the other.
func TestWithCellScale(t *testing.T) {
	s, _ := boxWithHole()
	cache := NewMemoryCache()
	ctx := WithCache(context.Background(), cache)
	coarse, err := Render(WithCellScale(ctx, 2), s, Options{Cell: 1})
	if err != nil {
		t.Fatal(err)
	}
	full, err := Render(ctx, s, Options{Cell: 1})
	if err != nil {
		t.Fatal(err)
	}
	if coarse.Cell != 2 || full.Cell != 1 {
		t.Errorf("cells: coarse %g, full %g; want 2 and 1", coarse.Cell, full.Cell)
	}
	if coarse.Marched >= full.Marched {
		t.Errorf("coarse marched %d triangles, full %d", coarse.Marched, full.Marched)
	}
	again, err := Render(WithCellScale(ctx, 2), s, Options{Cell: 1})
	if err != nil || again.Cell != 2 || again.Mesh.NumTriangles() != coarse.Mesh.NumTriangles() {
		t.Errorf("the coarse mesh again: %v, cell %g", err, again.Cell)
	}
	if CellScale(WithCellScale(ctx, 0.5)) != 1 || CellScale(ctx) != 1 {
		t.Error("a scale of 1 or less is not ignored")
	}
}
