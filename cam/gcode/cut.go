package gcode

import (
	"fmt"
	"io"
	"math"

	"github.com/fabkit/fabkit/cam/toolpath"
	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/internal/plural"
	"github.com/fabkit/fabkit/units"
)

// WriteCut writes a sheet's cut plan as a torch-table program in the
// table's frame: X0 Y0 is the sheet's Origin corner (toolpath.Sheet.Zero,
// the lower-left corner unless the table's origin is another), squared
// into the table's origin corner, and the plate top is Z0; the header says
// how the sheet lies and where the origin is. Every cut is: rapid to
// the pierce point, pierce height, torch on, pierce delay, cut height, lead-in,
// loop, lead-out, torch off; small holes are wrapped in the dialect's THC
// off/on words. Coordinates are in inches (G20) for an imperial shop and in
// millimetres (G21) otherwise.
func WriteCut(w io.Writer, plan *toolpath.Plan, d Dialect, sys units.System) error {
	if plan == nil {
		return fmt.Errorf("gcode: no plan")
	}
	s := plan.Sheet
	if !s.Origin.Valid() {
		return fmt.Errorf("gcode: sheet origin %q is not a corner", s.Origin)
	}
	p := newProg(w, d, sys)
	z := s.Zero()
	p.zero = [2]float64{z.X, z.Y}
	p.comment("fabkit torch program")
	p.comment(fmt.Sprintf("sheet %s along X by %s along Y, %s thick, kerf %s", p.length(s.SizeX), p.length(s.SizeY), p.length(s.Thickness), p.length(plan.Kerf)))
	p.comment(orientation(s))
	p.comment(fmt.Sprintf("%s, cut %s, est %s", plural.Count(plan.Stats.Pierces, "pierce", "pierces"), p.length(plan.Stats.CutLength), plan.Stats.Time.Round(1e9)))
	p.comment(sheetOrigin(s))
	p.comment("Z0: the plate top")
	p.header()
	safe := plan.SafeHeight
	pierce, cutZ := plan.Cut.PierceHeight, plan.Cut.CutHeight
	if cutZ <= 0 {
		cutZ = 1.5
	}
	if pierce <= 0 {
		pierce = 2.5 * cutZ
	}
	if d.TorchZ {
		p.z("G0", safe, "")
	}
	probing := plan.Probe != nil && d.Probe != "" && d.TorchZ
	if probing {
		p.comment("height sensing before each pierce")
	}
	for i := range plan.Cuts {
		c := &plan.Cuts[i]
		p.comment(cutComment(p, c))
		p.rapidXY(c.Pierce.X, c.Pierce.Y)
		f := p.feed(c.Feed)
		if probing {
			p.line(fmt.Sprintf(d.Probe, p.num(-probeReach), p.feed(plan.Probe.Feed)), "sense the plate")
			p.line(fmt.Sprintf(d.ProbeSet, p.num(-plan.Probe.Offset)), "Z0 on the plate")
		}
		if d.TorchZ {
			p.z("G0", pierce, "")
		}
		if c.THCOff && d.THCOff != "" {
			p.line(d.THCOff, "THC off")
		}
		p.line(d.TorchOn, "")
		p.dwell(plan.Cut.PierceDelay)
		if d.TorchZ {
			p.z("G1", cutZ, f)
		} else {
			p.line("F"+f, "")
		}
		from := c.Pierce
		from = p.segments(from, c.LeadIn, f)
		from = p.segments(from, c.Loop.Segs, "")
		p.segments(from, c.LeadOut, "")
		p.line(d.TorchOff, "")
		if c.THCOff && d.THCOn != "" {
			p.line(d.THCOn, "THC on")
		}
		if d.TorchZ {
			p.z("G0", safe, "")
		}
	}
	if probing && d.ProbeClear != "" {
		p.line(d.ProbeClear, "")
	}
	p.footer()
	return p.flush()
}

// probeReach is how far below the nominal plate top a probe searches, mm.
const probeReach = 10

// segments emits lines and arcs from a; f is set on the first move.
func (p *prog) segments(a profile.Point, segs []profile.Segment, f string) profile.Point {
	for _, s := range segs {
		if arc, ok := profile.ArcOf(a, s); ok {
			// Arcs of more than half a turn are split so I/J stay well conditioned.
			if math.Abs(arc.Sweep) > math.Pi+1e-9 {
				m := arc.At(0.5)
				p.arcTo(m.X, m.Y, arc.Center.X, arc.Center.Y, arc.Sweep > 0, f)
				f = ""
			}
			p.arcTo(s.End.X, s.End.Y, arc.Center.X, arc.Center.Y, arc.Sweep > 0, f)
		} else {
			p.feedTo(s.End.X, s.End.Y, f)
		}
		f = ""
		a = s.End
	}
	return a
}

// cutComment names a cut, e.g. "part f4 #2: hole 3 dia 1.000in".
func cutComment(p *prog, c *toolpath.Cut) string {
	s := c.Name()
	if c.Diameter > 0 {
		s += " dia " + p.length(c.Diameter)
	}
	if c.Small {
		s += " small"
	}
	return s
}

// sheetOrigin says where a sheet program's X0 Y0 is: the torch's and the
// drill's programs of a sheet share the frame.
func sheetOrigin(s toolpath.Sheet) string {
	return fmt.Sprintf("X0 Y0: the table's %s corner, with the sheet's %s corner", s.Origin, s.Origin)
}

// orientation says how the sheet lies on the table, for the operator who
// loads it.
func orientation(s toolpath.Sheet) string {
	switch {
	case s.SizeX > s.SizeY:
		return "load the sheet with its long side along the table's X"
	case s.SizeY > s.SizeX:
		return "load the sheet with its long side along the table's Y"
	}
	return "load the square sheet either way round"
}
