// Package render is a small deterministic software rasteriser: it draws a
// triangle mesh as a shaded isometric view (z-buffer, flat Lambert shading
// with two lights, optional crease and silhouette edges) into an RGBA image
// fitted to the mesh's bounding box, for previews, the fabrication packet's
// assembly view and tests. The same mesh and options always give the same
// pixels; no GPU, no system libraries.
package render

import (
	"encoding/binary"
	"image"
	"image/color"
	"math"
	"slices"
	"sync"

	"github.com/fabkit/fabkit/geometry/mesh"
)

// Options set the picture. The zero value renders 800 x 600 in steel blue
// on white with edges, 2x supersampled.
type Options struct {
	Width, Height int         // pixels; 0 means 800 x 600
	Background    color.Color // nil means white
	Color         color.Color // base colour of the surfaces; nil means steel blue
	NoEdges       bool        // leave out the dark crease and silhouette lines
	// Supersample renders at this many times the size in each direction and
	// averages down (1 to 4); 0 means 2.
	Supersample int
	// Margin is the empty border around the mesh, as a fraction of the
	// smaller image side; 0 means 0.05.
	Margin float64
	// View is the direction the camera looks from, in the mesh frame;
	// zero means isometric from the front right, (1, -1, 1), Z up.
	View mesh.Vec3
	// Colors, when it has one entry per triangle, colours each triangle
	// (assembly steps highlight their new parts); else Color is used.
	Colors []color.RGBA
	// Closed says that the mesh is closed and its triangles wind
	// counter-clockwise seen from outside, as mesh.Check requires (every
	// part mesh of a build, and any number of them placed together): a
	// triangle facing away from the camera then lies behind one facing
	// it, so it is not drawn, which saves about a third of the drawing
	// of a machine. A sample exactly on a silhouette, which rounding
	// leaves outside the triangle in front, then shows what lies beyond
	// instead of the back of that surface.
	Closed bool
}

func (o Options) withDefaults() Options {
	if o.Width <= 0 || o.Height <= 0 {
		o.Width, o.Height = 800, 600
	}
	if o.Background == nil {
		o.Background = color.White
	}
	if o.Color == nil {
		o.Color = color.RGBA{0x8c, 0xa6, 0xc8, 0xff}
	}
	if o.Supersample <= 0 {
		o.Supersample = 2
	}
	o.Supersample = min(o.Supersample, 4)
	if o.Margin <= 0 {
		o.Margin = 0.05
	}
	if o.View == (mesh.Vec3{}) {
		o.View = mesh.Vec3{X: 1, Y: -1, Z: 1}
	}
	return o
}

// Lights in the camera frame (x right, y up, z towards the viewer): a key
// light from the upper left and a weaker fill from the right.
var (
	keyLight  = unit(mesh.Vec3{X: -0.45, Y: 0.75, Z: 0.5})
	fillLight = unit(mesh.Vec3{X: 0.8, Y: -0.1, Z: 0.6})
)

const (
	ambient   = 0.22
	keyWeight = 0.62
	fillWight = 0.28
	creaseCos = 0.866 // edges between faces more than 30° apart
)

func unit(v mesh.Vec3) mesh.Vec3 {
	l := v.Len()
	if l == 0 {
		return v
	}
	return v.Scale(1 / l)
}

// camera returns the camera frame for a view direction: right, up and
// towards the viewer.
func camera(view mesh.Vec3) (right, up, back mesh.Vec3) {
	back = unit(view)
	worldUp := mesh.Vec3{Z: 1}
	if math.Abs(back.Dot(worldUp)) > 0.999 {
		worldUp = mesh.Vec3{Y: 1}
	}
	right = unit(worldUp.Cross(back))
	up = back.Cross(right)
	return right, up, back
}

// Projector returns the map from a point of the mesh frame to the pixel
// (x right, y down) where Render with the same options draws it: for
// labels placed over a rendered view.
func Projector(m *mesh.Mesh, opt Options) func(mesh.Vec3) (x, y float64) {
	o := opt.withDefaults()
	right, up, _ := camera(o.View)
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	if m != nil {
		for _, v := range m.Vertices {
			px, py := v.Dot(right), v.Dot(up)
			minX, maxX = min(minX, px), max(maxX, px)
			minY, maxY = min(minY, py), max(maxY, py)
		}
	}
	W, H := float64(o.Width), float64(o.Height)
	marg := o.Margin * math.Min(W, H)
	k := math.Min((W-2*marg)/math.Max(maxX-minX, 1e-12), (H-2*marg)/math.Max(maxY-minY, 1e-12))
	cx, cy := (minX+maxX)/2, (minY+maxY)/2
	return func(v mesh.Vec3) (float64, float64) {
		return W/2 + (v.Dot(right)-cx)*k, H/2 - (v.Dot(up)-cy)*k
	}
}

// Render draws the mesh. An empty or nil mesh gives a blank image.
func Render(m *mesh.Mesh, opt Options) *image.RGBA {
	s := NewScene(m, opt)
	defer s.Release()
	return s.Image(opt.Colors)
}

// View draws the mesh as Render does, to the same pixels: at one sample a
// pixel, when the picture has at most 256 colours (a colour a triangle's
// shade, the background and the edges; most part views), as an
// *image.Paletted of its colours in order of first appearance, a byte a
// pixel, which WritePNG and the PDF writer take as they would take
// Render's *image.RGBA, with no palette to find; else as Render's
// *image.RGBA.
func View(m *mesh.Mesh, opt Options) image.Image {
	s := NewScene(m, opt)
	defer s.Release()
	// Scene.View shades once; its *RGB, past 256 colours, is Image's
	// pixels.
	img := s.View(opt.Colors)
	if rgb, ok := img.(*RGB); ok {
		return rgb.RGBA()
	}
	return img
}

// Scene is a mesh rasterised for a view: the nearest triangle and its
// shade at every sample, and the edge lines. Render is a Scene shaded
// once; views of one geometry in several colourings (assembly steps that
// add no meshed part show the same machine) rasterise it once and shade
// it per colouring, to the same pixels, and a view of more parts that fit
// the same picture (a later assembly step) rasterises only the new ones
// (Add).
type Scene struct {
	o     Options // with defaults; Colors unused
	buf   *frame
	light []float32 // per triangle: its shade, 0..1
	mark  []bool    // edge samples; nil without edges

	// What Add needs to go on: the mesh rasterised, the camera frame, the
	// fitted extent of the projected vertices and the map to samples,
	// every vertex in samples and every normal in the camera frame.
	mesh                   *mesh.Mesh
	right, up, back        mesh.Vec3
	minX, maxX, minY, maxY float64
	k, cx, cy              float64
	cam                    []mesh.Vec3 // every vertex in the camera frame
	proj                   []mesh.Vec3
	normals                []mesh.Vec3
}

// NewScene rasterises the mesh with the options but their Colors. Its
// memory is pooled: call Release when done with it.
func NewScene(m *mesh.Mesh, opt Options) *Scene { return NewSceneAfter(nil, m, opt) }

// NewSceneAfter is NewScene(m, opt), the same scene, for less work when m
// begins with the mesh of prev (its vertices and triangles, in order, as
// mesh.Append leaves them; the views of a machine built step by step) and
// opt looks from the same direction as prev's options, with the same
// Closed: the camera-frame coordinates of those vertices and the shades
// of those triangles are prev's, for they do not depend on the fit. prev
// may be nil or released; it is left as it was.
func NewSceneAfter(prev *Scene, m *mesh.Mesh, opt Options) *Scene {
	o := opt.withDefaults()
	o.Colors = nil
	W, H := o.Width*o.Supersample, o.Height*o.Supersample
	s := &Scene{o: o, buf: buffers.Get().(*frame)}
	s.buf.reset(W, H)
	if m == nil || len(m.Triangles) == 0 || len(m.Vertices) == 0 {
		return s
	}
	s.mesh = m
	s.right, s.up, s.back = camera(o.View)
	var known int // the triangles of prev's mesh that m begins with
	if pm := prevMesh(prev); pm != nil && prev.o.View == o.View && prev.o.Closed == o.Closed &&
		len(m.Vertices) >= len(pm.Vertices) && len(m.Triangles) >= len(pm.Triangles) &&
		slices.Equal(m.Vertices[:len(pm.Vertices)], pm.Vertices) && slices.Equal(m.Triangles[:len(pm.Triangles)], pm.Triangles) {
		s.cam = append(make([]mesh.Vec3, 0, len(m.Vertices)), prev.cam[:len(pm.Vertices)]...)
		known = len(pm.Triangles)
		s.normals = append(make([]mesh.Vec3, 0, len(m.Triangles)), prev.normals[:known]...)
		s.light = append(make([]float32, 0, len(m.Triangles)), prev.light[:known]...)
	}
	// Project every vertex into the camera frame and fit the view.
	for _, v := range m.Vertices[len(s.cam):] {
		s.cam = append(s.cam, s.camera(v))
	}
	s.proj = make([]mesh.Vec3, len(m.Vertices))
	s.minX, s.minY = math.Inf(1), math.Inf(1)
	s.maxX, s.maxY = math.Inf(-1), math.Inf(-1)
	for _, p := range s.cam {
		s.minX, s.maxX = min(s.minX, p.X), max(s.maxX, p.X)
		s.minY, s.maxY = min(s.minY, p.Y), max(s.maxY, p.Y)
	}
	marg := o.Margin * float64(min(W, H))
	sx := (float64(W) - 2*marg) / math.Max(s.maxX-s.minX, 1e-12)
	sy := (float64(H) - 2*marg) / math.Max(s.maxY-s.minY, 1e-12)
	s.k = math.Min(sx, sy)
	s.cx, s.cy = (s.minX+s.maxX)/2, (s.minY+s.maxY)/2
	for i, p := range s.cam {
		s.proj[i] = s.sample(p)
	}
	s.raster(0, known)
	return s
}

// prevMesh is the mesh of a scene that has one, else nil.
func prevMesh(s *Scene) *mesh.Mesh {
	if s == nil {
		return nil
	}
	return s.mesh
}

// camera is a vertex in the camera frame.
func (s *Scene) camera(v mesh.Vec3) mesh.Vec3 {
	return mesh.Vec3{X: v.Dot(s.right), Y: v.Dot(s.up), Z: v.Dot(s.back)}
}

// sample maps a point of the camera frame to samples, z kept.
func (s *Scene) sample(p mesh.Vec3) mesh.Vec3 {
	W, H := s.o.Width*s.o.Supersample, s.o.Height*s.o.Supersample
	return mesh.Vec3{X: float64(W)/2 + (p.X-s.cx)*s.k, Y: float64(H)/2 - (p.Y-s.cy)*s.k, Z: p.Z}
}

// raster shades and draws the mesh's triangles from t0 on, in order, then
// works out the edges of the whole picture. The shades of the triangles
// before known are in the scene already.
func (s *Scene) raster(t0, known int) {
	m, o := s.mesh, s.o
	ss := o.Supersample
	W, H := o.Width*ss, o.Height*ss
	depth, face, rows := s.buf.depth, s.buf.face, s.buf.rows
	s.normals = slices.Grow(s.normals, len(m.Triangles)-len(s.normals))
	s.light = slices.Grow(s.light, len(m.Triangles)-len(s.light))
	for t := t0; t < known; t++ {
		if s.light[t] < 0 {
			continue // facing away
		}
		tri := m.Triangles[t]
		raster(s.proj[tri[0]], s.proj[tri[1]], s.proj[tri[2]], W, H, int32(t), depth, face, rows)
	}
	for t := max(t0, known); t < len(m.Triangles); t++ {
		tri := m.Triangles[t]
		n := m.Normal(t)
		cn := mesh.Vec3{X: n.Dot(s.right), Y: n.Dot(s.up), Z: n.Dot(s.back)}
		if cn.Z < 0 {
			if o.Closed {
				// Never drawn, so never shaded or edged: placeholders
				// keep the triangles' indices, a shade of -1 saying so.
				s.normals = append(s.normals, mesh.Vec3{})
				s.light = append(s.light, -1)
				continue
			}
			cn = cn.Scale(-1) // two-sided: light the side we see
		}
		s.normals = append(s.normals, cn)
		l := ambient + keyWeight*max(0, cn.Dot(keyLight)) + fillWight*max(0, cn.Dot(fillLight))
		s.light = append(s.light, float32(min(l, 1)))
		raster(s.proj[tri[0]], s.proj[tri[1]], s.proj[tri[2]], W, H, int32(t), depth, face, rows)
	}
	if !o.NoEdges {
		s.mark = edges(W, H, ss, depth, face, s.normals, s.buf)
	}
}

// Add rasterises the triangles m has beyond the scene's mesh, when m
// begins with that mesh (its vertices and triangles, in order, as
// mesh.Append leaves them) and its other vertices lie within the
// picture's fitted extent: the scene is then the one NewScene(m) gives,
// sample for sample, for the fit and every earlier triangle are as they
// were. Otherwise it reports false and leaves the scene as it was.
func (s *Scene) Add(m *mesh.Mesh) bool {
	old := s.mesh
	if old == nil || m == nil || len(m.Vertices) < len(old.Vertices) || len(m.Triangles) < len(old.Triangles) ||
		!slices.Equal(m.Vertices[:len(old.Vertices)], old.Vertices) || !slices.Equal(m.Triangles[:len(old.Triangles)], old.Triangles) {
		return false
	}
	extra := make([]mesh.Vec3, 0, len(m.Vertices)-len(old.Vertices))
	cam := make([]mesh.Vec3, 0, len(m.Vertices)-len(old.Vertices))
	for _, v := range m.Vertices[len(old.Vertices):] {
		p := s.camera(v)
		if !(p.X >= s.minX && p.X <= s.maxX && p.Y >= s.minY && p.Y <= s.maxY) {
			return false
		}
		cam = append(cam, p)
		extra = append(extra, s.sample(p))
	}
	s.cam = append(s.cam, cam...)
	s.mesh, s.proj = m, append(s.proj, extra...)
	s.raster(len(old.Triangles), len(old.Triangles))
	return true
}

// Release returns the scene's memory to the pool; the scene must not be
// used after.
func (s *Scene) Release() {
	buffers.Put(s.buf)
	s.buf, s.mark = nil, nil
}

// Image shades the scene: each triangle in its colour of colors when that
// has one per triangle, else all in the options' Color; edges on top;
// samples averaged down to the output size.
func (s *Scene) Image(colors []color.RGBA) *image.RGBA {
	o, light, mark, face := s.o, s.light, s.mark, s.buf.face
	ss := o.Supersample
	W := o.Width * ss
	img := image.NewRGBA(image.Rect(0, 0, o.Width, o.Height))
	if ss == 1 {
		// One sample a pixel: its colour is its triangle's ink in 8 bits
		// (what the average of one sample gives), worked out once per
		// triangle.
		// Beyond a row's span every sample is background, unmarked.
		ink8, bg8, edge8 := s.ink8(colors)
		pix := img.Pix[:4*len(face)]
		background := func(k0, k1 int) {
			for k := k0; k < k1; k++ {
				binary.LittleEndian.PutUint32(pix[4*k:], bg8)
			}
		}
		for y, r := range s.buf.rows[:o.Height] {
			at := y * W
			if r.lo > r.hi {
				background(at, at+W)
				continue
			}
			background(at, at+r.lo)
			for k := at + r.lo; k <= at+r.hi; k++ {
				c := bg8
				switch f := face[k]; {
				case mark != nil && mark[k]:
					c = edge8
				case f >= 0:
					c = ink8[f]
				}
				binary.LittleEndian.PutUint32(pix[4*k:], c)
			}
			background(at+r.hi+1, at+W)
		}
		return img
	}
	bg := color.RGBAModel.Convert(o.Background).(color.RGBA)
	base := color.RGBAModel.Convert(o.Color).(color.RGBA)
	n := float32(ss * ss)
	bgc := [3]float32{float32(bg.R), float32(bg.G), float32(bg.B)}
	// ink[t] is what a sample of triangle t adds: its colour times its
	// shade, worked out once per triangle rather than once per sample.
	ink := make([][3]float32, len(light))
	if len(colors) == len(light) {
		for t, l := range light {
			c := colors[t]
			ink[t] = [3]float32{float32(c.R) * l, float32(c.G) * l, float32(c.B) * l}
		}
	} else {
		basec := [3]float32{float32(base.R), float32(base.G), float32(base.B)}
		for t, l := range light {
			ink[t] = [3]float32{basec[0] * l, basec[1] * l, basec[2] * l}
		}
	}
	// A pixel all of whose samples are background and unmarked: beyond
	// the spans of its rows of samples, widened as edges widens its
	// marks.
	var bgPixel [4]uint8
	{
		var r, g, b float32
		for range ss * ss {
			r, g, b = r+bgc[0], g+bgc[1], b+bgc[2]
		}
		bgPixel = [4]uint8{to8(r / n), to8(g / n), to8(b / n), 0xff}
	}
	widen := max(0, ss/2-1)
	H := o.Height * ss
	for y := 0; y < o.Height; y++ {
		lo, hi := W, -1
		for _, r := range s.buf.rows[max(0, y*ss-widen):min(H, y*ss+ss+widen)] {
			lo, hi = min(lo, r.lo), max(hi, r.hi)
		}
		x0, x1 := o.Width, -1 // the pixels with a sample in the span
		if lo <= hi {
			x0, x1 = max(0, (lo-widen)/ss), min(o.Width-1, (hi+widen)/ss)
		}
		for x := 0; x < o.Width; x++ {
			if x < x0 || x > x1 {
				o := img.PixOffset(x, y)
				copy(img.Pix[o:o+4], bgPixel[:])
				continue
			}
			var r, g, b float32
			for j := 0; j < ss; j++ {
				row := (y*ss+j)*W + x*ss
				for i := 0; i < ss; i++ {
					k := row + i
					var c [3]float32
					switch f := face[k]; {
					case mark != nil && mark[k]:
						c = edgeInk
					case f < 0:
						c = bgc
					default:
						c = ink[f]
					}
					r, g, b = r+c[0], g+c[1], b+c[2]
				}
			}
			o := img.PixOffset(x, y)
			img.Pix[o], img.Pix[o+1], img.Pix[o+2], img.Pix[o+3] = to8(r/n), to8(g/n), to8(b/n), 0xff
		}
	}
	return img
}

// ink8 is the pixel of each triangle at one sample a pixel, in its colour
// of colors when that has one per triangle, else in the options' Color,
// and those of the background and the edges: 8-bit RGBA, bytes in memory
// order.
func (s *Scene) ink8(colors []color.RGBA) (ink []uint32, bg, edge uint32) {
	o, light := s.o, s.light
	bgc := color.RGBAModel.Convert(o.Background).(color.RGBA)
	base := color.RGBAModel.Convert(o.Color).(color.RGBA)
	ink = make([]uint32, len(light))
	if len(colors) == len(light) {
		for t, l := range light {
			c := colors[t]
			ink[t] = rgba32([3]float32{float32(c.R) * l, float32(c.G) * l, float32(c.B) * l})
		}
	} else {
		basec := [3]float32{float32(base.R), float32(base.G), float32(base.B)}
		for t, l := range light {
			ink[t] = rgba32([3]float32{basec[0] * l, basec[1] * l, basec[2] * l})
		}
	}
	return ink, rgba32([3]float32{float32(bgc.R), float32(bgc.G), float32(bgc.B)}), rgba32(edgeInk)
}

// Paletted shades the scene as Image does, to the same pixels, as
// indices into the picture's colours in order of first appearance (row
// by row), when it is rendered at one sample a pixel and has at most 256
// colours; else it returns nil. Each triangle's index is looked up once,
// at its first pixel.
func (s *Scene) Paletted(colors []color.RGBA) *image.Paletted {
	if s.o.Supersample != 1 {
		return nil
	}
	ink, bg, edge := s.ink8(colors)
	if p, row := s.paletted(ink, bg, edge); row < 0 {
		return p
	}
	return nil
}

// View shades the scene as Image does, to the same pixels: at one sample
// a pixel as Paletted does when the picture has at most 256 colours, else
// as an *RGB (the rows Paletted went through taken from its indices), and
// at more samples a pixel as Image's *image.RGBA.
func (s *Scene) View(colors []color.RGBA) image.Image {
	o, mark, face := s.o, s.mark, s.buf.face
	if o.Supersample != 1 {
		return s.Image(colors)
	}
	ink, bg, edge := s.ink8(colors)
	p, row := s.paletted(ink, bg, edge)
	if row < 0 {
		return p
	}
	W := o.Width
	img := &RGB{Pix: make([]uint8, 3*W*o.Height), Stride: 3 * W, Rect: image.Rect(0, 0, W, o.Height)}
	put := func(k int, c uint32) {
		img.Pix[3*k], img.Pix[3*k+1], img.Pix[3*k+2] = uint8(c), uint8(c>>8), uint8(c>>16)
	}
	for k, i := range p.Pix[:row*W] {
		put(k, rgba32of(p.Palette[i]))
	}
	for y, r := range s.buf.rows[row:o.Height] {
		at := (row + y) * W
		for k := at; k < at+W; k++ {
			c := bg
			if k >= at+r.lo && k <= at+r.hi {
				switch f := face[k]; {
				case mark != nil && mark[k]:
					c = edge
				case f >= 0:
					c = ink[f]
				}
			}
			put(k, c)
		}
	}
	return img
}

// rgba32of is an opaque colour of a palette as rgba32 gives it.
func rgba32of(c color.Color) uint32 {
	r := c.(color.RGBA)
	return uint32(r.R) | uint32(r.G)<<8 | uint32(r.B)<<16 | 0xff<<24
}

// RGB is an opaque image of 8-bit RGB samples, three bytes a pixel: a view
// of more than 256 colours (Scene.View), a quarter smaller than an
// *image.RGBA, which the PDF writer embeds as RGB as it is.
type RGB struct {
	Pix    []uint8
	Stride int
	Rect   image.Rectangle
}

func (p *RGB) ColorModel() color.Model { return color.RGBAModel }

func (p *RGB) Bounds() image.Rectangle { return p.Rect }

func (p *RGB) At(x, y int) color.Color {
	if !image.Pt(x, y).In(p.Rect) {
		return color.RGBA{}
	}
	i := (y-p.Rect.Min.Y)*p.Stride + (x-p.Rect.Min.X)*3
	return color.RGBA{p.Pix[i], p.Pix[i+1], p.Pix[i+2], 0xff}
}

// Opaque reports that the image is opaque, as it is.
func (p *RGB) Opaque() bool { return true }

// RGBA is the image's pixels as an *image.RGBA.
func (p *RGB) RGBA() *image.RGBA {
	out := image.NewRGBA(p.Rect)
	for y := p.Rect.Min.Y; y < p.Rect.Max.Y; y++ {
		src := p.Pix[(y-p.Rect.Min.Y)*p.Stride:][:3*p.Rect.Dx()]
		dst := out.Pix[out.PixOffset(p.Rect.Min.X, y):][:4*p.Rect.Dx()]
		for i, j := 0, 0; i+3 <= len(src); i, j = i+3, j+4 {
			dst[j], dst[j+1], dst[j+2], dst[j+3] = src[i], src[i+1], src[i+2], 0xff
		}
	}
	return out
}

// paletted is Paletted with the pixels of ink8: the image and -1, or, when
// the picture has more than 256 colours, the image as far as it got (every
// row before the one returned whole, the palette full) and the row where a
// colour was one too many.
func (s *Scene) paletted(ink []uint32, bg, edge uint32) (*image.Paletted, int) {
	o, mark, face := s.o, s.mark, s.buf.face
	// index[t] is triangle t's palette index plus one, 0 until its first
	// pixel; bgIndex and edgeIndex the same for the background and edges.
	index := make([]uint16, len(ink))
	var bgIndex, edgeIndex uint16
	// The colours seen, by open addressing: a slot holds a colour's 32
	// bits (alpha 0xff, so never 0) or 0 when free; 1024 slots for at
	// most 256 colours.
	var slots [1024]uint32
	var slotIndex [1024]uint16
	palette := make(color.Palette, 0, 32)
	lookup := func(c uint32) uint16 {
		h := (c * 0x9e3779b1) >> 22
		for slots[h] != c && slots[h] != 0 {
			h = (h + 1) & 1023
		}
		if slots[h] == 0 {
			if len(palette) == 256 {
				return 0
			}
			slots[h], slotIndex[h] = c, uint16(len(palette)+1)
			palette = append(palette, color.RGBA{uint8(c), uint8(c >> 8), uint8(c >> 16), 0xff})
		}
		return slotIndex[h]
	}
	img := &image.Paletted{Pix: make([]uint8, o.Width*o.Height), Stride: o.Width, Rect: image.Rect(0, 0, o.Width, o.Height), Palette: palette}
	pix := img.Pix[:len(face)]
	if mark != nil {
		mark = mark[:len(face)]
	}
	// A run of samples of one triangle (or of the background, or of an
	// edge) takes the index of its first: what shows at a sample is
	// keyed by the triangle, -1 for the background or -2 for an edge.
	last, lastIndex := int32(-3), uint8(0)
	// background fills pix[k0:k1], beyond a row's span, where every sample
	// is background: its index is looked up at the first of them (in
	// order: the colours are numbered as they first appear) and written
	// unless it is 0, which the new image holds; false when it is a
	// colour too many.
	background := func(k0, k1 int) bool {
		if k0 >= k1 {
			return true
		}
		if bgIndex == 0 {
			if bgIndex = lookup(bg); bgIndex == 0 {
				return false
			}
		}
		last, lastIndex = -1, uint8(bgIndex-1)
		if lastIndex != 0 {
			for k := k0; k < k1; k++ {
				pix[k] = lastIndex
			}
		}
		return true
	}
	W := o.Width
	for y, r := range s.buf.rows[:o.Height] {
		at := y * W
		if r.lo > r.hi {
			if !background(at, at+W) {
				img.Palette = palette
				return img, y
			}
			continue
		}
		if !background(at, at+r.lo) {
			img.Palette = palette
			return img, y
		}
		for k := at + r.lo; k <= at+r.hi; k++ {
			f := face[k]
			if mark != nil && mark[k] {
				f = -2
			}
			if f != last {
				var slot *uint16
				var c uint32
				switch {
				case f == -2:
					slot, c = &edgeIndex, edge
				case f >= 0:
					slot, c = &index[f], ink[f]
				default:
					slot, c = &bgIndex, bg
				}
				if *slot == 0 {
					if *slot = lookup(c); *slot == 0 {
						img.Palette = palette
						return img, y // more than 256 colours
					}
				}
				last, lastIndex = f, uint8(*slot-1)
			}
			pix[k] = lastIndex
		}
		if !background(at+r.hi+1, at+W) {
			img.Palette = palette
			return img, y
		}
	}
	img.Palette = palette
	return img, -1
}

// frame is the per-sample memory of one render, kept in a pool between
// renders: the assembly steps of a packet render a dozen large views.
type frame struct {
	depth      []float32
	face       []int32 // triangle index, -1: background
	rows       []span  // per row of samples: outside it, the samples are all background
	mark, wide []bool
	w, h       int   // the size of the last reset
	pairs      []int // edges' pairs of neighbours: a sample's index times 2, plus 1 for the one below, 0 for the one to its right
}

var buffers = &sync.Pool{New: func() any { return &frame{} }}

// span is the columns lo to hi of a row (none when lo > hi).
type span struct{ lo, hi int }

// reset sizes the frame for W x H samples, all background. A frame last
// used at that size is background beyond its rows' spans already: only
// the spans are cleared.
func (f *frame) reset(W, H int) {
	n := W * H
	inf := float32(math.Inf(-1))
	if f.w == W && f.h == H && len(f.rows) == H && len(f.depth) == n {
		for y, r := range f.rows {
			if r.lo <= r.hi {
				at := y * W
				depth, face := f.depth[at+r.lo:at+r.hi+1], f.face[at+r.lo:at+r.hi+1]
				for i := range depth {
					depth[i] = inf
				}
				for i := range face {
					face[i] = -1
				}
			}
			f.rows[y] = span{W, -1}
		}
		return
	}
	f.w, f.h = W, H
	if cap(f.rows) < H {
		f.rows = make([]span, H)
	}
	f.rows = f.rows[:H]
	for i := range f.rows {
		f.rows[i] = span{W, -1}
	}
	if cap(f.depth) < n {
		f.depth, f.face = make([]float32, n), make([]int32, n)
	}
	f.depth, f.face = f.depth[:n], f.face[:n]
	for i := range f.depth {
		f.depth[i] = inf
		f.face[i] = -1
	}
}

// bools returns a cleared slice of n flags, reusing *p.
func bools(p *[]bool, n int) []bool {
	if cap(*p) < n {
		*p = make([]bool, n)
	}
	*p = (*p)[:n]
	clear(*p)
	return *p
}

// rgba32 is an opaque colour's pixel in 8 bits, its bytes in memory order.
func rgba32(c [3]float32) uint32 {
	return uint32(to8(c[0])) | uint32(to8(c[1]))<<8 | uint32(to8(c[2]))<<16 | 0xff<<24
}

func to8(v float32) uint8 {
	v += 0.5
	if v <= 0 {
		return 0
	}
	if v >= 255 {
		return 255
	}
	return uint8(v)
}

// raster fills one triangle with the pixels whose centres it covers,
// keeping the nearest surface (largest camera z).
//
// It widens rows[y] to the columns it tests on row y.
func raster(a, b, c mesh.Vec3, W, H int, t int32, depth []float32, face []int32, rows []span) {
	area := (b.X-a.X)*(c.Y-a.Y) - (b.Y-a.Y)*(c.X-a.X)
	if math.Abs(area) < 1e-12 {
		return
	}
	// The pixels whose centres (x+0.5, y+0.5) are within the triangle's
	// bounding box, give or take a quarter pixel: a centre further out
	// fails the test below by far more than its rounding (and leaving out
	// the box's last row and column saves a third of the tests of a
	// triangle of a pixel or two).
	x0 := max(0, int(math.Ceil(min(a.X, b.X, c.X)-0.75)))
	x1 := min(W-1, int(math.Floor(max(a.X, b.X, c.X)-0.25)))
	y0 := max(0, int(math.Ceil(min(a.Y, b.Y, c.Y)-0.75)))
	y1 := min(H-1, int(math.Floor(max(a.Y, b.Y, c.Y)-0.25)))
	inv := 1 / area
	// w0 and w1 are linear in px on a row: w = k*px + m. Solving w >= 0 for
	// each of w0, w1 and w2 gives the row's span, so long thin triangles
	// (plates seen at an angle) cost their area, not their bounding box.
	// Most triangles of a machine are a few pixels wide: their rows are
	// tested whole, for the spans would cost more than they save.
	k0, k1 := -(c.Y-b.Y)*inv, -(a.Y-c.Y)*inv
	k2 := -k0 - k1
	wide := x1-x0 >= narrow
	var e0, e1, e2 edge
	if wide {
		e0, e1, e2 = newEdge(k0), newEdge(k1), newEdge(k2)
	}
	for y := y0; y <= y1; y++ {
		py := float64(y) + 0.5
		m0 := (b.X*(c.Y-py) - (b.Y-py)*c.X) * inv
		m1 := (c.X*(a.Y-py) - (c.Y-py)*a.X) * inv
		xa, xb := x0, x1
		if wide {
			lo, hi := float64(x0), float64(x1)+1
			if !e0.span(m0, &lo, &hi) || !e1.span(m1, &lo, &hi) || !e2.span(1-m0-m1, &lo, &hi) || lo > hi {
				continue
			}
			// One pixel of slack each side; the exact test below decides.
			xa = max(x0, int(math.Floor(lo))-1)
			xb = min(x1, int(math.Ceil(hi))+1)
		}
		if xa > xb {
			continue
		}
		if r := &rows[y]; xa < r.lo || xb > r.hi {
			r.lo, r.hi = min(r.lo, xa), max(r.hi, xb)
		}
		row := y * W
		for x := xa; x <= xb; x++ {
			px := float64(x) + 0.5
			w0 := k0*px + m0
			w1 := k1*px + m1
			w2 := 1 - w0 - w1
			if w0 < 0 || w1 < 0 || w2 < 0 {
				continue
			}
			z := float32(w0*a.Z + w1*b.Z + w2*c.Z)
			i := row + x
			if z > depth[i] {
				depth[i], face[i] = z, t
			}
		}
	}
}

// narrow is the bounding-box width, in pixels, under which raster tests a
// triangle's rows whole instead of working out their spans.
const narrow = 6

// edge is one barycentric weight of a triangle along a row, k*px + m, with
// the reciprocal of k worked out once per triangle: a row's span then costs
// multiplications, not divisions. The rounding that differs from dividing is
// far inside the span's pixel of slack (|k| is at least about 1e-20, so the
// reciprocal is finite, and the bounds that matter are within the image).
type edge struct {
	k, inv float64 // inv is 1/k; unused when k is 0
}

func newEdge(k float64) edge {
	e := edge{k: k}
	if k != 0 {
		e.inv = 1 / k
	}
	return e
}

// span narrows [lo, hi] to the pixels where k*(px+0.5)+m >= 0 may hold;
// false when no pixel of the row can. It is called three times a row of
// every wide triangle. Comparisons, not the builtin max and min, whose
// care for NaN and signed zeros is a chain of branches (a quarter of
// raster's time): a bound only narrows the pixels tested, and the test in
// raster decides each; a zero's sign floors alike, and a NaN bound (a NaN
// vertex, whose weights are all NaN and pass no test) leaves the span as
// it was.
func (e edge) span(m float64, lo, hi *float64) bool {
	switch {
	case e.k > 0:
		if v := -m*e.inv - 0.5; v > *lo {
			*lo = v
		}
	case e.k < 0:
		if v := -m*e.inv - 0.5; v < *hi {
			*hi = v
		}
	case m < 0:
		return false
	}
	return true
}

// edges darkens pixels on silhouettes (surface next to background or a
// jump in depth) and creases (neighbouring faces more than 30° apart).
func edges(W, H, ss int, depth []float32, face []int32, normals []mesh.Vec3, buf *frame) []bool {
	// Depth jumps bigger than this many pixels' worth of depth are edges.
	// A sample shows a triangle exactly when its depth is above the
	// background's -Inf (raster writes a depth only above the one there), so
	// the depths alone give the range. Comparisons, not the builtin min
	// and max: those order signed zeros and pass NaN on, which costs a
	// chain of branches a sample (most of edges' time), and neither
	// matters here: a depth is never NaN (raster writes one only above
	// the one there), and a zero's sign leaves the threshold below
	// compared alike.
	//
	// One pass finds the range and the pairs of neighbours, across and
	// down, that show different triangles (a few in a hundred); the
	// pairs are weighed after it, against the range. The order of the
	// pairs does not matter, for they only set marks. Beyond a row's span
	// (buf.rows) every sample is background: there are no depths, and no
	// two neighbours differ.
	background := float32(math.Inf(-1))
	zmin, zmax := float32(math.Inf(1)), background
	pairs := buf.pairs[:0]
	rows := buf.rows[:H]
	for y, r := range rows {
		at := y * W
		if r.lo <= r.hi {
			for _, d := range depth[at+r.lo : at+r.hi+1] {
				if d > background {
					if d < zmin {
						zmin = d
					}
					if d > zmax {
						zmax = d
					}
				}
			}
			// Across: the pairs with a sample of the span.
			row := face[at+max(r.lo-1, 0) : at+min(r.hi+2, W)]
			first := at + max(r.lo-1, 0)
			for x := 1; x < len(row); x++ {
				if row[x-1] != row[x] {
					pairs = append(pairs, (first+x-1)<<1) // with the one to its right
				}
			}
		}
		if y+1 == H {
			break
		}
		// Down: the pairs with a sample of either row's span.
		lo, hi := min(r.lo, rows[y+1].lo), max(r.hi, rows[y+1].hi)
		if lo > hi {
			continue
		}
		row := face[at+lo : at+hi+1]
		below := face[at+W+lo : at+W+hi+1]
		below = below[:len(row)]
		for x, f := range row {
			if below[x] != f {
				pairs = append(pairs, (at+lo+x)<<1|1) // with the one below
			}
		}
	}
	buf.pairs = pairs
	jump := (zmax - zmin) * 0.02
	mark := bools(&buf.mark, W*H)
	// Each pair marks the nearer of its samples i and j (so that lines
	// sit on the part) unless both show faces within the jump in depth
	// and less than 30° apart.
	for _, p := range pairs {
		i := p >> 1
		j := i + 1
		if p&1 == 1 {
			j = i + W
		}
		fi, fj := face[i], face[j]
		d := depth[i] - depth[j]
		if d < 0 {
			d = -d
		}
		if fi >= 0 && fj >= 0 && d <= jump && normals[fi].Dot(normals[fj]) >= creaseCos {
			continue
		}
		if fj < 0 || (fi >= 0 && depth[i] >= depth[j]) {
			mark[i] = true
		} else {
			mark[j] = true
		}
	}
	// Lines about one output pixel wide at high supersampling.
	r := max(0, ss/2-1)
	if r == 0 {
		return mark
	}
	wide := bools(&buf.wide, W*H)
	for y := 0; y < H; y++ {
		for x := 0; x < W; x++ {
			if !mark[y*W+x] {
				continue
			}
			for dy := -r; dy <= r; dy++ {
				for dx := -r; dx <= r; dx++ {
					xx, yy := x+dx, y+dy
					if xx >= 0 && yy >= 0 && xx < W && yy < H {
						wide[yy*W+xx] = true
					}
				}
			}
		}
	}
	return wide
}

// edgeInk is the colour of edge lines.
var edgeInk = [3]float32{40, 48, 64}
