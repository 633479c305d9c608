package solid

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/deadsy/sdfx/sdf"
	"github.com/fabkit/fabkit/geometry/mesh"
)

// meshVersion names the output of marching and simplification. It is part
// of every cache key: bump it with any change that alters the meshes Render
// returns (TestMeshVersion fails until you do), so that no cache serves a
// mesh an older fabkit made.
const meshVersion = "fabkit-solid-mesh-6"

// DefaultCacheBytes is the size a Cache is kept under when OpenCache is
// given no bound.
const DefaultCacheBytes = 512 << 20

// Cache keeps rendered meshes in a folder, keyed by the solid's Fingerprint,
// the render options and the mesher's version, so that a rebuild that
// changes only other parts of a design re-marches nothing. A Render whose
// context carries a Cache (WithCache) looks there first and stores what it
// makes.
//
// The cache is safe for concurrent builds, in one process or many: each
// entry is written to a temporary file and renamed into place, and carries
// a SHA-256 of its contents, so a torn or corrupted entry is a miss (and is
// removed), never a wrong mesh. The folder is kept under its byte bound by
// removing the least recently used entries.
//
// A cache made by NewMemoryCache keeps meshes in memory only, for the
// length of one build: the D3D's print estimate and its geometry stage then
// march each printed part once.
type Cache struct {
	dir      string // "" for a memory cache
	maxBytes int64
	mu       sync.Mutex // serialises eviction in this process; guards mem
	mem      map[string]*Result
}

// NewMemoryCache returns an empty cache that keeps meshes in memory.
func NewMemoryCache() *Cache { return &Cache{mem: map[string]*Result{}} }

// OpenCache opens (creating it if needed) a mesh cache in dir, bounded to
// maxBytes (0 means DefaultCacheBytes).
func OpenCache(dir string, maxBytes int64) (*Cache, error) {
	if dir == "" {
		return nil, errors.New("solid: mesh cache: no folder given")
	}
	if maxBytes < 0 {
		return nil, fmt.Errorf("solid: mesh cache: size %d < 0", maxBytes)
	}
	if maxBytes == 0 {
		maxBytes = DefaultCacheBytes
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("solid: mesh cache: %w", err)
	}
	return &Cache{dir: dir, maxBytes: maxBytes}, nil
}

// DefaultCacheDir is the per-user mesh cache folder: fabkit/meshes in the
// user's cache directory (for example ~/.cache/fabkit/meshes).
func DefaultCacheDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "fabkit", "meshes"), nil
}

// Dir is the cache's folder ("" for a memory cache).
func (c *Cache) Dir() string { return c.dir }

type cacheKey struct{}

// WithCache returns a context under which Render uses c. A nil c leaves
// ctx as it is.
func WithCache(ctx context.Context, c *Cache) context.Context {
	if c == nil {
		return ctx
	}
	return context.WithValue(ctx, cacheKey{}, c)
}

func cacheFrom(ctx context.Context) *Cache {
	c, _ := ctx.Value(cacheKey{}).(*Cache)
	return c
}

// entryKey is the cache key of s rendered with opt, or false when s cannot
// be fingerprinted. Workers is left out: it does not change the mesh.
func entryKey(s sdf.SDF3, opt Options) (string, bool) {
	fp, ok := Fingerprint(s)
	if !ok {
		return "", false
	}
	h := sha256.New()
	h.Write([]byte(meshVersion))
	h.Write(fp[:])
	var b [8]byte
	for _, x := range []float64{opt.Cell, float64(opt.MaxCells), opt.Lipschitz, opt.SimplifyTolerance} {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(x))
		h.Write(b[:])
	}
	for _, x := range []bool{opt.Exhaustive, opt.NoSimplify} {
		if x {
			h.Write([]byte{1})
		} else {
			h.Write([]byte{0})
		}
	}
	return hex.EncodeToString(h.Sum(nil)), true
}

// entryMagic starts every cache entry.
const entryMagic = "fabkit mesh cache entry\n"

// get returns the entry for key, or false on a miss (absent, torn or
// corrupted; a bad entry is removed).
func (c *Cache) get(key string) (*Result, bool) {
	if c.dir == "" {
		c.mu.Lock()
		res, ok := c.mem[key]
		c.mu.Unlock()
		if !ok {
			return nil, false
		}
		cp := *res
		cp.Mesh = res.Mesh.Clone() // callers may edit the mesh they get
		return &cp, true
	}
	path := filepath.Join(c.dir, key+".mesh")
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, false
	}
	res, err := decodeEntry(data)
	if err != nil {
		os.Remove(path)
		return nil, false
	}
	now := time.Now()
	os.Chtimes(path, now, now) // least recently used goes first
	return res, true
}

// put stores res under key. A cache that cannot be written costs only time,
// so errors are returned for tests and otherwise ignored by Render.
func (c *Cache) put(key string, res *Result) error {
	if c.dir == "" {
		cp := *res
		cp.Mesh = res.Mesh.Clone()
		c.mu.Lock()
		c.mem[key] = &cp
		c.mu.Unlock()
		return nil
	}
	data := encodeEntry(res)
	f, err := os.CreateTemp(c.dir, ".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, filepath.Join(c.dir, key+".mesh")); err != nil {
		os.Remove(tmp)
		return err
	}
	return c.evict()
}

// staleTemp is the age after which a temporary file is taken to be left by
// a killed build.
const staleTemp = 10 * time.Minute

// evict removes the least recently used entries until the folder holds at
// most maxBytes, and temporary files left by killed builds.
func (c *Cache) evict() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return err
	}
	type file struct {
		name string
		size int64
		used time.Time
	}
	var files []file
	var total int64
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		name := e.Name()
		if strings.HasPrefix(name, ".tmp-") {
			if time.Since(info.ModTime()) > staleTemp {
				os.Remove(filepath.Join(c.dir, name))
			}
			continue
		}
		if !strings.HasSuffix(name, ".mesh") {
			continue
		}
		files = append(files, file{name, info.Size(), info.ModTime()})
		total += info.Size()
	}
	if total <= c.maxBytes {
		return nil
	}
	slices.SortFunc(files, func(a, b file) int {
		if d := a.used.Compare(b.used); d != 0 {
			return d
		}
		return strings.Compare(a.name, b.name)
	})
	for _, f := range files {
		if total <= c.maxBytes {
			break
		}
		if err := os.Remove(filepath.Join(c.dir, f.name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		total -= f.size
	}
	return nil
}

// encodeEntry lays out a Result: magic, cell, cells, pruned, marched, the
// pruned-pass error text, vertices (float64 bits), triangles, and a SHA-256
// of everything before it.
func encodeEntry(res *Result) []byte {
	var b bytes.Buffer
	b.WriteString(entryMagic)
	w := func(x uint64) { binary.Write(&b, binary.LittleEndian, x) }
	w(math.Float64bits(res.Cell))
	for _, n := range res.Cells {
		w(uint64(n))
	}
	if res.Pruned {
		w(1)
	} else {
		w(0)
	}
	w(uint64(res.Marched))
	msg := ""
	if res.PrunedErr != nil {
		msg = res.PrunedErr.Error()
	}
	w(uint64(len(msg)))
	b.WriteString(msg)
	w(uint64(len(res.Mesh.Vertices)))
	w(uint64(len(res.Mesh.Triangles)))
	for _, v := range res.Mesh.Vertices {
		w(math.Float64bits(v.X))
		w(math.Float64bits(v.Y))
		w(math.Float64bits(v.Z))
	}
	for _, t := range res.Mesh.Triangles {
		binary.Write(&b, binary.LittleEndian, t)
	}
	sum := sha256.Sum256(b.Bytes())
	b.Write(sum[:])
	return b.Bytes()
}

var errBadEntry = errors.New("solid: bad mesh cache entry")

func decodeEntry(data []byte) (*Result, error) {
	if len(data) < len(entryMagic)+sha256.Size || !bytes.HasPrefix(data, []byte(entryMagic)) {
		return nil, errBadEntry
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return nil, errBadEntry
	}
	r := body[len(entryMagic):]
	u := func() uint64 {
		if len(r) < 8 {
			r = nil
			return 0
		}
		x := binary.LittleEndian.Uint64(r)
		r = r[8:]
		return x
	}
	res := &Result{Cell: math.Float64frombits(u())}
	for i := range res.Cells {
		res.Cells[i] = int(u())
	}
	res.Pruned = u() == 1
	res.Marched = int(u())
	n := u()
	if n > uint64(len(r)) {
		return nil, errBadEntry
	}
	if n > 0 {
		res.PrunedErr = errors.New(string(r[:n]))
	}
	r = r[n:]
	nv, nt := u(), u()
	if nv > uint64(len(r))/24 || nt > uint64(len(r))/12 || nv*24+nt*12 != uint64(len(r)) {
		return nil, errBadEntry
	}
	m := &mesh.Mesh{Vertices: make([]mesh.Vec3, nv), Triangles: make([][3]int32, nt)}
	for i := range m.Vertices {
		m.Vertices[i] = mesh.Vec3{X: math.Float64frombits(u()), Y: math.Float64frombits(u()), Z: math.Float64frombits(u())}
	}
	for i := range m.Triangles {
		for k := 0; k < 3; k++ {
			idx := binary.LittleEndian.Uint32(r)
			if uint64(idx) >= nv {
				return nil, errBadEntry
			}
			m.Triangles[i][k] = int32(idx)
			r = r[4:]
		}
	}
	res.Mesh = m
	return res, nil
}
