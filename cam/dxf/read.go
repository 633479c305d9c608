package dxf

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fabkit/fabkit/geometry/profile"
)

// ReadOptions configure Read. The zero value reads millimetres (or the
// file's $INSUNITS), skips layers ETCH and SHEET, joins ends within
// 0.01 mm and applies the default caps.
type ReadOptions struct {
	// Scale multiplies every coordinate; 0 takes it from the file's
	// $INSUNITS (inches, feet, cm, m), or 1 (millimetres) when it has none.
	Scale float64
	// Tolerance is the largest gap between entity ends that still joins
	// them, mm; default 0.01.
	Tolerance float64
	// SkipLayers are layers that are not cut (case-insensitive); default
	// ETCH and SHEET.
	SkipLayers []string
	// MaxBytes caps the file's size; default DefaultMaxBytes.
	MaxBytes int64
	// MaxEntities caps the entities of the ENTITIES section (VERTEX and
	// SEQEND are counted as vertices, not entities); default
	// DefaultMaxEntities.
	MaxEntities int
	// MaxVertices caps the polyline vertices of all entities together;
	// default DefaultMaxVertices.
	MaxVertices int
	// MaxHoles caps the holes of the part; default DefaultMaxHoles.
	MaxHoles int
	// MaxWork caps the point-in-loop tests that checking the holes takes
	// (each hole's points against the outline's segments and against the
	// segments of every hole near it); default DefaultMaxWork.
	MaxWork float64
}

// The default caps: far above any plate part a CAD program exports, low
// enough that reading takes at most seconds and a few hundred MiB.
const (
	DefaultMaxBytes    = 64 << 20
	DefaultMaxEntities = 10000
	DefaultMaxVertices = 100000
	DefaultMaxHoles    = 1000 // meshing, drawing and ordering the cuts of more takes minutes
	DefaultMaxWork     = 5e7
)

// Error is a problem with the input DXF, naming the entity, its layer and
// the input line where it starts when known.
type Error struct {
	Line   int    // 1-based line of the entity's "0" code; 0 when unknown
	Entity string // e.g. "LINE"
	Layer  string
	Reason string
}

// Error reads like "dxf: line 12: LINE on layer 0: open loop: ...".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("dxf")
	if e.Line > 0 {
		fmt.Fprintf(&b, ": line %d", e.Line)
	}
	if e.Entity != "" {
		fmt.Fprintf(&b, ": %s", e.Entity)
	}
	if e.Layer != "" {
		fmt.Fprintf(&b, " on layer %s", excerpt(e.Layer))
	}
	return b.String() + ": " + e.Reason
}

// maxCoord bounds coordinates (mm, after scaling) so that broken files
// cannot ask for absurd geometry.
const maxCoord = 1e7

// Read reads a part drawing: LWPOLYLINE (with bulges), POLYLINE/VERTEX,
// LINE, ARC and CIRCLE entities from the ENTITIES section. Lines, arcs and
// open polylines are chained into closed loops end to end. The loop with
// the largest area is the outer profile and the others are holes. Open
// chains, entities fabkit cannot cut exactly (SPLINE, ELLIPSE, block
// INSERTs, ...), binary DXF and files past a cap (ReadOptions) are errors.
// Reading takes time and memory linear in the file, within the caps.
func Read(r io.Reader, opt ReadOptions) (profile.Profile, error) {
	if opt.Tolerance <= 0 || math.IsNaN(opt.Tolerance) {
		opt.Tolerance = 0.01
	}
	if opt.SkipLayers == nil {
		opt.SkipLayers = []string{LayerEtch, LayerSheet}
	}
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = DefaultMaxBytes
	}
	if opt.MaxEntities <= 0 {
		opt.MaxEntities = DefaultMaxEntities
	}
	if opt.MaxVertices <= 0 {
		opt.MaxVertices = DefaultMaxVertices
	}
	if opt.MaxHoles <= 0 {
		opt.MaxHoles = DefaultMaxHoles
	}
	if !(opt.MaxWork > 0) {
		opt.MaxWork = DefaultMaxWork
	}
	if math.IsNaN(opt.Scale) || math.IsInf(opt.Scale, 0) || opt.Scale > 1e4 {
		return profile.Profile{}, &Error{Reason: fmt.Sprintf("scale %g is out of range", opt.Scale)}
	}
	skip := map[string]bool{}
	for _, l := range opt.SkipLayers {
		skip[strings.ToUpper(l)] = true
	}
	rd := &reader{opt: opt, skip: skip, scale: opt.Scale}
	if err := rd.read(r); err != nil {
		return profile.Profile{}, err
	}
	chained, err := chain(rd.pieces, opt.Tolerance)
	if err != nil {
		return profile.Profile{}, err
	}
	loops := append(rd.loops, chained...)
	if len(loops) == 0 {
		return profile.Profile{}, &Error{Reason: "no closed profile found (the ENTITIES section has no lines, arcs, circles or polylines)"}
	}
	if len(loops)-1 > opt.MaxHoles {
		return profile.Profile{}, &Error{Reason: fmt.Sprintf("%d holes, more than %d (the hole cap, ReadOptions.MaxHoles)", len(loops)-1, opt.MaxHoles)}
	}
	for i, l := range loops {
		if err := l.Validate(); err != nil {
			return profile.Profile{}, &Error{Reason: fmt.Sprintf("loop %d near (%.3f, %.3f): %v", i+1, l.Start.X, l.Start.Y, err)}
		}
	}
	sort.SliceStable(loops, func(i, j int) bool { return math.Abs(loops[i].Area()) > math.Abs(loops[j].Area()) })
	p := profile.New(loops[0], loops[1:]...)
	if w := work(p); w > opt.MaxWork {
		return profile.Profile{}, &Error{Reason: fmt.Sprintf("checking %d holes against an outline of %d segments takes %.3g point tests, past the work cap of %.3g (ReadOptions.MaxWork): fewer holes or a simpler outline",
			len(p.Holes), len(p.Outer.Segs), w, opt.MaxWork)}
	}
	if err := p.Validate(); err != nil {
		return profile.Profile{}, &Error{Reason: fmt.Sprintf("the loops do not form one plate (one part per file, holes inside the largest loop): %v", err)}
	}
	return p, nil
}

type pair struct {
	code  int
	value string
	line  int
}

// reader streams the file's pairs: it reads the HEADER's $INSUNITS, turns
// each entity of the ENTITIES section into loops or open pieces as soon as
// it ends, and stops at the section's end. It keeps only the groups that
// carry geometry, so memory follows the caps, not the file.
type reader struct {
	opt   ReadOptions
	skip  map[string]bool
	scale float64

	loops    []profile.Path
	pieces   []piece
	entities int
	vertices int

	cur  *entity // the entity being read
	poly *entity // the POLYLINE whose VERTEX entities are being read
}

// kept are the group codes Read uses; the others are dropped as read.
var kept = map[int]bool{8: true, 10: true, 20: true, 11: true, 21: true, 40: true, 42: true, 50: true, 51: true, 70: true}

func (rd *reader) read(r io.Reader) error {
	br := bufio.NewReader(io.LimitReader(r, rd.opt.MaxBytes+1))
	if head, _ := br.Peek(22); bytes.HasPrefix(head, []byte("AutoCAD Binary DXF")) {
		return &Error{Reason: "binary DXF is not supported; save as ASCII DXF"}
	}
	cr := &countReader{r: br}
	sc := bufio.NewScanner(cr)
	sc.Buffer(make([]byte, 4096), 64<<10)
	line := 0
	section, inSection, wantName := "", false, false
	insunits := false
	seenEntities := false
	for {
		if !sc.Scan() {
			break
		}
		line++
		codeText := strings.TrimSpace(sc.Text())
		if codeText == "" {
			if !sc.Scan() {
				break // trailing blank line
			}
			return &Error{Line: line, Reason: "blank line where a group code was expected"}
		}
		code, err := strconv.Atoi(codeText)
		if err != nil {
			return &Error{Line: line, Reason: fmt.Sprintf("group code %q is not a number (is this an ASCII DXF?)", truncate(codeText))}
		}
		if !sc.Scan() {
			if sc.Err() == nil {
				return &Error{Line: line, Reason: fmt.Sprintf("group code %d has no value", code)}
			}
			break
		}
		line++
		p := pair{code: code, value: strings.TrimSpace(sc.Text()), line: line - 1}
		switch {
		case wantName:
			wantName = false
			if p.code == 2 {
				section = p.value
				seenEntities = seenEntities || section == "ENTITIES"
				continue
			}
		case p.code == 0 && p.value == "EOF":
			return rd.finish(seenEntities)
		case p.code == 0 && p.value == "SECTION" && !inSection:
			inSection, wantName = true, true
			continue
		case p.code == 0 && p.value == "ENDSEC":
			if section == "ENTITIES" {
				if err := rd.end(); err != nil {
					return err
				}
				return rd.finish(true) // nothing after ENTITIES matters
			}
			inSection, section = false, ""
			continue
		}
		switch section {
		case "HEADER":
			if p.code == 9 {
				insunits = p.value == "$INSUNITS"
			} else if p.code == 70 && insunits && rd.scale <= 0 {
				rd.scale = unitScale(p.value)
			}
		case "ENTITIES":
			if err := rd.group(p); err != nil {
				return err
			}
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return &Error{Line: line + 1, Reason: "a line is longer than 64 KiB"}
		}
		return &Error{Line: line, Reason: err.Error()}
	}
	if cr.n > rd.opt.MaxBytes {
		return &Error{Reason: fmt.Sprintf("the file is larger than %d bytes (the size cap, ReadOptions.MaxBytes)", rd.opt.MaxBytes)}
	}
	if err := rd.end(); err != nil {
		return err
	}
	return rd.finish(seenEntities)
}

func (rd *reader) finish(seenEntities bool) error {
	if !seenEntities {
		return &Error{Reason: "no ENTITIES section"}
	}
	return nil
}

// countReader counts the bytes read through it.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// unitScale is the millimetres of a $INSUNITS unit.
func unitScale(v string) float64 {
	switch v {
	case "1":
		return 25.4
	case "2":
		return 304.8
	case "5":
		return 10
	case "6":
		return 1000
	}
	return 1
}

// group takes one pair of the ENTITIES section.
func (rd *reader) group(p pair) error {
	if p.code != 0 {
		if rd.cur == nil || !kept[p.code] {
			return nil
		}
		if p.code == 10 && (rd.cur.kind == "LWPOLYLINE" || rd.cur.kind == "VERTEX") {
			if rd.vertices++; rd.vertices > rd.opt.MaxVertices {
				return &Error{Line: p.line, Entity: rd.cur.kind, Reason: fmt.Sprintf("more than %d vertices (the vertex cap, ReadOptions.MaxVertices)", rd.opt.MaxVertices)}
			}
		}
		if len(rd.cur.groups) > 4*rd.opt.MaxVertices+64 {
			return rd.cur.err(fmt.Sprintf("more than %d groups in one entity", 4*rd.opt.MaxVertices+64))
		}
		rd.cur.groups = append(rd.cur.groups, p)
		if p.code == 8 {
			rd.cur.layer = p.value
		}
		return nil
	}
	if err := rd.end(); err != nil {
		return err
	}
	if p.value != "VERTEX" && p.value != "SEQEND" {
		if rd.entities++; rd.entities > rd.opt.MaxEntities {
			return &Error{Line: p.line, Entity: excerpt(p.value), Reason: fmt.Sprintf("more than %d entities (the entity cap, ReadOptions.MaxEntities)", rd.opt.MaxEntities)}
		}
	}
	rd.cur = &entity{kind: p.value, line: p.line}
	return nil
}

// end finishes the current entity: a VERTEX joins its POLYLINE, SEQEND or
// any other entity ends the POLYLINE, and each finished entity becomes
// geometry.
func (rd *reader) end() error {
	e := rd.cur
	rd.cur = nil
	if e == nil {
		return nil
	}
	if e.kind == "VERTEX" {
		if rd.poly != nil {
			v, err := e.values(10, 20)
			if err != nil {
				return err
			}
			b, err := e.optional(42)
			if err != nil {
				return err
			}
			rd.poly.pts = append(rd.poly.pts, profile.Point{X: v[0], Y: v[1]})
			rd.poly.bulges = append(rd.poly.bulges, b)
		}
		return nil
	}
	if rd.poly != nil {
		poly := rd.poly
		rd.poly = nil
		if err := rd.add(poly); err != nil {
			return err
		}
	}
	switch e.kind {
	case "SEQEND":
		return nil
	case "POLYLINE":
		rd.poly = e
		return nil
	}
	return rd.add(e)
}

// add turns a finished entity into loops or pieces, unless its layer is
// skipped.
func (rd *reader) add(e *entity) error {
	if rd.skip[strings.ToUpper(e.layer)] {
		return nil
	}
	scale := rd.scale
	if scale <= 0 {
		scale = 1
	}
	ls, ps, err := e.geometry(scale)
	if err != nil {
		return err
	}
	far := func(q profile.Point) bool { return math.Abs(q.X) > maxCoord || math.Abs(q.Y) > maxCoord }
	for _, l := range ls {
		if far(l.Bounds().Min) || far(l.Bounds().Max) {
			return e.err(fmt.Sprintf("geometry reaches past %g mm from the origin", float64(maxCoord)))
		}
	}
	for _, q := range ps {
		for _, s := range q.segs {
			if far(q.start) || far(s.End) {
				return e.err(fmt.Sprintf("geometry reaches past %g mm from the origin", float64(maxCoord)))
			}
		}
	}
	rd.loops = append(rd.loops, ls...)
	rd.pieces = append(rd.pieces, ps...)
	return nil
}

// truncate cuts s to an excerpt of at most 20 bytes (whole runes).
func truncate(s string) string {
	if len(s) <= 20 {
		return s
	}
	n := 20
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

// excerpt is truncate with control characters and bad UTF-8 escaped, to
// quote input in a message without quotes around it.
func excerpt(s string) string {
	q := strconv.Quote(truncate(s))
	return q[1 : len(q)-1]
}

// entity is one entity's kept groups; pts and bulges hold a POLYLINE's
// vertices.
type entity struct {
	kind   string
	layer  string
	line   int
	groups []pair
	pts    []profile.Point
	bulges []float64
}

// piece is an open run of segments to chain.
type piece struct {
	start profile.Point
	segs  []profile.Segment
	src   *entity
}

func (p piece) end() profile.Point { return p.segs[len(p.segs)-1].End }

func (p piece) reverse() piece {
	pts := append([]profile.Point{p.start}, make([]profile.Point, 0, len(p.segs))...)
	for _, s := range p.segs {
		pts = append(pts, s.End)
	}
	out := piece{start: pts[len(pts)-1], src: p.src}
	for i := len(p.segs) - 1; i >= 0; i-- {
		out.segs = append(out.segs, profile.Segment{End: pts[i], Bulge: -p.segs[i].Bulge})
	}
	return out
}

func (e *entity) err(reason string) error {
	return &Error{Line: e.line, Entity: excerpt(e.kind), Layer: e.layer, Reason: reason}
}

// values returns the entity's numeric values for the given codes (first
// occurrence); missing codes are errors.
func (e *entity) values(codes ...int) ([]float64, error) {
	out := make([]float64, len(codes))
	for k, c := range codes {
		found := false
		for _, g := range e.groups {
			if g.code == c {
				v, err := number(g.value)
				if err != nil {
					return nil, e.err(fmt.Sprintf("group %d: %v", c, err))
				}
				out[k], found = v, true
				break
			}
		}
		if !found {
			return nil, e.err(fmt.Sprintf("missing group %d", c))
		}
	}
	return out, nil
}

// optional returns the value of the entity's first group with the code,
// or 0 when it has none.
func (e *entity) optional(code int) (float64, error) {
	for _, g := range e.groups {
		if g.code == code {
			v, err := number(g.value)
			if err != nil {
				return 0, e.err(fmt.Sprintf("group %d: %v", code, err))
			}
			return v, nil
		}
	}
	return 0, nil
}

func number(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a finite number", truncate(s))
	}
	if math.Abs(v) > maxCoord {
		return 0, fmt.Errorf("%g is out of range", v)
	}
	return v, nil
}

// unsupported are entities with geometry that fabkit cannot cut exactly.
var unsupported = map[string]string{
	"SPLINE":     "convert splines to polylines with arcs",
	"ELLIPSE":    "convert ellipses to polylines with arcs",
	"INSERT":     "explode block references",
	"REGION":     "explode regions",
	"3DSOLID":    "export the plate outline as 2D",
	"BODY":       "export the plate outline as 2D",
	"MLINE":      "explode multilines",
	"3DFACE":     "export the plate outline as 2D",
	"POLYFACE":   "export the plate outline as 2D",
	"HELIX":      "export the plate outline as 2D",
	"SURFACE":    "export the plate outline as 2D",
	"MESH":       "export the plate outline as 2D",
	"ACAD_TABLE": "remove tables",
}

// geometry turns an entity into closed loops or open pieces.
func (e *entity) geometry(scale float64) ([]profile.Path, []piece, error) {
	pt := func(x, y float64) profile.Point { return profile.Point{X: x * scale, Y: y * scale} }
	switch e.kind {
	case "LINE":
		v, err := e.values(10, 20, 11, 21)
		if err != nil {
			return nil, nil, err
		}
		a, b := pt(v[0], v[1]), pt(v[2], v[3])
		if a.Sub(b).Len() < 1e-9 {
			return nil, nil, nil // a zero-length line joins nothing
		}
		return nil, []piece{{start: a, segs: []profile.Segment{{End: b}}, src: e}}, nil
	case "ARC":
		v, err := e.values(10, 20, 40, 50, 51)
		if err != nil {
			return nil, nil, err
		}
		c, r := pt(v[0], v[1]), v[2]*scale
		if r <= 0 {
			return nil, nil, e.err(fmt.Sprintf("radius %g is not positive", v[2]))
		}
		sweep := math.Mod(v[4]-v[3], 360)
		if sweep <= 1e-9 {
			sweep += 360
		}
		a0 := v[3] * math.Pi / 180
		sw := sweep * math.Pi / 180
		start := profile.Point{X: c.X + r*math.Cos(a0), Y: c.Y + r*math.Sin(a0)}
		end := profile.Point{X: c.X + r*math.Cos(a0+sw), Y: c.Y + r*math.Sin(a0+sw)}
		if sweep >= 360-1e-9 {
			return []profile.Path{profile.Circle(c.X, c.Y, r)}, nil, nil
		}
		var segs []profile.Segment
		if sweep > 180 { // split so each piece's bulge stays within ±1
			mid := profile.Point{X: c.X + r*math.Cos(a0+sw/2), Y: c.Y + r*math.Sin(a0+sw/2)}
			b := math.Tan(sw / 8)
			segs = []profile.Segment{{End: mid, Bulge: b}, {End: end, Bulge: b}}
		} else {
			segs = []profile.Segment{{End: end, Bulge: math.Tan(sw / 4)}}
		}
		return nil, []piece{{start: start, segs: segs, src: e}}, nil
	case "CIRCLE":
		v, err := e.values(10, 20, 40)
		if err != nil {
			return nil, nil, err
		}
		if v[2] <= 0 {
			return nil, nil, e.err(fmt.Sprintf("radius %g is not positive", v[2]))
		}
		c := pt(v[0], v[1])
		return []profile.Path{profile.Circle(c.X, c.Y, v[2]*scale)}, nil, nil
	case "LWPOLYLINE":
		var pts []profile.Point
		var bulges []float64
		var flags float64
		var x float64
		haveX := false
		for _, g := range e.groups {
			switch g.code {
			case 10, 20, 42, 70:
				v, err := number(g.value)
				if err != nil {
					return nil, nil, e.err(fmt.Sprintf("group %d: %v", g.code, err))
				}
				switch g.code {
				case 10:
					x, haveX = v, true
				case 20:
					if !haveX {
						return nil, nil, e.err("a Y coordinate without an X")
					}
					pts = append(pts, pt(x, v))
					bulges = append(bulges, 0)
					haveX = false
				case 42:
					if len(bulges) > 0 {
						bulges[len(bulges)-1] = v
					}
				case 70:
					flags = v
				}
			}
		}
		return e.poly(pts, bulges, int(flags)&1 == 1)
	case "POLYLINE":
		flags := 0.0
		for _, g := range e.groups {
			if g.code == 70 {
				v, err := number(g.value)
				if err != nil {
					return nil, nil, e.err(fmt.Sprintf("group 70: %v", err))
				}
				flags = v
			}
		}
		if int(flags)&(8|16|64) != 0 {
			return nil, nil, e.err("3D polylines and meshes are not supported; export a 2D outline")
		}
		pts := make([]profile.Point, len(e.pts))
		for i, q := range e.pts {
			pts[i] = pt(q.X, q.Y)
		}
		bulges := e.bulges
		return e.poly(pts, bulges, int(flags)&1 == 1)
	}
	if hint, ok := unsupported[e.kind]; ok {
		return nil, nil, e.err("not supported: " + hint)
	}
	return nil, nil, nil // text, dimensions, points, hatches: not cut
}

// poly turns polyline vertices into a closed loop or an open piece.
func (e *entity) poly(pts []profile.Point, bulges []float64, closed bool) ([]profile.Path, []piece, error) {
	n := len(pts)
	if n < 2 {
		return nil, nil, e.err(fmt.Sprintf("polyline with %d vertices", n))
	}
	var segs []profile.Segment
	add := func(i int, to profile.Point) {
		from := pts[i]
		if to.Sub(from).Len() < 1e-9 {
			return
		}
		segs = append(segs, profile.Segment{End: to, Bulge: bulges[i]})
	}
	for i := 0; i+1 < n; i++ {
		add(i, pts[i+1])
	}
	if closed {
		add(n-1, pts[0])
	}
	if len(segs) == 0 {
		return nil, nil, e.err("polyline has no length")
	}
	if closed || segs[len(segs)-1].End.Sub(pts[0]).Len() < 1e-9 {
		last := &segs[len(segs)-1]
		last.End = pts[0]
		return []profile.Path{{Start: pts[0], Segs: segs}}, nil, nil
	}
	return nil, []piece{{start: pts[0], segs: segs, src: e}}, nil
}

// chain joins open pieces end to end into closed loops. Free ends are
// hashed on a grid of tolerance-sized cells, so each join looks at the
// ends in the 3 x 3 cells around it: linear in the pieces, not quadratic.
// Of the ends within tolerance the nearest wins, ties to the earliest
// piece, its start before its end.
func chain(pieces []piece, tol float64) ([]profile.Path, error) {
	type end struct {
		piece int
		atEnd bool
	}
	cell := func(q profile.Point) [2]int64 {
		return [2]int64{int64(math.Floor(q.X / tol)), int64(math.Floor(q.Y / tol))}
	}
	grid := map[[2]int64][]end{}
	for i, p := range pieces {
		grid[cell(p.start)] = append(grid[cell(p.start)], end{i, false})
		grid[cell(p.end())] = append(grid[cell(p.end())], end{i, true})
	}
	used := make([]bool, len(pieces))
	// nearest returns the free end nearest to q within tol, or -1.
	nearest := func(q profile.Point) (int, bool) {
		best, bestD, rev := -1, math.Inf(1), false
		c := cell(q)
		for dx := int64(-1); dx <= 1; dx++ {
			for dy := int64(-1); dy <= 1; dy++ {
				k := [2]int64{c[0] + dx, c[1] + dy}
				ends := grid[k]
				live := ends[:0] // drop the ends of used pieces as they are met
				for _, e := range ends {
					if used[e.piece] {
						continue
					}
					live = append(live, e)
					at := pieces[e.piece].start
					if e.atEnd {
						at = pieces[e.piece].end()
					}
					d := at.Sub(q).Len()
					if d > tol {
						continue
					}
					if d < bestD || d == bestD && (e.piece < best || e.piece == best && !e.atEnd) {
						best, bestD, rev = e.piece, d, e.atEnd
					}
				}
				if len(live) < len(ends) {
					grid[k] = live
				}
			}
		}
		return best, rev
	}
	var loops []profile.Path
	for i := range pieces {
		if used[i] {
			continue
		}
		used[i] = true
		cur := pieces[i]
		path := profile.Path{Start: cur.start, Segs: append([]profile.Segment(nil), cur.segs...)}
		for {
			end := path.Segs[len(path.Segs)-1].End
			if len(path.Segs) > 1 && end.Sub(path.Start).Len() <= tol {
				path.Segs[len(path.Segs)-1].End = path.Start
				loops = append(loops, path)
				break
			}
			best, rev := nearest(end)
			if best < 0 {
				return nil, openLoop(pieces, used, pieces[i].src, path.Start, end, tol)
			}
			used[best] = true
			next := pieces[best]
			if rev {
				next = next.reverse()
			}
			// Snap the join: the next piece starts where this one ends.
			path.Segs = append(path.Segs, next.segs...)
		}
	}
	return loops, nil
}

// openLoop describes a chain that stops: where, and how far the nearest
// free end is (one pass over the pieces: the read ends here).
func openLoop(pieces []piece, used []bool, src *entity, start, end profile.Point, tol float64) error {
	gap := end.Sub(start).Len()
	for j, p := range pieces {
		if !used[j] {
			gap = math.Min(gap, math.Min(p.start.Sub(end).Len(), p.end().Sub(end).Len()))
		}
	}
	return &Error{Line: src.line, Entity: excerpt(src.kind), Layer: src.layer,
		Reason: fmt.Sprintf("open loop: the chain starting here at (%.3f, %.3f) stops at (%.3f, %.3f); the nearest free end is %.4fmm away (tolerance %gmm)",
			start.X, start.Y, end.X, end.Y, gap, tol)}
}

// work estimates the point tests profile.Validate makes on p: each hole's
// flattened points against the outline's segments, and against the
// segments of each other hole whose bounds meet its own. It stops counting
// past 1e18.
func work(p profile.Profile) float64 {
	n := len(p.Holes)
	type hole struct {
		box       profile.Box
		pts, segs float64
	}
	hs := make([]hole, n)
	w := 0.0
	for i, h := range p.Holes {
		hs[i] = hole{h.Bounds(), flatPoints(h, 0.05), float64(len(h.Segs))}
		w += hs[i].pts * float64(len(p.Outer.Segs))
	}
	sort.Slice(hs, func(i, j int) bool { return hs[i].box.Min.X < hs[j].box.Min.X })
	for i := range hs {
		for j := i + 1; j < n && hs[j].box.Min.X <= hs[i].box.Max.X; j++ {
			if hs[j].box.Min.Y <= hs[i].box.Max.Y && hs[i].box.Min.Y <= hs[j].box.Max.Y {
				w += hs[i].pts*hs[j].segs + hs[j].pts*hs[i].segs
			}
			if w > 1e18 {
				return w
			}
		}
	}
	return w
}

// flatPoints is how many points path.Flatten(tol) returns, without
// making them.
func flatPoints(path profile.Path, tol float64) float64 {
	n := 0.0
	path.Each(func(a profile.Point, s profile.Segment) {
		n++
		if arc, ok := profile.ArcOf(a, s); ok {
			step := 2 * math.Acos(math.Max(-1, 1-tol/arc.Radius))
			if step > 0 {
				n += math.Max(1, math.Ceil(math.Abs(arc.Sweep)/step-1e-9)-1)
			}
		}
	})
	return n
}
