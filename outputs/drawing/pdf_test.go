package drawing

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tdewolff/canvas"

	"github.com/fabkit/fabkit/internal/tooltest"
)

// TestPDFImages: the images a PDF embeds are the pixels drawn, an opaque
// image drawn twice is embedded once, a sub-image is its own pixels, and
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
	glass := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range glass.Pix {
		glass.Pix[i] = 0x80
	}
	c := canvas.New(100, 100)
	ctx := canvas.NewContext(c)
	ctx.DrawImage(5, 5, opaque, canvas.DPMM(1))
	ctx.DrawImage(50, 5, opaque, canvas.DPMM(2))
	ctx.DrawImage(5, 50, sub, canvas.DPMM(1))
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
	// One image object a picture: the opaque one, its sub-image, the
	// translucent one and its mask.
	if n := bytes.Count(a.Bytes(), []byte("/Subtype/Image")); n != 4 {
		t.Errorf("%d image objects, want 4", n)
	}
	// Each drawing of a picture: the opaque one twice, its sub-image, the
	// translucent one and its mask.
	if len(files) != 5 {
		t.Fatalf("pdfimages wrote %d images, want 5: %v", len(files), files)
	}
	files = slices.Delete(files, 1, 2)
	for i, want := range []*image.RGBA{opaque, sub} {
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
