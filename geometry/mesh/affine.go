package mesh

import "math"

// Affine is a 3x4 affine transform: row i maps a point p to
// M[i][0]*p.X + M[i][1]*p.Y + M[i][2]*p.Z + M[i][3].
type Affine [3][4]float64

// Identity returns the identity transform.
func Identity() Affine {
	return Affine{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}}
}

// Translate returns a translation by v.
func Translate(v Vec3) Affine {
	return Affine{{1, 0, 0, v.X}, {0, 1, 0, v.Y}, {0, 0, 1, v.Z}}
}

// RotateX returns a right-handed rotation by a radians about the X axis.
func RotateX(a float64) Affine {
	s, c := sincos(a)
	return Affine{{1, 0, 0, 0}, {0, c, -s, 0}, {0, s, c, 0}}
}

// RotateY returns a right-handed rotation by a radians about the Y axis.
func RotateY(a float64) Affine {
	s, c := sincos(a)
	return Affine{{c, 0, s, 0}, {0, 1, 0, 0}, {-s, 0, c, 0}}
}

// RotateZ returns a right-handed rotation by a radians about the Z axis.
func RotateZ(a float64) Affine {
	s, c := sincos(a)
	return Affine{{c, -s, 0, 0}, {s, c, 0, 0}, {0, 0, 1, 0}}
}

// sincos returns exact values at multiples of a quarter turn, so that
// rotations by 90° keep axis-aligned geometry exactly axis-aligned.
func sincos(a float64) (s, c float64) {
	q := a / (math.Pi / 2)
	if r := math.Round(q); math.Abs(q-r) < 1e-15 {
		switch ((int64(r) % 4) + 4) % 4 {
		case 0:
			return 0, 1
		case 1:
			return 1, 0
		case 2:
			return 0, -1
		default:
			return -1, 0
		}
	}
	return math.Sincos(a)
}

// Compose returns the transform that applies ts in order: first ts[0], then
// ts[1], and so on. Compose() is the identity.
func Compose(ts ...Affine) Affine {
	r := Identity()
	for _, t := range ts {
		r = t.Mul(r)
	}
	return r
}

// Mul returns the product a·b: the transform that applies b first, then a.
func (a Affine) Mul(b Affine) Affine {
	var r Affine
	for i := 0; i < 3; i++ {
		for j := 0; j < 4; j++ {
			var s float64
			for k := 0; k < 3; k++ {
				s += a[i][k] * b[k][j]
			}
			if j == 3 {
				s += a[i][3]
			}
			r[i][j] = s
		}
	}
	return r
}

// Apply transforms the point p.
func (a Affine) Apply(p Vec3) Vec3 {
	return Vec3{
		a[0][0]*p.X + a[0][1]*p.Y + a[0][2]*p.Z + a[0][3],
		a[1][0]*p.X + a[1][1]*p.Y + a[1][2]*p.Z + a[1][3],
		a[2][0]*p.X + a[2][1]*p.Y + a[2][2]*p.Z + a[2][3],
	}
}

// ApplyVector transforms the direction v (no translation).
func (a Affine) ApplyVector(v Vec3) Vec3 {
	return Vec3{
		a[0][0]*v.X + a[0][1]*v.Y + a[0][2]*v.Z,
		a[1][0]*v.X + a[1][1]*v.Y + a[1][2]*v.Z,
		a[2][0]*v.X + a[2][1]*v.Y + a[2][2]*v.Z,
	}
}

// Det returns the determinant of the linear part.
func (a Affine) Det() float64 {
	return a[0][0]*(a[1][1]*a[2][2]-a[1][2]*a[2][1]) -
		a[0][1]*(a[1][0]*a[2][2]-a[1][2]*a[2][0]) +
		a[0][2]*(a[1][0]*a[2][1]-a[1][1]*a[2][0])
}

// rotateOnto returns the rotation taking unit vector from onto unit vector to.
func rotateOnto(from, to Vec3) Affine {
	c := from.Dot(to)
	ax := from.Cross(to)
	s := ax.Len()
	if s < 1e-12 {
		if c > 0 {
			return Identity()
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
func axisAngle(k Vec3, s, c float64) Affine {
	t := 1 - c
	return Affine{
		{t*k.X*k.X + c, t*k.X*k.Y - s*k.Z, t*k.X*k.Z + s*k.Y, 0},
		{t*k.X*k.Y + s*k.Z, t*k.Y*k.Y + c, t*k.Y*k.Z - s*k.X, 0},
		{t*k.X*k.Z - s*k.Y, t*k.Y*k.Z + s*k.X, t*k.Z*k.Z + c, 0},
	}
}
