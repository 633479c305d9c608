package render

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"slices"
	"sync"
	"testing"

	"github.com/fabkit/fabkit/geometry/mesh"
)

// cube returns an axis-aligned cube of side s with outward triangles.
func cube(s float64) *mesh.Mesh {
	m := &mesh.Mesh{}
	for i := 0; i < 8; i++ {
		m.Vertices = append(m.Vertices, mesh.Vec3{X: s * float64(i&1), Y: s * float64(i>>1&1), Z: s * float64(i>>2&1)})
	}
	quads := [][4]int32{{0, 2, 3, 1}, {4, 5, 7, 6}, {0, 1, 5, 4}, {2, 6, 7, 3}, {0, 4, 6, 2}, {1, 3, 7, 5}}
	for _, q := range quads {
		m.Triangles = append(m.Triangles, [3]int32{q[0], q[1], q[2]}, [3]int32{q[0], q[2], q[3]})
	}
	return m
}

func colours(img *image.RGBA) map[color.RGBA]int {
	n := map[color.RGBA]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			n[img.RGBAAt(x, y)]++
		}
	}
	return n
}

// TestCube checks the silhouette of an isometric cube (a regular hexagon:
// 3/4 of its bounding box) and that its three visible faces have three
// different shades.
func TestCube(t *testing.T) {
	img := Render(cube(10), Options{Width: 200, Height: 200, Supersample: 1, NoEdges: true})
	n := colours(img)
	white := color.RGBA{0xff, 0xff, 0xff, 0xff}
	var faces []int
	fg := 0
	for c, k := range n {
		if c == white {
			continue
		}
		fg += k
		if k > 500 {
			faces = append(faces, k)
		}
	}
	if len(faces) != 3 {
		t.Errorf("%d large shaded regions, want 3 visible faces: %v", len(faces), n)
	}
	// The hexagon is 2R tall (fitted to 180 px) and sqrt(3)R wide.
	h := 180.0
	want := 0.75 * h * h * math.Sqrt(3) / 2
	if math.Abs(float64(fg)-want)/want > 0.015 {
		t.Errorf("silhouette %d px, want %.0f", fg, want)
	}
	// The faces are about equal in area in an isometric view.
	for _, f := range faces {
		if math.Abs(float64(f)-want/3)/(want/3) > 0.05 {
			t.Errorf("face of %d px, want about %.0f", f, want/3)
		}
	}
	// With edges the picture gains dark lines.
	edged := Render(cube(10), Options{Width: 200, Height: 200, Supersample: 2})
	dark := 0
	for c, k := range colours(edged) {
		if c.R < 90 && c.G < 90 {
			dark += k
		}
	}
	if dark < 300 {
		t.Errorf("%d dark edge pixels", dark)
	}
}

// TestDeterministic renders twice and compares the PNG bytes.
func TestDeterministic(t *testing.T) {
	m := sphere(40, 60)
	var a, b bytes.Buffer
	if err := WritePNG(&a, Render(m, Options{})); err != nil {
		t.Fatal(err)
	}
	if err := WritePNG(&b, Render(m, Options{})); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two renders of the same mesh differ")
	}
	if blank := Render(nil, Options{Width: 10, Height: 10}); blank.RGBAAt(5, 5) != (color.RGBA{0xff, 0xff, 0xff, 0xff}) {
		t.Error("a nil mesh does not give a blank image")
	}
}

// sphere is a UV sphere with 2*rings*segs triangles.
func sphere(rings, segs int) *mesh.Mesh {
	m := &mesh.Mesh{}
	for i := 0; i <= rings; i++ {
		th := math.Pi * float64(i) / float64(rings)
		for j := 0; j < segs; j++ {
			ph := 2 * math.Pi * float64(j) / float64(segs)
			m.Vertices = append(m.Vertices, mesh.Vec3{X: math.Sin(th) * math.Cos(ph), Y: math.Sin(th) * math.Sin(ph), Z: math.Cos(th)})
		}
	}
	for i := 0; i < rings; i++ {
		for j := 0; j < segs; j++ {
			a := int32(i*segs + j)
			b := int32(i*segs + (j+1)%segs)
			c, d := a+int32(segs), b+int32(segs)
			m.Triangles = append(m.Triangles, [3]int32{a, c, b}, [3]int32{b, c, d})
		}
	}
	return m
}

// BenchmarkRender100k renders 100k triangles at the default size (a speed
// target is a benchmark, never a timed assertion, which fails on a busy
// machine).
func BenchmarkRender100k(b *testing.B) {
	m := sphere(250, 200)
	for b.Loop() {
		Render(m, Options{})
	}
	b.ReportMetric(float64(len(m.Triangles)), "triangles")
}

// TestSceneAdd: a scene of a mesh with more triangles added inside the
// picture (a sphere on the cube's near edge) gives the pixels of a scene of the whole mesh; a mesh that
// grows the picture or does not begin with the scene's mesh is refused.
func TestSceneAdd(t *testing.T) {
	opt := Options{Width: 160, Height: 120, Supersample: 2}
	base := cube(10)
	inside := base.Clone()
	inside.Append(placed(sphere(8, 12), mesh.Vec3{X: 10, Z: 5}, 2))
	s := NewScene(base, opt)
	defer s.Release()
	if !s.Add(inside) {
		t.Fatal("Add refused a sphere inside the cube's picture")
	}
	want := Render(inside, opt)
	if bytes.Equal(want.Pix, Render(base, opt).Pix) {
		t.Fatal("the sphere does not show")
	}
	if got := s.Image(nil); !bytes.Equal(got.Pix, want.Pix) {
		t.Error("the scene with the sphere added differs from a scene of the whole mesh")
	}
	outside := inside.Clone()
	outside.Append(placed(cube(1), mesh.Vec3{X: 30}, 1))
	if s.Add(outside) {
		t.Error("Add took a cube outside the picture")
	}
	if s.Add(sphere(8, 12)) {
		t.Error("Add took a mesh that does not begin with the scene's")
	}
	if got := s.Image(nil); !bytes.Equal(got.Pix, want.Pix) {
		t.Error("a refused Add changed the scene")
	}
}

// placed is m scaled by k and moved by d.
func placed(m *mesh.Mesh, d mesh.Vec3, k float64) *mesh.Mesh {
	out := m.Clone()
	for i, v := range out.Vertices {
		out.Vertices[i] = v.Scale(k).Add(d)
	}
	return out
}

// TestClosed: leaving out the triangles facing away gives a closed
// machine's pixels (two spheres in front of a cube, the front one cutting
// into the cube), and leaves out a lone triangle facing away.
func TestClosed(t *testing.T) {
	m := cube(10)
	m.Append(placed(sphere(16, 24), mesh.Vec3{X: 10, Y: 0, Z: 5}, 3))
	m.Append(placed(sphere(16, 24), mesh.Vec3{X: 5, Y: -8, Z: 8}, 2))
	for _, ss := range []int{1, 2} {
		opt := Options{Width: 240, Height: 180, Supersample: ss}
		want := Render(m, opt)
		opt.Closed = true
		if got := Render(m, opt); !bytes.Equal(got.Pix, want.Pix) {
			t.Errorf("supersample %d: the closed mesh's pixels differ", ss)
		}
	}
	// One triangle, facing away from the default view (1, -1, 1).
	away := &mesh.Mesh{Vertices: []mesh.Vec3{{X: 1}, {Y: 1}, {X: 1, Y: 1, Z: 1}}, Triangles: [][3]int32{{0, 1, 2}}}
	if away.Normal(0).Dot(mesh.Vec3{X: 1, Y: -1, Z: 1}) >= 0 {
		t.Fatal("the triangle faces the camera")
	}
	opt := Options{Width: 80, Height: 60}
	if bytes.Equal(Render(away, opt).Pix, Render(nil, opt).Pix) {
		t.Fatal("the triangle does not show two-sided")
	}
	opt.Closed = true
	if !bytes.Equal(Render(away, opt).Pix, Render(nil, opt).Pix) {
		t.Error("a triangle facing away shows with Closed")
	}
}

// TestRowSpans: the spans of rows raster keeps (beyond them every sample
// is background) change no pixel: a scene whose spans are widened to
// whole rows, its edges worked out again, shades to the same images, at
// every supersampling (4 widens the edge lines), with and without edges.
func TestRowSpans(t *testing.T) {
	s := sphere(12, 24)
	for _, m := range []*mesh.Mesh{cube(10), s} {
		for _, opt := range []Options{
			{Width: 120, Height: 90, Supersample: 1},
			{Width: 120, Height: 90, Supersample: 1, Closed: true, Margin: 0.3},
			{Width: 61, Height: 47, Supersample: 2},
			{Width: 61, Height: 47, Supersample: 3, Margin: 0.2},
			{Width: 61, Height: 47, Supersample: 4, Margin: 0.01},
			{Width: 61, Height: 47, Supersample: 4, NoEdges: true},
		} {
			a := NewScene(m, opt)
			b := NewScene(m, opt)
			W := b.o.Width * b.o.Supersample
			for i := range b.buf.rows {
				b.buf.rows[i] = span{0, W - 1}
			}
			if !b.o.NoEdges {
				b.mark = edges(W, b.o.Height*b.o.Supersample, b.o.Supersample, b.buf.depth, b.buf.face, b.normals, b.buf)
			}
			if !slices.Equal(a.Image(nil).Pix, b.Image(nil).Pix) {
				t.Errorf("%v: the spans change the image", opt)
			}
			pa, pb := a.Paletted(nil), b.Paletted(nil)
			if (pa == nil) != (pb == nil) || pa != nil && (!slices.Equal(pa.Pix, pb.Pix) || !slices.Equal(pa.Palette, pb.Palette)) {
				t.Errorf("%v: the spans change the paletted image", opt)
			}
			a.Release()
			b.Release()
		}
	}
}

// TestFrameReuse: a frame used before at the same size, which reset
// clears only within its rows' spans, renders as a new one does.
func TestFrameReuse(t *testing.T) {
	type view struct {
		m   *mesh.Mesh
		opt Options
	}
	big, small := Options{Width: 90, Height: 70, Supersample: 1}, Options{Width: 90, Height: 70, Supersample: 1, Margin: 0.4}
	views := []view{{sphere(12, 24), big}, {cube(10), small}, {sphere(6, 12), small}, {cube(3), big}, {sphere(12, 24), Options{Width: 45, Height: 35}}, {cube(10), small}}
	saved := buffers
	defer func() { buffers = saved }()
	var want [][]byte
	for _, v := range views {
		buffers = &sync.Pool{New: func() any { return &frame{} }} // a new frame
		want = append(want, Render(v.m, v.opt).Pix)
	}
	one := &frame{}
	buffers = &sync.Pool{New: func() any { return one }} // always the same frame
	for i, v := range views {
		if got := Render(v.m, v.opt).Pix; !slices.Equal(got, want[i]) {
			t.Errorf("view %d: a used frame renders other pixels", i)
		}
	}
}

// TestNewSceneAfter: a scene made after one of a mesh that the new mesh
// begins with (its shades and camera-frame vertices taken from it) is the
// scene NewScene makes, at another fit, with and without Closed; one made
// after an unrelated scene, or one of other options, too.
func TestNewSceneAfter(t *testing.T) {
	a := sphere(10, 20)
	b := a.Clone()
	b.Append(cube(3)) // beyond a's extent: another fit
	far := cube(2)
	for _, opt := range []Options{{Width: 120, Height: 90, Supersample: 1}, {Width: 120, Height: 90, Supersample: 1, Closed: true}, {Width: 61, Height: 47}} {
		for k, c := range []struct {
			prev *mesh.Mesh
			popt Options
		}{{a, opt}, {far, opt}, {a, Options{Width: 30, Height: 20, View: mesh.Vec3{X: 1, Y: 1, Z: 1}}}, {a, Options{Width: 30, Height: 20, Closed: !opt.Closed}}} {
			prev := NewScene(c.prev, c.popt)
			prev.Release()
			got := NewSceneAfter(prev, b, opt)
			want := NewScene(b, opt)
			if !slices.Equal(got.Image(nil).Pix, want.Image(nil).Pix) || !slices.Equal(got.light, want.light) || !slices.Equal(got.normals, want.normals) {
				t.Errorf("%v, case %d: not NewScene's scene", opt, k)
			}
			got.Release()
			want.Release()
		}
	}
}
