// Package dxf writes plate parts and nested sheets as ASCII DXF for other
// CAM software, and reads user-supplied part DXFs back into exact profiles
// for nesting. The writer is deterministic: the same input gives the same
// bytes. Lengths are millimetres; arcs stay arcs (polyline bulges, CIRCLE).
package dxf

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/fabkit/fabkit/geometry/profile"
)

// Layer names the writer uses and the reader understands.
const (
	LayerOuter = "OUTER" // outer profiles
	LayerInner = "INNER" // holes and cut-outs to cut
	LayerDrill = "DRILL" // holes to drill, as circles
	LayerEtch  = "ETCH"  // marking lines, not cut
	LayerSheet = "SHEET" // the sheet outline on nested sheets
)

// Version is the DXF flavour written.
type Version int

const (
	// R12 (AC1009) writes loops as POLYLINE/VERTEX entities with bulges: the
	// most widely read flavour.
	R12 Version = iota
	// R2000 (AC1015) writes loops as LWPOLYLINE entities with bulges.
	R2000
)

// Part is one plate part to draw.
type Part struct {
	ID    string          // part id, for the caller's file names and errors
	Shape profile.Profile // in drawing coordinates, mm
	Drill []int           // 0-based indices of Shape.Holes to draw on DRILL instead of INNER (round holes)
	Etch  [][]profile.Point
}

// Sheet is a nested sheet: its size and the parts placed on it, already in
// sheet coordinates with the lower-left corner at (0, 0).
type Sheet struct {
	ID           string
	SizeX, SizeY float64 // mm, the extents along X and Y
	Parts        []Part
}

// WritePart writes one part on layers OUTER, INNER, DRILL and ETCH.
func WritePart(w io.Writer, p Part, v Version) error {
	d := newDoc(w, v)
	d.begin(p.Shape.Bounds())
	d.part(p)
	return d.end()
}

// WriteSheet writes a nested sheet: the sheet outline on layer SHEET and
// every part as WritePart draws it.
func WriteSheet(w io.Writer, s Sheet, v Version) error {
	d := newDoc(w, v)
	b := profile.Box{Max: profile.Point{X: s.SizeX, Y: s.SizeY}}
	d.begin(b)
	d.loop(LayerSheet, profile.Rect(0, 0, s.SizeX, s.SizeY))
	for _, p := range s.Parts {
		d.part(p)
	}
	return d.end()
}

type doc struct {
	w   *bufio.Writer
	v   Version
	err error
}

func newDoc(w io.Writer, v Version) *doc { return &doc{w: bufio.NewWriter(w), v: v} }

func (d *doc) pair(code int, value string) {
	if d.err != nil {
		return
	}
	_, d.err = fmt.Fprintf(d.w, "%3d\n%s\n", code, value)
}

func (d *doc) num(code int, v float64) { d.pair(code, fnum(v)) }

// fnum prints a number deterministically, to 1e-9 mm, without -0.
func fnum(v float64) string {
	s := strconv.FormatFloat(v, 'f', 9, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		s = "0"
	}
	return s
}

var layers = []struct {
	name  string
	color int
}{{LayerOuter, 7}, {LayerInner, 1}, {LayerDrill, 3}, {LayerEtch, 5}, {LayerSheet, 8}}

func (d *doc) begin(b profile.Box) {
	d.pair(0, "SECTION")
	d.pair(2, "HEADER")
	d.pair(9, "$ACADVER")
	if d.v == R2000 {
		d.pair(1, "AC1015")
	} else {
		d.pair(1, "AC1009")
	}
	d.pair(9, "$INSUNITS")
	d.pair(70, "4") // millimetres
	d.pair(9, "$MEASUREMENT")
	d.pair(70, "1") // metric
	if b.Min.X <= b.Max.X {
		d.pair(9, "$EXTMIN")
		d.num(10, b.Min.X)
		d.num(20, b.Min.Y)
		d.pair(9, "$EXTMAX")
		d.num(10, b.Max.X)
		d.num(20, b.Max.Y)
	}
	d.pair(0, "ENDSEC")
	d.pair(0, "SECTION")
	d.pair(2, "TABLES")
	d.pair(0, "TABLE")
	d.pair(2, "LTYPE")
	d.pair(70, "1")
	d.pair(0, "LTYPE")
	d.pair(2, "CONTINUOUS")
	d.pair(70, "0")
	d.pair(3, "Solid line")
	d.pair(72, "65")
	d.pair(73, "0")
	d.num(40, 0)
	d.pair(0, "ENDTAB")
	d.pair(0, "TABLE")
	d.pair(2, "LAYER")
	d.pair(70, strconv.Itoa(len(layers)))
	for _, l := range layers {
		d.pair(0, "LAYER")
		d.pair(2, l.name)
		d.pair(70, "0")
		d.pair(62, strconv.Itoa(l.color))
		d.pair(6, "CONTINUOUS")
	}
	d.pair(0, "ENDTAB")
	d.pair(0, "ENDSEC")
	d.pair(0, "SECTION")
	d.pair(2, "ENTITIES")
}

func (d *doc) end() error {
	d.pair(0, "ENDSEC")
	d.pair(0, "EOF")
	if d.err != nil {
		return fmt.Errorf("dxf: %w", d.err)
	}
	if err := d.w.Flush(); err != nil {
		return fmt.Errorf("dxf: %w", err)
	}
	return nil
}

func (d *doc) part(p Part) {
	drill := map[int]bool{}
	for _, i := range p.Drill {
		drill[i] = true
	}
	d.loop(LayerOuter, p.Shape.Outer)
	for i, h := range p.Shape.Holes {
		layer := LayerInner
		if drill[i] {
			layer = LayerDrill
		}
		if c, r, ok := h.Circle(); ok {
			d.circle(layer, c, r)
			continue
		}
		d.loop(layer, h)
	}
	for _, e := range p.Etch {
		d.polyline(LayerEtch, e, nil, false)
	}
}

func (d *doc) circle(layer string, c profile.Point, r float64) {
	d.pair(0, "CIRCLE")
	d.pair(8, layer)
	d.num(10, c.X)
	d.num(20, c.Y)
	d.num(30, 0)
	d.num(40, r)
}

// loop writes a closed path as a closed polyline with bulges.
func (d *doc) loop(layer string, p profile.Path) {
	pts := p.Points()
	bulges := make([]float64, len(p.Segs))
	for i, s := range p.Segs {
		bulges[i] = s.Bulge
	}
	d.polyline(layer, pts, bulges, true)
}

func (d *doc) polyline(layer string, pts []profile.Point, bulges []float64, closed bool) {
	flag := "0"
	if closed {
		flag = "1"
	}
	bulge := func(i int) float64 {
		if i < len(bulges) {
			return bulges[i]
		}
		return 0
	}
	if d.v == R2000 {
		d.pair(0, "LWPOLYLINE")
		d.pair(8, layer)
		d.pair(90, strconv.Itoa(len(pts)))
		d.pair(70, flag)
		for i, p := range pts {
			d.num(10, p.X)
			d.num(20, p.Y)
			if b := bulge(i); b != 0 && !math.IsNaN(b) {
				d.num(42, b)
			}
		}
		return
	}
	d.pair(0, "POLYLINE")
	d.pair(8, layer)
	d.pair(66, "1")
	d.num(10, 0)
	d.num(20, 0)
	d.num(30, 0)
	d.pair(70, flag)
	for i, p := range pts {
		d.pair(0, "VERTEX")
		d.pair(8, layer)
		d.num(10, p.X)
		d.num(20, p.Y)
		d.num(30, 0)
		if b := bulge(i); b != 0 && !math.IsNaN(b) {
			d.num(42, b)
		}
	}
	d.pair(0, "SEQEND")
	d.pair(8, layer)
}
