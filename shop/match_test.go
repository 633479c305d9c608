package shop

import "testing"

func TestMatch(t *testing.T) {
	s := &Shop{Name: "t", Profiles: []Profile{
		{ID: "round-1", Shape: Round, Diameter: 25.4},
		{ID: "round-25", Shape: Round, Diameter: 25},
		{ID: "round-1.5", Shape: Round, Diameter: 38.1},
		{ID: "dom-1.5x.25", Shape: Pipe, Diameter: 38.1, Wall: 6.35},
	}}
	cases := []struct {
		want Section
		tol  float64
		id   string
	}{
		{Section{Shape: Round, Diameter: 25.4}, 0, "round-1"},
		{Section{Shape: Round, Diameter: 25.4}, 0.5, "round-1"},
		{Section{Shape: Round, Diameter: 25.1}, 0.5, "round-25"},
		{Section{Shape: Round, Diameter: 30}, 0, "round-1.5"},
		{Section{Shape: Pipe, Diameter: 38.1, Wall: 5}, 0, "dom-1.5x.25"},
	}
	for _, c := range cases {
		p, err := s.Match(c.want, c.tol)
		if err != nil || p.ID != c.id {
			t.Errorf("Match(%v, %v) = %q, %v; want %q", c.want, c.tol, p.ID, err, c.id)
		}
	}
	if _, err := s.Match(Section{Shape: Round, Diameter: 50}, 0); err == nil {
		t.Error("no 50 mm bar, yet matched")
	}
}
