package service

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fabkit/fabkit/shop"
)

// Posted shops live in the cache beside the builds: CacheDir/shops/ID.shop
// is the document as posted (ID its SHA-256), ID.json its index entry (the
// ShopInfo and the clients that posted it). They count in the cache size
// and are evicted with the builds, least recently used first. The index is
// read at start, so listing shops never parses one.

// shopEntry is one posted shop.
type shopEntry struct {
	id      string
	info    ShopInfo
	owners  []string // client ids that posted it
	bytes   int64    // document plus index entry
	lastUse time.Time
}

// shopIndex is the on-disk form of a shopEntry.
type shopIndex struct {
	Info   ShopInfo `json:"info"`
	Owners []string `json:"owners"`
}

func (c *cache) shopDir() string              { return filepath.Join(c.dir, "shops") }
func (c *cache) shopDoc(id string) string     { return filepath.Join(c.shopDir(), id+".shop") }
func (c *cache) shopIndexOf(id string) string { return filepath.Join(c.shopDir(), id+".json") }

// loadShops reads the shop index entries; c.mu need not be held (start).
// Leftovers of a crash (temp files, a document without its entry) are
// removed.
func (c *cache) loadShops() error {
	if err := ensureDir(c.shopDir()); err != nil {
		return err
	}
	list, err := os.ReadDir(c.shopDir())
	if err != nil {
		return fmt.Errorf("service: cache folder: %w", err)
	}
	for _, de := range list {
		name := de.Name()
		full := filepath.Join(c.shopDir(), name)
		id, isDoc := strings.CutSuffix(name, ".shop")
		switch {
		case strings.HasPrefix(name, "."):
			os.RemoveAll(full)
		case isDoc && idPattern.MatchString(id):
			e, err := c.loadShop(id)
			if err != nil {
				c.log.Warn("dropping unreadable posted shop", "id", id, "err", err)
				os.Remove(full)
				os.Remove(c.shopIndexOf(id))
				continue
			}
			c.shops[id] = e
			c.bytes += e.bytes
		}
	}
	for _, de := range list { // index entries whose document is gone
		if id, ok := strings.CutSuffix(de.Name(), ".json"); ok && c.shops[id] == nil {
			os.Remove(filepath.Join(c.shopDir(), de.Name()))
		}
	}
	return nil
}

// loadShop reads one index entry and checks it against its document.
func (c *cache) loadShop(id string) (*shopEntry, error) {
	doc, err := os.Stat(c.shopDoc(id))
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(c.shopIndexOf(id))
	if err != nil {
		return nil, err
	}
	var ix shopIndex
	if err := json.Unmarshal(data, &ix); err != nil || ix.Info.ID != "sha256:"+id {
		return nil, fmt.Errorf("index entry: %v", err)
	}
	return &shopEntry{id: id, info: ix.Info, owners: ix.Owners, bytes: doc.Size() + int64(len(data)), lastUse: doc.ModTime()}, nil
}

// putShop stores a parsed document for client and returns its entry; a
// document already stored gains the client as an owner.
func (c *cache) putShop(data []byte, sh *shop.Shop, client string) (*shopEntry, error) {
	sum := sha256.Sum256(data)
	id := hex.EncodeToString(sum[:])
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.shops[id]
	if e == nil {
		if err := writeFileSync(c.shopDir(), c.shopDoc(id), data); err != nil {
			return nil, err
		}
		e = &shopEntry{id: id, info: shopInfo("sha256:"+id, sh, false), bytes: int64(len(data))}
		c.shops[id] = e
	} else {
		c.bytes -= e.bytes
		e.bytes -= indexSize(e)
	}
	if !slices.Contains(e.owners, client) {
		e.owners = append(e.owners, client)
		if len(e.owners) > maxShopOwners {
			e.owners = e.owners[len(e.owners)-maxShopOwners:]
		}
	}
	ix, _ := json.Marshal(shopIndex{Info: e.info, Owners: e.owners})
	if err := writeFileSync(c.shopDir(), c.shopIndexOf(id), ix); err != nil {
		return nil, err
	}
	e.bytes += int64(len(ix))
	e.lastUse = time.Now()
	c.bytes += e.bytes
	c.evict("")
	if c.shops[id] == nil { // the shop alone is over the cap
		return nil, fmt.Errorf("the shop does not fit the cache (--cache-size)")
	}
	return e, nil
}

// maxShopOwners bounds the clients remembered per shop document.
const maxShopOwners = 64

func indexSize(e *shopEntry) int64 {
	ix, _ := json.Marshal(shopIndex{Info: e.info, Owners: e.owners})
	return int64(len(ix))
}

// getShop returns a posted document by id and marks it used.
func (c *cache) getShop(id string) ([]byte, error) {
	c.mu.Lock()
	e := c.shops[id]
	if e != nil {
		e.lastUse = time.Now()
	}
	c.mu.Unlock()
	if e == nil {
		return nil, os.ErrNotExist
	}
	now := time.Now()
	os.Chtimes(c.shopDoc(id), now, now) // the LRU order survives a restart
	return os.ReadFile(c.shopDoc(id))
}

// shopsOf lists the shops client posted, by id.
func (c *cache) shopsOf(client string) []ShopInfo {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []ShopInfo
	if client == "" {
		return out
	}
	for _, e := range c.shops {
		if slices.Contains(e.owners, client) {
			out = append(out, e.info)
		}
	}
	slices.SortFunc(out, func(a, b ShopInfo) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// removeShop deletes a posted shop; c.mu is held.
func (c *cache) removeShop(e *shopEntry) {
	delete(c.shops, e.id)
	c.bytes -= e.bytes
	os.Remove(c.shopDoc(e.id))
	os.Remove(c.shopIndexOf(e.id))
}

// writeFileSync writes a file through a temp file in dir, fsyncs it,
// renames it into place and fsyncs dir, so a crash leaves the old file, the
// new one or a temp file removed at the next start, never a short file.
func writeFileSync(dir, path string, data []byte) error {
	tmp, err := os.CreateTemp(dir, ".tmp-")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	serr := tmp.Sync()
	cerr := tmp.Close()
	for _, err := range []error{werr, serr, cerr} {
		if err != nil {
			os.Remove(tmp.Name())
			return err
		}
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return syncDir(dir)
}

// syncDir fsyncs a folder, making the renames in it durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// clientCookie names the browser or script that posted a shop: shops are
// listed only to the client that posted them.
const clientCookie = "fabkit_client"

// clientID returns the request's client id, or "" when it has none.
func clientID(r *http.Request) string {
	if c, err := r.Cookie(clientCookie); err == nil && len(c.Value) == 32 && isHex(c.Value) {
		return c.Value
	}
	return ""
}

// ensureClient returns the request's client id, setting a new one in a
// cookie when it has none.
func ensureClient(w http.ResponseWriter, r *http.Request) string {
	if id := clientID(r); id != "" {
		return id
	}
	var b [16]byte
	rand.Read(b[:])
	id := hex.EncodeToString(b[:])
	http.SetCookie(w, &http.Cookie{Name: clientCookie, Value: id, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteStrictMode})
	return id
}

func isHex(s string) bool {
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}
