package cli

import (
	"github.com/urfave/cli/v2"

	"github.com/fabkit/fabkit/geometry/solid"
)

// meshCacheFlag names the folder where meshes of free-form parts are kept
// between builds.
var meshCacheFlag = &cli.StringFlag{Name: "mesh-cache", EnvVars: []string{"FABKIT_MESH_CACHE"},
	Usage: "folder that keeps meshes of free-form (3D-printed) parts between builds, or `off`; default: fabkit/meshes in the user cache folder"}

// openMeshCache opens the mesh cache the flags ask for: nil when it is
// turned off, or when no user cache folder exists and none was named (a
// build without a cache is only slower).
func openMeshCache(c *cli.Context) (*solid.Cache, error) {
	dir := c.String("mesh-cache")
	switch dir {
	case "off":
		return nil, nil
	case "":
		d, err := solid.DefaultCacheDir()
		if err != nil {
			return nil, nil
		}
		cache, err := solid.OpenCache(d, 0)
		if err != nil {
			return nil, nil
		}
		return cache, nil
	}
	cache, err := solid.OpenCache(dir, 0)
	if err != nil {
		return nil, usageError{err}
	}
	return cache, nil
}
