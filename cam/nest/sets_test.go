package nest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/fabkit/fabkit/geometry/profile"
)

const inch = 25.4

// cebPlates is a stand-in for the CEB press classic-6x12 1/2 in plate parts:
// bounding rectangles in inches (W x H) and quantities.
const cebPlates = `d1 13x22 1, d2 18.5x6 2, d3 13x5.5 2, d4 7x5.5 3, d5 13x6 1, d6 13x6 1,
d7 3x4 2, d8 13x5 1, d9 3.5x3.5 2, d10 18x3 2, d11 4.75x4 2, d12 13x5 1,
f1 22.19x6 2, f2 19.39x3.5 4, f3 22.19x3.5 2, f4 29.69x11 2, f5 30.19x3.5 2,
f6 22.19x8 2, f8 49.04x6 2, f9 49.04x4.5 4, f11 1.25x6 6, f12 22.19x13 1,
f14 14.31x3.5 2, a1 4x78 2, a2 6x78 2, a3 4x72 2, a4 6x72 1, a5 6x72 1, a6 6x4 1`

// cebParts returns the CEB set as rectangles, each with two bolt holes of
// 1 in (smaller where the plate is too narrow) along its long axis.
func cebParts() []Part {
	var parts []Part
	for _, f := range strings.Split(cebPlates, ",") {
		fs := strings.Fields(f)
		wh := strings.Split(fs[1], "x")
		w, _ := strconv.ParseFloat(wh[0], 64)
		h, _ := strconv.ParseFloat(wh[1], 64)
		q, _ := strconv.Atoi(fs[2])
		parts = append(parts, Part{ID: fs[0], Qty: q, Shape: boltedRect(w*inch, h*inch, inch)})
	}
	return parts
}

func boltedRect(w, h, dia float64) profile.Profile {
	d := math.Min(dia, 0.5*math.Min(w, h))
	var holes []profile.Path
	if w >= h {
		holes = append(holes, profile.Circle(w/4, h/2, d/2), profile.Circle(3*w/4, h/2, d/2))
	} else {
		holes = append(holes, profile.Circle(w/2, h/4, d/2), profile.Circle(w/2, 3*h/4, d/2))
	}
	return profile.New(profile.Rect(0, 0, w, h), holes...)
}

// cebSheet is a 48 x 96 in sheet; cebOptions the CEB spacing and margin.
var cebSheet = SheetSize{ID: "48x96", SizeY: 48 * inch, SizeX: 96 * inch, Price: 620}

func cebOptions() Options {
	return Options{Spacing: (0.07 + 0.25) * inch, EdgeMargin: 0.5 * inch}
}

// randomParts makes n parts of mixed kinds with a seeded generator:
// rectangles, L shapes, discs with holes, frames with large cut-outs,
// rounded slotted plates.
func randomParts(seed uint64, n int) []Part {
	rng := rand.New(rand.NewPCG(seed, 1))
	u := func(a, b float64) float64 { return a + (b-a)*rng.Float64() }
	var parts []Part
	for len(parts) < n {
		id := fmt.Sprintf("p%03d", len(parts)+1)
		var sh profile.Profile
		switch rng.IntN(6) {
		case 0, 1:
			w, h := u(30, 400), u(20, 200)
			sh = profile.New(profile.Rect(0, 0, w, h), profile.Circle(w/2, h/2, math.Min(w, h)/6))
		case 2:
			w, h := u(80, 350), u(80, 300)
			t := u(25, math.Min(w, h)/2)
			sh = profile.New(profile.Polygon(pt{X: 0, Y: 0}, pt{X: w, Y: 0}, pt{X: w, Y: t}, pt{X: t, Y: t}, pt{X: t, Y: h}, pt{X: 0, Y: h}))
		case 3:
			r := u(25, 150)
			sh = profile.New(profile.Circle(0, 0, r), profile.Circle(0, 0, r*u(0.15, 0.4)))
		case 4:
			w, h := u(250, 600), u(200, 500)
			b := u(25, 45)
			sh = profile.New(profile.Rect(0, 0, w, h), profile.RoundedRect(b, b, w-2*b, h-2*b, 10))
		default:
			w, h := u(60, 300), u(40, 120)
			sh = profile.New(profile.RoundedRect(0, 0, w, h, h/4), profile.Slot(pt{X: h / 2, Y: h / 2}, pt{X: w - h/2, Y: h / 2}, h/5))
		}
		parts = append(parts, Part{ID: id, Qty: 1 + rng.IntN(2), Shape: sh})
	}
	return parts
}
