package shop

import (
	"fmt"
	"math"
	"sort"

	"github.com/fabkit/fabkit/geometry/section"
)

// Section is the cross-section a design asks Match for: the one
// section.Section, whose zero fields mean "any".
type Section = section.Section

// Section returns the profile's cross-section, the one that the mesher,
// the drawings, the drilling programs, the assembly check and the cost
// read: a square tube's height is its width and an angle's or a
// rectangular tube's missing height defaults to it; a flat's height is its
// thickness (Wall); OuterRadius is the section's corner Radius.
func (p Profile) Section() section.Section {
	s := section.Section{Shape: p.Shape, Width: p.Width, Height: p.Height, Wall: p.Wall, Radius: p.OuterRadius, Diameter: p.Diameter}
	switch {
	case p.Shape == Flat:
		s.Height = p.Wall
	case p.Shape == SquareTube || (s.Height == 0 && (p.Shape == RectTube || p.Shape == Angle)):
		s.Height = s.Width
	}
	return s
}

// Match returns the shop's stock profile closest to the section that is at
// least as large in every dimension asked for, within tol mm below (so a
// metric shop's 25 mm bar can stand in for a 1 in one when tol >= 0.4).
// Among candidates the smallest oversize wins; ties go to the lower id.
func (s *Shop) Match(want Section, tol float64) (Profile, error) {
	type cand struct {
		p    Profile
		over float64
	}
	var cands []cand
	for _, p := range s.Profiles {
		if p.Shape != want.Shape {
			continue
		}
		have := p.Section()
		over, ok := 0.0, true
		for _, d := range [][2]float64{{want.Width, have.Width}, {want.Height, have.Height}, {want.Wall, have.Wall}, {want.Diameter, have.Diameter}} {
			if d[0] == 0 {
				continue
			}
			if d[1] < d[0]-tol {
				ok = false
				break
			}
			over += math.Abs(d[1] - d[0])
		}
		if ok {
			cands = append(cands, cand{p, over})
		}
	}
	if len(cands) == 0 {
		return Profile{}, fmt.Errorf("shop %q has no %s stock for %s", s.Name, want.Shape, want)
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].over != cands[j].over {
			return cands[i].over < cands[j].over
		}
		return cands[i].p.ID < cands[j].p.ID
	})
	return cands[0].p, nil
}
