package cebpress

import (
	"math"
	"strings"

	"github.com/fabkit/fabkit/assembly"
	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/shop"
)

// How the press goes together, for the assembly check and the packet's
// step pages: what the check cannot find by itself (the bolts through the
// guards' keyholes, which are open to an edge and so are no holes of their
// own), the holes and cut-outs OSE's files leave open on purpose, the
// clearance of a tab in its slot, and the order of assembly. Every other
// joint (coaxial holes, pins, tabs in slots) the check finds and reports.

// joints declares the press's assembly for plates ps and shop s.
func (o vars) joints(ps []plate, s *shop.Shop) model.Assembly {
	// OSE cuts the drawer's and arms' slots at the tab's size plus dGap
	// (tab_clearance) on each side, and the frame's (f1, f4, f6) and the
	// arms' gusset slots (a1, a2) 1/16in over it (their tabinserts'
	// 0.0625), whatever dGap is.
	a := model.Assembly{TabClearance: o.dGap * in, SlotClearance: map[string]float64{}}
	for _, id := range []string{"f1", "f4", "f6", "a1", "a2"} {
		a.SlotClearance[id] = 0.0625 * in
	}
	shapes := map[string]profile.Profile{}
	for _, p := range ps {
		shapes[p.id] = p.shape
	}
	open := func(id string, x, y float64, why string) {
		if i, ok := holeNear(shapes[id], x, y); ok {
			a.Open = append(a.Open, model.OpenHole{Part: id, Hole: i, Reason: why})
		}
	}
	x, y, _ := o.d2AccessHole()
	open("d2", x, y, "access: the drawer cylinder's rod clevis pin goes in through it (vars.scad: d2clevispinaccessholeOD)")
	for _, x := range o.f8Slots() {
		open("f8", x, o.f8y/2, `open: f8p.scad cuts this oblong bolt slot with the note "?x interfaces with what?"; no part of OSE's assembly bolts to it`)
	}
	open("f12", 0, o.f12y/2, "window: the chamber opening under the hopper, soil falls through it (f12p.scad's centre cut)")

	// The guards hang under the rails on the a1 holes a1p.scad marks H7
	// and H8: a bolt through each a1 hole and the guard's keyhole. h8p.scad
	// cuts its third keyhole (h8y - 5) on one side only, so on the other
	// rail that a1 hole takes no bolt.
	rails := o.placed("a1")
	for _, g := range []string{"h7", "h8"} {
		at := o.placed(g)[0]
		bolt := o.guardBolt(s)
		for k, rail := range rails {
			for _, h := range o.a1Holes() {
				if h.part != g {
					continue
				}
				p := rail.apply([3]float64{o.a1x / 2, h.y, 0})
				q := at.inverse().apply(p)
				if !nearAny(o.keyholes(g), q[0], q[1]) {
					if g == "h8" {
						open("a1", o.a1x/2, h.y, "open: h8p.scad cuts the keyhole for it (h8y - 5) on one rail's side only")
					}
					continue // any other a1 hole with no keyhole: the check reports it
				}
				axis := rail.apply([3]float64{0, 0, 1})
				for i := range axis {
					axis[i] -= rail.t[i]
				}
				a.Joints = append(a.Joints, model.Joint{Kind: model.Bolted,
					Parts: []model.Ref{{Part: g, Instance: 0}, {Part: "a1", Instance: k}}, At: mm(p), Axis: axis, Fastener: bolt})
			}
		}
	}
	a.Steps = o.steps(ps)
	return a
}

// steps are the press's subassemblies in the order OSE builds them:
// the drawer (its plates, the bushing holders and bushings), the frame,
// the arms with the drawer cylinder's base clevis d7 and the guards, the
// hopper, then the slide rods, pins and cylinders that join them.
func (o vars) steps(ps []plate) []model.Step {
	steps := []model.Step{{Name: "drawer"}, {Name: "frame"}, {Name: "arms"}, {Name: "hopper"},
		{Name: "final", Parts: []string{"slide-rod", "pin-main", "pin-drawer", "pin-drawer-rod", "cyl-main", "cyl-drawer"}}}
	for _, p := range ps {
		if len(p.at) == 0 {
			continue
		}
		k := strings.IndexByte("dfah", p.id[0])
		switch p.id {
		case "d7", "h7", "h8":
			k = 2
		}
		steps[k].Parts = append(steps[k].Parts, p.id)
		if p.id == "d12" {
			steps[k].Parts = append(steps[k].Parts, "holder-bottom", "bushing", "holder-top")
		}
	}
	return steps
}

// holeNear returns the index of the hole of shape whose centre is at
// (x, y) inches, within 0.01in.
func holeNear(shape profile.Profile, x, y float64) (int, bool) {
	for i, h := range shape.Holes {
		b := h.Bounds()
		c := b.Min.Add(b.Max).Scale(0.5)
		if math.Hypot(c.X-x*in, c.Y-y*in) < 0.01*in {
			return i, true
		}
	}
	return 0, false
}

// nearAny reports whether (x, y) inches is within 0.01in of one of ps.
func nearAny(ps []profile.Point, x, y float64) bool {
	for _, p := range ps {
		if math.Hypot(p.X-x, p.Y-y) < 0.01 {
			return true
		}
	}
	return false
}

// guardBolt is the bolt through a guard's keyhole and its a1 hole, which
// the check cannot measure (a keyhole is open to the guard's edge, so no
// hole of its own): the assembly package's rule (assembly.Catalogue.Bolt)
// for the a1 hole and the stack of a1 and the guard. Nil, when the shop's
// catalogue has none, leaves the choice to the check.
func (o vars) guardBolt(s *shop.Shop) *model.Fastener {
	f, err := assembly.CatalogueOf(s).Bolt(math.Min(0.8, o.boltD)*in, (o.aZ+o.hZ)*in, 2)
	if err != nil {
		return nil
	}
	return &model.Fastener{Diameter: f.Diameter, Length: f.Length, Item: f.Item, Washers: f.Washers}
}
