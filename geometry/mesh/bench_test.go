package mesh

import (
	"math"
	"testing"

	"github.com/deadsy/sdfx/render"
	"github.com/deadsy/sdfx/sdf"
	v2 "github.com/deadsy/sdfx/vec/v2"

	"github.com/fabkit/fabkit/geometry/section"
)

// sdfxPlate is testPlate as an sdfx SDF: rectangle minus circles and a
// stadium slot, extruded 12.7 mm.
func sdfxPlate() sdf.SDF3 {
	var cut []sdf.SDF2
	for i := 0; i < 12; i++ {
		r := 5 + float64(i)
		c, _ := sdf.Circle2D(r)
		cut = append(cut, sdf.Transform2D(c, sdf.Translate2d(v2.Vec{X: 30 + float64(i%6)*48, Y: 40 + float64(i/6)*120})))
	}
	cut = append(cut, sdf.Transform2D(sdf.Line2D(60, 10), sdf.Translate2d(v2.Vec{X: 150, Y: 100})))
	plate := sdf.Transform2D(sdf.Box2D(v2.Vec{X: 300, Y: 200}, 0), sdf.Translate2d(v2.Vec{X: 150, Y: 100}))
	return sdf.Extrude3D(sdf.Difference2D(plate, sdf.Union2D(cut...)), 12.7)
}

func soupVolume(ts []*sdf.Triangle3) float64 {
	var v float64
	for _, t := range ts {
		v += t[0].Dot(t[1].Cross(t[2]))
	}
	return v / 6
}

// sdfxPlateCells is the octree resolution (cells on the 300 mm side) at
// which sdfx's mesh of the plate misses its volume by about 0.2 %.
const sdfxPlateCells = 300

func BenchmarkPlateExact(b *testing.B) {
	rings, exact := testPlate(DefaultTolerance)
	var m *Mesh
	for b.Loop() {
		var err error
		if m, err = ExtrudeRings(rings, 12.7); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(m.NumTriangles()), "facets")
	b.ReportMetric(100*math.Abs(m.Volume()-exact*12.7)/(exact*12.7), "vol_err_%")
}

func BenchmarkPlateSDFXOctree(b *testing.B) {
	s := sdfxPlate()
	_, exact := testPlate(DefaultTolerance)
	var ts []*sdf.Triangle3
	for b.Loop() {
		ts = render.ToTriangles(s, render.NewMarchingCubesOctree(sdfxPlateCells))
	}
	b.ReportMetric(float64(len(ts)), "facets")
	b.ReportMetric(100*math.Abs(soupVolume(ts)-exact*12.7)/(exact*12.7), "vol_err_%")
}

func BenchmarkTubeExact(b *testing.B) {
	p := Bar{Section: ose4x4, Length: 1000, End: section.End{Mitre: 45},
		Holes: []section.Hole{{At: 100, Face: section.Top, Diameter: 17.5, Through: true}, {At: 500, Face: section.Left, Diameter: 17.5, Through: true}}}
	var m *Mesh
	for b.Loop() {
		var err error
		if m, err = ExtrudeBar(p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(m.NumTriangles()), "facets")
}

func BenchmarkCheckPlate(b *testing.B) {
	rings, _ := testPlate(DefaultTolerance)
	m, _ := ExtrudeRings(rings, 12.7)
	for b.Loop() {
		if err := m.Check(); err != nil {
			b.Fatal(err)
		}
	}
}
