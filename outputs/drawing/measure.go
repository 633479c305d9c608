package drawing

import (
	"image/color"
	"sync"

	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/text"
)

// At the pinned canvas version every measurement and every text line
// shapes its string afresh and compiles a shaping plan for it (a fifth of
// the drawings' and the packet's time), while a build measures and draws
// the same labels, headings, title blocks and table cells many times over.
// TextWidth and TextLine remember their answers, which depend only on the
// face's settings and the string.

// TextWidth is f.TextWidth(s), remembered.
func TextWidth(f *canvas.FontFace, s string) float64 {
	k, ok := keyOf(f, s, 0)
	if !ok {
		return f.TextWidth(s)
	}
	return remember(&widths, k, func() float64 { return f.TextWidth(s) })
}

// TextLine is canvas.NewTextLine(f, s, align), remembered: the same text
// may be drawn on many canvases, for a canvas.Text is not changed once
// made. A remembered line refers to the first face it was made with,
// equal in every setting to f.
func TextLine(f *canvas.FontFace, s string, align canvas.TextAlign) *canvas.Text {
	k, ok := keyOf(f, s, align)
	if !ok {
		return canvas.NewTextLine(f, s, align)
	}
	return remember(&lines, k, func() *canvas.Text { return canvas.NewTextLine(f, s, align) })
}

// textKey is every setting of a face that shaping, widths and drawing
// depend on, the string and the alignment.
type textKey struct {
	font                 *canvas.Font // its features and variations too
	size, mmPerEm        float64
	style                canvas.FontStyle
	variant              canvas.FontVariant
	fill                 color.RGBA
	hinting              int // font.Hinting
	fauxBold, fauxItalic float64
	xOffset, yOffset     int32
	lang                 string
	script               text.Script
	dir                  text.Direction
	s                    string
	align                canvas.TextAlign
}

// keyOf returns the key of a face and string; false for what is not
// remembered: faces with decorations or a gradient or pattern fill (not
// comparable), and long strings (they would hold much memory).
func keyOf(f *canvas.FontFace, s string, align canvas.TextAlign) (textKey, bool) {
	if len(f.Deco) > 0 || f.Fill.Gradient != nil || f.Fill.Pattern != nil || len(s) > maxText {
		return textKey{}, false
	}
	return textKey{font: f.Font, size: f.Size, mmPerEm: f.MmPerEm, style: f.Style, variant: f.Variant, fill: f.Fill.Color,
		hinting: int(f.Hinting), fauxBold: f.FauxBold, fauxItalic: f.FauxItalic, xOffset: f.XOffset, yOffset: f.YOffset,
		lang: f.Language, script: f.Script, dir: f.Direction, s: s, align: align}, true
}

// memo is a bounded map safe for concurrent use.
type memo[V any] struct {
	sync.Mutex
	m map[textKey]V
}

var (
	widths memo[float64]
	lines  memo[*canvas.Text]
)

// maxMemo and maxText bound the memory of long-lived processes (a build
// draws a few thousand strings, most of them short).
const (
	maxMemo = 1 << 14
	maxText = 200 // bytes
)

// remember returns m's value for k, made by build the first time; m is
// cleared when full, which is safe as the values never change.
func remember[V any](m *memo[V], k textKey, build func() V) V {
	m.Lock()
	v, ok := m.m[k]
	m.Unlock()
	if ok {
		return v
	}
	v = build()
	m.Lock()
	defer m.Unlock()
	if m.m == nil || len(m.m) >= maxMemo {
		m.m = map[textKey]V{}
	}
	m.m[k] = v
	return v
}
