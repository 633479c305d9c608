package service

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

// testServer is a Server behind an httptest.Server, shut down at cleanup.
type testServer struct {
	*Server
	t   testing.TB
	url string
}

func newTestServer(t testing.TB, cfg Config) *testServer {
	t.Helper()
	if cfg.CacheDir == "" {
		cfg.CacheDir = t.TempDir()
	}
	if cfg.Designs == nil {
		cfg.Designs = testDesigns
	}
	if cfg.Workers == 0 {
		cfg.Workers = 2
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		hs.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		s.Shutdown(ctx)
	})
	return &testServer{Server: s, t: t, url: hs.URL}
}

// do sends a request and returns the status and body.
func (ts *testServer) do(method, path, body string) (int, []byte, http.Header) {
	ts.t.Helper()
	req, err := http.NewRequest(method, ts.url+path, strings.NewReader(body))
	if err != nil {
		ts.t.Fatal(err)
	}
	if body != "" || method == "POST" {
		req.Header.Set("Content-Type", "application/json")
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		ts.t.Fatal(err)
	}
	return resp.StatusCode, data, resp.Header
}

// status decodes a BuildStatus.
func decodeStatus(t testing.TB, data []byte) BuildStatus {
	t.Helper()
	var st BuildStatus
	if err := json.Unmarshal(data, &st); err != nil {
		t.Fatalf("%v: %s", err, data)
	}
	return st
}

// errorBody decodes an error response.
func errorBody(t testing.TB, data []byte) apiError {
	t.Helper()
	var body struct{ Error *apiError }
	if err := json.Unmarshal(data, &body); err != nil || body.Error == nil {
		t.Fatalf("not a JSON error: %v: %s", err, data)
	}
	return *body.Error
}

// build posts a request and waits for the build to end.
func (ts *testServer) build(body string) BuildStatus {
	ts.t.Helper()
	code, data, _ := ts.do("POST", "/api/builds", body)
	if code != http.StatusAccepted && code != http.StatusOK {
		ts.t.Fatalf("POST /api/builds: %d %s", code, data)
	}
	return ts.wait(decodeStatus(ts.t, data).ID)
}

// wait polls a build until it is done or failed.
func (ts *testServer) wait(id string) BuildStatus {
	ts.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		code, data, _ := ts.do("GET", "/api/builds/"+id, "")
		if code != http.StatusOK {
			ts.t.Fatalf("GET build: %d %s", code, data)
		}
		st := decodeStatus(ts.t, data)
		if st.Status == StatusDone || st.Status == StatusFailed {
			return st
		}
		time.Sleep(10 * time.Millisecond)
	}
	ts.t.Fatalf("build %s did not end", id)
	return BuildStatus{}
}

func TestNewNeedsCacheAndDesigns(t *testing.T) {
	if _, err := New(Config{Designs: testDesigns}); err == nil {
		t.Error("New without CacheDir: no error")
	}
	if _, err := New(Config{CacheDir: t.TempDir()}); err == nil {
		t.Error("New without Designs: no error")
	}
}

func TestDesigns(t *testing.T) {
	ts := newTestServer(t, Config{})
	code, data, _ := ts.do("GET", "/api/designs", "")
	if code != 200 {
		t.Fatalf("GET /api/designs: %d %s", code, data)
	}
	var list []DesignInfo
	if err := json.Unmarshal(data, &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Name != "bench" || list[0].Presets[0] != "long" {
		t.Errorf("designs = %+v", list)
	}

	code, data, _ = ts.do("GET", "/api/designs/bench", "")
	d := fakeDesign{"bench"}
	want, _ := json.MarshalIndent(d.Schema().JSON(d.Name(), d.Summary(), d.Version()), "", "  ")
	if code != 200 || strings.TrimSpace(string(data)) != string(want) {
		t.Errorf("GET /api/designs/bench: %d\n%s\nwant the Schema.JSON bytes\n%s", code, data, want)
	}

	code, data, _ = ts.do("GET", "/api/designs/nope", "")
	if e := errorBody(t, data); code != 404 || e.Field != "name" || !strings.Contains(e.Message, `"nope"`) {
		t.Errorf("unknown design: %d %+v", code, e)
	}
}

func TestBuildLifecycle(t *testing.T) {
	ts := newTestServer(t, Config{})
	body := `{"design": "bench", "params": {"brick_length": "12in", "plate_count": 3}}`
	code, data, hdr := ts.do("POST", "/api/builds", body)
	if code != http.StatusAccepted {
		t.Fatalf("POST: %d %s", code, data)
	}
	st := decodeStatus(t, data)
	if !idPattern.MatchString(st.ID) || (st.Status != StatusQueued && st.Status != StatusRunning) || hdr.Get("Location") != "/api/builds/"+st.ID {
		t.Fatalf("POST answered %+v, Location %q", st, hdr.Get("Location"))
	}
	done := ts.wait(st.ID)
	if done.Status != StatusDone || done.Manifest == nil || len(done.Files) == 0 || done.Bundle == "" {
		t.Fatalf("build ended %+v", done)
	}
	var m struct {
		Parameters []struct{ Name, Given, Source string }
		Parts      []struct {
			ID  string
			Qty int
		}
	}
	json.Unmarshal(done.Manifest, &m)
	if len(m.Parts) != 1 || m.Parts[0].Qty != 3 {
		t.Errorf("manifest parts = %+v", m.Parts)
	}
	for _, p := range m.Parameters {
		if p.Name == "brick_length" && (p.Given != "12in" || p.Source != "api") {
			t.Errorf("brick_length in manifest = %+v", p)
		}
	}

	// The same inputs, in another order, are the same build, served from the cache.
	code, data, _ = ts.do("POST", "/api/builds", `{"params": {"plate_count": "3", "brick_length": "12in"}, "design": "bench", "shop": "us-imperial"}`)
	again := decodeStatus(t, data)
	if code != http.StatusOK || again.ID != st.ID || again.Status != StatusDone || !again.Cached {
		t.Errorf("second POST: %d %+v, want 200 done cached with id %s", code, again, st.ID)
	}
	// Different inputs are a different build.
	_, data, _ = ts.do("POST", "/api/builds", `{"design": "bench", "params": {"brick_length": "13in"}}`)
	if other := decodeStatus(t, data); other.ID == st.ID {
		t.Error("different parameters gave the same id")
	}

	// Files.
	code, stl, hdr := ts.do("GET", "/api/builds/"+st.ID+"/files/stl/assembly.stl", "")
	if code != 200 || hdr.Get("Content-Type") != "model/stl" || len(stl) < 84 {
		t.Errorf("assembly.stl: %d %s, %d bytes", code, hdr.Get("Content-Type"), len(stl))
	}
	code, man, _ := ts.do("GET", "/api/builds/"+st.ID+"/files/manifest.json", "")
	if code != 200 || !bytes.Equal(man, done.Manifest) && !json.Valid(man) {
		t.Errorf("manifest.json: %d", code)
	}
	code, _, hdr = ts.do("GET", "/api/builds/"+st.ID+"/files/bom/summary.csv?download=1", "")
	if code != 200 || !strings.Contains(hdr.Get("Content-Disposition"), "summary.csv") {
		t.Errorf("download: %d %q", code, hdr.Get("Content-Disposition"))
	}

	// Bundle: a zip of every file, the same bytes every time.
	code, zip1, hdr := ts.do("GET", "/api/builds/"+st.ID+"/bundle.zip", "")
	if code != 200 || hdr.Get("Content-Type") != "application/zip" {
		t.Fatalf("bundle: %d %s", code, hdr.Get("Content-Type"))
	}
	zr, err := zip.NewReader(bytes.NewReader(zip1), int64(len(zip1)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != len(done.Files) {
		t.Errorf("bundle has %d files, build %d", len(zr.File), len(done.Files))
	}
	for i, f := range zr.File {
		if want := "fabkit-" + st.ID[:12] + "/" + done.Files[i].Path; f.Name != want {
			t.Errorf("bundle entry %d = %s, want %s", i, f.Name, want)
		}
	}
	os.Remove(ts.cache.bundlePath(st.ID)) // regenerate: same bytes
	_, zip2, _ := ts.do("GET", "/api/builds/"+st.ID+"/bundle.zip", "")
	if !bytes.Equal(zip1, zip2) {
		t.Error("bundle is not deterministic")
	}
}

func TestBuildRequestErrors(t *testing.T) {
	ts := newTestServer(t, Config{MaxBody: 4096})
	tests := []struct {
		name, body string
		code       int
		field, msg string
	}{
		{"bad JSON", `{"design": "bench",`, 400, "body", "not valid JSON"},
		{"not JSON", `design=bench`, 400, "body", "not valid JSON"},
		{"empty", ``, 400, "body", "empty request body"},
		{"trailing data", `{"design": "bench"} {}`, 400, "body", "after the JSON document"},
		{"duplicate key", `{"design": "bench", "design": "bench-two"}`, 400, "design", "duplicate key (first at byte 1)"},
		{"duplicate nested key", `{"design": "bench", "params": {"plate_count": 1, "plate_count": 2}}`, 400, "params.plate_count", "duplicate key"},
		{"unknown field", `{"design": "bench", "colour": "red"}`, 400, "colour", "unknown field"},
		{"wrong type", `{"design": 7}`, 400, "design", "expected string"},
		{"no design", `{}`, 400, "design", "no design given"},
		{"unknown design", `{"design": "nope"}`, 400, "design", `unknown design "nope" (designs: bench, bench-two)`},
		{"out of range", `{"design": "bench", "params": {"brick_length": "99ft"}}`, 400, "params.brick_length", "brick_length = 99ft: out of range 8in..24in"},
		{"not a length", `{"design": "bench", "params": {"brick_length": "long"}}`, 400, "params.brick_length", "brick_length = long: expected a length"},
		{"not a count", `{"design": "bench", "params": {"plate_count": 2.5}}`, 400, "params.plate_count", "expected a whole number"},
		{"not a choice", `{"design": "bench", "params": {"finish": "gold"}}`, 400, "params.finish", "finish = gold: not a choice raw|painted"},
		{"unknown param", `{"design": "bench", "params": {"brick_lenght": "10in"}}`, 400, "params.brick_lenght", `did you mean "brick_length"`},
		{"param object", `{"design": "bench", "params": {"brick_length": {"v": 1}}}`, 400, "params.brick_length", "expected a string, number or boolean"},
		{"failed check", `{"design": "bench", "params": {"brick_length": "22in", "plate_count": 4}}`, 400, "params.plate_count", "do not fit the frame"},
		{"unknown preset", `{"design": "bench", "preset": "huge"}`, 400, "preset", `unknown preset "huge"`},
		{"unknown shop", `{"design": "bench", "shop": "mars"}`, 400, "shop", `unknown shop "mars"`},
		{"unposted shop id", `{"design": "bench", "shop": "sha256:` + strings.Repeat("0", 64) + `"}`, 400, "shop", "no shop"},
		{"bad shop object", `{"design": "bench", "shop": {"units": "cubits"}}`, 400, "shop.units", "cubits"},
		{"shop number", `{"design": "bench", "shop": 5}`, 400, "shop", "expected a shop name"},
		{"unknown format", `{"design": "bench", "formats": ["stl", "obj"]}`, 400, "formats[1]", `unknown output kind "obj"`},
		{"oversized", `{"design": "bench", "preset": "` + strings.Repeat("x", 5000) + `"}`, 413, "body", "larger than 4096 bytes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, data, hdr := ts.do("POST", "/api/builds", tc.body)
			e := errorBody(t, data)
			if code != tc.code || e.Field != tc.field || !strings.Contains(e.Message, tc.msg) {
				t.Errorf("got %d %+v\nwant %d field %q message containing %q", code, e, tc.code, tc.field, tc.msg)
			}
			if !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") {
				t.Errorf("Content-Type %q", hdr.Get("Content-Type"))
			}
		})
	}
	// The exact message the issue asks for.
	_, data, _ := ts.do("POST", "/api/builds", `{"design": "bench", "params": {"brick_length": "99ft"}}`)
	want := `{"error":{"field":"params.brick_length","message":"brick_length = 99ft: out of range 8in..24in"}}`
	var compact bytes.Buffer
	json.Compact(&compact, data)
	if compact.String() != want {
		t.Errorf("error body %s, want %s", compact.String(), want)
	}
	// No bad request started any work.
	if ts.metrics.misses.Load() != 0 {
		t.Errorf("%d builds started by bad requests", ts.metrics.misses.Load())
	}
}

// TestTraversal tries to read outside a build's folder through the id and
// the file path: none may succeed, and none may leak the planted secret.
func TestTraversal(t *testing.T) {
	ts := newTestServer(t, Config{})
	st := ts.build(`{"design": "bench"}`)
	secret := "TOP-SECRET-" + fmt.Sprint(time.Now().UnixNano())
	os.WriteFile(filepath.Join(ts.cfg.CacheDir, "secret.txt"), []byte(secret), 0o644)
	os.WriteFile(filepath.Join(ts.cfg.CacheDir, "builds", "secret.txt"), []byte(secret), 0o644)
	// A symlink planted inside the build folder must not lead out either.
	os.Symlink(filepath.Join(ts.cfg.CacheDir, "secret.txt"), filepath.Join(ts.cache.buildDir(st.ID), "link.txt"))
	base := "/api/builds/" + st.ID
	tests := []struct {
		path  string
		codes []int // acceptable statuses
	}{
		{base + "/files/../secret.txt", []int{301, 307, 404}}, // the mux cleans and redirects
		{base + "/files/../../secret.txt", []int{301, 307, 404}},
		{base + "/files/%2e%2e/%2e%2e/secret.txt", []int{301, 307, 400, 404}},
		{base + "/files/..%2f..%2fsecret.txt", []int{400}},
		{base + "/files/stl%2f..%2f..%2f..%2fsecret.txt", []int{400}},
		{base + "/files/%2fetc%2fpasswd", []int{400}},
		{base + "/files//etc/passwd", []int{301, 307, 400}},
		{base + "/files/stl%5c..%5c..%5csecret.txt", []int{400}},
		{base + "/files/stl/./p1.stl", []int{301, 307, 400}},
		{base + "/files/link.txt", []int{404}},     // not a file of the build
		{base + "/files/stl/nope.stl", []int{404}}, // unknown file
		{base + "/files/manifest.json%00.png", []int{400}},
		{"/api/builds/..%2f..%2fsecret.txt/files/x", []int{400}},
		{"/api/builds/" + strings.ToUpper(st.ID) + "/files/manifest.json", []int{400}},
		{"/api/builds/" + st.ID[:63] + "/bundle.zip", []int{400}},
		{"/api/builds/secret.txt", []int{400}},
		{"/api/builds/%2e%2e", []int{301, 307, 400, 404}},
		{"/api/builds/" + strings.Repeat("a", 64) + "/files/manifest.json", []int{404}}, // well-formed, unknown
		{"/api/builds/" + strings.Repeat("a", 64) + "/bundle.zip", []int{404}},
		{"/api/builds/" + strings.Repeat("a", 64), []int{404}},
	}
	for _, tc := range tests {
		code, data, hdr := ts.do("GET", tc.path, "")
		ok := false
		for _, c := range tc.codes {
			ok = ok || c == code
		}
		if !ok {
			t.Errorf("GET %s: %d %s, want one of %v", tc.path, code, data, tc.codes)
		}
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("GET %s leaked the secret", tc.path)
		}
		if code == 301 || code == 307 { // follow one redirect by hand: still nothing
			_, data, _ = ts.do("GET", hdr.Get("Location"), "")
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("GET %s -> %s leaked the secret", tc.path, hdr.Get("Location"))
			}
		} else if code >= 400 {
			errorBody(t, data)
		}
	}
	// The link really is there, so os.Root is what stops it, not its absence.
	if _, err := os.Lstat(filepath.Join(ts.cache.buildDir(st.ID), "link.txt")); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.cache.open(st.ID, "link.txt"); err == nil {
		t.Error("cache.open followed a symlink out of the build folder")
	}
	for _, p := range []string{"", "/abs", "a/../b", "./a", "a//b", "a/", "..", "a\\b", "a\x00b", "a/./b"} {
		if cleanFilePath(p) == nil {
			t.Errorf("cleanFilePath(%q) accepted", p)
		}
	}
	for _, p := range []string{"manifest.json", "stl/assembly.stl", "a/b/c.txt"} {
		if err := cleanFilePath(p); err != nil {
			t.Errorf("cleanFilePath(%q): %v", p, err)
		}
	}
}

func TestRestartServesCachedBuild(t *testing.T) {
	dir := t.TempDir()
	ts := newTestServer(t, Config{CacheDir: dir})
	st := ts.build(`{"design": "bench", "preset": "long"}`)
	_, zip1, _ := ts.do("GET", "/api/builds/"+st.ID+"/bundle.zip", "")
	ts.Shutdown(context.Background())

	ts2 := newTestServer(t, Config{CacheDir: dir})
	code, data, _ := ts2.do("GET", "/api/builds/"+st.ID, "")
	again := decodeStatus(t, data)
	if code != 200 || again.Status != StatusDone || len(again.Files) != len(st.Files) || !bytes.Equal(again.Manifest, st.Manifest) {
		t.Fatalf("after restart: %d %+v", code, again)
	}
	code, data, _ = ts2.do("POST", "/api/builds", `{"design": "bench", "preset": "long"}`)
	if again := decodeStatus(t, data); code != 200 || again.ID != st.ID || !again.Cached {
		t.Errorf("POST after restart: %d %+v", code, again)
	}
	if ts2.metrics.misses.Load() != 0 {
		t.Error("restarted server rebuilt a cached build")
	}
	code, stl, _ := ts2.do("GET", "/api/builds/"+st.ID+"/files/stl/p1.stl", "")
	if code != 200 || len(stl) < 84 {
		t.Errorf("file after restart: %d", code)
	}
	_, zip2, _ := ts2.do("GET", "/api/builds/"+st.ID+"/bundle.zip", "")
	if !bytes.Equal(zip1, zip2) {
		t.Error("bundle changed across a restart")
	}
}

func TestRestartDropsBrokenEntries(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "builds", strings.Repeat("b", 64))
	os.MkdirAll(junk, 0o755) // no manifest
	os.MkdirAll(filepath.Join(dir, "builds", ".x.tmp-1"), 0o755)
	ts := newTestServer(t, Config{CacheDir: dir})
	if len(ts.cache.entries) != 0 {
		t.Errorf("%d entries loaded from junk", len(ts.cache.entries))
	}
	if _, err := os.Stat(junk); err == nil {
		t.Error("broken entry left on disk")
	}
}

// slow is a build request that takes ms milliseconds (distinct per ms).
func slow(ms int) string {
	return fmt.Sprintf(`{"design": "bench", "params": {"delay_ms": %d}}`, ms)
}

func TestQueueFull(t *testing.T) {
	ts := newTestServer(t, Config{Workers: 1, MaxQueue: 1})
	code1, d1, _ := ts.do("POST", "/api/builds", slow(60000))
	code2, d2, _ := ts.do("POST", "/api/builds", slow(60001))
	code3, d3, hdr := ts.do("POST", "/api/builds", slow(60002))
	if code1 != 202 || code2 != 202 {
		t.Fatalf("first two: %d %s, %d %s", code1, d1, code2, d2)
	}
	if e := errorBody(t, d3); code3 != http.StatusTooManyRequests || hdr.Get("Retry-After") == "" || !strings.Contains(e.Message, "queue is full") {
		t.Errorf("third: %d %s (Retry-After %q)", code3, d3, hdr.Get("Retry-After"))
	}
	// The same request as a queued one is not a new build: it joins it.
	if code, _, _ := ts.do("POST", "/api/builds", slow(60001)); code != 202 {
		t.Errorf("repeat of a queued build: %d", code)
	}
	// Cached builds are still served while the queue is full? Only once built;
	// a cheap request is refused too.
	if code, _, _ := ts.do("POST", "/api/builds", `{"design": "bench"}`); code != 429 {
		t.Errorf("fourth: %d", code)
	}
	_, metrics, _ := ts.do("GET", "/metrics", "")
	for _, want := range []string{"fabkit_build_queue_length 1", "fabkit_builds_running 1", "fabkit_builds_rejected_total 2"} {
		if !strings.Contains(string(metrics), want+"\n") {
			t.Errorf("metrics lack %q:\n%s", want, metrics)
		}
	}
	// Cancel both; the queued one ends without running.
	for _, d := range [][]byte{d2, d1} {
		id := decodeStatus(t, d).ID
		code, data, _ := ts.do("DELETE", "/api/builds/"+id, "")
		if st := decodeStatus(t, data); code != 200 || st.Status != StatusFailed || !strings.Contains(st.Error.Message, "cancelled") {
			t.Errorf("DELETE: %d %s", code, data)
		}
	}
	// Room again.
	if st := ts.build(`{"design": "bench"}`); st.Status != StatusDone {
		t.Errorf("after cancelling: %+v", st)
	}
	// A cancelled build is retried when posted again.
	code, data, _ := ts.do("POST", "/api/builds", slow(1))
	if code != 202 {
		t.Errorf("retry: %d %s", code, data)
	}
	if st := ts.wait(decodeStatus(t, data).ID); st.Status != StatusDone {
		t.Errorf("retry ended %+v", st)
	}
}

func TestBuildTimeout(t *testing.T) {
	ts := newTestServer(t, Config{BuildTimeout: 100 * time.Millisecond})
	start := time.Now()
	st := ts.build(slow(30000))
	if st.Status != StatusFailed || st.Error == nil || !strings.Contains(st.Error.Message, "timed out after 100ms") {
		t.Fatalf("slow build: %+v %+v", st, st.Error)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("timeout took %v", d)
	}
	_, metrics, _ := ts.do("GET", "/metrics", "")
	if !strings.Contains(string(metrics), `fabkit_builds_total{status="timeout"} 1`) {
		t.Errorf("metrics:\n%s", metrics)
	}
	if _, err := os.Stat(ts.cache.buildDir(st.ID)); err == nil {
		t.Error("a timed-out build was cached")
	}
}

// TestWaitCancelsWhenClientLeaves: a synchronous build nobody else asked
// for stops when its client hangs up.
func TestWaitCancelsWhenClientLeaves(t *testing.T) {
	ts := newTestServer(t, Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", ts.url+"/api/builds?wait=true", strings.NewReader(slow(30000)))
	req.Header.Set("Content-Type", "application/json")
	if _, err := http.DefaultClient.Do(req); err == nil {
		t.Fatal("request did not time out")
	}
	sp, _ := ts.resolve(&BuildRequest{Design: "bench", Params: map[string]any{"delay_ms": json.Number("30000")}})
	st := ts.wait(sp.id)
	if st.Status != StatusFailed || !strings.Contains(st.Error.Message, "cancelled") {
		t.Errorf("build after the client left: %+v %+v", st, st.Error)
	}

	// With wait=true and a fast build, the answer is the finished build.
	code, data, _ := ts.do("POST", "/api/builds?wait=true", `{"design": "bench", "params": {"plate_count": 1}}`)
	if st := decodeStatus(t, data); code != 200 || st.Status != StatusDone || len(st.Files) == 0 {
		t.Errorf("wait=true: %d %s", code, data)
	}
}

func TestPreview(t *testing.T) {
	ts := newTestServer(t, Config{})
	code, svg, hdr := ts.do("GET", "/api/designs/bench/preview.svg?brick_length=20in&plate_count=1", "")
	if code != 200 || hdr.Get("Content-Type") != "image/svg+xml" || !bytes.Contains(svg[:min(len(svg), 200)], []byte("<svg")) {
		t.Fatalf("preview.svg: %d %s\n%.300s", code, hdr.Get("Content-Type"), svg)
	}
	// It is the nest drawing of a build limited to sheets with those parameters.
	sp, _ := ts.resolve(&BuildRequest{Design: "bench", Params: map[string]any{"brick_length": "20in", "plate_count": "1"}, Formats: []string{"sheets"}})
	if hdr.Get("X-Fabkit-Build") != sp.id {
		t.Errorf("X-Fabkit-Build = %s, want %s", hdr.Get("X-Fabkit-Build"), sp.id)
	}
	if !bytes.Contains(svg, []byte("p1 #1")) {
		t.Errorf("preview.svg is not the nest sheet of p1")
	}
	code, img, hdr := ts.do("GET", "/api/designs/bench/preview.png?preset=long", "")
	if code != 200 || hdr.Get("Content-Type") != "image/png" {
		t.Fatalf("preview.png: %d %s", code, img)
	}
	if _, err := png.Decode(bytes.NewReader(img)); err != nil {
		t.Errorf("preview.png: %v", err)
	}
	ts.do("GET", "/api/designs/bench/preview.png?preset=long", "")
	if ts.metrics.previewHits.Load() != 1 {
		t.Errorf("preview cache hits = %d", ts.metrics.previewHits.Load())
	}
	code, data, _ := ts.do("GET", "/api/designs/bench/preview.svg?brick_length=99ft", "")
	if e := errorBody(t, data); code != 400 || e.Field != "params.brick_length" {
		t.Errorf("bad preview param: %d %+v", code, e)
	}
	code, data, _ = ts.do("GET", "/api/designs/nope/preview.svg", "")
	if e := errorBody(t, data); code != 404 || e.Field != "name" {
		t.Errorf("unknown design preview: %d %+v", code, e)
	}
}

// TestPreviewFallback draws the layout used when a build writes no
// drawings: plate outlines with their holes, labelled, 20in = 508 mm long.
func TestPreviewFallback(t *testing.T) {
	d := fakeDesign{"bench"}
	v, err := d.Schema().Resolve("", []params.Override{{Name: "brick_length", Value: "20in"}, {Name: "plate_count", Value: "1"}})
	if err != nil {
		t.Fatal(err)
	}
	m, err := d.Build(context.Background(), v, shop.Default(), &params.Report{})
	if err != nil {
		t.Fatal(err)
	}
	lay := layoutParts(m, shop.Default())
	svg := lay.svg("bench")
	for _, want := range []string{"<svg", "p1 x1", "M30.00 ", "L538.00 ", `fill-rule="evenodd"`} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("fallback SVG lacks %q:\n%s", want, svg)
		}
	}
	if strings.Count(string(svg), "Z") != 2 {
		t.Errorf("want the outline and one hole:\n%s", svg)
	}
	data, err := lay.png(600)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil || img.Bounds().Dx() != 600 {
		t.Fatalf("fallback PNG: %v", err)
	}
	// The plate is filled, its hole is not: sample the middle of the plate
	// and the hole's centre (20, 50 mm from the plate's corner at 30, 30).
	scale := 600 / lay.w
	at := func(x, y float64) uint32 {
		r, _, _, _ := img.At(int(x*scale), int((lay.h-y)*scale)).RGBA()
		return r >> 8
	}
	if at(30+254, 30+20) == 0xff || at(30+20, 30+50) != 0xff {
		t.Errorf("fill: plate %x, hole %x", at(30+254, 30+20), at(30+20, 30+50))
	}
}

func TestPreviewTimeout(t *testing.T) {
	ts := newTestServer(t, Config{BuildTimeout: 100 * time.Millisecond})
	code, data, _ := ts.do("GET", "/api/designs/bench/preview.svg?delay_ms=20000", "")
	if e := errorBody(t, data); code != http.StatusGatewayTimeout || !strings.Contains(e.Message, "timed out") {
		t.Errorf("slow preview: %d %+v", code, e)
	}
}

func TestShops(t *testing.T) {
	ts := newTestServer(t, Config{})
	code, data, _ := ts.do("GET", "/api/shops", "")
	if code != 200 || !strings.Contains(string(data), `"id": "us-imperial"`) || !strings.Contains(string(data), `"id": "metric"`) {
		t.Errorf("GET /api/shops: %d %s", code, data)
	}
	doc, err := os.ReadFile("../shop/shops/metric.yaml")
	if err != nil {
		t.Fatal(err)
	}
	code, data, _ = ts.do("POST", "/api/shops", string(doc))
	var info ShopInfo
	json.Unmarshal(data, &info)
	if code != 201 || !strings.HasPrefix(info.ID, "sha256:") || info.Units != "metric" {
		t.Fatalf("POST /api/shops: %d %s", code, data)
	}
	st := ts.build(`{"design": "bench", "params": {"plate_thickness": "6mm"}, "shop": "` + info.ID + `"}`)
	if st.Status != StatusDone || !strings.Contains(string(st.Manifest), `"units": "metric"`) {
		t.Errorf("build with posted shop: %+v", st.Status)
	}
	// The same document inline (YAML string) is the same build.
	inline, _ := json.Marshal(map[string]any{"design": "bench", "params": map[string]string{"plate_thickness": "6mm"}, "shop": string(doc)})
	code, data, _ = ts.do("POST", "/api/builds", string(inline))
	if again := decodeStatus(t, data); code != 200 || again.ID != st.ID {
		t.Errorf("inline shop: %d id %s, want %s", code, again.ID, st.ID)
	}
	code, data, _ = ts.do("POST", "/api/shops", "units: cubits\n")
	if e := errorBody(t, data); code != 400 || !strings.HasPrefix(e.Field, "shop") {
		t.Errorf("bad shop: %d %+v", code, e)
	}
	code, data, _ = ts.do("POST", "/api/shops", "")
	if e := errorBody(t, data); code != 400 || e.Field != "body" {
		t.Errorf("empty shop: %d %+v", code, e)
	}
}

func TestEviction(t *testing.T) {
	ts := newTestServer(t, Config{CacheBytes: 1})
	a := ts.build(`{"design": "bench", "params": {"plate_count": 1}}`)
	b := ts.build(`{"design": "bench", "params": {"plate_count": 2}}`)
	if code, _, _ := ts.do("GET", "/api/builds/"+a.ID, ""); code != 404 {
		t.Errorf("least recently used build still there: %d", code)
	}
	if _, err := os.Stat(ts.cache.buildDir(a.ID)); err == nil {
		t.Error("evicted build still on disk")
	}
	if code, _, _ := ts.do("GET", "/api/builds/"+b.ID+"/files/manifest.json", ""); code != 200 {
		t.Errorf("newest build: %d", code)
	}
	_, metrics, _ := ts.do("GET", "/metrics", "")
	if !strings.Contains(string(metrics), "fabkit_cache_evictions_total 1\n") {
		t.Errorf("metrics:\n%s", metrics)
	}
}

func TestHealthMetricsOpenAPIIndex(t *testing.T) {
	ts := newTestServer(t, Config{})
	ts.build(`{"design": "bench"}`)
	ts.do("POST", "/api/builds", `{"design": "bench"}`)
	code, data, _ := ts.do("GET", "/healthz", "")
	if code != 200 || !strings.Contains(string(data), `"ok"`) {
		t.Errorf("healthz: %d %s", code, data)
	}
	code, data, hdr := ts.do("GET", "/metrics", "")
	if code != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/plain") {
		t.Errorf("metrics: %d", code)
	}
	for _, want := range []string{`fabkit_builds_total{status="done"} 1`, "fabkit_cache_hits_total 1", "fabkit_cache_misses_total 1",
		"fabkit_build_duration_seconds_count 1", `fabkit_build_duration_seconds_bucket{le="+Inf"} 1`, "fabkit_build_queue_length 0"} {
		if !strings.Contains(string(data), want+"\n") {
			t.Errorf("metrics lack %q", want)
		}
	}

	code, data, _ = ts.do("GET", "/api/openapi.json", "")
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(data, &doc); code != 200 || err != nil || !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi.json: %d %v", code, err)
	}
	for _, route := range []string{"GET /api/designs", "GET /api/designs/{name}", "GET /api/designs/{name}/preview.svg",
		"GET /api/designs/{name}/preview.png", "GET /api/shops", "POST /api/shops", "POST /api/builds", "GET /api/builds/{id}",
		"DELETE /api/builds/{id}", "GET /api/builds/{id}/files/{path}", "GET /api/builds/{id}/bundle.zip",
		"GET /api/openapi.json", "GET /healthz", "GET /metrics", "GET /"} {
		method, p, _ := strings.Cut(route, " ")
		if doc.Paths[p][strings.ToLower(method)] == nil {
			t.Errorf("openapi.json does not describe %s", route)
		}
	}

	code, data, hdr = ts.do("GET", "/", "")
	if code != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/html") || !bytes.Contains(data, []byte("fabkit")) {
		t.Errorf("index: %d %s", code, hdr.Get("Content-Type"))
	}
	for _, f := range []string{"/web/app.js", "/web/viewer.js", "/web/style.css"} {
		if code, data, _ := ts.do("GET", f, ""); code != 200 || len(data) == 0 {
			t.Errorf("%s: %d", f, code)
		}
	}
	code, data, _ = ts.do("GET", "/api/nothing", "")
	if e := errorBody(t, data); code != 404 || e.Field != "path" {
		t.Errorf("unknown endpoint: %d %+v", code, e)
	}
	code, data, hdr = ts.do("PUT", "/api/builds", "{}")
	if e := errorBody(t, data); code != http.StatusMethodNotAllowed || hdr.Get("Allow") != "POST" || e.Field != "method" {
		t.Errorf("PUT /api/builds: %d %s %+v", code, hdr.Get("Allow"), e)
	}
}

// TestServeGracefulShutdown: cancelling Serve's context lets a running
// build finish within the grace period and refuses new ones.
func TestServeGracefulShutdown(t *testing.T) {
	s, err := New(Config{CacheDir: t.TempDir(), Designs: testDesigns, Grace: 60 * time.Second})
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
	url := "http://" + ln.Addr().String()
	resp, err := http.Post(url+"/api/builds", "application/json", strings.NewReader(`{"design": "bench", "params": {"delay_ms": 300}, "formats": ["stl"]}`))
	if err != nil {
		t.Fatal(err)
	}
	var st BuildStatus
	json.NewDecoder(resp.Body).Decode(&st)
	resp.Body.Close()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(90 * time.Second):
		t.Fatal("Serve did not return")
	}
	if s.cache.get(st.ID) == nil {
		t.Error("the running build did not finish within the grace period")
	}
	if _, err := http.Get(url + "/healthz"); err == nil {
		t.Error("server still accepting after shutdown")
	}
	// Past the grace period, running builds are cancelled.
	s2, _ := New(Config{CacheDir: t.TempDir(), Designs: testDesigns, Grace: 100 * time.Millisecond})
	ln2, _ := net.Listen("tcp", "127.0.0.1:0")
	ctx2, cancel2 := context.WithCancel(context.Background())
	go func() { served <- s2.ServeListener(ctx2, ln2) }()
	resp, err = http.Post("http://"+ln2.Addr().String()+"/api/builds", "application/json", strings.NewReader(slow(60000)))
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&st)
	resp.Body.Close()
	start := time.Now()
	cancel2()
	<-served
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("shutdown took %v with a 100ms grace", d)
	}
	if j := s2.jobs[st.ID]; j == nil || j.view().Status != StatusFailed {
		t.Errorf("long build after shutdown: %+v", j)
	}
	if code := httptest.NewRecorder(); code != nil {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("POST", "/api/builds", strings.NewReader(`{"design": "bench"}`))
		req.Header.Set("Content-Type", "application/json")
		s2.Handler().ServeHTTP(rec, req)
		if rec.Code != http.StatusServiceUnavailable {
			t.Errorf("build after shutdown: %d %s", rec.Code, rec.Body)
		}
	}
}
