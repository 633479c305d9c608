package regress

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Overlay layout, in SVG user units (px at 96 dpi).
const (
	cellW, cellH = 320.0, 300.0 // one panel
	margin       = 14.0         // around a drawing inside its panel
	captionH     = 40.0         // part id and sizes above a drawing
	legendH      = 34.0         // colour legend above the grid
	oldStroke    = "#d62728"    // old outlines: red, dashed
	newStroke    = "#1f77b4"    // new outlines: blue, solid
)

// An OutlineError reports an outline point OverlaySVG cannot draw.
type OutlineError struct {
	Part        string
	Side        string // "old" or "new"
	Ring, Point int
}

// Error names the part, the side and the point.
func (e *OutlineError) Error() string {
	return fmt.Sprintf("overlay: part %s: %s outline ring %d point %d: not a finite number", e.Part, e.Side, e.Ring, e.Point)
}

// OverlaySVG draws the plate outlines that changed between two builds, old
// over new: one panel per part whose outlines differ, in id order, laid out
// in a grid. Each outline is a list of rings (the profile and its holes),
// each ring a list of points in mm, y up. Old outlines are drawn red and
// dashed, new ones blue and solid, both scaled to fit the panel together;
// a part present on one side only gets one path and is captioned "added"
// or "removed". Each panel is a <g class="panel" data-part="ID"> with
// <path class="new"> and, drawn over it, <path class="old">. The same input gives the same
// bytes. Nothing is written when a point is not finite.
func OverlaySVG(w io.Writer, oldOutlines, newOutlines map[string][][][2]float64) error {
	var ids []string
	for id, o := range oldOutlines {
		if n, ok := newOutlines[id]; !ok || !sameOutline(o, n) {
			ids = append(ids, id)
		}
	}
	for id := range newOutlines {
		if _, ok := oldOutlines[id]; !ok {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := finite(id, "old", oldOutlines[id]); err != nil {
			return err
		}
		if err := finite(id, "new", newOutlines[id]); err != nil {
			return err
		}
		minX, minY, maxX, maxY := bounds(oldOutlines[id], newOutlines[id])
		if math.IsInf(maxX-minX, 0) || math.IsInf(maxY-minY, 0) {
			return fmt.Errorf("overlay: part %s: outline too large to draw", id)
		}
	}

	cols := max(1, int(math.Ceil(math.Sqrt(float64(len(ids))))))
	rows := max(1, (len(ids)+cols-1)/cols)
	width, height := float64(cols)*cellW, legendH+float64(rows)*cellH

	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="sans-serif">`+"\n",
		num(width), num(height), num(width), num(height))
	b.WriteString(`<rect width="100%" height="100%" fill="#ffffff"/>` + "\n")
	fmt.Fprintf(&b, `<g class="legend"><line x1="10" y1="17" x2="40" y2="17" stroke="%s" stroke-width="1.5" stroke-dasharray="6 4"/><text x="46" y="21" font-size="13">old</text>`, oldStroke)
	fmt.Fprintf(&b, `<line x1="90" y1="17" x2="120" y2="17" stroke="%s" stroke-width="1.5"/><text x="126" y="21" font-size="13">new</text>`, newStroke)
	fmt.Fprintf(&b, `<text x="180" y="21" font-size="13">%d changed outline(s), each panel to its own scale</text></g>`+"\n", len(ids))

	for i, id := range ids {
		o, hasOld := oldOutlines[id]
		n, hasNew := newOutlines[id]
		x0 := float64(i%cols) * cellW
		y0 := legendH + float64(i/cols)*cellH
		fmt.Fprintf(&b, `<g class="panel" data-part="%s" transform="translate(%s %s)">`+"\n", esc(id), num(x0), num(y0))
		fmt.Fprintf(&b, `<rect x="2" y="2" width="%s" height="%s" fill="none" stroke="#cccccc"/>`+"\n", num(cellW-4), num(cellH-4))
		fmt.Fprintf(&b, `<text x="%s" y="20" font-size="14" font-weight="bold">%s</text>`+"\n", num(margin), esc(id))
		var sizes []string
		switch {
		case !hasOld:
			sizes = []string{"added, " + sizeText(n)}
		case !hasNew:
			sizes = []string{"removed, was " + sizeText(o)}
		default:
			sizes = []string{"old " + sizeText(o), "new " + sizeText(n)}
		}
		fmt.Fprintf(&b, `<text x="%s" y="35" font-size="11" fill="#555555">%s</text>`+"\n", num(margin), esc(strings.Join(sizes, ", ")))

		// One transform for both sides, so the change shows at true size.
		minX, minY, maxX, maxY := bounds(o, n)
		bw, bh := maxX-minX, maxY-minY
		aw, ah := cellW-2*margin, cellH-captionH-2*margin
		s := 1.0
		if bw > 0 || bh > 0 {
			s = math.Min(aw/math.Max(bw, 1e-9), ah/math.Max(bh, 1e-9))
		}
		ox := margin + (aw-bw*s)/2
		oy := captionH + margin + (ah-bh*s)/2
		tr := func(p [2]float64) (float64, float64) {
			return ox + (p[0]-minX)*s, oy + (maxY-p[1])*s
		}
		// New first, old dashed on top: an unchanged edge shows both colours.
		if hasNew {
			fmt.Fprintf(&b, `<path class="new" d="%s" fill="none" fill-rule="evenodd" stroke="%s" stroke-width="1.5"/>`+"\n", pathData(n, tr), newStroke)
		}
		if hasOld {
			fmt.Fprintf(&b, `<path class="old" d="%s" fill="none" fill-rule="evenodd" stroke="%s" stroke-width="1.5" stroke-dasharray="6 4"/>`+"\n", pathData(o, tr), oldStroke)
		}
		b.WriteString("</g>\n")
	}
	b.WriteString("</svg>\n")
	_, err := w.Write(b.Bytes())
	return err
}

// sameOutline reports whether two outlines have exactly the same points.
func sameOutline(a, b [][][2]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

func finite(id, side string, rings [][][2]float64) error {
	for i, ring := range rings {
		for j, p := range ring {
			if math.IsNaN(p[0]) || math.IsInf(p[0], 0) || math.IsNaN(p[1]) || math.IsInf(p[1], 0) {
				return &OutlineError{Part: id, Side: side, Ring: i, Point: j}
			}
		}
	}
	return nil
}

// bounds is the box around both outlines; zero when both are empty.
func bounds(outlines ...[][][2]float64) (minX, minY, maxX, maxY float64) {
	minX, minY, maxX, maxY = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, rings := range outlines {
		for _, ring := range rings {
			for _, p := range ring {
				minX, maxX = math.Min(minX, p[0]), math.Max(maxX, p[0])
				minY, maxY = math.Min(minY, p[1]), math.Max(maxY, p[1])
			}
		}
	}
	if minX > maxX {
		return 0, 0, 0, 0
	}
	return minX, minY, maxX, maxY
}

// sizeText writes an outline's extent, "120 × 50 mm".
func sizeText(rings [][][2]float64) string {
	minX, minY, maxX, maxY := bounds(rings)
	return formatNum(round(maxX-minX, 2)) + " × " + formatNum(round(maxY-minY, 2)) + " mm"
}

// pathData writes rings as closed subpaths.
func pathData(rings [][][2]float64, tr func([2]float64) (float64, float64)) string {
	var b strings.Builder
	for _, ring := range rings {
		if len(ring) < 2 {
			continue
		}
		for j, p := range ring {
			x, y := tr(p)
			if j == 0 {
				b.WriteString("M")
			} else {
				b.WriteString(" L")
			}
			b.WriteString(num(x) + " " + num(y))
		}
		b.WriteString(" Z ")
	}
	return strings.TrimSpace(b.String())
}

// num writes a coordinate to 0.01 unit, without trailing zeros or "-0".
func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
