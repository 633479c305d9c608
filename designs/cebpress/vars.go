package cebpress

import (
	"math"

	"github.com/fabkit/fabkit/params"
)

// vars are OSE's v25.09P variables (v2509P/vars.scad), in inches as the
// file has them, named as there and computed top to bottom in its order.
// The plates and their placements are drawn from these; the fabkit
// parameters set the ones vars.scad declares as inputs.
type vars struct {
	brickW, brickL, brickCH                      float64
	grateX, grateY, grateH, grateA               float64 // grateA in degrees
	dZ, fZ, aZ, hZ                               float64 // dZstandard, fZstandard, aZstandard, hZstandard
	boltD                                        float64 // fBOLTHOLEstandardD = aBOLTHOLEstandardD = f8boltD
	sliderodholeOD, d1bushingOD, d1bushingL      float64
	d1shaftOD, d1bolt1OD, d1bolt2OD              float64
	d1nut2AF, d1nut2H                            float64
	dGap, drawergap, drawerHgap                  float64
	d2clevispinaccessholeOD                      float64
	f1y, f2y, f3y, f4y, f5y, f6y, f8y, f9y       float64
	f11x, f13x, f13y, f14y                       float64
	a1x, a1out, a2x, a3x, a3y, a4x, a4y          float64
	a5x, a5y, a6x, a6y                           float64
	cylMainRet, cylMainJ, cylMainR, cylMainS     float64
	cylMainE                                     float64
	cylDrawerExt, cylDrawerStroke, cylDrawerE    float64
	bodyH, rodclevisW, rodclevisID, rearclevisID float64 // cylinderDRAWER...
	rearclevisClearance                          float64

	// Derived, in the file's order.
	d3x, d3y, d4x, d4y, d5x, d5y, d6x, d6y float64
	d7x, d7y, d9x, d9y, d8x, d8y           float64
	d10x, d10y, d11x, d11y, d12x, d12y     float64
	f1x, f3x, d1x, d1y, d2x, d2y           float64
	f11y, f6x, f9x, f8x, f2x, f5x, f4x     float64
	f14x, f12x, f12y                       float64
	sliderodoffset, distancetof8center     float64
	a1y, a2y, h1x, h1y, h7x, h7y, h8x, h8y float64
	h2x, h2y, hopperBaseX, hopperBaseY     float64

	// asOSE draws the plates as OSE's files do, without fabkit's
	// amendments (amend.go): the comparison with OSE's own plates.
	asOSE bool
}

// deriveVars computes vars from resolved parameters. Every plate
// thickness follows its group's standard, as vars.scad sets them.
func deriveVars(v *params.Values) vars {
	l := func(name string) float64 { return v.Length(name) / in }
	var o vars
	o.brickW, o.brickL, o.brickCH = l("brick_width"), l("brick_length"), l("chamber_height")
	o.grateX, o.grateY, o.grateH, o.grateA = l("grate_width"), l("grate_depth"), l("grate_height"), v.Angle("grate_angle")
	t := l("structure_plate")
	o.dZ, o.fZ, o.aZ, o.hZ = t, t, t, l("hopper_plate")
	o.boltD = l("bolt_hole")
	o.sliderodholeOD, o.d1bushingOD, o.d1bushingL = 1.2, 1.25, 1.25
	o.d1shaftOD, o.d1bolt1OD, o.d1bolt2OD = 1, 1, 0.75
	o.d1nut2AF, o.d1nut2H = 1.25, 0.665
	o.dGap = l("tab_clearance")
	o.drawergap, o.drawerHgap = 0.0283, 0.1884
	o.d2clevispinaccessholeOD = 3
	o.f1y, o.f2y, o.f3y, o.f4y, o.f5y, o.f6y = 6, 3.5, 3.5, 11, 3.5, 8
	o.f8y, o.f9y = o.brickW, 4.5
	o.f11x, o.f13x, o.f13y, o.f14y = 1.25, o.f6y, o.f9y, 3.5
	o.a1x, o.a1out, o.a2x = 4, l("output_shelf"), 6
	o.a3x, o.a3y, o.a4x, o.a4y, o.a5x, o.a5y = 4, 72, 6, 72, 6, 72
	o.a6x, o.a6y = o.a2x, o.a1x
	o.cylMainRet = l("main_retracted")
	o.cylMainJ, o.cylMainR, o.cylMainS, o.cylMainE = 3.8, 1.52, 2.5, 5.75
	o.cylDrawerExt, o.cylDrawerStroke, o.cylDrawerE = l("drawer_extended"), l("drawer_stroke"), 5.75
	o.bodyH, o.rodclevisW, o.rodclevisID, o.rearclevisID = 3, 2.5, 1, 1
	o.rearclevisClearance = 3

	o.d3x, o.d3y = o.brickL+2*o.dZ, o.brickCH-o.dZ
	o.d4x, o.d4y = o.brickW+2*o.dZ, o.brickCH-o.dZ
	o.d5x, o.d5y = o.brickL+2*o.dZ, o.brickW
	o.d6x, o.d6y = o.brickL+2*o.dZ, o.brickCH
	o.d7x, o.d7y = o.rearclevisClearance, o.aZ+o.dZ+o.bodyH
	o.d9x, o.d9y = o.bodyH+o.dZ, o.bodyH+o.dZ
	o.d8x, o.d8y = o.brickL+2*o.dZ, math.Max(5, o.d9x-o.dZ)
	o.d10x, o.d10y = 18, 3
	o.d11x, o.d11y = 1.5+2*o.d1bolt1OD+o.d1bushingOD, math.Max(0.5+o.d1bushingL, 4)
	o.d12x, o.d12y = o.d8x, o.d11y+1
	o.f1x = o.brickL + 2*o.dZ + o.drawerHgap + 2*o.f9y
	o.f3x = o.f1x
	o.d1x, o.d1y = o.brickL+2*o.dZ, 3*(o.brickW+2*o.dZ)+1
	o.d2x, o.d2y = o.d8y+o.dZ+o.brickW+o.dZ+o.d5y+o.dZ, o.brickCH
	o.f11y = o.f8y
	o.f6x = o.brickL + 2*o.dZ + 2*o.f9y + o.drawerHgap
	// Leaves 1in between the top of the main cylinder and the bottom of f4.
	o.f9x = o.fZ + (o.cylMainS+0.125)/2 + o.cylMainRet - o.cylMainJ + 1 + o.f4y + o.drawergap + o.d2y + o.f1y
	o.f8x = o.f9x
	o.f2x = o.brickL + 2*o.dZ + o.drawerHgap + 2*o.f9y - 2*1.4 // between f9's large cut-outs
	o.f5x = o.brickL + 2*o.dZ + o.drawerHgap + 2*o.f9y + 2*o.a1x
	o.f4x = o.f5x - 0.5
	o.f14x = o.brickL + 2 + 0.25 + 2*o.dGap
	o.f12x, o.f12y = o.f3x, 2*o.f3y+o.brickW
	o.sliderodoffset = (o.brickL+2*o.dZ+o.drawerHgap)/2 - o.fZ - o.sliderodholeOD/2
	o.distancetof8center = o.cylDrawerExt + o.a4x/2 + (o.d9x-o.dZ)/2 + o.dZ + o.brickW/2
	o.a1y = o.distancetof8center + o.brickW/2 + o.a1out
	o.a2y = o.a1y
	o.h1x, o.h1y = o.grateX, o.grateH
	o.h7x, o.h7y = o.f5x-o.a1x+2*1.5, o.cylDrawerStroke
	o.h8x, o.h8y = o.f5x-o.a1x+2*1.5, o.a1out-o.a5x-o.f5y
	o.hopperBaseX, o.hopperBaseY = o.brickL, o.brickW
	A := o.grateA * math.Pi / 180
	o.h2x = o.grateX
	o.h2y = math.Hypot(o.h1y-math.Sin(A)*o.grateY, math.Cos(A)*o.grateY-o.hopperBaseY)
	return o
}

// h2Angle is the slope of h2 from the horizontal, degrees (Hp.scad).
func (o vars) h2Angle() float64 {
	A := o.grateA * math.Pi / 180
	return math.Atan((o.h1y-math.Sin(A)*o.grateY)/(math.Cos(A)*o.grateY-o.hopperBaseY)) * 180 / math.Pi
}

// z0 is how far the frame's floor lies below the drawer's bottom in
// ~ASSEMBLY.scad: the top of the chamber walls f4.
func (o vars) z0() float64 { return o.f9x - o.f1y - o.brickCH - o.drawergap }
