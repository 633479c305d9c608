package d3d

import (
	"math"

	"github.com/deadsy/sdfx/sdf"
	v3 "github.com/deadsy/sdfx/vec/v3"
)

// csg builds printed parts from sdfx's exact primitives (boxes, cylinders,
// hexagonal prisms as intersections of boxes) with rigid moves, unions and
// differences only, so every solid stays 1-Lipschitz (the mesher's pruning
// relies on it) and safe to evaluate from many goroutines. The first
// constructor error is kept in err; after it every call returns nil.
type csg struct{ err error }

// box is the axis-aligned box from (x0, y0, z0) to (x1, y1, z1).
func (c *csg) box(x0, y0, z0, x1, y1, z1 float64) sdf.SDF3 {
	if c.err != nil {
		return nil
	}
	b, err := sdf.Box3D(v3.Vec{X: x1 - x0, Y: y1 - y0, Z: z1 - z0}, 0)
	if err != nil {
		c.err = err
		return nil
	}
	return sdf.Transform3D(b, sdf.Translate3d(v3.Vec{X: (x0 + x1) / 2, Y: (y0 + y1) / 2, Z: (z0 + z1) / 2}))
}

// cylZ is a cylinder of radius r along Z through (x, y), from z0 to z1.
func (c *csg) cylZ(x, y, z0, z1, r float64) sdf.SDF3 {
	return c.cyl(r, z1-z0, sdf.Translate3d(v3.Vec{X: x, Y: y, Z: (z0 + z1) / 2}))
}

// cylX is a cylinder of radius r along X through (y, z), from x0 to x1.
func (c *csg) cylX(y, z, x0, x1, r float64) sdf.SDF3 {
	return c.cyl(r, x1-x0, sdf.Translate3d(v3.Vec{X: (x0 + x1) / 2, Y: y, Z: z}).Mul(sdf.RotateY(math.Pi/2)))
}

// cylY is a cylinder of radius r along Y through (x, z), from y0 to y1.
func (c *csg) cylY(x, z, y0, y1, r float64) sdf.SDF3 {
	return c.cyl(r, y1-y0, sdf.Translate3d(v3.Vec{X: x, Y: (y0 + y1) / 2, Z: z}).Mul(sdf.RotateX(math.Pi/2)))
}

func (c *csg) cyl(r, h float64, m sdf.M44) sdf.SDF3 {
	if c.err != nil {
		return nil
	}
	s, err := sdf.Cylinder3D(h, r, 0)
	if err != nil {
		c.err = err
		return nil
	}
	return sdf.Transform3D(s, m)
}

// hex is a hexagonal prism along axis (0 x, 1 y, 2 z) with the given width
// across flats, centred on p, of length h: a nut trap or a hex head seat.
// Two flats face the first of the other two axes.
func (c *csg) hex(axis int, p v3.Vec, af, h float64) sdf.SDF3 {
	if c.err != nil {
		return nil
	}
	long := 2*af/math.Sqrt(3) + 1 // longer than the corner-to-corner width
	var s sdf.SDF3
	for k := 0; k < 3; k++ {
		b, err := sdf.Box3D(v3.Vec{X: af, Y: long, Z: h}, 0)
		if err != nil {
			c.err = err
			return nil
		}
		slab := sdf.Transform3D(b, sdf.RotateZ(float64(k)*math.Pi/3))
		if s == nil {
			s = slab
		} else {
			s = sdf.Intersect3D(s, slab)
		}
	}
	toAxis := sdf.Identity3d()
	switch axis {
	case 0:
		toAxis = sdf.RotateY(math.Pi / 2).Mul(sdf.RotateZ(math.Pi / 2))
	case 1:
		toAxis = sdf.RotateX(-math.Pi / 2)
	}
	return sdf.Transform3D(s, sdf.Translate3d(p).Mul(toAxis))
}

// minus is body with every cut removed.
func minus(body sdf.SDF3, cuts ...sdf.SDF3) sdf.SDF3 {
	return sdf.Difference3D(body, sdf.Union3D(cuts...))
}

// cylAlong is a cylinder of radius r along axis (0 x, 1 y, 2 z) from p0 to
// p1, two points that differ only in that coordinate.
func (c *csg) cylAlong(axis int, p0, p1 v3.Vec, r float64) sdf.SDF3 {
	switch axis {
	case 0:
		return c.cylX(p0.Y, p0.Z, min(p0.X, p1.X), max(p0.X, p1.X), r)
	case 1:
		return c.cylY(p0.X, p0.Z, min(p0.Y, p1.Y), max(p0.Y, p1.Y), r)
	}
	return c.cylZ(p0.X, p0.Y, min(p0.Z, p1.Z), max(p0.Z, p1.Z), r)
}
