package fabkit_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/fabkit/fabkit/internal/webdriver"
)

// devStatus is what /dev/status answers (internal/dev.Status).
type devStatus struct {
	Generation int    `json:"generation"`
	State      string `json:"state"`
	Stage      string `json:"stage"`
	Message    string `json:"message"`
	Live       int    `json:"live"`
	CompileMS  int64  `json:"compile_ms"`
	BuildMS    int64  `json:"build_ms"`
	TotalMS    int64  `json:"total_ms"`
	Errors     []struct {
		File string `json:"file"`
		Line int    `json:"line"`
	} `json:"errors"`
	BuildID string `json:"build_id"`
	Preview bool   `json:"preview"`
}

// TestDevLoop drives `bracket dev` (the template repository's command) in
// a copy of the template, with the page open in headless Chromium: an edit
// of a parameter default shows on the page without a reload; a compile
// error shows with its file:line over the last good results, marked stale;
// a default that fails the design's check shows as a failed build; the fix
// brings the page back to current.
func TestDevLoop(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a separate module and runs a browser")
	}
	dir, gocmd := designRepo(t)
	bin := filepath.Join(dir, "bin", "bracket")
	gocmd("build", "-o", bin, "./cmd/bracket") // settles go.mod before the watcher starts

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	var log bytes.Buffer
	// On Linux the notifier alone must see the saves: no poll comes in time.
	interval := "100ms"
	if runtime.GOOS == "linux" {
		interval = "1h"
	}
	cmd := exec.Command(bin, "dev", "--addr", addr, "--interval", interval)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt) // dev stops its command and removes its files
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
			t.Error("fabkit dev did not stop on an interrupt")
		}
		if t.Failed() {
			t.Logf("fabkit dev:\n%s", log.String())
		}
	})
	site := "http://" + addr
	status := func() devStatus {
		var st devStatus
		resp, err := http.Get(site + "/dev/status")
		if err != nil {
			return st
		}
		defer resp.Body.Close()
		json.NewDecoder(resp.Body).Decode(&st)
		return st
	}
	waitStatus := func(what string, ok func(devStatus) bool) devStatus {
		t.Helper()
		deadline := time.Now().Add(3 * time.Minute)
		for {
			st := status()
			if ok(st) {
				return st
			}
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s: %+v", what, st)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	first := waitStatus("the first build", func(s devStatus) bool { return s.Live == 1 && s.State == "ok" })
	t.Logf("first build: compile %d ms, build %d ms", first.CompileMS, first.BuildMS)

	wd := webdriver.Start(t, 1280, 1000)
	wd.Describe = `return document.getElementById("dev").textContent + " | " + document.getElementById("status").textContent + " | " + document.getElementById("error").textContent`
	wd.Open(site + "/#design=bracket")
	reach := `(() => { const row = [...document.querySelectorAll("#summary tr")].find(r => r.cells[0] && r.cells[0].textContent === "Reach past the plates"); return row ? row.cells[1].textContent : ""; })()`
	wd.WaitFor("the first result", `return document.body.dataset.live === "1" && `+reach+` === "6in"`, 2*time.Minute)
	wd.Script(`window.sameDocument = true; return true`, new(bool))

	src := filepath.Join(dir, "bracket", "bracket.go")
	orig, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(from, to string, in []byte) []byte {
		t.Helper()
		if !bytes.Contains(in, []byte(from)) {
			t.Fatalf("bracket.go has no %q", from)
		}
		return bytes.Replace(in, []byte(from), []byte(to), 1)
	}
	save := func(data []byte) {
		t.Helper()
		if err := os.WriteFile(src, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const oldDefault = `"arm_length", "Arm", I, "12in"`

	// A new default: the page reloads the schema and rebuilds by itself.
	longer := edit(oldDefault, `"arm_length", "Arm", I, "20in"`, orig)
	save(longer)
	st := waitStatus("the rebuild", func(s devStatus) bool { return s.Live == 2 && s.State == "ok" })
	wd.WaitFor("the new result", `return document.body.dataset.live === "2" && document.getElementById("p-arm_length").value === "20in" && `+reach+` === "14in" && !document.getElementById("output").classList.contains("stale")`, time.Minute)
	var same bool
	wd.Script(`return window.sameDocument === true`, &same)
	if !same {
		t.Error("the page reloaded itself; it should update in place")
	}
	var shownBuild string
	wd.Script(`return document.getElementById("bundle").getAttribute("href") || ""`, &shownBuild)
	if st.BuildID == "" || !strings.Contains(shownBuild, st.BuildID) {
		t.Errorf("the page shows build %q; at the defaults it should show the loop's own, %s, not build again", shownBuild, st.BuildID)
	}
	// The loop's build is a preview build, and the page's preview (the
	// drawings and the 3D view) is that build's, full quality, not
	// another build of the same inputs.
	if !st.Preview {
		t.Errorf("the loop's build %s is a full build; it should be a preview", st.BuildID)
	}
	wd.WaitFor("the preview of the new result", `return document.getElementById("preview").dataset.build !== undefined && !document.getElementById("preview").classList.contains("loading") && document.querySelectorAll("#preview .part-tile").length > 0`, time.Minute)
	var shownPreview string
	wd.Script(`return document.getElementById("preview").dataset.build`, &shownPreview)
	if scene := defaultScene(t, site, "bracket"); scene.Build != shownPreview || scene.Quality != "full" {
		t.Errorf("the page previews %s; the defaults' preview is %s of quality %q, want the loop's build's (quality full)", shownPreview, scene.Build, scene.Quality)
	}
	t.Logf("rebuild after a one-line edit: %d ms from the save (compile %d ms, build %d ms)", st.TotalMS, st.CompileMS, st.BuildMS)
	wd.SaveScreenshot("dev-live")

	// A compile error: file:line on the page, the results marked stale.
	lines := strings.Split(string(longer), "\n")
	at := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "// checkPlates") {
			at = i
			break
		}
	}
	if at < 0 {
		t.Fatal("bracket.go has no checkPlates")
	}
	broken := append(append(append([]string{}, lines[:at]...), "var _ = undefinedThing", ""), lines[at:]...)
	save([]byte(strings.Join(broken, "\n")))
	st = waitStatus("the compile error", func(s devStatus) bool { return s.State == "error" && s.Stage == "compile" })
	if len(st.Errors) == 0 || st.Errors[0].File != "bracket/bracket.go" || st.Errors[0].Line != at+1 {
		t.Errorf("compile errors %+v, want bracket/bracket.go:%d", st.Errors, at+1)
	}
	wd.WaitFor("the compile error on the page", fmt.Sprintf(`const li = document.querySelector('#dev-errors li[data-file="bracket/bracket.go"][data-line="%d"]');
		return !!li && li.textContent.includes("bracket/bracket.go:%d") && li.textContent.includes("undefinedThing") &&
			document.getElementById("output").classList.contains("stale") && !document.getElementById("stale").classList.contains("hidden") &&
			document.getElementById("dev").classList.contains("dev-error")`, at+1, at+1), time.Minute)
	var shown string
	wd.Script(`return `+reach, &shown)
	if shown != "14in" {
		t.Errorf("the last good result should stay on the page, marked stale; it shows reach %q", shown)
	}
	wd.SaveScreenshot("dev-compile-error")

	// A default the design's check refuses: the build fails, shown likewise.
	save(edit(oldDefault, `"arm_length", "Arm", I, "6in"`, orig))
	st = waitStatus("the failed build", func(s devStatus) bool { return s.State == "error" && s.Stage == "build" })
	if !strings.Contains(st.Message, "arm_length") || st.Live != 2 {
		t.Errorf("failed build: %+v, want a message naming arm_length and generation 2 still live", st)
	}
	// The page places it at the check's line and at the declaration of
	// the parameter it names, as file:line.
	lineOf := func(src []byte, part string) int {
		t.Helper()
		for i, l := range strings.Split(string(src), "\n") {
			if strings.Contains(l, part) {
				return i + 1
			}
		}
		t.Fatalf("bracket.go has no %q", part)
		return 0
	}
	check, decl := lineOf(orig, `r.Errorf([]string{"arm_length"`), lineOf(orig, `s.Length("arm_length"`)
	places := map[int]bool{}
	for _, e := range st.Errors {
		if e.File == "bracket/bracket.go" {
			places[e.Line] = true
		}
	}
	if !places[check] || !places[decl] {
		t.Errorf("failed check placed at %+v, want bracket/bracket.go:%d (the check) and :%d (arm_length)", st.Errors, check, decl)
	}
	wd.WaitFor("the failed check on the page", fmt.Sprintf(`const li = document.querySelector('#dev-errors li[data-file="bracket/bracket.go"][data-line="%d"]');
		return !!li && li.textContent.startsWith("bracket/bracket.go:%d:") && li.textContent.includes("arm_length") &&
			!!document.querySelector('#dev-errors li[data-file="bracket/bracket.go"][data-line="%d"]') &&
			document.getElementById("output").classList.contains("stale") && document.getElementById("dev").classList.contains("dev-error")`, check, check, decl), time.Minute)
	wd.SaveScreenshot("dev-failed-check")

	// The fix: current again.
	save(longer)
	st = waitStatus("the fix", func(s devStatus) bool { return s.State == "ok" && s.Live > 2 })
	wd.WaitFor("the page current again", fmt.Sprintf(`return document.body.dataset.live === "%d" && !document.getElementById("output").classList.contains("stale") && `+reach+` === "14in"`, st.Live), time.Minute)
	wd.Script(`return window.sameDocument === true`, &same)
	if !same {
		t.Error("the page reloaded itself")
	}
}

// sceneDoc is what preview.json answers (service.sceneDoc), in part.
type sceneDoc struct {
	Build   string `json:"build"`
	Quality string `json:"quality"`
}

// defaultScene is preview.json of design at its defaults in the default
// shop, asked as the page asks it.
func defaultScene(t *testing.T, site, design string) sceneDoc {
	t.Helper()
	get := func(path string, v any) {
		t.Helper()
		resp, err := http.Get(site + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %s", path, resp.Status)
		}
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
	}
	var shops []struct {
		ID      string `json:"id"`
		Default bool   `json:"default"`
	}
	get("/api/shops", &shops)
	q := ""
	for _, s := range shops {
		if s.Default {
			q = "?shop=" + s.ID
		}
	}
	var doc sceneDoc
	get("/api/designs/"+design+"/preview.json"+q, &doc)
	return doc
}
