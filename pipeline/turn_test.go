package pipeline

import (
	"math"
	"testing"

	"github.com/fabkit/fabkit/cam/nest"
	"github.com/fabkit/fabkit/geometry/profile"
)

// TestTurnedSheetKeepsItsDocs: a 2438 x 1219 mm nest turned onto a Y-long
// bed is 1219 x 2438 mm; each part lands where a quarter turn puts it, its
// UsedX is again the largest X a part reaches (now across the sheet, not
// the used length along it), and the remnant turns with it.
func TestTurnedSheetKeepsItsDocs(t *testing.T) {
	parts := []nest.Part{{ID: "a", Qty: 1, Shape: profile.New(profile.Rect(0, 0, 500, 300))}}
	sh := nest.Sheet{Size: nest.SheetSize{ID: "p", SizeX: 2438.4, SizeY: 1219.2},
		Placements: []nest.Placement{{PartID: "a", Part: 0, Instance: 1, X: 10, Y: 20}},
		UsedX:      510, Remnant: nest.Rect{X: 520, Y: 0, SizeX: 1918.4, SizeY: 1219.2}}
	got := turnSheet(sh, parts)
	if got.Size.SizeX != 1219.2 || got.Size.SizeY != 2438.4 {
		t.Fatalf("size %v", got.Size)
	}
	b := got.Placements[0].Placed(parts[0].Shape).Bounds()
	want := profile.Box{Min: profile.Point{X: 1219.2 - 320, Y: 10}, Max: profile.Point{X: 1219.2 - 20, Y: 510}}
	if math.Abs(b.Min.X-want.Min.X)+math.Abs(b.Min.Y-want.Min.Y)+math.Abs(b.Max.X-want.Max.X)+math.Abs(b.Max.Y-want.Max.Y) > 1e-9 {
		t.Errorf("part at %v, want %v", b, want)
	}
	if math.Abs(got.UsedX-(1219.2-20)) > 1e-9 {
		t.Errorf("UsedX %v, want the largest X a part reaches, %v", got.UsedX, 1219.2-20)
	}
	if r := got.Remnant; r != (nest.Rect{X: 0, Y: 520, SizeX: 1219.2, SizeY: 1918.4}) {
		t.Errorf("remnant %+v", r)
	}
}
