package model

import (
	"math"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/geometry/profile"
)

func TestTransformComposition(t *testing.T) {
	// Turn a quarter about Z, then move: (1,0,0) -> (0,1,0) -> (10,21,30).
	tr := Identity().RotateZ(90).Move(10, 20, 30)
	got := tr.Apply([3]float64{1, 0, 0})
	want := [3]float64{10, 21, 30}
	for i := range got {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Fatalf("Apply = %v, want %v", got, want)
		}
	}
	// Rotations keep lengths and compose: four quarter turns are the identity.
	r := Identity().RotateX(90).RotateX(90).RotateX(90).RotateX(90)
	if r != Identity() {
		t.Errorf("four quarter turns = %+v", r)
	}
	p := Identity().RotateY(37).RotateX(11).Apply([3]float64{3, 4, 12})
	if l := math.Sqrt(p[0]*p[0] + p[1]*p[1] + p[2]*p[2]); math.Abs(l-13) > 1e-12 {
		t.Errorf("rotation changed a length: %v", l)
	}
}

func TestPartValidate(t *testing.T) {
	plate := &Plate{Thickness: 12.7, Shape: profile.New(profile.Rect(0, 0, 100, 50))}
	good := &Part{ID: "f1", Name: "plate", Qty: 2, Process: PlateCut, Plate: plate, Placements: []Transform{Identity(), At(0, 0, 20)}}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := map[string]*Part{
		"no id":            {Name: "x", Qty: 1, Plate: plate},
		"two kinds":        {ID: "a", Qty: 1, Plate: plate, Purchased: &Purchased{Item: "x"}},
		"zero qty":         {ID: "a", Qty: 0, Plate: plate},
		"placements":       {ID: "a", Qty: 3, Plate: plate, Placements: []Transform{Identity()}},
		"thin plate":       {ID: "a", Qty: 1, Plate: &Plate{Shape: plate.Shape}},
		"bar length":       {ID: "a", Qty: 1, Bar: &Bar{Profile: "round-1", Length: -1}},
		"hole off the bar": {ID: "a", Qty: 1, Bar: &Bar{Profile: "round-1", Length: 100, Holes: []Hole{{At: 120, Diameter: 10}}}},
		"no item":          {ID: "a", Qty: 1, Purchased: &Purchased{}},
	}
	for name, p := range bad {
		if err := p.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	m := &Model{}
	m.Add(good, good)
	if err := m.Validate(); err == nil || !strings.Contains(err.Error(), "f1 used twice") {
		t.Errorf("duplicate ids: %v", err)
	}
}
