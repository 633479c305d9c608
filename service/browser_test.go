package service

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/fabkit/fabkit/internal/webdriver"
)

// serveSite runs a server for cfg (a cache of its own) on a loopback
// listener until the test ends, and returns it and its address.
func serveSite(t *testing.T, cfg Config) (*Server, string) {
	t.Helper()
	cfg.CacheDir = t.TempDir()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.ServeListener(ctx, ln) }()
	t.Cleanup(func() { stop(); <-served })
	return s, "http://" + ln.Addr().String()
}

// pageDescribe is what a timed-out wait reports of the page.
const pageDescribe = `return document.getElementById("status").textContent + " | " + document.getElementById("error").textContent`

// openPage starts a server for cfg and a headless Chromium on its page,
// and returns the browser session and the server.
func openPage(t *testing.T, cfg Config, width, height int) (*webdriver.Driver, *Server) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	s, site := serveSite(t, cfg)
	wd := webdriver.Start(t, width, height)
	wd.Describe = pageDescribe
	wd.Open(site + "/")
	return wd, s
}

// pageBuildID is the build a page's bundle link names.
func pageBuildID(t *testing.T, wd *webdriver.Driver) string {
	t.Helper()
	var bundle string
	wd.Script(`return document.getElementById("bundle").href`, &bundle)
	i := strings.Index(bundle, "/api/builds/")
	if i < 0 || len(bundle) < i+len("/api/builds/")+64 {
		t.Fatalf("bundle link %q names no build", bundle)
	}
	return bundle[i+len("/api/builds/"):][:64]
}

// TestBrowser opens the page in headless Chromium through chromedriver,
// changes a parameter, builds, and downloads the bundle.
func TestBrowser(t *testing.T) {
	wd, s := openPage(t, Config{Designs: testDesigns, Workers: 2}, 1280, 1000)

	// The form comes from the schema.
	wd.WaitFor("the form", `return document.body.dataset.ready === "1" && !!document.getElementById("p-brick_length")`, 20*time.Second)
	var form struct {
		Legends []string `json:"legends"`
		Value   string   `json:"value"`
		Choices int      `json:"choices"`
	}
	wd.Script(`return {legends: [...document.querySelectorAll("legend")].map(l => l.textContent),
		value: document.getElementById("p-brick_length").value,
		choices: document.getElementById("p-finish").options.length}`, &form)
	if strings.Join(form.Legends, ",") != "Brick,Plates,Test" || form.Value != "10in" || form.Choices != 2 {
		t.Errorf("form = %+v", form)
	}

	// Change a parameter: the preview follows.
	wd.Type("#p-brick_length", "12in")
	wd.WaitFor("the preview", `const i = document.querySelector("#preview img"); return !!i && i.complete && i.naturalWidth > 0`, 20*time.Second)
	if got := s.metrics.previewMisses.Load(); got < 1 {
		t.Errorf("preview requests = %d", got)
	}

	// A bad value is reported at the field.
	wd.Type("#p-brick_length", "99ft")
	wd.WaitFor("the field error", `return document.querySelector('.field[data-name="brick_length"]').classList.contains("invalid")`, 20*time.Second)
	wd.Type("#p-brick_length", "12in")

	// Build.
	wd.Click("#build")
	wd.WaitFor("the build", `return !document.getElementById("bundle").classList.contains("hidden")`, 90*time.Second)
	wd.WaitFor("the 3D view", `return Number(document.getElementById("viewer").dataset.triangles) > 0`, 20*time.Second)
	var page struct {
		Status string   `json:"status"`
		Files  []string `json:"files"`
		Cost   bool     `json:"cost"`
	}
	wd.Script(`return {status: document.getElementById("status").textContent,
		files: [...document.querySelectorAll("#files a")].map(a => a.dataset.path),
		cost: !!document.querySelector("#summary h3")}`, &page)
	if !strings.HasPrefix(page.Status, "Built ") || len(page.Files) < 3 || !page.Cost {
		t.Errorf("after the build: %+v", page)
	}
	id := pageBuildID(t, wd)
	st := s.lookup(id)
	if st == nil || st.Status != StatusDone || !strings.Contains(string(st.Manifest), `"given": "12in"`) {
		t.Fatalf("the page built %s: %+v", id, st)
	}

	// Download the bundle from the page, as the download button does.
	var got struct {
		Bytes int    `json:"bytes"`
		Type  string `json:"type"`
		B64   string `json:"b64"`
	}
	wd.Async(`const done = arguments[arguments.length - 1];
		const a = document.getElementById("bundle");
		fetch(a.href).then(r => r.blob().then(b => [r, b])).then(([r, b]) => b.arrayBuffer().then(buf => {
			let s = ""; new Uint8Array(buf).forEach(x => s += String.fromCharCode(x));
			done({bytes: buf.byteLength, type: r.headers.get("Content-Type"), b64: btoa(s)});
		}));`, &got)
	zipData, err := base64.StdEncoding.DecodeString(got.B64)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(zipData), int64(len(zipData)))
	if err != nil || got.Type != "application/zip" || len(zr.File) != len(page.Files) {
		t.Fatalf("downloaded bundle: %d bytes, %s, err %v", got.Bytes, got.Type, err)
	}
	t.Logf("page built %s: %d files, bundle %d bytes", id[:12], len(page.Files), got.Bytes)
	wd.SaveScreenshot("page-built")
}
