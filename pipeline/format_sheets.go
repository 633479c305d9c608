package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"strings"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/geometry/section"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/outputs/drawing"
	"github.com/fabkit/fabkit/outputs/packet"
	"github.com/fabkit/fabkit/outputs/render"
	"github.com/fabkit/fabkit/shop"
	"github.com/tdewolff/canvas"
)

var sheetsFormat = Format{
	Kind: "sheets",
	Files: []FileSpec{
		{"sheets/PART.svg", "svg", "dimensioned drawing of each plate and bar part"},
		{"sheets/PART.png", "png", "shaded view of each part"},
		{"sheets/NEST.svg", "svg", "nesting diagram of each sheet"},
		{"sheets/cut-PROFILE-N.svg", "svg", "cutting diagram of each bar"},
		{"sheets/assembly.png", "png", "shaded view of the assembly"},
		{"sheets/packet.pdf", "pdf", "the fabrication packet: cover (parameters, cost, assembly view), BOM, cut list, nests, every part drawing, 1:1 templates of the parts marked out by hand; every page names the design and its parameter digest"},
	},
	Needs: ProductMeshes | ProductNesting | ProductBOM,
	Write: writeSheets,
}

// partView is the size of the PNG view of each part.
var partView = render.Options{Width: 480, Height: 360, Supersample: 1}

// writeSheets draws what a welder prints: a dimensioned drawing of every
// plate and bar part, a diagram of every nested sheet and cut bar, shaded
// PNG views of the assembly and each part, and sheets/packet.pdf.
func writeSheets(ctx context.Context, in *Products, out *Output) error {
	s := in.Shop
	info := drawing.Info{Design: in.Design.Name(), Version: in.Design.Version(),
		Digest: in.Values.Digest(), Units: s.Units, Sections: barSections(in.Model, s)}
	drawn := 0
	for _, p := range in.Model.Parts {
		if p.Plate != nil || p.Bar != nil {
			drawn++
		}
	}
	drawings := map[string]*canvas.Canvas{} // for the packet, which prints them too
	sheet := 0
	for _, p := range in.Model.Parts {
		if err := ctx.Err(); err != nil {
			return err
		}
		if p.Plate == nil && p.Bar == nil {
			continue
		}
		sheet++
		out.Report(0.6*float64(sheet-1)/float64(drawn), "drawing part "+p.ID)
		pi := info
		pi.Sheet, pi.Sheets = sheet, drawn
		c, err := drawing.Part(p, pi)
		if err != nil {
			return fmt.Errorf("part %s: drawing: %w", p.ID, err)
		}
		if err := addCanvas(out, "sheets/"+p.ID+".svg", c, Owner{Part: p.ID}); err != nil {
			return err
		}
		drawings[p.ID] = c
	}
	nests, err := drawNests(in, out, info)
	if err != nil {
		return err
	}
	if err := drawCuts(in, out, info); err != nil {
		return err
	}
	out.Report(0.6, "rendering the views")
	view, err := renderViews(ctx, in, out)
	if err != nil {
		return err
	}
	out.Report(0.8, "the fabrication packet")

	pk := &packet.Input{Design: info.Design, Version: info.Version, Digest: info.Digest, ShopName: s.Name,
		Units: s.Units, Currency: s.Currency, Parts: in.Model.Parts, Sections: info.Sections, Assembly: in.Meshes.Assembly, AssemblyView: view, Closed: true, Nests: nests, Drawings: drawings}
	pk.Steps, pk.Exploded = assemblySteps(in)
	// Templates are for marking out by hand: bars, and plates with holes
	// the torch leaves to the drill (every plate when there is no table).
	pk.TemplateFor = func(p *model.Part) bool {
		return p.Bar != nil || !s.HasTorchTable() || len(drilledHoles(p.Plate, s.TorchTable.MinHoleRatio)) > 0
	}
	for _, p := range in.Values.List() {
		pk.Params = append(pk.Params, packet.KV{Name: p.Name, Value: p.Display})
	}
	if in.BOM != nil {
		pk.Tables, pk.CostLines, pk.CutLists = packet.FromBOM(in.BOM, s.Saw.MinOffcut)
	}
	var buf bytes.Buffer
	if err := packet.Write(ctx, &buf, pk); err != nil {
		return fmt.Errorf("packet: %w", err)
	}
	return out.Add("sheets/packet.pdf", buf.Bytes(), Owner{})
}

// barSections gives the drawings the cross-section of every bar profile used.
func barSections(m *model.Model, s *shop.Shop) map[string]section.Section {
	out := map[string]section.Section{}
	for _, p := range m.Parts {
		if p.Bar == nil {
			continue
		}
		prof, ok := s.Profile(p.Bar.Profile)
		if !ok {
			continue
		}
		out[p.Bar.Profile] = prof.Section()
	}
	return out
}

// drawNests draws one diagram per nested sheet and returns the nests
// grouped by plate stock for the packet.
func drawNests(in *Products, out *Output, info drawing.Info) ([]packet.Nest, error) {
	var nests []packet.Nest
	var ids [][]string // ids[i][j]: the id of sheet j of nests[i]
	for _, sp := range in.Nesting.Sheets {
		if len(nests) == 0 || nests[len(nests)-1].Material != sp.Material || nests[len(nests)-1].Thickness != sp.Thickness {
			nests = append(nests, packet.Nest{Material: sp.Material, Thickness: sp.Thickness})
			ids = append(ids, nil)
		}
		nests[len(nests)-1].Sheets = append(nests[len(nests)-1].Sheets, sp.Sheet)
		ids[len(ids)-1] = append(ids[len(ids)-1], sp.ID)
	}
	shapes := map[string]profile.Profile{}
	for _, sp := range in.Nesting.Sheets {
		for _, p := range sp.Parts {
			shapes[p.ID] = p.Shape
		}
	}
	for k, n := range nests {
		for i, sh := range n.Sheets {
			c, err := drawing.Nest(drawing.NestSheet{Sheet: sh, Material: n.Material, Thickness: n.Thickness, Index: i + 1, Count: len(n.Sheets), Shapes: shapes}, info)
			if err != nil {
				return nil, fmt.Errorf("nest diagram: %w", err)
			}
			if err := addCanvas(out, "sheets/"+ids[k][i]+".svg", c, Owner{}); err != nil {
				return nil, err
			}
		}
	}
	return nests, nil
}

// drawCuts draws one cutting diagram per bar of every cut list.
func drawCuts(in *Products, out *Output, info drawing.Info) error {
	if in.BOM == nil {
		return nil
	}
	minOff := in.Shop.Saw.MinOffcut
	for _, cl := range in.BOM.CutLists {
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
			if err := addCanvas(out, fmt.Sprintf("sheets/cut-%s-%d.svg", name, i+1), c, Owner{}); err != nil {
				return err
			}
		}
	}
	return nil
}

// renderViews renders the assembly and every meshed part to PNG, in
// parallel; the images do not depend on the worker count. It returns the
// assembly view (nil without an assembly) for the packet's cover.
func renderViews(ctx context.Context, in *Products, out *Output) (image.Image, error) {
	var view image.Image
	if a := in.Meshes.Assembly; a != nil {
		// A build's meshes are closed (mesh.Check): the triangles
		// facing away are hidden.
		img := render.Render(a, render.Options{Width: 1000, Height: 750, Closed: true})
		var buf bytes.Buffer
		if err := render.WritePNG(&buf, img); err != nil {
			return nil, err
		}
		if err := out.Add("sheets/assembly.png", buf.Bytes(), Owner{}); err != nil {
			return nil, err
		}
		view = img
	}
	var ids []string
	for _, p := range in.Model.Parts {
		if in.Meshes.Parts[p.ID] != nil {
			ids = append(ids, p.ID)
		}
	}
	pngs := make([][]byte, len(ids))
	errs := make([]error, len(ids))
	err := forEach(ctx, in.Workers, len(ids), func(i int) {
		m := in.Meshes.Parts[ids[i]]
		if in.ViewCache != nil {
			pngs[i], errs[i] = in.ViewCache.PNG(m, partView)
			return
		}
		var buf bytes.Buffer
		errs[i] = render.WritePNG(&buf, render.View(m, partView))
		pngs[i] = buf.Bytes()
	})
	if err != nil {
		return nil, err
	}
	for i, id := range ids {
		if errs[i] != nil {
			return nil, fmt.Errorf("part %s: view: %w", id, errs[i])
		}
		if err := out.Add("sheets/"+id+".png", pngs[i], Owner{Part: id}); err != nil {
			return nil, err
		}
	}
	return view, nil
}

// addCanvas writes a drawing as SVG.
func addCanvas(out *Output, path string, c *canvas.Canvas, owner Owner) error {
	var buf bytes.Buffer
	if err := drawing.WriteSVG(&buf, c); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return out.Add(path, buf.Bytes(), owner)
}
