package service

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/fabkit/fabkit/designs"
)

// openPage starts a server for cfg and a headless Chromium on its page,
// and returns the WebDriver session and the server.
func openPage(t *testing.T, cfg Config) (*webDriver, *Server) {
	t.Helper()
	chromium := lookTool(t, "chromium", "chromium-browser", "google-chrome")
	driver := lookTool(t, "chromedriver")
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

	port := freePort(t)
	var dlog bytes.Buffer
	cmd := exec.Command(driver, fmt.Sprintf("--port=%d", port), "--allowed-ips=127.0.0.1")
	cmd.Stdout, cmd.Stderr = &dlog, &dlog
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("chromedriver log:\n%s", dlog.String())
		}
	})
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
	t.Cleanup(func() { wd.call("DELETE", "/session/"+wd.session, nil) })
	wd.sess("POST", "/timeouts", map[string]int{"script": 30000, "pageLoad": 30000})
	wd.sess("POST", "/url", map[string]string{"url": "http://" + ln.Addr().String() + "/"})
	return wd, s
}

// Issue 17: on the page, the metric preset 140x290 was built with the US
// shop and failed. Choosing it switches the shop selector to the metric
// shop and says so; the build then uses the metric shop.
func TestBrowserPresetShop(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	wd, s := openPage(t, Config{Designs: designs.All, Workers: 2})
	wd.waitFor("the form", `return document.body.dataset.ready === "1" && !!document.getElementById("p-brick_length")`, 20*time.Second)
	var before string
	wd.script(`return document.getElementById("shop").value`, &before)
	if before != "us-imperial" {
		t.Fatalf("the page starts with shop %q, want us-imperial", before)
	}
	wd.script(`const p = document.getElementById("preset"); p.value = "140x290";
		p.dispatchEvent(new Event("change")); return true`, new(bool))
	var page struct {
		Shop, Note, Width string
	}
	wd.script(`return {shop: document.getElementById("shop").value,
		note: document.getElementById("preset-shop").textContent,
		width: document.getElementById("p-brick_width").value}`, &page)
	if page.Shop != "metric" || !strings.Contains(page.Note, "metric") || !strings.Contains(page.Note, "switched") {
		t.Errorf("after choosing 140x290: %+v, want the metric shop selected and a note saying so", page)
	}

	wd.sess("POST", "/element/"+wd.find("#build")+"/click", map[string]any{})
	wd.waitFor("the build", `return !document.getElementById("bundle").classList.contains("hidden")`, 180*time.Second)
	var bundle string
	wd.script(`return document.getElementById("bundle").href`, &bundle)
	id := bundle[strings.Index(bundle, "/api/builds/")+len("/api/builds/"):][:64]
	st := s.lookup(id)
	if st == nil || st.Status != StatusDone {
		t.Fatalf("the page built %s: %+v", id, st)
	}
	var m struct {
		Preset string
		Shop   struct{ Units string }
	}
	json.Unmarshal(st.Manifest, &m)
	if m.Preset != "140x290" || m.Shop.Units != "metric" {
		t.Errorf("the page built preset %q with a %q shop, want 140x290 with the metric shop", m.Preset, m.Shop.Units)
	}
}
