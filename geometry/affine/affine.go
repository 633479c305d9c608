// Package affine is the one transform of fabkit's geometry: where a part's
// frame sits in the assembly (a design's placements), how the mesher moves
// a mesh and how a 3MF item is placed. Rotations are in degrees, as the
// source drawings give them; quarter turns are exact.
package affine

import "math"

// Transform is an affine map: the 3x3 matrix R then the translation T, so
// that a point p lands at R*p + T. A design's placements are rigid (R a
// rotation); a mirror has a negative determinant.
type Transform struct {
	R [3][3]float64
	T [3]float64
}

// Identity is the transform that leaves a point where it is.
func Identity() Transform {
	return Transform{R: [3][3]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}}
}

// At returns the identity rotation moved to (x, y, z).
func At(x, y, z float64) Transform {
	t := Identity()
	t.T = [3]float64{x, y, z}
	return t
}

// Apply maps the point p.
func (t Transform) Apply(p [3]float64) [3]float64 {
	var out [3]float64
	for i := 0; i < 3; i++ {
		out[i] = t.R[i][0]*p[0] + t.R[i][1]*p[1] + t.R[i][2]*p[2] + t.T[i]
	}
	return out
}

// ApplyVector maps the direction v (no translation).
func (t Transform) ApplyVector(v [3]float64) [3]float64 {
	var out [3]float64
	for i := 0; i < 3; i++ {
		out[i] = t.R[i][0]*v[0] + t.R[i][1]*v[1] + t.R[i][2]*v[2]
	}
	return out
}

// Then returns the transform that applies t first and then u.
func (t Transform) Then(u Transform) Transform {
	var out Transform
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			out.R[i][j] = u.R[i][0]*t.R[0][j] + u.R[i][1]*t.R[1][j] + u.R[i][2]*t.R[2][j]
		}
	}
	out.T = u.Apply(t.T)
	return out
}

// Det returns the determinant of R: negative for a mirror.
func (t Transform) Det() float64 {
	a := t.R
	return a[0][0]*(a[1][1]*a[2][2]-a[1][2]*a[2][1]) -
		a[0][1]*(a[1][0]*a[2][2]-a[1][2]*a[2][0]) +
		a[0][2]*(a[1][0]*a[2][1]-a[1][1]*a[2][0])
}

// rotation returns a right-handed rotation of deg degrees about axis 0
// (x), 1 (y) or 2 (z).
func rotation(axis int, deg float64) Transform {
	s, c := math.Sincos(deg * math.Pi / 180)
	// Snap exact quarter turns so placements print cleanly and stay deterministic.
	if math.Abs(s) < 1e-15 {
		s = 0
	}
	if math.Abs(c) < 1e-15 {
		c = 0
	}
	t := Identity()
	i, j := (axis+1)%3, (axis+2)%3
	t.R[i][i], t.R[i][j] = c, -s
	t.R[j][i], t.R[j][j] = s, c
	return t
}

// RotateX returns t followed by a rotation of deg degrees about the X axis.
func (t Transform) RotateX(deg float64) Transform { return t.Then(rotation(0, deg)) }

// RotateY returns t followed by a rotation of deg degrees about the Y axis.
func (t Transform) RotateY(deg float64) Transform { return t.Then(rotation(1, deg)) }

// RotateZ returns t followed by a rotation of deg degrees about the Z axis.
func (t Transform) RotateZ(deg float64) Transform { return t.Then(rotation(2, deg)) }

// Move returns t followed by a translation.
func (t Transform) Move(x, y, z float64) Transform { return t.Then(At(x, y, z)) }
