package powercube

import (
	"fmt"

	"github.com/fabkit/fabkit/model"
)

// heel is one frame edge: the heel line from p0 to p1 (inches), the leg
// in the face (a) and the leg the mitre turns about (b).
type heel struct {
	p0, p1 v3
	a, b   v3
}

// place returns the placement of an angle along the heel, oriented so that
// leg b is the bar's local +z (every bar of a part then has the same cut).
func (h heel) place(w, x0 float64) model.Transform {
	axis := unit(sub(h.p1, h.p0))
	start := h.p0
	if cross(axis, neg(h.a)) != h.b {
		axis, start = neg(axis), h.p1
	}
	t, _, _ := angleAt(w, x0, axis, h.a, h.b, start)
	return t
}

func sub(a, b v3) v3 { return v3{a[0] - b[0], a[1] - b[1], a[2] - b[2]} }

func unit(a v3) v3 {
	for i := range a {
		switch {
		case a[i] > 0:
			a[i] = 1
		case a[i] < 0:
			a[i] = -1
		}
	}
	return a
}

// frameVI is Power Cube VI's cube: OSE's cut sheet has 10 angles of 27in
// with 45° mitres, the two tanks standing in for the last two edges. Here
// the left and right faces are mitred picture frames (bottom, top and two
// posts each) and two angles join them along the top front and back edges;
// the tanks are the bottom front and back edges. Every angle is the same
// part: 27in at the heel, 45° at both ends, turning about the leg that
// points into the cube (the face leg of the side frames, the front leg of
// the top edges).
func frameVI(d dims) *model.Part {
	E, w := d.E, d.a
	var hs []heel
	for _, side := range []struct {
		x float64
		b v3
	}{{0, px}, {E, nx}} {
		x := side.x
		hs = append(hs,
			heel{v3{x, 0, 0}, v3{x, E, 0}, pz, side.b},
			heel{v3{x, 0, E}, v3{x, E, E}, nz, side.b},
			heel{v3{x, 0, 0}, v3{x, 0, E}, py, side.b},
			heel{v3{x, E, 0}, v3{x, E, E}, ny, side.b})
	}
	hs = append(hs, heel{v3{0, 0, E}, v3{E, 0, E}, py, nz}, heel{v3{0, E, E}, v3{E, E, E}, ny, nz})
	var at []model.Transform
	for _, h := range hs {
		at = append(at, h.place(w, -w/2))
	}
	m := model.End{Mitre: 45, Axis: "z"}
	return &model.Part{ID: "frame-angle", Name: "frame angle (mitred)", Material: d.angle.Material, Process: model.Saw,
		Qty: len(at), Placements: at,
		Bar:   &model.Bar{Profile: d.angle.ID, Length: (E - w) * in, Start: m, End: m},
		Notes: fmt.Sprintf("OSE PC6 cut sheet: %s at the heel, 45° mitres; two mitred picture frames (left, right) and the two top edges", inches(E))}
}

// frameIV is Power Cube IV's frame of Tom Griffing's manual: two rectangles
// of 29in angles lying on 27in angles, square cut, and 24in posts outside
// the corners.
func frameIV(d dims) []*model.Part {
	L, W, H, w, t := d.L, d.W, d.H, d.a, d.t
	bar := func(id, name string, length float64, hs []heel, note string) *model.Part {
		var at []model.Transform
		for _, h := range hs {
			at = append(at, h.place(w, 0))
		}
		return &model.Part{ID: id, Name: name, Material: d.angle.Material, Process: model.Saw, Qty: len(at), Placements: at,
			Bar: &model.Bar{Profile: d.angle.ID, Length: length * in}, Notes: note}
	}
	long := []heel{
		{v3{0, 0, w}, v3{L, 0, w}, pz, py}, {v3{0, W, w}, v3{L, W, w}, pz, ny},
		{v3{0, 0, H - w}, v3{L, 0, H - w}, nz, py}, {v3{0, W, H - w}, v3{L, W, H - w}, nz, ny},
	}
	short := []heel{
		{v3{0, 0, 0}, v3{0, W, 0}, pz, px}, {v3{L, 0, 0}, v3{L, W, 0}, pz, nx},
		{v3{0, 0, H}, v3{0, W, H}, nz, px}, {v3{L, 0, H}, v3{L, W, H}, nz, nx},
	}
	posts := []heel{
		{v3{-t, -t, 0}, v3{-t, -t, H}, px, py}, {v3{L + t, -t, 0}, v3{L + t, -t, H}, nx, py},
		{v3{-t, W + t, 0}, v3{-t, W + t, H}, px, ny}, {v3{L + t, W + t, 0}, v3{L + t, W + t, H}, nx, ny},
	}
	return []*model.Part{
		bar("frame-long", "frame rail, long (on the short rails)", L, long, "Power Cube IV manual: 4 x 29in, square cut; they lie on the 27in rails"),
		bar("frame-short", "frame rail, short", W, short, "Power Cube IV manual: 4 x 27in, square cut"),
		bar("frame-post", "frame post (outside the corners)", H, posts, "Power Cube IV manual: 4 x 24in posts outside the corner joints"),
	}
}
