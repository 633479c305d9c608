package render

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"testing"
)

// TestWritePNGAsImagePNG checks that WritePNG gives image/png's bytes at
// png.BestSpeed: on rendered views (runs of equal pixels), on noise (no
// runs), on images that mix both at every row width modulo 8, on a
// sub-image, and on images it leaves to image/png (not opaque, not RGBA).
func TestWritePNGAsImagePNG(t *testing.T) {
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
	imgs = append(imgs, clear, image.NewGray(image.Rect(0, 0, 5, 5)))
	for k, img := range imgs {
		var want, got bytes.Buffer
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		if err := enc.Encode(&want, img); err != nil {
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
