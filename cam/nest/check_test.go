package nest

import (
	"fmt"
	"math"
	"testing"

	"github.com/fabkit/fabkit/geometry/profile"
)

// checkNest verifies a nest independently of the nester's own geometry: it
// samples points exactly on every placed outline and hole (lines and true
// arcs) and measures them with profile.Evaluate2 against every nearby part,
// both ways, and tests the flattened outlines for crossing edges. A point in
// another part's hole is outside its material, so a part wholly inside a
// hole passes when it keeps the spacing from the hole's edge.
func checkNest(t testing.TB, parts []Part, res *Result, opt Options) {
	t.Helper()
	if len(res.Unplaced) > 0 {
		t.Fatalf("%d instances unplaced", len(res.Unplaced))
	}
	seen := map[string]int{}
	for si, s := range res.Sheets {
		placed := make([]profile.Profile, len(s.Placements))
		area := 0.0
		for i, p := range s.Placements {
			if p.Part < 0 || p.Part >= len(parts) || parts[p.Part].ID != p.PartID {
				t.Fatalf("sheet %d: placement %d names part %d %q", si+1, i, p.Part, p.PartID)
			}
			if p.Instance < 1 || p.Instance > parts[p.Part].Qty {
				t.Errorf("sheet %d: %s instance %d out of 1..%d", si+1, p.PartID, p.Instance, parts[p.Part].Qty)
			}
			seen[fmt.Sprintf("%s#%d", p.PartID, p.Instance)]++
			placed[i] = p.Placed(parts[p.Part].Shape)
			area += parts[p.Part].Shape.Area()
			b := placed[i].Bounds()
			m := opt.EdgeMargin
			if b.Min.X < m-1e-6 || b.Min.Y < m-1e-6 || b.Max.X > s.Size.SizeX-m+1e-6 || b.Max.Y > s.Size.SizeY-m+1e-6 {
				t.Errorf("sheet %d: %s#%d at %v leaves the sheet minus margin", si+1, p.PartID, p.Instance, b)
			}
		}
		if want := area / (s.Size.SizeY * s.Size.SizeX); math.Abs(want-s.Utilization) > 1e-9 {
			t.Errorf("sheet %d: utilization %v, parts give %v", si+1, s.Utilization, want)
		}
		for i := range placed {
			for j := i + 1; j < len(placed); j++ {
				if gap(placed[i].Bounds(), placed[j].Bounds()) >= opt.Spacing {
					continue
				}
				if d := minDistance(placed[i], placed[j]); d < opt.Spacing-1e-6 {
					t.Errorf("sheet %d: %s#%d and %s#%d are %.4f mm apart, want >= %.4f", si+1,
						s.Placements[i].PartID, s.Placements[i].Instance, s.Placements[j].PartID, s.Placements[j].Instance, d, opt.Spacing)
				}
			}
		}
		r := s.Remnant
		if r.Area() > 0 && (r.X+r.SizeX > s.Size.SizeX+1e-6 || r.Y < -1e-6 || r.Y+r.SizeY > s.Size.SizeY+1e-6) {
			t.Errorf("sheet %d: remnant %+v outside the sheet", si+1, r)
		}
	}
	for _, p := range parts {
		for n := 1; n <= p.Qty; n++ {
			if c := seen[fmt.Sprintf("%s#%d", p.ID, n)]; c != 1 {
				t.Errorf("%s#%d placed %d times", p.ID, n, c)
			}
		}
	}
}

func gap(a, b profile.Box) float64 {
	dx := math.Max(0, math.Max(a.Min.X-b.Max.X, b.Min.X-a.Max.X))
	dy := math.Max(0, math.Max(a.Min.Y-b.Max.Y, b.Min.Y-a.Max.Y))
	return math.Hypot(dx, dy)
}

// minDistance is the least distance from the boundary of one profile to the
// material of the other, both ways, sampled on the exact paths every 0.5 mm;
// negative when material overlaps, 0 when outlines cross.
func minDistance(a, b profile.Profile) float64 {
	d := math.Inf(1)
	for _, pr := range [][2]profile.Profile{{a, b}, {b, a}} {
		for _, q := range pr[0].Paths() {
			for _, p := range samples(q, 0.5) {
				d = math.Min(d, pr[1].Evaluate2(p))
			}
		}
	}
	ra, rb := a.Rings(0.01), b.Rings(0.01)
	for _, x := range ra {
		for _, y := range rb {
			if polylinesCross(x, y) {
				return math.Min(d, 0)
			}
		}
	}
	return d
}

// samples returns points on the exact path, at most step apart.
func samples(q profile.Path, step float64) []profile.Point {
	var out []profile.Point
	q.Each(func(a profile.Point, s profile.Segment) {
		n := 1
		if arc, ok := profile.ArcOf(a, s); ok {
			n = int(math.Ceil(arc.Radius*math.Abs(arc.Sweep)/step)) + 1
			for i := 0; i < n; i++ {
				out = append(out, arc.At(float64(i)/float64(n)))
			}
			return
		}
		l := s.End.Sub(a).Len()
		n = int(math.Ceil(l/step)) + 1
		for i := 0; i < n; i++ {
			out = append(out, a.Add(s.End.Sub(a).Scale(float64(i)/float64(n))))
		}
	})
	return out
}

func polylinesCross(x, y []profile.Point) bool {
	for i := range x {
		a, b := x[i], x[(i+1)%len(x)]
		for j := range y {
			c, d := y[j], y[(j+1)%len(y)]
			o1 := (b.X-a.X)*(c.Y-a.Y) - (b.Y-a.Y)*(c.X-a.X)
			o2 := (b.X-a.X)*(d.Y-a.Y) - (b.Y-a.Y)*(d.X-a.X)
			o3 := (d.X-c.X)*(a.Y-c.Y) - (d.Y-c.Y)*(a.X-c.X)
			o4 := (d.X-c.X)*(b.Y-c.Y) - (d.Y-c.Y)*(b.X-c.X)
			if o1*o2 < 0 && o3*o4 < 0 {
				return true
			}
		}
	}
	return false
}
