package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/outputs/drawing"
	"github.com/fabkit/fabkit/outputs/packet"
	"github.com/fabkit/fabkit/outputs/render"
	"github.com/fabkit/fabkit/shop"
	"github.com/tdewolff/canvas"
)

// partView is the size of the PNG view of each part.
var partView = render.Options{Width: 480, Height: 360, Supersample: 1}

// writeSheets draws what a welder prints: a dimensioned drawing of every
// plate and bar part, a diagram of every nested sheet and cut bar, shaded
// PNG views of the assembly and each part, and sheets/packet.pdf.
func writeSheets(ctx context.Context, r *Result) error {
	s := r.Request.Shop
	info := drawing.Info{Design: r.Request.Design.Name(), Version: r.Request.Design.Version(),
		Digest: r.Values.Digest(), Units: s.Units, Sections: barSections(r.Model, s)}
	partIndex := map[string]int{}
	for i, p := range r.Parts {
		partIndex[p.ID] = i
	}
	drawn := 0
	for _, p := range r.Model.Parts {
		if p.Plate != nil || p.Bar != nil {
			drawn++
		}
	}
	sheet := 0
	for _, p := range r.Model.Parts {
		if p.Plate == nil && p.Bar == nil {
			continue
		}
		sheet++
		pi := info
		pi.Sheet, pi.Sheets = sheet, drawn
		c, err := drawing.Part(p, pi)
		if err != nil {
			return fmt.Errorf("part %s: drawing: %w", p.ID, err)
		}
		path := "sheets/" + p.ID + ".svg"
		if err := r.addCanvas(path, c); err != nil {
			return err
		}
		r.Parts[partIndex[p.ID]].Files = append(r.Parts[partIndex[p.ID]].Files, path)
	}
	nests, err := r.drawNests(info)
	if err != nil {
		return err
	}
	if err := r.drawCuts(info); err != nil {
		return err
	}
	if err := r.renderViews(ctx, partIndex); err != nil {
		return err
	}

	in := &packet.Input{Design: info.Design, Version: info.Version, Digest: info.Digest, ShopName: s.Name,
		Units: s.Units, Currency: s.Currency, Parts: r.Model.Parts, Sections: info.Sections, Assembly: r.assembly, Nests: nests}
	// Templates are for marking out by hand: bars, and plates with holes
	// the torch leaves to the drill (every plate when there is no table).
	in.TemplateFor = func(p *model.Part) bool {
		return p.Bar != nil || !s.HasTorchTable() || len(drilledHoles(p.Plate, s.TorchTable.MinHoleRatio)) > 0
	}
	for _, p := range r.Values.List() {
		in.Params = append(in.Params, packet.KV{Name: p.Name, Value: p.Text})
	}
	if r.bom != nil {
		in.Tables, in.CostLines, in.CutLists = packet.FromBOM(r.bom, s.Saw.MinOffcut)
	}
	var buf bytes.Buffer
	if err := packet.Write(ctx, &buf, in); err != nil {
		return fmt.Errorf("packet: %w", err)
	}
	r.addFile("sheets/packet.pdf", "pdf", buf.Bytes())
	return nil
}

// barSections gives the drawings the outer size of every bar profile used.
func barSections(m *model.Model, s *shop.Shop) map[string]drawing.Section {
	out := map[string]drawing.Section{}
	for _, p := range m.Parts {
		if p.Bar == nil {
			continue
		}
		prof, ok := s.Profile(p.Bar.Profile)
		if !ok {
			continue
		}
		w, h := prof.Width, prof.Height
		if prof.Diameter > 0 {
			w, h = prof.Diameter, prof.Diameter
		}
		if h == 0 {
			h = w
		}
		if prof.Shape == shop.Flat {
			h = prof.Wall
		}
		out[p.Bar.Profile] = drawing.Section{Width: w, Height: h}
	}
	return out
}

// drawNests draws one diagram per nested sheet and returns the nests
// grouped by plate stock for the packet.
func (r *Result) drawNests(info drawing.Info) ([]packet.Nest, error) {
	var nests []packet.Nest
	for _, sp := range r.plans {
		if len(nests) == 0 || nests[len(nests)-1].Material != sp.material || nests[len(nests)-1].Thickness != sp.thickness {
			nests = append(nests, packet.Nest{Material: sp.material, Thickness: sp.thickness})
		}
		nests[len(nests)-1].Sheets = append(nests[len(nests)-1].Sheets, sp.sheet)
	}
	for _, n := range nests {
		shapes := map[string]profile.Profile{}
		for _, sp := range r.plans {
			for _, p := range sp.parts {
				shapes[p.ID] = p.Shape
			}
		}
		for i, sh := range n.Sheets {
			c, err := drawing.Nest(drawing.NestSheet{Sheet: sh, Material: n.Material, Thickness: n.Thickness, Index: i + 1, Count: len(n.Sheets), Shapes: shapes}, info)
			if err != nil {
				return nil, fmt.Errorf("nest diagram: %w", err)
			}
			id := r.nestID(n.Material, n.Thickness, i)
			if err := r.addCanvas("sheets/"+id+".svg", c); err != nil {
				return nil, err
			}
		}
	}
	return nests, nil
}

// nestID finds the id the cam stage gave the i-th sheet of a plate stock.
func (r *Result) nestID(material string, thickness float64, i int) string {
	k := 0
	for _, sp := range r.plans {
		if sp.material == material && sp.thickness == thickness {
			if k == i {
				return sp.id
			}
			k++
		}
	}
	return fmt.Sprintf("nest-%d", i+1)
}

// drawCuts draws one cutting diagram per bar of every cut list.
func (r *Result) drawCuts(info drawing.Info) error {
	if r.bom == nil {
		return nil
	}
	minOff := r.Request.Shop.Saw.MinOffcut
	for _, cl := range r.bom.CutLists {
		longest := 0.0
		for _, b := range cl.Plan.Bars {
			longest = max(longest, b.Stock.Length)
		}
		for i, b := range cl.Plan.Bars {
			c, err := drawing.Cut(drawing.CutBar{Bar: b, Profile: cl.Profile, Index: i + 1, Kerf: cl.Plan.Kerf, Trim: cl.Plan.Trim,
				Keep: b.Offcut >= minOff && b.Offcut > 0, Longest: longest}, 250, info)
			if err != nil {
				return fmt.Errorf("cut diagram %s: %w", cl.Profile, err)
			}
			name := strings.NewReplacer("/", "_", " ", "_").Replace(cl.Profile)
			if err := r.addCanvas(fmt.Sprintf("sheets/cut-%s-%d.svg", name, i+1), c); err != nil {
				return err
			}
		}
	}
	return nil
}

// renderViews renders the assembly and every meshed part to PNG, in
// parallel; the images do not depend on the worker count.
func (r *Result) renderViews(ctx context.Context, partIndex map[string]int) error {
	if r.assembly != nil {
		var buf bytes.Buffer
		if err := render.WritePNG(&buf, render.Render(r.assembly, render.Options{Width: 1000, Height: 750})); err != nil {
			return err
		}
		r.addFile("sheets/assembly.png", "png", buf.Bytes())
	}
	var ids []string
	for _, p := range r.Model.Parts {
		if r.meshes[p.ID] != nil {
			ids = append(ids, p.ID)
		}
	}
	pngs := make([][]byte, len(ids))
	errs := make([]error, len(ids))
	err := r.forEach(ctx, len(ids), func(i int) {
		var buf bytes.Buffer
		errs[i] = render.WritePNG(&buf, render.Render(r.meshes[ids[i]], partView))
		pngs[i] = buf.Bytes()
	})
	if err != nil {
		return err
	}
	for i, id := range ids {
		if errs[i] != nil {
			return fmt.Errorf("part %s: view: %w", id, errs[i])
		}
		path := "sheets/" + id + ".png"
		r.addFile(path, "png", pngs[i])
		r.Parts[partIndex[id]].Files = append(r.Parts[partIndex[id]].Files, path)
	}
	return nil
}

// addCanvas writes a drawing as SVG.
func (r *Result) addCanvas(path string, c *canvas.Canvas) error {
	var buf bytes.Buffer
	if err := drawing.WriteSVG(&buf, c); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	r.addFile(path, "svg", buf.Bytes())
	return nil
}
