package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// send is ts.do with headers of the caller's.
func (ts *testServer) send(method, path, body string, hdr map[string]string) (int, apiError, http.Header) {
	ts.t.Helper()
	req, err := http.NewRequest(method, ts.url+path, strings.NewReader(body))
	if err != nil {
		ts.t.Fatal(err)
	}
	for k, v := range hdr {
		if k == "Host" {
			req.Host = v
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer resp.Body.Close()
	var e struct{ Error apiError }
	json.NewDecoder(resp.Body).Decode(&e)
	return resp.StatusCode, e.Error, resp.Header
}

// TestCSRF: a page on another site can send a text/plain or form POST
// without a preflight; both are refused before any work, as is a JSON POST
// that carries a foreign Origin.
func TestCSRF(t *testing.T) {
	ts := newTestServer(t, Config{Addr: "127.0.0.1:8080"})
	body := `{"design": "bench"}`
	for _, c := range []struct {
		name  string
		hdr   map[string]string
		code  int
		field string
	}{
		{"text/plain from evil.example", map[string]string{"Origin": "https://evil.example", "Content-Type": "text/plain"}, 403, "Origin"},
		{"form from evil.example", map[string]string{"Origin": "https://evil.example", "Content-Type": "application/x-www-form-urlencoded"}, 403, "Origin"},
		{"JSON from evil.example", map[string]string{"Origin": "https://evil.example", "Content-Type": "application/json"}, 403, "Origin"},
		{"cross-site fetch", map[string]string{"Sec-Fetch-Site": "cross-site", "Content-Type": "application/json"}, 403, "Origin"},
		{"null origin", map[string]string{"Origin": "null", "Content-Type": "application/json"}, 403, "Origin"},
		{"text/plain, no Origin", map[string]string{"Content-Type": "text/plain"}, 415, "Content-Type"},
		{"no Content-Type", map[string]string{}, 415, "Content-Type"},
		{"DNS rebinding", map[string]string{"Host": "evil.example:8080", "Content-Type": "application/json"}, 421, "Host"},
	} {
		code, e, _ := ts.send("POST", "/api/builds", body, c.hdr)
		if code != c.code || e.Field != c.field {
			t.Errorf("%s: %d %+v, want %d naming %s", c.name, code, e, c.code, c.field)
		}
	}
	if code, e, _ := ts.send("POST", "/api/shops", "name: x\n", map[string]string{"Origin": "https://evil.example", "Content-Type": "text/plain"}); code != 403 {
		t.Errorf("shop post from evil.example: %d %+v", code, e)
	}
	if code, e, _ := ts.send("GET", "/api/shops", "", map[string]string{"Host": "rebind.evil.example"}); code != 421 || e.Field != "Host" {
		t.Errorf("GET under a rebound name: %d %+v", code, e)
	}
	if ts.metrics.misses.Load() != 0 {
		t.Errorf("%d builds started by refused requests", ts.metrics.misses.Load())
	}
	// Same-origin requests and loopback names pass.
	for _, hdr := range []map[string]string{
		{"Content-Type": "application/json"},
		{"Content-Type": "application/json; charset=utf-8", "Origin": ts.url},
		{"Content-Type": "application/json", "Host": "localhost:8080", "Origin": "http://localhost:8080"},
	} {
		if code, e, _ := ts.send("POST", "/api/builds", body, hdr); code != 202 && code != 200 {
			t.Errorf("same-origin %v: %d %+v", hdr, code, e)
		}
	}
	// Behind a reverse proxy: its origin is configured.
	px := newTestServer(t, Config{Addr: "127.0.0.1:8080", AllowedOrigins: []string{"https://fab.example.org"}})
	if code, e, _ := px.send("POST", "/api/builds", body, map[string]string{"Host": "fab.example.org", "Origin": "https://fab.example.org", "Content-Type": "application/json"}); code != 202 && code != 200 {
		t.Errorf("through the proxy: %d %+v", code, e)
	}
	if code, _, _ := px.send("POST", "/api/builds", body, map[string]string{"Host": "fab.example.org", "Origin": "http://fab.example.org.evil.example", "Content-Type": "application/json"}); code != 403 {
		t.Errorf("look-alike origin through the proxy: %d", code)
	}
	if _, err := New(Config{CacheDir: t.TempDir(), Designs: testDesigns, AllowedOrigins: []string{"fab.example.org"}}); err == nil {
		t.Error("an origin without a scheme was accepted")
	}
}

// TestSecurityHeaders: every response, whatever its handler, says nosniff,
// no referrer and no framing.
func TestSecurityHeaders(t *testing.T) {
	ts := newTestServer(t, Config{})
	st := ts.build(`{"design": "bench", "formats": ["stl"]}`)
	for _, p := range []string{"/", "/web/app.js", "/web/style.css", "/api/openapi.json", "/metrics", "/healthz", "/api/designs",
		"/api/nothing", "/api/builds/" + st.ID, "/api/builds/" + st.ID + "/files/manifest.json", "/api/builds/" + st.ID + "/bundle.zip"} {
		code, _, hdr := ts.do("GET", p, "")
		if code >= 500 {
			t.Errorf("%s: %d", p, code)
		}
		if hdr.Get("X-Content-Type-Options") != "nosniff" || hdr.Get("Referrer-Policy") != "no-referrer" ||
			!strings.Contains(hdr.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("%s: headers %v", p, hdr)
		}
	}
	_, _, hdr := ts.do("GET", "/", "")
	if csp := hdr.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("the page's own CSP was lost: %s", csp)
	}
}

// allocated runs f and returns the bytes allocated meanwhile (by the whole
// process: an upper bound of what f's requests cost).
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestQuadraticShopPost: the 253 KB shop of 10,000 identical
// lengths (8.6 GB before) is refused at once, naming the field, within
// 256 MiB, posted or inline.
func TestQuadraticShopPost(t *testing.T) {
	ts := newTestServer(t, Config{})
	var b strings.Builder
	b.WriteString("name: x\nunits: metric\ncurrency: USD\nmaterials: {a36: {density: 7850kg/m3}}\nprofiles:\n  - {id: f, shape: flat, material: a36, width: 50mm, wall: 5mm, lengths: [")
	for i := range 10_000 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("6000mm")
	}
	b.WriteString("]}\n")
	doc := b.String()
	var code int
	var e apiError
	grown := allocated(func() {
		code, e, _ = ts.send("POST", "/api/shops", doc, map[string]string{"Content-Type": "application/yaml"})
	})
	if code != 400 || e.Field != "shop.profiles[0].lengths" || !strings.Contains(e.Message, "10000 entries; at most 100") {
		t.Errorf("POST /api/shops: %d %+v", code, e)
	}
	inline, _ := json.Marshal(map[string]any{"design": "bench", "shop": doc})
	grown += allocated(func() {
		code, e, _ = ts.send("POST", "/api/builds", string(inline), map[string]string{"Content-Type": "application/json"})
	})
	if code != 400 || e.Field != "shop.profiles[0].lengths" {
		t.Errorf("inline shop: %d %+v", code, e)
	}
	if grown > 256<<20 {
		t.Errorf("two hostile shops allocated %d MiB, want under 256 MiB", grown>>20)
	}
}

// TestPostedShopsPrivateCountedEvicted: a posted shop is listed only to the
// client that posted it, from the index (never re-parsed), counts in the
// cache size and is evicted with it.
func TestPostedShopsPrivateCountedEvicted(t *testing.T) {
	ts := newTestServer(t, Config{CacheBytes: 64 << 10})
	doc, err := os.ReadFile("../shop/shops/metric.yaml")
	if err != nil {
		t.Fatal(err)
	}
	jar := func(cookie string) map[string]string {
		h := map[string]string{"Content-Type": "application/yaml"}
		if cookie != "" {
			h["Cookie"] = cookie
		}
		return h
	}
	code, _, hdr := ts.send("POST", "/api/shops", string(doc), jar(""))
	cookie := strings.Split(hdr.Get("Set-Cookie"), ";")[0]
	if code != 201 || !strings.HasPrefix(cookie, clientCookie+"=") || !strings.Contains(hdr.Get("Set-Cookie"), "HttpOnly") {
		t.Fatalf("POST /api/shops: %d, Set-Cookie %q", code, hdr.Get("Set-Cookie"))
	}
	list := func(cookie string) string {
		req, _ := http.NewRequest("GET", ts.url+"/api/shops", nil)
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out []ShopInfo
		json.NewDecoder(resp.Body).Decode(&out)
		var ids []string
		for _, s := range out {
			if !s.Builtin {
				ids = append(ids, s.Name)
			}
		}
		return strings.Join(ids, ",")
	}
	if got := list(cookie); got != "Metric shop (EU)" && !strings.Contains(got, "etric") {
		t.Errorf("the poster sees %q", got)
	}
	if got := list(""); got != "" {
		t.Errorf("another client sees %q", got)
	}
	if got := list(clientCookie + "=" + strings.Repeat("0", 32)); got != "" {
		t.Errorf("another cookie sees %q", got)
	}
	// Listing reads the index: a damaged document does not slow or change it.
	ts.cache.mu.Lock()
	var id string
	for k := range ts.cache.shops {
		id = k
	}
	counted := ts.cache.bytes
	ts.cache.mu.Unlock()
	if counted < int64(len(doc)) {
		t.Errorf("cache counts %d bytes with a %d-byte shop in it", counted, len(doc))
	}
	os.WriteFile(ts.cache.shopDoc(id), []byte("{{{"), 0o644)
	if got := list(cookie); got == "" {
		t.Error("listing re-parsed the stored document")
	}
	// 40 distinct shops through a 64 KiB cache: the oldest go.
	for i := range 40 {
		d := strings.Replace(string(doc), "name:", fmt.Sprintf("# %d\nname:", i), 1)
		if code, e, _ := ts.send("POST", "/api/shops", d, jar(cookie)); code != 201 {
			t.Fatalf("post %d: %d %+v", i, code, e)
		}
	}
	ts.cache.mu.Lock()
	n, total := len(ts.cache.shops), ts.cache.bytes
	ts.cache.mu.Unlock()
	files, _ := os.ReadDir(ts.cache.shopDir())
	if total > 64<<10 || n >= 40 || len(files) != 2*n {
		t.Errorf("after 40 posts: %d shops, %d bytes counted, %d files on disk", n, total, len(files))
	}
	// Restart: the index comes back, owners and all, without parsing.
	s2, err := New(Config{CacheDir: ts.cfg.CacheDir, Designs: testDesigns, CacheBytes: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(s2.cache.shopsOf(strings.TrimPrefix(cookie, clientCookie+"="))); got != n {
		t.Errorf("after a restart the client has %d shops, want %d", got, n)
	}
}

// TestTruncatedCacheNotServed: a cached file truncated by a power cut is
// never served as 200 with 0 bytes: at start the build is dropped (and
// built again on request); after start, the file gets a 500 naming the
// damage, and the build is dropped. Leftover temp files go at start.
func TestTruncatedCacheNotServed(t *testing.T) {
	dir := t.TempDir()
	ts := newTestServer(t, Config{CacheDir: dir})
	st := ts.build(`{"design": "bench", "formats": ["stl"]}`)
	stl := ""
	for _, f := range st.Files {
		if strings.HasSuffix(f.Path, ".stl") {
			stl = f.Path
		}
	}
	// After start.
	os.Truncate(filepath.Join(ts.cache.buildDir(st.ID), stl), 0)
	code, data, _ := ts.do("GET", "/api/builds/"+st.ID+"/files/"+stl, "")
	if e := errorBody(t, data); code != 500 || !strings.Contains(e.Message, "damaged") {
		t.Errorf("truncated file: %d %+v", code, e)
	}
	if code, _, _ := ts.do("GET", "/api/builds/"+st.ID+"/bundle.zip", ""); code == 200 {
		t.Error("bundle of a damaged build served")
	}
	again := ts.build(`{"design": "bench", "formats": ["stl"]}`)
	if again.Status != StatusDone || again.ID != st.ID {
		t.Fatalf("rebuild: %+v", again.Status)
	}
	// At start: truncated, changed, and a temp bundle left by a crash.
	os.Truncate(filepath.Join(ts.cache.buildDir(st.ID), stl), 0)
	os.WriteFile(filepath.Join(dir, "bundles", ".tmp-123"), make([]byte, 1000), 0o644)
	os.WriteFile(filepath.Join(dir, "shops", ".tmp-9"), []byte("x"), 0o644)
	s2, err := New(Config{CacheDir: dir, Designs: testDesigns})
	if err != nil {
		t.Fatal(err)
	}
	if s2.cache.get(st.ID) != nil {
		t.Error("a build with a truncated file was loaded")
	}
	for _, p := range []string{filepath.Join(dir, "bundles", ".tmp-123"), filepath.Join(dir, "shops", ".tmp-9"), ts.cache.buildDir(st.ID)} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s survived the restart", p)
		}
	}
	// Same size, other bytes: the hash catches it.
	third := ts.build(`{"design": "bench", "formats": ["stl"], "params": {"plate_count": 2}}`)
	p := filepath.Join(ts.cache.buildDir(third.ID), stl)
	m, err := os.ReadFile(p)
	if err != nil || len(m) == 0 {
		t.Fatal(err)
	}
	m[len(m)/2] ^= 1
	os.WriteFile(p, m, 0o644)
	s3, err := New(Config{CacheDir: dir, Designs: testDesigns})
	if err != nil {
		t.Fatal(err)
	}
	if s3.cache.get(third.ID) != nil {
		t.Error("a build with a changed file was loaded")
	}
}

// TestSlowloris: 2,000 connections that send their headers one byte at a
// time (loopback only, stopped by the test) cannot lock other clients out:
// /healthz answers throughout, and the open connections stay under the cap.
func TestSlowloris(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	s, err := New(Config{CacheDir: t.TempDir(), Designs: testDesigns, Addr: "127.0.0.1:0", MaxConns: 500, ReadHeaderTimeout: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.ServeListener(ctx, ln) }()
	defer func() { cancel(); <-served }()
	addr := ln.Addr().String()

	attack, stop := context.WithTimeout(context.Background(), 6*time.Second) // the attack stops by itself
	defer stop()
	var wg sync.WaitGroup
	var opened atomic.Int64
	for i := range 2000 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := net.DialTimeout("tcp", addr, 2*time.Second)
			if err != nil {
				return
			}
			opened.Add(1)
			defer c.Close()
			req := fmt.Sprintf("GET /healthz?%d HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: %s", i, strings.Repeat("a", 100))
			for k := 0; k < len(req); k++ {
				c.SetWriteDeadline(time.Now().Add(time.Second))
				if _, err := c.Write([]byte{req[k]}); err != nil {
					return // shed by the server
				}
				select {
				case <-attack.Done():
					return
				case <-time.After(500 * time.Millisecond):
				}
			}
		}()
	}
	client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	ok, failed, maxOpen := 0, 0, 0
	var base, ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&base)
	var peak uint64
	time.Sleep(500 * time.Millisecond) // let the attack build up
	for attack.Err() == nil {
		resp, err := client.Get("http://" + addr + "/healthz")
		if err == nil && resp.StatusCode == 200 {
			ok++
		} else {
			failed++
			t.Logf("healthz: %v", err)
		}
		if resp != nil {
			resp.Body.Close()
		}
		if n, _ := s.conns.open(); n > maxOpen {
			maxOpen = n
		}
		if runtime.ReadMemStats(&ms); ms.HeapInuse > peak {
			peak = ms.HeapInuse
		}
		time.Sleep(100 * time.Millisecond)
	}
	wg.Wait()
	_, shed := s.conns.open()
	t.Logf("%d slow connections opened, %d shed, at most %d open; /healthz: %d ok, %d failed; heap +%d MiB", opened.Load(), shed, maxOpen, ok, failed, (peak-min(peak, base.HeapInuse))>>20)
	if failed > 0 || ok < 20 {
		t.Errorf("/healthz failed %d times (%d ok) during the attack", failed, ok)
	}
	if peak > base.HeapInuse+256<<20 {
		t.Errorf("heap grew by %d MiB during the attack, want under 256 MiB", (peak-base.HeapInuse)>>20)
	}
	if maxOpen > 501 {
		t.Errorf("%d connections open, cap 500", maxOpen)
	}
	if opened.Load() < 1000 {
		t.Errorf("only %d slow connections opened: the attack did not happen", opened.Load())
	}
}

// TestWriteTimeout: a client that never reads a download is dropped after
// the write timeout instead of holding its connection; one that reads
// slowly but steadily gets the whole file, taking longer than the timeout.
func TestWriteTimeout(t *testing.T) {
	dir := t.TempDir()
	ts := newTestServer(t, Config{CacheDir: dir})
	st := ts.build(`{"design": "bench", "formats": ["stl"]}`)
	// Make one file of the cached build 32 MiB, manifest and all, so that
	// the socket buffers cannot swallow it.
	var target string
	for _, f := range st.Files {
		if strings.HasSuffix(f.Path, ".stl") {
			target = f.Path
		}
	}
	big := make([]byte, 32<<20)
	for i := range big {
		big[i] = byte(i * 7)
	}
	bdir := ts.cache.buildDir(st.ID)
	os.WriteFile(filepath.Join(bdir, target), big, 0o644)
	raw, _ := os.ReadFile(filepath.Join(bdir, "manifest.json"))
	var m map[string]any
	json.Unmarshal(raw, &m)
	sum := sha256.Sum256(big)
	for _, f := range m["files"].([]any) {
		if e := f.(map[string]any); e["path"] == target {
			e["bytes"], e["sha256"] = len(big), hex.EncodeToString(sum[:])
		}
	}
	raw, _ = json.MarshalIndent(m, "", "  ")
	os.WriteFile(filepath.Join(bdir, "manifest.json"), raw, 0o644)

	s, err := New(Config{CacheDir: dir, Designs: testDesigns, Addr: "127.0.0.1:0", WriteTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if s.cache.get(st.ID) == nil {
		t.Fatal("the edited build did not load")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.ServeListener(ctx, ln) }()
	defer func() { cancel(); <-served }()
	get := "GET /api/builds/" + st.ID + "/files/" + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

	// A client that never reads.
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte(get))
	deadline := time.Now().Add(20 * time.Second)
	for {
		time.Sleep(200 * time.Millisecond)
		if n, _ := s.conns.open(); n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a client that never reads still holds its connection after 20 s (write timeout 1 s)")
		}
	}

	// A client that reads 32 MiB in about 3 s, in small steady steps.
	c2, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	c2.Write([]byte(get))
	start := time.Now()
	buf := make([]byte, 256<<10)
	total := 0
	for {
		n, err := c2.Read(buf)
		total += n
		if err != nil || total >= len(big) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if took := time.Since(start); total < len(big) || took < time.Second {
		t.Errorf("slow reader got %d of %d bytes in %s", total, len(big), took)
	}
}

// TestLongValuesExcerpted: a 500 KB design, preset, shop or format name in
// a body under the cap comes back as a short escaped excerpt, not whole.
func TestLongValuesExcerpted(t *testing.T) {
	ts := newTestServer(t, Config{})
	long := "\x1b[2J" + strings.Repeat("x", 500<<10)
	for _, field := range []string{"design", "preset", "shop", "formats"} {
		body := map[string]any{"design": "bench"}
		if field == "formats" {
			body[field] = []string{long}
		} else {
			body[field] = long
		}
		data, _ := json.Marshal(body)
		code, e, _ := ts.send("POST", "/api/builds", string(data), map[string]string{"Content-Type": "application/json"})
		if code != 400 || len(e.Message) > 400 || !strings.Contains(e.Message, `\x1b[2J`) || !strings.Contains(e.Message, "(512004 bytes)") {
			t.Errorf("%s: %d field %s message %.200q (%d bytes)", field, code, e.Field, e.Message, len(e.Message))
		}
	}
}
