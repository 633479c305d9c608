package drawing

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tdewolff/canvas"

	"github.com/fabkit/fabkit/internal/tooltest"
	"github.com/fabkit/fabkit/outputs/render"
)

// TestPDFImages: the images a PDF embeds are the pixels drawn (with a
// palette or as RGB), an opaque image drawn twice is embedded once, a
// sub-image is its own pixels, and
// a translucent image keeps its mask (poppler's pdfimages reads them
// back).
func TestPDFImages(t *testing.T) {
	pdfimages := tooltest.Need(t, "pdfimages")
	opaque := image.NewRGBA(image.Rect(0, 0, 37, 23))
	for i := range opaque.Pix {
		opaque.Pix[i] = uint8(i * 37)
		if i%4 == 3 {
			opaque.Pix[i] = 0xff
		}
	}
	sub := opaque.SubImage(image.Rect(5, 3, 30, 20)).(*image.RGBA)
	// opaque has 64 colours and is embedded with a palette; many has 400
	// and is embedded as RGB.
	many := image.NewRGBA(image.Rect(0, 0, 20, 20))
	for y := 0; y < 20; y++ {
		for x := 0; x < 20; x++ {
			many.Set(x, y, color.RGBA{uint8(12 * x), uint8(12 * y), uint8(x + y), 0xff})
		}
	}
	glass := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range glass.Pix {
		glass.Pix[i] = 0x80
	}
	c := canvas.New(100, 100)
	ctx := canvas.NewContext(c)
	ctx.DrawImage(5, 5, opaque, canvas.DPMM(1))
	ctx.DrawImage(50, 5, opaque, canvas.DPMM(2))
	ctx.DrawImage(5, 50, sub, canvas.DPMM(1))
	ctx.DrawImage(30, 50, many, canvas.DPMM(1))
	ctx.DrawImage(50, 50, glass, canvas.DPMM(1))
	var a, b bytes.Buffer
	if err := WritePDFPages(&a, []*canvas.Canvas{c}, PDFInfo{}); err != nil {
		t.Fatal(err)
	}
	if err := WritePDFPages(&b, []*canvas.Canvas{c}, PDFInfo{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes of one page differ")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "images.pdf")
	if err := os.WriteFile(path, a.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(pdfimages, "-png", path, filepath.Join(dir, "img")).CombinedOutput(); err != nil {
		t.Fatalf("pdfimages: %v\n%s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "img-*.png"))
	slices.Sort(files)
	// One image object a picture: the opaque one, its sub-image, the one
	// of many colours, the translucent one and its mask.
	if n := bytes.Count(a.Bytes(), []byte("/Subtype/Image")); n != 5 {
		t.Errorf("%d image objects, want 5", n)
	}
	if n := bytes.Count(a.Bytes(), []byte("/ColorSpace[/Indexed/DeviceRGB 63<")); n != 2 {
		t.Errorf("%d images with a palette of 64 colours, want 2", n)
	}
	// Each drawing of a picture: the opaque one twice, its sub-image, the
	// one of many colours, the translucent one and its mask.
	if len(files) != 6 {
		t.Fatalf("pdfimages wrote %d images, want 6: %v", len(files), files)
	}
	files = slices.Delete(files, 1, 2)
	for i, want := range []*image.RGBA{opaque, sub, many} {
		got := readPNG(t, files[i])
		if got.Bounds().Size() != want.Rect.Size() {
			t.Fatalf("image %d is %v, want %v", i, got.Bounds().Size(), want.Rect.Size())
		}
		for y := 0; y < want.Rect.Dy(); y++ {
			for x := 0; x < want.Rect.Dx(); x++ {
				r, g, b, _ := got.At(got.Bounds().Min.X+x, got.Bounds().Min.Y+y).RGBA()
				w := want.RGBAAt(want.Rect.Min.X+x, want.Rect.Min.Y+y)
				if uint8(r>>8) != w.R || uint8(g>>8) != w.G || uint8(b>>8) != w.B {
					t.Fatalf("image %d at (%d, %d): %d %d %d, want %v", i, x, y, r>>8, g>>8, b>>8, w)
				}
			}
		}
	}
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// TestPDFPalettedAsRGBA: a paletted image of opaque colours, its palette
// in any order, with repeated or unused entries, or a sub-image, gives the
// PDF bytes of the RGBA image of its pixels; one with a translucent pixel
// is drawn as the renderer draws it.
func TestPDFPalettedAsRGBA(t *testing.T) {
	pal := color.Palette{color.RGBA{0xff, 0, 0, 0xff}, color.RGBA{0, 0xff, 0, 0xff}, color.RGBA{0xff, 0, 0, 0xff}, color.RGBA{0, 0, 0xff, 0xff}, color.RGBA{1, 2, 3, 0xff}}
	p := image.NewPaletted(image.Rect(0, 0, 31, 17), pal)
	for i := range p.Pix {
		p.Pix[i] = uint8((i / 5 * 7) % 4) // entry 4 unused; 0 and 2 the same colour
	}
	sub := p.SubImage(image.Rect(3, 2, 20, 15)).(*image.Paletted)
	many := image.NewPaletted(image.Rect(0, 0, 20, 20), nil)
	for i := range 256 {
		many.Palette = append(many.Palette, color.RGBA{uint8(i), uint8(255 - i), 9, 0xff})
	}
	for i := range many.Pix {
		many.Pix[i] = uint8(255 - i%256)
	}
	page := func(imgs ...image.Image) []byte {
		c := canvas.New(100, 100)
		ctx := canvas.NewContext(c)
		for i, img := range imgs {
			ctx.DrawImage(5+float64(i)*30, 5, img, canvas.DPMM(1))
		}
		var b bytes.Buffer
		if err := WritePDFPages(&b, []*canvas.Canvas{c}, PDFInfo{}); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	rgba := func(img image.Image) *image.RGBA {
		b := img.Bounds()
		out := image.NewRGBA(b)
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				out.Set(x, y, img.At(x, y))
			}
		}
		return out
	}
	// In order: the palette's colours first used one after the other, as
	// a rendered view's are.
	ordered := image.NewPaletted(image.Rect(0, 0, 9, 7), color.Palette{color.RGBA{9, 9, 9, 0xff}, color.RGBA{0xff, 0, 0, 0xff}, color.RGBA{0, 0, 0xff, 0xff}})
	for i := range ordered.Pix {
		ordered.Pix[i] = uint8(min(i/20, 2))
	}
	for i, img := range []image.Image{p, sub, many, ordered} {
		if !bytes.Equal(page(img), page(rgba(img))) {
			t.Errorf("paletted image %d gives other bytes than the RGBA image of its pixels", i)
		}
	}
	if pr := rgba(p); !bytes.Equal(page(p, sub, many, p), page(pr, rgba(sub), rgba(many), pr)) {
		t.Error("paletted images give other bytes than the RGBA images of their pixels")
	}
	glass := image.NewPaletted(image.Rect(0, 0, 4, 4), color.Palette{color.RGBA{0x80, 0x80, 0x80, 0x80}})
	if bytes.Contains(page(glass), []byte("/Indexed")) {
		t.Error("a translucent paletted image was embedded through its palette")
	}
}

// TestPDFStreamsAsRenderer: WritePDFPages, which has the renderer write
// its streams plain and compresses them itself, gives the bytes of the
// renderer compressing them (dates fixed alike), on pages of text, paths
// and a page of another size.
func TestPDFStreamsAsRenderer(t *testing.T) {
	face, err := Face(9, false)
	if err != nil {
		t.Fatal(err)
	}
	bold, err := Face(12, true)
	if err != nil {
		t.Fatal(err)
	}
	var pages []*canvas.Canvas
	for i, size := range [][2]float64{{210, 297}, {297, 210}, {100, 50}} {
		c := canvas.New(size[0], size[1])
		ctx := canvas.NewContext(c)
		ctx.DrawText(10, 20, TextLine(face, "Plate p1 (6 mm), 3 holes: /Subtype/OpenType stream endstream", canvas.Left))
		ctx.DrawText(10, 30, TextLine(bold, "xref\n0 3 startxref", canvas.Left))
		ctx.SetStrokeColor(canvas.Black)
		ctx.SetStrokeWidth(0.3)
		ctx.DrawPath(5, 5, canvas.Circle(float64(4+i)))
		ctx.DrawPath(40, 5, canvas.Rectangle(20, 10))
		pages = append(pages, c)
	}
	var got bytes.Buffer
	info := PDFInfo{Title: "t", Subject: "s"}
	if err := WritePDFPages(&got, pages, info); err != nil {
		t.Fatal(err)
	}
	// The renderer compressing its streams.
	var buf bytes.Buffer
	r := newRenderer(&buf, pages, info, true)
	for i, c := range pages {
		if i > 0 {
			r.NewPage(c.W, c.H)
		}
		c.RenderTo(r)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	want, err := fixDate(buf.Bytes(), nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("%d bytes, the renderer compressing gives %d different ones", got.Len(), len(want))
	}
	if n := bytes.Count(want, []byte("/Filter/FlateDecode/Length")); n < 3 {
		t.Errorf("%d compressed streams, want one a page at least", n)
	}
}

// TestPDFRGB: a render.RGB (a view of more than 256 colours) gives the
// PDF bytes of the RGBA image of its pixels.
func TestPDFRGB(t *testing.T) {
	img := &render.RGB{Pix: make([]byte, 3*40*30), Stride: 3 * 40, Rect: image.Rect(0, 0, 40, 30)}
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 13 / 7)
	}
	page := func(img image.Image) []byte {
		c := canvas.New(100, 100)
		canvas.NewContext(c).DrawImage(5, 5, img, canvas.DPMM(1))
		var b bytes.Buffer
		if err := WritePDFPages(&b, []*canvas.Canvas{c}, PDFInfo{}); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	got, want := page(img), page(img.RGBA())
	if !bytes.Equal(got, want) || !bytes.Contains(got, []byte("/ColorSpace/DeviceRGB")) {
		t.Error("an RGB view gives other bytes than the RGBA image of its pixels")
	}
}
