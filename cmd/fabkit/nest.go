package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/fabkit/fabkit/cam/dxf"
	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/pipeline"
	"github.com/fabkit/fabkit/shop"
	"github.com/fabkit/fabkit/units"
	"github.com/urfave/cli/v2"
)

func nestCommand() *cli.Command {
	return &cli.Command{
		Name:      "nest",
		Usage:     "nest your own DXF plate parts on sheets and write the nest SVG, DXF and torch G-code",
		ArgsUsage: "PART.dxf[:QTY] ...",
		Description: "Each DXF holds one part: its largest closed loop is the outline, the others are holes.\n" +
			"Sheets, kerf, feeds and the G-code dialect come from the shop (--shop); --sheet overrides the sheet size.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "thickness", Required: true, Usage: "plate thickness, e.g. 1/2in or 12mm"},
			&cli.StringFlag{Name: "material", Value: "a36", Usage: "shop material id of the plate"},
			&cli.StringFlag{Name: "shop", Usage: "shop file or shipped shop name (default us-imperial)"},
			&cli.StringFlag{Name: "sheet", Usage: "sheet size `WxL`, e.g. 48inx96in (default: the shop's sizes for the thickness)"},
			&cli.StringFlag{Name: "units", Usage: "unit of DXF files that do not say ($INSUNITS): mm or in (default mm)"},
			&cli.StringFlag{Name: "out", Value: "out/nest", Usage: "output folder"},
			dxfFlag,
		},
		Action: runNest,
	}
}

func runNest(c *cli.Context) error {
	if c.NArg() == 0 {
		return usagef("nest: expected DXF files of parts")
	}
	s := shop.Default()
	if name := c.String("shop"); name != "" {
		var err error
		if s, err = loadShop(name); err != nil {
			return err
		}
	}
	thickness, err := units.ParseLength(c.String("thickness"), "")
	if err != nil || thickness <= 0 {
		return usagef("--thickness %q: expected a plate thickness with a unit, e.g. 1/2in", c.String("thickness"))
	}
	material := c.String("material")
	if _, ok := s.Material(material); !ok {
		return usagef("--material %q: not a material of shop %q", material, s.Name)
	}
	if size := c.String("sheet"); size != "" {
		if err := setSheet(s, material, thickness, size); err != nil {
			return err
		}
	}
	scale := 0.0
	if u := c.String("units"); u != "" {
		unit, err := units.ParseUnit(u)
		if err != nil {
			return usageError{fmt.Errorf("--units: %w", err)}
		}
		scale = unit.MM()
	}
	d := &dxfDesign{material: material, thickness: thickness}
	for _, arg := range c.Args().Slice() {
		if err := d.add(arg, scale); err != nil {
			return usageError{err}
		}
	}
	version, err := dxfVersion(c)
	if err != nil {
		return err
	}
	req := pipeline.Request{Design: d, Shop: s, Only: []string{"gcode", "dxf", "sheets"}, Progress: newProgress(c.App.ErrWriter, "nest"), DXF: version}
	res, err := pipeline.Run(c.Context, req)
	if err != nil {
		if pipeline.IsInputError(err) {
			return usageError{err}
		}
		return err
	}
	out := c.String("out")
	if err := pipeline.WriteDir(out, res.Files); err != nil {
		return err
	}
	for _, n := range res.Manifest.Nests {
		fmt.Fprintf(c.App.Writer, "%s: %s sheet %.0f x %.0f mm, %d parts, %.1f %% used, %d pierces, about %s -> %s\n",
			n.ID, n.Stock, n.SizeMM[0], n.SizeMM[1], len(n.Placements), 100*n.Utilization, n.Pierces, fmtSeconds(n.TimeS), n.GCode)
	}
	fmt.Fprintf(c.App.Writer, "wrote %d files to %s\n", len(res.Manifest.Files)+1, out)
	return nil
}

// dxfFlag chooses the DXF flavour of build and nest.
var dxfFlag = &cli.StringFlag{Name: "dxf", Value: "r2000", Usage: "DXF flavour: r2000 (AC1015, LWPOLYLINE) or r12 (AC1009, POLYLINE/VERTEX, for old CAM)"}

func dxfVersion(c *cli.Context) (dxf.Version, error) {
	v, err := dxf.ParseVersion(c.String("dxf"))
	if err != nil {
		return v, usageError{fmt.Errorf("--dxf: %w", err)}
	}
	return v, nil
}

// setSheet replaces the shop's sheet sizes for the plate with one size.
func setSheet(s *shop.Shop, material string, thickness float64, spec string) error {
	wText, lText, ok := strings.Cut(strings.ToLower(spec), "x")
	w, err1 := units.ParseLength(wText, "")
	l, err2 := units.ParseLength(lText, "")
	if !ok || err1 != nil || err2 != nil || w <= 0 || l <= 0 {
		return usagef("--sheet %q: expected WIDTHxLENGTH with units, e.g. 48inx96in", spec)
	}
	if w > l {
		w, l = l, w
	}
	size := shop.SheetSize{Width: w, Length: l}
	for i := range s.Sheets {
		sh := &s.Sheets[i]
		if sh.Material == material && abs(sh.Thickness-thickness) < shop.ThicknessTolerance {
			sh.Sizes = []shop.SheetSize{size}
			return nil
		}
	}
	s.Sheets = append(s.Sheets, shop.Sheet{ID: "sheet", Material: material, Thickness: thickness, Sizes: []shop.SheetSize{size}})
	return nil
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func fmtSeconds(s float64) string {
	m := int(s/60 + 0.5)
	return fmt.Sprintf("%dh%02dm", m/60, m%60)
}

// dxfDesign is the parts a user brings as DXF files, as a design: the
// build pipeline nests, cuts and draws them like any design's plates.
type dxfDesign struct {
	material  string
	thickness float64
	parts     []*model.Part
}

func (d *dxfDesign) Name() string           { return "nest" }
func (d *dxfDesign) Summary() string        { return "plate parts from DXF files" }
func (d *dxfDesign) Version() string        { return "dxf" }
func (d *dxfDesign) Schema() *params.Schema { return &params.Schema{} }
func (d *dxfDesign) Build(context.Context, *params.Values, *shop.Shop, *params.Report) (*model.Model, error) {
	return &model.Model{Parts: d.parts}, nil
}

// add reads one PART.dxf[:QTY] argument.
func (d *dxfDesign) add(arg string, scale float64) error {
	path, qty := arg, 1
	if i := strings.LastIndex(arg, ":"); i > 0 {
		if n, err := strconv.Atoi(arg[i+1:]); err == nil {
			path, qty = arg[:i], n
		}
	}
	if qty < 1 {
		return fmt.Errorf("%s: quantity %d, must be at least 1", arg, qty)
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	shape, err := dxf.Read(f, dxf.ReadOptions{Scale: scale})
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	b := shape.Bounds()
	shape = shape.Transform(0, profile.Point{X: -b.Min.X, Y: -b.Min.Y}) // lower-left corner at the origin
	id := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	for _, p := range d.parts {
		if p.ID == id {
			return fmt.Errorf("%s: a part called %q was given already", path, id)
		}
	}
	d.parts = append(d.parts, &model.Part{ID: id, Name: id, Material: d.material, Process: model.PlateCut, Qty: qty,
		Plate: &model.Plate{Thickness: d.thickness, Shape: shape}})
	return nil
}
