package pipeline_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/pipeline"
)

// This file checks shared material from the written stl/assembly.3mf
// alone, with its own 3MF reader and its own geometry: a point is in a
// closed mesh when a ray from it crosses the mesh an odd number of times.
// It shares no code with the assembly package.

type xmlModel struct {
	Resources struct {
		Materials []struct {
			ID    int `xml:"id,attr"`
			Bases []struct {
				Name string `xml:"name,attr"`
			} `xml:"base"`
		} `xml:"basematerials"`
		Objects []struct {
			ID       int    `xml:"id,attr"`
			Name     string `xml:"name,attr"`
			PIndex   int    `xml:"pindex,attr"`
			Vertices []struct {
				X float64 `xml:"x,attr"`
				Y float64 `xml:"y,attr"`
				Z float64 `xml:"z,attr"`
			} `xml:"mesh>vertices>vertex"`
			Triangles []struct {
				V1 int `xml:"v1,attr"`
				V2 int `xml:"v2,attr"`
				V3 int `xml:"v3,attr"`
			} `xml:"mesh>triangles>triangle"`
		} `xml:"object"`
	} `xml:"resources"`
	Items []struct {
		ObjectID  int    `xml:"objectid,attr"`
		Transform string `xml:"transform,attr"`
	} `xml:"build>item"`
}

// placed is one placed instance: world triangles bucketed on an XY grid
// for vertical rays.
type placed struct {
	name     string
	lo, hi   [3]float64
	tris     [][3][3]float64
	cell     float64
	buckets  map[[2]int][]int
	material string
}

func readAssembly(t *testing.T, data []byte) []*placed {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var m xmlModel
	for _, f := range zr.File {
		if f.Name != "3D/3dmodel.model" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(rc)
		rc.Close()
		if err := xml.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
	}
	var mats []string
	for _, g := range m.Resources.Materials {
		for _, b := range g.Bases {
			mats = append(mats, b.Name)
		}
	}
	count := map[int]int{}
	var out []*placed
	for _, it := range m.Items {
		var k [12]float64
		for i, f := range strings.Fields(it.Transform) {
			k[i], _ = strconv.ParseFloat(f, 64)
		}
		for _, o := range m.Resources.Objects {
			if o.ID != it.ObjectID {
				continue
			}
			s := &placed{name: fmt.Sprintf("%s#%d", o.Name, count[o.ID]), cell: 10, buckets: map[[2]int][]int{}}
			if o.PIndex < len(mats) {
				s.material = mats[o.PIndex]
			}
			count[o.ID]++
			world := make([][3]float64, len(o.Vertices))
			for i, v := range o.Vertices {
				world[i] = [3]float64{v.X*k[0] + v.Y*k[3] + v.Z*k[6] + k[9], v.X*k[1] + v.Y*k[4] + v.Z*k[7] + k[10], v.X*k[2] + v.Y*k[5] + v.Z*k[8] + k[11]}
			}
			s.lo, s.hi = world[0], world[0]
			for _, w := range world {
				for a := range 3 {
					s.lo[a], s.hi[a] = math.Min(s.lo[a], w[a]), math.Max(s.hi[a], w[a])
				}
			}
			for _, tr := range o.Triangles {
				s.add([3][3]float64{world[tr.V1], world[tr.V2], world[tr.V3]})
			}
			out = append(out, s)
		}
	}
	return out
}

// moved returns a copy of s moved by d, its triangles bucketed afresh.
func (s *placed) moved(d [3]float64) *placed {
	out := &placed{name: s.name, material: s.material, cell: s.cell, buckets: map[[2]int][]int{}}
	for a := range 3 {
		out.lo[a], out.hi[a] = s.lo[a]+d[a], s.hi[a]+d[a]
	}
	for _, tri := range s.tris {
		var m [3][3]float64
		for v := range 3 {
			for a := range 3 {
				m[v][a] = tri[v][a] + d[a]
			}
		}
		out.add(m)
	}
	return out
}

// add appends a world triangle and buckets it on the XY grid.
func (s *placed) add(tri [3][3]float64) {
	idx := len(s.tris)
	s.tris = append(s.tris, tri)
	x0, x1 := math.Min(tri[0][0], math.Min(tri[1][0], tri[2][0])), math.Max(tri[0][0], math.Max(tri[1][0], tri[2][0]))
	y0, y1 := math.Min(tri[0][1], math.Min(tri[1][1], tri[2][1])), math.Max(tri[0][1], math.Max(tri[1][1], tri[2][1]))
	for i := int(math.Floor(x0 / s.cell)); i <= int(math.Floor(x1/s.cell)); i++ {
		for j := int(math.Floor(y0 / s.cell)); j <= int(math.Floor(y1/s.cell)); j++ {
			s.buckets[[2]int{i, j}] = append(s.buckets[[2]int{i, j}], idx)
		}
	}
}

// inside casts a ray from p straight up and counts the triangles it
// crosses.
func (s *placed) inside(p [3]float64) bool {
	n := 0
	for _, i := range s.buckets[[2]int{int(math.Floor(p[0] / s.cell)), int(math.Floor(p[1] / s.cell))}] {
		a, b, c := s.tris[i][0], s.tris[i][1], s.tris[i][2]
		// Barycentric test of (x, y) in the triangle's XY projection.
		d := (b[1]-c[1])*(a[0]-c[0]) + (c[0]-b[0])*(a[1]-c[1])
		if math.Abs(d) < 1e-12 {
			continue // edge-on to the ray
		}
		l1 := ((b[1]-c[1])*(p[0]-c[0]) + (c[0]-b[0])*(p[1]-c[1])) / d
		l2 := ((c[1]-a[1])*(p[0]-c[0]) + (a[0]-c[0])*(p[1]-c[1])) / d
		l3 := 1 - l1 - l2
		if l1 < 0 || l2 < 0 || l3 < 0 {
			continue
		}
		if l1*a[2]+l2*b[2]+l3*c[2] > p[2] {
			n++
		}
	}
	return n%2 == 1
}

// deep reports whether p and its six neighbours margin away are all in s.
func (s *placed) deep(p [3]float64, margin float64) bool {
	if !s.inside(p) {
		return false
	}
	for a := range 3 {
		for _, d := range []float64{-margin, margin} {
			q := p
			q[a] += d
			if !s.inside(q) {
				return false
			}
		}
	}
	return true
}

// shared returns the pairs of instances (purchased stand-ins left out) that
// have a grid point of step h deep inside both.
func shared(sols []*placed, h, margin float64) map[string]bool {
	out := map[string]bool{}
	for i, a := range sols {
		for _, b := range sols[i+1:] {
			if a.material == "buy" || b.material == "buy" {
				continue
			}
			var lo, hi [3]float64
			ok := true
			for k := range 3 {
				lo[k], hi[k] = math.Max(a.lo[k], b.lo[k])+margin, math.Min(a.hi[k], b.hi[k])-margin
				ok = ok && hi[k] > lo[k]
			}
			if !ok {
				continue
			}
		grid:
			// Offsets by an odd fraction keep grid points off faces and edges.
			for x := lo[0] + 0.137*h; x < hi[0]; x += h {
				for y := lo[1] + 0.291*h; y < hi[1]; y += h {
					for z := lo[2] + 0.419*h; z < hi[2]; z += h {
						p := [3]float64{x, y, z}
						if a.deep(p, margin) && b.deep(p, margin) {
							x, y := a.name, b.name
							if y < x {
								x, y = y, x
							}
							out[x+","+y] = true
							break grid
						}
					}
				}
			}
		}
	}
	return out
}

// TestAssembly3MFSharesNoMaterial reads stl/assembly.3mf of the D3D, the
// CEB press and the Power Cube VI and samples every pair of instances on a
// 2 mm grid: they share none, or only where the assembly check reports it
// (the Power Cube's double-mitred frame corners included); a plate of the
// press moved into its neighbour is caught.
func TestAssembly3MFSharesNoMaterial(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and samples three assemblies")
	}
	for _, c := range []struct{ design, preset string }{{"d3d", "12in"}, {"ceb-press", ""}, {"power-cube", "VI"}} {
		d, err := designs.Get(c.design)
		if err != nil {
			t.Fatal(err)
		}
		res, err := pipeline.Run(context.Background(), pipeline.Request{Design: d, Preset: c.preset, Only: []string{"stl"}})
		if err != nil {
			t.Fatal(err)
		}
		var data []byte
		for _, f := range res.Files {
			if f.Path == "stl/assembly.3mf" {
				data = f.Data
			}
		}
		sols := readAssembly(t, data)
		if len(sols) < 10 {
			t.Fatalf("%s: %d instances in the 3MF", c.design, len(sols))
		}
		reported := map[string]bool{}
		for _, f := range res.Manifest.Assembly.Findings {
			if f.Check == "interference" {
				reported[strings.TrimPrefix(f.Key, "interference:")] = true
			}
		}
		got := shared(sols, 2, 0.2)
		for pair := range got {
			if !reported[pair] {
				t.Errorf("%s: %s share material in the 3MF, and the assembly check did not report it", c.design, pair)
			}
		}
		// A positive control: the ledge f14#0, read from the 3MF and moved
		// 6 mm into the chamber wall f4#0 it lies against on its +Y side,
		// must be found sharing material with it.
		if c.design == "ceb-press" {
			var f14, f4 *placed
			for _, s := range sols {
				switch s.name {
				case "f14#0":
					f14 = s
				case "f4#0":
					f4 = s
				}
			}
			if f14 == nil || f4 == nil {
				t.Fatal("ceb-press: no f14#0 or f4#0 in the 3MF")
			}
			if moved := shared([]*placed{f14.moved([3]float64{0, 6, 0}), f4}, 2, 0.2); !moved["f14#0,f4#0"] {
				t.Errorf("ceb-press: f14#0 moved 6 mm into f4#0 is not found sharing material: %v", moved)
			}
		}
		t.Logf("%s: %d instances, shared pairs %v", c.design, len(sols), got)
	}
}
