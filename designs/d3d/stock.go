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
		// Per axis: M6x18 for the motor holder clamp and the two idler clamps,
		// M6x30 two at each end joint, four M3x25 per motor.
		buy("m6x18", "m6x18", "bolt M6x18", "rod clamps: 1 motor holder + 2 idler per axis", "each", 3*n),
		buy("m6x30", "m6x30", "bolt M6x30", "axis ends to the frame or the next axis, 2 per end", "each", 4*n),
		buy("m3x25", "m3x25", "screw M3x25", "NEMA 17 mounting, 4 per motor", "each", 4*(n+1)),
		buy("nut-m6", "nut-m6", "nut M6", "in the clamp nut traps", "each", 3*n),
	}
	if d.HasCorners {
		out = append(out,
			buy("corner-bolt", "m6x18", "bolt M6x18", "angle bar ends into the printed corners, 3 per corner", "each", 24),
			buy("corner-nut", "nut-m6", "nut M6", "in the corner tongues' nut traps", "each", 24))
	}
	return out
}
