// Package service is fabkit's HTTP API and web page (`fabkit serve`): it
// lists the designs and their parameter schemas, validates build requests
// before any work starts, runs builds on a bounded queue, keeps their output
// folders in an on-disk cache capped by size (least recently used first out),
// and serves files, deterministic bundles and previews.
//
// A build is named by the SHA-256 of its canonical inputs (design and its
// version, preset, sorted parameters as given, the shop's name or document
// hash, output kinds, fabkit's version), so posting the same inputs again
// returns the same id and, once built, the cached folder. The endpoints are
// listed in web/openapi.json, served at /api/openapi.json.
//
// `fabkit serve` maps its flags onto Config:
//
//	--addr ADDR            Config.Addr (default 127.0.0.1:8080)
//	--cache DIR            Config.CacheDir (required)
//	--workers N            Config.Workers: builds at once (default: half the CPUs)
//	--max-queue N          Config.MaxQueue: builds waiting (default 16; -1: none)
//	--build-timeout DUR    Config.BuildTimeout (default 5m)
//	--max-body BYTES       Config.MaxBody (default 1MiB)
//	--cache-size BYTES     Config.CacheBytes (default 1GiB)
//	--grace DUR            Config.Grace: shutdown grace period (default 30s)
//	--max-conns N          Config.MaxConns: open connections (default 2048)
//	--read-timeout DUR     Config.ReadTimeout: one request, body included (default 60s)
//	--write-timeout DUR    Config.WriteTimeout: one response; a download, per write (default 60s)
//	--allow-origin ORIGIN  Config.AllowedOrigins: a reverse proxy's origin (repeatable)
//
// with Designs set to designs.All and Logger to a slog logger on stderr.
package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/fabkit/fabkit/geometry/solid"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/outputs/render"
	"github.com/fabkit/fabkit/service/cluster"
)

// Defaults for the zero values of Config.
const (
	DefaultMaxQueue     = 16
	DefaultBuildTimeout = 5 * time.Minute
	DefaultMaxBody      = 1 << 20 // 1 MiB
	DefaultCacheBytes   = 1 << 30 // 1 GiB
	// ViewCacheBytes caps the shaded part views kept in memory across
	// builds: several hundred views, so a rebuild with a parameter changed
	// renders only the views of the parts it changed.
	ViewCacheBytes = 16 << 20
	// MeshCacheBytes caps the mesh cache (Config.MeshCacheDir).
	MeshCacheBytes = 256 << 20
	DefaultGrace   = 30 * time.Second
)

// Config sets up a Server. Only CacheDir and Designs are required.
type Config struct {
	// Addr is the address Serve listens on, e.g. "127.0.0.1:8080". Requests
	// must name it (or a loopback name, or an AllowedOrigins host) in Host;
	// with no Addr, every Host is accepted.
	Addr string
	// CacheDir holds finished builds (CacheDir/builds/ID), bundles
	// (CacheDir/bundles/ID.zip) and uploaded shops (CacheDir/shops). It is
	// created when missing; a restarted server serves the builds in it.
	CacheDir string
	// MeshCacheDir keeps the meshes of free-form (printed) parts that builds
	// and previews march, keyed by their solid's parameters, so that a build
	// of the same part at the same cell marches nothing (solid.Cache, capped
	// at MeshCacheBytes). "" means CacheDir/meshes; "off" keeps none across
	// builds. `fabkit dev` points every generation of its command at one.
	MeshCacheDir string
	// Workers caps the builds running at once; 0 means half the CPUs (at
	// least 1).
	Workers int
	// MaxQueue caps the builds waiting for a worker; 0 means
	// DefaultMaxQueue, a negative value means no waiting at all. A build
	// request beyond it gets 429.
	MaxQueue int
	// BuildTimeout bounds one build once it runs; 0 means DefaultBuildTimeout.
	BuildTimeout time.Duration
	// MaxBody caps a request body in bytes (413 beyond); 0 means DefaultMaxBody.
	MaxBody int64
	// CacheBytes caps the disk the cached builds and bundles take; the least
	// recently used are removed first. 0 means DefaultCacheBytes.
	CacheBytes int64
	// Designs lists the designs served; `fabkit serve` passes designs.All.
	Designs func() []model.Design
	// Logger receives access logs and build events; nil discards them.
	Logger *slog.Logger
	// Grace is how long Serve waits, once its context is cancelled, for
	// requests and running builds to finish before cancelling them; 0 means
	// DefaultGrace.
	Grace time.Duration

	// MaxConns caps the open connections; beyond it the oldest connection
	// not serving a request (a slow client still sending its headers, or
	// an idle one) is closed. 0 means DefaultMaxConns.
	MaxConns int
	// ReadHeaderTimeout, ReadTimeout, WriteTimeout and IdleTimeout are the
	// http.Server timeouts (0: the Default* values). WriteTimeout applies
	// to each write of a file or bundle download, so a slow client that
	// keeps reading finishes; POST /api/builds?wait=true may write for
	// BuildTimeout plus WriteTimeout.
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	// RequestTimeout bounds the work of one request (parsing a shop,
	// resolving parameters), not of a build; 0 means DefaultRequestTimeout.
	RequestTimeout time.Duration
	// AllowedOrigins lists the origins ("https://fab.example.org") of a
	// reverse proxy or front end in front of the server: their hosts are
	// accepted in Host, and they may POST. By default only the address the
	// server listens on, loopback names and (when listening on every
	// interface) IP literals are accepted, and requests must be same-origin.
	AllowedOrigins []string

	// Cluster, when set, scales the server out over NATS JetStream
	// (`fabkit serve --nats URL`): builds are queued in the cluster and run
	// by workers (Server.Work, `fabkit worker`), status and files are read
	// from it, and the cache folder is only a local copy of finished
	// builds. Workers caps nothing then; the cluster's MaxQueue does.
	Cluster *cluster.Cluster
}

// Server is the fabkit HTTP service. Create it with New, then either mount
// Handler in a server of your own (and call Shutdown when done) or call Serve.
type Server struct {
	cfg     Config
	log     *slog.Logger
	handler http.Handler
	metrics *metrics
	cache   *cache
	conns   *connLimiter
	parse   chan struct{} // admission of request work (shop parsing), one token per CPU

	allowedHosts []string // hosts of cfg.AllowedOrigins

	base       context.Context // parent of every build; cancelled after the grace period
	cancelBase context.CancelFunc
	slots      chan struct{} // one token per running build
	wg         sync.WaitGroup

	mu       sync.Mutex
	jobs     map[string]*job // queued, running and recently failed builds
	failed   []string        // ids of failed jobs, oldest first, for trimming
	queued   int
	running  int
	closing  bool
	previews *previewCache

	previewSlots chan struct{} // one token per running preview, apart from slots
	meshOnce     sync.Once
	meshes       *solid.Cache     // builds' and previews' mesh cache; nil when off or it could not open
	views        *render.PNGCache // builds' part views across jobs (ViewCacheBytes)
}

// New checks the configuration, creates the cache folder and loads the
// builds already in it.
func New(cfg Config) (*Server, error) {
	if cfg.CacheDir == "" {
		return nil, errors.New("service: no cache folder (Config.CacheDir)")
	}
	if cfg.Designs == nil {
		return nil, errors.New("service: no designs (Config.Designs)")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = max(1, runtime.GOMAXPROCS(0)/2)
	}
	switch {
	case cfg.MaxQueue == 0:
		cfg.MaxQueue = DefaultMaxQueue
	case cfg.MaxQueue < 0:
		cfg.MaxQueue = 0
	}
	if cfg.BuildTimeout <= 0 {
		cfg.BuildTimeout = DefaultBuildTimeout
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.CacheBytes <= 0 {
		cfg.CacheBytes = DefaultCacheBytes
	}
	if cfg.Grace <= 0 {
		cfg.Grace = DefaultGrace
	}
	for _, d := range []struct {
		v   *time.Duration
		def time.Duration
	}{{&cfg.ReadHeaderTimeout, DefaultReadHeaderTimeout}, {&cfg.ReadTimeout, DefaultReadTimeout},
		{&cfg.WriteTimeout, DefaultWriteTimeout}, {&cfg.IdleTimeout, DefaultIdleTimeout}, {&cfg.RequestTimeout, DefaultRequestTimeout}} {
		if *d.v <= 0 {
			*d.v = d.def
		}
	}
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = DefaultMaxConns
	}
	var hosts []string
	for i, o := range cfg.AllowedOrigins {
		u, err := url.Parse(strings.TrimSuffix(o, "/"))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" {
			return nil, fmt.Errorf("service: allowed origin %q: expected scheme://host[:port]", o)
		}
		cfg.AllowedOrigins[i] = strings.ToLower(u.Scheme + "://" + u.Host)
		hosts = append(hosts, strings.ToLower(u.Hostname()))
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	dir, err := filepath.Abs(cfg.CacheDir)
	if err != nil {
		return nil, fmt.Errorf("service: cache folder: %w", err)
	}
	cfg.CacheDir = dir
	s := &Server{
		cfg:          cfg,
		log:          cfg.Logger,
		metrics:      newMetrics(),
		slots:        make(chan struct{}, cfg.Workers),
		jobs:         map[string]*job{},
		previews:     newPreviewCache(64),
		views:        render.NewPNGCache(ViewCacheBytes),
		previewSlots: make(chan struct{}, cfg.Workers),
		conns:        newConnLimiter(cfg.MaxConns),
		parse:        make(chan struct{}, max(1, runtime.GOMAXPROCS(0))),

		allowedHosts: hosts,
	}
	s.cache, err = openCache(dir, cfg.CacheBytes, s.metrics, s.log)
	if err != nil {
		return nil, err
	}
	s.base, s.cancelBase = context.WithCancel(context.Background())
	s.handler = s.accessLog(s.guard(s.routes()))
	return s, nil
}

// Workers is the number of builds the server runs at once.
func (s *Server) Workers() int { return s.cfg.Workers }

// Handler returns the HTTP handler of the API and the web page.
func (s *Server) Handler() http.Handler { return s.handler }

// Serve listens on Config.Addr and serves until ctx is cancelled, then shuts
// down gracefully: it stops accepting connections and new builds, lets
// requests and running builds finish within Config.Grace, then cancels what
// is left and returns once every build goroutine has stopped.
func (s *Server) Serve(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("service: %w", err)
	}
	return s.ServeListener(ctx, ln)
}

// ServeListener is Serve on a listener of the caller's (tests pass one on
// a free loopback port).
func (s *Server) ServeListener(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return s.base },
		ConnContext:       s.conns.context,
		ConnState:         s.conns.state,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
	s.log.Info("serving", "addr", ln.Addr().String(), "cache", s.cfg.CacheDir, "workers", s.cfg.Workers, "max_queue", s.cfg.MaxQueue)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		s.Shutdown(context.Background())
		return fmt.Errorf("service: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "grace", s.cfg.Grace.String())
	s.mu.Lock()
	s.closing = true // new builds get 503 while requests drain
	s.mu.Unlock()
	grace, cancel := context.WithTimeout(context.Background(), s.cfg.Grace)
	defer cancel()
	herr := hs.Shutdown(grace)
	if herr != nil {
		hs.Close()
	}
	serr := s.Shutdown(grace)
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("service: %w", err)
	}
	if herr != nil && !errors.Is(herr, context.DeadlineExceeded) {
		return fmt.Errorf("service: %w", herr)
	}
	return serr
}

// Shutdown refuses new builds (503), waits for queued and running builds
// until ctx is done, then cancels the rest and waits for them to stop. A
// build cancelled this way is reported failed and is not cached.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	s.mu.Unlock()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
		s.cancelBase()
		return nil
	case <-ctx.Done():
	}
	s.cancelBase()
	<-done
	s.log.Warn("builds cancelled at shutdown")
	return nil
}

// routes registers every endpoint; openapi.json describes the same list.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.handleIndex)
	mux.Handle("GET /web/", http.StripPrefix("/web/", http.FileServerFS(webFS())))
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.HandleFunc("GET /metrics", s.handleMetrics)
	mux.HandleFunc("GET /api/openapi.json", s.handleOpenAPI)
	mux.HandleFunc("GET /api/designs", s.handleDesigns)
	mux.HandleFunc("GET /api/designs/{name}", s.handleDesign)
	mux.HandleFunc("GET /api/designs/{name}/preview.svg", s.handlePreview)
	mux.HandleFunc("GET /api/designs/{name}/preview.png", s.handlePreview)
	mux.HandleFunc("GET /api/designs/{name}/preview.json", s.handleScene)
	mux.HandleFunc("GET /api/previews/{id}/{file...}", s.handleSceneFile)
	mux.HandleFunc("GET /api/shops", s.handleShops)
	mux.HandleFunc("POST /api/shops", s.handlePostShop)
	mux.HandleFunc("POST /api/builds", s.handlePostBuild)
	mux.HandleFunc("GET /api/builds/{id}", s.handleBuild)
	mux.HandleFunc("DELETE /api/builds/{id}", s.handleCancelBuild)
	mux.HandleFunc("GET /api/builds/{id}/files/{path...}", s.handleFile)
	mux.HandleFunc("GET /api/builds/{id}/bundle.zip", s.handleBundle)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		var allow []string
		for _, m := range []string{"GET", "POST", "DELETE"} {
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, pattern := mux.Handler(probe); pattern != "/api/" && pattern != "" {
				allow = append(allow, m)
			}
		}
		if len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			writeError(w, &apiError{Status: http.StatusMethodNotAllowed, Field: "method", Message: r.Method + " " + r.URL.Path + ": method not allowed (allowed: " + strings.Join(allow, ", ") + ")"})
			return
		}
		writeError(w, &apiError{Status: http.StatusNotFound, Field: "path", Message: "no such endpoint: " + r.Method + " " + r.URL.Path})
	})
	return mux
}

// accessLog logs one line per request and counts responses by status.
func (s *Server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		s.metrics.request(rec.status)
		s.log.Info("http", "method", r.Method, "path", r.URL.Path, "status", rec.status,
			"bytes", rec.bytes, "duration_ms", float64(time.Since(start).Microseconds())/1000, "remote", r.RemoteAddr)
	})
}

// statusRecorder remembers the status and size of a response.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	wrote  bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(p []byte) (int, error) {
	r.wrote = true
	n, err := r.ResponseWriter.Write(p)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// ensureDir creates a folder of the cache.
func ensureDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("service: cache folder: %w", err)
	}
	return nil
}
