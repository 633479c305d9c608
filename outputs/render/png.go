package render

import (
	"bufio"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"io"
	"sync"
)

// WritePNG encodes an image as PNG with fixed settings (the fastest
// compression, no metadata), so equal images give equal bytes: the bytes
// of image/png at png.BestSpeed. An opaque *image.RGBA (every rendered
// view) is encoded here, to the same bytes, faster: choosing each row's
// filter was most of image/png's time on a view, for it weighs five
// filters a byte at a time, while a view is mostly runs of equal pixels,
// where a filter gives zeros that this encoder skips 8 bytes at a time.
func WritePNG(w io.Writer, img image.Image) error {
	rgba, ok := img.(*image.RGBA)
	if !ok || rgba.Rect.Dx() <= 0 || rgba.Rect.Dy() <= 0 || !rgba.Opaque() {
		enc := png.Encoder{CompressionLevel: png.BestSpeed} // views are rendered on every build: speed over a few kilobytes
		return enc.Encode(w, img)
	}
	e := encoders.Get().(*pngEncoder)
	defer encoders.Put(e)
	return e.encode(w, rgba)
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
