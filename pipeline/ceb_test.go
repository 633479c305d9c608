package pipeline_test

import (
	"context"
	"testing"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/pipeline"
)

// buildCEB builds the CEB press at preset classic-6x12 with the default
// shop, limited to the given output kinds.
func buildCEB(t testing.TB, only ...string) *pipeline.Result {
	t.Helper()
	d, err := designs.Get("ceb-press")
	if err != nil {
		t.Fatal(err)
	}
	res, err := pipeline.Run(context.Background(), pipeline.Request{Design: d, Preset: "classic-6x12", Only: only})
	if err != nil {
		t.Fatal(err)
	}
	return res
}
