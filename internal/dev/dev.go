// Package dev is the live design loop behind `fabkit dev`: it watches a
// design repository's Go files (inotify on Linux wakes it at once; a poll
// finds what changed, and is all it has elsewhere), rebuilds the
// repository's command with go build on every save, runs the new command's
// web service and builds the design in it (a preview build: what the page
// shows), and serves the web page through it, telling the page what
// happened over server-sent events. A compile error or a failed build keeps the last good
// generation serving, so the page marks its results stale instead of
// losing them.
package dev

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fabkit/fabkit/pipeline"
)

// Config says what to watch, build and serve.
type Config struct {
	// Root is the repository's module folder (it holds go.mod).
	Root string
	// Package is the command to build, as go build takes it from Root,
	// e.g. "./cmd/bracket".
	Package string
	// Design is the design to build on every save; "" picks the command's
	// first design of its own, else its first design.
	Design string
	// Formats are the outputs the loop builds on every save (the page's
	// own Build makes a full build of all, on demand). When every kind
	// named is one a preview writes (stl, sheets), the loop's build is a
	// preview build (pipeline.Preview: the model, the meshes, each part's
	// drawing and the BOM; no nest, packet, G-code or DXF), and it always
	// writes the drawings too: the page's preview (preview.json) then
	// answers from the loop's own build instead of building again. Any
	// other kind, or an empty non-nil list (all kinds), makes it a full
	// build of those. nil means stl.
	Formats []string
	// Full makes the loop's build a full build of Formats even when a
	// preview would write them.
	Full bool
	// Interval is how often the files are polled; 0 means 250 ms. On
	// Linux a save is seen at once whatever the interval.
	Interval time.Duration
	// Go is the go command; "" finds it on PATH.
	Go string
	// Env is the environment of go build and of the command; nil means
	// this process's.
	Env []string
	// Log receives one line per rebuild; nil discards them.
	Log io.Writer
	// Page serves the web page while no generation is live (before the
	// first good build): the page then shows the compile error.
	Page http.Handler

	preview bool // New's choice: the loop's build is a preview build
}

// previewable reports whether a preview build writes every kind of formats.
func previewable(formats []string) bool {
	for _, f := range formats {
		if !pipeline.PreviewWrites(f) {
			return false
		}
	}
	return true
}

// previewFormats are the kinds of the loop's preview build: those asked
// and the drawings (sheets), which the page's preview shows, sorted.
func previewFormats(formats []string) []string {
	out := []string{"sheets"}
	for _, f := range formats {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return out
}

// States of a rebuild, in Status.State.
const (
	StateCompiling = "compiling" // go build is running
	StateStarting  = "starting"  // the new command's service is starting
	StateBuilding  = "building"  // the design is building in it
	StateOK        = "ok"        // the generation built and is live
	StateError     = "error"     // a stage failed; Live is the last good generation
)

// Status is the loop's state, as /dev/status and every event carry it.
type Status struct {
	Generation int    `json:"generation"` // counts the rebuilds started, from 1
	State      string `json:"state"`
	// Stage is the stage that failed (compile, start, build), for errors.
	Stage   string        `json:"stage,omitempty"`
	Design  string        `json:"design,omitempty"`
	Message string        `json:"message,omitempty"` // what failed, one line
	Errors  []SourceError `json:"errors,omitempty"`  // compile errors at their place; for a failed check, the check and the parameters it names
	Output  string        `json:"output,omitempty"`  // go build's output
	Changed []string      `json:"changed,omitempty"` // the files whose change started this rebuild
	// Live is the generation serving the page (the last good one); 0
	// before the first good build.
	Live    int    `json:"live"`
	BuildID string `json:"build_id,omitempty"` // the live generation's build of the design
	// Preview says BuildID is a preview build (Config.Formats); the page's
	// Build makes a full one.
	Preview bool `json:"preview,omitempty"`
	// Timings of the last good rebuild, in ms: compile (go build), start
	// (the service answering), build (the design's preview or full build of Config.Formats) and total
	// (from the save seen to live).
	CompileMS int64 `json:"compile_ms,omitempty"`
	StartMS   int64 `json:"start_ms,omitempty"`
	BuildMS   int64 `json:"build_ms,omitempty"`
	TotalMS   int64 `json:"total_ms,omitempty"`
}

// Loop is one `fabkit dev` session.
type Loop struct {
	cfg    Config
	tmp    string
	proxy  *httputil.ReverseProxy
	meshes string // the mesh cache folder the generations share (meshCacheFor); only rebuild touches it

	mu     sync.Mutex
	status Status
	live   *child
	subs   map[chan Status]bool
}

// New checks the configuration and makes a loop; Run starts it.
func New(cfg Config) (*Loop, error) {
	if cfg.Interval <= 0 {
		cfg.Interval = 250 * time.Millisecond
	}
	if cfg.Formats == nil {
		cfg.Formats = []string{"stl"}
	}
	if !cfg.Full && len(cfg.Formats) > 0 && previewable(cfg.Formats) {
		cfg.Formats = previewFormats(cfg.Formats)
		cfg.preview = true
	}
	if cfg.Go == "" {
		p, err := exec.LookPath("go")
		if err != nil {
			return nil, fmt.Errorf("dev: the go command rebuilds the design: %w", err)
		}
		cfg.Go = p
	}
	if cfg.Env == nil {
		cfg.Env = os.Environ()
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	root, err := filepath.Abs(cfg.Root)
	if err != nil {
		return nil, err
	}
	if !isFile(filepath.Join(root, "go.mod")) {
		return nil, fmt.Errorf("dev: %s holds no go.mod", root)
	}
	cfg.Root = root
	l := &Loop{cfg: cfg, subs: map[chan Status]bool{}}
	l.proxy = &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			l.mu.Lock()
			c := l.live
			l.mu.Unlock()
			pr.SetURL(c.base)
			pr.Out.Host = pr.In.Host // the service checks Origin against Host
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			writeErr(w, http.StatusBadGateway, "the design's command did not answer: "+err.Error())
		},
	}
	return l, nil
}

func isFile(p string) bool {
	info, err := os.Stat(p)
	return err == nil && !info.IsDir()
}

// Status returns the current state.
func (l *Loop) Status() Status {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.status
}

// Run watches, rebuilds and keeps the live generation running until ctx
// ends; then it stops the command and removes its temporary files.
func (l *Loop) Run(ctx context.Context) error {
	tmp, err := os.MkdirTemp("", "fabkit-dev-")
	if err != nil {
		return err
	}
	l.tmp = tmp
	defer os.RemoveAll(tmp)

	var (
		gen    int
		cancel context.CancelFunc = func() {}
		done                      = make(chan struct{})
	)
	close(done)
	start := func(files []string, seen time.Time) {
		cancel()
		<-done // one rebuild at a time: a newer save replaces an older one
		gen++
		var bctx context.Context
		bctx, cancel = context.WithCancel(ctx)
		done = make(chan struct{})
		go func(gen int, done chan struct{}) {
			defer close(done)
			l.rebuild(bctx, gen, files, seen)
		}(gen, done)
	}
	snap := scan(l.cfg.Root)
	notes := newNotifier()
	defer notes.close()
	notes.watch(l.cfg.Root, snap)
	start(nil, time.Now())
	tick := time.NewTicker(l.cfg.Interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			cancel()
			<-done
			l.mu.Lock()
			c := l.live
			l.live = nil
			l.mu.Unlock()
			if c != nil {
				c.stop()
			}
			return nil
		case <-tick.C:
		case <-notes.C(): // a save seen at once, not at the next poll
		}
		next := scan(l.cfg.Root)
		files := changed(snap, next)
		if len(files) == 0 {
			continue
		}
		seen := time.Now()
		// An editor may save in steps: wait until the files hold still.
		for range 10 {
			time.Sleep(30 * time.Millisecond)
			again := scan(l.cfg.Root)
			if len(changed(next, again)) == 0 {
				break
			}
			next = again
		}
		snap = next
		notes.watch(l.cfg.Root, snap)
		start(files, seen)
	}
}

// rebuild compiles the command, starts its service, builds the design in
// it and, when all went well, makes it the live generation.
func (l *Loop) rebuild(ctx context.Context, gen int, files []string, seen time.Time) {
	l.update(func(s *Status) {
		*s = Status{Generation: gen, State: StateCompiling, Design: s.Design, Changed: files, Live: s.Live, BuildID: s.BuildID, Preview: s.Preview}
	})
	dir := filepath.Join(l.tmp, fmt.Sprintf("gen-%d", gen))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		l.fail(gen, "compile", err.Error(), nil, "")
		return
	}
	bin := filepath.Join(dir, "fabkit-dev-command")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	t0 := time.Now()
	// Without a symbol table and DWARF the link, most of a one-line
	// edit's compile, is shorter; panics still print their stacks. No
	// VCS stamp: nothing reads it, and it costs a git status per save.
	cmd := exec.CommandContext(ctx, l.cfg.Go, "build", "-buildvcs=false", "-ldflags=-s -w", "-o", bin, l.cfg.Package)
	cmd.Dir, cmd.Env = l.cfg.Root, buildEnv(l.cfg.Env)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		os.RemoveAll(dir)
		return
	}
	if err != nil {
		os.RemoveAll(dir)
		errs := parseErrors(string(out), l.cfg.Root, l.cfg.Root)
		msg := "go build failed"
		if len(errs) > 0 {
			msg = errs[0].String()
		}
		l.fail(gen, "compile", msg, errs, strings.TrimSpace(string(out)))
		return
	}
	compiled := time.Now()

	l.update(func(s *Status) { s.State = StateStarting })
	c, err := startChild(ctx, bin, dir, l.meshCacheFor(gen, files), gen, l.cfg.Env)
	if ctx.Err() != nil {
		if c != nil {
			c.stop()
		}
		os.RemoveAll(dir)
		return
	}
	if err != nil {
		os.RemoveAll(dir)
		l.fail(gen, "start", err.Error(), nil, "")
		return
	}
	started := time.Now()

	design := l.cfg.Design
	if design == "" {
		if design, err = firstDesign(ctx, bin, l.cfg.Env); err != nil {
			c.stop()
			l.fail(gen, "start", err.Error(), nil, "")
			return
		}
	}
	l.update(func(s *Status) { s.State, s.Design = StateBuilding, design })
	id, err := c.build(ctx, design, l.cfg.Formats, l.cfg.preview)
	if ctx.Err() != nil {
		c.stop()
		return
	}
	if err != nil {
		c.stop()
		l.fail(gen, "build", err.Error(), locateFailure(l.cfg.Root, err), "")
		return
	}
	built := time.Now()

	l.mu.Lock()
	old := l.live
	l.live = c
	l.status = Status{Generation: gen, State: StateOK, Design: design, Changed: files, Live: gen, BuildID: id, Preview: l.cfg.preview,
		CompileMS: compiled.Sub(t0).Milliseconds(), StartMS: started.Sub(compiled).Milliseconds(),
		BuildMS: built.Sub(started).Milliseconds(), TotalMS: built.Sub(seen).Milliseconds()}
	st := l.status
	l.publishLocked()
	l.mu.Unlock()
	if old != nil {
		old.stop()
	}
	kind := "full build"
	if st.Preview {
		kind = "preview"
	}
	fmt.Fprintf(l.cfg.Log, "fabkit dev: %s built in %.1f s (compile %.1f s, start %.1f s, %s %.1f s)\n", design,
		float64(st.TotalMS)/1000, float64(st.CompileMS)/1000, float64(st.StartMS)/1000, kind, float64(st.BuildMS)/1000)
}

// buildEnv is go build's environment: env with the compiler's and the
// linker's garbage collector set to run a quarter as often (GOGC=400)
// unless env sets GOGC. A save's build is mostly one link, which then takes
// ~15 % less CPU for ~10 % more memory (~450 MB for cmd/fabkit).
func buildEnv(env []string) []string {
	for _, kv := range env {
		if strings.HasPrefix(kv, "GOGC=") {
			return env
		}
	}
	return append(slices.Clip(env), "GOGC=400")
}

// firstDesign is the command's first design of its own, else its first.
func firstDesign(ctx context.Context, bin string, env []string) (string, error) {
	for _, args := range [][]string{{"designs", "--own", "--names"}, {"designs", "--names"}} {
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Env = env
		out, err := cmd.Output()
		if err != nil {
			return "", fmt.Errorf("listing the designs: %w", err)
		}
		if names := strings.Fields(string(out)); len(names) > 0 {
			return names[0], nil
		}
	}
	return "", errors.New("the command has no designs")
}

// fail records a failed stage of generation gen; the live generation
// stays.
func (l *Loop) fail(gen int, stage, msg string, errs []SourceError, output string) {
	l.update(func(s *Status) {
		s.State, s.Stage, s.Message, s.Errors, s.Output = StateError, stage, msg, errs, output
	})
	fmt.Fprintf(l.cfg.Log, "fabkit dev: %s failed: %s\n", stage, msg)
}

// update changes the status (when it is still about the newest
// generation) and tells every subscriber.
func (l *Loop) update(f func(*Status)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f(&l.status)
	l.publishLocked()
}

func (l *Loop) publishLocked() {
	for ch := range l.subs {
		select { // the newest status replaces one not yet sent
		case <-ch:
		default:
		}
		ch <- l.status
	}
}

// Handler serves /dev/status, /dev/events (server-sent events, one
// "status" event per change) and, through the live generation, the web
// page and its API.
func (l *Loop) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /dev/status", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		json.NewEncoder(w).Encode(l.Status())
	})
	mux.HandleFunc("GET /dev/events", l.events)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		live := l.live != nil
		l.mu.Unlock()
		switch {
		case live:
			l.proxy.ServeHTTP(w, r)
		case l.cfg.Page != nil && (r.URL.Path == "/" || strings.HasPrefix(r.URL.Path, "/web/")):
			l.cfg.Page.ServeHTTP(w, r)
		default:
			writeErr(w, http.StatusServiceUnavailable, "the design has not built yet: "+l.Status().Message)
		}
	})
	return mux
}

func (l *Loop) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		writeErr(w, http.StatusInternalServerError, "streaming is not supported")
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	ch := make(chan Status, 1)
	l.mu.Lock()
	l.subs[ch] = true
	ch <- l.status
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		delete(l.subs, ch)
		l.mu.Unlock()
	}()
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		select {
		case st := <-ch:
			data, _ := json.Marshal(st)
			fmt.Fprintf(w, "event: status\ndata: %s\n\n", data)
		case <-ping.C:
			io.WriteString(w, ": ping\n\n")
		case <-r.Context().Done():
			return
		}
		flusher.Flush()
	}
}

func writeErr(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"message": msg}})
}

// Serve runs the loop and serves its handler on ln until ctx ends or
// serving fails.
func (l *Loop) Serve(ctx context.Context, ln net.Listener) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Requests share ctx, so that the event streams end with the loop.
	srv := &http.Server{Handler: l.Handler(), ReadHeaderTimeout: 10 * time.Second,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	loopDone := make(chan error, 1)
	go func() { loopDone <- l.Run(ctx) }()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	var err error
	select {
	case <-ctx.Done():
	case err = <-served:
	}
	cancel()
	sctx, stop := context.WithTimeout(context.Background(), 2*time.Second)
	defer stop()
	srv.Shutdown(sctx)
	if lerr := <-loopDone; err == nil {
		err = lerr
	}
	return err
}
