package powercube

import (
	"github.com/fabkit/fabkit/model"
)

// v3 is a point or direction in the assembly frame, in inches: x along the
// cube's length, y across it (front at y=0), z up.
type v3 = [3]float64

var (
	px, nx = v3{1, 0, 0}, v3{-1, 0, 0}
	py, ny = v3{0, 1, 0}, v3{0, -1, 0}
	pz, nz = v3{0, 0, 1}, v3{0, 0, -1}
)

func neg(a v3) v3 { return v3{-a[0], -a[1], -a[2]} }

func cross(a, b v3) v3 {
	return v3{a[1]*b[2] - a[2]*b[1], a[2]*b[0] - a[0]*b[2], a[0]*b[1] - a[1]*b[0]}
}

// frame returns the placement whose local x, y, z axes point along ex, ey,
// ez (a right-handed set of world axes) and that takes local point p
// (mm) to world point q (inches).
func frame(ex, ey, ez v3, p v3, q v3) model.Transform {
	var t model.Transform
	for i := 0; i < 3; i++ {
		t.R[i][0], t.R[i][1], t.R[i][2] = ex[i], ey[i], ez[i]
	}
	r := t.Apply(p)
	t.T = v3{q[0]*in - r[0], q[1]*in - r[1], q[2]*in - r[2]}
	return t
}

// angleAt places an angle bar of leg w (inches) along axis from heel
// point q at its start, its legs pointing along la and lb. In the bar's
// frame the heel is at (y, z) = (w/2, -w/2), one leg towards -y and one
// towards +z (geometry/mesh and the assembly check agree on this). It also
// says which leg is the local -y one, for the mitre.
// x0 is where the heel starts along the bar's local x, in inches: 0 for
// a square cut, -w/2 for a 45° mitre (the bar's length is measured on its
// centre line, so a mitred heel starts half a leg before x=0).
func angleAt(w, x0 float64, axis, la, lb, q v3) (model.Transform, v3, v3) {
	a, b := la, lb // local -y along a, local +z along b
	if cross(axis, neg(a)) != b {
		a, b = b, a
	}
	return frame(axis, neg(a), b, v3{x0 * in, w / 2 * in, -w / 2 * in}, q), a, b
}

// plateIn places a plate whose local x and y run along ex and ey with its
// thickness along ex x ey, its local corner (0, 0, 0) at q (inches).
func plateIn(ex, ey, q v3) model.Transform {
	return frame(ex, ey, cross(ex, ey), v3{}, q)
}

// boxPlate places a plate of size w x h x thick so that it fills the world
// box lo..lo+extent, with its local x along ex and y along ey (world axes,
// positive directions), thickness along the third.
func boxPlate(ex, ey v3, lo v3) model.Transform {
	return plateIn(ex, ey, lo)
}

// tubeAlongX places a rect tube (width and height in inches; shop width along local y, height along
// local z) lying along +x from x0, its wide side upright: local y -> +z,
// local z -> -y. lo is the world corner (x0, ymin, zmin) of the tube.
func tubeAlongX(width, height float64, lo v3) model.Transform {
	// Local (0, -width/2, +height/2) -> world (x0, ymin, zmin).
	return frame(px, pz, ny, v3{0, -width / 2 * in, height / 2 * in}, lo)
}

// tubeFlatAlongX places a rect tube along +x lying on its wide side:
// local y -> +y, local z -> +z; lo is its world min corner.
func tubeFlatAlongX(width, height float64, lo v3) model.Transform {
	return frame(px, py, pz, v3{0, -width / 2 * in, -height / 2 * in}, lo)
}
