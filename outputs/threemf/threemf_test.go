package threemf

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"testing"

	"github.com/fabkit/fabkit/geometry/affine"
	"github.com/fabkit/fabkit/geometry/mesh"
	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/geometry/section"
)

type model struct {
	Unit    string `xml:"unit,attr"`
	Objects []struct {
		ID       int    `xml:"id,attr"`
		Name     string `xml:"name,attr"`
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
	} `xml:"resources>object"`
	Items []struct {
		ObjectID  int    `xml:"objectid,attr"`
		Transform string `xml:"transform,attr"`
	} `xml:"build>item"`
}

func parts(t *testing.T) []Object {
	t.Helper()
	plate, err := mesh.ExtrudeRings([][]profile.Point{{{X: 0, Y: 0}, {X: 100, Y: 0}, {X: 100, Y: 50}, {X: 0, Y: 50}}, mesh.Circle(profile.Point{X: 50, Y: 25}, 10, 0.05)}, 6)
	if err != nil {
		t.Fatal(err)
	}
	bar, err := mesh.ExtrudeBar(mesh.Bar{Section: section.Section{Shape: section.Angle, Width: 50, Height: 50, Wall: 6}, Length: 300})
	if err != nil {
		t.Fatal(err)
	}
	return []Object{{Name: "plate <P1> & co", Mesh: plate}, {Name: "angle", Mesh: bar}}
}

func TestWriteParse(t *testing.T) {
	objs := parts(t)
	items := []Item{
		{ObjectIndex: 0, Transform: affine.Identity()},
		{ObjectIndex: 1, Transform: affine.At(0, 100, 0)},
		{ObjectIndex: 1, Transform: affine.Identity().RotateZ(90).Move(200, 0, 0)},
	}
	var a, b bytes.Buffer
	if err := Write(&a, objs, items); err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, objs, items); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two writes differ")
	}
	zr, err := zip.NewReader(bytes.NewReader(a.Bytes()), int64(a.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var m model
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "3D/3dmodel.model" {
			if err := xml.Unmarshal(data, &m); err != nil {
				t.Fatal(err)
			}
		} else if err := xml.Unmarshal(data, new(struct{})); err != nil {
			t.Errorf("%s: %v", f.Name, err)
		}
	}
	if want := []string{"[Content_Types].xml", "_rels/.rels", "3D/3dmodel.model"}; len(names) != 3 || names[0] != want[0] || names[1] != want[1] || names[2] != want[2] {
		t.Errorf("entries %v, want %v", names, want)
	}
	if m.Unit != "millimeter" || len(m.Objects) != 2 || len(m.Items) != 3 {
		t.Fatalf("unit %q, %d objects, %d items", m.Unit, len(m.Objects), len(m.Items))
	}
	if m.Objects[0].Name != objs[0].Name {
		t.Errorf("name %q, want %q", m.Objects[0].Name, objs[0].Name)
	}
	for i, o := range m.Objects {
		if len(o.Vertices) != len(objs[i].Mesh.Vertices) || len(o.Triangles) != objs[i].Mesh.NumTriangles() {
			t.Errorf("object %d: %d vertices %d triangles", i, len(o.Vertices), len(o.Triangles))
		}
	}
	if got, want := m.Items[2].Transform, "0 1 0 -1 0 0 0 0 1 200 0 0"; got != want {
		t.Errorf("transform %q, want %q", got, want)
	}
	if m.Items[2].ObjectID != 2 {
		t.Errorf("item objectid %d", m.Items[2].ObjectID)
	}
}

func TestWriteErrors(t *testing.T) {
	objs := parts(t)
	if err := Write(io.Discard, objs, []Item{{ObjectIndex: 2}}); err == nil {
		t.Error("no error for an out-of-range object index")
	}
	if err := Write(io.Discard, nil, nil); err == nil {
		t.Error("no error without objects")
	}
}
