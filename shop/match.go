package shop

import (
	"fmt"
	"math"
	"sort"
)

// Section is the cross-section a design asks for; Match finds the stock
// that provides it. Sizes in mm; zero fields are "any".
type Section struct {
	Shape    ProfileShape
	Width    float64 // tube/angle/flat width, or 0
	Height   float64 // rect tube/angle height, or 0
	Wall     float64 // wall or flat thickness, or 0
	Diameter float64 // round bar or pipe outside diameter, or 0
}

// String prints the section for error messages, in millimetres.
func (s Section) String() string {
	switch s.Shape {
	case Round:
		return fmt.Sprintf("round bar %.1fmm", s.Diameter)
	case Pipe:
		return fmt.Sprintf("pipe %.1fmm OD x %.1fmm wall", s.Diameter, s.Wall)
	}
	return fmt.Sprintf("%s %.1fx%.1fx%.1fmm", s.Shape, s.Width, s.Height, s.Wall)
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
		over, ok := 0.0, true
		for _, d := range [][2]float64{{want.Width, p.Width}, {want.Height, p.Height}, {want.Wall, p.Wall}, {want.Diameter, p.Diameter}} {
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
