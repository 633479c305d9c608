package gcode

import (
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/fabkit/fabkit/cam/toolpath"
	"github.com/fabkit/fabkit/internal/plural"
	"github.com/fabkit/fabkit/shop"
	"github.com/fabkit/fabkit/units"
)

// DrillHole is one hole to drill, in the program's coordinates (for a
// sheet: the torch program's, X0 Y0 on the sheet's corner in the table's
// origin corner; plate top Z0).
type DrillHole struct {
	Label    string  // what the hole is, e.g. "part f4 #1: hole 4"
	X, Y     float64 // mm
	Diameter float64 // mm
	Depth    float64 // mm below the top, through the stock
}

// DrillHoles returns the holes a cut plan leaves for the drill, through the
// sheet's thickness, in the frame of the plan's torch program (WriteCut):
// the sheet laid on the bed as the torch cuts it, X0 Y0 on its corner in
// the table's origin corner (Sheet.Zero), so a hole is drilled where the
// torch would cut it.
func DrillHoles(plan *toolpath.Plan) []DrillHole {
	z := plan.Sheet.Zero()
	out := make([]DrillHole, 0, len(plan.Drill))
	for _, h := range plan.Drill {
		out = append(out, DrillHole{
			Label: fmt.Sprintf("part %s #%d: hole %d", h.Part, h.Instance, h.Hole),
			X:     h.Center.X - z.X, Y: h.Center.Y - z.Y, Diameter: h.Diameter, Depth: plan.Sheet.Thickness,
		})
	}
	return out
}

// DrillOptions set up a drilling program. Zero fields take defaults.
type DrillOptions struct {
	Drill      shop.Drill // surface speed, feed, peck rule, rpm limit, point angle, catalogue
	Clearance  float64    // R plane above the top, mm; default 2
	SafeHeight float64    // travel height, mm; default 10
	// Sheet, for the holes of a nested sheet (DrillHoles), is that sheet:
	// the header says how it lies on the table and where X0 Y0 is, as its
	// torch program's does. Without it X0 Y0 is the lower-left corner.
	Sheet *toolpath.Sheet
}

// Breakthrough is how far past the bottom of the stock a drill's tip goes
// so that its full diameter clears it: the length of its point,
// D/2 / tan(angle/2) (0.30 D for the usual 118°).
func Breakthrough(dr shop.Drill, dia float64) float64 {
	angle := dr.PointAngle
	if angle <= 0 || angle >= 180 {
		angle = 118
	}
	return dia / 2 / math.Tan(angle/2*math.Pi/180)
}

// DrillBottom is the Z a hole is drilled to, below its own surface at Z0:
// through the stack (the wall, leg or plate under the hole) and the
// drill's point, never deeper.
func DrillBottom(dr shop.Drill, h DrillHole) float64 {
	return -(h.Depth + Breakthrough(dr, h.Diameter))
}

// catalogueTolerance is how near a hole must be to a catalogue drill to be
// drilled with it, mm: 0.437in and 0.438in holes both take the 7/16in drill.
const catalogueTolerance = 0.1

// DrillSize returns the drill a hole takes: the nearest size of the shop's
// catalogue within 0.1mm, else the hole's diameter to 0.01mm, so that holes
// of one nominal size never part into two tool changes.
func DrillSize(dr shop.Drill, dia float64) float64 {
	best, bd := 0.0, math.Inf(1)
	for _, s := range dr.Sizes {
		if d := math.Abs(s - dia); d < bd {
			best, bd = s, d
		}
	}
	if bd <= catalogueTolerance {
		return best
	}
	return math.Round(dia*100) / 100
}

// Speeds are the spindle speed and feed for one drill.
type Speeds struct {
	RPM     int
	FeedIPR float64 // inches per revolution
	Feed    float64 // mm/min
}

// DrillSpeeds returns the speed and feed for an HSS drill of diameter dia
// (mm) in mild steel: rpm = 3.82 × SFM / D(in) at the drill's surface speed
// (default 80 SFM), and feed per revolution interpolated from 0.002 ipr at
// 1/8in through 0.006 at 1/2in to 0.010 at 1in (or Drill.FeedRatio × D).
func DrillSpeeds(dr shop.Drill, dia float64) Speeds {
	sfm := 80.0
	if dr.SurfaceSpeed > 0 {
		sfm = dr.SurfaceSpeed * 1000 / units.MMPerInch / 12 // m/min to ft/min
	}
	din := dia / units.MMPerInch
	rpm := 3.82 * sfm / din
	if dr.MaxRPM > 0 && rpm > dr.MaxRPM {
		rpm = dr.MaxRPM
	}
	var ipr float64
	if dr.FeedRatio > 0 {
		ipr = dr.FeedRatio * din
	} else {
		ipr = interp(din, [][2]float64{{0.125, 0.002}, {0.5, 0.006}, {1, 0.010}})
	}
	r := int(math.Round(rpm))
	return Speeds{RPM: r, FeedIPR: ipr, Feed: ipr * float64(r) * units.MMPerInch}
}

func interp(x float64, table [][2]float64) float64 {
	if x <= table[0][0] {
		return table[0][1]
	}
	for i := 1; i < len(table); i++ {
		if x <= table[i][0] {
			a, b := table[i-1], table[i]
			return a[1] + (b[1]-a[1])*(x-a[0])/(b[0]-a[0])
		}
	}
	return table[len(table)-1][1]
}

// WriteDrill writes a drilling program: holes grouped by drill (DrillSize),
// smallest drill first, each drilled to DrillBottom, each group ordered to shorten travel (nearest neighbour, then
// 2-opt), with a pause to change drills between groups. The dialect's
// canned cycles are used where it has them (G81, or G83 pecking when the
// hole is deeper than Drill.PeckRatio diameters, default 3); otherwise each
// cycle is expanded into G0/G1 moves. Pecks are one drill diameter deep.
func WriteDrill(w io.Writer, holes []DrillHole, d Dialect, sys units.System, opt DrillOptions) error {
	if opt.Clearance <= 0 {
		opt.Clearance = 2
	}
	if opt.SafeHeight <= opt.Clearance {
		opt.SafeHeight = math.Max(10, 2*opt.Clearance)
	}
	peck := opt.Drill.PeckRatio
	if peck <= 0 {
		peck = 3
	}
	for _, h := range holes {
		if h.Diameter <= 0 || h.Depth <= 0 {
			return fmt.Errorf("gcode: %s: drill diameter %.3gmm and depth %.3gmm must be positive", h.Label, h.Diameter, h.Depth)
		}
		if opt.Drill.MaxDiameter > 0 && h.Diameter > opt.Drill.MaxDiameter+1e-9 {
			return fmt.Errorf("gcode: %s: %.2fmm hole is larger than the drill's %.2fmm limit", h.Label, h.Diameter, opt.Drill.MaxDiameter)
		}
	}
	groups := map[float64][]DrillHole{}
	var sizes []float64
	for _, h := range holes {
		k := DrillSize(opt.Drill, h.Diameter)
		if _, ok := groups[k]; !ok {
			sizes = append(sizes, k)
		}
		groups[k] = append(groups[k], h)
	}
	sort.Float64s(sizes)

	p := newProg(w, d, sys)
	p.comment("fabkit drilling program")
	if s := opt.Sheet; s != nil {
		p.comment(fmt.Sprintf("sheet %s along X by %s along Y, %s thick", p.length(s.SizeX), p.length(s.SizeY), p.length(s.Thickness)))
		p.comment(orientation(*s))
		p.comment(fmt.Sprintf("%s, %s", plural.Count(len(holes), "hole", "holes"), plural.Count(len(sizes), "drill", "drills")))
		p.comment(sheetOrigin(*s))
		p.comment("Z0: the plate top")
	} else {
		p.comment(fmt.Sprintf("%s, %s, origin: lower-left corner, Z0 top", plural.Count(len(holes), "hole", "holes"), plural.Count(len(sizes), "drill", "drills")))
	}
	p.header()
	p.z("G0", opt.SafeHeight, "")
	pos := [2]float64{}
	for gi, size := range sizes {
		hs := orderPoints(groups[size], pos)
		sp := DrillSpeeds(opt.Drill, size)
		f := p.feed(sp.Feed)
		if gi > 0 && d.Pause != "" {
			p.line(d.SpindleOff, "")
			p.line(d.Pause, "change to the "+p.length(size)+" drill")
		} else {
			p.comment("drill " + p.length(size))
		}
		p.line(fmt.Sprintf(d.SpindleOn, sp.RPM), fmt.Sprintf("%.4f ipr", sp.FeedIPR))
		for _, h := range hs {
			p.comment(h.Label + " dia " + p.length(h.Diameter))
			bottom := DrillBottom(opt.Drill, h)
			pecking := -bottom > peck*size
			if d.CannedDrill {
				x, y := p.num(h.X), p.num(h.Y)
				p.x, p.y, p.valid = x, y, true
				s := fmt.Sprintf("G81 X%s Y%s Z%s R%s F%s", x, y, p.num(bottom), p.num(opt.Clearance), f)
				if pecking {
					s = fmt.Sprintf("G83 X%s Y%s Z%s R%s Q%s F%s", x, y, p.num(bottom), p.num(opt.Clearance), p.num(size), f)
				}
				if d.CannedMode != "" {
					s = d.CannedMode + " " + s
				}
				p.line(s, "")
			} else {
				p.rapidXY(h.X, h.Y)
				p.z("G0", opt.Clearance, "")
				if pecking {
					for z := -size; z > bottom; z -= size {
						p.z("G1", z, f)
						p.z("G0", opt.Clearance, "")
						p.z("G0", z+0.5, "")
					}
				}
				p.z("G1", bottom, f)
				p.z("G0", opt.Clearance, "")
			}
			pos = [2]float64{h.X, h.Y}
		}
		if d.CannedDrill && d.CancelCycle != "" {
			p.line(d.CancelCycle, "")
		}
	}
	p.z("G0", opt.SafeHeight, "")
	p.line(d.SpindleOff, "")
	p.footer()
	return p.flush()
}

// orderPoints orders holes from pos: nearest neighbour, then 2-opt.
func orderPoints(hs []DrillHole, pos [2]float64) []DrillHole {
	n := len(hs)
	dist := func(a, b [2]float64) float64 { return math.Hypot(a[0]-b[0], a[1]-b[1]) }
	pt := func(i int) [2]float64 { return [2]float64{hs[i].X, hs[i].Y} }
	used := make([]bool, n)
	seq := make([]int, 0, n)
	cur := pos
	for len(seq) < n {
		best, bd := -1, 0.0
		for i := range hs {
			if !used[i] {
				if dd := dist(cur, pt(i)); best < 0 || dd < bd {
					best, bd = i, dd
				}
			}
		}
		used[best] = true
		seq = append(seq, best)
		cur = pt(best)
	}
	// 2-opt on the open path from pos.
	for improved, pass := true, 0; improved && pass < 100; pass++ {
		improved = false
		for i := 0; i < n-1; i++ {
			for j := i + 1; j < n; j++ {
				a := pos
				if i > 0 {
					a = pt(seq[i-1])
				}
				before := dist(a, pt(seq[i]))
				after := dist(a, pt(seq[j]))
				if j+1 < n {
					before += dist(pt(seq[j]), pt(seq[j+1]))
					after += dist(pt(seq[i]), pt(seq[j+1]))
				}
				if after < before-1e-9 {
					for x, y := i, j; x < y; x, y = x+1, y-1 {
						seq[x], seq[y] = seq[y], seq[x]
					}
					improved = true
				}
			}
		}
	}
	out := make([]DrillHole, n)
	for k, i := range seq {
		out[k] = hs[i]
	}
	return out
}
