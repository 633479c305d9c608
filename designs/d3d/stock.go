package d3d

import (
	"fmt"
	"math"

	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/units"
)

// rodPart is one length of precision rod, by the rules of section 2.3.
type rodPart struct {
	ID, Name, Rule string
	Length         float64
	At             []model.Transform
}

// rods lists the rods: two per axis at the axis's rod length, the bed rods
// across the Z carriages, and the spool holder (two posts and a bar).
func rods(d dims, as []axis) []rodPart {
	byKind := map[string]*rodPart{
		"x": {ID: "rod-x", Name: "X axis rod", Rule: "axis + 4in", Length: d.XRod},
		"y": {ID: "rod-y", Name: "Y axis rod", Rule: "axis", Length: d.YRod},
		"z": {ID: "rod-z", Name: "Z axis rod", Rule: "axis - 1in", Length: d.ZRod},
	}
	for _, a := range as {
		for _, y := range rodsAt(d.UA) {
			byKind[a.Kind].At = append(byKind[a.Kind].At, a.on(model.At(0, y, 0)))
		}
	}
	bed := rodPart{ID: "rod-bed", Name: "bed rod", Rule: "frame size", Length: d.BedRod}
	for i := 0; i < d.BedRods; i++ {
		y := d.Size/2 + (float64(i)-float64(d.BedRods-1)/2)*d.BedSize/float64(d.BedRods)
		bed.At = append(bed.At, model.At(0, y, bedZ(d)))
	}
	// The spool posts stand on the frame's back top edge a quarter in from
	// each end, clear of the Y axes' idlers at the corners, and the bar
	// rests on their tops.
	top := d.Size + d.SpoolRodShort
	long := rodPart{ID: "rod-spool", Name: "spool holder rod", Rule: "frame size", Length: d.SpoolRodLong,
		At: []model.Transform{model.At(0, d.Size-d.Width/2, top+d.RodDiameter/2)}}
	short := rodPart{ID: "rod-spool-post", Name: "spool holder post", Rule: "frame size - 1in", Length: d.SpoolRodShort}
	for _, x := range []float64{d.Size / 4, 3 * d.Size / 4} {
		short.At = append(short.At, model.Identity().RotateY(-90).Move(x, d.Size-d.Width/2, d.Size))
	}
	var out []rodPart
	for _, k := range []string{"x", "y", "z"} {
		if len(byKind[k].At) > 0 {
			out = append(out, *byKind[k])
		}
	}
	return append(out, bed, long, short)
}

func buy(id, item, name, spec, unit string, qty int) *model.Part {
	return &model.Part{ID: id, Name: name, Process: model.Buy, Qty: qty,
		Purchased: &model.Purchased{Item: item, Spec: spec, Unit: unit}}
}

// purchased lists the bought parts (section 2.4): per axis a NEMA 17, four
// linear bearings, a 625ZZ pair, a GT2 pulley and belt and the axis
// fasteners; the extruder motor; the electronics; and the frame's corner
// bolts.
func purchased(d dims) []*model.Part {
	n := d.XAxes + d.YAxes + d.ZAxes
	belt := float64(n) * d.Belt / 1000 // m
	out := []*model.Part{
		buy("motor", "nema17", "stepper motor", fmt.Sprintf("NEMA 17: %d axes + the extruder", n), "each", n+1),
		buy("linear-bearing", d.UA.Bearing.Item, "linear bearing",
			fmt.Sprintf("%s (%gx%gx%g mm), 4 per carriage", d.UA.Bearing.Item, d.UA.Bearing.Rod, d.UA.Bearing.OD, d.UA.Bearing.Len), "each", 4*n),
		buy("idler-bearing", "625zz", "idler bearing", "625ZZ flanged, 2 per idler on an M5 axle", "each", 2*n),
		buy("pulley", "gt2-pulley-20t", "GT2 pulley", "20 teeth, 5 mm bore, 1 per motor holder", "each", n),
		buy("belt", "gt2-belt", "GT2 belt", fmt.Sprintf("6 mm; %d x %s (2 x axis + 150 mm [EST])", n, units.FormatMM(d.Belt)), "m", int(math.Ceil(belt-1e-9))),
		buy("controller", "ramps-kit", "controller", "Arduino Mega + RAMPS 1.4 + drivers + endstops", "kit", 1),
		buy("psu", "psu-12v", "power supply", "12 V", "each", 1),
		buy("hotend", "hotend", "hot end", "for 3 mm filament", "each", 1),
		buy("bed-kit", "heated-bed-kit", "heated bed kit", fmt.Sprintf("heater, 1/8in top and PEI for the %s bed", units.FormatInches(d.BedSize, 16)), "kit", 1),
		// Four M3x25 per motor, into its tapped holes. The M6 bolts, nuts
		// and washers come from the joints (axisJoints, cornerJoints).
		buy("m3x25", "m3x25", "screw M3x25", "NEMA 17 mounting, 4 per motor", "each", 4*(n+1)),
	}
	return out
}

// axisJoints declares the bolts of every Universal Axis (section 2.4):
// M6x18 for the motor holder's rod clamp and the idler's two, M6x30 two at
// each end joint (to the frame or the next axis). They go into printed
// parts, whose holes the assembly check does not see, so each is declared
// without a point, with its length; one washer under the head, the nut in
// its trap.
func axisJoints(n int) []model.Joint {
	bolt := func(item string, l float64, parts ...model.Ref) model.Joint {
		return model.Joint{Kind: model.Bolted, Parts: parts, Fastener: &model.Fastener{Diameter: 6, Length: l, Item: item, Washers: 1}}
	}
	var out []model.Joint
	for i := range n {
		holder := model.Ref{Part: "ua-motor-holder", Instance: i}
		idler := []model.Ref{{Part: "ua-idler-half", Instance: 2 * i}, {Part: "ua-idler-half", Instance: 2*i + 1}}
		out = append(out, bolt("m6x18", 18, holder), bolt("m6x18", 18, idler...), bolt("m6x18", 18, idler...))
		for range 2 {
			out = append(out, bolt("m6x30", 30, holder), bolt("m6x30", 30, idler...))
		}
	}
	return out
}
