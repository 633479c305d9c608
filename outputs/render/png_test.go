package render

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/geometry/mesh"
	"github.com/fabkit/fabkit/internal/tooltest"
)

// pngCases are the images the PNG tests encode: rendered views (runs of
// equal pixels), noise (no runs), images that mix both at every row width
// modulo 8, a sub-image, images WritePNG leaves to image/png (not opaque,
// not RGBA), more than 256 colours in runs and exactly 256, and paletted
// images of every bit depth and row widths modulo 8.
func pngCases() []image.Image {
	rng := rand.New(rand.NewPCG(1, 2))
	var imgs []image.Image
	for _, o := range []Options{{Width: 480, Height: 360, Supersample: 1}, {Width: 97, Height: 61}, {Width: 33, Height: 20, NoEdges: true}} {
		imgs = append(imgs, Render(cube(10), o), Render(sphere(12, 24), o))
	}
	for w := 1; w <= 19; w++ {
		imgs = append(imgs, patchy(rng, w, 7, 0.0), patchy(rng, w, 7, 0.5), patchy(rng, w, 7, 1))
	}
	imgs = append(imgs, patchy(rng, 300, 200, 0.02), patchy(rng, 300, 200, 0.3))
	sub := patchy(rng, 40, 30, 0.2).SubImage(image.Rect(3, 5, 29, 27))
	imgs = append(imgs, sub)
	clear := patchy(rng, 20, 20, 0.5)
	clear.Pix[3] = 0x80
	clearFirst := patchy(rng, 20, 20, 0)
	clearFirst.Pix[0], clearFirst.Pix[1], clearFirst.Pix[2], clearFirst.Pix[3] = 0, 0, 0, 0
	imgs = append(imgs, clear, clearFirst, image.NewGray(image.Rect(0, 0, 5, 5)))
	// More than 256 colours in runs, and exactly 256.
	for _, n := range []int{256, 257, 300} {
		img := image.NewRGBA(image.Rect(0, 0, 61, 50))
		for i := 0; i < len(img.Pix); i += 4 {
			c := (i / 4 / 7) % n
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = uint8(c), uint8(c>>8), 0x40, 0xff
		}
		imgs = append(imgs, img)
	}
	// Paletted, of every bit depth and row widths modulo 8.
	for _, n := range []int{1, 2, 3, 4, 5, 16, 17, 256} {
		for _, w := range []int{1, 3, 7, 8, 13} {
			pal := make(color.Palette, n)
			for i := range pal {
				pal[i] = color.RGBA{uint8(i), uint8(255 - i), uint8(i * 7), 0xff}
			}
			img := image.NewPaletted(image.Rect(0, 0, w, 9), pal)
			for i := range img.Pix {
				img.Pix[i] = uint8(rng.IntN(n))
			}
			imgs = append(imgs, img)
		}
	}
	return imgs
}

// TestWritePNGAsImagePNG checks that WritePNG gives image/png's bytes at
// png.BestSpeed (of the image.Paletted of its colours in order of first
// appearance, for an opaque RGBA image of at most 256): on rendered views
// (runs of equal pixels), on noise (no runs), on images that mix both at
// every row width modulo 8, on a sub-image, on paletted images of every
// bit depth, and on images it leaves to image/png (not opaque, not RGBA).
func TestWritePNGAsImagePNG(t *testing.T) {
	imgs := pngCases()
	for k, img := range imgs {
		var want, got bytes.Buffer
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		ref := img
		if rgba, ok := img.(*image.RGBA); ok {
			if p := firstAppearance(rgba); p != nil {
				ref = p
			}
		}
		if err := enc.Encode(&want, ref); err != nil {
			t.Fatal(err)
		}
		if err := WritePNG(&got, img); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("image %d (%v): %d bytes, image/png gives %d different ones", k, img.Bounds(), got.Len(), want.Len())
		}
	}
	if err := WritePNG(&bytes.Buffer{}, image.NewRGBA(image.Rect(0, 0, 0, 3))); err == nil {
		t.Error("an empty image encoded without error")
	}
}

// firstAppearance is the image.Paletted of an opaque image's colours in
// order of first appearance, or nil when it is not opaque or has more
// than 256 colours.
func firstAppearance(img *image.RGBA) *image.Paletted {
	b := img.Bounds()
	p := image.NewPaletted(b, nil)
	index := map[color.RGBA]uint8{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := img.RGBAAt(x, y)
			if c.A != 0xff {
				return nil
			}
			i, ok := index[c]
			if !ok {
				if len(p.Palette) == 256 {
					return nil
				}
				i = uint8(len(p.Palette))
				index[c] = i
				p.Palette = append(p.Palette, c)
			}
			p.SetColorIndex(x, y, i)
		}
	}
	return p
}

// patchy is an opaque image of flat patches from a few colours, with a
// fraction noise of its pixels random.
func patchy(rng *rand.Rand, w, h int, noise float64) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	palette := []color.RGBA{{0xff, 0xff, 0xff, 0xff}, {0, 0, 0, 0xff}, {0x8c, 0xa6, 0xc8, 0xff}, {0x28, 0x30, 0x40, 0xff}, {0x80, 0x7f, 0x81, 0xff}}
	c := palette[0]
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if rng.IntN(9) == 0 {
				c = palette[rng.IntN(len(palette))]
			}
			p := c
			if rng.Float64() < noise {
				p = color.RGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), 0xff}
			}
			if y > 0 && rng.IntN(3) == 0 {
				p = img.RGBAAt(x, y-1)
			}
			img.SetRGBA(x, y, p)
		}
	}
	return img
}

// BenchmarkWritePNG encodes a part view as the sheets stage does.
func BenchmarkWritePNG(b *testing.B) {
	img := Render(sphere(40, 80), Options{Width: 480, Height: 360, Supersample: 1})
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WritePNG(&buf, img); err != nil {
			b.Fatal(err)
		}
	}
}

// TestView: View gives Render's pixels, as an *image.Paletted of the
// colours in order of first appearance when it renders one sample a
// pixel and there are at most 256, else as Render's *image.RGBA; WritePNG
// gives both the same bytes.
func TestView(t *testing.T) {
	s := sphere(40, 80)
	many := make([]color.RGBA, len(s.Triangles)) // a colour a triangle: more than 256
	for i := range many {
		many[i] = color.RGBA{uint8(i), uint8(i >> 8), 0x80, 0xff}
	}
	few := make([]color.RGBA, len(s.Triangles)) // black and white: two colours, shaded
	for i := range few {
		few[i] = color.RGBA{0xff, 0xff, 0xff, 0xff}
		if i%2 == 0 {
			few[i] = color.RGBA{0, 0, 0, 0xff}
		}
	}
	for k, c := range []struct {
		m       *mesh.Mesh
		opt     Options
		palette bool
	}{
		{cube(10), Options{Width: 200, Height: 150, Supersample: 1}, true},
		{cube(10), Options{Width: 200, Height: 150, Supersample: 1, NoEdges: true, Closed: true}, true},
		{sphere(8, 16), Options{Width: 480, Height: 360, Supersample: 1}, true},
		{s, Options{Width: 480, Height: 360, Supersample: 1}, false}, // a shade a facet: more than 256
		{s, Options{Width: 480, Height: 360, Supersample: 1, Colors: few, NoEdges: true}, true},
		{s, Options{Width: 480, Height: 360, Supersample: 1, Colors: many}, false},
		{s, Options{Width: 97, Height: 61}, false}, // 2x supersampled
		{nil, Options{Width: 20, Height: 10, Supersample: 1}, true},
	} {
		want := Render(c.m, c.opt)
		got := View(c.m, c.opt)
		p, ok := got.(*image.Paletted)
		if ok != c.palette {
			t.Errorf("view %d: paletted %v, want %v", k, ok, c.palette)
		}
		if ok {
			if ref := firstAppearance(want); ref == nil || !slices.Equal(p.Pix, ref.Pix) || !slices.Equal(p.Palette, ref.Palette) || p.Rect != ref.Rect {
				t.Errorf("view %d: not Render's colours in order of first appearance", k)
			}
		} else if rgba, _ := got.(*image.RGBA); rgba == nil || !slices.Equal(rgba.Pix, want.Pix) {
			t.Errorf("view %d: not Render's pixels", k)
		}
		if !samePNG(t, want, got) {
			t.Errorf("view %d: WritePNG gives View and Render different bytes", k)
		}
	}
}

// TestSceneView: Scene.View gives Image's pixels: paletted at most 256
// colours, else an *RGB (its rows before the 257th colour taken from the
// paletted attempt), 2x supersampled an *image.RGBA; WritePNG gives an
// *RGB the bytes of the RGBA image of its pixels.
func TestSceneView(t *testing.T) {
	s := sphere(40, 80)
	many := make([]color.RGBA, len(s.Triangles))
	for i := range many {
		many[i] = color.RGBA{uint8(i), uint8(i >> 8), 0x80, 0xff}
	}
	late := make([]color.RGBA, len(s.Triangles)) // the 257th colour far down the picture
	for i := range late {
		late[i] = color.RGBA{0x20, 0x40, 0x80, 0xff}
		if i > len(late)*45/100 && i < len(late)*60/100 { // about the equator, seen
			late[i] = color.RGBA{uint8(i), uint8(i >> 8), 0x80, 0xff}
		}
	}
	for k, c := range []struct {
		opt    Options
		colors []color.RGBA
		want   string
	}{
		{Options{Width: 480, Height: 360, Supersample: 1}, nil, "*render.RGB"},
		{Options{Width: 480, Height: 360, Supersample: 1, Closed: true}, many, "*render.RGB"},
		{Options{Width: 480, Height: 360, Supersample: 1, NoEdges: true}, late, "*render.RGB"},
		{Options{Width: 200, Height: 150, Supersample: 1, NoEdges: true, Color: color.Black}, nil, "*image.Paletted"},
		{Options{Width: 90, Height: 70}, nil, "*image.RGBA"},
	} {
		sc := NewScene(s, c.opt)
		want := sc.Image(c.colors)
		got := sc.View(c.colors)
		sc.Release()
		if typ := fmt.Sprintf("%T", got); typ != c.want {
			t.Errorf("view %d: %s, want %s", k, typ, c.want)
		}
		var rgba *image.RGBA
		switch g := got.(type) {
		case *RGB:
			rgba = g.RGBA()
		case *image.Paletted:
			rgba = image.NewRGBA(g.Rect)
			for y := 0; y < g.Rect.Dy(); y++ {
				for x := 0; x < g.Rect.Dx(); x++ {
					rgba.Set(x, y, g.At(x, y))
				}
			}
		case *image.RGBA:
			rgba = g
		}
		if rgba == nil || !slices.Equal(rgba.Pix, want.Pix) {
			t.Errorf("view %d: not Image's pixels", k)
			continue
		}
		if !samePNG(t, want, got) {
			t.Errorf("view %d: WritePNG gives it other bytes than Image's", k)
		}
	}
}

// samePNG reports whether WritePNG gives a and b the same bytes.
func samePNG(t *testing.T, a, b image.Image) bool {
	t.Helper()
	var x, y bytes.Buffer
	if err := WritePNG(&x, a); err != nil {
		t.Fatal(err)
	}
	if err := WritePNG(&y, b); err != nil {
		t.Fatal(err)
	}
	return bytes.Equal(x.Bytes(), y.Bytes())
}

// TestWritePNGIndependentReader decodes what WritePNG writes with a reader
// that shares no code with Go's image/png (testdata/pngpixels.py: zlib, the
// chunks' CRCs, the five filters, palettes at every bit depth) and checks
// that it gives the source image's pixels.
func TestWritePNGIndependentReader(t *testing.T) {
	python := tooltest.Need(t, "python3")
	dir := t.TempDir()
	var files, want []string
	for k, img := range pngCases() {
		var buf bytes.Buffer
		if err := WritePNG(&buf, img); err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(dir, fmt.Sprintf("%03d.png", k))
		if err := os.WriteFile(f, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		b := img.Bounds()
		h := sha256.New()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
				h.Write([]byte{c.R, c.G, c.B, c.A})
			}
		}
		files = append(files, f)
		want = append(want, fmt.Sprintf("%d %d %x", b.Dx(), b.Dy(), h.Sum(nil)))
	}
	// Read here (not by python3 from its path) so that go test's cache
	// sees the script change.
	script, err := os.ReadFile("testdata/pngpixels.py")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, append([]string{"-"}, files...)...)
	cmd.Stdin = bytes.NewReader(script)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("pngpixels.py: %v\n%s", err, out)
	}
	got := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(got) != len(want) {
		t.Fatalf("%d lines from pngpixels.py for %d images:\n%s", len(got), len(want), out)
	}
	for k := range want {
		if got[k] != want[k] {
			t.Errorf("image %d (%T): independent reader %q, source %q", k, pngCases()[k], got[k], want[k])
		}
	}
}
