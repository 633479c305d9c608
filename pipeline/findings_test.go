package pipeline

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/cam/toolpath"
	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/shop"
)

// TestFindingsOncePerPart: the same finding on every copy of a part, on
// several sheets, is one line with the count of copies, the sheets and
// the holes; a different finding gets its own line.
func TestFindingsOncePerPart(t *testing.T) {
	const narrow = "12.17mm wide, narrower than the 12.70mm plate; the torch bevels so narrow a cut: check it or drill it"
	var f findings
	for _, sheet := range []struct {
		id    string
		insts []int
	}{{"n01", []int{1, 2}}, {"n02", []int{3}}} {
		var ws []toolpath.Warning
		for _, inst := range sheet.insts {
			for _, h := range []int{3, 4, 5, 6, 9} {
				ws = append(ws, toolpath.Warning{Part: "f9", Instance: inst, Hole: h, Message: narrow})
			}
		}
		ws = append(ws, toolpath.Warning{Part: "f4", Instance: 1, Hole: 0, Message: "lead-in shortened to 3.0mm to stay clear of the part and its neighbours"})
		f.add(sheet.id, ws)
	}
	got := f.lines()
	want := []string{
		"part f9, 3 copies on sheets n01, n02: holes 3-6, 9: " + narrow,
		"part f4, 1 copy on sheets n01, n02: outline: lead-in shortened to 3.0mm to stay clear of the part and its neighbours",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%q\nwant\n%q", got, want)
	}
	var one findings
	one.add("n01", []toolpath.Warning{{Part: "p", Instance: 1, Hole: 2, Message: "m"}})
	if got := one.lines(); !slices.Equal(got, []string{"part p, 1 copy on sheet n01: hole 2: m"}) {
		t.Errorf("one finding: %q", got)
	}
}

// TestNarrowFeatureReportedOncePerPart: three copies of a 1/2in plate with
// two 0.479in slots (as OSE's f9 had), nested wherever the nester puts
// them, give one warning naming the part, its 3 copies and both slots,
// not one per copy and slot.
func TestNarrowFeatureReportedOncePerPart(t *testing.T) {
	const in = 25.4
	w := 0.479 * in
	shape := profile.New(profile.Rect(0, 0, 300, 150),
		profile.Slot(profile.Point{X: 50, Y: 50}, profile.Point{X: 120, Y: 50}, w),
		profile.Slot(profile.Point{X: 180, Y: 50}, profile.Point{X: 250, Y: 50}, w),
		profile.Circle(150, 110, 20))
	part := &model.Part{ID: "f9", Name: "pocketed plate", Material: "a36", Process: model.PlateCut, Qty: 3,
		Plate: &model.Plate{Thickness: 0.5 * in, Shape: shape}}
	m := (&model.Model{}).Add(part)
	nest, err := NestPlates(context.Background(), m, shop.Default(), 0.1, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	var about []string
	for _, w := range nest.Warnings {
		if strings.Contains(w, "f9") {
			about = append(about, w)
		}
	}
	if len(about) != 1 || !strings.HasPrefix(about[0], "part f9, 3 copies on sheet") ||
		!strings.Contains(about[0], ": holes 1-2: 12.17mm wide, narrower than the 12.70mm plate") {
		t.Errorf("warnings about f9:\n%s\nwant one line: part f9, 3 copies on sheet ...: holes 1-2: 12.17mm wide, narrower than the 12.70mm plate ...", strings.Join(about, "\n"))
	}
}
