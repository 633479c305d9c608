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

// startsAt0 reports whether place puts the bar's start end at p0.
func (h heel) startsAt0() bool { return cross(unit(sub(h.p1, h.p0)), neg(h.a)) == h.b }

// The VI frame's end cuts. Every angle is placed with the leg that points
// into the cube as its local +z (leg b), so a picture-frame corner is a
// 45° mitre about z (it cuts the face leg), and a corner where three
// angles meet is a double mitre: 45° about z and -45° about y, each leg
// cut in its own plane against the leg it meets (the heel is longest).
var (
	mitreFace = model.End{Mitre: 45, Axis: "z"}
	mitre3Way = model.End{Mitre: 45, Axis: "z", Second: -45}
)

// frameVI is Power Cube VI's cube as OSE's PC6 frame file draws it: 10
// angles of 27in at the heel, two mitred rectangles (the left and right
// faces: bottom, top and two posts each) joined by two top edges; the
// tanks sit inside on the bottom angles where the front and back bottom
// edges would be. At the bottom corners a rectangle's bottom angle and
// post meet in a plain 45° mitre; at the top corners three angles meet,
// and OSE cuts each leg of each 45° in its own plane (a double mitre), so
// the top angles are double-mitred at both ends and the posts at their
// top: no two share material. The posts come in two hands (a post's plain
// mitre is on its face leg; the back-left and front-right posts are the
// mirror image of the other two). It returns the parts and the welded
// corner joints ("mitred joints welded on inside and outside").
func frameVI(d dims) ([]*model.Part, []model.Joint) {
	E, w := d.E, d.a
	const (
		rail, top, post, postM = "frame-rail", "frame-top", "frame-post", "frame-post-mirrored"
	)
	at := map[string][]model.Transform{}
	add := func(id string, h heel) model.Ref {
		at[id] = append(at[id], h.place(w, -w/2))
		return model.Ref{Part: id, Instance: len(at[id]) - 1}
	}
	var joints []model.Joint
	weld := func(c v3, how string, refs ...model.Ref) {
		joints = append(joints, model.Joint{Kind: model.Welded, Parts: refs, At: v3{c[0] * in, c[1] * in, c[2] * in}, Weld: how})
	}
	connector := map[float64]model.Ref{}
	for _, y := range []float64{0, E} {
		a := py
		if y > 0 {
			a = ny
		}
		connector[y] = add(top, heel{v3{0, y, E}, v3{E, y, E}, a, nz})
	}
	for _, side := range []struct {
		x float64
		b v3
	}{{0, px}, {E, nx}} {
		x, b := side.x, side.b
		r := add(rail, heel{v3{x, 0, 0}, v3{x, E, 0}, pz, b})
		t := add(top, heel{v3{x, 0, E}, v3{x, E, E}, nz, b})
		for _, y := range []float64{0, E} {
			a := py
			if y > 0 {
				a = ny
			}
			h := heel{v3{x, y, 0}, v3{x, y, E}, a, b}
			id := post // its plain mitre at the start, at the bottom
			if !h.startsAt0() {
				id = postM
			}
			p := add(id, h)
			weld(v3{x, y, 0}, "45° mitre, inside and outside", r, p)
			weld(v3{x, y, E}, "three double-mitred angles, inside and outside", t, p, connector[y])
		}
	}
	part := func(id, name string, start, end model.End, note string) *model.Part {
		return &model.Part{ID: id, Name: name, Material: d.angle.Material, Process: model.Saw,
			Qty: len(at[id]), Placements: at[id],
			Bar:   &model.Bar{Profile: d.angle.ID, Length: (E - w) * in, Start: start, End: end},
			Notes: fmt.Sprintf("OSE PC6 cut sheet and frame file: %s at the heel; %s", inches(E), note)}
	}
	return []*model.Part{
		part(rail, "frame bottom angle", mitreFace, mitreFace, "45° mitres on the face leg; the bottom of the left and right rectangles"),
		part(post, "frame post", mitreFace, mitre3Way, "45° mitre on the face leg at the bottom, double mitre (each leg 45°) at the top"),
		part(postM, "frame post, mirror image", mitre3Way, mitreFace, "the mirror image of frame-post: double mitre at the top (its start), 45° on the face leg at the bottom"),
		part(top, "frame top angle", mitre3Way, mitre3Way, "double mitres (each leg 45° in its own plane); the tops of the rectangles and the two edges that join them"),
	}, joints
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
