package cli

import (
	"context"
	"errors"
	"fmt"
	"github.com/fabkit/fabkit/manifest"
	"os"
	"path/filepath"
	"strings"

	"github.com/fabkit/fabkit/cam/dxf"
	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/internal/strictjson"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/pipeline"
	"github.com/fabkit/fabkit/regress"
	"github.com/urfave/cli/v2"
)

// errDrift is returned when a check finds drift beyond tolerance: exit 1.
var errDrift = errors.New("drift beyond tolerance")

func checkCommand() *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "compare a build's manifest with a golden one, within tolerances",
		ArgsUsage: "DIR",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "golden", Required: true, Usage: "golden manifest `FILE`"},
			&cli.BoolFlag{Name: "update", Usage: "write the build's manifest as the new golden instead of checking"},
			&cli.StringSliceFlag{Name: "tol", Usage: "tolerance `quantity=value`, e.g. volume=0.05% or utilization=1pp (repeatable)"},
			&cli.BoolFlag{Name: "files", Usage: "also compare output file paths and hashes"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("check: expected one build folder or manifest")
			}
			got, err := manifest.Read(c.Args().First())
			if err != nil {
				return usageError{err}
			}
			golden := c.String("golden")
			if c.Bool("update") {
				if err := manifest.WriteFile(golden, got); err != nil {
					return err
				}
				fmt.Fprintf(c.App.Writer, "wrote golden %s\n", golden)
				return nil
			}
			want, err := manifest.Read(golden)
			if err != nil {
				return usageError{fmt.Errorf("--golden: %w", err)}
			}
			tol := regress.DefaultTolerances()
			tol.CompareFiles = c.Bool("files")
			for _, spec := range c.StringSlice("tol") {
				if err := tol.Set(spec); err != nil {
					return usageError{err}
				}
			}
			rep := regress.Check(got, want, tol)
			if err := rep.WriteTable(c.App.Writer); err != nil {
				return err
			}
			if rep.Failed() {
				return errDrift
			}
			return nil
		},
	}
}

func diffCommand(reg *designs.Registry) *cli.Command {
	return &cli.Command{
		Name:      "diff",
		Usage:     "show what changed between two builds, or two parameter sets of a design",
		ArgsUsage: "A B",
		Description: "A and B are each a build folder, a manifest.json, or DESIGN:PRESET / DESIGN:PARAMS.json,\n" +
			"built in memory (e.g. fabkit diff ceb-press:classic-6x12 ceb-press:long-6x24).",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "svg", Usage: "write an overlay of the changed plate outlines to `FILE`"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 2 {
				return usagef("diff: expected two builds")
			}
			a, err := loadSide(c.Context, reg, c.Args().Get(0))
			if err != nil {
				return err
			}
			b, err := loadSide(c.Context, reg, c.Args().Get(1))
			if err != nil {
				return err
			}
			d := regress.Diff(a.manifest, b.manifest)
			if err := d.WriteText(c.App.Writer); err != nil {
				return err
			}
			if path := c.String("svg"); path != "" {
				changed := map[string]bool{}
				for _, id := range d.Resized() {
					changed[id] = true
				}
				for _, p := range d.Added {
					changed[p.ID] = true
				}
				for _, p := range d.Removed {
					changed[p.ID] = true
				}
				pick := func(all map[string][][][2]float64) map[string][][][2]float64 {
					out := map[string][][][2]float64{}
					for id, rings := range all {
						if changed[id] {
							out[id] = rings
						}
					}
					return out
				}
				f, err := os.Create(path)
				if err != nil {
					return err
				}
				if err := regress.OverlaySVG(f, pick(a.outlines), pick(b.outlines)); err != nil {
					f.Close()
					return err
				}
				return f.Close()
			}
			return nil
		},
	}
}

// side is one build of a diff, with its plate outlines for the overlay.
type side struct {
	manifest *manifest.Manifest
	outlines map[string][][][2]float64 // part id -> rings of points, mm
}

// loadSide reads a build folder or manifest, or builds DESIGN:PRESET or
// DESIGN:PARAMS.json in memory.
func loadSide(ctx context.Context, reg *designs.Registry, spec string) (*side, error) {
	if name, rest, ok := strings.Cut(spec, ":"); ok {
		if d, err := reg.Get(name); err == nil {
			req := pipeline.Request{Design: d, Only: []string{"stl"}}
			if strings.HasSuffix(rest, ".json") {
				data, err := strictjson.ReadFile(rest, maxParamsBytes)
				if err != nil {
					return nil, usageError{err}
				}
				layer, err := params.ReadFile(rest, data)
				if err != nil {
					return nil, usageError{err}
				}
				req.Layers = [][]params.Override{layer}
			} else {
				req.Preset = rest
			}
			res, err := pipeline.Run(ctx, req)
			if err != nil {
				if pipeline.IsInputError(err) {
					return nil, usageError{err}
				}
				return nil, err
			}
			s := &side{manifest: res.Manifest, outlines: map[string][][][2]float64{}}
			for _, p := range res.Model.Parts {
				if p.Plate != nil {
					s.outlines[p.ID] = rings(p.Plate.Shape.Rings(0.1))
				}
			}
			return s, nil
		}
	}
	m, err := manifest.Read(spec)
	if err != nil {
		return nil, usageError{err}
	}
	s := &side{manifest: m, outlines: map[string][][][2]float64{}}
	dir := spec
	if info, err := os.Stat(spec); err == nil && !info.IsDir() {
		dir = filepath.Dir(spec)
	}
	for _, p := range m.Parts {
		f, err := os.Open(filepath.Join(dir, "dxf", p.ID+".dxf"))
		if err != nil {
			continue // no DXF: not a plate, or built with --only
		}
		prof, err := dxf.Read(f, dxf.ReadOptions{})
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: part %s: %w", spec, p.ID, err)
		}
		s.outlines[p.ID] = rings(prof.Rings(0.1))
	}
	return s, nil
}

// rings converts flattened profile rings to the overlay's point lists.
func rings(in [][]profile.Point) [][][2]float64 {
	out := make([][][2]float64, len(in))
	for i, r := range in {
		out[i] = make([][2]float64, len(r))
		for j, p := range r {
			out[i][j] = [2]float64{p.X, p.Y}
		}
	}
	return out
}
