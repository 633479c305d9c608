package affine_test

import (
	"testing"

	"github.com/fabkit/fabkit/geometry/affine"
)

// Quarter turns are exact, Then applies in order, and a mirror's
// determinant is negative.
func TestTransform(t *testing.T) {
	p := [3]float64{1, 2, 3}
	for _, tc := range []struct {
		name string
		t    affine.Transform
		want [3]float64
	}{
		{"identity", affine.Identity(), p},
		{"at", affine.At(10, 20, 30), [3]float64{11, 22, 33}},
		{"x quarter turn", affine.Identity().RotateX(90), [3]float64{1, -3, 2}},
		{"y quarter turn", affine.Identity().RotateY(90), [3]float64{3, 2, -1}},
		{"z quarter turn", affine.Identity().RotateZ(90), [3]float64{-2, 1, 3}},
		{"turn then move", affine.Identity().RotateZ(180).Move(5, 0, 0), [3]float64{4, -2, 3}},
		{"move then turn", affine.At(5, 0, 0).RotateZ(180), [3]float64{-6, -2, 3}},
	} {
		if got := tc.t.Apply(p); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
		if d := tc.t.Det(); d != 1 {
			t.Errorf("%s: det %v, want 1", tc.name, d)
		}
	}
	mirror := affine.Transform{R: [3][3]float64{{-1, 0, 0}, {0, 1, 0}, {0, 0, 1}}}
	if d := mirror.Det(); d != -1 {
		t.Errorf("mirror det %v, want -1", d)
	}
	if v := affine.At(7, 8, 9).ApplyVector(p); v != p {
		t.Errorf("a vector moved with the translation: %v", v)
	}
}
