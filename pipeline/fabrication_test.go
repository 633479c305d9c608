package pipeline_test

import (
	"context"
	"sync"
	"testing"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/pipeline"
)

// presetBuild is one preset of one design, built.
type presetBuild struct {
	name string // design/preset
	res  *pipeline.Result
	err  error
}

var (
	fabBuildsOnce sync.Once
	fabBuilds     []presetBuild
)

// everyPreset builds every preset of every design in the shop it is meant
// for (the presets between them use both shipped shops), with the outputs
// the fabrication checks read (G-code and the sheets), once for all the
// tests of the package.
func everyPreset(t *testing.T) []presetBuild {
	t.Helper()
	if testing.Short() {
		t.Skip("builds every preset in every shop")
	}
	fabBuildsOnce.Do(func() {
		for _, d := range designs.All() {
			for _, preset := range d.Schema().PresetNames() {
				res, err := pipeline.Run(context.Background(), pipeline.Request{Design: d, Preset: preset, Only: []string{"gcode", "sheets"}})
				fabBuilds = append(fabBuilds, presetBuild{name: d.Name() + "/" + preset, res: res, err: err})
			}
		}
	})
	return fabBuilds
}
