package drawing

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"strconv"
	"sync"

	"github.com/go-fonts/latin-modern/lmsans10bold"
	"github.com/go-fonts/latin-modern/lmsans10regular"
	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/renderers/svg"

	"github.com/fabkit/fabkit/units"
)

// Paper is a sheet of paper, in millimetres, portrait.
type Paper struct {
	Name          string
	Width, Height float64
}

// The papers fabkit prints on.
var (
	Letter = Paper{"Letter", 215.9, 279.4}
	A4     = Paper{"A4", 210, 297}
)

// PaperFor returns the shop's paper: Letter for imperial shops, A4 otherwise.
func PaperFor(sys units.System) Paper {
	if sys == units.Imperial {
		return Letter
	}
	return A4
}

// Landscape returns the page size with the long side across.
func (p Paper) Landscape() (w, h float64) { return p.Height, p.Width }

// Text sizes in points and line widths in mm.
const (
	sizeDim   = 8.0 // dimension texts
	sizeNote  = 7.5
	sizeTitle = 11.0
	sizeSmall = 6.5

	lineThick = 0.5  // part outlines
	lineThin  = 0.18 // dimension, extension and centre lines
	lineFrame = 0.35
)

// Colours of the drawings.
var (
	inkPart  = canvas.Black
	inkDim   = color.RGBA{0x10, 0x30, 0x80, 0xff}
	inkCentr = color.RGBA{0x80, 0x80, 0x80, 0xff}
	fillPart = color.RGBA{0xe8, 0xee, 0xf6, 0xff}
)

var fonts = sync.OnceValues(func() (*canvas.FontFamily, error) {
	f := canvas.NewFontFamily("Latin Modern Sans")
	if err := f.LoadFont(lmsans10regular.TTF, 0, canvas.FontRegular); err != nil {
		return nil, fmt.Errorf("drawing: loading the regular font: %w", err)
	}
	if err := f.LoadFont(lmsans10bold.TTF, 0, canvas.FontBold); err != nil {
		return nil, fmt.Errorf("drawing: loading the bold font: %w", err)
	}
	return f, nil
})

// Face returns the drawings' font (Latin Modern Sans, embedded in the
// binary, never a system font) at size points, regular or bold, in black.
func Face(size float64, bold bool) (*canvas.FontFace, error) {
	f, err := fonts()
	if err != nil {
		return nil, err
	}
	if bold {
		return f.Face(size, canvas.Black, canvas.FontBold), nil
	}
	return f.Face(size, canvas.Black, canvas.FontRegular), nil
}

// WriteSVG writes a drawing as SVG with sizes in mm and its fonts embedded.
func WriteSVG(w io.Writer, c *canvas.Canvas) error {
	ew := &errWriter{w: w}
	opts := svg.DefaultOptions
	// Fonts are not embedded: canvas writes embedded fonts in map order,
	// which would make the bytes differ from run to run, and a full font
	// in every drawing would make each file hundreds of kilobytes. Viewers
	// fall back to their own sans; the packet PDF embeds the font.
	opts.EmbedFonts = false
	sw := &switchWriter{w: ew}
	r := svg.New(sw, c.W, c.H, &opts)
	c.RenderTo(&fixedLengthText{SVG: r, out: sw, page: ew})
	if err := r.Close(); err != nil {
		return err
	}
	return ew.err
}

// fixedLengthText is an SVG renderer that gives every text span the
// textLength it has in the drawing's font. Viewers without Latin Modern
// Sans substitute a wider sans; the textLength makes them squeeze it into
// the laid-out width, so no label runs past the frame or off the page.
type fixedLengthText struct {
	*svg.SVG
	out  *switchWriter
	page io.Writer
}

// RenderText renders the text with canvas's SVG renderer into a buffer,
// then adds textLength and lengthAdjust to each of its spans, in order.
func (r *fixedLengthText) RenderText(text *canvas.Text, m canvas.Matrix) {
	var buf bytes.Buffer
	r.out.w = &buf
	r.SVG.RenderText(text, m)
	r.out.w = r.page
	var widths []float64
	text.WalkSpans(func(_, _ float64, span canvas.TextSpan) {
		if span.IsText() {
			widths = append(widths, span.Width)
		}
	})
	const open = "<tspan "
	rest := buf.Bytes()
	for _, w := range widths {
		i := bytes.Index(rest, []byte(open))
		if i < 0 {
			break
		}
		i += len(open)
		_, _ = r.page.Write(rest[:i])
		_, _ = fmt.Fprintf(r.page, `textLength="%s" lengthAdjust="spacingAndGlyphs" `, strconv.FormatFloat(w, 'f', 3, 64))
		rest = rest[i:]
	}
	_, _ = r.page.Write(rest)
}

// switchWriter writes to w, which the renderer above redirects.
type switchWriter struct{ w io.Writer }

func (s *switchWriter) Write(p []byte) (int, error) { return s.w.Write(p) }

// WritePDF writes one drawing as a one-page PDF, with a fixed creation date
// so that the bytes depend only on the drawing.
func WritePDF(w io.Writer, c *canvas.Canvas) error {
	return WritePDFPages(w, []*canvas.Canvas{c}, PDFInfo{})
}

// errWriter keeps the first write error; canvas renderers drop them.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return len(p), nil
	}
	if _, err := e.w.Write(p); err != nil {
		e.err = err
	}
	return len(p), nil
}

// PDFInfo is the document information of a PDF.
type PDFInfo struct {
	Title, Subject, Author string
	// Uncompressed writes plain content streams (for tests and debugging).
	Uncompressed bool
}
