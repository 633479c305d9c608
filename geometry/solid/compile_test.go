package solid

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/deadsy/sdfx/sdf"
	v3 "github.com/deadsy/sdfx/vec/v3"
)

// csgPart is a part built the way the D3D's printed parts are: a union of
// boxes (one rotated), minus a union of cylinders along each axis and a
// hexagonal prism made of intersected boxes, with a non-rigid (scaled)
// member that Compile must not bound.
func csgPart(r *rand.Rand) sdf.SDF3 {
	u := func() float64 { return r.Float64()*60 - 30 }
	var body []sdf.SDF3
	for i := 0; i < 6; i++ {
		b := must(sdf.Box3D(v3.Vec{X: 5 + r.Float64()*30, Y: 5 + r.Float64()*30, Z: 5 + r.Float64()*20}, 0))
		m := sdf.Translate3d(v3.Vec{X: u(), Y: u(), Z: u() / 3})
		if i == 2 {
			m = m.Mul(sdf.RotateZ(0.3))
		}
		body = append(body, sdf.Transform3D(b, m))
	}
	var cuts []sdf.SDF3
	for i := 0; i < 8; i++ {
		c := must(sdf.Cylinder3D(40, 1+r.Float64()*4, 0))
		m := sdf.Translate3d(v3.Vec{X: u(), Y: u(), Z: u() / 3})
		switch i % 3 {
		case 1:
			m = m.Mul(sdf.RotateX(math.Pi / 2))
		case 2:
			m = m.Mul(sdf.RotateY(math.Pi / 2))
		}
		cuts = append(cuts, sdf.Transform3D(c, m))
	}
	var hex sdf.SDF3
	for k := 0; k < 3; k++ {
		slab := sdf.Transform3D(must(sdf.Box3D(v3.Vec{X: 8, Y: 12, Z: 6}, 0)), sdf.RotateZ(float64(k)*math.Pi/3))
		if hex == nil {
			hex = slab
		} else {
			hex = sdf.Intersect3D(hex, slab)
		}
	}
	cuts = append(cuts, sdf.Transform3D(hex, sdf.Translate3d(v3.Vec{X: u(), Y: u()})))
	cuts = append(cuts, sdf.Transform3D(must(sdf.Box3D(v3.Vec{X: 4, Y: 4, Z: 4}, 0)), sdf.Scale3d(v3.Vec{X: 2, Y: 1, Z: 1})))
	return sdf.Difference3D(sdf.Union3D(body...), sdf.Union3D(cuts...))
}

// TestCompileSameValues evaluates random CSG parts and their compiled forms
// at random points and on a grid through them: every value must be equal
// bit for bit.
func TestCompileSameValues(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for part := 0; part < 20; part++ {
		s := csgPart(r)
		c := Compile(s)
		if _, ok := c.(*Compiled); !ok {
			t.Fatalf("part %d: not compiled (%T)", part, c)
		}
		if c.BoundingBox() != s.BoundingBox() {
			t.Fatalf("part %d: bounding box %v, want %v", part, c.BoundingBox(), s.BoundingBox())
		}
		bb := s.BoundingBox()
		check := func(p v3.Vec) {
			want, got := s.Evaluate(p), c.Evaluate(p)
			if math.Float64bits(want) != math.Float64bits(got) {
				t.Fatalf("part %d at %v: compiled %v, sdfx %v", part, p, got, want)
			}
		}
		for i := 0; i < 20000; i++ {
			check(v3.Vec{
				X: bb.Min.X - 5 + r.Float64()*(bb.Size().X+10),
				Y: bb.Min.Y - 5 + r.Float64()*(bb.Size().Y+10),
				Z: bb.Min.Z - 5 + r.Float64()*(bb.Size().Z+10),
			})
		}
		for x := bb.Min.X - 1; x < bb.Max.X+1; x += 0.75 {
			for y := bb.Min.Y - 1; y < bb.Max.Y+1; y += 0.75 {
				for z := bb.Min.Z - 1; z < bb.Max.Z+1; z += 2.5 {
					check(v3.Vec{X: x, Y: y, Z: z})
				}
			}
		}
	}
}

func TestCompileFingerprint(t *testing.T) {
	s, _ := boxWithHole()
	c := Compile(s)
	if _, ok := c.(*Compiled); !ok {
		t.Fatalf("not compiled: %T", c)
	}
	if Compile(c) != c {
		t.Error("compiling a Compiled made a new one")
	}
	fs, _ := Fingerprint(s)
	fc, ok := Fingerprint(c)
	if !ok || fs != fc {
		t.Errorf("compiled fingerprint %x (%v), source %x", fc, ok, fs)
	}
	// Nested in a larger tree, too.
	box := must(sdf.Box3D(v3.Vec{X: 1, Y: 1, Z: 1}, 0))
	fa, _ := Fingerprint(sdf.Union3D(s, box))
	fb, _ := Fingerprint(sdf.Union3D(c, box))
	if fa != fb {
		t.Error("a Compiled inside a union changes the union's fingerprint")
	}
	// A closure blend is evaluated through its own Evaluate, still equal.
	ff := freeForm()
	cf := Compile(ff)
	for i := 0; i < 1000; i++ {
		p := v3.Vec{X: float64(i%40) - 60, Y: float64(i/40) - 40, Z: 5}
		if math.Float64bits(ff.Evaluate(p)) != math.Float64bits(cf.Evaluate(p)) {
			t.Fatalf("free form at %v differs", p)
		}
	}
}

// BenchmarkCompiledEvaluate and BenchmarkSDFXEvaluate time one evaluation of
// a CSG part, compiled and as sdfx built it.
func BenchmarkCompiledEvaluate(b *testing.B) { benchEval(b, true) }

// BenchmarkSDFXEvaluate is BenchmarkCompiledEvaluate on sdfx's tree.
func BenchmarkSDFXEvaluate(b *testing.B) { benchEval(b, false) }

func benchEval(b *testing.B, compiled bool) {
	r := rand.New(rand.NewPCG(3, 4))
	s := csgPart(r)
	if compiled {
		s = Compile(s)
	}
	bb := s.BoundingBox()
	pts := make([]v3.Vec, 4096)
	for i := range pts {
		pts[i] = v3.Vec{X: bb.Min.X + r.Float64()*bb.Size().X, Y: bb.Min.Y + r.Float64()*bb.Size().Y, Z: bb.Min.Z + r.Float64()*bb.Size().Z}
	}
	var sum float64
	i := 0
	for b.Loop() {
		sum += s.Evaluate(pts[i&4095])
		i++
	}
	_ = sum
}
