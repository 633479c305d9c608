package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/fabkit/fabkit/cam/dxf"
	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/internal/plural"
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
		fmt.Fprintf(c.App.Writer, "%s: %s sheet %.0f x %.0f mm, %s, %.1f %% used, %s, about %s -> %s\n",
			n.ID, n.Stock, n.SizeMM[0], n.SizeMM[1], plural.Count(len(n.Placements), "part", "parts"), 100*n.Utilization, plural.Count(n.Pierces, "pierce", "pierces"), fmtSeconds(n.TimeS), n.GCode)
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
	total     int // instances of all parts
}

func (d *dxfDesign) Name() string           { return "nest" }
func (d *dxfDesign) Summary() string        { return "plate parts from DXF files" }
func (d *dxfDesign) Version() string        { return "dxf" }
func (d *dxfDesign) Schema() *params.Schema { return &params.Schema{} }
func (d *dxfDesign) Build(context.Context, *params.Values, *shop.Shop, *params.Report) (*model.Model, error) {
	return &model.Model{Parts: d.parts}, nil
}

// Caps on what fabkit nest takes: nesting and ordering the cuts grow
// faster than the instances (1,000 small parts on one sheet take minutes).
const (
	maxNestQty   = 500 // copies of one part
	maxNestTotal = 500 // instances of all parts together
)

// add reads one PART.dxf[:QTY] argument. The part's id, which names its
// output files, is the file's stem made safe for file names and G-code
// comments and kept apart from the sheets' names; its name is the stem as
// given.
func (d *dxfDesign) add(arg string, scale float64) error {
	path, qty := arg, 1
	if i := strings.LastIndex(arg, ":"); i > 0 && allDigits(arg[i+1:]) {
		n, err := strconv.Atoi(arg[i+1:])
		if err != nil || n > maxNestQty {
			return fmt.Errorf("%s: quantity %s is more than %d (the cap on copies of one part)", excerptArg(path), excerptArg(arg[i+1:]), maxNestQty)
		}
		path, qty = arg[:i], n
	}
	if qty < 1 {
		return fmt.Errorf("%s: quantity %d, must be at least 1", excerptArg(path), qty)
	}
	if d.total+qty > maxNestTotal {
		return fmt.Errorf("%s: %d parts in all is more than %d (the cap on instances to nest)", excerptArg(path), d.total+qty, maxNestTotal)
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
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	id := d.uniqueID(partID(name))
	if name == "" {
		name = id
	}
	d.total += qty
	d.parts = append(d.parts, &model.Part{ID: id, Name: name, Material: d.material, Process: model.PlateCut, Qty: qty,
		Plate: &model.Plate{Thickness: d.thickness, Shape: shape}})
	return nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// excerptArg quotes at most 60 bytes of an argument in an error.
func excerptArg(s string) string {
	if len(s) > 60 {
		s = s[:60] + "..."
	}
	return strconv.QuoteToGraphic(s)
}

// sheetName matches the names the build gives nested sheets (n01, n02, ...)
// and their drilling programs: a part id must not look like one.
var sheetName = regexp.MustCompile(`^n[0-9]+($|-)`)

// partID makes a file stem into a part id: ASCII letters, digits, '-', '_'
// and inner '.', other characters as '_', never empty, and with "part-" in
// front of a name the sheets' outputs use (n01, n01-drill, assembly).
func partID(stem string) string {
	var b strings.Builder
	for _, r := range stem {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	id := strings.Trim(b.String(), ".")
	if len(id) > 60 {
		id = id[:60]
	}
	if id == "" {
		return "part"
	}
	if sheetName.MatchString(strings.ToLower(id)) || strings.EqualFold(id, "assembly") || strings.EqualFold(id, "packet") {
		return "part-" + id
	}
	return id
}

// uniqueID returns id, or id-2, id-3, ... when a part has it already
// (compared without case, for case-insensitive file systems).
func (d *dxfDesign) uniqueID(id string) string {
	taken := func(c string) bool {
		for _, p := range d.parts {
			if strings.EqualFold(p.ID, c) {
				return true
			}
		}
		return false
	}
	c := id
	for n := 2; taken(c); n++ {
		c = fmt.Sprintf("%s-%d", id, n)
	}
	return c
}
