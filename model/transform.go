package model

import "github.com/fabkit/fabkit/geometry/affine"

// Transform is a part instance's placement in the assembly: the one
// affine.Transform (a rotation R then a translation T, so that a point p
// of the part's frame lands at R*p + T; rotations in degrees), which the
// mesher, the assembly check and the 3MF writer read as they are.
type Transform = affine.Transform

// Identity is the placement that leaves a part where it is.
func Identity() Transform { return affine.Identity() }

// At returns the identity rotation moved to (x, y, z).
func At(x, y, z float64) Transform { return affine.At(x, y, z) }
