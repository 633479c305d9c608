package service

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fabkit/fabkit/manifest"
	"github.com/fabkit/fabkit/pipeline"
)

// cache is the on-disk store of finished builds: CacheDir/builds/ID is the
// output folder written by pipeline.WriteDir, CacheDir/bundles/ID.zip its
// bundle once asked for. The index lives in memory and is rebuilt from the
// folders at start; last use is kept as the folder's modification time, so
// the LRU order survives a restart.
type cache struct {
	dir     string // CacheDir
	limit   int64
	metrics *metrics
	log     *slog.Logger

	mu      sync.Mutex
	entries map[string]*entry
	shops   map[string]*shopEntry // posted shops, by id (shops.go)
	bytes   int64                 // builds, bundles and shops
}

// entry is one cached build.
type entry struct {
	id       string
	files    []fileInfo
	byPath   map[string]int
	bytes    int64 // folder plus bundle
	bundle   int64 // bundle size, 0 until written
	lastUse  time.Time
	created  time.Time
	manifest []byte
}

// fileInfo is one file of a build, as listed by the API.
type fileInfo struct {
	Path  string `json:"path"`
	Kind  string `json:"kind"`
	Bytes int64  `json:"bytes"`
	URL   string `json:"url"`
}

func openCache(dir string, limit int64, m *metrics, log *slog.Logger) (*cache, error) {
	c := &cache{dir: dir, limit: limit, metrics: m, log: log, entries: map[string]*entry{}, shops: map[string]*shopEntry{}}
	for _, sub := range []string{"builds", "bundles"} {
		if err := ensureDir(filepath.Join(dir, sub)); err != nil {
			return nil, err
		}
	}
	// A bundle's temp file left by a crash is removed, not kept uncounted.
	bundles, err := os.ReadDir(filepath.Join(dir, "bundles"))
	if err != nil {
		return nil, fmt.Errorf("service: cache folder: %w", err)
	}
	for _, de := range bundles {
		if name := de.Name(); strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".zip") {
			os.RemoveAll(filepath.Join(dir, "bundles", name))
		}
	}
	if err := c.loadShops(); err != nil {
		return nil, err
	}
	list, err := os.ReadDir(filepath.Join(dir, "builds"))
	if err != nil {
		return nil, fmt.Errorf("service: cache folder: %w", err)
	}
	for _, de := range list {
		name := de.Name()
		full := filepath.Join(dir, "builds", name)
		if strings.HasPrefix(name, ".") { // a write interrupted by a crash
			os.RemoveAll(full)
			continue
		}
		if !de.IsDir() || !idPattern.MatchString(name) {
			continue
		}
		e, err := c.load(name)
		if err != nil {
			log.Warn("dropping damaged cached build (it is rebuilt when asked for again)", "id", name, "err", err)
			os.RemoveAll(full)
			os.Remove(c.bundlePath(name))
			continue
		}
		c.entries[name] = e
		c.bytes += e.bytes
	}
	c.metrics.cacheBytes.Store(c.bytes)
	c.metrics.cacheEntries.Store(int64(len(c.entries)))
	for _, de := range bundles { // bundles of builds that are gone
		if id, ok := strings.CutSuffix(de.Name(), ".zip"); ok && c.entries[id] == nil {
			os.Remove(filepath.Join(dir, "bundles", de.Name()))
		}
	}
	log.Info("cache loaded", "builds", len(c.entries), "shops", len(c.shops), "bytes", c.bytes)
	c.mu.Lock()
	c.evict("")
	c.mu.Unlock()
	return c, nil
}

func (c *cache) buildDir(id string) string { return filepath.Join(c.dir, "builds", id) }
func (c *cache) bundlePath(id string) string {
	return filepath.Join(c.dir, "bundles", id+".zip")
}

// load reads a cached build's index from its folder and verifies every
// file against the manifest's size and SHA-256: a file truncated or changed
// by a crash or a power cut makes the whole build unreadable (it is then
// dropped and built again on request), never served.
func (c *cache) load(id string) (*entry, error) {
	dir := c.buildDir(id)
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, err
	}
	m, err := manifest.Decode(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("manifest.json: %w", err)
	}
	e := &entry{id: id, manifest: raw}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	for _, f := range m.Files {
		if err := verifyFile(root, f.Path, int64(f.Bytes), f.SHA256); err != nil {
			return nil, err
		}
		e.addFile(f.Path, f.Kind, int64(f.Bytes))
	}
	e.addFile("manifest.json", "json", int64(len(raw)))
	e.index()
	if info, err := os.Stat(dir); err == nil {
		e.lastUse, e.created = info.ModTime(), info.ModTime()
	}
	if info, err := os.Stat(c.bundlePath(id)); err == nil {
		e.bundle = info.Size()
		e.bytes += e.bundle
	}
	return e, nil
}

// verifyFile checks one file of a build folder against its manifest entry.
func verifyFile(root *os.Root, path string, size int64, sum string) error {
	f, err := root.Open(filepath.FromSlash(path))
	if err != nil {
		return fmt.Errorf("%s: missing", path)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return fmt.Errorf("%s: not a file", path)
	}
	if info.Size() != size {
		return fmt.Errorf("%s: %d bytes, the manifest says %d", path, info.Size(), size)
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sum {
		return fmt.Errorf("%s: sha256 %s, the manifest says %s", path, got[:12], clip(sum))
	}
	return nil
}

func (e *entry) addFile(path, kind string, size int64) {
	e.files = append(e.files, fileInfo{Path: path, Kind: kind, Bytes: size, URL: "/api/builds/" + e.id + "/files/" + path})
	e.bytes += size
}

func (e *entry) index() {
	sort.Slice(e.files, func(i, j int) bool { return e.files[i].Path < e.files[j].Path })
	e.byPath = map[string]int{}
	for i, f := range e.files {
		e.byPath[f.Path] = i
	}
}

// get returns a cached build and marks it used.
func (c *cache) get(id string) *entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[id]
	if e != nil {
		now := time.Now()
		if now.Sub(e.lastUse) > time.Second { // persist the LRU order cheaply
			os.Chtimes(c.buildDir(id), now, now)
		}
		e.lastUse = now
	}
	return e
}

// put writes a finished build into the cache and evicts the least recently
// used others until the cache fits its limit again.
func (c *cache) put(id string, files []pipeline.File) (*entry, error) {
	if err := pipeline.WriteDir(c.buildDir(id), files); err != nil {
		return nil, err
	}
	e := &entry{id: id, lastUse: time.Now(), created: time.Now()}
	for _, f := range files {
		e.addFile(f.Path, f.Kind, int64(len(f.Data)))
		if f.Path == "manifest.json" {
			e.manifest = f.Data
		}
	}
	e.index()
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.entries[id]; old != nil {
		c.bytes -= old.bytes
	}
	c.entries[id] = e
	c.bytes += e.bytes
	c.evict(id)
	return e, nil
}

// evict removes least recently used builds until the cache fits, never the
// one named keep (a build larger than the whole cache stays until the next).
// c.mu is held.
func (c *cache) evict(keep string) {
	if c.bytes > c.limit {
		type item struct {
			lastUse time.Time
			build   *entry
			shop    *shopEntry
		}
		list := make([]item, 0, len(c.entries)+len(c.shops))
		for _, e := range c.entries {
			list = append(list, item{lastUse: e.lastUse, build: e})
		}
		for _, e := range c.shops {
			list = append(list, item{lastUse: e.lastUse, shop: e})
		}
		sort.Slice(list, func(i, j int) bool { return list[i].lastUse.Before(list[j].lastUse) })
		for _, it := range list {
			if c.bytes <= c.limit {
				break
			}
			if e := it.shop; e != nil {
				c.removeShop(e)
				c.metrics.evictions.Add(1)
				c.log.Info("cache evicted a posted shop", "id", e.id, "bytes", e.bytes)
				continue
			}
			e := it.build
			if e.id == keep {
				continue
			}
			c.drop(e)
			c.metrics.evictions.Add(1)
			c.log.Info("cache evicted", "id", e.id, "bytes", e.bytes)
		}
	}
	c.metrics.cacheBytes.Store(c.bytes)
	c.metrics.cacheEntries.Store(int64(len(c.entries)))
}

// drop removes a build from the cache; c.mu is held.
func (c *cache) drop(e *entry) {
	if c.entries[e.id] != e {
		return
	}
	delete(c.entries, e.id)
	c.bytes -= e.bytes
	os.RemoveAll(c.buildDir(e.id))
	os.Remove(c.bundlePath(e.id))
}

// damaged drops a build whose file on disk no longer matches its index (a
// disk error or a hand edit after it was loaded), so the next request
// builds it again; the caller answers 500.
func (c *cache) damaged(e *entry, why string) {
	c.log.Error("cached build damaged; dropped", "id", e.id, "why", why)
	c.mu.Lock()
	c.drop(e)
	c.metrics.cacheBytes.Store(c.bytes)
	c.metrics.cacheEntries.Store(int64(len(c.entries)))
	c.mu.Unlock()
}

// openChecked opens file i of a cached build and checks its size against
// the index; a mismatch drops the build and is an error.
func (c *cache) openChecked(e *entry, i int) (*os.File, error) {
	f, err := c.open(e.id, e.files[i].Path)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil || info.Size() != e.files[i].Bytes {
		f.Close()
		why := e.files[i].Path + ": cannot stat"
		if err == nil {
			why = fmt.Sprintf("%s: %d bytes on disk, %d when written", e.files[i].Path, info.Size(), e.files[i].Bytes)
		}
		c.damaged(e, why)
		return nil, &damagedError{why}
	}
	return f, nil
}

// damagedError is a cached file that no longer matches its build.
type damagedError struct{ why string }

func (e *damagedError) Error() string {
	return "the cached build is damaged (" + e.why + "); it was dropped: post the build again to rebuild it"
}

// open opens a file of a cached build, confined to its folder (os.Root
// refuses "..", absolute paths and symlinks leading out).
func (c *cache) open(id, path string) (*os.File, error) {
	root, err := os.OpenRoot(c.buildDir(id))
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return root.Open(filepath.FromSlash(path))
}

// bundleEpoch is the modification time of every bundle member, so the same
// build always zips to the same bytes.
var bundleEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// bundle returns the path of the build's zip, writing it on first use.
func (c *cache) bundle(e *entry) (string, error) {
	path := c.bundlePath(e.id)
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	var buf bytes.Buffer
	if err := c.writeZip(&buf, e); err != nil {
		return "", err
	}
	if err := writeFileSync(filepath.Dir(path), path, buf.Bytes()); err != nil {
		return "", err
	}
	c.mu.Lock()
	if cur := c.entries[e.id]; cur == e && e.bundle == 0 {
		e.bundle = int64(buf.Len())
		e.bytes += e.bundle
		c.bytes += e.bundle
		c.evict(e.id)
	}
	c.mu.Unlock()
	return path, nil
}

// writeZip writes the build's files in path order under a folder named
// after the design and the id, with fixed times and permissions.
func (c *cache) writeZip(w io.Writer, e *entry) error {
	zw := zip.NewWriter(w)
	prefix := "fabkit-" + e.id[:12] + "/"
	for i, f := range e.files {
		src, err := c.openChecked(e, i)
		if err != nil {
			return err
		}
		h := &zip.FileHeader{Name: prefix + f.Path, Method: zip.Deflate, Modified: bundleEpoch}
		h.SetMode(0o644)
		dst, err := zw.CreateHeader(h)
		if err == nil {
			_, err = io.Copy(dst, src)
		}
		src.Close()
		if err != nil {
			return err
		}
	}
	return zw.Close()
}
