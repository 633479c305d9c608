package cebpress

import (
	"math"

	"github.com/fabkit/fabkit/model"
)

// The assembly frame is OSE's ~ASSEMBLY.scad moved up so that the floor is
// z = 0: the chamber centred on x = y = 0, the drawer travelling along x
// (its cylinder at -x, the output at +x), the brick length along y. Every
// placement below is the chain of translate/rotate/mirror of OSE's
// assembly files (Dp.scad, Fp.scad, Ap.scad, Hp.scad), written outermost
// first as OpenSCAD reads. The parts those files leave out are placed
// where their own holes and tabs say: the hopper on f12, the guards h7 and
// h8 on the a1 holes a1p.scad marks "H7" and "H8", the gussets a6 in the
// slots a1p and a2p cut for them, the bushing clamps d11 on the holders
// (d11p.scad: "to be mounted on top of bushing holder"). Two plates have
// no place anywhere in OSE's files and are placed nowhere (see
// unplaced): d10, which xport-Dp.scad cuts twice, and f13, whose use line
// Fp.scad and xport-Fp.scad comment out.

// affine is an OpenSCAD placement in inches; it may mirror.
type affine struct {
	r [3][3]float64
	t [3]float64
}

func ident() affine { return affine{r: [3][3]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}} }

// then returns a∘b: b applied first.
func (a affine) then(b affine) affine {
	var out affine
	for i := range 3 {
		for j := range 3 {
			out.r[i][j] = a.r[i][0]*b.r[0][j] + a.r[i][1]*b.r[1][j] + a.r[i][2]*b.r[2][j]
		}
		out.t[i] = a.r[i][0]*b.t[0] + a.r[i][1]*b.t[1] + a.r[i][2]*b.t[2] + a.t[i]
	}
	return out
}

func (a affine) apply(p [3]float64) [3]float64 {
	var out [3]float64
	for i := range 3 {
		out[i] = a.r[i][0]*p[0] + a.r[i][1]*p[1] + a.r[i][2]*p[2] + a.t[i]
	}
	return out
}

// T is translate([x, y, z]).
func T(x, y, z float64) affine { a := ident(); a.t = [3]float64{x, y, z}; return a }

// R is rotate([x, y, z]): about X, then Y, then Z, in degrees.
func R(x, y, z float64) affine { return rot(2, z).then(rot(1, y)).then(rot(0, x)) }

func rot(axis int, deg float64) affine {
	s, c := math.Sincos(deg * math.Pi / 180)
	for _, v := range []*float64{&s, &c} {
		if math.Abs(*v) < 1e-15 {
			*v = 0
		}
	}
	a := ident()
	i, j := (axis+1)%3, (axis+2)%3
	a.r[i][i], a.r[i][j], a.r[j][i], a.r[j][j] = c, -s, s, c
	return a
}

// M is mirror([1, 0, 0]).
func M() affine { a := ident(); a.r[0][0] = -1; return a }

// chain composes OpenSCAD operations written outermost first.
func chain(ops ...affine) affine {
	a := ident()
	for _, op := range ops {
		a = a.then(op)
	}
	return a
}

// place returns the model placement of a plate t inches thick: a mirrored
// placement becomes the same plate turned over (it fills the same slab), so
// the profile needs no mirrored twin. Lengths go from inches to mm.
func place(a affine, t float64) model.Transform {
	det := a.r[0][0]*(a.r[1][1]*a.r[2][2]-a.r[1][2]*a.r[2][1]) -
		a.r[0][1]*(a.r[1][0]*a.r[2][2]-a.r[1][2]*a.r[2][0]) +
		a.r[0][2]*(a.r[1][0]*a.r[2][1]-a.r[1][1]*a.r[2][0])
	if det < 0 {
		flip := ident()
		flip.r[2][2], flip.t[2] = -1, t
		a = a.then(flip)
	}
	var m model.Transform
	m.R = a.r
	for i := range 3 {
		m.T[i] = a.t[i] * in
	}
	return m
}

// instance is one plate in the assembly.
type instance struct {
	id string
	at affine
}

// frames are the sub-assemblies' placements in the assembly frame.
type frames struct {
	floor, D, F, A affine
}

func (o vars) frames() frames {
	floor := T(0, 0, o.z0())
	return frames{
		floor: floor,
		D:     chain(floor, T(-o.d8y-o.dZ-o.brickW/2, -o.dZ-o.brickL/2, 0)), // Dp's main translate
		F:     chain(floor, T(0, 0, -o.z0()), R(0, 0, 90)),
		A:     chain(floor, R(0, 0, 270), T(0, -o.distancetof8center, 0)),
	}
}

// holderAt are the four rod bushing holders (dRodBushingHolder2bottom) on
// d12 and on d1's far end, in the drawer's frame (Dp.scad).
func (o vars) holderAt() []affine {
	f := o.frames()
	y0, y1 := o.d1x/2+o.d11x/2-o.sliderodoffset, o.d1x/2-o.d11x/2+o.sliderodoffset
	x12, x1 := o.d8y-o.f2y+o.dZ-o.d12y, o.d8y+o.dZ+o.brickW+o.d1y-o.d11y
	z := o.d3y + o.dZ
	return []affine{
		chain(f.D, T(x12, y0, z), R(0, 0, 270)), chain(f.D, T(x12+o.d11y, y1, z), R(0, 0, 90)),
		chain(f.D, T(x1, y0, z), R(0, 0, 270)), chain(f.D, T(x1+o.d11y, y1, z), R(0, 0, 90)),
	}
}

// holderZ are the printed holders' heights: bottom (it lifts the rod to the
// slide rod holes of f1) and top.
func (o vars) holderZ() (bottom, top float64) {
	return math.Max(0.25+o.d1bushingOD/2, o.dZ+0.5+o.sliderodholeOD/2+o.drawergap), 0.25 + o.d1bushingOD/2
}

// instances places every plate, in the order of OSE's tables.
func (o vars) instances() []instance {
	f := o.frames()
	D, F, A := f.D, f.F, f.A
	var out []instance
	add := func(id string, ops ...affine) { out = append(out, instance{id, chain(ops...)}) }

	// Drawer (Dp.scad).
	xc := o.d8y + o.dZ // the soil cell starts behind d6
	add("d1", D, T(xc+o.brickW, o.brickL/2+o.dZ, o.d3y), R(0, 0, 270))
	add("d2", D, T(0, o.dZ, 0), R(90, 0, 0))
	add("d2", D, T(0, 2*o.dZ+o.brickL, 0), R(90, 0, 0))
	add("d3", D, T(xc+o.brickW, o.d3x/2, o.d3y), R(270, 0, 270))
	add("d3", D, T(xc+o.brickW+o.d5y+o.dZ, o.d3x/2, o.d3y), R(270, 0, 270))
	for _, k := range []float64{-1, 0, 1} {
		add("d4", D, T(xc+o.brickW+o.dZ+o.d5y/2, o.d5x/2+o.dZ/2+k*o.brickL/4, 0), R(90, 0, 0))
	}
	add("d5", D, T(xc+o.brickW+o.dZ, o.d5x/2, 0), R(0, 0, 270))
	add("d6", D, T(xc, o.d6x/2, 0), R(90, 0, 270))
	// d7: the drawer cylinder's base clevis, on a4 (Ap.scad).
	add("d7", A, T(o.cylDrawerE/2, -o.d7x/2+o.a4x/2, -o.aZ), R(90, 0, 90))
	add("d7", A, M(), T(o.cylDrawerE/2, -o.d7x/2+o.a4x/2, -o.aZ), R(90, 0, 90))
	add("d8", D, T(0, o.d8x/2, 0), R(0, 0, 270))
	// d9: the rod clevis on the drawer.
	yc := (o.d6x-o.rodclevisW)/2 - o.dZ
	add("d9", D, T(xc, yc, 0), R(90, 0, 180))
	add("d9", D, T(xc, o.rodclevisW+o.dZ+yc, 0), R(90, 0, 180))
	// d11: a clamp plate on each holder.
	zb, zt := o.holderZ()
	for _, h := range o.holderAt() {
		add("d11", h, T(0, 0, zb+zt))
	}
	add("d12", D, T(o.d8y-o.f2y+o.dZ, o.d12x/2, o.d2y-o.dZ), R(0, 0, 90))

	// Frame (Fp.scad).
	zc0 := o.f9x - o.f1y - o.brickCH - o.drawergap - o.f4y // bottom of the chamber walls
	w2 := o.f8y / 2
	add("f1", F, T(0, w2+o.fZ, o.f9x), R(90, 180, 0))
	add("f1", F, T(0, -w2, o.f9x), R(90, 180, 0))
	add("f2", F, T(-o.f2x/2, w2, o.f9x-o.f1y))
	add("f2", F, T(o.f2x/2, -w2, o.f9x-o.f1y), R(0, 0, 180))
	add("f2", F, T(-o.f2x/2, w2, 0))
	add("f2", F, T(o.f2x/2, -w2, 0), R(0, 0, 180))
	add("f3", F, T(0, w2, o.f9x), R(0, 180, 0))
	add("f3", F, T(0, -w2, o.f9x), R(0, 180, 180))
	add("f4", F, T(0, w2+o.fZ, zc0), R(90, 0, 0))
	add("f4", F, T(0, -w2, zc0), R(90, 0, 0))
	add("f5", F, T(0, w2, zc0+o.f4y), R(0, 180, 0))
	add("f5", F, T(0, -w2, zc0+o.f4y), R(0, 180, 180))
	add("f6", F, T(0, w2+o.fZ, o.f6y), R(90, 180, 0))
	add("f6", F, T(0, -w2, o.f6y), R(90, 180, 0))
	core := o.brickL + 2*o.dZ + o.drawerHgap
	var flanges []affine
	for _, c := range []affine{chain(F, T(-core/2, 0, 0), R(0, 0, 90)), chain(F, T(core/2, 0, 0), R(0, 0, -90))} {
		add("f8", c, T(w2, o.fZ, 0), R(90, -90, 0))
		for _, x := range []float64{w2 + o.fZ/2 - o.fZ/2, -w2 + o.fZ/2 + o.fZ/2} {
			flanges = append(flanges, chain(c, T(x, 0, 0), R(0, -90, 0)))
		}
	}
	for _, fl := range flanges {
		add("f9", fl)
	}
	for _, z := range []float64{0, o.f9x - o.f1y - o.d2y - o.f4y - o.drawergap - 0.5, o.f9x - 0.5} {
		add("f11", F, T(o.f6x/2, 0, z), R(0, 0, 180))
	}
	for _, z := range []float64{0, o.f9x - o.f1y - o.d2y - o.f4y - o.drawergap - 0.5, o.f9x - 0.5} {
		add("f11", F, T(-o.f6x/2, 0, z))
	}
	add("f12", F, T(0, -o.f12y/2, o.f9x))
	add("f14", F, T(-o.f14x/2, w2, zc0+7.5-o.fZ/2))
	add("f14", F, T(o.f14x/2, -w2, zc0+7.5-o.fZ/2), R(0, 0, 180))

	// Arms (Ap.scad).
	rails := []affine{T(-o.f5x/2+o.a1x/2, 0, 0), chain(T(o.f5x/2-o.a1x/2, 0, 0), M())}
	for _, side := range rails {
		add("a1", A, side, T(o.a1x/2-o.a1x, 0, 0))
		add("a2", A, side, T(o.a1x/2-o.aZ, 0, o.a2x), R(0, 90, 0))
	}
	add("a3", A, T(o.a3y/2, o.aZ, -o.a3x), R(0, 270, 90))
	add("a3", A, T(o.a3y/2, o.a2y, -o.a3x), R(0, 270, 90))
	add("a4", A, T(o.a4y/2, o.a4x, 0), R(180, 0, 270))
	add("a5", A, T(o.a5y/2, o.a2y-o.a5x, -o.aZ), R(0, 0, 90))
	// a6: three gussets per rail (xport-Ap.scad cuts six) in the notches
	// a1p and a2p cut at y = 1, distancetof8center and a1y - 1. a6p's tab
	// on its x axis is a2z thick (it goes in a2's notch at a2's top edge),
	// the tab at its far corner a1z thick (in a1's notch at a1's outer
	// edge): a6's x runs down a2's outer face from its top (z = a2x), its y
	// out across a1 from a2's inner face, its thickness along the rails.
	for _, side := range rails {
		for _, y := range []float64{1, o.distancetof8center, o.a1y - 1} {
			add("a6", A, side, T(o.a1x/2, y-o.aZ/2, o.a2x), R(0, 90, 90))
		}
	}

	// Hopper (Hp.scad) on f12, its base over the chamber opening.
	H := chain(F, T(0, -o.hopperBaseY/2, o.f9x+o.fZ))
	add("h1", H, R(90, 0, 0))
	add("h2", H, T(0, o.hopperBaseY, 0), R(o.h2Angle(), 0, 0))
	// Guards under the arm rails, on a1's holes: h7 behind the chamber over
	// the drawer cylinder's run, h8 the floor of the output shelf.
	c := o.distancetof8center
	add("h7", A, T(0, c-o.brickW/2-o.f5y-o.h7y, -o.hZ))
	add("h8", A, T(0, c+o.brickW/2+o.f5y+o.h8y, -o.hZ), R(0, 0, 180))
	return out
}

// rodLine is a slide rod's axis: along x at height z, from x0 to x1.
type rodLine struct{ x0, x1, z float64 }

// rodAxis returns the slide rod on side s (-1, +1 in y) in the assembly
// frame, inches: through f1's slide rod holes, long enough for the
// bushings at both ends of the drawer over its whole stroke.
func (o vars) rodAxis(s float64) rodLine {
	f := o.frames()
	zb, _ := o.holderZ()
	rear := f.D.apply([3]float64{o.d8y - o.f2y + o.dZ - o.d12y, 0, o.d3y + o.dZ + zb})
	front := f.D.apply([3]float64{o.d8y + o.dZ + o.brickW + o.d1y, 0, 0})
	return rodLine{x0: rear[0] - o.cylDrawerStroke - 1, x1: front[0] + 1, z: rear[2]}
}
