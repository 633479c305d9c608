package packet

import (
	"image"
	"image/color"
)

// pixels is an RGBA image whose At returns a pointer to the pixel, so the
// PDF writer, which reads an embedded image one At call at a time, does
// not allocate a color.Color per pixel (a dozen megapixel views a packet
// made that a tenth of its writing time). Its colours are the image's.
type pixels struct {
	rect image.Rectangle
	px   []color.RGBA // row by row
}

// pdfImage returns img for embedding in a PDF: a pixels copy of an
// *image.RGBA, anything else as it is.
func pdfImage(img image.Image) image.Image {
	rgba, ok := img.(*image.RGBA)
	if !ok {
		return img
	}
	r := rgba.Rect
	p := &pixels{rect: r, px: make([]color.RGBA, 0, r.Dx()*r.Dy())}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := rgba.Pix[rgba.PixOffset(r.Min.X, y):]
		for x := 0; x < r.Dx(); x++ {
			p.px = append(p.px, color.RGBA{row[4*x], row[4*x+1], row[4*x+2], row[4*x+3]})
		}
	}
	return p
}

// ColorModel is the RGBA model.
func (p *pixels) ColorModel() color.Model { return color.RGBAModel }

// Bounds is the image's rectangle.
func (p *pixels) Bounds() image.Rectangle { return p.rect }

// At returns the pixel at (x, y), transparent black outside the image
// (as image.RGBA does).
func (p *pixels) At(x, y int) color.Color {
	if !(image.Point{x, y}.In(p.rect)) {
		return color.RGBA{}
	}
	return &p.px[(y-p.rect.Min.Y)*p.rect.Dx()+x-p.rect.Min.X]
}
