package packet

import (
	"cmp"
	"image/color"
	"slices"

	"github.com/tdewolff/canvas"

	"github.com/fabkit/fabkit/geometry/mesh"
	"github.com/fabkit/fabkit/outputs/drawing"
	"github.com/fabkit/fabkit/outputs/render"
)

// Step is one page of the assembly instructions: a shaded view of the
// machine as it stands after the step, with its new parts highlighted
// (Colors, one per triangle of View) and labelled, and what the step uses.
type Step struct {
	Title     string
	View      *mesh.Mesh
	Colors    []color.RGBA
	Labels    []Label
	Parts     []string // one line per new part: id, name, instances
	PartsHead string   // the heading over Parts; "" means "New parts"
	Fasteners []string // one line per fastener: qty, item
	Callouts  []string // weld and bolt callouts
}

// Label is a text placed over a view at a point of the mesh frame.
type Label struct {
	At   mesh.Vec3
	Text string
}

// steps draws one page per assembly step, then the exploded view.
func (p *pager) steps() error {
	all := p.in.Steps
	if p.in.Exploded != nil {
		all = append(append([]Step(nil), all...), *p.in.Exploded)
	}
	// A step that adds no meshed part shows the machine of the step
	// before in other colours: its scene is rasterised once. A step whose
	// new parts stay within the picture of the step before adds only
	// their triangles to its scene.
	var scene *render.Scene
	var sceneOf *mesh.Mesh
	defer func() {
		if scene != nil {
			scene.Release()
		}
	}()
	for _, s := range all {
		_, ctx := p.newPage(s.Title)
		const listW = 95.0
		y := p.ph - margin - 10
		b, f := p.face(9, true), p.face(7.5, false)
		bottom := margin + 8
		for _, sec := range []struct {
			head  string
			lines []string
		}{{cmp.Or(s.PartsHead, "New parts"), s.Parts}, {"Fasteners", s.Fasteners}, {"Joints", s.Callouts}} {
			if len(sec.lines) == 0 || y < bottom+rowH {
				continue
			}
			ctx.DrawText(margin, y, drawing.TextLine(b, sec.head, canvas.Left))
			y -= rowH
			for i, l := range sec.lines {
				if y < bottom {
					break
				}
				if y < bottom+rowH && i < len(sec.lines)-1 {
					l = "…"
				}
				ctx.DrawText(margin+2, y, drawing.TextLine(f, fit(f, l, listW-4), canvas.Left))
				y -= rowH * 0.8
			}
			y -= 2
		}
		if s.View == nil || len(s.View.Triangles) == 0 {
			continue
		}
		const dpmm = viewDPMM
		x0 := margin + listW
		bw, bh := p.pw-margin-x0, p.ph-2*margin-14
		opt := render.Options{Width: int(bw * dpmm), Height: int(bh * dpmm), Supersample: viewSupersample, Closed: p.in.Closed}
		switch {
		case scene != nil && sameGeometry(sceneOf, s.View):
		case scene != nil && scene.Add(s.View):
			sceneOf = s.View
		default:
			// The shades and camera-frame vertices of the step before
			// serve again, for the fit alone has changed.
			next := render.NewSceneAfter(scene, s.View, opt)
			if scene != nil {
				scene.Release()
			}
			scene, sceneOf = next, s.View
		}
		// A byte a pixel when the view has at most 256 colours (every
		// step view of the CEB press), else three: the PDF writer embeds
		// either as it would the RGBA image, without finding a palette.
		img := scene.View(s.Colors)
		y0 := p.ph - margin - 8 - bh
		ctx.DrawImage(x0, y0, img, canvas.DPMM(dpmm))
		proj := render.Projector(s.View, opt)
		lf := p.face(6, true)
		for _, l := range s.Labels {
			px, py := proj(l.At)
			x, yy := x0+px/dpmm, y0+bh-py/dpmm
			w := drawing.TextWidth(lf, l.Text) + 1.2
			ctx.SetFillColor(color.RGBA{0xff, 0xff, 0xff, 0xdd})
			ctx.SetStrokeColor(color.RGBA{0xc0, 0x50, 0x10, 0xff})
			ctx.SetStrokeWidth(0.15)
			ctx.DrawPath(x-w/2, yy-1.2, canvas.Rectangle(w, 3))
			ctx.DrawText(x, yy-0.4, drawing.TextLine(lf, l.Text, canvas.Center))
		}
	}
	return nil
}

// sameGeometry reports whether two meshes have the same vertices and
// triangles, so that they rasterise alike.
func sameGeometry(a, b *mesh.Mesh) bool {
	return slices.Equal(a.Vertices, b.Vertices) && slices.Equal(a.Triangles, b.Triangles)
}
