package drawing

import (
	"sync"

	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/text"
)

// TextWidth is f.TextWidth(s), remembered. At the pinned canvas version
// every measurement shapes the string afresh and compiles a shaping plan
// for it (a fifth of the drawings' and the packet's time), while a build
// measures the same labels, headings and table cells many times over.
func TextWidth(f *canvas.FontFace, s string) float64 {
	if len(s) > maxWidthText {
		return f.TextWidth(s)
	}
	k := widthKey{font: f.Font, size: f.Size, mmPerEm: f.MmPerEm, dir: f.Direction, script: f.Script, lang: f.Language, s: s}
	widths.Lock()
	w, ok := widths.m[k]
	widths.Unlock()
	if ok {
		return w
	}
	w = f.TextWidth(s)
	widths.Lock()
	defer widths.Unlock()
	if len(widths.m) >= maxWidths {
		clear(widths.m) // the values never change, so forgetting them is safe
	}
	widths.m[k] = w
	return w
}

// widthKey is everything a face's shaping and width depend on.
type widthKey struct {
	font          *canvas.Font // its features and variations too
	size, mmPerEm float64
	dir           text.Direction
	script        text.Script
	lang          string
	s             string
}

// maxWidths and maxWidthText bound the memory of long-lived processes
// (a build measures a few thousand strings, most of them short).
const (
	maxWidths    = 1 << 14
	maxWidthText = 200 // bytes
)

var widths = struct {
	sync.Mutex
	m map[widthKey]float64
}{m: map[widthKey]float64{}}
