package render

import (
	"bytes"
	"testing"

	"github.com/fabkit/fabkit/geometry/mesh"
)

// TestPNGCache: a view from the cache has WritePNG's bytes of Render; the
// same geometry and options again give the kept bytes, another geometry
// or option a new view; past its size the least recently used view goes.
func TestPNGCache(t *testing.T) {
	opt := Options{Width: 64, Height: 48, Supersample: 1}
	a, b := cube(10), placed(sphere(8, 12), mesh.Vec3{}, 5)
	var want bytes.Buffer
	if err := WritePNG(&want, Render(a, opt)); err != nil {
		t.Fatal(err)
	}
	c := NewPNGCache(1 << 20)
	got, err := c.PNG(a, opt)
	if err != nil || !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("the view differs from WritePNG of Render (error %v)", err)
	}
	same := func(x, y []byte) bool { return len(x) > 0 && len(y) > 0 && &x[0] == &y[0] }
	if again, _ := c.PNG(a.Clone(), opt); !same(again, got) {
		t.Error("the same geometry was rendered again")
	}
	moved := a.Clone()
	moved.Vertices[0].X += 1e-9
	if v, _ := c.PNG(moved, opt); same(v, got) {
		t.Error("a moved vertex gave the kept view")
	}
	edges := opt
	edges.NoEdges = true
	if v, _ := c.PNG(a, edges); same(v, got) {
		t.Error("other options gave the kept view")
	}

	// Room for a and b: using a again makes b the least recently used,
	// the first to go when another view comes.
	va, _ := c.PNG(a, opt)
	vb, _ := c.PNG(b, opt)
	vm, _ := c.PNG(moved, opt)
	small := NewPNGCache(len(va) + len(vb))
	kept := func(m *mesh.Mesh) bool { _, ok := small.byKey[viewKey(m, opt)]; return ok }
	small.PNG(a, opt)
	small.PNG(b, opt)
	small.PNG(a, opt)
	if !kept(a) || !kept(b) {
		t.Fatal("a view was dropped with room for both")
	}
	small.PNG(moved, opt)
	if kept(b) || !kept(moved) {
		t.Error("b, the least recently used, was kept, or the new view was not")
	}
	if len(va)+len(vm) <= small.maxBytes && !kept(a) {
		t.Error("a was dropped with room for it")
	}
	if small.size > small.maxBytes {
		t.Errorf("%d bytes kept, at most %d", small.size, small.maxBytes)
	}
}
