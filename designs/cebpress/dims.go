package cebpress

import (
	"math"

	"github.com/fabkit/fabkit/params"
)

// dims are OSE's derived dimensions from v1708P/vars.scad, in mm, named as
// in the source and computed top to bottom in the same order. Constants the
// file fixes (strip widths, clevis geometry) are kept with their names.
type dims struct {
	// Parameters, by their OSE names.
	brickW, brickL, brickCH float64
	dZ, fZ, aZ, hZ          float64 // plate thicknesses (d, f, a: structure_plate; h: hopper_plate)
	d1z, d2z, d3z, d6z, d8z float64 // drawer plate thicknesses, as the formulas name them
	f2z                     float64
	dGap, boltHole          float64
	cylMainRet, cylMainExt  float64
	cylDrawerExt            float64
	cylDrawerStroke         float64
	grateX, grateY, grateH  float64
	grateA                  float64 // degrees
	a1out                   float64

	// Fixed values of vars.scad.
	drawergap, drawerHgap          float64
	sliderodholeOD                 float64
	d1bushingOD, d1bushingL        float64
	d1shaftOD                      float64
	cylMainR, cylMainS, cylMainJ   float64 // pin hole, pin boss OD, clevis depth
	cylDrawerBodyH                 float64
	f1y, f2y, f3y, f4y, f5y, f6y   float64
	f9y, f14y, f11x                float64
	a1x, a2x, a3x, a4x, a5x        float64
	a3y, a4y, a5y                  float64
	d7x, d7y, a6x, a6y, d10x, d10y float64 // no formula in the notes: OSE's drawn sizes

	// Derived, in vars.scad's order.
	d3x, d3y, d4x, d4y, d5x, d5y, d6x, d6y float64
	d9x, d9y, d8x, d8y, d1x, d1y, d2x, d2y float64
	d11x, d11y, d12x, d12y                 float64
	f1x, f3x, f12x, f12y, f9x, f8x, f8y    float64
	f2x, f5x, f4x, f6x, f14x, f11y         float64
	distancetof8center, a1y, a2y           float64
	h1x, h1y, h2x, h2y, h7x, h7y, h8x, h8y float64
	minDrawerStroke                        float64
}

// derive computes dims from resolved parameters.
func derive(v *params.Values) dims {
	var d dims
	d.brickW, d.brickL, d.brickCH = v.Length("brick_width"), v.Length("brick_length"), v.Length("chamber_height")
	t := v.Length("structure_plate")
	d.dZ, d.fZ, d.aZ, d.hZ = t, t, t, v.Length("hopper_plate")
	d.d1z, d.d2z, d.d3z, d.d6z, d.d8z, d.f2z = t, t, t, t, t, t
	d.dGap, d.boltHole = v.Length("tab_clearance"), v.Length("bolt_hole")
	d.cylMainRet, d.cylMainExt = v.Length("main_retracted"), v.Length("main_extended")
	d.cylDrawerExt, d.cylDrawerStroke = v.Length("drawer_extended"), v.Length("drawer_stroke")
	d.grateX, d.grateY, d.grateH, d.grateA = v.Length("grate_width"), v.Length("grate_depth"), v.Length("grate_height"), v.Angle("grate_angle")
	d.a1out = v.Length("output_shelf")

	d.drawergap, d.drawerHgap = 0.0283*in, 0.1884*in
	d.sliderodholeOD = 1.2 * in
	d.d1bushingOD, d.d1bushingL, d.d1shaftOD = 1.25*in, 1.25*in, 1.0*in
	d.cylMainR, d.cylMainS, d.cylMainJ = 1.52*in, 2.5*in, 3.8*in
	d.cylDrawerBodyH = 3 * in
	d.f1y, d.f2y, d.f3y, d.f4y, d.f5y, d.f6y = 6*in, 3.5*in, 3.5*in, 11*in, 3.5*in, 8*in
	d.f9y, d.f14y, d.f11x = 4.5*in, 3.5*in, 1.25*in
	d.a1x, d.a2x, d.a3x, d.a4x, d.a5x = 4*in, 6*in, 4*in, 6*in, 6*in
	d.a3y, d.a4y, d.a5y = 72*in, 72*in, 72*in
	d.d7x, d.d7y, d.a6x, d.a6y, d.d10x, d.d10y = 3*in, 4*in, 6*in, 4*in, 18*in, 3*in

	// Drawer.
	d.d3x, d.d3y = d.brickL+2*d.d2z, d.brickCH-d.d1z
	d.d4x, d.d4y = d.brickW+2*d.d3z, d.brickCH-d.d1z
	d.d5x, d.d5y = d.brickL+2*d.d2z, d.brickW
	d.d6x, d.d6y = d.brickL+2*d.d2z, d.brickCH
	d.d9x, d.d9y = d.cylDrawerBodyH+d.d6z, 3*in+d.d8z
	d.d8x, d.d8y = d.brickL+2*d.d2z, math.Max(5*in, d.d9x-d.d6z)
	d.d1x, d.d1y = d.brickL+2*d.d2z, 3*(d.brickW+2*d.d3z)+1*in
	d.d2x, d.d2y = d.d8y+d.d6z+d.brickW+d.d3z+d.d5y+d.d3z, d.brickCH
	d.d11x, d.d11y = 1.5*in+2*1*in+1.25*in, math.Max(0.5*in+1.25*in, 4*in)
	d.d12x, d.d12y = d.d8x, d.d11y+1*in

	// Frame.
	d.f1x = d.brickL + 2*d.d2z + d.drawerHgap + 2*d.f9y
	d.f3x, d.f12x, d.f12y = d.f1x, d.f1x, 2*d.f3y+d.brickW
	d.f9x = d.f2z + (d.cylMainS+0.125*in)/2 + d.cylMainRet - d.cylMainJ + 1*in + d.f4y + d.drawergap + d.brickCH + d.f1y
	d.f8x, d.f8y = d.f9x, d.brickW
	d.f2x = d.brickL + 2*d.d2z + d.drawerHgap + 2*d.f9y - 2.8*in
	d.f5x = d.brickL + 2*d.d2z + d.drawerHgap + 2*d.f9y + 2*d.a1x
	d.f4x = d.f5x - 0.5*in
	d.f6x = d.brickL + 2*d.d2z + 2*d.f9y + d.drawerHgap
	d.f14x = d.brickL + 2*in + 0.25*in + 2*d.dGap
	d.f11y = d.brickW

	// Arms: from the drawer cylinder's base pin to the chamber centre, then the output shelf.
	d.distancetof8center = d.cylDrawerExt + d.a4x/2 + (d.d9x-d.d6z)/2 + d.d6z + d.brickW/2
	d.a1y = d.distancetof8center + d.brickW/2 + d.a1out
	d.a2y = d.a1y

	// Hopper and guards.
	A := d.grateA * math.Pi / 180
	d.h1x, d.h1y = d.grateX, d.grateH
	d.h2x, d.h2y = d.grateX, math.Hypot(d.grateH-math.Sin(A)*d.grateY, math.Cos(A)*d.grateY-d.brickW)
	d.h7x, d.h7y = d.f5x-d.a1x+3*in, d.cylDrawerStroke
	d.h8x, d.h8y = d.f5x-d.a1x+3*in, d.a1out-d.a5x-d.f5y

	d.minDrawerStroke = 2*d.d3z + d.d5y + d.brickW
	return d
}
