package powercube

import (
	"fmt"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
)

// Port holes of OSE VI's tanks (PowerCube6 Hydraulic Reservoir and Fuel
// Tank pages), inches.
const (
	holeFlange112 = 2.0    // 2in hole: 1-1/2 NPT weld-in flange / union (strainer, suction; the fuel filler neck)
	holeFlange34  = 1.4375 // 1-7/16in hole: 3/4 NPT weld-in flange (return, breather)
	holeTap14     = 0.4375 // 7/16in hole tapped 1/4 NPTF (drain, gauge; the fuel pickup)
	holeGauge     = 0.5    // 1/2in holes of the 10in sight gauge
	gaugeCentres  = 10.0   // sight gauge bolt centres: OSE's 10in gauge (SC 9-7287-10)
	endRadius     = 0.5    // tank end plate corners ground to 1/2in radius
)

// tankTube is a tank's tube, placed with its world min corner at lo;
// upright tubes stand on their narrow side (the wide side vertical).
func tankTube(d dims, id, name string, prof, material string, length, w, h float64, lo v3, upright bool, holes []model.Hole) *model.Part {
	place := tubeAlongX(w, h, lo)
	if !upright {
		place = tubeFlatAlongX(w, h, lo)
	}
	return &model.Part{ID: id, Name: name, Material: material, Process: model.Saw, Qty: 1,
		Placements: []model.Transform{place},
		Bar:        &model.Bar{Profile: prof, Length: length * in, Holes: holes},
		Notes:      fmt.Sprintf("%s tube x %s, square cut; bevel the ends for welding; leak-test with soapy water", sect(w, h, d.twall), inches(length))}
}

// endsAt are the placements of a tank's two end plates, against the tube
// ends at x0 and x0+length; the plate's local x runs along the tank's wide
// side (z for upright tubes, y for flat ones).
func endsAt(d dims, x0, length, ylo, zlo, h float64, upright bool) []model.Transform {
	var out []model.Transform
	for _, x := range []float64{x0 - d.plate, x0 + length} {
		if upright {
			out = append(out, plateIn(pz, ny, v3{x, ylo + h, zlo}))
		} else {
			out = append(out, plateIn(py, pz, v3{x, ylo, zlo}))
		}
	}
	return out
}

func sect(w, h, wall float64) string { return fmt.Sprintf("%g x %g x %s", h, w, inches(wall)) }

// endPlate is a tank end: the tube's outside section (w x h) with its
// corners ground round, local x along the wide side, and holes.
func endPlate(w, h float64, holes ...profile.Path) profile.Profile {
	return profile.New(profile.RoundedRect(0, 0, w*in, h*in, endRadius*in), holes...)
}

// gaugePlate is the reservoir's back end plate with the sight gauge's two
// 1/2in holes, 10in apart along the wide side (drilled after the front
// plate is welded, as OSE's page says).
func gaugePlate(w, h float64) profile.Profile {
	c := (w - gaugeCentres) / 2
	return endPlate(w, h, profile.Circle(c*in, h/2*in, holeGauge/2*in), profile.Circle((c+gaugeCentres)*in, h/2*in, holeGauge/2*in))
}

// reservoirHoles are the reservoir's holes on its top face ("left" in the
// bar frame of an upright tube, see tubeAlongX): the 2in hole for the
// 1-1/2 union and suction strainer, two 1-7/16in holes for the 3/4 NPT
// flanges (return filter, breather) and two 7/16in holes tapped 1/4 NPTF.
func reservoirHoles(l float64) ([]model.Hole, []string) {
	h := []model.Hole{
		{At: 4 * in, Face: "left", Diameter: holeFlange112 * in},
		{At: (l/2 - 4) * in, Face: "left", Diameter: holeTap14 * in},
		{At: l / 2 * in, Face: "left", Diameter: holeFlange34 * in},
		{At: (l/2 + 4) * in, Face: "left", Diameter: holeTap14 * in},
		{At: (l - 4) * in, Face: "left", Diameter: holeFlange34 * in},
	}
	why := []string{"port: 1-1/2 NPT union, suction strainer", "port: tapped 1/4 NPTF, plug", "port: 3/4 NPT weld-in flange, return filter",
		"port: tapped 1/4 NPTF, plug", "port: 3/4 NPT weld-in flange, breather"}
	return h, why
}

// fuelHoles are the fuel tank's 2in filler hole and the 7/16in hole
// tapped 1/4 NPTF for the pickup, both on top.
func fuelHoles(l float64) ([]model.Hole, []string) {
	return []model.Hole{
		{At: 4 * in, Face: "left", Diameter: holeFlange112 * in},
		{At: (l - 3) * in, Face: "left", Diameter: holeTap14 * in},
	}, []string{"port: weld-in fuel filler neck", "port: tapped 1/4 NPTF, fuel pickup"}
}
