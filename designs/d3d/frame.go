package d3d

import (
	"fmt"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/shop"
	"github.com/fabkit/fabkit/units"
)

// bedPlate is the heated bed's cut steel carrier (section 2.1: 16 ga steel
// plus a 1/8in top; the shops stock 1/8in as their thinnest plate).
const bedPlate = 0.125 * in

// angleBars are the 12 frame edges of the angle frame, each AngleBar long
// between two corner arms, with an M6 hole in one leg at each end where
// the corner tongue's hole is.
func angleBars(d dims, prof shop.Profile) *model.Part {
	hole := d.Tongue / 2
	return &model.Part{ID: "frame-bar", Name: "frame bar", Material: prof.Material, Process: model.Saw,
		Qty: 12, Placements: edgePlacements(d),
		Bar: &model.Bar{Profile: prof.ID, Length: d.AngleBar, Holes: []model.Hole{
			{At: hole, Face: "bottom", Diameter: m6Hole, Through: true},
			{At: d.AngleBar - hole, Face: "bottom", Diameter: m6Hole, Through: true}}},
		Notes: fmt.Sprintf("Size - 2(Width + 2 Thickness) = %s; M6 holes %s from each end, mid-leg",
			units.FormatInches(d.AngleBar, 16), units.FormatInches(hole, 16))}
}

// edgePlacements lays an angle bar along each of the 12 cube edges, its
// heel on the edge and its legs in the two faces. In the bar frame the
// section is centred on the X axis with the heel at (y, z) = (W/2, -W/2),
// one leg towards -Y and one towards +Z.
func edgePlacements(d dims) []model.Transform {
	S, W := d.Size, d.Width
	var out []model.Transform
	for k := 0; k < 3; k++ {
		u, v := (k+1)%3, (k+2)%3
		for _, cv := range []float64{0, S} {
			for _, cu := range []float64{0, S} {
				var e, a, b [3]float64 // along, first leg, second leg
				e[k] = 1
				a[u], b[v] = sign(cu, S), sign(cv, S)
				if cross(e, neg(a)) != b {
					a, b = b, a
				}
				var t model.Transform
				for i := 0; i < 3; i++ {
					t.R[i][0], t.R[i][1], t.R[i][2] = e[i], -a[i], b[i]
				}
				var heel [3]float64
				heel[k], heel[u], heel[v] = d.CornerArm, cu, cv
				r := t.Apply([3]float64{0, W / 2, -W / 2})
				t.T = [3]float64{heel[0] - r[0], heel[1] - r[1], heel[2] - r[2]}
				out = append(out, t)
			}
		}
	}
	return out
}

// sign is the inward direction at coordinate c of a cube of edge S.
func sign(c, S float64) float64 {
	if c > S/2 {
		return -1
	}
	return 1
}

func neg(a [3]float64) [3]float64 { return [3]float64{-a[0], -a[1], -a[2]} }

func cross(a, b [3]float64) [3]float64 {
	return [3]float64{a[1]*b[2] - a[2]*b[1], a[2]*b[0] - a[0]*b[2], a[0]*b[1] - a[1]*b[0]}
}

// framePlates are the 6 picture-frame plates of the plate frame, welded
// into a cube: the bottom and top plates are Size square, the left and
// right ones stand between them (Size x Size - 2t), and the front and back
// ones close the box between all four (Size - 2t square), so no two plates
// take the same steel at an edge. Each has the Window square cut-out in
// the middle of its cube face, leaving Width-wide borders, and eight M6
// holes on the border's centre line (corners and mid-sides) for the axes,
// feet and spool holder.
func framePlates(d dims) ([]*model.Part, error) {
	S, W, t := d.Size, d.Width, d.Thickness
	cyc := func(i, j, k int, x, y, z float64) model.Transform { // plate X, Y, Z onto world axes i, j, k
		var m model.Transform
		m.R[i][0], m.R[j][1], m.R[k][2] = 1, 1, 1
		m.T = [3]float64{x, y, z}
		return m
	}
	faces := []struct {
		id, name string
		// cu, cv: how much the plate is cut back from the cube face along
		// its X and Y at each end.
		cu, cv float64
		at     []model.Transform
	}{
		{"frame-plate", "frame plate, bottom and top (picture frame)", 0, 0,
			[]model.Transform{cyc(0, 1, 2, 0, 0, 0), cyc(0, 1, 2, 0, 0, S-t)}},
		{"frame-plate-side", "frame plate, left and right (picture frame)", 0, t,
			[]model.Transform{cyc(1, 2, 0, 0, 0, t), cyc(1, 2, 0, S-t, 0, t)}},
		{"frame-plate-end", "frame plate, front and back (picture frame)", t, t,
			[]model.Transform{cyc(2, 0, 1, t, 0, t), cyc(2, 0, 1, t, S-t, t)}},
	}
	var out []*model.Part
	for _, f := range faces {
		w, h := S-2*f.cu, S-2*f.cv
		// The window and holes stay where they are on the cube face.
		holes := []profile.Path{profile.Rect(W-f.cu, W-f.cv, d.Window, d.Window)}
		for _, x := range []float64{W / 2, S / 2, S - W/2} {
			for _, y := range []float64{W / 2, S / 2, S - W/2} {
				if x == S/2 && y == S/2 {
					continue
				}
				holes = append(holes, profile.Circle(x-f.cu, y-f.cv, m6Hole/2))
			}
		}
		shape := profile.New(profile.Rect(0, 0, w, h), holes...)
		if err := shape.Validate(); err != nil {
			return nil, fmt.Errorf("%s: %w", f.id, err)
		}
		out = append(out, &model.Part{ID: f.id, Name: f.name, Material: "a36", Process: model.PlateCut,
			Qty: 2, Placements: f.at, Plate: &model.Plate{Thickness: t, Shape: shape},
			Notes: fmt.Sprintf("%s x %s, %s window; weld into a cube", units.FormatInches(w, 16), units.FormatInches(h, 16), units.FormatInches(d.Window, 16))})
	}
	return out, nil
}

// bedPlatePart is the bed carrier: BedSize square with an M6 hole 1/2in in
// from each corner for the bed clamps, resting on the bed rods.
func bedPlatePart(d dims) (*model.Part, error) {
	B, e := d.BedSize, 0.5*in
	shape := profile.New(profile.Rect(0, 0, B, B),
		profile.Circle(e, e, m6Hole/2), profile.Circle(B-e, e, m6Hole/2),
		profile.Circle(B-e, B-e, m6Hole/2), profile.Circle(e, B-e, m6Hole/2))
	if err := shape.Validate(); err != nil {
		return nil, fmt.Errorf("bed plate: %w", err)
	}
	return &model.Part{ID: "bed-plate", Name: "heated bed plate", Material: "a36", Process: model.PlateCut, Qty: 1,
		Placements: []model.Transform{model.At(d.Size/2-B/2, d.Size/2-B/2, bedZ(d)+d.RodDiameter/2)},
		Plate:      &model.Plate{Thickness: bedPlate, Shape: shape},
		Notes:      "carries the heated-bed kit's heater, 1/8in top and PEI"}, nil
}
