package mesh

import (
	"math"

	"github.com/fabkit/fabkit/geometry/affine"
)

// apply maps the point p by t.
func apply(t affine.Transform, p Vec3) Vec3 {
	q := t.Apply([3]float64{p.X, p.Y, p.Z})
	return Vec3{q[0], q[1], q[2]}
}

// rotateOnto returns the rotation taking unit vector from onto unit vector to.
func rotateOnto(from, to Vec3) affine.Transform {
	c := from.Dot(to)
	ax := from.Cross(to)
	s := ax.Len()
	if s < 1e-12 {
		if c > 0 {
			return affine.Identity()
		}
		// Half turn about any axis perpendicular to from.
		p := Vec3{1, 0, 0}
		if math.Abs(from.X) > 0.9 {
			p = Vec3{0, 1, 0}
		}
		ax = from.Cross(p)
		ax = ax.Scale(1 / ax.Len())
		return axisAngle(ax, 0, -1)
	}
	return axisAngle(ax.Scale(1/s), s, c)
}

// axisAngle is Rodrigues' rotation about unit axis k with sine s, cosine c.
func axisAngle(k Vec3, s, c float64) affine.Transform {
	t := 1 - c
	return affine.Transform{R: [3][3]float64{
		{t*k.X*k.X + c, t*k.X*k.Y - s*k.Z, t*k.X*k.Z + s*k.Y},
		{t*k.X*k.Y + s*k.Z, t*k.Y*k.Y + c, t*k.Y*k.Z - s*k.X},
		{t*k.X*k.Z - s*k.Y, t*k.Y*k.Z + s*k.X, t*k.Z*k.Z + c},
	}}
}
