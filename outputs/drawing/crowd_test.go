package drawing

import "testing"

func TestFitRow(t *testing.T) {
	var ords []ordinate
	for i := range 10 {
		ords = append(ords, ordinate{v: float64(i), at: float64(i), text: "x"})
	}
	if got := fitRow(ords, nil, 9*4, 4); len(got) != 10 {
		t.Errorf("a row that fits lost ordinates: %d", len(got))
	}
	got := fitRow(ords, []float64{0, 3, 7}, 20, 4)
	if len(got) != 3 || got[0].at != 0 || got[1].at != 3 || got[2].at != 7 {
		t.Errorf("a crowded row keeps the features only: %+v", got)
	}
}
