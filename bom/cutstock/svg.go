package cutstock

import (
	"fmt"
	"image/color"
	"io"
	"sync"

	"github.com/go-fonts/latin-modern/lmsans10regular"
	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/renderers/svg"
)

// The cutting diagram's layout, in mm on the page.
const (
	svgWidth  = 277.0 // A4 landscape
	svgMargin = 10.0
	svgStrip  = 8.0  // bar height
	svgRow    = 20.0 // one bar with its title and labels
)

var (
	pieceFill  = color.RGBA{0xb0, 0xc4, 0xde, 0xff} // light steel blue
	kerfFill   = color.RGBA{0x40, 0x40, 0x40, 0xff}
	keepFill   = canvas.Lightgreen // an offcut worth keeping
	wasteFill  = canvas.Lightgray  // trim and short remainders
	outlineCol = canvas.Black
)

var loadFont = sync.OnceValues(func() (*canvas.FontFamily, error) {
	f := canvas.NewFontFamily("Latin Modern Sans")
	if err := f.LoadFont(lmsans10regular.TTF, 0, canvas.FontRegular); err != nil {
		return nil, fmt.Errorf("cutstock: loading the diagram font: %w", err)
	}
	return f, nil
})

// WriteSVG draws the plan as a cutting diagram, one strip per bar to a
// common scale: pieces labelled with their label and length, kerfs dark,
// the offcut green when kept, trims and scrap grey. Each bar is an SVG group
// <g class="bar" id="bar-N">. Lengths go through format (units.FormatMM
// when nil). Fonts are referenced, not embedded.
func WriteSVG(w io.Writer, p *Plan, format Formatter) error {
	f := format.orDefault()
	family, err := loadFont()
	if err != nil {
		return err
	}
	title := family.Face(9, canvas.Black)
	label := family.Face(6, canvas.Black)
	small := family.Face(4.5, canvas.Black)

	longest := 1.0
	for _, ub := range p.Bars {
		longest = max(longest, ub.Stock.Length)
	}
	scale := (svgWidth - 2*svgMargin) / longest
	height := 2*svgMargin + svgRow*float64(max(1, len(p.Bars)))

	ew := &errWriter{w: w}
	r := svg.New(ew, svgWidth, height, &svg.Options{EmbedFonts: false, SizeUnits: "mm", ImageEncoding: canvas.Lossless})
	ctx := canvas.NewContext(r)
	ctx.SetStrokeColor(outlineCol)
	ctx.SetStrokeWidth(0.1)
	rect := func(x0, y, w float64, fill color.Color, stroke bool) {
		if w <= 0 {
			return
		}
		ctx.SetFillColor(fill)
		if stroke {
			ctx.SetStrokeColor(outlineCol)
		} else {
			ctx.SetStrokeColor(canvas.Transparent)
		}
		ctx.DrawPath(svgMargin+x0*scale, y, canvas.Rectangle(max(w*scale, 0.05), svgStrip))
	}
	for b, ub := range p.Bars {
		fmt.Fprintf(ew, `<g class="bar" id="bar-%d">`, b+1)
		// Canvas coordinates run upwards from the bottom of the page.
		y := height - svgMargin - svgRow*float64(b+1) + 6
		head := fmt.Sprintf("Bar %d: %s, %d cuts", b+1, f(ub.Stock.Length), len(ub.Cuts))
		if ub.Offcut > 0 {
			head += ", offcut " + f(ub.Offcut)
		}
		ctx.DrawText(svgMargin, y+svgStrip+2, canvas.NewTextLine(title, head, canvas.Left))
		rect(0, y, ub.Stock.Length, wasteFill, true)
		end := 0.0
		for c, cut := range ub.Cuts {
			rect(cut.Position, y, cut.Length, pieceFill, true)
			end = cut.Position + cut.Length
			if c+1 < len(ub.Cuts) || ub.Offcut > 0 {
				rect(end, y, p.Kerf, kerfFill, false)
			}
			text := cut.Label + " " + f(cut.Length)
			mid := svgMargin + (cut.Position+cut.Length/2)*scale
			if label.TextWidth(text) < cut.Length*scale-1 {
				ctx.DrawText(mid, y+svgStrip/2-1, canvas.NewTextLine(label, text, canvas.Center))
			} else {
				// Too narrow: label under the strip, alternating rows.
				ctx.DrawText(mid, y-2.5-2*float64(c%2), canvas.NewTextLine(small, cut.Label, canvas.Center))
			}
		}
		if ub.Offcut > 0 {
			fill := wasteFill
			if keptOffcut(p, b) {
				fill = keepFill
			}
			rect(end+p.Kerf, y, ub.Offcut, fill, true)
		}
		fmt.Fprint(ew, `</g>`)
	}
	if err := r.Close(); err != nil {
		return err
	}
	return ew.err
}
