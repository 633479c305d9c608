package cebpress

import (
	"math"

	"github.com/fabkit/fabkit/model"
)

// hopperBolt is the hole for the 3/8in bolts that hold the thin plates to
// their angle frames (the frames and hopper cheeks are not in OSE's plate
// list, so they are not modelled).
const hopperBolt = 0.4375 * in

// hopper declares the h plates: the hopper's back h1 and sloped front h2
// (the shaker grate spans their tops), standing behind the top beam over
// the drawer's loading position, and the guards h7 (over the drawer
// cylinder) and h8 (over the output run), resting on the arm rails.
func hopper(a *asm, d dims, l levels) error {
	t, w := d.hZ, d.brickW
	G := []string{"grate_width", "grate_height"}
	zH := math.Max(l.zT+d.dZ, l.zc1+d.aZ+d.a2x)
	yh := -(w/2 + 2*d.fZ + d.f3y) - t
	a.add("h1", "hopper back", d.h1x, d.h1y, t, G, alongX(-d.h1x/2, yh, zH, t))
	A := d.grateA * math.Pi / 180
	dy, dz := -(math.Cos(A)*d.grateY - w), d.grateH-math.Sin(A)*d.grateY
	slope := model.Identity().RotateX(math.Atan2(dz, dy)*180/math.Pi).Move(-d.h2x/2, yh-w, zH)
	a.add("h2", "hopper slope", d.h2x, d.h2y, t, append(G, "grate_depth", "grate_angle", "brick_width"), slope)
	zG := math.Max(l.zc1+d.aZ+d.a2x, l.zT+0.25*in)
	a.add("h7", "drawer cylinder guard", d.h7x, d.h7y, t, []string{"brick_length", "drawer_stroke"},
		flat(-d.h7x/2, yh-math.Cos(A)*d.grateY-d.h7y, zG))
	a.add("h8", "output guard", d.h8x, d.h8y, t, []string{"brick_length", "output_shelf"},
		flat(-d.h8x/2, w/2+d.f5y, zG))

	// Mounting holes 1in in from the edges: corners and mid-sides.
	for _, id := range []string{"h1", "h2", "h7", "h8"} {
		p := a.plates[id]
		m := 1 * in
		for _, q := range [][2]float64{{m, m}, {p.w - m, m}, {p.w - m, p.h - m}, {m, p.h - m}, {p.w / 2, m}, {p.w / 2, p.h - m}} {
			if err := a.boltSized(hopperBolt, 0.375*in, a.world(ref{id, 0}, q[0], q[1]), ref{id, 0}); err != nil {
				return err
			}
		}
	}
	return nil
}

// world maps a point of a plate instance's own frame into the assembly.
func (a *asm) world(r ref, x, y float64) [3]float64 {
	p := a.plates[r.id]
	return p.at[r.i].Apply([3]float64{x, y, 0})
}
