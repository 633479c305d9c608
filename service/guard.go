package service

import (
	"context"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// Defaults for the connection and timeout fields of Config.
const (
	DefaultMaxConns          = 2048
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 60 * time.Second
	DefaultWriteTimeout      = 60 * time.Second
	DefaultIdleTimeout       = 60 * time.Second
	DefaultRequestTimeout    = 30 * time.Second
)

// securityHeaders are set on every response; a handler's own
// Content-Security-Policy replaces the default one but always keeps
// frame-ancestors 'none' (see headerGuard).
func securityHeaders(h http.Header) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
}

// headerGuard makes sure a response's CSP forbids framing, whatever CSP its
// handler set.
type headerGuard struct {
	http.ResponseWriter
	done bool
}

func (g *headerGuard) fix() {
	if g.done {
		return
	}
	g.done = true
	h := g.ResponseWriter.Header()
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors") {
		h.Set("Content-Security-Policy", strings.TrimSuffix(csp, ";")+"; frame-ancestors 'none'")
	}
	h.Set("X-Content-Type-Options", "nosniff")
}

func (g *headerGuard) WriteHeader(code int) { g.fix(); g.ResponseWriter.WriteHeader(code) }
func (g *headerGuard) Write(p []byte) (int, error) {
	g.fix()
	return g.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (g *headerGuard) Unwrap() http.ResponseWriter { return g.ResponseWriter }

// guard is the outer layer of every request: security headers, the Host
// check (DNS rebinding), the Origin check (CSRF) and the per-request
// budget. It also marks the connection busy while a request is served, so
// that the connection cap sheds slow and idle connections first.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if info, ok := r.Context().Value(connKey{}).(*connInfo); ok {
			s.conns.busy(info, +1)
			defer s.conns.busy(info, -1)
		}
		securityHeaders(w.Header())
		w = &headerGuard{ResponseWriter: w}
		if !s.hostAllowed(r.Host) {
			writeError(w, &apiError{Status: http.StatusMisdirectedRequest, Field: "Host",
				Message: "this server does not answer for host " + clip(r.Host) + " (see --allow-origin)"})
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodOptions {
			if e := s.originCheck(r); e != nil {
				writeError(w, e)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// hostAllowed accepts a loopback name or address (on any port), the host
// the server listens on, any IP literal and this machine's name when it
// listens on every interface, and the hosts of Config.AllowedOrigins. A
// DNS-rebinding page reaches the server under its own name, which is none
// of these.
//
// With no Config.Addr (the handler mounted in a server of the caller's),
// the caller's server decides and every host is accepted.
func (s *Server) hostAllowed(hostport string) bool {
	if s.cfg.Addr == "" {
		return true
	}
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.Trim(host, "[]"))
	if host == "" {
		return false
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	if ip != nil && ip.IsLoopback() {
		return true
	}
	listen, _, err := net.SplitHostPort(s.cfg.Addr)
	if err != nil {
		listen = s.cfg.Addr
	}
	listen = strings.ToLower(strings.Trim(listen, "[]"))
	switch lip := net.ParseIP(listen); {
	case host == listen:
		return true
	case listen == "" || lip != nil && lip.IsUnspecified():
		if ip != nil {
			return true
		}
		if name, err := os.Hostname(); err == nil && strings.EqualFold(host, name) {
			return true
		}
	}
	return slices.Contains(s.allowedHosts, host)
}

// originCheck refuses a state-changing request from another site: a
// browser sends Origin on every cross-origin POST or DELETE, so an Origin
// that is neither this server (as the Host header names it) nor one of
// Config.AllowedOrigins is a page elsewhere trying to use the replicator's
// server (CSRF). Requests without Origin (curl, scripts) pass.
func (s *Server) originCheck(r *http.Request) *apiError {
	if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" {
		return &apiError{Status: http.StatusForbidden, Field: "Origin", Message: "cross-site requests are refused"}
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return nil
	}
	u, err := url.Parse(origin)
	if err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		if strings.EqualFold(u.Host, r.Host) || slices.Contains(s.cfg.AllowedOrigins, strings.ToLower(u.Scheme+"://"+u.Host)) {
			return nil
		}
	}
	return &apiError{Status: http.StatusForbidden, Field: "Origin",
		Message: "requests from origin " + clip(origin) + " are refused (same-origin only; see --allow-origin)"}
}

// requireType refuses a body whose Content-Type is not one of types (415):
// the types a form or a text/plain fetch cannot send without a CORS
// preflight, which this server never grants.
func requireType(r *http.Request, types ...string) *apiError {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err == nil && slices.Contains(types, strings.ToLower(mt)) {
		return nil
	}
	got := r.Header.Get("Content-Type")
	if got == "" {
		got = "none"
	}
	return &apiError{Status: http.StatusUnsupportedMediaType, Field: "Content-Type",
		Message: "Content-Type " + clip(got) + " is not accepted here; send " + strings.Join(types, " or ")}
}

// shopTypes are the media types of a posted shop document.
var shopTypes = []string{"application/json", "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"}

// budget bounds a request's own work (not a build's, which has
// BuildTimeout, nor a download's, which has a write deadline per write).
func (s *Server) budget(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
}

// connKey is the context key of a connection's *connInfo.
type connKey struct{}

// connInfo is one open connection.
type connInfo struct {
	conn net.Conn
	seq  uint64
	busy int // requests being served on it
}

// connLimiter caps open connections. When a new connection would exceed
// the cap, the oldest connection that is not serving a request (one still
// sending its headers, as a slow client does, or idle between requests) is
// closed; when every connection is serving, the new one is closed instead.
// So slow clients cannot lock others out: /healthz still answers.
type connLimiter struct {
	max int

	mu    sync.Mutex
	seq   uint64
	conns map[net.Conn]*connInfo
	shed  int64
}

func newConnLimiter(max int) *connLimiter {
	return &connLimiter{max: max, conns: map[net.Conn]*connInfo{}}
}

// context is http.Server.ConnContext: it registers the connection.
func (l *connLimiter) context(ctx context.Context, c net.Conn) context.Context {
	l.mu.Lock()
	l.seq++
	info := &connInfo{conn: c, seq: l.seq}
	l.conns[c] = info
	var victim net.Conn
	if len(l.conns) > l.max {
		var oldest *connInfo
		for _, ci := range l.conns {
			if ci.busy == 0 && ci != info && (oldest == nil || ci.seq < oldest.seq) {
				oldest = ci
			}
		}
		if oldest == nil {
			oldest = info
		}
		victim = oldest.conn
		delete(l.conns, victim)
		l.shed++
	}
	l.mu.Unlock()
	if victim != nil {
		victim.Close()
	}
	return context.WithValue(ctx, connKey{}, info)
}

// state is http.Server.ConnState: it forgets closed connections.
func (l *connLimiter) state(c net.Conn, st http.ConnState) {
	if st == http.StateClosed || st == http.StateHijacked {
		l.mu.Lock()
		delete(l.conns, c)
		l.mu.Unlock()
	}
}

func (l *connLimiter) busy(info *connInfo, d int) {
	l.mu.Lock()
	info.busy += d
	l.mu.Unlock()
}

// open returns the connections open and the connections shed so far.
func (l *connLimiter) open() (int, int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.conns), l.shed
}

// progressWriter gives each write of a download its own deadline, so a
// slow client that keeps reading finishes and one that stops reading is
// dropped after WriteTimeout, instead of holding the connection forever.
type progressWriter struct {
	http.ResponseWriter
	rc      *http.ResponseController
	timeout time.Duration
}

func newProgressWriter(w http.ResponseWriter, timeout time.Duration) *progressWriter {
	return &progressWriter{ResponseWriter: w, rc: http.NewResponseController(w), timeout: timeout}
}

func (p *progressWriter) Write(b []byte) (int, error) {
	p.rc.SetWriteDeadline(time.Now().Add(p.timeout))
	return p.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (p *progressWriter) Unwrap() http.ResponseWriter { return p.ResponseWriter }
