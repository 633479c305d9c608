package solid

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/deadsy/sdfx/sdf"
	v3 "github.com/deadsy/sdfx/vec/v3"
	"github.com/fabkit/fabkit/geometry/mesh"
)

func TestFingerprint(t *testing.T) {
	a, _ := boxWithHole()
	b, _ := boxWithHole()
	fa, okA := Fingerprint(a)
	fb, okB := Fingerprint(b)
	if !okA || !okB || fa != fb {
		t.Fatalf("two identical constructions: %x (%v), %x (%v)", fa, okA, fb, okB)
	}
	box := must(sdf.Box3D(v3.Vec{X: 60, Y: 40, Z: 20}, 0))
	wider := sdf.Difference3D(box, must(sdf.Cylinder3D(30, 8.001, 0)))
	if fw, _ := Fingerprint(wider); fw == fa {
		t.Error("a hole 0.001 mm wider has the same fingerprint")
	}
	moved := sdf.Transform3D(a, sdf.Translate3d(v3.Vec{X: 1e-9}))
	if fm, _ := Fingerprint(moved); fm == fa {
		t.Error("a solid moved by 1e-9 mm has the same fingerprint")
	}
	// A blend made by a closure hides its radius: not cacheable.
	if _, ok := Fingerprint(freeForm()); ok {
		t.Error("a solid blended with sdf.PolyMin (a closure) was fingerprinted")
	}
}

// meshDigest hashes a mesh's vertices and triangles exactly.
func meshDigest(m *mesh.Mesh) string {
	h := sha256.New()
	for _, v := range m.Vertices {
		for _, x := range []float64{v.X, v.Y, v.Z} {
			binary.Write(h, binary.LittleEndian, math.Float64bits(x))
		}
	}
	for _, tr := range m.Triangles {
		binary.Write(h, binary.LittleEndian, tr)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestMeshVersion pins the mesh Render makes of a reference solid to
// meshVersion. When a change to marching or simplification makes this test
// fail, bump meshVersion (so no cache serves meshes of the old mesher) and
// record the new digest here.
func TestMeshVersion(t *testing.T) {
	s, _ := boxWithHole()
	res, err := Render(context.Background(), s, Options{Cell: 1})
	if err != nil {
		t.Fatal(err)
	}
	const want = "fabkit-solid-mesh-6 " + referenceDigest
	if got := meshVersion + " " + meshDigest(res.Mesh); got != want {
		t.Errorf("Render's output changed: %s, recorded %s: bump meshVersion and record the new digest", got, want)
	}
}

// referenceDigest is the digest of that mesh on amd64 (architectures that fuse
// multiply-adds may differ in the last bits).
const referenceDigest = "7c4d0753cc99178a216dbaf594cb90732a84b413149d75528024af066b8dcb45"

func TestCacheServesTheSameMesh(t *testing.T) {
	dir := t.TempDir()
	c, err := OpenCache(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	ctx := WithCache(context.Background(), c)
	s, _ := boxWithHole()
	opt := Options{Cell: 1}
	fresh, err := Render(context.Background(), s, opt)
	if err != nil {
		t.Fatal(err)
	}
	first, err := Render(ctx, s, opt) // a miss: renders and stores
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := filepath.Glob(filepath.Join(dir, "*.mesh"))
	if len(entries) != 1 {
		t.Fatalf("%d cache entries after one render, want 1", len(entries))
	}
	again, err := Render(ctx, s, opt) // a hit
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]*Result{"stored": first, "cached": again} {
		if meshDigest(r.Mesh) != meshDigest(fresh.Mesh) || r.Cell != fresh.Cell || r.Cells != fresh.Cells ||
			r.Pruned != fresh.Pruned || r.Marched != fresh.Marched {
			t.Errorf("%s result differs from a fresh render", name)
		}
	}
	// Other options are another entry.
	if _, err := Render(ctx, s, Options{Cell: 1, NoSimplify: true}); err != nil {
		t.Fatal(err)
	}
	if entries, _ = filepath.Glob(filepath.Join(dir, "*.mesh")); len(entries) != 2 {
		t.Errorf("%d entries after a render with other options, want 2", len(entries))
	}
	// A torn entry is a miss, removed and replaced by a good one.
	key, _ := entryKey(s, opt)
	path := filepath.Join(dir, key+".mesh")
	data, _ := os.ReadFile(path)
	for _, cut := range []int{0, 10, len(data) / 2, len(data) - 1} {
		if err := os.WriteFile(path, data[:cut], 0o644); err != nil {
			t.Fatal(err)
		}
		if _, hit := c.get(key); hit {
			t.Errorf("an entry cut to %d of %d bytes was served", cut, len(data))
		}
		r, err := Render(ctx, s, opt)
		if err != nil {
			t.Fatal(err)
		}
		if meshDigest(r.Mesh) != meshDigest(fresh.Mesh) {
			t.Error("the render after a torn entry differs from a fresh one")
		}
	}
	flipped := append([]byte(nil), data...)
	flipped[len(flipped)/2] ^= 1
	os.WriteFile(path, flipped, 0o644)
	if _, hit := c.get(key); hit {
		t.Error("an entry with a flipped bit was served")
	}
}

func TestCacheBounded(t *testing.T) {
	dir := t.TempDir()
	c, err := OpenCache(dir, 1) // every entry is larger than the bound
	if err != nil {
		t.Fatal(err)
	}
	ctx := WithCache(context.Background(), c)
	for i := 0; i < 3; i++ {
		s := must(sdf.Box3D(v3.Vec{X: 10 + float64(i), Y: 10, Z: 10}, 0))
		if _, err := Render(ctx, s, Options{Cell: 1}); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(dir)
	var total int64
	for _, e := range entries {
		info, _ := e.Info()
		total += info.Size()
	}
	if total > 1 {
		t.Errorf("cache holds %d bytes in %d files, bound 1", total, len(entries))
	}
	if _, err := OpenCache("", 0); err == nil {
		t.Error("a cache with no folder opened")
	}
}

// TestCacheConcurrent: builds sharing a cache get identical meshes.
func TestCacheConcurrent(t *testing.T) {
	c, err := OpenCache(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	ctx := WithCache(context.Background(), c)
	s, _ := boxWithHole()
	var wg sync.WaitGroup
	digests := make([]string, 6)
	for i := range digests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := Render(ctx, s, Options{Cell: 1, Workers: 1})
			if err != nil {
				t.Error(err)
				return
			}
			digests[i] = meshDigest(r.Mesh)
		}()
	}
	wg.Wait()
	for _, d := range digests[1:] {
		if !reflect.DeepEqual(d, digests[0]) {
			t.Fatal("concurrent renders through one cache differ")
		}
	}
}

// TestMemoryCache: a memory cache serves what it stored, and a caller that
// edits the mesh it got does not change what the next caller gets.
func TestMemoryCache(t *testing.T) {
	c := NewMemoryCache()
	ctx := WithCache(context.Background(), c)
	s, _ := boxWithHole()
	first, err := Render(ctx, s, Options{Cell: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := meshDigest(first.Mesh)
	first.Mesh.Vertices[0].X += 1
	again, err := Render(ctx, s, Options{Cell: 1})
	if err != nil {
		t.Fatal(err)
	}
	if meshDigest(again.Mesh) != want {
		t.Error("an edit of a served mesh reached the cache")
	}
	if len(c.mem) != 1 {
		t.Errorf("%d entries, want 1", len(c.mem))
	}
}
