package dxf

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/fabkit/fabkit/geometry/profile"
)

// ReadOptions configure Read. The zero value reads millimetres (or the
// file's $INSUNITS), skips layer ETCH and joins ends within 0.01 mm.
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
}

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
		fmt.Fprintf(&b, " on layer %s", e.Layer)
	}
	return b.String() + ": " + e.Reason
}

// maxCoord bounds coordinates (mm) so that broken files cannot ask for
// absurd geometry.
const maxCoord = 1e7

// Read reads a part drawing: LWPOLYLINE (with bulges), POLYLINE/VERTEX,
// LINE, ARC and CIRCLE entities from the ENTITIES section. Lines, arcs and
// open polylines are chained into closed loops end to end. The loop with
// the largest area is the outer profile and the others are holes. Open
// chains, entities fabkit cannot cut exactly (SPLINE, ELLIPSE, block
// INSERTs, ...) and binary DXF are errors.
func Read(r io.Reader, opt ReadOptions) (profile.Profile, error) {
	if opt.Tolerance <= 0 {
		opt.Tolerance = 0.01
	}
	if opt.SkipLayers == nil {
		opt.SkipLayers = []string{LayerEtch, LayerSheet}
	}
	pairs, err := readPairs(r)
	if err != nil {
		return profile.Profile{}, err
	}
	scale := opt.Scale
	if scale <= 0 {
		scale = headerScale(pairs)
	}
	ents, err := entities(pairs)
	if err != nil {
		return profile.Profile{}, err
	}
	skip := map[string]bool{}
	for _, l := range opt.SkipLayers {
		skip[strings.ToUpper(l)] = true
	}
	var loops []profile.Path
	var pieces []piece
	for _, e := range ents {
		if skip[strings.ToUpper(e.layer)] {
			continue
		}
		ls, ps, err := e.geometry(scale)
		if err != nil {
			return profile.Profile{}, err
		}
		loops = append(loops, ls...)
		pieces = append(pieces, ps...)
	}
	chained, err := chain(pieces, opt.Tolerance)
	if err != nil {
		return profile.Profile{}, err
	}
	loops = append(loops, chained...)
	if len(loops) == 0 {
		return profile.Profile{}, &Error{Reason: "no closed profile found (the ENTITIES section has no lines, arcs, circles or polylines)"}
	}
	for i, l := range loops {
		if err := l.Validate(); err != nil {
			return profile.Profile{}, &Error{Reason: fmt.Sprintf("loop %d near (%.3f, %.3f): %v", i+1, l.Start.X, l.Start.Y, err)}
		}
	}
	sort.SliceStable(loops, func(i, j int) bool { return math.Abs(loops[i].Area()) > math.Abs(loops[j].Area()) })
	p := profile.New(loops[0], loops[1:]...)
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

func readPairs(r io.Reader) ([]pair, error) {
	br := bufio.NewReader(r)
	if head, _ := br.Peek(22); bytes.HasPrefix(head, []byte("AutoCAD Binary DXF")) {
		return nil, &Error{Reason: "binary DXF is not supported; save as ASCII DXF"}
	}
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var out []pair
	line := 0
	for sc.Scan() {
		line++
		codeText := strings.TrimSpace(sc.Text())
		if codeText == "" && !sc.Scan() {
			break
		} else if codeText == "" {
			// a blank line where a group code belongs: tolerate trailing blanks only
			return nil, &Error{Line: line, Reason: "blank line where a group code was expected"}
		}
		code, err := strconv.Atoi(codeText)
		if err != nil {
			return nil, &Error{Line: line, Reason: fmt.Sprintf("group code %q is not a number (is this an ASCII DXF?)", truncate(codeText))}
		}
		if !sc.Scan() {
			return nil, &Error{Line: line, Reason: fmt.Sprintf("group code %d has no value", code)}
		}
		line++
		out = append(out, pair{code: code, value: strings.TrimSpace(sc.Text()), line: line - 1})
		if code == 0 && out[len(out)-1].value == "EOF" {
			break
		}
	}
	if err := sc.Err(); err != nil {
		return nil, &Error{Line: line, Reason: err.Error()}
	}
	return out, nil
}

func truncate(s string) string {
	if len(s) > 20 {
		return s[:20] + "..."
	}
	return s
}

// headerScale reads $INSUNITS: the drawing unit in millimetres.
func headerScale(ps []pair) float64 {
	for i := 0; i+1 < len(ps); i++ {
		if ps[i].code == 9 && ps[i].value == "$INSUNITS" && ps[i+1].code == 70 {
			switch ps[i+1].value {
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
	}
	return 1
}

// entity is one entity's groups; vertices holds a POLYLINE's VERTEX entities.
type entity struct {
	kind     string
	layer    string
	line     int
	groups   []pair
	vertices []entity
}

// entities returns the entities of the ENTITIES section.
func entities(ps []pair) ([]entity, error) {
	var out []entity
	in := false
	for i := 0; i < len(ps); i++ {
		p := ps[i]
		if p.code != 0 {
			continue
		}
		if !in {
			if p.value == "SECTION" && i+1 < len(ps) && ps[i+1].code == 2 && ps[i+1].value == "ENTITIES" {
				in = true
			}
			continue
		}
		if p.value == "ENDSEC" || p.value == "EOF" {
			break
		}
		e := entity{kind: p.value, line: p.line}
		for i+1 < len(ps) && ps[i+1].code != 0 {
			i++
			e.groups = append(e.groups, ps[i])
			if ps[i].code == 8 {
				e.layer = ps[i].value
			}
		}
		if e.kind == "VERTEX" || e.kind == "SEQEND" {
			if n := len(out); n > 0 && out[n-1].kind == "POLYLINE" && e.kind == "VERTEX" {
				out[n-1].vertices = append(out[n-1].vertices, e)
			}
			continue
		}
		out = append(out, e)
	}
	if !in {
		return nil, &Error{Reason: "no ENTITIES section"}
	}
	return out, nil
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
	return &Error{Line: e.line, Entity: e.kind, Layer: e.layer, Reason: reason}
}

// values returns the entity's numeric values for the given codes (first
// occurrence); missing codes are errors.
func (e *entity) values(scale float64, codes ...int) ([]float64, error) {
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
		v, err := e.values(1, 10, 20, 11, 21)
		if err != nil {
			return nil, nil, err
		}
		a, b := pt(v[0], v[1]), pt(v[2], v[3])
		if a.Sub(b).Len() < 1e-9 {
			return nil, nil, nil // a zero-length line joins nothing
		}
		return nil, []piece{{start: a, segs: []profile.Segment{{End: b}}, src: e}}, nil
	case "ARC":
		v, err := e.values(1, 10, 20, 40, 50, 51)
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
		v, err := e.values(1, 10, 20, 40)
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
		var pts []profile.Point
		var bulges []float64
		for i := range e.vertices {
			vx := &e.vertices[i]
			v, err := vx.values(1, 10, 20)
			if err != nil {
				return nil, nil, err
			}
			b := 0.0
			for _, g := range vx.groups {
				if g.code == 42 {
					if b, err = number(g.value); err != nil {
						return nil, nil, vx.err(fmt.Sprintf("group 42: %v", err))
					}
				}
			}
			pts = append(pts, pt(v[0], v[1]))
			bulges = append(bulges, b)
		}
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

// chain joins open pieces end to end into closed loops.
func chain(pieces []piece, tol float64) ([]profile.Path, error) {
	used := make([]bool, len(pieces))
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
			best, bestD, rev := -1, math.Inf(1), false
			for j := range pieces {
				if used[j] {
					continue
				}
				if d := pieces[j].start.Sub(end).Len(); d < bestD {
					best, bestD, rev = j, d, false
				}
				if d := pieces[j].end().Sub(end).Len(); d < bestD {
					best, bestD, rev = j, d, true
				}
			}
			closeGap := end.Sub(path.Start).Len()
			if best < 0 || bestD > tol {
				gap := math.Min(bestD, closeGap)
				src := pieces[i].src
				return nil, &Error{Line: src.line, Entity: src.kind, Layer: src.layer,
					Reason: fmt.Sprintf("open loop: the chain starting here at (%.3f, %.3f) stops at (%.3f, %.3f); the nearest free end is %.4fmm away (tolerance %gmm)",
						path.Start.X, path.Start.Y, end.X, end.Y, gap, tol)}
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
