package d3d

import "github.com/fabkit/fabkit/model"

// The assembly frame: the frame cube occupies [0, Size]³ with Z up; the
// Y axes lie on its top edges, the X axes ride on the Y carriages, the Z
// axes stand on the side walls (x = 0 and x = Size) with their motors at
// the top, and the bed hangs on rods across the Z carriages.

// axis is one Universal Axis instance: its kind, its rod length (the
// axis frame runs from x=0 at the motor holder to x=Length at the idler)
// and where its frame sits in the assembly.
type axis struct {
	Kind   string // "x", "y" or "z"
	Length float64
	At     model.Transform
}

// axes places every axis: Y axes along +Y on the left and right top
// edges, X axes along +X on top of the Y carriages (2in of rod past each
// end), Z axes pointing down the walls, alternating left and right.
func axes(d dims) []axis {
	T, S := d.UA.T, d.Size
	var out []axis
	for i := 0; i < d.YAxes; i++ {
		x := d.UA.BlockY / 2
		if i == 1 {
			x = S - d.UA.BlockY/2
		}
		out = append(out, axis{"y", d.YRod, model.Identity().RotateZ(90).Move(x, 0, S+T/2)})
	}
	for i := 0; i < d.XAxes; i++ {
		y := S/2 + (float64(i)-float64(d.XAxes-1)/2)*(d.UA.BlockY+10) // side by side, 10 mm apart
		out = append(out, axis{"x", d.XRod, model.At(-2*in, y, S+T+T/2)})
	}
	perSide := [2]int{(d.ZAxes + 1) / 2, d.ZAxes / 2}
	for i := 0; i < d.ZAxes; i++ {
		side, k := i%2, i/2
		y := S * float64(k+1) / float64(perSide[side]+1)
		top := S - 0.5*in
		at := model.Identity().RotateY(90).Move(d.Thickness+T/2, y, top) // rods down the x=0 wall
		if side == 1 {
			at = model.Identity().RotateY(90).RotateZ(180).Move(S-d.Thickness-T/2, y, top)
		}
		out = append(out, axis{"z", d.ZRod, at})
	}
	return out
}

// on returns the placement of a part given in its axis's frame.
func (a axis) on(local model.Transform) model.Transform { return local.Then(a.At) }

// carriageAt is where the carriage sits along the axis: mid travel.
func (a axis) carriageAt(ua axisDims) float64 { return (a.Length - ua.CarriageX) / 2 }

// bedZ is the height of the bed rods' axes: on top of the Z carriages.
func bedZ(d dims) float64 { return d.Size/2 + d.UA.CarriageX/2 + d.RodDiameter/2 }
