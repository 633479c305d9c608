package assembly

import (
	"fmt"
	"strings"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
)

// welds checks the welded joints a design declares: each names two or
// more placed instances, and the material of each comes within Gap of the
// joint's point (on the seam). A weld that passes is a joint of the
// report; one that does not is a finding naming its instances. Designs
// that declare no welds run no weld check.
func (r *Report) welds(a model.Assembly, bs []*body, opt Options) {
	var ws []model.Joint
	for _, j := range a.Joints {
		if j.Kind == model.Welded {
			ws = append(ws, j)
		}
	}
	if len(ws) == 0 {
		return
	}
	c := Check{Name: "welds", Method: fmt.Sprintf("declared welded joints: two or more placed instances, the material of each within %g mm of the joint's point (exact for plate and bar prisms)", opt.Gap)}
	byRef := map[model.Ref]*body{}
	for _, b := range bs {
		byRef[b.ref] = b
	}
	for _, j := range ws {
		p := vec(j.At)
		what := "the declared weld of " + names(j.Parts)
		if len(j.Parts) < 2 {
			r.add(&c, p, "", what+" joins fewer than two instances", j.Parts...)
			continue
		}
		var far []string
		for _, ref := range j.Parts {
			b := byRef[ref]
			switch {
			case b == nil:
				far = append(far, fmt.Sprintf("%s#%d is not placed", ref.Part, ref.Instance))
			case !b.near(p, opt.Gap):
				far = append(far, fmt.Sprintf("%s#%d is not within %g mm of it", ref.Part, ref.Instance, opt.Gap))
			}
		}
		if len(far) > 0 {
			r.add(&c, p, "", fmt.Sprintf("%s at %s: %s", what, at(p), strings.Join(far, "; ")), j.Parts...)
			continue
		}
		c.Welds++
		r.joint(Joint{Kind: model.Welded, Parts: j.Parts, At: round3(p), Weld: j.Weld})
	}
	r.Checks = append(r.Checks, c)
}

// near reports whether the body's material comes within d of point p: a
// cube of half-size d about p meets one of its pieces. Solids are sampled
// at p.
func (b *body) near(p vec, d float64) bool {
	if b.kind == solidBody {
		return b.inside(p, -d)
	}
	sq := []profile.Point{{X: p[0] - d, Y: p[1] - d}, {X: p[0] + d, Y: p[1] - d}, {X: p[0] + d, Y: p[1] + d}, {X: p[0] - d, Y: p[1] + d}}
	id := func(u, v, w float64) vec { return vec{u, v, w} }
	cube := cutPrism(sq, flatCap(p[2]-d), flatCap(p[2]+d), id, [3]vec{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}})
	for i := range b.pieces {
		if b.pieces[i].box.overlaps(cube.box, 0) && depth(&b.pieces[i], &cube) > 0 {
			return true
		}
	}
	return false
}
