package dxf

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/geometry/profile"
)

var update = flag.Bool("update", false, "rewrite the fuzz seed corpus under testdata/fuzz")

func pt(x, y float64) profile.Point { return profile.Point{X: x, Y: y} }

func testPart() Part {
	shape := profile.New(profile.RoundedRect(0, 0, 200, 150, 10),
		profile.Circle(100, 75, 40),
		profile.Circle(30, 30, 12.7),
		profile.Circle(170, 120, 2.5),
		profile.Slot(pt(20, 120), pt(60, 120), 14),
		profile.Rect(150, 60, 30, 20).Reverse(),
	)
	return Part{ID: "f4", Shape: shape, Drill: []int{2}, Etch: [][]profile.Point{{pt(90, 140), pt(110, 140)}}}
}

func TestRoundTrip(t *testing.T) {
	p := testPart()
	for _, v := range []Version{R12, R2000} {
		var buf bytes.Buffer
		if err := WritePart(&buf, p, v); err != nil {
			t.Fatal(err)
		}
		var again bytes.Buffer
		if err := WritePart(&again, p, v); err != nil || !bytes.Equal(buf.Bytes(), again.Bytes()) {
			t.Fatalf("version %d: writer is not deterministic (%v)", v, err)
		}
		got, err := Read(bytes.NewReader(buf.Bytes()), ReadOptions{})
		if err != nil {
			t.Fatalf("version %d: %v", v, err)
		}
		if math.Abs(got.Area()-p.Shape.Area()) > 1e-6 {
			t.Errorf("version %d: area %.6f, want %.6f", v, got.Area(), p.Shape.Area())
		}
		if len(got.Holes) != len(p.Shape.Holes) {
			t.Errorf("version %d: %d holes, want %d", v, len(got.Holes), len(p.Shape.Holes))
		}
		gb, wb := got.Bounds(), p.Shape.Bounds()
		if gb.Min.Sub(wb.Min).Len() > 1e-9 || gb.Max.Sub(wb.Max).Len() > 1e-9 {
			t.Errorf("version %d: bounds %+v, want %+v", v, gb, wb)
		}
		s := buf.String()
		for _, w := range []string{"OUTER", "INNER", "DRILL", "ETCH", "CIRCLE"} {
			if !strings.Contains(s, "\n"+w+"\n") {
				t.Errorf("version %d: no %s in the file", v, w)
			}
		}
	}
}

func TestWriteSheet(t *testing.T) {
	p := testPart()
	q := p
	q.Shape = p.Shape.Transform(90, pt(420, 20))
	p.Shape = p.Shape.Transform(0, pt(20, 20))
	var buf bytes.Buffer
	if err := WriteSheet(&buf, Sheet{ID: "s1", SizeX: 600, SizeY: 400, Parts: []Part{p, q}}, R12); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "\nSHEET\n"); n < 1 {
		t.Error("no sheet outline")
	}
	// Read with SHEET skipped (the default) it is two outlines: not one part.
	if _, err := Read(bytes.NewReader(buf.Bytes()), ReadOptions{}); err == nil {
		t.Error("a sheet with two parts read as one part")
	}
}

func TestReadChainsLinesAndArcs(t *testing.T) {
	// A 100 x 50 plate with a rounded right end (one ARC), drawn as loose
	// LINEs in scrambled order and direction with 0.005 mm gaps, an inch
	// circle hole, and text that is not cut.
	dxf := entitiesDXF(`0
LINE
8
0
10
0
20
0
11
100
21
0
0
LINE
8
0
10
0
20
50.005
11
0
21
0
0
ARC
8
0
10
100
20
25
40
25
50
270
51
90
0
TEXT
8
0
1
hello
0
LINE
8
0
10
100.003
20
50
11
0
21
50
0
CIRCLE
8
INNER
10
50
20
25
40
10
`)
	p, err := Read(strings.NewReader(dxf), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := 100*50 + math.Pi*25*25/2 - math.Pi*100
	if math.Abs(p.Area()-want) > 0.5 || len(p.Holes) != 1 {
		t.Errorf("area %.3f (want %.3f), %d holes", p.Area(), want, len(p.Holes))
	}
	in, err := Read(strings.NewReader(strings.Replace(dxf, "ENTITIES", "ENTITIES", 1)), ReadOptions{Scale: 25.4, Tolerance: 0.2})
	if err != nil || math.Abs(in.Area()-want*25.4*25.4) > 0.5*25.4*25.4 {
		t.Errorf("scaled read: %v, area %v", err, in.Area())
	}
}

func TestReadErrors(t *testing.T) {
	open := entitiesDXF("0\nLINE\n8\nCUT\n10\n0\n20\n0\n11\n100\n21\n0\n0\nLINE\n8\nCUT\n10\n100\n20\n0\n11\n100\n21\n50\n0\nLINE\n8\nCUT\n10\n100\n20\n50\n11\n0\n21\n49\n")
	cases := []struct {
		name, in string
		want     []string
	}{
		{"open loop", open, []string{"LINE on layer CUT", "open loop", "stops at (0.000, 49.000)", "49.0000mm away"}},
		{"spline", entitiesDXF("0\nSPLINE\n8\nOUTER\n70\n8\n"), []string{"SPLINE on layer OUTER", "not supported"}},
		{"binary", "AutoCAD Binary DXF\r\n\x1a\x00", []string{"binary DXF"}},
		{"no entities", "0\nSECTION\n2\nHEADER\n0\nENDSEC\n0\nEOF\n", []string{"no ENTITIES section"}},
		{"bad number", entitiesDXF("0\nCIRCLE\n8\n0\n10\nabc\n20\n0\n40\n5\n"), []string{"CIRCLE", "not a finite number"}},
		{"empty", entitiesDXF(""), []string{"no closed profile"}},
		{"hole outside", entitiesDXF("0\nCIRCLE\n8\n0\n10\n0\n20\n0\n40\n5\n0\nCIRCLE\n8\n0\n10\n100\n20\n0\n40\n3\n"), []string{"one part per file"}},
	}
	for _, c := range cases {
		_, err := Read(strings.NewReader(c.in), ReadOptions{})
		var de *Error
		if !errors.As(err, &de) {
			t.Errorf("%s: err = %v, want a *dxf.Error", c.name, err)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q lacks %q", c.name, err, w)
			}
		}
	}
}

func entitiesDXF(body string) string {
	return "0\nSECTION\n2\nENTITIES\n" + body + "0\nENDSEC\n0\nEOF\n"
}

// seeds are the fuzz corpus: written parts, loose entities and broken files.
func seeds(t testing.TB) [][]byte {
	var out [][]byte
	for _, v := range []Version{R12, R2000} {
		var buf bytes.Buffer
		if err := WritePart(&buf, testPart(), v); err != nil {
			t.Fatal(err)
		}
		out = append(out, buf.Bytes())
	}
	out = append(out,
		[]byte(entitiesDXF("0\nLINE\n8\n0\n10\n0\n20\n0\n11\n10\n21\n0\n0\nARC\n8\n0\n10\n10\n20\n5\n40\n5\n50\n270\n51\n90\n0\nLINE\n8\n0\n10\n10\n20\n10\n11\n0\n21\n0\n")),
		[]byte(entitiesDXF("0\nLWPOLYLINE\n8\n0\n90\n3\n70\n1\n10\n0\n20\n0\n42\n1e300\n10\n5\n20\n0\n10\n5\n20\n5\n")),
		[]byte(entitiesDXF("0\nPOLYLINE\n8\n0\n70\n1\n0\nVERTEX\n10\n0\n20\n0\n42\n-1\n0\nVERTEX\n10\n4\n20\n0\n0\nSEQEND\n")),
		[]byte("0\nSECTION\n2\nENTITIES\n0\nCIRCLE\n10\n"),
		[]byte(entitiesDXF(polygonLines(40, 50))), // at its entity cap
		[]byte(entitiesDXF(circles(30))),          // one past its entity cap
		[]byte(entitiesDXF(lwpolyline(120))),      // past its vertex cap
	)
	return out
}

// FuzzRead reads any bytes under caps the fuzzer also picks: a read never
// panics, a profile read has area and no more loops or vertices than the
// caps allow, and a refusal is a *dxf.Error.
func FuzzRead(f *testing.F) {
	for i, s := range seeds(f) {
		f.Add(s, uint16(seedCaps[i%len(seedCaps)][0]), uint16(seedCaps[i%len(seedCaps)][1]))
	}
	f.Fuzz(func(t *testing.T, data []byte, maxEntities, maxVertices uint16) {
		opt := ReadOptions{MaxEntities: int(maxEntities), MaxVertices: int(maxVertices)}
		p, err := Read(bytes.NewReader(data), opt)
		if err != nil {
			var de *Error
			if !errors.As(err, &de) {
				t.Fatalf("err %v is not a *dxf.Error", err)
			}
			return
		}
		if p.Outer.Area() <= 0 {
			t.Fatalf("read a profile with no area: %+v", p)
		}
		if ents := int(maxEntities); ents > 0 && len(p.Holes)+1 > ents {
			t.Fatalf("%d loops from at most %d entities", len(p.Holes)+1, ents)
		}
	})
}

// seedCaps are the entity and vertex caps the seeds are fuzzed with
// (0 is the default); the many-entity seeds sit at and past them.
var seedCaps = [][2]int{{0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {40, 0}, {30, 0}, {0, 100}}

// TestSeedCorpus keeps testdata/fuzz/FuzzRead in step with seeds; run with
// -update to rewrite it.
func TestSeedCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzRead")
	for i, s := range seeds(t) {
		name := filepath.Join(dir, fmt.Sprintf("seed%02d", i))
		c := seedCaps[i%len(seedCaps)]
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\nuint16(%d)\nuint16(%d)\n", s, c[0], c[1])
		if *update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(name)
		if err != nil || string(got) != body {
			t.Errorf("%s is stale or missing; run go test ./cam/dxf -run TestSeedCorpus -update", name)
		}
	}
}

// TestViewportCodesOnce: the *ACTIVE viewport record gives each group code
// once (its view direction was once written 0, 0, 0 and then 1 again
// under code 36).
func TestViewportCodesOnce(t *testing.T) {
	for _, v := range []Version{R2000, R12} {
		var b bytes.Buffer
		if err := WritePart(&b, testPart(), v); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(b.String(), "\n")
		seen := map[string]bool{}
		in := false
		for i := 0; i+1 < len(lines); i += 2 {
			code, val := strings.TrimSpace(lines[i]), lines[i+1]
			if code == "0" {
				if in {
					break
				}
				in = val == "VPORT" // the record (the table is 0 TABLE, 2 VPORT)
				continue
			}
			if !in {
				continue
			}
			if seen[code] && code != "100" {
				t.Errorf("%v: VPORT record repeats group code %s", v, code)
			}
			seen[code] = true
		}
		if len(seen) < 30 {
			t.Errorf("%v: VPORT record has %d codes; did the test find it?", v, len(seen))
		}
	}
}
