package pipeline

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"github.com/fabkit/fabkit/assembly"
	"github.com/fabkit/fabkit/geometry/affine"
	"github.com/fabkit/fabkit/geometry/mesh"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/outputs/packet"
)

// Colours of the assembly step views: what is already built, what the
// step adds.
var (
	builtColor = color.RGBA{0xb4, 0xbe, 0xc8, 0xff}
	newColor   = color.RGBA{0xe8, 0x7a, 0x22, 0xff}
)

// assemblySteps makes the packet's assembly pages from the model, its
// meshes and the assembly check's joints: one page per step with the
// machine as it stands after it, and an exploded view.
func assemblySteps(r *Products) ([]packet.Step, *packet.Step) {
	if r.Meshes == nil {
		return nil, nil
	}
	steps := assembly.Steps(r.Model, r.Assembly)
	byID := map[string]*model.Part{}
	for _, p := range r.Model.Parts {
		byID[p.ID] = p
	}
	// Every step's view is a prefix of one mesh of the machine as built so
	// far: the views share its arrays instead of each copying the last.
	built := &mesh.Mesh{}
	var out []packet.Step
	exploded := &mesh.Mesh{}
	var explodedColors []color.RGBA
	var explodedLabels []packet.Label
	centre := mesh.Vec3{}
	if r.Meshes.Assembly != nil {
		b := r.Meshes.Assembly.BBox()
		centre = b.Min.Add(b.Max).Scale(0.5)
	}
	for k, s := range steps {
		before := len(built.Triangles)
		var labels []packet.Label
		var lines []string
		count := map[string]int{}
		var order []string
		for _, ref := range s.Parts {
			m := r.Meshes.Parts[ref.Part]
			p := byID[ref.Part]
			if count[ref.Part] == 0 {
				order = append(order, ref.Part)
			}
			count[ref.Part]++
			if m == nil || p == nil {
				continue
			}
			placed := m.Transformed(p.Placements[ref.Instance])
			built.Append(placed)
			bb := placed.BBox()
			at := bb.Min.Add(bb.Max).Scale(0.5)
			labels = append(labels, packet.Label{At: at, Text: ref.Part})
			// Exploded: each piece pushed out from the machine's centre.
			push := at.Sub(centre).Scale(0.6)
			ex := placed.Transformed(affine.At(push.X, push.Y, push.Z))
			exploded.Append(ex)
			c := stepColor(k)
			for range ex.Triangles {
				explodedColors = append(explodedColors, c)
			}
			explodedLabels = append(explodedLabels, packet.Label{At: at.Add(push), Text: ref.Part})
		}
		for _, id := range order {
			lines = append(lines, fmt.Sprintf("%s  %s  x%d", id, byID[id].Name, count[id]))
		}
		var fl []string
		for _, f := range s.Fasteners {
			fl = append(fl, fmt.Sprintf("%d x %s", f.Qty, f.Item))
		}
		view := &mesh.Mesh{Vertices: slices.Clip(built.Vertices), Triangles: slices.Clip(built.Triangles)}
		colors := make([]color.RGBA, len(view.Triangles))
		for i := range colors {
			colors[i] = builtColor
			if i >= before {
				colors[i] = newColor
			}
		}
		out = append(out, packet.Step{Title: fmt.Sprintf("Assembly step %d of %d: %s", k+1, len(steps), s.Name),
			View: view, Colors: colors, Labels: labels, Parts: lines, Fasteners: fl, Callouts: s.Callouts()})
	}
	if len(out) == 0 {
		return nil, nil
	}
	var legend []string
	for k, s := range steps {
		c := stepColor(k)
		legend = append(legend, fmt.Sprintf("step %d (#%02x%02x%02x): %s", k+1, c.R, c.G, c.B, s.Name))
	}
	return out, &packet.Step{Title: "Exploded view", View: exploded, Colors: explodedColors, Labels: explodedLabels, Parts: legend, PartsHead: "Colours by step"}
}

// stepColor is a distinct colour per step for the exploded view.
func stepColor(k int) color.RGBA {
	h := math.Mod(float64(k)*0.618034, 1) * 6 // golden-ratio hues
	i, f := int(h), h-math.Floor(h)
	v, s := 0.85, 0.6
	p, q, t := v*(1-s), v*(1-s*f), v*(1-s*(1-f))
	rgb := [6][3]float64{{v, t, p}, {q, v, p}, {p, v, t}, {p, q, v}, {t, p, v}, {v, p, q}}[i]
	return color.RGBA{uint8(rgb[0] * 255), uint8(rgb[1] * 255), uint8(rgb[2] * 255), 0xff}
}
