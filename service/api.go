package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/fabkit/fabkit/internal/excerpt"
	"github.com/fabkit/fabkit/pipeline"
	"github.com/fabkit/fabkit/shop"
)

// DesignInfo is one entry of GET /api/designs.
type DesignInfo struct {
	Name    string   `json:"name"`    // registry name
	Summary string   `json:"summary"` // one line
	Version string   `json:"version"` // the design's own revision
	Presets []string `json:"presets"` // preset names in declaration order
	Schema  string   `json:"schema"`  // URL of the parameter schema
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	closing := s.closing
	s.mu.Unlock()
	if closing {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "shutting down"})
		return
	}
	if c := s.cfg.Cluster; c != nil && !c.Connected() {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "no connection to NATS"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "fabkit": pipeline.Version})
}

func (s *Server) handleDesigns(w http.ResponseWriter, r *http.Request) {
	list := []DesignInfo{}
	for _, name := range s.designNames() {
		d := s.design(name)
		presets := d.Schema().PresetNames()
		list = append(list, DesignInfo{Name: name, Summary: d.Summary(), Version: d.Version(), Presets: presets,
			Schema: "/api/designs/" + name})
	}
	writeJSON(w, http.StatusOK, list)
}

// handleDesign serves the schema exactly as `fabkit params --json` prints it.
func (s *Server) handleDesign(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	d := s.design(name)
	if d == nil {
		writeError(w, notFound("name", "unknown design %s (designs: %s)", excerpt.Quote(name), strings.Join(s.designNames(), ", ")))
		return
	}
	writeJSON(w, http.StatusOK, d.Schema().JSON(d.Name(), d.Summary(), d.Version()))
}

// ShopInfo is one entry of GET /api/shops and the body of POST /api/shops.
type ShopInfo struct {
	ID       string `json:"id"`                // the name to give as "shop" in a build request
	Name     string `json:"name"`              // the shop's own name
	Units    string `json:"units"`             // imperial or metric
	Currency string `json:"currency"`          // ISO 4217
	Builtin  bool   `json:"builtin"`           // shipped with fabkit, not posted
	Default  bool   `json:"default,omitempty"` // the shop used when a request names none
}

func shopInfo(id string, sh *shop.Shop, builtin bool) ShopInfo {
	return ShopInfo{ID: id, Name: sh.Name, Units: string(sh.Units), Currency: sh.Currency, Builtin: builtin}
}

func (s *Server) handleShops(w http.ResponseWriter, r *http.Request) {
	list := []ShopInfo{}
	for _, name := range shop.BuiltinNames() {
		if sh, err := shop.Builtin(name); err == nil {
			info := shopInfo(name, sh, true)
			info.Default = name == shop.DefaultName
			list = append(list, info)
		}
	}
	// Posted shops come from the index (never parsed here), and only the
	// ones this client posted: another user's shop names stay private.
	list = append(list, s.cache.shopsOf(clientID(r))...)
	writeJSON(w, http.StatusOK, list)
}

// admitted runs fn, a request's own heavy work (parsing a shop), under the
// request admission (one token per CPU) and the per-request budget: a
// flood of shop posts queues for the tokens instead of parsing all at once,
// and a request that cannot get a token within its budget gets 429. fn
// keeps its token until it returns, even when the request has given up.
func (s *Server) admitted(r *http.Request, fn func()) *apiError {
	ctx, cancel := s.budget(r)
	defer cancel()
	busy := &apiError{Status: http.StatusTooManyRequests, Message: "server busy; retry later"}
	select {
	case s.parse <- struct{}{}:
	case <-ctx.Done():
		return busy
	}
	done := make(chan struct{})
	go func() {
		defer func() { <-s.parse; close(done) }()
		fn()
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		busy.Message = fmt.Sprintf("request took longer than its budget (%s); retry later", s.cfg.RequestTimeout)
		return busy
	}
}

// handlePostShop validates a shop document (YAML or JSON body) and stores
// it; builds refer to it by the returned id.
func (s *Server) handlePostShop(w http.ResponseWriter, r *http.Request) {
	if e := requireType(r, shopTypes...); e != nil {
		writeError(w, e)
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	if err != nil {
		writeError(w, bodyError(err))
		return
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		writeError(w, bodyError(errEmptyBody))
		return
	}
	var sh *shop.Shop
	var apiErr *apiError
	if busy := s.admitted(r, func() { sh, _, apiErr = parseShop(data) }); busy != nil {
		w.Header().Set("Retry-After", "5")
		writeError(w, busy)
		return
	}
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}
	e, err := s.cache.putShop(data, sh, ensureClient(w, r))
	if err != nil {
		writeError(w, &apiError{Status: http.StatusInternalServerError, Message: "storing the shop: " + err.Error()})
		return
	}
	if c := s.cfg.Cluster; c != nil { // every replica and worker can read it
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
		err := c.PutShop(ctx, strings.TrimPrefix(e.info.ID, "sha256:"), data)
		cancel()
		if err != nil {
			writeError(w, clusterError(err))
			return
		}
	}
	writeJSON(w, http.StatusCreated, e.info)
}

// handlePostBuild validates the request, then returns the cached build
// (200), or queues it (202). With ?wait=true it waits for the build and
// answers 200 with the final status; if the client goes away first, a build
// nobody else asked for is cancelled.
func (s *Server) handlePostBuild(w http.ResponseWriter, r *http.Request) {
	if e := requireType(r, "application/json"); e != nil {
		writeError(w, e)
		return
	}
	var req BuildRequest
	if err := decodeJSON(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody), &req); err != nil {
		writeError(w, bodyError(err))
		return
	}
	var sp *spec
	var apiErr *apiError
	if busy := s.admitted(r, func() { sp, apiErr = s.resolve(&req) }); busy != nil { // an inline shop is parsed here
		w.Header().Set("Retry-After", "5")
		writeError(w, busy)
		return
	}
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}
	wait, _ := strconv.ParseBool(r.URL.Query().Get("wait"))
	if s.cfg.Cluster != nil {
		s.postClustered(w, r, sp, wait)
		return
	}
	e, j, apiErr := s.submit(sp, !wait)
	if apiErr != nil {
		if apiErr.Status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "5")
		}
		writeError(w, apiErr)
		return
	}
	w.Header().Set("Location", "/api/builds/"+sp.id)
	if e != nil {
		writeStatus(w, http.StatusOK, doneStatus(e, true))
		return
	}
	if !wait {
		st := j.view()
		code := http.StatusAccepted
		if st.Status == StatusFailed || st.Status == StatusDone {
			code = http.StatusOK
		}
		writeStatus(w, code, st)
		return
	}
	http.NewResponseController(w).SetWriteDeadline(time.Now().Add(s.cfg.BuildTimeout + s.cfg.WriteTimeout))
	select {
	case <-j.done:
		s.leave(j)
		writeStatus(w, http.StatusOK, j.view())
	case <-r.Context().Done():
		s.leave(j)
	}
}

// buildID reads and checks the id in the path.
func buildID(r *http.Request) (string, *apiError) {
	id := r.PathValue("id")
	if !idPattern.MatchString(id) {
		return "", badRequest("id", "bad build id %q: expected 64 lowercase hex digits", clip(id))
	}
	return id, nil
}

// clip shortens user text quoted in an error, escaping control
// characters (excerpt.Text).
func clip(s string) string { return excerpt.Text(s) }

func (s *Server) handleBuild(w http.ResponseWriter, r *http.Request) {
	id, apiErr := buildID(r)
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}
	st, apiErr := s.lookupContext(r.Context(), id)
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}
	if st == nil {
		writeError(w, notFound("id", "no build %s", id))
		return
	}
	writeStatus(w, http.StatusOK, st)
}

// handleCancelBuild cancels a queued or running build.
func (s *Server) handleCancelBuild(w http.ResponseWriter, r *http.Request) {
	id, apiErr := buildID(r)
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}
	if s.cfg.Cluster != nil {
		s.cancelClustered(w, r, id)
		return
	}
	s.mu.Lock()
	j := s.jobs[id]
	s.mu.Unlock()
	if j == nil {
		if s.cache.get(id) != nil {
			writeError(w, &apiError{Status: http.StatusConflict, Field: "id", Message: "build " + id + " is already done"})
			return
		}
		writeError(w, notFound("id", "no build %s", id))
		return
	}
	j.cancel()
	<-j.done
	writeStatus(w, http.StatusOK, j.view())
}

// cleanFilePath checks a file path of a build: relative, slash-separated,
// already clean, without "..", "." or empty elements, control characters or
// backslashes. The file must also be listed in the build (checked by the
// caller) and is opened through os.Root, so three fences stand in the way
// of a traversal.
func cleanFilePath(p string) error {
	switch {
	case p == "":
		return errors.New("no file path")
	case len(p) > 512:
		return errors.New("file path too long")
	case strings.HasPrefix(p, "/") || path.IsAbs(p):
		return errors.New("absolute file paths are not allowed")
	case strings.ContainsAny(p, "\\\x00") || strings.ContainsFunc(p, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return errors.New("file path has a backslash or a control character")
	case path.Clean(p) != p:
		return errors.New("file path is not clean")
	}
	for _, el := range strings.Split(p, "/") {
		if el == ".." || el == "." || el == "" {
			return errors.New("file path must not contain '..' or '.' elements")
		}
	}
	return nil
}

func (s *Server) handleFile(w http.ResponseWriter, r *http.Request) {
	id, apiErr := buildID(r)
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}
	p := r.PathValue("path")
	if err := cleanFilePath(p); err != nil {
		writeError(w, badRequest("path", "%q: %v", clip(p), err))
		return
	}
	e := s.doneEntry(r.Context(), id)
	if e == nil {
		s.notDone(w, id)
		return
	}
	i, ok := e.byPath[p]
	if !ok {
		writeError(w, notFound("path", "build %s has no file %q", id[:12], clip(p)))
		return
	}
	f, err := s.cache.openChecked(e, i)
	var dmg *damagedError
	if errors.As(err, &dmg) {
		writeError(w, &apiError{Status: http.StatusInternalServerError, Field: "id", Message: dmg.Error()})
		return
	}
	if err != nil {
		writeError(w, notFound("path", "build %s: file %q is gone (evicted?)", id[:12], clip(p)))
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", contentType(p, e.files[i].Kind))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable") // ids name content
	w.Header().Set("ETag", `"`+id[:16]+"-"+strconv.Itoa(i)+`"`)
	if r.URL.Query().Get("download") != "" {
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": path.Base(p)}))
	}
	http.ServeContent(newProgressWriter(w, s.cfg.WriteTimeout), r, "", time.Time{}, f)
}

// notDone answers a file request for a build that is not in the cache.
func (s *Server) notDone(w http.ResponseWriter, id string) {
	st := s.lookup(id)
	if st == nil {
		writeError(w, notFound("id", "no build %s", id))
		return
	}
	writeError(w, &apiError{Status: http.StatusConflict, Field: "id", Message: fmt.Sprintf("build %s is %s, not done", id[:12], st.Status)})
}

func (s *Server) handleBundle(w http.ResponseWriter, r *http.Request) {
	id, apiErr := buildID(r)
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}
	e := s.doneEntry(r.Context(), id)
	if e == nil {
		s.notDone(w, id)
		return
	}
	p, err := s.cache.bundle(e)
	if err != nil {
		writeError(w, &apiError{Status: http.StatusInternalServerError, Field: "id", Message: "writing the bundle: " + err.Error()})
		return
	}
	f, err := os.Open(p)
	if err != nil {
		writeError(w, notFound("id", "build %s: bundle is gone (evicted?)", id[:12]))
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "fabkit-" + id[:12] + ".zip"}))
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("ETag", `"`+id[:16]+`-zip"`)
	http.ServeContent(newProgressWriter(w, s.cfg.WriteTimeout), r, "", time.Time{}, f)
}

// contentType of an output file, by kind and extension.
func contentType(p, kind string) string {
	switch kind {
	case "stl":
		return "model/stl"
	case "3mf":
		return "model/3mf"
	case "dxf":
		return "image/vnd.dxf"
	case "gcode", "txt", "csv":
		if kind == "csv" {
			return "text/csv; charset=utf-8"
		}
		return "text/plain; charset=utf-8"
	case "json":
		return "application/json"
	case "svg":
		return "image/svg+xml"
	}
	if t := mime.TypeByExtension(path.Ext(p)); t != "" {
		return t
	}
	return "application/octet-stream"
}
