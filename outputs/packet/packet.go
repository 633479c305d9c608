// Package packet assembles the fabrication packet, sheets/packet.pdf: a
// cover with the design, its parameters, the shop, the cost summary and a
// rendered assembly view; the BOM summary and the cut list; a nesting
// diagram per sheet; a drawing per plate and bar part; and the 1:1
// templates. Every page names the design and its parameter digest in a
// footer, and the bytes depend only on the input.
package packet

import (
	"context"
	"fmt"
	"image"
	"io"
	"math"
	"strings"

	"github.com/tdewolff/canvas"

	"github.com/fabkit/fabkit/bom/cutstock"
	"github.com/fabkit/fabkit/cam/nest"
	"github.com/fabkit/fabkit/geometry/mesh"
	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/geometry/section"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/outputs/drawing"
	"github.com/fabkit/fabkit/outputs/render"
	"github.com/fabkit/fabkit/units"
)

// KV is a named value, e.g. a resolved parameter as people read it.
type KV struct{ Name, Value string }

// CostLine is one line of the cost summary; Total marks the grand total.
type CostLine struct {
	Label  string
	Amount float64
	Total  bool
}

// Table is a titled table for the BOM pages. Right marks the columns to
// align right (numbers); it may be shorter than Header.
type Table struct {
	Title  string
	Header []string
	Rows   [][]string
	Right  []bool
}

// Nest is the nest of one plate stock: its sheets in order.
type Nest struct {
	Material  string  // shop material id
	Thickness float64 // mm
	Sheets    []nest.Sheet
}

// CutList is the cutting plan of one bar profile.
type CutList struct {
	Profile     string // shop profile id
	Description string
	Plan        *cutstock.Plan
	MinOffcut   float64 // offcuts at least this long are kept (mm)
}

// Input is everything the packet shows. It is plain data, filled by the
// build from its results.
type Input struct {
	Design, Version string
	Digest          string // digest of the resolved parameters
	Params          []KV   // resolved parameters, in schema order
	ShopName        string
	Units           units.System
	Currency        string
	CostLines       []CostLine
	Tables          []Table // BOM summary: stock, parts, hardware
	Parts           []*model.Part
	// Sections are the cross-sections of bar profiles by shop profile id.
	Sections map[string]section.Section
	// Assembly is the assembled machine's mesh, rendered on the cover; nil
	// leaves the view out.
	Assembly *mesh.Mesh
	// AssemblyView, when set, is a view of Assembly already rendered (the
	// sheets stage's sheets/assembly.png): the cover shows it, fitted to
	// its box, instead of rendering the mesh again.
	AssemblyView image.Image
	// Closed says that Assembly and every step's View are closed meshes
	// with outward-wound triangles, as a build's are: their shaded views
	// leave out the triangles facing away (render.Options.Closed).
	Closed   bool
	Nests    []Nest
	CutLists []CutList
	// Drawings, when set, are the part drawings already drawn (the sheets
	// stage's sheets/PART.svg), by part id, each numbered as the packet
	// numbers its drawing pages (sheet n of the drawable parts, with the
	// packet's design, digest, units and sections): the packet prints a
	// copy of them instead of drawing the parts again, and leaves them as
	// they were. A part missing from the map is drawn.
	Drawings map[string]*canvas.Canvas
	// Steps are the assembly instructions, one page each after the parts;
	// Exploded, when set, is the exploded view's page after them.
	Steps    []Step
	Exploded *Step
	// NoTemplates leaves the 1:1 templates out.
	NoTemplates bool
	// TemplateFor, when set, picks the parts that get 1:1 marking
	// templates (those marked out and drilled by hand); nil means every
	// drawable part with something to mark.
	TemplateFor func(p *model.Part) bool
}

// Write renders the packet and writes it as one PDF.
func Write(ctx context.Context, w io.Writer, in *Input) error {
	pages, err := Pages(ctx, in)
	if err != nil {
		return err
	}
	title := in.Design
	if in.Version != "" {
		title += " v" + in.Version
	}
	return drawing.WritePDFPages(w, pages, drawing.PDFInfo{Title: title + " fabrication packet", Subject: "parameters " + in.Digest})
}

// Pages renders the packet's pages in order: cover, BOM, cut list, nests,
// part drawings (one per plate or bar part), templates, assembly steps and
// the exploded view.
func Pages(ctx context.Context, in *Input) ([]*canvas.Canvas, error) {
	if in == nil {
		return nil, fmt.Errorf("packet: no input")
	}
	info := drawing.Info{Design: in.Design, Version: in.Version, Digest: in.Digest, Units: in.Units, Sections: in.Sections}
	p := &pager{in: in, info: info}
	if err := p.init(); err != nil {
		return nil, err
	}
	steps := []func() error{p.cover, p.tables, p.cutLists, p.nests, p.drawings, p.templates, p.steps}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := step(); err != nil {
			return nil, fmt.Errorf("packet: %w", err)
		}
	}
	// Footers, now that the page count is known.
	for i, c := range p.pages {
		p.footer(c, i+1, len(p.pages))
	}
	return p.pages, nil
}

// pager collects the pages.
type pager struct {
	in    *Input
	info  drawing.Info
	pages []*canvas.Canvas
	reg   *canvas.FontFace
	bold  *canvas.FontFace
	pw    float64 // landscape page
	ph    float64
}

// Layout of the packet's own pages, in mm.
const (
	margin = 12.0
	rowH   = 5.0
)

// Shaded views on the packet's pages are rasterised once, at the
// resolution they are printed at (6 px/mm, about 150 dpi), without
// supersampling: a dozen step views at 2x supersampling were most of a
// build's rendering time.
const (
	viewDPMM        = 6.0
	viewSupersample = 1
)

func (p *pager) init() error {
	var err error
	if p.reg, err = drawing.Face(8, false); err != nil {
		return err
	}
	if p.bold, err = drawing.Face(8, true); err != nil {
		return err
	}
	p.pw, p.ph = drawing.PaperFor(p.in.Units).Landscape()
	return nil
}

func (p *pager) face(size float64, bold bool) *canvas.FontFace {
	f := p.reg
	if bold {
		f = p.bold
	}
	return f.Font.Face(size, canvas.Black)
}

// newPage starts a white landscape page with a heading.
func (p *pager) newPage(heading string) (*canvas.Canvas, *canvas.Context) {
	c := canvas.New(p.pw, p.ph)
	ctx := canvas.NewContext(c)
	ctx.SetFillColor(canvas.White)
	ctx.DrawPath(0, 0, canvas.Rectangle(p.pw, p.ph))
	if heading != "" {
		ctx.DrawText(margin, p.ph-margin, drawing.TextLine(p.face(14, true), heading, canvas.Left))
		ctx.SetStrokeColor(canvas.Black)
		ctx.SetStrokeWidth(0.3)
		ctx.SetFillColor(canvas.Transparent)
		l := &canvas.Path{}
		l.MoveTo(margin, p.ph-margin-2.5)
		l.LineTo(p.pw-margin, p.ph-margin-2.5)
		ctx.DrawPath(0, 0, l)
	}
	p.pages = append(p.pages, c)
	return c, ctx
}

// footer names the design and the parameter digest at the foot of a page.
func (p *pager) footer(c *canvas.Canvas, n, total int) {
	ctx := canvas.NewContext(c)
	f := p.face(6.5, false)
	design := p.in.Design
	if p.in.Version != "" {
		design += " v" + p.in.Version
	}
	left := fmt.Sprintf("%s   parameters %s   %s", design, p.in.Digest, p.in.ShopName)
	ctx.DrawText(margin, 4.5, drawing.TextLine(f, left, canvas.Left))
	ctx.DrawText(c.W-margin, 4.5, drawing.TextLine(f, fmt.Sprintf("page %d of %d", n, total), canvas.Right))
}

func (p *pager) money(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	// Thousands separators.
	intPart, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String() + "." + frac
	if neg {
		out = "-" + out
	}
	if p.in.Currency != "" {
		out += " " + p.in.Currency
	}
	return out
}

// cover draws the first page: design, parameters, shop, costs, assembly.
func (p *pager) cover() error {
	in := p.in
	title := in.Design
	if in.Version != "" {
		title += " v" + in.Version
	}
	_, ctx := p.newPage("")
	ctx.DrawText(margin, p.ph-margin-4, drawing.TextLine(p.face(22, true), title, canvas.Left))
	ctx.DrawText(margin, p.ph-margin-12, drawing.TextLine(p.face(11, false), "Fabrication packet", canvas.Left))
	y := p.ph - margin - 22
	f := p.face(8, false)
	b := p.face(8, true)
	for _, kv := range []KV{{"Parameters digest", in.Digest}, {"Shop", in.ShopName}, {"Units", string(in.Units)}, {"Currency", in.Currency}, {"Parts", fmt.Sprint(len(in.Parts))}} {
		ctx.DrawText(margin, y, drawing.TextLine(b, kv.Name, canvas.Left))
		ctx.DrawText(margin+35, y, drawing.TextLine(f, kv.Value, canvas.Left))
		y -= rowH
	}
	// Cost summary under the facts.
	if len(in.CostLines) > 0 {
		y -= 3
		ctx.DrawText(margin, y, drawing.TextLine(p.face(11, true), "Cost summary", canvas.Left))
		y -= rowH + 1
		for _, cl := range in.CostLines {
			face := f
			if cl.Total {
				face = b
			}
			ctx.DrawText(margin, y, drawing.TextLine(face, cl.Label, canvas.Left))
			ctx.DrawText(margin+80, y, drawing.TextLine(face, p.money(cl.Amount), canvas.Right))
			y -= rowH
		}
	}
	// Parameters, in as many columns as fit beside the costs.
	colX := margin + 95.0
	ctx.DrawText(colX, p.ph-margin-22+rowH, drawing.TextLine(p.face(11, true), "Parameters", canvas.Left))
	py := p.ph - margin - 22 - 1
	const colW = 80.0
	nameW := 42.0
	top := py
	bottom := margin + 10
	for _, kv := range in.Params {
		if py < bottom {
			py = top
			colX += colW
		}
		if colX+colW > p.pw-margin+1 {
			break // the rest on a continuation page
		}
		ctx.DrawText(colX, py, drawing.TextLine(f, fit(f, kv.Name, nameW-2), canvas.Left))
		ctx.DrawText(colX+nameW, py, drawing.TextLine(b, fit(b, kv.Value, colW-nameW-3), canvas.Left))
		py -= rowH
	}
	// The assembly view in the space left at the right.
	if in.Assembly != nil && len(in.Assembly.Triangles) > 0 {
		x0 := colX + colW + 3
		if len(in.Params) == 0 {
			x0 = margin + 95
		}
		if x0 > p.pw-margin-60 {
			// The parameters filled the page: the view goes under the costs.
			x0 = margin
		}
		bw := p.pw - margin - x0
		bh := p.ph - 2*margin - 30
		if x0 == margin {
			bw, bh = 85, math.Max(30, y-margin-8)
		}
		if img := in.AssemblyView; img != nil && img.Bounds().Dx() > 0 && img.Bounds().Dy() > 0 {
			// Fitted to the box, top aligned.
			iw, ih := float64(img.Bounds().Dx()), float64(img.Bounds().Dy())
			k := math.Min(bw/iw, bh/ih) // mm per pixel
			ctx.DrawImage(x0, p.ph-margin-25-ih*k, img, canvas.DPMM(1/k))
		} else {
			img := render.Render(in.Assembly, render.Options{Width: int(bw * viewDPMM), Height: int(bh * viewDPMM), Supersample: viewSupersample, Closed: in.Closed})
			ctx.DrawImage(x0, p.ph-margin-25-bh, img, canvas.DPMM(viewDPMM))
		}
		ctx.DrawText(x0, p.ph-margin-22+rowH, drawing.TextLine(p.face(11, true), "Assembly", canvas.Left))
	}
	return nil
}

// fit shortens s with an ellipsis to fit width mm.
func fit(f *canvas.FontFace, s string, width float64) string {
	if drawing.TextWidth(f, s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && drawing.TextWidth(f, string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// tables draws the BOM tables, continuing on new pages as needed.
func (p *pager) tables() error {
	if len(p.in.Tables) == 0 {
		return nil
	}
	_, ctx := p.newPage("Bill of materials")
	y := p.ph - margin - 10
	f := p.face(7.5, false)
	b := p.face(7.5, true)
	h := p.face(10, true)
	for _, t := range p.in.Tables {
		widths := colWidths(t, f, b, p.pw-2*margin)
		if y < margin+20 {
			_, ctx = p.newPage("Bill of materials (continued)")
			y = p.ph - margin - 10
		}
		ctx.DrawText(margin, y, drawing.TextLine(h, t.Title, canvas.Left))
		y -= rowH + 1
		header := func() {
			p.row(ctx, t.Header, widths, t.Right, b, y, true)
			y -= rowH
		}
		header()
		for i, r := range t.Rows {
			if y < margin+8 {
				_, ctx = p.newPage("Bill of materials (continued)")
				y = p.ph - margin - 10
				ctx.DrawText(margin, y, drawing.TextLine(h, t.Title+" (continued)", canvas.Left))
				y -= rowH + 1
				header()
			}
			if i%2 == 1 {
				ctx.SetFillColor(canvas.Whitesmoke)
				ctx.SetStrokeColor(canvas.Transparent)
				ctx.DrawPath(margin, y-1.4, canvas.Rectangle(p.pw-2*margin, rowH))
			}
			p.row(ctx, r, widths, t.Right, f, y, false)
			y -= rowH
		}
		y -= 6
	}
	return nil
}

// colWidths shares the page width among columns by their content.
func colWidths(t Table, f, b *canvas.FontFace, total float64) []float64 {
	w := make([]float64, len(t.Header))
	for i, hd := range t.Header {
		w[i] = drawing.TextWidth(b, hd) + 3
	}
	for _, r := range t.Rows {
		for i := range w {
			if i < len(r) {
				w[i] = math.Max(w[i], math.Min(drawing.TextWidth(f, r[i])+3, 90))
			}
		}
	}
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	if sum > total {
		for i := range w {
			w[i] *= total / sum
		}
	}
	return w
}

func (p *pager) row(ctx *canvas.Context, cells []string, widths []float64, right []bool, f *canvas.FontFace, y float64, header bool) {
	x := margin
	for i, wdt := range widths {
		if i < len(cells) {
			s := fit(f, cells[i], wdt-2)
			if i < len(right) && right[i] {
				ctx.DrawText(x+wdt-2, y, drawing.TextLine(f, s, canvas.Right))
			} else {
				ctx.DrawText(x+1, y, drawing.TextLine(f, s, canvas.Left))
			}
		}
		x += wdt
	}
	if header {
		ctx.SetStrokeColor(canvas.Black)
		ctx.SetStrokeWidth(0.2)
		ctx.SetFillColor(canvas.Transparent)
		l := &canvas.Path{}
		l.MoveTo(margin, y-1.5)
		l.LineTo(p.pw-margin, y-1.5)
		ctx.DrawPath(0, 0, l)
	}
}

// cutLists draws every bar's cutting diagram, as many per page as fit.
func (p *pager) cutLists() error {
	if len(p.in.CutLists) == 0 {
		return nil
	}
	_, ctx := p.newPage("Cut list")
	y := p.ph - margin - 8
	width := p.pw - 2*margin
	h := p.face(10, true)
	for _, cl := range p.in.CutLists {
		if cl.Plan == nil {
			continue
		}
		if y < margin+10+drawing.CutDiagramHeight {
			_, ctx = p.newPage("Cut list (continued)")
			y = p.ph - margin - 8
		}
		head := cl.Profile
		if cl.Description != "" {
			head += ": " + cl.Description
		}
		bars := "bars"
		if len(cl.Plan.Bars) == 1 {
			bars = "bar"
		}
		head += fmt.Sprintf(" (%d %s, kerf %s, trim %s)", len(cl.Plan.Bars), bars, p.info.Units.Format(cl.Plan.Kerf), p.info.Units.Format(cl.Plan.Trim))
		ctx.DrawText(margin, y-3, drawing.TextLine(h, head, canvas.Left))
		y -= 6
		longest := 0.0
		for _, ub := range cl.Plan.Bars {
			longest = math.Max(longest, ub.Stock.Length)
		}
		for i, ub := range cl.Plan.Bars {
			if y < margin+8+drawing.CutDiagramHeight {
				_, ctx = p.newPage("Cut list (continued)")
				y = p.ph - margin - 8
			}
			keep := ub.Offcut > 0 && ub.Offcut >= cl.MinOffcut
			c, err := drawing.Cut(drawing.CutBar{Bar: ub, Profile: cl.Profile, Index: i + 1, Kerf: cl.Plan.Kerf, Trim: cl.Plan.Trim, Keep: keep, Longest: longest}, width, p.info)
			if err != nil {
				return err
			}
			c.RenderViewTo(ctx, canvas.Identity.Translate(margin, y-drawing.CutDiagramHeight))
			y -= drawing.CutDiagramHeight
		}
		y -= 4
	}
	return nil
}

// nests draws one page per nested sheet.
func (p *pager) nests() error {
	shapes := map[string]profile.Profile{}
	for _, part := range p.in.Parts {
		if part.Plate != nil {
			shapes[part.ID] = part.Plate.Shape
		}
	}
	for _, n := range p.in.Nests {
		for i, sh := range n.Sheets {
			c, err := drawing.Nest(drawing.NestSheet{Sheet: sh, Material: n.Material, Thickness: n.Thickness, Index: i + 1, Count: len(n.Sheets), Shapes: shapes}, p.info)
			if err != nil {
				return err
			}
			p.pages = append(p.pages, c)
		}
	}
	return nil
}

// drawable reports whether a part gets a drawing and templates.
func drawable(part *model.Part) bool { return part.Plate != nil || part.Bar != nil }

// drawings draws one page per plate and bar part, numbered as a set.
func (p *pager) drawings() error {
	total := 0
	for _, part := range p.in.Parts {
		if drawable(part) {
			total++
		}
	}
	n := 0
	for _, part := range p.in.Parts {
		if !drawable(part) {
			continue
		}
		n++
		if c := p.in.Drawings[part.ID]; c != nil {
			// A copy, for the footer goes on the page, not on the
			// caller's drawing.
			page := canvas.New(c.W, c.H)
			c.RenderTo(page)
			p.pages = append(p.pages, page)
			continue
		}
		info := p.info
		info.Sheet, info.Sheets = n, total
		c, err := drawing.Part(part, info)
		if err != nil {
			return err
		}
		p.pages = append(p.pages, c)
	}
	return nil
}

// templates adds the 1:1 templates of every drawable part. Template pages
// are portrait or landscape, whichever needs fewer pages.
func (p *pager) templates() error {
	if p.in.NoTemplates {
		return nil
	}
	for _, part := range p.in.Parts {
		if !drawable(part) {
			continue
		}
		if part.Bar != nil && len(part.Bar.Holes) == 0 {
			continue // nothing to mark
		}
		if p.in.TemplateFor != nil && !p.in.TemplateFor(part) {
			continue
		}
		tp, err := drawing.Templates(part, p.info)
		if err != nil {
			return err
		}
		for _, t := range tp {
			p.pages = append(p.pages, t.Canvas)
		}
	}
	return nil
}
