package service

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// requireTools reports whether a missing tool fails the test instead of
// skipping it (CI sets FABKIT_REQUIRE_TOOLS=1).
func requireTools() bool { return os.Getenv("FABKIT_REQUIRE_TOOLS") == "1" }

// lookTool finds a program, skipping (or failing, see requireTools) when it
// is absent.
func lookTool(t *testing.T, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if requireTools() {
		t.Fatalf("%s not found (Debian: apt-get install chromium chromium-driver)", strings.Join(names, " or "))
	}
	t.Skipf("%s not found; install the Debian packages chromium and chromium-driver", strings.Join(names, " or "))
	return ""
}

// webDriver is a minimal W3C WebDriver client over net/http.
type webDriver struct {
	t       *testing.T
	base    string // http://127.0.0.1:PORT
	session string
}

// elementKey is the W3C key of an element reference.
const elementKey = "element-6066-11e4-a52e-4f735466cecf"

func (wd *webDriver) call(method, path string, body any) json.RawMessage {
	wd.t.Helper()
	var rd io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		rd = bytes.NewReader(data)
	}
	req, _ := http.NewRequest(method, wd.base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		wd.t.Fatalf("webdriver %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	var out struct {
		Value json.RawMessage `json:"value"`
	}
	data, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(data, &out); err != nil || resp.StatusCode != 200 {
		wd.t.Fatalf("webdriver %s %s: %d %s", method, path, resp.StatusCode, data)
	}
	return out.Value
}

func (wd *webDriver) sess(method, path string, body any) json.RawMessage {
	return wd.call(method, "/session/"+wd.session+path, body)
}

// find returns the element matching a CSS selector.
func (wd *webDriver) find(css string) string {
	wd.t.Helper()
	raw := wd.sess("POST", "/element", map[string]string{"using": "css selector", "value": css})
	var ref map[string]string
	if err := json.Unmarshal(raw, &ref); err != nil || ref[elementKey] == "" {
		wd.t.Fatalf("find %s: %v %s", css, err, raw)
	}
	return ref[elementKey]
}

// script runs JavaScript in the page and decodes its result into out.
func (wd *webDriver) script(js string, out any, args ...any) {
	wd.t.Helper()
	if args == nil {
		args = []any{}
	}
	if err := json.Unmarshal(wd.sess("POST", "/execute/sync", map[string]any{"script": js, "args": args}), out); err != nil {
		wd.t.Fatal(err)
	}
}

// waitFor polls a JavaScript condition until it returns true.
func (wd *webDriver) waitFor(what, js string, timeout time.Duration) {
	wd.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		var ok bool
		wd.script(js, &ok)
		if ok {
			return
		}
		if time.Now().After(deadline) {
			var page string
			wd.script("return document.getElementById('status').textContent + ' | ' + document.getElementById('error').textContent", &page)
			wd.t.Fatalf("timed out waiting for %s (page says: %s)", what, page)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// TestBrowser opens the page in headless Chromium through chromedriver,
// changes a parameter, builds, and downloads the bundle.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	chromium := lookTool(t, "chromium", "chromium-browser", "google-chrome")
	driver := lookTool(t, "chromedriver")

	// The server, on a real loopback listener.
	s, err := New(Config{CacheDir: t.TempDir(), Designs: testDesigns, Workers: 2})
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
	defer func() { stop(); <-served }()
	site := "http://" + ln.Addr().String()

	// chromedriver, on a free loopback port; its log goes to the test log on failure.
	port := freePort(t)
	var dlog bytes.Buffer
	cmd := exec.Command(driver, fmt.Sprintf("--port=%d", port), "--allowed-ips=127.0.0.1")
	cmd.Stdout, cmd.Stderr = &dlog, &dlog
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("chromedriver log:\n%s", dlog.String())
		}
	}()
	wd := &webDriver{t: t, base: fmt.Sprintf("http://127.0.0.1:%d", port)}
	for deadline := time.Now().Add(15 * time.Second); ; {
		resp, err := http.Get(wd.base + "/status")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("chromedriver did not start: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	caps := map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"browserName": "chrome",
		"goog:chromeOptions": map[string]any{
			"binary": chromium,
			"args": []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + t.TempDir()},
		},
	}}}
	var created struct {
		SessionID string `json:"sessionId"`
	}
	json.Unmarshal(wd.call("POST", "/session", caps), &created)
	if created.SessionID == "" {
		t.Fatal("no WebDriver session")
	}
	wd.session = created.SessionID
	defer wd.call("DELETE", "/session/"+wd.session, nil)
	wd.sess("POST", "/timeouts", map[string]int{"script": 30000, "pageLoad": 30000})

	// Open the page: the form comes from the schema.
	wd.sess("POST", "/url", map[string]string{"url": site + "/"})
	wd.waitFor("the form", `return document.body.dataset.ready === "1" && !!document.getElementById("p-brick_length")`, 20*time.Second)
	var form struct {
		Legends []string `json:"legends"`
		Value   string   `json:"value"`
		Choices int      `json:"choices"`
	}
	wd.script(`return {legends: [...document.querySelectorAll("legend")].map(l => l.textContent),
		value: document.getElementById("p-brick_length").value,
		choices: document.getElementById("p-finish").options.length}`, &form)
	if strings.Join(form.Legends, ",") != "Brick,Plates,Test" || form.Value != "10in" || form.Choices != 2 {
		t.Errorf("form = %+v", form)
	}

	// Change a parameter: the preview follows.
	input := wd.find("#p-brick_length")
	wd.sess("POST", "/element/"+input+"/clear", map[string]any{})
	wd.sess("POST", "/element/"+input+"/value", map[string]string{"text": "12in"})
	wd.waitFor("the preview", `const i = document.getElementById("preview"); return i.src.startsWith("blob:") && i.complete && i.naturalWidth > 0`, 20*time.Second)
	if got := s.metrics.previewMisses.Load(); got < 1 {
		t.Errorf("preview requests = %d", got)
	}

	// A bad value is reported at the field.
	wd.sess("POST", "/element/"+input+"/clear", map[string]any{})
	wd.sess("POST", "/element/"+input+"/value", map[string]string{"text": "99ft"})
	wd.waitFor("the field error", `return document.querySelector('.field[data-name="brick_length"]').classList.contains("invalid")`, 20*time.Second)
	wd.sess("POST", "/element/"+input+"/clear", map[string]any{})
	wd.sess("POST", "/element/"+input+"/value", map[string]string{"text": "12in"})

	// Build.
	wd.sess("POST", "/element/"+wd.find("#build")+"/click", map[string]any{})
	wd.waitFor("the build", `return !document.getElementById("bundle").classList.contains("hidden")`, 90*time.Second)
	wd.waitFor("the 3D view", `return Number(document.getElementById("viewer").dataset.triangles) > 0`, 20*time.Second)
	var page struct {
		Status string   `json:"status"`
		Files  []string `json:"files"`
		Cost   bool     `json:"cost"`
		Bundle string   `json:"bundle"`
	}
	wd.script(`return {status: document.getElementById("status").textContent,
		files: [...document.querySelectorAll("#files a")].map(a => a.dataset.path),
		cost: !!document.querySelector("#summary h3"),
		bundle: document.getElementById("bundle").href}`, &page)
	if !strings.HasPrefix(page.Status, "Built ") || len(page.Files) < 3 || !page.Cost {
		t.Errorf("after the build: %+v", page)
	}
	id := page.Bundle[strings.Index(page.Bundle, "/api/builds/")+len("/api/builds/"):][:64]
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
	data := wd.sess("POST", "/execute/async", map[string]any{"args": []any{}, "script": `const done = arguments[arguments.length - 1];
		const a = document.getElementById("bundle");
		fetch(a.href).then(r => r.blob().then(b => [r, b])).then(([r, b]) => b.arrayBuffer().then(buf => {
			let s = ""; new Uint8Array(buf).forEach(x => s += String.fromCharCode(x));
			done({bytes: buf.byteLength, type: r.headers.get("Content-Type"), b64: btoa(s)});
		}));`})
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	zipData, err := decodeBase64(got.B64)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(zipData), int64(len(zipData)))
	if err != nil || got.Type != "application/zip" || len(zr.File) != len(page.Files) {
		t.Fatalf("downloaded bundle: %d bytes, %s, err %v", got.Bytes, got.Type, err)
	}
	t.Logf("page built %s: %d files, bundle %d bytes", id[:12], len(page.Files), got.Bytes)
	if shot := os.Getenv("FABKIT_SCREENSHOT"); shot != "" { // a PNG of the page after the build, for a human to look at
		var b64 string
		json.Unmarshal(wd.sess("GET", "/screenshot", nil), &b64)
		if data, err := decodeBase64(b64); err == nil {
			os.WriteFile(shot, data, 0o644)
		}
	}
}

func decodeBase64(s string) ([]byte, error) { return base64.StdEncoding.DecodeString(s) }
