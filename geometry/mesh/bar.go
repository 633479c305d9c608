package mesh

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/fabkit/fabkit/geometry/section"

	"github.com/fabkit/fabkit/geometry/profile"
)

// Bar is a piece of linear stock: section, length along the part axis
// (measured at the section centre, from x=0 to x=Length), end cuts and holes.
//
// End cuts and holes are the bar's own (section.End, section.Hole); see
// section.Hole for the holes each section takes. Every wall a hole's axis
// crosses must be wide enough for it (a hole may not break into a corner
// radius), otherwise ExtrudeBar returns a *BarError.
type Bar struct {
	Section    section.Section
	Length     float64
	Start, End section.End
	Holes      []section.Hole
	// Tolerance is the chord tolerance for arcs in mm; 0 means
	// DefaultTolerance.
	Tolerance float64
}

// BarError reports an invalid Bar: the field at fault, and why.
type BarError struct {
	Field  string // e.g. "Section.Wall", "Holes[1].Diameter"
	Reason string
}

// Error reads like "mesh: bar: Holes[1].At: 990: the Ø17.5 hole runs past an end of the bar".
func (e *BarError) Error() string {
	return "mesh: bar: " + e.Field + ": " + e.Reason
}

func perr(field, format string, a ...any) error {
	return &BarError{Field: field, Reason: fmt.Sprintf(format, a...)}
}

// validateSection checks the sizes the mesher needs for the section's shape.
func validateSection(s section.Section) error {
	pos := func(name string, v float64) error {
		if !(v > 0) || math.IsInf(v, 0) {
			return perr("Section."+name, "%g: must be positive", v)
		}
		return nil
	}
	var err error
	switch s.Shape {
	case section.SquareTube, section.RectTube:
		for _, f := range []struct {
			n string
			v float64
		}{{"Width", s.Width}, {"Height", s.Height}, {"Wall", s.Wall}} {
			if err = pos(f.n, f.v); err != nil {
				return err
			}
		}
		m := math.Min(s.Width, s.Height)
		if s.Wall >= m/2 {
			return perr("Section.Wall", "%g: must be less than half of %g", s.Wall, m)
		}
		if s.Radius < 0 || s.Radius >= m/2 {
			return perr("Section.Radius", "%g: out of range 0..%g (exclusive)", s.Radius, m/2)
		}
	case section.Angle:
		for _, f := range []struct {
			n string
			v float64
		}{{"Width", s.Width}, {"Height", s.Height}, {"Wall", s.Wall}} {
			if err = pos(f.n, f.v); err != nil {
				return err
			}
		}
		if s.Wall >= math.Min(s.Width, s.Height) {
			return perr("Section.Wall", "%g: must be less than both legs", s.Wall)
		}
	case section.Flat:
		if err = pos("Width", s.Width); err != nil {
			return err
		}
		return pos("Height", s.Height)
	case section.Round:
		return pos("Diameter", s.Diameter)
	case section.Pipe:
		if err = pos("Diameter", s.Diameter); err != nil {
			return err
		}
		if err = pos("Wall", s.Wall); err != nil {
			return err
		}
		if s.Wall >= s.Diameter/2 {
			return perr("Section.Wall", "%g: must be less than the radius %g", s.Wall, s.Diameter/2)
		}
	default:
		return perr("Section.Shape", "unknown shape %q", s.Shape)
	}
	return nil
}

// SectionRings returns the section outline as area-preserving polylines in
// the YZ plane (Vec2{X: y, Y: z}): the outer boundary counter-clockwise
// first, then the inner boundary of a tube or pipe, clockwise. Arcs are
// split so that chords stay within tol (0 means DefaultTolerance) and the
// polygon area equals the section's area.
func SectionRings(s section.Section, tol float64) ([][]profile.Point, error) {
	if err := validateSection(s); err != nil {
		return nil, err
	}
	if tol <= 0 {
		tol = DefaultTolerance
	}
	var rings [][]profile.Point
	switch s.Shape {
	case section.SquareTube, section.RectTube:
		ri := math.Max(s.Radius-s.Wall, 0)
		in := roundedRect(s.Width-2*s.Wall, s.Height-2*s.Wall, ri, tol)
		slices.Reverse(in)
		rings = [][]profile.Point{roundedRect(s.Width, s.Height, s.Radius, tol), in}
	case section.Angle:
		w, h, t := s.Width/2, s.Height/2, s.Wall
		rings = [][]profile.Point{{{X: -w, Y: -h}, {X: w, Y: -h}, {X: w, Y: h}, {X: w - t, Y: h}, {X: w - t, Y: -h + t}, {X: -w, Y: -h + t}}}
	case section.Flat:
		rings = [][]profile.Point{roundedRect(s.Width, s.Height, 0, tol)}
	case section.Round:
		rings = [][]profile.Point{Circle(profile.Point{}, s.Diameter/2, tol)}
	case section.Pipe:
		in := Circle(profile.Point{}, s.Diameter/2-s.Wall, tol)
		slices.Reverse(in)
		rings = [][]profile.Point{Circle(profile.Point{}, s.Diameter/2, tol), in}
	}
	return rings, nil
}

// builder assembles a mesh, sharing vertices that are bit-identical (every
// shared point is computed by one expression, so exact welding is safe).
type builder struct {
	m   Mesh
	ids map[Vec3]int32
}

func (b *builder) v(p Vec3) int32 {
	if i, ok := b.ids[p]; ok {
		return i
	}
	i := int32(len(b.m.Vertices))
	b.m.Vertices = append(b.m.Vertices, p)
	b.ids[p] = i
	return i
}

// tri adds triangle ijk, reversed if needed so its normal points along out.
func (b *builder) tri(i, j, k int32, out Vec3) {
	p, q, r := b.m.Vertices[i], b.m.Vertices[j], b.m.Vertices[k]
	if q.Sub(p).Cross(r.Sub(p)).Dot(out) < 0 {
		j, k = k, j
	}
	b.m.Triangles = append(b.m.Triangles, [3]int32{i, j, k})
}

// holePlan is one validated hole: its polygon ring (in x and the across
// coordinate), the levels of the walls it cuts, and the strips it pierces.
type holePlan struct {
	alongZ bool            // drill axis along Z (top/bottom) rather than Y
	x, c   float64         // centre: x and across coordinate (y for Z holes, z for Y holes)
	rho    float64         // vertex radius of the area-preserving polygon
	ring   []profile.Point // polygon vertices: X = x, Y = across coordinate
	walls  [][2]int        // pairs of indices into cuts: entry and exit face of each wall
	cuts   []cutFace       // faces the hole passes through
}

type cutFace struct {
	ring, seg int
	level     float64 // z (Z holes) or y (Y holes) of the face
}

func (h *holePlan) point(j int, level float64) Vec3 {
	p := h.ring[j]
	if h.alongZ {
		return Vec3{p.X, p.Y, level}
	}
	return Vec3{p.X, level, p.Y}
}

// radians is an end cut's mitre in radians.
func radians(e section.End) float64 { return e.Mitre * math.Pi / 180 }

// ExtrudeBar returns the exact mesh of a piece of linear stock: the
// section swept along X from 0 to Length, cut at each end by the end cut
// planes, with the drilled holes. Arcs are area-preserving polylines, so the
// mesh volume equals the analytic volume (section area × length on the
// centroid, minus π r² × wall for each wall a hole passes) to rounding;
// cross holes in round bar and pipe are within ⅔ tol × πr² of the true
// cylinder intersection per curve where hole and bar surface meet (see
// crosshole.go).
func ExtrudeBar(p Bar) (*Mesh, error) {
	tol := p.Tolerance
	if tol <= 0 {
		tol = DefaultTolerance
	}
	if !(p.Length > 0) || math.IsInf(p.Length, 0) {
		return nil, perr("Length", "%g: must be positive", p.Length)
	}
	raw, err := SectionRings(p.Section, tol)
	if err != nil {
		return nil, err
	}
	rings, err := normalizeRings(raw)
	if err != nil {
		return nil, fmt.Errorf("mesh: bar: section: %w", err)
	}
	lim := 89 * math.Pi / 180
	for _, e := range []struct {
		n string
		c section.End
	}{{"Start", p.Start}, {"End", p.End}} {
		if a := radians(e.c); math.IsNaN(a) || math.Abs(a) > lim {
			return nil, perr(e.n+".Mitre", "%g°: out of range -89°..89°", e.c.Mitre)
		}
		if !e.c.Axis.Valid() {
			return nil, perr(e.n+".Axis", "unknown axis %q", e.c.Axis)
		}
		if a := e.c.Second * math.Pi / 180; math.IsNaN(a) || math.Abs(a) > lim {
			return nil, perr(e.n+".Second", "%g°: out of range -89°..89°", e.c.Second)
		}
	}
	xs, creaseS := endCut(p.Start, 0, -1)
	xe, creaseE := endCut(p.End, p.Length, 1)
	rings = splitRings(splitRings(rings, creaseS), creaseE)
	for _, r := range rings {
		for _, q := range r {
			if !(xe(q)-xs(q) > 0) {
				return nil, perr("Length", "%g: the end cuts cross inside the bar at section point (%g, %g)", p.Length, q.X, q.Y)
			}
		}
	}
	holes, err := planHoles(p, rings, tol, xs, xe)
	if err != nil {
		return nil, err
	}
	cross, err := planCrossHoles(p, rings, tol, xs, xe)
	if err != nil {
		return nil, err
	}

	b := &builder{ids: make(map[Vec3]int32)}
	S := func(q profile.Point) Vec3 { return Vec3{xs(q), q.X, q.Y} }
	E := func(q profile.Point) Vec3 { return Vec3{xe(q), q.X, q.Y} }

	// End caps.
	pts, idx := flatten(rings)
	capTris, err := triangulate(pts, idx)
	if err != nil {
		return nil, fmt.Errorf("mesh: bar: section: %w", err)
	}
	for _, t := range splitTris(pts, capTris, creaseS) {
		b.tri(b.v(S(t[0])), b.v(S(t[1])), b.v(S(t[2])), Vec3{-1, 0, 0})
	}
	for _, t := range splitTris(pts, capTris, creaseE) {
		b.tri(b.v(E(t[0])), b.v(E(t[1])), b.v(E(t[2])), Vec3{1, 0, 0})
	}

	// Which holes pierce which strip.
	type stripKey struct{ ring, seg int }
	pierce := make(map[stripKey][]struct {
		h     *holePlan
		level float64
	})
	for _, h := range holes {
		for _, c := range h.cuts {
			k := stripKey{c.ring, c.seg}
			pierce[k] = append(pierce[k], struct {
				h     *holePlan
				level float64
			}{h, c.level})
		}
	}

	// Walls along the bar, one strip per section edge.
	for k, r := range rings {
		for i := range r {
			a, c := r[i], r[(i+1)%len(r)]
			out := Vec3{0, c.Y - a.Y, -(c.X - a.X)}
			sa, ea, ec, sc := b.v(S(a)), b.v(E(a)), b.v(E(c)), b.v(S(c))
			if cross.pierced(k, i) {
				if err := cross.strip(b, r, k, i, S, E, out); err != nil {
					return nil, err
				}
				continue
			}
			ps := pierce[stripKey{k, i}]
			if len(ps) == 0 {
				b.tri(sa, ea, ec, out)
				b.tri(sa, ec, sc, out)
				continue
			}
			// Triangulate the strip with its holes in strip coordinates
			// (u = x, v = distance along a→c).
			d := profile.Point{X: c.X - a.X, Y: c.Y - a.Y}
			dl := math.Hypot(d.X, d.Y)
			d = profile.Point{X: d.X / dl, Y: d.Y / dl}
			var p2 []profile.Point
			var ids []int32
			add := func(q Vec3) int {
				ids = append(ids, b.v(q))
				p2 = append(p2, profile.Point{X: q.X, Y: (q.Y-a.X)*d.X + (q.Z-a.Y)*d.Y})
				return len(p2) - 1
			}
			outer := []int{add(S(a)), add(E(a)), add(E(c)), add(S(c))}
			if orient(p2[outer[0]], p2[outer[1]], p2[outer[2]]) < 0 {
				slices.Reverse(outer)
			}
			sr := [][]int{outer}
			for _, pc := range ps {
				var hr []int
				for j := range pc.h.ring {
					hr = append(hr, add(pc.h.point(j, pc.level)))
				}
				if ringAreaIdx(p2, hr) > 0 {
					slices.Reverse(hr)
				}
				sr = append(sr, hr)
			}
			tris, err := triangulate(p2, sr)
			if err != nil {
				return nil, fmt.Errorf("mesh: bar: wall %d of ring %d with holes: %w", i, k, err)
			}
			for _, t := range tris {
				b.tri(ids[t[0]], ids[t[1]], ids[t[2]], out)
			}
		}
	}

	// Hole walls.
	for _, h := range holes {
		n := len(h.ring)
		for _, w := range h.walls {
			l0, l1 := h.cuts[w[0]].level, h.cuts[w[1]].level
			for j := 0; j < n; j++ {
				jn := (j + 1) % n
				p00, p01 := h.point(j, l0), h.point(jn, l0)
				p10, p11 := h.point(j, l1), h.point(jn, l1)
				mid := p00.Add(p01).Scale(0.5)
				var out Vec3
				if h.alongZ {
					out = Vec3{h.x - mid.X, h.c - mid.Y, 0}
				} else {
					out = Vec3{h.x - mid.X, 0, h.c - mid.Z}
				}
				i00, i01, i10, i11 := b.v(p00), b.v(p01), b.v(p10), b.v(p11)
				b.tri(i00, i01, i11, out)
				b.tri(i00, i11, i10, out)
			}
		}
	}
	if cross != nil {
		if err := cross.walls(b); err != nil {
			return nil, err
		}
	}
	return &b.m, nil
}

func ringAreaIdx(p []profile.Point, r []int) float64 {
	var s float64
	for i := range r {
		a, b := p[r[i]], p[r[(i+1)%len(r)]]
		s += a.X*b.Y - b.X*a.Y
	}
	return s / 2
}

// planHoles validates the holes of p against the normalized section rings
// and returns where each one cuts.
func planHoles(p Bar, rings [][]profile.Point, tol float64, xs, xe func(profile.Point) float64) ([]*holePlan, error) {
	if p.Section.Shape.Circular() {
		return nil, nil // cross holes: see planCrossHoles
	}
	var plans []*holePlan
	for hi, h := range p.Holes {
		f := func(name string) string { return fmt.Sprintf("Holes[%d].%s", hi, name) }
		if !(h.Diameter > 0) || math.IsInf(h.Diameter, 0) {
			return nil, perr(f("Diameter"), "%g: must be positive", h.Diameter)
		}
		hp := &holePlan{x: h.At, c: h.Offset}
		var entryHigh bool
		switch h.Face {
		case section.Top:
			hp.alongZ, entryHigh = true, true
		case section.Bottom:
			hp.alongZ = true
		case section.Left:
			entryHigh = true
		case section.Right:
		default:
			return nil, perr(f("Face"), "%q: must be %q, %q, %q or %q", h.Face, section.Top, section.Bottom, section.Left, section.Right)
		}
		r := h.Diameter / 2
		circ := Circle(profile.Point{X: h.At, Y: h.Offset}, r, tol)
		hp.ring = circ
		n := len(circ)
		th := 2 * math.Pi / float64(n)
		hp.rho = r * math.Sqrt(th/math.Sin(th))
		lo, hi2 := h.Offset-hp.rho, h.Offset+hp.rho
		for k, ring := range rings {
			for i := range ring {
				a, c := ring[i], ring[(i+1)%len(ring)]
				across0, across1, lev0, lev1 := a.X, c.X, a.Y, c.Y
				if !hp.alongZ {
					across0, across1, lev0, lev1 = a.Y, c.Y, a.X, c.X
				}
				mn, mx := math.Min(across0, across1), math.Max(across0, across1)
				if mx < lo || mn > hi2 {
					continue
				}
				if lev0 != lev1 || !(mn < lo && mx > hi2) {
					return nil, perr(f("Offset"), "%g: a Ø%g hole from the %s face would break into a corner, curved or slanted wall of the section", h.Offset, h.Diameter, h.Face)
				}
				hp.cuts = append(hp.cuts, cutFace{k, i, lev0})
			}
		}
		if len(hp.cuts) == 0 || len(hp.cuts)%2 != 0 {
			return nil, perr(f("Offset"), "%g: the drill axis from the %s face misses the section", h.Offset, h.Face)
		}
		slices.SortStableFunc(hp.cuts, func(x, y cutFace) int {
			if entryHigh {
				return cmp.Compare(y.level, x.level)
			}
			return cmp.Compare(x.level, y.level)
		})
		for w := 0; w+1 < len(hp.cuts); w += 2 {
			hp.walls = append(hp.walls, [2]int{w, w + 1})
			if !h.Through {
				break
			}
		}
		if !h.Through {
			hp.cuts = hp.cuts[:2]
		}
		// The hole must lie inside the bar between the end cuts.
		for _, c := range hp.cuts {
			for j := range hp.ring {
				q := hp.point(j, c.level)
				s := profile.Point{X: q.Y, Y: q.Z}
				if !(q.X > xs(s)) || !(q.X < xe(s)) {
					return nil, perr(f("At"), "%g: the Ø%g hole runs past an end of the bar", h.At, h.Diameter)
				}
			}
		}
		plans = append(plans, hp)
	}
	// Holes must not overlap each other.
	for i, a := range plans {
		for j := i + 1; j < len(plans); j++ {
			b := plans[j]
			if math.Abs(a.x-b.x) > a.rho+b.rho {
				continue
			}
			if a.alongZ == b.alongZ {
				if math.Hypot(a.x-b.x, a.c-b.c) > a.rho+b.rho {
					continue
				}
				// Same axis direction and overlapping footprints: they clash
				// if any of their walls share a level range.
				if levelsOverlap(a, b) {
					return nil, perr(fmt.Sprintf("Holes[%d]", j), "overlaps Holes[%d]", i)
				}
				continue
			}
			// Crossing directions: compare the boxes of their walls.
			for _, wa := range a.walls {
				for _, wb := range b.walls {
					al0, al1 := minmax(a.cuts[wa[0]].level, a.cuts[wa[1]].level)
					bl0, bl1 := minmax(b.cuts[wb[0]].level, b.cuts[wb[1]].level)
					// a's level is b's across coordinate and vice versa.
					if al1 > b.c-b.rho && al0 < b.c+b.rho && bl1 > a.c-a.rho && bl0 < a.c+a.rho {
						return nil, perr(fmt.Sprintf("Holes[%d]", j), "crosses Holes[%d] inside the material", i)
					}
				}
			}
		}
	}
	return plans, nil
}

func minmax(a, b float64) (float64, float64) {
	if a < b {
		return a, b
	}
	return b, a
}

func levelsOverlap(a, b *holePlan) bool {
	for _, wa := range a.walls {
		for _, wb := range b.walls {
			al0, al1 := minmax(a.cuts[wa[0]].level, a.cuts[wa[1]].level)
			bl0, bl1 := minmax(b.cuts[wb[0]].level, b.cuts[wb[1]].level)
			if al1 >= bl0 && bl1 >= al0 {
				return true
			}
		}
	}
	return false
}
