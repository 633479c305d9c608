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

// A profile's section is the one place its implied sizes are filled in.
func TestProfileSection(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    Profile
		want Section
	}{
		{"square tube height is its width", Profile{Shape: SquareTube, Width: 50.8, Wall: 3.175, OuterRadius: 6.35},
			Section{Shape: SquareTube, Width: 50.8, Height: 50.8, Wall: 3.175, Radius: 6.35}},
		{"equal angle by default", Profile{Shape: Angle, Width: 50.8, Wall: 6.35}, Section{Shape: Angle, Width: 50.8, Height: 50.8, Wall: 6.35}},
		{"unequal angle as given", Profile{Shape: Angle, Width: 76.2, Height: 50.8, Wall: 6.35}, Section{Shape: Angle, Width: 76.2, Height: 50.8, Wall: 6.35}},
		{"flat height is its thickness", Profile{Shape: Flat, Width: 50.8, Wall: 6.35}, Section{Shape: Flat, Width: 50.8, Height: 6.35, Wall: 6.35}},
		{"round", Profile{Shape: Round, Diameter: 25.4}, Section{Shape: Round, Diameter: 25.4}},
	} {
		if got := tc.p.Section(); got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}
