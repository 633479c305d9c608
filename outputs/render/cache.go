package render

import (
	"bytes"
	"container/list"
	"crypto/sha256"
	"encoding/binary"
	"image/color"
	"math"
	"sync"

	"github.com/fabkit/fabkit/geometry/mesh"
)

// PNGCache keeps encoded views of meshes (WritePNG of View) across
// calls, found by a SHA-256 of the mesh's vertices and triangles and of
// the options: the designer's loop rebuilds a machine with a parameter or
// two changed, and most of its part meshes are as before. At most a fixed
// number of bytes of PNGs are kept, the least recently used dropped
// first. A view depends on its mesh and options alone, so a kept one has
// the bytes a new one would. It is safe for concurrent use.
type PNGCache struct {
	mu       sync.Mutex
	maxBytes int
	size     int
	lru      *list.List // of *cachedPNG, the most recently used first
	byKey    map[[sha256.Size]byte]*list.Element
}

type cachedPNG struct {
	key [sha256.Size]byte
	png []byte
}

// NewPNGCache returns an empty cache that keeps at most maxBytes of PNGs.
func NewPNGCache(maxBytes int) *PNGCache {
	return &PNGCache{maxBytes: maxBytes, lru: list.New(), byKey: map[[sha256.Size]byte]*list.Element{}}
}

// PNG returns the view of m with opt, encoded by WritePNG: the one kept
// for the same geometry and options, or a new one, which is then kept.
// The bytes are shared with later calls and must not be changed.
func (c *PNGCache) PNG(m *mesh.Mesh, opt Options) ([]byte, error) {
	key := viewKey(m, opt)
	c.mu.Lock()
	if e, ok := c.byKey[key]; ok {
		c.lru.MoveToFront(e)
		png := e.Value.(*cachedPNG).png
		c.mu.Unlock()
		return png, nil
	}
	c.mu.Unlock()
	var buf bytes.Buffer
	if err := WritePNG(&buf, View(m, opt)); err != nil {
		return nil, err
	}
	png := buf.Bytes()
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byKey[key]; ok || len(png) > c.maxBytes {
		return png, nil // another call kept it meanwhile, or it never fits
	}
	c.byKey[key] = c.lru.PushFront(&cachedPNG{key: key, png: png})
	c.size += len(png)
	for c.size > c.maxBytes {
		old := c.lru.Remove(c.lru.Back()).(*cachedPNG)
		delete(c.byKey, old.key)
		c.size -= len(old.png)
	}
	return png, nil
}

// viewKey is the SHA-256 of the mesh's geometry and of every option, with
// the lengths of the lists, so that no two views share the bytes hashed.
func viewKey(m *mesh.Mesh, opt Options) [sha256.Size]byte {
	var b []byte
	u := func(v uint64) { b = binary.LittleEndian.AppendUint64(b, v) }
	f := func(v float64) { u(math.Float64bits(v)) }
	rgba := func(c color.Color) {
		if c == nil {
			u(0)
			return
		}
		r, g, bl, a := c.RGBA()
		u(1)
		u(uint64(r)<<48 | uint64(g)<<32 | uint64(bl)<<16 | uint64(a))
	}
	u(uint64(opt.Width))
	u(uint64(opt.Height))
	rgba(opt.Background)
	rgba(opt.Color)
	u(uint64(opt.Supersample))
	f(opt.Margin)
	f(opt.View.X)
	f(opt.View.Y)
	f(opt.View.Z)
	flags := uint64(0)
	if opt.NoEdges {
		flags |= 1
	}
	if opt.Closed {
		flags |= 2
	}
	u(flags)
	u(uint64(len(opt.Colors)))
	for _, c := range opt.Colors {
		b = append(b, c.R, c.G, c.B, c.A)
	}
	var verts []mesh.Vec3
	var tris [][3]int32
	if m != nil {
		verts, tris = m.Vertices, m.Triangles
	}
	u(uint64(len(verts)))
	u(uint64(len(tris)))
	for _, v := range verts {
		f(v.X)
		f(v.Y)
		f(v.Z)
	}
	for _, t := range tris {
		b = binary.LittleEndian.AppendUint32(b, uint32(t[0]))
		b = binary.LittleEndian.AppendUint32(b, uint32(t[1]))
		b = binary.LittleEndian.AppendUint32(b, uint32(t[2]))
	}
	return sha256.Sum256(b)
}
