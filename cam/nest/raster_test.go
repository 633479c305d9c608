package nest

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/fabkit/fabkit/geometry/profile"
)

// TestRasterMarksMaterialAndSpacing checks the occupancy raster of a
// placed frame and disc against the exact signed distance of the true
// profiles: every cell deep in the material or within the spacing of it
// is marked, every cell well clear of it (in the frame's window too) is
// not.
func TestRasterMarksMaterialAndSpacing(t *testing.T) {
	frame := profile.New(profile.Rect(0, 0, 400, 300), profile.RoundedRect(40, 40, 320, 220, 15))
	disc := profile.New(profile.Circle(0, 0, 90), profile.Circle(0, 0, 30))
	parts := []Part{{ID: "frame", Qty: 1, Shape: frame}, {ID: "disc", Qty: 1, Shape: disc}}
	opt := Options{Spacing: 6, EdgeMargin: 10, AllowInHoles: true}
	e, err := prepare(parts, []SheetSize{{ID: "s", SizeX: 1000, SizeY: 600}}, &opt)
	if err != nil {
		t.Fatal(err)
	}
	s := e.newSheet(0)
	at := []pt{{X: 20, Y: 20}, {X: 650, Y: 300}}
	var placed []profile.Profile
	for i, d := range at {
		e.add(s, e.parts[i].shapes[0], d, i)
		placed = append(placed, parts[i].Shape.Transform(0, d))
	}
	r := s.ras
	half := r.cell * math.Sqrt2 / 2 // centre to corner of a cell
	marked, clear := 0, 0
	for j := range r.ny {
		for i := range r.nx {
			c := pt{X: (float64(i) + 0.5) * r.cell, Y: (float64(j) + 0.5) * r.cell}
			dist := math.Inf(1)
			for _, p := range placed {
				dist = math.Min(dist, p.Evaluate2(c))
			}
			occ := r.marked(i, j)
			switch {
			case dist < opt.Spacing-half-0.2 && !occ:
				t.Errorf("cell %d,%d at %.1f mm from material (inside when negative) is not marked", i, j, dist)
			case dist > opt.Spacing+2*half+0.2 && occ:
				t.Errorf("cell %d,%d at %.1f mm from material is marked", i, j, dist)
			}
			if occ {
				marked++
			} else {
				clear++
			}
		}
	}
	if marked == 0 || clear == 0 {
		t.Fatalf("%d marked, %d clear cells", marked, clear)
	}
	// The frame's window is clear in its middle.
	mid := pt{X: 20 + 200, Y: 20 + 150}
	if r.marked(int(mid.X/r.cell), int(mid.Y/r.cell)) {
		t.Error("the middle of the frame's window is marked")
	}
}

// TestInnerRectsLieInTheMaterial samples each inner rectangle of the
// random parts and checks it against the true profile.
func TestInnerRectsLieInTheMaterial(t *testing.T) {
	parts := randomParts(5, 60)
	opt := Options{Spacing: 6, EdgeMargin: 10, AllowInHoles: true}
	e, err := prepare(parts, []SheetSize{{ID: "s", SizeX: 2500, SizeY: 1250}}, &opt)
	if err != nil {
		t.Fatal(err)
	}
	withRects := 0
	for pi, p := range e.parts[:len(parts)] {
		for _, sh := range p.shapes {
			exact := parts[pi].Shape.Transform(sh.rot, pt{})
			if len(sh.inner) > 0 {
				withRects++
			}
			for _, in := range sh.inner {
				sz := in.Size()
				if sz.X < 2*e.cell-1e-9 || sz.Y < 2*e.cell-1e-9 {
					t.Errorf("%s: inner rectangle %v smaller than two cells", parts[pi].ID, in)
				}
				for a := 0.0; a <= 1; a += 0.125 {
					for b := 0.0; b <= 1; b += 0.125 {
						q := pt{X: in.Min.X + a*sz.X, Y: in.Min.Y + b*sz.Y}
						if d := exact.Evaluate2(q); d > 1e-6 {
							t.Errorf("%s rotated %v: inner rectangle %v has %v outside the material (%.3f mm)", parts[pi].ID, sh.rot, in, q, d)
						}
					}
				}
			}
		}
	}
	if withRects < len(parts) {
		t.Errorf("only %d shapes of %d parts have inner rectangles", withRects, len(parts))
	}
}

// TestComputeTallMatchesBruteForce checks tall against every clear
// rectangle of random rasters: tall[a] must be the greatest height of a
// clear rectangle at least a cells wide.
func TestComputeTallMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 18))
	for trial := range 300 {
		nx, ny := 1+rng.IntN(24), 1+rng.IntN(16)
		fill := rng.Float64()
		r := newRaster(float64(nx), float64(ny), 1)
		for j := range ny {
			for i := range nx {
				if rng.Float64() < fill {
					r.bits[j*r.words+i/64] |= 1 << (i % 64)
				}
			}
		}
		r.computeTall()
		want := make([]int32, nx+1)
		for x0 := range nx {
			for x1 := x0; x1 < nx; x1++ {
				for y0 := range ny {
					for y1 := y0; y1 < ny; y1++ {
						if !clearRect(r, x0, x1, y0, y1) {
							break
						}
						for a := 1; a <= x1-x0+1; a++ {
							want[a] = max(want[a], int32(y1-y0+1))
						}
					}
				}
			}
		}
		for a := 1; a <= nx; a++ {
			if r.tall[a] != want[a] {
				t.Fatalf("trial %d (%dx%d, fill %.2f): tall[%d] = %d, want %d", trial, nx, ny, fill, a, r.tall[a], want[a])
			}
		}
	}
}

// clearRect reports whether no cell of columns x0..x1, rows y0..y1 is marked.
func clearRect(r *raster, x0, x1, y0, y1 int) bool {
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			if r.marked(x, y) {
				return false
			}
		}
	}
	return true
}
