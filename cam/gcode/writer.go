package gcode

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/fabkit/fabkit/units"
)

// LineError is a program line the dialect cannot take.
type LineError struct {
	Dialect string
	Line    string
	Reason  string
}

// Error names the dialect, the reason and the line.
func (e *LineError) Error() string {
	return fmt.Sprintf("gcode %s: %s: %q", e.Dialect, e.Reason, e.Line)
}

// prog writes one program: it converts millimetres to the program's units,
// formats numbers, keeps comments legal and lines within the dialect's
// limit, and remembers the first write error.
type prog struct {
	w     *bufio.Writer
	d     Dialect
	inch  bool
	dec   int
	err   error
	x, y  string     // last emitted XY, formatted
	valid bool       // x, y hold a position
	zero  [2]float64 // the point, in the caller's mm, written as X0 Y0
}

func newProg(w io.Writer, d Dialect, sys units.System) *prog {
	p := &prog{w: bufio.NewWriter(w), d: d, inch: sys == units.Imperial, dec: d.DecimalsMM}
	if p.inch {
		p.dec = d.DecimalsInch
	}
	return p
}

// num formats a length given in mm in the program's units.
func (p *prog) num(mm float64) string {
	if p.inch {
		mm /= units.MMPerInch
	}
	return fmtNum(mm, p.dec)
}

// feed formats a feed given in mm/min.
func (p *prog) feed(mmPerMin float64) string {
	if p.inch {
		return fmtNum(mmPerMin/units.MMPerInch, 2)
	}
	return fmtNum(mmPerMin, 1)
}

func fmtNum(v float64, dec int) string {
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" || s == "" {
		s = "0"
	}
	return s
}

// length prints a length for a comment, in the shop's units.
func (p *prog) length(mm float64) string {
	if p.inch {
		return strconv.FormatFloat(mm/units.MMPerInch, 'f', 3, 64) + "in"
	}
	return fmtNum(mm, 2) + "mm"
}

// line writes code with an optional trailing comment, shortening the
// comment to fit the dialect's line limit.
func (p *prog) line(code, comment string) {
	if p.err != nil {
		return
	}
	out := code
	if comment != "" {
		c := sanitize(comment)
		sep := ""
		if code != "" {
			sep = " "
		}
		if max := p.d.MaxLine; max > 0 {
			room := max - len(code) - len(sep) - len(p.d.CommentOpen) - len(p.d.CommentClose)
			if room < len(c) {
				if room < 4 {
					c = ""
				} else {
					c = c[:room]
				}
			}
		}
		if c != "" {
			out += sep + p.d.CommentOpen + c + p.d.CommentClose
		}
	}
	if out == "" {
		return
	}
	if p.d.MaxLine > 0 && len(out) > p.d.MaxLine {
		p.err = &LineError{Dialect: p.d.ID, Line: out, Reason: fmt.Sprintf("line longer than %d characters", p.d.MaxLine)}
		return
	}
	_, p.err = p.w.WriteString(out + "\n")
}

func (p *prog) comment(c string) { p.line("", c) }

// sanitize keeps a comment to printable ASCII without nested parentheses.
func sanitize(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '(':
			b.WriteByte('[')
		case r == ')':
			b.WriteByte(']')
		case r < 32 || r > 126 || r == ';':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// header writes the units word and the dialect's preamble.
func (p *prog) header() {
	if p.inch {
		p.line("G20", "inches")
	} else {
		p.line("G21", "millimetres")
	}
	for _, l := range p.d.Preamble {
		p.line(l, "")
	}
	if p.d.Blend != "" {
		p.line(fmt.Sprintf(p.d.Blend, p.num(blendTolerance)), "path tolerance")
	}
}

func (p *prog) footer() {
	for _, l := range p.d.Postamble {
		p.line(l, "")
	}
	p.line(p.d.End, "")
}

func (p *prog) dwell(seconds float64) {
	if seconds <= 0 {
		return
	}
	scale := p.d.DwellScale
	if scale <= 0 {
		scale = 1
	}
	p.line(fmt.Sprintf(p.d.Dwell, fmtNum(seconds*scale, 3)), "")
}

// rapidXY moves at rapid to (x, y) mm. Points given to rapidXY, feedTo and
// arcTo are in the caller's frame; the program writes them less zero.
func (p *prog) rapidXY(x, y float64) {
	p.x, p.y, p.valid = p.num(x-p.zero[0]), p.num(y-p.zero[1]), true
	p.line("G0 X"+p.x+" Y"+p.y, "")
}

func (p *prog) z(word string, z float64, feed string) {
	s := word + " Z" + p.num(z)
	if feed != "" {
		s += " F" + feed
	}
	p.line(s, "")
}

// feedTo moves in a line to (x, y), skipping moves that round to nothing.
func (p *prog) feedTo(x, y float64, f string) {
	nx, ny := p.num(x-p.zero[0]), p.num(y-p.zero[1])
	if p.valid && nx == p.x && ny == p.y {
		return
	}
	s := "G1 X" + nx + " Y" + ny
	if f != "" {
		s += " F" + f
	}
	p.x, p.y, p.valid = nx, ny, true
	p.line(s, "")
}

// arcTo moves on an arc to (x, y) about (cx, cy), counter-clockwise when
// ccw. I and J are measured from the emitted (rounded) start so the
// controller sees the centre where the path has it. Arcs that round to no
// movement are dropped: written out they would be full circles.
func (p *prog) arcTo(x, y, cx, cy float64, ccw bool, f string) {
	x, y, cx, cy = x-p.zero[0], y-p.zero[1], cx-p.zero[0], cy-p.zero[1]
	nx, ny := p.num(x), p.num(y)
	if p.valid && nx == p.x && ny == p.y {
		return
	}
	sx, _ := strconv.ParseFloat(p.x, 64)
	sy, _ := strconv.ParseFloat(p.y, 64)
	scale := 1.0
	if p.inch {
		scale = 1 / units.MMPerInch
	}
	i := fmtNum(cx*scale-sx, p.dec)
	j := fmtNum(cy*scale-sy, p.dec)
	word := "G2"
	if ccw {
		word = "G3"
	}
	s := word + " X" + nx + " Y" + ny + " I" + i + " J" + j
	if f != "" {
		s += " F" + f
	}
	p.x, p.y, p.valid = nx, ny, true
	p.line(s, "")
}

func (p *prog) flush() error {
	if p.err != nil {
		return p.err
	}
	return p.w.Flush()
}
