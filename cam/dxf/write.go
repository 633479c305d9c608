// Package dxf writes plate parts and nested sheets as ASCII DXF for other
// CAM software, and reads user-supplied part DXFs back into exact profiles
// for nesting. The writer is deterministic: the same input gives the same
// bytes. Lengths are millimetres; arcs stay arcs (polyline bulges, CIRCLE).
package dxf

import (
	"bufio"
	"bytes"
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

// Version is the DXF flavour written. The zero value is R2000.
type Version int

const (
	// R2000 (AC1015) writes what the specification requires of it: handles,
	// owner handles and subclass markers on every object, every symbol
	// table with its standard entries, the model and paper space blocks and
	// the root dictionary; loops are LWPOLYLINE entities with bulges.
	R2000 Version = iota
	// R12 (AC1009) writes loops as POLYLINE/VERTEX/SEQEND entities with
	// bulges and no handles: the most widely read flavour, for old CAM.
	R12
)

// String is the flag spelling: "r2000" or "r12".
func (v Version) String() string {
	if v == R12 {
		return "r12"
	}
	return "r2000"
}

// ParseVersion reads a flag value: r12 or r2000 (any case; AC1009 and
// AC1015 too); empty is R2000.
func ParseVersion(s string) (Version, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "r2000", "ac1015":
		return R2000, nil
	case "r12", "ac1009":
		return R12, nil
	}
	return 0, fmt.Errorf("DXF version %q: expected r12 or r2000", truncate(s))
}

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
	return write(w, v, p.Shape.Bounds(), func(d *doc) { d.part(p) })
}

// WriteSheet writes a nested sheet: the sheet outline on layer SHEET and
// every part as WritePart draws it.
func WriteSheet(w io.Writer, s Sheet, v Version) error {
	b := profile.Box{Max: profile.Point{X: s.SizeX, Y: s.SizeY}}
	return write(w, v, b, func(d *doc) {
		d.loop(LayerSheet, profile.Rect(0, 0, s.SizeX, s.SizeY))
		for _, p := range s.Parts {
			d.part(p)
		}
	})
}

// write writes a whole drawing whose ENTITIES section body draws. The
// header comes last into its own buffer: $HANDSEED must exceed every handle.
func write(w io.Writer, v Version, ext profile.Box, body func(d *doc)) error {
	if ext.Min.X > ext.Max.X { // an empty drawing
		ext = profile.Box{}
	}
	d := &doc{v: v, next: 1}
	d.tables(ext)
	d.blocks()
	d.section("ENTITIES")
	body(d)
	d.pair(0, "ENDSEC")
	if v == R2000 {
		d.objects()
	}
	d.pair(0, "EOF")
	h := &doc{v: v}
	h.header(ext, d.next)
	bw := bufio.NewWriter(w)
	bw.Write(h.b.Bytes())
	bw.Write(d.b.Bytes())
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("dxf: %w", err)
	}
	return nil
}

// doc accumulates group code/value pairs and hands out handles.
type doc struct {
	v    Version
	b    bytes.Buffer
	next uint64 // the next free handle
	msp  string // handle of the *Model_Space block record, the owner of every entity (R2000)
	psp  string // handle of the *Paper_Space block record
}

func (d *doc) pair(code int, value string) {
	fmt.Fprintf(&d.b, "%3d\n%s\n", code, value)
}

func (d *doc) num(code int, v float64) { d.pair(code, fnum(v)) }

func (d *doc) int(code, v int) { d.pair(code, strconv.Itoa(v)) }

// handle returns a new handle: upper-case hexadecimal, never 0.
func (d *doc) handle() string {
	d.next++
	return hex(d.next - 1)
}

func hex(h uint64) string { return strings.ToUpper(strconv.FormatUint(h, 16)) }

func (d *doc) section(name string) {
	d.pair(0, "SECTION")
	d.pair(2, name)
}

// fnum prints a number deterministically, to 1e-9 mm, without -0.
func fnum(v float64) string {
	s := strconv.FormatFloat(v, 'f', 9, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		s = "0"
	}
	return s
}

// entity starts a graphical entity of model space (owned by its block
// record): see entityIn.
func (d *doc) entity(kind, layer, subclass string) { d.entityIn(kind, d.msp, false, layer, subclass) }

// entityIn starts an entity owned by owner: in R2000 its handle, owner,
// the AcDbEntity subclass and, in paper space, code 67; then its layer and
// its own subclass marker.
func (d *doc) entityIn(kind, owner string, paper bool, layer, subclass string) {
	d.pair(0, kind)
	if d.v == R2000 {
		d.pair(5, d.handle())
		d.pair(330, owner)
		d.pair(100, "AcDbEntity")
		if paper {
			d.int(67, 1)
		}
	}
	d.pair(8, layer)
	if d.v == R2000 && subclass != "" {
		d.pair(100, subclass)
	}
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
	d.entity("CIRCLE", layer, "AcDbCircle")
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
	flag := 0
	if closed {
		flag = 1
	}
	bulge := func(i int) float64 {
		if i < len(bulges) && !math.IsNaN(bulges[i]) {
			return bulges[i]
		}
		return 0
	}
	if d.v == R2000 {
		d.entity("LWPOLYLINE", layer, "AcDbPolyline")
		d.int(90, len(pts))
		d.int(70, flag)
		for i, p := range pts {
			d.num(10, p.X)
			d.num(20, p.Y)
			if b := bulge(i); b != 0 {
				d.num(42, b)
			}
		}
		return
	}
	d.entity("POLYLINE", layer, "")
	d.int(66, 1) // vertices follow
	d.num(10, 0)
	d.num(20, 0)
	d.num(30, 0)
	d.int(70, flag)
	for i, p := range pts {
		d.entity("VERTEX", layer, "")
		d.num(10, p.X)
		d.num(20, p.Y)
		d.num(30, 0)
		if b := bulge(i); b != 0 {
			d.num(42, b)
		}
		d.int(70, 0)
	}
	d.entity("SEQEND", layer, "")
}
