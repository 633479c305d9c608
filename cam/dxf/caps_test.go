package dxf

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"
)

// heapBound is the most a hostile read may allocate in all (so its peak
// heap growth is below it too).
const heapBound = 256 << 20

// allocated runs f and returns the bytes it allocated (runtime.MemStats
// TotalAlloc growth: an upper bound of its peak heap growth).
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// polygonLines is a closed n-gon of radius r drawn as n loose LINEs.
func polygonLines(n int, r float64) string {
	var b strings.Builder
	pt := func(i int) (float64, float64) {
		a := 2 * math.Pi * float64(i%n) / float64(n)
		return r * math.Cos(a), r * math.Sin(a)
	}
	for i := 0; i < n; i++ {
		x0, y0 := pt(i)
		x1, y1 := pt(i + 1)
		fmt.Fprintf(&b, "0\nLINE\n8\n0\n10\n%.9f\n20\n%.9f\n11\n%.9f\n21\n%.9f\n", x0, y0, x1, y1)
	}
	return b.String()
}

// circles is a square plate with n small circle holes in a grid.
func circles(n int) string {
	side := int(math.Ceil(math.Sqrt(float64(n))))
	var b strings.Builder
	w := float64(side*10 + 10)
	fmt.Fprintf(&b, "0\nLWPOLYLINE\n8\n0\n90\n4\n70\n1\n10\n0\n20\n0\n10\n%g\n20\n0\n10\n%g\n20\n%g\n10\n0\n20\n%g\n", w, w, w, w)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "0\nCIRCLE\n8\n0\n10\n%d\n20\n%d\n40\n2\n", 10+10*(i%side), 10+10*(i/side))
	}
	return b.String()
}

// lwpolyline is one closed LWPOLYLINE n-gon.
func lwpolyline(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "0\nLWPOLYLINE\n8\n0\n90\n%d\n70\n1\n", n)
	for i := 0; i < n; i++ {
		a := 2 * math.Pi * float64(i) / float64(n)
		fmt.Fprintf(&b, "10\n%.9f\n20\n%.9f\n", 1000*math.Cos(a), 1000*math.Sin(a))
	}
	return b.String()
}

// TestReadCaps: the hostile files of issue 22 (1e5 LINEs, 1e4 circles, a
// 1e6-vertex LWPOLYLINE) are refused with an error naming the cap, or read,
// within the heap bound; files just under the caps read.
func TestReadCaps(t *testing.T) {
	cases := []struct {
		name string
		body string
		want string // "" reads
	}{
		{"1e5 LINEs", polygonLines(100000, 5000), "more than 10000 entities"},
		{"1e4 circles", circles(10000), "more than 10000 entities"},
		{"1e6-vertex LWPOLYLINE", lwpolyline(1000000), "more than 100000 vertices"},
		{"9999 LINEs", polygonLines(9999, 5000), ""},
		{"9998 circles", circles(9998), "9998 holes, more than 1000"},
		{"1000 circles", circles(1000), ""},
		{"99999-vertex LWPOLYLINE", lwpolyline(99999), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := []byte(entitiesDXF(c.body))
			var err error
			n := allocated(func() { _, err = Read(bytes.NewReader(in), ReadOptions{}) })
			if n > heapBound {
				t.Errorf("allocated %d MiB, bound %d MiB", n>>20, heapBound>>20)
			}
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var de *Error
			if !errors.As(err, &de) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want a *dxf.Error with %q", err, c.want)
			}
		})
	}
}

// TestReadRefusesLargeWork: many holes in an outline of many vertices
// would take holes x vertices containment tests; past the work cap the
// read is refused naming it.
func TestReadRefusesLargeWork(t *testing.T) {
	var b strings.Builder
	b.WriteString(lwpolyline(90000))
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&b, "0\nCIRCLE\n8\n0\n10\n%d\n20\n%d\n40\n2\n", -450+10*(i%90), -450+10*(i/90))
	}
	_, err := Read(strings.NewReader(entitiesDXF(b.String())), ReadOptions{})
	if err == nil || !strings.Contains(err.Error(), "work cap") {
		t.Fatalf("err = %v, want the work cap named", err)
	}
}

// TestReadCapsConfigurable: the caps are options.
func TestReadCapsConfigurable(t *testing.T) {
	in := entitiesDXF(circles(50))
	if _, err := Read(strings.NewReader(in), ReadOptions{MaxEntities: 10}); err == nil || !strings.Contains(err.Error(), "more than 10 entities") {
		t.Errorf("MaxEntities 10: err = %v", err)
	}
	if _, err := Read(strings.NewReader(entitiesDXF(lwpolyline(500))), ReadOptions{MaxVertices: 100}); err == nil || !strings.Contains(err.Error(), "more than 100 vertices") {
		t.Errorf("MaxVertices 100: err = %v", err)
	}
	if _, err := Read(strings.NewReader(in), ReadOptions{MaxHoles: 49}); err == nil || !strings.Contains(err.Error(), "50 holes, more than 49") {
		t.Errorf("MaxHoles 49: err = %v", err)
	}
	if _, err := Read(strings.NewReader(in), ReadOptions{MaxHoles: 50}); err != nil {
		t.Errorf("MaxHoles 50: %v", err)
	}
}

// BenchmarkReadLines reads a 9999-LINE outline: chaining is linear.
func BenchmarkReadLines(b *testing.B) {
	in := []byte(entitiesDXF(polygonLines(9999, 5000)))
	b.ReportMetric(float64(len(in))/1e6, "MB")
	for i := 0; i < b.N; i++ {
		if _, err := Read(bytes.NewReader(in), ReadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
