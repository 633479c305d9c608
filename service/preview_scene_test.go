package service

import (
	"encoding/binary"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestPreviewScene: preview.json names every part with its drawing and its
// instances' triangles, which add up to the assembly mesh it serves.
func TestPreviewScene(t *testing.T) {
	ts := newTestServer(t, Config{})
	code, data, hdr := ts.do("GET", "/api/designs/bench/preview.json?plate_count=3", "")
	if code != 200 || hdr.Get("Content-Type") != "application/json" {
		t.Fatalf("preview.json: %d %s", code, data)
	}
	var doc sceneDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Parts) != 1 || doc.Parts[0].ID != "p1" || doc.Parts[0].Qty != 3 || len(doc.Parts[0].Triangles) != 3 {
		t.Fatalf("scene parts: %+v", doc.Parts)
	}
	p := doc.Parts[0]
	want := 0
	for i, r := range p.Triangles {
		if r[0] != want || r[1] <= 0 {
			t.Errorf("instance %d: triangles %v, want from %d", i, r, want)
		}
		want = r[0] + r[1]
	}
	if want != doc.Triangles {
		t.Errorf("the instances hold %d triangles, the mesh %d", want, doc.Triangles)
	}
	code, data, hdr = ts.do("GET", strings.TrimPrefix(doc.Mesh, ts.url), "")
	if code != 200 || hdr.Get("Content-Type") != "model/stl" || len(data) < 84 || int(binary.LittleEndian.Uint32(data[80:])) != doc.Triangles {
		t.Errorf("mesh %s: %d %s, %d bytes", doc.Mesh, code, hdr.Get("Content-Type"), len(data))
	}
	if !strings.HasSuffix(p.Drawing, "/parts/p1.svg") {
		t.Fatalf("p1's drawing %q", p.Drawing)
	}
	code, data, hdr = ts.do("GET", p.Drawing, "")
	if code != 200 || hdr.Get("Content-Type") != "image/svg+xml" || !strings.Contains(string(data), "<svg") {
		t.Errorf("p1's drawing: %d %s", code, hdr.Get("Content-Type"))
	}
	// The same inputs again: from the cache, and preview.svg shares the build.
	misses := ts.metrics.previewMisses.Load()
	ts.do("GET", "/api/designs/bench/preview.json?plate_count=3", "")
	if code, _, _ := ts.do("GET", "/api/designs/bench/preview.svg?plate_count=3", ""); code != 200 || ts.metrics.previewMisses.Load() != misses {
		t.Errorf("a second preview of the same inputs built again (%d misses, then %d)", misses, ts.metrics.previewMisses.Load())
	}
	if code, _, _ := ts.do("GET", "/api/previews/"+doc.Build+"/parts/nothing.svg", ""); code != http.StatusNotFound {
		t.Errorf("an unknown preview file: %d", code)
	}
	if code, _, _ := ts.do("GET", "/api/previews/0000/assembly.stl", ""); code != http.StatusNotFound {
		t.Errorf("an unknown preview: %d", code)
	}
}

// TestPreviewNeverQueuesABuild: with one worker busy on a slow preview, a
// posted build still runs at once (previews have slots of their own).
func TestPreviewNeverQueuesABuild(t *testing.T) {
	ts := newTestServer(t, Config{Workers: 1})
	slow := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest("GET", ts.url+"/api/designs/bench/preview.json?delay_ms=5000", nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			slow <- resp.StatusCode
		} else {
			slow <- 0
		}
	}()
	for deadline := time.Now().Add(10 * time.Second); len(ts.previewSlots) == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the slow preview did not start")
		}
	}
	t0 := time.Now()
	st := ts.wait(ts.build(`{"design": "bench", "params": {"plate_count": 3}}`).ID)
	if st.Status != StatusDone || time.Since(t0) > 4*time.Second {
		t.Errorf("a build beside a running preview: %s after %v", st.Status, time.Since(t0))
	}
	if code := <-slow; code != 200 {
		t.Errorf("the slow preview: %d", code)
	}
}

// TestPreviewBuildPosted: a posted preview build (fabkit dev's on every
// save) writes no G-code, has an id of its own, and its scene answers the
// preview.json of the same inputs at once, at full mesh quality; a preview
// build refuses formats it does not write.
func TestPreviewBuildPosted(t *testing.T) {
	ts := newTestServer(t, Config{})
	code, data, _ := ts.do("POST", "/api/builds?wait=true", `{"design": "bench", "params": {"plate_count": 2}, "preview": true, "formats": ["stl", "sheets"]}`)
	st := decodeStatus(t, data)
	if code != 200 || st.Status != StatusDone || len(st.Files) == 0 {
		t.Fatalf("preview build: %d %s", code, data)
	}
	for _, f := range st.Files {
		if !strings.HasPrefix(f.Path, "stl/") && !strings.HasPrefix(f.Path, "sheets/") && f.Path != "manifest.json" {
			t.Errorf("a preview build wrote %s", f.Path)
		}
	}
	full, _ := ts.resolve(&BuildRequest{Design: "bench", Params: map[string]any{"plate_count": "2"}, Formats: []string{"stl", "sheets"}})
	if st.ID == full.id {
		t.Error("a preview build has a full build's id")
	}
	hits := ts.metrics.previewHits.Load()
	code, data, _ = ts.do("GET", "/api/designs/bench/preview.json?plate_count=2", "")
	var doc sceneDoc
	if err := json.Unmarshal(data, &doc); code != 200 || err != nil || ts.metrics.previewHits.Load() != hits+1 || doc.Quality != sceneFull || len(doc.Parts) != 1 || doc.Parts[0].Drawing == "" {
		t.Errorf("preview.json after the preview build: %d, hits %d -> %d, %s", code, hits, ts.metrics.previewHits.Load(), data)
	}
	code, data, _ = ts.do("POST", "/api/builds", `{"design": "bench", "preview": true, "formats": ["gcode"]}`)
	if e := errorBody(t, data); code != 400 || e.Field != "formats[0]" {
		t.Errorf("a preview build of gcode: %d %s", code, data)
	}
}
