// Package webdriver drives headless Chromium through chromedriver for the
// web page's end-to-end tests: a minimal W3C WebDriver client over
// net/http. Start skips the test when Chromium or chromedriver is missing
// (fails under FABKIT_REQUIRE_TOOLS=1, as CI sets).
package webdriver

import (
	"bytes"
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

	"github.com/fabkit/fabkit/internal/tooltest"
)

// Driver is one browser session.
type Driver struct {
	t       testing.TB
	base    string // http://127.0.0.1:PORT of chromedriver
	session string
	// Describe, when set, says what the page shows when a wait times out.
	Describe string
}

// elementKey is the W3C key of an element reference.
const elementKey = "element-6066-11e4-a52e-4f735466cecf"

// Start runs chromedriver and opens a headless Chromium session with a
// window of width x height; both end with the test.
func Start(t testing.TB, width, height int) *Driver {
	t.Helper()
	chromium := ""
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(n); err == nil {
			chromium = p
			break
		}
	}
	if chromium == "" {
		chromium = tooltest.Need(t, "chromium")
	}
	driver := tooltest.Need(t, "chromedriver")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	var dlog bytes.Buffer
	cmd := exec.Command(driver, fmt.Sprintf("--port=%d", port), "--allowed-ips=127.0.0.1")
	cmd.Stdout, cmd.Stderr = &dlog, &dlog
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	wd := &Driver{t: t, base: fmt.Sprintf("http://127.0.0.1:%d", port)}
	t.Cleanup(func() {
		if wd.session != "" {
			wd.call("DELETE", "/session/"+wd.session, nil)
		}
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("chromedriver log:\n%s", dlog.String())
		}
	})
	for deadline := time.Now().Add(20 * time.Second); ; {
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
				"--disable-dev-shm-usage", fmt.Sprintf("--window-size=%d,%d", width, height), "--user-data-dir=" + t.TempDir()},
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
	wd.sess("POST", "/timeouts", map[string]int{"script": 60000, "pageLoad": 60000})
	return wd
}

func (wd *Driver) call(method, path string, body any) json.RawMessage {
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

func (wd *Driver) sess(method, path string, body any) json.RawMessage {
	wd.t.Helper()
	return wd.call(method, "/session/"+wd.session+path, body)
}

// Open loads url.
func (wd *Driver) Open(url string) {
	wd.t.Helper()
	wd.sess("POST", "/url", map[string]string{"url": url})
}

// Find returns the element matching a CSS selector.
func (wd *Driver) Find(css string) string {
	wd.t.Helper()
	raw := wd.sess("POST", "/element", map[string]string{"using": "css selector", "value": css})
	var ref map[string]string
	if err := json.Unmarshal(raw, &ref); err != nil || ref[elementKey] == "" {
		wd.t.Fatalf("find %s: %v %s", css, err, raw)
	}
	return ref[elementKey]
}

// Click clicks the element matching css, as a user does.
func (wd *Driver) Click(css string) {
	wd.t.Helper()
	wd.sess("POST", "/element/"+wd.Find(css)+"/click", map[string]any{})
}

// Type clears the input matching css and types text into it.
func (wd *Driver) Type(css, text string) {
	wd.t.Helper()
	id := wd.Find(css)
	wd.sess("POST", "/element/"+id+"/clear", map[string]any{})
	wd.sess("POST", "/element/"+id+"/value", map[string]string{"text": text})
}

// Script runs JavaScript in the page and decodes its result into out.
func (wd *Driver) Script(js string, out any, args ...any) {
	wd.t.Helper()
	if args == nil {
		args = []any{}
	}
	if err := json.Unmarshal(wd.sess("POST", "/execute/sync", map[string]any{"script": js, "args": args}), out); err != nil {
		wd.t.Fatal(err)
	}
}

// Async runs JavaScript that calls its last argument with the result.
func (wd *Driver) Async(js string, out any, args ...any) {
	wd.t.Helper()
	if args == nil {
		args = []any{}
	}
	if err := json.Unmarshal(wd.sess("POST", "/execute/async", map[string]any{"script": js, "args": args}), out); err != nil {
		wd.t.Fatal(err)
	}
}

// WaitFor polls a JavaScript condition until it returns true.
func (wd *Driver) WaitFor(what, js string, timeout time.Duration) {
	wd.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		var ok bool
		wd.Script(js, &ok)
		if ok {
			return
		}
		if time.Now().After(deadline) {
			page := ""
			if wd.Describe != "" {
				wd.Script(wd.Describe, &page)
			}
			wd.t.Fatalf("timed out after %v waiting for %s (page: %s)", timeout, what, page)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Screenshot returns a PNG of the window.
func (wd *Driver) Screenshot() []byte {
	wd.t.Helper()
	var b64 string
	json.Unmarshal(wd.sess("GET", "/screenshot", nil), &b64)
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		wd.t.Fatal(err)
	}
	return data
}

// SaveScreenshot writes a PNG of the window to path when the environment
// variable FABKIT_SCREENSHOTS names a folder (path is then relative to
// it), for the README's pictures; otherwise it does nothing.
func (wd *Driver) SaveScreenshot(name string) {
	wd.t.Helper()
	dir := os.Getenv("FABKIT_SCREENSHOTS")
	if dir == "" {
		return
	}
	if !strings.HasSuffix(name, ".png") {
		name += ".png"
	}
	if err := os.WriteFile(dir+string(os.PathSeparator)+name, wd.Screenshot(), 0o644); err != nil {
		wd.t.Error(err)
	}
}

// Windows counts the session's open windows and tabs.
func (wd *Driver) Windows() int {
	wd.t.Helper()
	var handles []string
	json.Unmarshal(wd.sess("GET", "/window/handles", nil), &handles)
	return len(handles)
}

// ClickAt clicks the point (x, y) of the window's viewport, in CSS
// pixels, as a mouse does: press and release without moving.
func (wd *Driver) ClickAt(x, y float64) {
	wd.t.Helper()
	wd.sess("POST", "/actions", map[string]any{"actions": []any{map[string]any{
		"type": "pointer", "id": "mouse", "parameters": map[string]string{"pointerType": "mouse"},
		"actions": []any{
			map[string]any{"type": "pointerMove", "origin": "viewport", "x": int(x), "y": int(y), "duration": 0},
			map[string]any{"type": "pointerDown", "button": 0},
			map[string]any{"type": "pointerUp", "button": 0},
		},
	}}})
	wd.sess("DELETE", "/actions", nil)
}
