package drawing

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"io"
	"regexp"
	"sort"
	"strconv"
	"sync"

	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/renderers/pdf"

	"github.com/fabkit/fabkit/outputs/render"
)

// FixedDate is the creation date written into every PDF, so that the same
// drawings always give the same bytes.
const FixedDate = "D:20000101000000Z"

// WritePDFPages writes the canvases as the pages of one PDF, each page the
// size of its canvas. The bytes depend only on the canvases and info: the
// clock the renderer writes (the creation date, and the modification time
// in each embedded font) is replaced by fixed values.
func WritePDFPages(w io.Writer, pages []*canvas.Canvas, info PDFInfo) error {
	if len(pages) == 0 {
		return fmt.Errorf("drawing: a PDF needs at least one page")
	}
	var buf bytes.Buffer
	// The renderer compresses each content stream with a new compressor
	// (a megabyte of tables, most of a packet's allocation): it writes
	// them plain, and fixDate compresses them as it would, at zlib's
	// default level, with one compressor, to the same bytes.
	r := newRenderer(&buf, pages, info, false)
	ir := &pdfImages{PDF: r, out: &buf, standIns: map[image.Image]*image.RGBA{}}
	for i, c := range pages {
		if i > 0 {
			r.NewPage(c.W, c.H)
		}
		c.RenderTo(ir)
	}
	if ir.err != nil {
		return ir.err
	}
	if err := r.Close(); err != nil {
		return fmt.Errorf("drawing: writing the PDF: %w", err)
	}
	out, err := fixDate(buf.Bytes(), ir.edits, !info.Uncompressed)
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

// newRenderer is the PDF renderer of the pages, with the document's info,
// writing to buf and compressing its streams or not.
func newRenderer(buf *bytes.Buffer, pages []*canvas.Canvas, info PDFInfo, compress bool) *pdf.PDF {
	opts := pdf.DefaultOptions
	opts.Compress = compress
	// Subsetting rewrites the shared font in place (tdewolff/canvas at the
	// pinned version), which breaks later text rendering in the process.
	opts.SubsetFonts = false
	r := pdf.New(buf, pages[0].W, pages[0].H, &opts)
	r.SetInfo(info.Title, info.Subject, "", info.Author, "fabkit")
	return r
}

// pdfImages passes the canvases to the PDF renderer but for their opaque
// RGBA images (the packet's shaded views): the renderer compresses an
// image's pixels at zlib's default level, which was most of a packet's
// writing time, so each goes to it as a one-pixel stand-in drawn over the
// same box, and the stand-in's object in the output is to be replaced by
// the image's pixels compressed at imageLevel: the same pixels, about 1.6
// times the bytes of the default level in a third of its time.
type pdfImages struct {
	*pdf.PDF
	out      *bytes.Buffer // the renderer's output so far
	standIns map[image.Image]*image.RGBA
	edits    []edit // each stand-in's object replaced by its image's
	err      error
	raw      []byte       // an image's RGB samples
	indices  []byte       // an image's samples as palette indices
	zw       *zlib.Writer // kept from image to image: a writer is a megabyte of tables
}

// RenderImage draws an opaque RGBA image, a paletted one whose pixels are
// opaque, or a render.RGB, through its stand-in; any other image as the
// renderer draws it.
func (r *pdfImages) RenderImage(img image.Image, m canvas.Matrix) {
	var size image.Point
	switch im := img.(type) {
	case *render.RGB:
		if im.Rect.Empty() {
			r.PDF.RenderImage(img, m)
			return
		}
		size = im.Rect.Size()
	case *image.RGBA:
		if im.Rect.Empty() || !im.Opaque() {
			r.PDF.RenderImage(img, m)
			return
		}
		size = im.Rect.Size()
	case *image.Paletted:
		if im.Rect.Empty() {
			r.PDF.RenderImage(img, m)
			return
		}
		size = im.Rect.Size()
	default:
		r.PDF.RenderImage(img, m)
		return
	}
	if s, ok := r.standIns[img]; ok {
		// The renderer maps an image's pixels to the unit square before
		// m: the stand-in's one pixel covers the image's box.
		r.PDF.RenderImage(s, m.Scale(float64(size.X), float64(size.Y))) // the object written the first time is used again
		return
	}
	colorSpace, data, ok := r.samples(img)
	if !ok {
		r.PDF.RenderImage(img, m) // a paletted image with a translucent pixel
		return
	}
	m = m.Scale(float64(size.X), float64(size.Y))
	s := image.NewRGBA(image.Rect(0, 0, 1, 1))
	s.Pix[3] = 0xff // opaque: no soft mask
	r.standIns[img] = s
	// The renderer writes an image's object to the output when it first
	// draws it (the page's content waits for the page's end).
	start := r.out.Len()
	r.PDF.RenderImage(s, m)
	obj := r.out.Bytes()[start:]
	var num int
	if _, err := fmt.Sscanf(string(obj[:min(len(obj), 20)]), "%d 0 obj\n", &num); err != nil || !bytes.HasSuffix(obj, []byte("endobj\n")) {
		r.err = fmt.Errorf("drawing: the PDF renderer wrote an image unlike the one expected")
		return
	}
	r.edits = append(r.edits, edit{start, r.out.Len(), r.imageObject(num, size, colorSpace, data)})
}

// samples returns an opaque image's colour space and samples, in the
// pdfImages' memory (valid until the next image): as indices into a
// palette of its colours, in order of first appearance, when it has at
// most 256 (a shaded view has one colour a triangle's shade, and many
// have fewer: a third of the samples to compress, and about 40 % fewer
// bytes), else as RGB. A paletted image gives the same as the RGBA image
// of its pixels; it gives false when one of its pixels is translucent.
func (r *pdfImages) samples(img image.Image) (colorSpace string, data []byte, ok bool) {
	var palette []byte
	switch im := img.(type) {
	case *render.RGB:
		// A view of more than 256 colours: its samples as they are
		// (those of the RGBA image of its pixels).
		size := im.Rect.Size()
		if im.Stride == 3*size.X && len(im.Pix) >= 3*size.X*size.Y {
			return "/DeviceRGB", im.Pix[:3*size.X*size.Y], true
		}
		return r.samples(im.RGBA())
	case *image.Paletted:
		if data, palette, ok = r.fromPaletted(im); !ok {
			return "", nil, false
		}
	case *image.RGBA:
		if data, palette, ok = r.indexed(im); !ok {
			size := im.Rect.Size()
			if cap(r.raw) < 3*size.X*size.Y {
				r.raw = make([]byte, 3*size.X*size.Y)
			}
			data = r.raw[:3*size.X*size.Y]
			k := 0
			for y := im.Rect.Min.Y; y < im.Rect.Max.Y; y++ {
				row := im.Pix[im.PixOffset(im.Rect.Min.X, y):][:4*size.X]
				out := data[k : k+3*size.X]
				for i, j := 0, 0; j+3 <= len(out); i, j = i+4, j+3 {
					out[j], out[j+1], out[j+2] = row[i], row[i+1], row[i+2]
				}
				k += 3 * size.X
			}
			return "/DeviceRGB", data, true
		}
	}
	return fmt.Sprintf("[/Indexed/DeviceRGB %d<%x>]", len(palette)/3-1, palette), data, true
}

// imageObject is PDF object num: an image of the size, colour space and
// samples given, compressed at imageLevel.
func (r *pdfImages) imageObject(num int, size image.Point, colorSpace string, data []byte) []byte {
	var z bytes.Buffer
	if r.zw == nil {
		r.zw, _ = zlib.NewWriterLevel(&z, imageLevel) // the level is valid
	} else {
		r.zw.Reset(&z)
	}
	r.zw.Write(data)
	r.zw.Close()
	var obj bytes.Buffer
	fmt.Fprintf(&obj, "%d 0 obj\n<</Type/XObject/Subtype/Image/BitsPerComponent 8/ColorSpace%s/Filter/FlateDecode/Height %d/Interpolate true/Length %d/Width %d>>stream\n",
		num, colorSpace, size.Y, z.Len(), size.X)
	obj.Write(z.Bytes())
	obj.WriteString("\nendstream\n\nendobj\n")
	return obj.Bytes()
}

// fromPaletted returns a paletted image's samples as indices into the
// palette of its colours in order of first appearance, the RGB of each
// (what indexed gives the RGBA image of its pixels: a colour the image's
// palette repeats, or does not use, is not repeated), or false when one
// of its pixels is translucent or not in its palette.
func (r *pdfImages) fromPaletted(img *image.Paletted) (indices, palette []byte, ok bool) {
	size := img.Rect.Size()
	if palette, ok := inOrder(img); ok {
		return img.Pix[:size.X*size.Y], palette, true // its own indices, as they are
	}
	if cap(r.indices) < size.X*size.Y {
		r.indices = make([]byte, size.X*size.Y)
	}
	indices = r.indices[:size.X*size.Y]
	// remap[i] is entry i's index in the new palette plus one, 0 until
	// its first pixel; first maps a colour's RGB to the same.
	var remap [256]uint16
	first := map[[3]byte]uint16{}
	k := 0
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		row := img.Pix[img.PixOffset(img.Rect.Min.X, y):][:size.X]
		for _, p := range row {
			if remap[p] == 0 {
				if int(p) >= len(img.Palette) {
					return nil, nil, false
				}
				c := color.RGBAModel.Convert(img.Palette[p]).(color.RGBA)
				if c.A != 0xff {
					return nil, nil, false
				}
				rgb := [3]byte{c.R, c.G, c.B}
				if first[rgb] == 0 {
					palette = append(palette, c.R, c.G, c.B)
					first[rgb] = uint16(len(palette) / 3)
				}
				remap[p] = first[rgb]
			}
			indices[k] = byte(remap[p] - 1)
			k++
		}
	}
	return indices, palette, true
}

// indexed returns the opaque image's samples as indices into its
// palette, the RGB of each colour in the order of first appearance, or
// false when it has more than 256 colours.
func (r *pdfImages) indexed(img *image.RGBA) (indices, palette []byte, ok bool) {
	size := img.Rect.Size()
	if cap(r.indices) < size.X*size.Y {
		r.indices = make([]byte, size.X*size.Y)
	}
	indices = r.indices[:size.X*size.Y]
	// The colours seen, by open addressing: a slot holds a colour's RGB
	// with bit 24 set, or 0 when free; 1024 slots for at most 256 colours.
	var slots [1024]uint32
	var slotIndex [1024]byte
	last, lastIndex := uint32(0), byte(0) // runs of one colour are most of a view
	k := 0
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		row := img.Pix[img.PixOffset(img.Rect.Min.X, y):][:4*size.X]
		for i := 0; i+4 <= len(row); i += 4 {
			c := binary.LittleEndian.Uint32(row[i:])&0xffffff | 1<<24
			if c != last {
				h := (c * 0x9e3779b1) >> 22
				for slots[h] != c && slots[h] != 0 {
					h = (h + 1) & 1023
				}
				if slots[h] == 0 {
					if len(palette) == 3*256 {
						return nil, nil, false
					}
					slots[h], slotIndex[h] = c, byte(len(palette)/3)
					palette = append(palette, row[i], row[i+1], row[i+2])
				}
				last, lastIndex = c, slotIndex[h]
			}
			indices[k] = lastIndex
			k++
		}
	}
	return indices, palette, true
}

// inOrder returns the RGB of the palette of an image whose pixels are its
// own, in rows one after the other from Pix[0] (a rendered view's), and
// whose palette is opaque, of distinct colours, each first used after
// the one before it (render.Scene.Paletted's order of first appearance):
// its indices are then those fromPaletted gives. Else it reports false.
func inOrder(img *image.Paletted) (palette []byte, ok bool) {
	size := img.Rect.Size()
	if img.Stride != size.X || img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y) != 0 || len(img.Palette) > 256 || len(img.Pix) < size.X*size.Y {
		return nil, false
	}
	seen := map[[3]byte]bool{}
	for _, c := range img.Palette {
		c := color.RGBAModel.Convert(c).(color.RGBA)
		rgb := [3]byte{c.R, c.G, c.B}
		if c.A != 0xff || seen[rgb] {
			return nil, false
		}
		seen[rgb] = true
		palette = append(palette, c.R, c.G, c.B)
	}
	next := 0 // the index that first appears next
	for _, p := range img.Pix[:size.X*size.Y] {
		if int(p) >= next {
			if int(p) != next {
				return nil, false
			}
			next++
		}
	}
	return palette, next == len(img.Palette)
}

// imageLevel is the zlib level of embedded images. On the packet's step
// views (11 of the CEB press and the D3D) level 3 takes the time of the
// fastest level, 1, and gives 10 % fewer bytes (671 against 746 kB; the
// default level, 6, 426 kB in about three times the time); level 4 gives
// 528 kB at 1.7 times the time. A PNG predictor (Up, or Paeth) before
// compressing gains nothing at level 3 or above on these pictures.
const imageLevel = 3

// The renderer's output is searched for these, each found where its text
// starts (matches): a regexp scanning the whole file was a tenth of
// writing a packet of shaded views.
var (
	dateRe = regexp.MustCompile(`^/CreationDate ?\(D:[0-9]{14}(Z|[+-][0-9]{4})\)`)
	fontRe = regexp.MustCompile(`^/Subtype/OpenType(/Filter/FlateDecode)?/Length ([0-9]+)>>stream\n`)
	xrefRe = regexp.MustCompile(`^xref\n0 ([0-9]+)\n`) // at the start of a line
	// startxref is the last one in the file.
	startRe = regexp.MustCompile(`^startxref\n([0-9]+)\n%%EOF\n?$`)
)

// matches returns where re, which begins with ^ and then lit, matches in
// b, leftmost first and not overlapping, as FindAllSubmatchIndex without
// the ^ would, as long as a match is under 256 bytes: bytes.Index finds
// lit, and re is tried there only. With lineStart, a match starts a line.
func matches(b []byte, lit string, re *regexp.Regexp, lineStart bool) [][]int {
	var out [][]int
	for from := 0; ; {
		i := bytes.Index(b[from:], []byte(lit))
		if i < 0 {
			return out
		}
		p := from + i
		from = p + 1
		if lineStart && p > 0 && b[p-1] != '\n' {
			continue
		}
		m := re.FindSubmatchIndex(b[p:min(len(b), p+256)])
		if m == nil {
			continue
		}
		for k := range m {
			if m[k] >= 0 {
				m[k] += p
			}
		}
		out = append(out, m)
		from = m[1]
	}
}

// edit replaces b[pos:end] with repl.
type edit struct {
	pos, end int
	repl     []byte
}

// compressors keeps zlib writers at the default level between PDFs.
var compressors = sync.Pool{New: func() any { return zlib.NewWriter(nil) }}

// deflate is data compressed as zlib.NewWriter compresses it.
func deflate(zw *zlib.Writer, data []byte) []byte {
	var z bytes.Buffer
	z.Grow(len(data)/2 + 64)
	zw.Reset(&z)
	zw.Write(data)
	zw.Close()
	return z.Bytes()
}

// startXref returns where the cross-reference table starts, as the
// file's last startxref says, and where that number is in b.
func startXref(b []byte) (xref int, at []int, err error) {
	var s []int
	if p := bytes.LastIndex(b, []byte("startxref\n")); p >= 0 {
		s = startRe.FindSubmatchIndex(b[p:])
		for k := range s {
			s[k] += p
		}
	}
	if s == nil {
		return 0, nil, fmt.Errorf("drawing: PDF without startxref")
	}
	off, err := strconv.Atoi(string(b[s[2]:s[3]]))
	if err != nil || off < 0 || off >= len(b) || xrefRe.FindSubmatchIndex(b[off:min(len(b), off+32)]) == nil {
		return 0, nil, fmt.Errorf("drawing: PDF without a cross-reference table where startxref says")
	}
	return off, s, nil
}

// plainStreams returns the edits that compress every stream object of b
// whose dictionary is its length alone (the renderer's content streams,
// ToUnicode maps and CIDToGIDMaps when it is not to compress them) into
// what the renderer writes when it compresses them: the dictionary
// /Filter/FlateDecode/Length n, the data compressed by zlib.NewWriter.
// The objects are found at the offsets of the cross-reference table.
func plainStreams(b []byte, zw *zlib.Writer) ([]edit, error) {
	xref, _, err := startXref(b)
	if err != nil {
		return nil, err
	}
	x := xrefRe.FindSubmatchIndex(b[xref:])
	n, _ := strconv.Atoi(string(b[xref+x[2] : xref+x[3]]))
	pos := xref + x[1]
	if pos+20*n > len(b) {
		return nil, fmt.Errorf("drawing: short cross-reference table")
	}
	var edits []edit
	for i := 0; i < n; i, pos = i+1, pos+20 {
		line := b[pos : pos+20]
		if line[17] != 'n' {
			continue
		}
		off, err := strconv.Atoi(string(line[:10]))
		if err != nil || off >= len(b) {
			return nil, fmt.Errorf("drawing: bad cross-reference entry %q", line)
		}
		head := fmt.Appendf(nil, "%d 0 obj\n<</Length ", i)
		if !bytes.HasPrefix(b[off:], head) {
			continue
		}
		start := off + len(head) - len("<</Length ")
		j := off + len(head)
		k := j
		for k < len(b) && b[k] >= '0' && b[k] <= '9' {
			k++
		}
		length, err := strconv.Atoi(string(b[j:k]))
		const open, close = ">>stream\n", "\nendstream\n"
		if err != nil || !bytes.HasPrefix(b[k:], []byte(open)) || k+len(open)+length+len(close) > len(b) ||
			!bytes.HasPrefix(b[k+len(open)+length:], []byte(close)) {
			return nil, fmt.Errorf("drawing: object %d: a stream unlike the one expected", i)
		}
		data := b[k+len(open) : k+len(open)+length]
		z := deflate(zw, data)
		repl := fmt.Appendf(nil, "<</Filter/FlateDecode/Length %d>>stream\n", len(z))
		edits = append(edits, edit{start, k + len(open) + length, append(repl, z...)})
	}
	return edits, nil
}

// inside reports whether p lies in the span of one of the edits.
func inside(edits []edit, p int) bool {
	for _, e := range edits {
		if p >= e.pos && p < e.end {
			return true
		}
	}
	return false
}

// fixDate makes the renderer's output depend on nothing but the pages: the
// document's creation date becomes FixedDate and the modification time
// that the font writer stamps into each embedded font's head table becomes
// the font's own creation time. With compress, the streams the renderer
// left plain are compressed (plainStreams). It makes the other edits given
// too (none overlapping these), and moves the cross-reference offsets to
// match.
func fixDate(b []byte, edits []edit, compress bool) ([]byte, error) {
	zw := compressors.Get().(*zlib.Writer)
	defer compressors.Put(zw)
	var plain []edit
	if compress {
		var err error
		if plain, err = plainStreams(b, zw); err != nil {
			return nil, err
		}
	}
	if locs := matches(b, "/CreationDate", dateRe, false); len(locs) > 0 {
		loc := locs[len(locs)-1] // the info dictionary comes after every stream
		edits = append(edits, edit{loc[0], loc[1], []byte("/CreationDate(" + FixedDate + ")")})
	}
	for _, m := range matches(b, "/Subtype/OpenType", fontRe, false) {
		if inside(plain, m[0]) {
			continue // text of a content stream
		}
		n, err := strconv.Atoi(string(b[m[4]:m[5]]))
		if err != nil || m[1]+n > len(b) {
			return nil, fmt.Errorf("drawing: bad font stream in the PDF")
		}
		data := b[m[1] : m[1]+n]
		flate := m[2] >= 0
		if flate {
			r, err := zlib.NewReader(bytes.NewReader(data))
			if err != nil {
				return nil, fmt.Errorf("drawing: font stream: %w", err)
			}
			raw, err := io.ReadAll(r)
			if err != nil {
				return nil, fmt.Errorf("drawing: font stream: %w", err)
			}
			data = raw
		} else {
			data = append([]byte(nil), data...)
		}
		fixFontTime(data)
		if flate {
			data = deflate(zw, data)
		}
		head := fmt.Sprintf("/Subtype/OpenType%s/Length %d>>stream\n", map[bool]string{true: "/Filter/FlateDecode"}[flate], len(data))
		edits = append(edits, edit{m[0], m[1] + n, append([]byte(head), data...)})
	}
	edits = append(edits, plain...)
	if len(edits) == 0 {
		return b, nil
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].pos < edits[j].pos })
	out := make([]byte, 0, len(b))
	last := 0
	for _, e := range edits {
		out = append(out, b[last:e.pos]...)
		out = append(out, e.repl...)
		last = e.end
	}
	out = append(out, b[last:]...)
	// shift maps an offset in b to the same byte in out.
	shift := func(off int) int {
		d := 0
		for _, e := range edits {
			if e.pos < off {
				d += len(e.repl) - (e.end - e.pos)
			}
		}
		return off + d
	}
	xref, s, err := startXref(b)
	if err != nil {
		return nil, err
	}
	xref = shift(xref)
	x := xrefRe.FindSubmatchIndex(out[xref:])
	n, _ := strconv.Atoi(string(out[xref+x[2] : xref+x[3]]))
	pos := xref + x[1]
	if pos+20*n > len(out) {
		return nil, fmt.Errorf("drawing: short cross-reference table")
	}
	for i := 0; i < n; i++ {
		line := out[pos : pos+20]
		if line[17] == 'n' {
			off, err := strconv.Atoi(string(line[:10]))
			if err != nil {
				return nil, fmt.Errorf("drawing: bad cross-reference entry %q", line)
			}
			copy(out[pos:pos+10], fmt.Sprintf("%010d", shift(off)))
		}
		pos += 20
	}
	// The startxref number, after every edit.
	fixed := append(out[:shift(s[2]):shift(s[2])], strconv.Itoa(xref)...)
	return append(fixed, b[s[3]:]...), nil
}

// fixFontTime sets an SFNT font's modification time to its creation time
// and updates the head table's checksum and the font's checksum
// adjustment.
func fixFontTime(f []byte) {
	if len(f) < 12 {
		return
	}
	numTables := int(binary.BigEndian.Uint16(f[4:]))
	for i := 0; i < numTables; i++ {
		rec := 12 + 16*i
		if rec+16 > len(f) || string(f[rec:rec+4]) != "head" {
			continue
		}
		off := int(binary.BigEndian.Uint32(f[rec+8:]))
		length := int(binary.BigEndian.Uint32(f[rec+12:]))
		if off+36 > len(f) || length < 36 {
			return
		}
		copy(f[off+28:off+36], f[off+20:off+28]) // modified = created
		binary.BigEndian.PutUint32(f[off+8:], 0)
		binary.BigEndian.PutUint32(f[rec+4:], checksum(f[off:min(off+length, len(f))]))
		binary.BigEndian.PutUint32(f[off+8:], 0xB1B0AFBA-checksum(f))
		return
	}
}

// checksum is the SFNT checksum: the sum of big-endian uint32 words, the
// last one padded with zeros.
func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:min(i+4, len(b))])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
