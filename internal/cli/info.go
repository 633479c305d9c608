package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/pipeline"
	"github.com/fabkit/fabkit/shop"
	"github.com/urfave/cli/v2"
)

func designsCommand(reg *designs.Registry) *cli.Command {
	return &cli.Command{
		Name:  "designs",
		Usage: "list the designs with a one-line summary",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "own", Usage: "list only the designs this command adds to fabkit's shipped ones (a design repository's), for its CI"},
			&cli.BoolFlag{Name: "names", Usage: "print the names only, one a line"},
		},
		Action: func(c *cli.Context) error {
			ds := reg.All()
			if c.Bool("own") {
				ds = reg.Own()
			}
			if c.Bool("names") {
				for _, d := range ds {
					fmt.Fprintln(c.App.Writer, d.Name())
				}
				return nil
			}
			w := tabwriter.NewWriter(c.App.Writer, 0, 4, 2, ' ', 0)
			for _, d := range ds {
				fmt.Fprintf(w, "%s\t%s\t%s\n", d.Name(), d.Version(), d.Summary())
			}
			return w.Flush()
		},
	}
}

// designArg returns the design named by the command's one argument.
func designArg(reg *designs.Registry, c *cli.Context) (model.Design, error) {
	if c.NArg() != 1 {
		return nil, usagef("%s: expected one design name (designs: %s)", c.Command.Name, strings.Join(reg.Names(), ", "))
	}
	d, err := reg.Get(c.Args().First())
	if err != nil {
		return nil, usageError{err}
	}
	return d, nil
}

func paramsCommand(reg *designs.Registry) *cli.Command {
	return &cli.Command{
		Name:      "params",
		Usage:     "print a design's parameter schema",
		ArgsUsage: "DESIGN",
		Flags:     []cli.Flag{&cli.BoolFlag{Name: "json", Usage: "print the schema as JSON (the form the HTTP service serves)"}},
		Action: func(c *cli.Context) error {
			d, err := designArg(reg, c)
			if err != nil {
				return err
			}
			s := d.Schema()
			if c.Bool("json") {
				enc := json.NewEncoder(c.App.Writer)
				enc.SetIndent("", "  ")
				return enc.Encode(s.JSON(d.Name(), d.Summary(), d.Version()))
			}
			w := tabwriter.NewWriter(c.App.Writer, 0, 4, 2, ' ', 0)
			group := ""
			for _, p := range s.Params {
				if p.Group != group {
					group = p.Group
					fmt.Fprintf(w, "\n[%s]\n", group)
				}
				fmt.Fprintf(w, "  %s\t%s\t%s\t%s\t%s\n", p.Name, p.Kind, p.Format(p.Default), p.ShopRangeText(), p.Help)
			}
			return w.Flush()
		},
	}
}

func presetsCommand(reg *designs.Registry) *cli.Command {
	return &cli.Command{
		Name:      "presets",
		Usage:     "list a design's presets",
		ArgsUsage: "DESIGN",
		Flags:     []cli.Flag{&cli.BoolFlag{Name: "names", Usage: "print the preset names only, one a line"}},
		Action: func(c *cli.Context) error {
			d, err := designArg(reg, c)
			if err != nil {
				return err
			}
			for _, p := range d.Schema().Presets {
				if c.Bool("names") {
					fmt.Fprintln(c.App.Writer, p.Name)
					continue
				}
				fmt.Fprintf(c.App.Writer, "%s\t%s\n", p.Name, p.Help)
				if p.Shop != "" {
					fmt.Fprintf(c.App.Writer, "    (shop: %s)\n", p.Shop)
				}
				for _, name := range sortedKeys(p.Values) {
					fmt.Fprintf(c.App.Writer, "    %s = %s\n", name, p.Values[name])
				}
			}
			return nil
		},
	}
}

func shopsCommand() *cli.Command {
	return &cli.Command{
		Name:  "shops",
		Usage: "list the shop profiles shipped with fabkit",
		Action: func(c *cli.Context) error {
			for _, name := range shop.BuiltinNames() {
				s, err := shop.Builtin(name)
				if err != nil {
					return err
				}
				fmt.Fprintf(c.App.Writer, "%s\t%s (%s, %s)\n", name, s.Name, s.Units, s.Currency)
			}
			return nil
		},
	}
}

func versionCommand() *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print fabkit's version",
		Action: func(c *cli.Context) error {
			_, err := fmt.Fprintln(c.App.Writer, "fabkit", pipeline.Version)
			return err
		},
	}
}
