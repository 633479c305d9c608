package drawing

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"

	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/renderers/pdf"
)

// FixedDate is the creation date written into every PDF, so that the same
// drawings always give the same bytes.
const FixedDate = "D:20000101000000Z"

// WritePDFPages writes the canvases as the pages of one PDF, each page the
// size of its canvas. The bytes depend only on the canvases and info: the
// renderer's creation date (the clock) is replaced by FixedDate.
func WritePDFPages(w io.Writer, pages []*canvas.Canvas, info PDFInfo) error {
	if len(pages) == 0 {
		return fmt.Errorf("drawing: a PDF needs at least one page")
	}
	var buf bytes.Buffer
	opts := pdf.DefaultOptions
	opts.Compress = !info.Uncompressed
	// Subsetting rewrites the shared font in place (tdewolff/canvas at the
	// pinned version), which breaks later text rendering in the process.
	opts.SubsetFonts = false
	r := pdf.New(&buf, pages[0].W, pages[0].H, &opts)
	r.SetInfo(info.Title, info.Subject, "", info.Author, "fabkit")
	for i, c := range pages {
		if i > 0 {
			r.NewPage(c.W, c.H)
		}
		c.RenderTo(r)
	}
	if err := r.Close(); err != nil {
		return fmt.Errorf("drawing: writing the PDF: %w", err)
	}
	out, err := fixDate(buf.Bytes())
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

var (
	dateRe = regexp.MustCompile(`/CreationDate ?\(D:[0-9]{14}(Z|[+-][0-9]{4})\)`)
	xrefRe = regexp.MustCompile(`(?m)^xref\n0 ([0-9]+)\n`)
	// startxref is the last one in the file.
	startRe = regexp.MustCompile(`startxref\n([0-9]+)\n%%EOF\n?$`)
)

// fixDate replaces the document info's creation date with FixedDate and
// moves the cross-reference offsets of everything after it.
func fixDate(b []byte) ([]byte, error) {
	locs := dateRe.FindAllIndex(b, -1)
	if len(locs) == 0 {
		return b, nil
	}
	loc := locs[len(locs)-1] // the info dictionary comes after every stream
	repl := []byte("/CreationDate(" + FixedDate + ")")
	delta := len(repl) - (loc[1] - loc[0])
	out := make([]byte, 0, len(b)+delta)
	out = append(out, b[:loc[0]]...)
	out = append(out, repl...)
	out = append(out, b[loc[1]:]...)
	if delta == 0 {
		return out, nil
	}
	shift := func(off int) int {
		if off > loc[0] {
			return off + delta
		}
		return off
	}
	x := xrefRe.FindSubmatchIndex(out)
	if x == nil {
		return nil, fmt.Errorf("drawing: PDF without a cross-reference table")
	}
	n, _ := strconv.Atoi(string(out[x[2]:x[3]]))
	pos := x[1]
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
	s := startRe.FindSubmatchIndex(out)
	if s == nil {
		return nil, fmt.Errorf("drawing: PDF without startxref")
	}
	off, _ := strconv.Atoi(string(out[s[2]:s[3]]))
	fixed := append([]byte(nil), out[:s[2]]...)
	fixed = append(fixed, strconv.Itoa(shift(off))...)
	fixed = append(fixed, out[s[3]:]...)
	return fixed, nil
}
