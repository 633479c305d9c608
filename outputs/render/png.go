package render

import (
	"bufio"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"io"
	"sync"
)

// WritePNG encodes an image as PNG with fixed settings (the fastest
// compression, no metadata), so equal images give equal bytes: the bytes
// of image/png at png.BestSpeed. An opaque *image.RGBA (every rendered
// view) of at most 256 colours (a view at one sample a pixel: a colour a
// triangle's shade, the background and the edges) is written as
// image/png writes the image.Paletted of its colours in order of first
// appearance: a byte a pixel or less, unfiltered, instead of three, which
// compresses in about a third of the time to about half the bytes, for
// the same pixels. An *image.Paletted with an opaque palette is written as
// image/png writes it. Both are encoded here, to those bytes, with a
// compressor kept between images. An opaque *image.RGBA of more colours is
// encoded here as truecolour, to image/png's bytes, faster: choosing each
// row's filter was most of image/png's time on a view, for it weighs five
// filters a byte at a time, while a view is mostly runs of equal pixels,
// where a filter gives zeros that this encoder skips 8 bytes at a time.
func WritePNG(w io.Writer, img image.Image) error {
	if m, ok := img.(*RGB); ok {
		img = m.RGBA() // the bytes of the RGBA image of its pixels
	}
	switch m := img.(type) {
	case *image.RGBA:
		if m.Rect.Dx() <= 0 || m.Rect.Dy() <= 0 {
			break
		}
		e := encoders.Get().(*pngEncoder)
		defer encoders.Put(e)
		if p, ok := e.paletted(m); ok {
			return e.encodePaletted(w, p)
		}
		if !m.Opaque() {
			break
		}
		return e.encode(w, m)
	case *image.Paletted:
		if m.Rect.Dx() <= 0 || m.Rect.Dy() <= 0 || len(m.Palette) == 0 || len(m.Palette) > 256 || !opaquePalette(m.Palette) {
			break
		}
		e := encoders.Get().(*pngEncoder)
		defer encoders.Put(e)
		return e.encodePaletted(w, m)
	}
	enc := png.Encoder{CompressionLevel: png.BestSpeed} // views are rendered on every build: speed over a few kilobytes
	return enc.Encode(w, img)
}

// opaquePalette reports whether every colour of p is opaque.
func opaquePalette(p color.Palette) bool {
	for _, c := range p {
		if _, _, _, a := c.RGBA(); a != 0xffff {
			return false
		}
	}
	return true
}

// paletted returns the opaque image as indices into its colours in order
// of first appearance, in the encoder's memory (valid until its next
// use), or false when it has more than 256 colours or is not opaque.
func (e *pngEncoder) paletted(img *image.RGBA) (*image.Paletted, bool) {
	size := img.Rect.Size()
	e.pix = resize(e.pix, size.X*size.Y)
	// The colours seen, by open addressing: a slot holds a pixel's 32 bits
	// (alpha 0xff, so never 0) or 0 when free; 1024 slots for at most 256
	// colours.
	var slots [1024]uint32
	var slotIndex [1024]uint8
	e.palette = e.palette[:0]
	if img.Pix[img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y)+3] != 0xff {
		return nil, false // else a first pixel of 0 would pass for the run below
	}
	last, lastIndex := uint32(0), uint8(0) // runs of one colour are most of a view
	k := 0
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		row := img.Pix[img.PixOffset(img.Rect.Min.X, y):][:4*size.X]
		for i := 0; i+4 <= len(row); i += 4 {
			c := binary.LittleEndian.Uint32(row[i:])
			if c != last {
				if c>>24 != 0xff {
					return nil, false
				}
				h := (c * 0x9e3779b1) >> 22
				for slots[h] != c && slots[h] != 0 {
					h = (h + 1) & 1023
				}
				if slots[h] == 0 {
					if len(e.palette) == 256 {
						return nil, false
					}
					slots[h], slotIndex[h] = c, uint8(len(e.palette))
					e.palette = append(e.palette, color.RGBA{row[i], row[i+1], row[i+2], 0xff})
				}
				last, lastIndex = c, slotIndex[h]
			}
			e.pix[k] = lastIndex
			k++
		}
	}
	return &image.Paletted{Pix: e.pix, Stride: size.X, Rect: image.Rect(0, 0, size.X, size.Y), Palette: e.palette}, true
}

// encodePaletted writes img, with a non-empty rectangle and an opaque
// palette of 1 to 256 colours, as image/png would: signature, IHDR
// (indexed colour, 1, 2, 4 or 8 bits a pixel as the palette's size
// allows), PLTE, IDAT chunks of unfiltered rows, IEND.
func (e *pngEncoder) encodePaletted(w io.Writer, img *image.Paletted) error {
	b := img.Rect
	depth := 8
	switch n := len(img.Palette); {
	case n <= 2:
		depth = 1
	case n <= 4:
		depth = 2
	case n <= 16:
		depth = 4
	}
	e.chunks = chunkWriter{w: w}
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:4], uint32(b.Dx()))
	binary.BigEndian.PutUint32(ihdr[4:8], uint32(b.Dy()))
	ihdr[8], ihdr[9] = byte(depth), 3 // bit depth, colour type: indexed
	if _, err := io.WriteString(w, "\x89PNG\r\n\x1a\n"); err != nil {
		return err
	}
	e.chunks.write("IHDR", ihdr[:])
	plte := e.cur[:0]
	for _, c := range img.Palette {
		r, g, bl, _ := c.RGBA()
		plte = append(plte, uint8(r>>8), uint8(g>>8), uint8(bl>>8))
	}
	e.cur = plte
	e.chunks.write("PLTE", plte)
	e.out = resize(e.out, 1+(depth*b.Dx()+7)/8)
	e.out[0] = ftNone // image/png filters no paletted row
	e.bw.Reset(&e.chunks)
	e.zw.Reset(e.bw)
	perByte := 8 / depth
	for y := b.Min.Y; y < b.Max.Y; y++ {
		pix := img.Pix[img.PixOffset(b.Min.X, y):][:b.Dx()]
		if depth == 8 {
			copy(e.out[1:], pix)
		} else {
			row := e.out[1:]
			for i := range row {
				var a uint8
				for j := range perByte {
					a <<= depth
					if x := i*perByte + j; x < len(pix) {
						a |= pix[x]
					}
				}
				row[i] = a
			}
		}
		if _, err := e.zw.Write(e.out); err != nil {
			return err
		}
	}
	return e.finish()
}

// PNG filter types, numbered as in the format.
const (
	ftNone = iota
	ftSub
	ftUp
	ftAverage
	ftPaeth
)

// bpp is the bytes per pixel of an opaque view: 8-bit RGB.
const bpp = 3

// pngEncoder is the memory of one encoding, kept in a pool between views.
type pngEncoder struct {
	cur, prev, out []byte // the row, the row above, the filtered row after its filter byte
	pix            []byte // an image's palette indices
	palette        color.Palette
	chunks         chunkWriter
	bw             *bufio.Writer
	zw             *zlib.Writer
}

var encoders = sync.Pool{New: func() any {
	e := &pngEncoder{}
	// image/png buffers the compressed stream in 32 KiB and writes one
	// IDAT chunk per flush: the same buffer gives the same chunks.
	e.bw = bufio.NewWriterSize(&e.chunks, 1<<15)
	e.zw, _ = zlib.NewWriterLevel(e.bw, zlib.BestSpeed) // the level is valid
	return e
}}

// encode writes img, opaque with a non-empty rectangle, as image/png
// would: signature, IHDR (8-bit truecolour), IDAT chunks, IEND.
func (e *pngEncoder) encode(w io.Writer, img *image.RGBA) error {
	b := img.Rect
	e.chunks = chunkWriter{w: w}
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:4], uint32(b.Dx()))
	binary.BigEndian.PutUint32(ihdr[4:8], uint32(b.Dy()))
	ihdr[8], ihdr[9] = 8, 2 // bit depth, colour type: truecolour
	if _, err := io.WriteString(w, "\x89PNG\r\n\x1a\n"); err != nil {
		return err
	}
	e.chunks.write("IHDR", ihdr[:])
	n := bpp * b.Dx()
	e.cur, e.prev, e.out = resize(e.cur, n), resize(e.prev, n), resize(e.out, n+1)
	clear(e.prev) // the row above the first is zeros
	e.bw.Reset(&e.chunks)
	e.zw.Reset(e.bw)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		rgbRow(e.cur, img.Pix[img.PixOffset(b.Min.X, y):])
		f := pickFilter(e.cur, e.prev)
		e.out[0] = byte(f)
		applyFilter(f, e.out[1:], e.cur, e.prev)
		if _, err := e.zw.Write(e.out); err != nil {
			return err
		}
		e.cur, e.prev = e.prev, e.cur
	}
	return e.finish()
}

// finish ends the image data and the file: it flushes the compressor
// and the IDAT buffer and writes IEND.
func (e *pngEncoder) finish() error {
	if err := e.zw.Close(); err != nil {
		return err
	}
	if err := e.bw.Flush(); err != nil {
		return err
	}
	e.chunks.write("IEND", nil)
	e.chunks.w = nil
	return e.chunks.err
}

// rgbRow copies the RGB bytes of the RGBA pixels pix into row.
func rgbRow(row, pix []byte) {
	pix = pix[:len(row)/bpp*4]
	for i, j := 0, 0; i+bpp <= len(row); i, j = i+bpp, j+4 {
		row[i], row[i+1], row[i+2] = pix[j], pix[j+1], pix[j+2]
	}
}

// resize returns a slice of n bytes, reusing b's memory when it can.
func resize(b []byte, n int) []byte {
	if cap(b) < n {
		return make([]byte, n)
	}
	return b[:n]
}

// chunkWriter writes PNG chunks to w, each write of the compressed stream
// an IDAT chunk; it keeps the first error.
type chunkWriter struct {
	w   io.Writer
	err error
}

func (c *chunkWriter) Write(b []byte) (int, error) {
	c.write("IDAT", b)
	if c.err != nil {
		return 0, c.err
	}
	return len(b), nil
}

// write writes one chunk: length, name, data and CRC.
func (c *chunkWriter) write(name string, data []byte) {
	if c.err != nil {
		return
	}
	var head [8]byte
	binary.BigEndian.PutUint32(head[:4], uint32(len(data)))
	copy(head[4:], name)
	crc := crc32.NewIEEE()
	crc.Write(head[4:])
	crc.Write(data)
	var foot [4]byte
	binary.BigEndian.PutUint32(foot[:], crc.Sum32())
	for _, p := range [][]byte{head[:], data, foot[:]} {
		if _, c.err = c.w.Write(p); c.err != nil {
			return
		}
	}
}
