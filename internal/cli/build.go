package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/internal/strictjson"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/pipeline"
	"github.com/fabkit/fabkit/shop"
	"github.com/urfave/cli/v2"
)

func buildCommand(reg *designs.Registry) *cli.Command {
	return &cli.Command{
		Name:      "build",
		Usage:     "build a design into an output folder",
		ArgsUsage: "DESIGN",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "preset", Usage: "start from a named `PRESET` (list them with: fabkit presets DESIGN)"},
			&cli.StringFlag{Name: "params", Usage: "JSON `FILE` of parameter values, applied after the preset"},
			&cli.StringSliceFlag{Name: "define", Aliases: []string{"D"}, Usage: "set a parameter, `name=value` (repeatable; applied last)"},
			&cli.StringFlag{Name: "shop", Usage: "shop `FILE`, or the name of a shipped shop (list them with: fabkit shops); default: the preset's shop, else us-imperial"},
			&cli.StringFlag{Name: "prices", Usage: "CSV or XLSX price list `FILE` (id, price, ...) overriding the shop's prices"},
			&cli.StringFlag{Name: "out", Usage: "output folder `DIR` (default out/DESIGN)"},
			&cli.StringFlag{Name: "only", Usage: "comma-separated output `KINDS` to write: " + strings.Join(pipeline.Kinds(), ",")},
			&cli.StringFlag{Name: "tolerance", Usage: optionUsage("tolerance")},
			meshCacheFlag,
			dxfFlag,
			&cli.BoolFlag{Name: "no-assembly-check", Usage: "skip the assembly check (work in progress); the manifest records it"},
		}, forFlags...),
		Action: func(c *cli.Context) error {
			d, err := designArg(reg, c)
			if err != nil {
				return err
			}
			req := pipeline.Request{Design: d, Preset: c.String("preset"), NoAssemblyCheck: c.Bool("no-assembly-check")}
			if req.MeshCache, err = openMeshCache(c); err != nil {
				return err
			}
			if req.DXF, err = dxfVersion(c); err != nil {
				return err
			}
			if c.IsSet("tolerance") {
				req.Options = append(req.Options, params.Override{Name: "tolerance", Value: c.String("tolerance"), Source: "--tolerance"})
			}
			if name := c.String("shop"); name != "" {
				if req.Shop, err = loadShop(name); err != nil {
					return err
				}
			}
			if f := c.String("prices"); f != "" {
				if req.Shop == nil {
					if req.Shop, err = pipeline.ShopFor(d, req.Preset); err != nil {
						return usageError{err}
					}
				}
				if err := applyPrices(req.Shop, f); err != nil {
					return err
				}
			}
			if f := c.String("params"); f != "" {
				data, err := strictjson.ReadFile(f, maxParamsBytes)
				if err != nil {
					return usageError{fmt.Errorf("--params: %w", err)}
				}
				layer, err := params.ReadFile(f, data)
				if err != nil {
					return usageError{err}
				}
				req.Layers = append(req.Layers, layer)
			}
			var defs []params.Override
			for _, s := range c.StringSlice("define") {
				o, err := params.ParseOverride(s)
				if err != nil {
					return usageError{err}
				}
				defs = append(defs, o)
			}
			req.Layers = append(req.Layers, defs)
			// --for: the sizing comes first, so the user's own values win.
			sized, err := sizeFor(reg, c, req)
			if err != nil {
				return err
			}
			if sized != nil {
				req.Layers = append([][]params.Override{sized}, req.Layers...)
			}
			if only := c.String("only"); only != "" {
				for _, k := range strings.Split(only, ",") {
					req.Only = append(req.Only, strings.TrimSpace(k))
				}
			}
			out := c.String("out")
			if out == "" {
				out = "out/" + d.Name()
			}
			if err := pipeline.CheckOutDir(out); err != nil {
				return usageError{fmt.Errorf("--out: %w", err)}
			}
			req.Progress = newProgress(c.App.ErrWriter, d.Name())
			res, err := pipeline.Run(c.Context, req)
			if err != nil {
				if pipeline.IsInputError(err) {
					return usageError{err}
				}
				return err
			}
			if err := pipeline.WriteDir(out, res.Files); err != nil {
				return err
			}
			printBuildSummary(c.App.Writer, res, out)
			return nil
		},
	}
}

// maxParamsBytes caps a --params file (a parameter file is a few hundred
// bytes; /dev/zero must stop at once).
const maxParamsBytes = 1 << 20

// optionUsage describes a build option from its declaration: help, unit,
// default and range.
func optionUsage(name string) string {
	p := pipeline.OptionSchema().Param(name)
	return fmt.Sprintf("%s (`LENGTH`, default %s, range %s)", p.Help, p.Format(p.Default), p.RangeText())
}

// loadShop reads a shop file, or a shipped shop by name.
func loadShop(nameOrPath string) (*shop.Shop, error) {
	for _, n := range shop.BuiltinNames() {
		if n == nameOrPath {
			return shop.Builtin(n)
		}
	}
	s, err := shop.Load(nameOrPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, unknownShop(nameOrPath, err)
	}
	if err != nil {
		return nil, usageError{fmt.Errorf("--shop: %w", err)}
	}
	return s, nil
}

// applyPrices overrides the shop's prices from a CSV or XLSX price list.
func applyPrices(s *shop.Shop, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return usageError{fmt.Errorf("--prices: %w", err)}
	}
	defer f.Close()
	pl, err := shop.ReadPriceList(path, f)
	if err != nil {
		return usageError{fmt.Errorf("--prices: %w", err)}
	}
	if err := s.ApplyPrices(pl); err != nil {
		return usageError{fmt.Errorf("--prices: %w", err)}
	}
	return nil
}

// newProgress reports a build's progress on stderr: on a terminal, one
// updating line with a bar, the percentage, the stage and what it is doing;
// otherwise (logs, CI) one plain line per stage.
func newProgress(w io.Writer, design string) func(pipeline.Progress) {
	tty := false
	if f, ok := w.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	stage := ""
	return func(p pipeline.Progress) {
		if !tty {
			if p.Stage != stage {
				stage = p.Stage
				fmt.Fprintf(w, "building %s: %s\n", design, p.Stage)
			}
			return
		}
		fmt.Fprintf(w, "\r\033[K%s", progressLine(design, p, 24))
		if p.Fraction >= 1 {
			fmt.Fprintln(w)
		}
	}
}

// progressLine is the terminal's progress line: a bar of width cells.
func progressLine(design string, p pipeline.Progress, width int) string {
	n := int(p.Fraction*float64(width) + 0.5)
	n = min(max(n, 0), width)
	msg := p.Message
	if len(msg) > 60 {
		msg = msg[:57] + "..."
	}
	return fmt.Sprintf("building %s [%s%s] %3.0f%% %s: %s", design, strings.Repeat("#", n), strings.Repeat("-", width-n), 100*p.Fraction, p.Stage, msg)
}

func printBuildSummary(w io.Writer, res *pipeline.Result, out string) {
	m := res.Manifest
	fmt.Fprintf(w, "%s %s", m.Design.Name, m.Design.Version)
	if m.Preset != "" {
		fmt.Fprintf(w, " (preset %s)", m.Preset)
	}
	fmt.Fprintf(w, ", parameters %s, shop %s\n", m.Digest, m.Shop.Name)
	qty := 0
	for _, p := range m.Parts {
		qty += p.Qty
	}
	fmt.Fprintf(w, "parts: %d kinds, %d pieces\n", len(m.Parts), qty)
	for _, f := range m.Summary {
		fmt.Fprintf(w, "  %s: %s\n", f.Label, f.Text)
	}
	if c := m.Cost; c != nil {
		fmt.Fprintf(w, "cost: %.2f %s (material %.2f, hardware %.2f", c.Total, c.Currency, c.Material, c.Hardware)
		if c.Labour > 0 {
			fmt.Fprintf(w, ", labour %.2f", c.Labour)
		}
		if c.Machine > 0 {
			fmt.Fprintf(w, ", machine time %.2f", c.Machine)
		}
		fmt.Fprintln(w, ")")
	}
	for _, warn := range m.Warnings {
		fmt.Fprintln(w, warn)
	}
	fmt.Fprintf(w, "wrote %d files to %s\n", len(m.Files)+1, out)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
