package cebpress

import (
	"math"

	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/units"
)

const in = units.MMPerInch

// schema declares the parameters. Lengths are typed with units; bare numbers
// are inches, as in OSE's vars.scad. Defaults are v16.09's 6x12x6 brick:
// v25.09P's file (like v17.08's) sets brick_length 24in, which gives 144 in²
// of brick face and only ~340 psi on it with the 5in cylinder, so the long
// brick is a preset.
func schema() *params.Schema {
	s := &params.Schema{}
	I := units.Inch

	s.Length("brick_width", "Brick", I, "6in", "3.5in", "8in", "Brick width (brickW): chamber width, drawer and frame column widths, arm length.")
	s.Length("brick_length", "Brick", I, "12in", "8in", "24in", "Brick length (brickL): chamber length and the frame width; v17.08's file uses 24in.")
	s.Length("chamber_height", "Brick", I, "6in", "4in", "8in", "Chamber height (brickCH): the thickest brick; drawer wall heights and frame height.")

	// OSE draws its plates for 1/2in steel: some slots and tabs are fixed
	// at 0.5in (f9p's slots for the f11 ties, d5p's for the d4 ribs, the
	// top f11 at f9x - 0.5 under f12), so thicker plate does not go
	// together; from 3/8in to 1/2in every preset passes the assembly check.
	s.Length("structure_plate", "Plates", I, "1/2in", "3/8in", "1/2in", "Thickness of the d, f and a plates (dZ/fZ/aZstandard); OSE's drawings fix some slots at 1/2in, so no thicker.").
		SoldAs(params.SheetThickness, "a36")
	s.Length("hopper_plate", "Plates", I, "1/8in", "3mm", "3/16in", "Thickness of the hopper and guard plates (hZstandard).").
		SoldAs(params.SheetThickness, "a36")
	s.Length("bolt_hole", "Plates", I, "1in", "3/4in", "1-1/8in", "Bolt hole of f8's oblong slots and the guards' keyholes (fBOLTHOLEstandardD, aBOLTHOLEstandardD, f8boltD); OSE draws its other holes to their bolts (0.76in for 3/4in, 1.005in for 1in).")
	s.Length("tab_clearance", "Plates", I, "1/32in", "1/64in", "1/16in", "Clearance around a tab in its slot (dGap).")

	s.Length("main_bore", "Main cylinder", I, "5in", "4in", "6in", "Main (press) cylinder bore (cylMainBore).")
	s.Length("main_stroke", "Main cylinder", I, "16in", "14in", "20in", "Main cylinder stroke.")
	s.Length("main_retracted", "Main cylinder", I, "27in", "20in", "36in", "Main cylinder pin-to-pin length retracted (cylMainRet); sets the frame height.")
	s.Length("main_extended", "Main cylinder", I, "43in", "34in", "56in", "Main cylinder pin-to-pin length extended (cylMainExt): retracted + stroke.")
	s.Length("main_rod", "Main cylinder", I, "2.5in", "1.5in", "3.5in", "Main cylinder rod diameter (cylMainD); sets the retract area.")

	s.Length("drawer_bore", "Drawer cylinder", I, "2.5in", "2in", "3in", "Drawer cylinder bore.")
	s.Length("drawer_stroke", "Drawer cylinder", I, "14in", "8in", "20in", "Drawer cylinder stroke; must open the drawer fully (2 walls + lid + brick width).")
	s.Length("drawer_retracted", "Drawer cylinder", I, "29in", "16in", "40in", "Drawer cylinder pin-to-pin retracted.")
	s.Length("drawer_extended", "Drawer cylinder", I, "43in", "24in", "60in", "Drawer cylinder pin-to-pin extended (cylDrawerExt); sets the arm length. 43in as in the v17.08 file.")
	s.Length("drawer_rod", "Drawer cylinder", I, "1.25in", "1in", "2in", "Drawer cylinder rod diameter.")

	s.Length("grate_width", "Hopper", I, "56in", "36in", "72in", "Shaker grate width (grateX): hopper width.")
	s.Length("grate_depth", "Hopper", I, "23in", "12in", "36in", "Shaker grate depth (grateY).")
	s.Length("grate_height", "Hopper", I, "37in", "20in", "48in", "Height of the grate's top edge above the drawer (grateH).")
	s.Angle("grate_angle", "Hopper", 17.5, 0, 30, "Grate slope (grateA), degrees.")

	// a1p.scad bolts the guard h8 through a1 at 2in, 5in and h8y - 2in
	// past f5, with h8y = a1out - a5x - f5y, and a5 at a1y - a5x/2: under
	// 18in of shelf these holes run into each other (at 12in the 5in hole
	// and a5's overlap) and h8's keyholes into each other.
	s.Length("output_shelf", "Output", I, "24in", "18in", "36in", "Length of the brick exit shelf on the arms (a1out); under 18in a1's bolt holes for the guard h8 and for a5 run into each other.")

	s.Preset("classic-6x12", "6x12in brick, 6in chamber: OSE v16.09's default.", map[string]string{
		"brick_width": "6in", "brick_length": "12in", "chamber_height": "6in"})
	s.Preset("long-6x24", "6x24in brick: the v17.08/v25.09 file default (low brick pressure with a 5in cylinder).", map[string]string{
		"brick_width": "6in", "brick_length": "24in", "chamber_height": "6in"})
	s.PresetForShop("140x290", "Metric 140x290mm brick, 150mm chamber; 12/3mm plate, 26mm holes for M24, metric cylinders.", "metric", map[string]string{
		"brick_width": "140mm", "brick_length": "290mm", "chamber_height": "150mm",
		"structure_plate": "12mm", "hopper_plate": "3mm", "bolt_hole": "26mm", "tab_clearance": "1mm",
		"main_bore": "125mm", "main_stroke": "400mm", "main_retracted": "690mm", "main_extended": "1090mm", "main_rod": "63mm",
		"drawer_bore": "63mm", "drawer_stroke": "350mm", "drawer_retracted": "740mm", "drawer_extended": "1090mm", "drawer_rod": "32mm",
		"grate_width": "1400mm", "grate_depth": "580mm", "grate_height": "940mm", "output_shelf": "600mm"})

	s.Check(checkDrawerStroke)
	s.Check(checkCylinder("main"))
	s.Check(checkCylinder("drawer"))
	s.Check(checkTabClearance)
	return s
}

// strokeTolerance is how far extended - retracted may differ from the stroke.
const strokeTolerance = in / 8

// checkDrawerStroke: the drawer must travel from "lid over the chamber" to
// "chamber open", past two drawer walls, the lid and the soil cell.
func checkDrawerStroke(v *params.Values, r *params.Report) {
	o := deriveVars(v)
	// vars.scad's "Minimum drawer cylinder stroke length".
	minStroke := (2*o.dZ + o.d5y + o.brickW) * in
	if stroke := v.Length("drawer_stroke"); stroke < minStroke-1e-6 {
		r.Errorf([]string{"drawer_stroke", "brick_width", "structure_plate"},
			"a cylinder stroke too short to open the drawer: %s < %s (2 walls + lid + brick width)",
			units.FormatInches(stroke, 16), units.FormatInches(minStroke, 16))
	}
}

// checkCylinder keeps a cylinder's pin-to-pin lengths, stroke and rod consistent.
func checkCylinder(name string) params.Check {
	return func(v *params.Values, r *params.Report) {
		ext, ret, stroke := v.Length(name+"_extended"), v.Length(name+"_retracted"), v.Length(name+"_stroke")
		if math.Abs(ext-ret-stroke) > strokeTolerance {
			r.Errorf([]string{name + "_extended", name + "_retracted", name + "_stroke"},
				"extended - retracted = %s, but the stroke is %s",
				units.FormatInches(ext-ret, 16), units.FormatInches(stroke, 16))
		}
		if v.Length(name+"_rod") >= 0.8*v.Length(name+"_bore") {
			r.Errorf([]string{name + "_rod", name + "_bore"}, "rod must be well under the bore (a cylinder with no retract area)")
		}
		if ret < stroke+4*in {
			r.Warnf([]string{name + "_retracted", name + "_stroke"}, "retracted length leaves under 4in for the cylinder's caps and clevises")
		}
	}
}

// checkTabClearance: a slot wider than 1/8 of the plate per side no longer
// locates its tab; a negative fit would not assemble.
func checkTabClearance(v *params.Values, r *params.Report) {
	if g, t := v.Length("tab_clearance"), v.Length("structure_plate"); g > t/8+1e-9 {
		r.Warnf([]string{"tab_clearance", "structure_plate"}, "tab clearance %s is loose for %s plate: slots no longer locate the tabs",
			units.FormatInches(g, 64), units.FormatInches(t, 16))
	}
	if g, t := v.Length("tab_clearance"), v.Length("hopper_plate"); g > t/2 {
		r.Warnf([]string{"tab_clearance", "hopper_plate"}, "tab clearance is more than half the hopper plate")
	}
}
