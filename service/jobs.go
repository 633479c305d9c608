package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"sync"
	"time"

	"github.com/fabkit/fabkit/pipeline"
)

// Build states, as GET /api/builds/{id} reports them.
const (
	StatusQueued  = "queued"
	StatusRunning = "running"
	StatusDone    = "done"
	StatusFailed  = "failed"
)

// maxFailed bounds the failed builds remembered (in memory only: a failed
// build is never cached on disk, and posting it again retries it unless the
// input itself was at fault).
const maxFailed = 256

// job is a build that is queued, running or has failed. Done builds live in
// the cache instead.
type job struct {
	id     string
	spec   *spec
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{} // closed when the job ends

	mu       sync.Mutex
	status   string
	stage    string
	progress pipeline.Progress // the latest report of the running build
	err      *apiError
	input    bool // failed because of the input: posting again does not retry
	created  time.Time
	started  time.Time
	finished time.Time
	entry    *entry // set when done
	detached bool   // an asynchronous client wants it: never cancelled for a leaving waiter
	waiters  int    // synchronous clients waiting for it
}

// BuildStatus is the body of GET /api/builds/{id} and of POST /api/builds.
type BuildStatus struct {
	ID       string          `json:"id"`                 // 64 hex digits, the hash of the inputs
	Status   string          `json:"status"`             // StatusQueued, StatusRunning, StatusDone or StatusFailed
	Stage    string          `json:"stage,omitempty"`    // the build stage while running: design, geometry, cam, bom, stl, ...
	Progress float64         `json:"progress,omitempty"` // how far a running build is, 0 to 1
	Message  string          `json:"message,omitempty"`  // what the running stage is doing, e.g. "nesting 1/2in a36 plate: layout 40 of 200"
	Design   string          `json:"design,omitempty"`   // design name (known while the build is in memory)
	Created  *time.Time      `json:"created,omitempty"`  // when it was queued (done builds: when cached)
	Started  *time.Time      `json:"started,omitempty"`  // when a worker took it
	Finished *time.Time      `json:"finished,omitempty"` // when it ended
	Error    *apiError       `json:"error,omitempty"`    // why it failed, naming the field when the input is at fault
	Manifest json.RawMessage `json:"manifest,omitempty"` // manifest.json of a done build
	Files    []fileInfo      `json:"files,omitempty"`    // every file of a done build, with its URL
	Bundle   string          `json:"bundle,omitempty"`   // URL of the zip of a done build
	Cached   bool            `json:"cached,omitempty"`   // true when a POST was answered from the cache
}

// writeStatus sends a build status. The manifest is spliced in as the
// bytes of manifest.json (valid JSON, checked when the build was loaded or
// written) instead of being re-encoded: that is most of the work of a
// cached answer.
func writeStatus(w http.ResponseWriter, code int, st *BuildStatus) {
	raw := st.Manifest
	c := *st
	c.Manifest = nil
	data, err := json.Marshal(&c)
	if err != nil {
		writeError(w, &apiError{Status: http.StatusInternalServerError, Message: "encoding the status: " + err.Error()})
		return
	}
	if len(raw) > 0 {
		body := make([]byte, 0, len(data)+len(raw)+16)
		body = append(body, data[:len(data)-1]...)
		body = append(body, `,"manifest":`...)
		body = append(body, raw...)
		data = append(body, '}')
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	w.Write(append(data, '\n'))
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}

// doneStatus describes a cached build.
func doneStatus(e *entry, cached bool) *BuildStatus {
	return &BuildStatus{ID: e.id, Status: StatusDone, Created: timePtr(e.created), Manifest: e.manifest,
		Files: e.files, Bundle: "/api/builds/" + e.id + "/bundle.zip", Cached: cached}
}

// view describes the job as it is now.
func (j *job) view() *BuildStatus {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.entry != nil {
		st := doneStatus(j.entry, false)
		st.Design, st.Started, st.Finished = j.spec.design.Name(), timePtr(j.started), timePtr(j.finished)
		return st
	}
	return &BuildStatus{ID: j.id, Status: j.status, Stage: j.stage, Progress: j.progress.Fraction, Message: j.progress.Message, Design: j.spec.design.Name(),
		Created: timePtr(j.created), Started: timePtr(j.started), Finished: timePtr(j.finished), Error: j.err}
}

func (j *job) state() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.status
}

func (j *job) setStage(stage string) {
	j.mu.Lock()
	j.stage = stage
	j.mu.Unlock()
}

// setProgress records the build's latest progress report.
func (j *job) setProgress(p pipeline.Progress) {
	j.mu.Lock()
	j.stage, j.progress = p.Stage, p
	j.mu.Unlock()
}

// errQueueFull and errClosing are admission refusals.
var (
	errQueueFull = &apiError{Status: http.StatusTooManyRequests, Message: "build queue is full; retry later"}
	errClosing   = &apiError{Status: http.StatusServiceUnavailable, Message: "server is shutting down"}
)

// admit reserves a place in the queue; s.mu is held.
func (s *Server) admit() *apiError {
	if s.closing {
		return errClosing
	}
	if s.queued+s.running >= s.cfg.Workers+s.cfg.MaxQueue {
		s.metrics.rejected.Add(1)
		return errQueueFull
	}
	s.queued++
	s.metrics.queued.Store(int64(s.queued))
	return nil
}

// submit returns the cached build for sp, the job already building it, or a
// new queued job. detached says the caller does not wait for it.
func (s *Server) submit(sp *spec, detached bool) (*entry, *job, *apiError) {
	if e := s.cache.get(sp.id); e != nil {
		s.metrics.hits.Add(1)
		return e, nil, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if j := s.jobs[sp.id]; j != nil {
		j.mu.Lock()
		retry := j.status == StatusFailed && !j.input
		if !retry {
			if detached {
				j.detached = true
			} else {
				j.waiters++
			}
			e := j.entry
			j.mu.Unlock()
			if e != nil {
				s.metrics.hits.Add(1)
				return e, nil, nil
			}
			return nil, j, nil
		}
		j.mu.Unlock()
	}
	if err := s.admit(); err != nil {
		return nil, nil, err
	}
	s.metrics.misses.Add(1)
	ctx, cancel := context.WithCancel(s.base)
	j := &job{id: sp.id, spec: sp, ctx: ctx, cancel: cancel, done: make(chan struct{}),
		status: StatusQueued, created: time.Now(), detached: detached}
	if !detached {
		j.waiters = 1
	}
	s.jobs[sp.id] = j
	s.wg.Add(1)
	go s.run(j)
	return nil, j, nil
}

// leave is called by a synchronous waiter that stops waiting; the last one
// to leave a job nobody else asked for cancels it.
func (s *Server) leave(j *job) {
	j.mu.Lock()
	j.waiters--
	cancel := j.waiters == 0 && !j.detached && (j.status == StatusQueued || j.status == StatusRunning)
	j.mu.Unlock()
	if cancel {
		s.log.Info("build cancelled: client went away", "id", j.id)
		j.cancel()
	}
}

// buildWorkers splits the CPUs between the builds that may run at once.
func (s *Server) buildWorkers() int { return max(1, runtime.GOMAXPROCS(0)/s.cfg.Workers) }

// run waits for a worker slot, builds, caches the result and ends the job.
func (s *Server) run(j *job) {
	defer s.wg.Done()
	defer j.cancel()
	if !s.waitSlot(j.ctx) {
		s.finish(j, nil, fmt.Errorf("cancelled while queued: %w", context.Cause(j.ctx)), 0)
		return
	}
	defer s.releaseSlot()

	j.mu.Lock()
	j.status, j.started = StatusRunning, time.Now()
	j.mu.Unlock()
	s.log.Info("build started", "id", j.id, "design", j.spec.design.Name())
	ctx, cancel := context.WithTimeoutCause(j.ctx, s.cfg.BuildTimeout, errTimeout)
	defer cancel()
	start := time.Now()
	req := j.spec.request(s.buildWorkers(), j.setProgress)
	req.MeshCache = s.meshCache()
	req.ViewCache = s.views
	res, err := runBuild(ctx, req)
	var e *entry
	if err == nil {
		j.setStage("cache")
		e, err = s.cache.put(j.id, res.Files)
		s.keepScene(j.spec, res) // a preview build's scene answers preview.json of its inputs
	}
	if err != nil && ctx.Err() != nil {
		err = fmt.Errorf("%w: %w", context.Cause(ctx), err)
	}
	s.finish(j, e, err, time.Since(start))
}

// runBuild is pipeline.Run, recovering a panic in a design into an error so a
// bad design cannot take the server down.
func runBuild(ctx context.Context, req pipeline.Request) (res *pipeline.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("build panicked: %v", p)
		}
	}()
	return pipeline.Run(ctx, req)
}

var errTimeout = errors.New("build timed out")

// finish records the outcome; a done job leaves the job table for the cache.
func (s *Server) finish(j *job, e *entry, err error, took time.Duration) {
	j.mu.Lock()
	j.finished = time.Now()
	if err == nil {
		j.status, j.stage, j.entry = StatusDone, "", e
	} else {
		j.status = StatusFailed
		j.input = pipeline.IsInputError(err)
		j.err = buildError(err, s.cfg.BuildTimeout)
	}
	status := j.status
	j.mu.Unlock()
	close(j.done)

	s.metrics.finished(status, took, errors.Is(err, errTimeout), errors.Is(err, context.Canceled))
	s.mu.Lock()
	if err == nil {
		delete(s.jobs, j.id)
	} else {
		s.failed = append(s.failed, j.id)
		for len(s.failed) > maxFailed {
			if old := s.jobs[s.failed[0]]; old != nil && old.state() == StatusFailed {
				delete(s.jobs, s.failed[0])
			}
			s.failed = s.failed[1:]
		}
	}
	s.mu.Unlock()
	if err != nil {
		s.log.Warn("build failed", "id", j.id, "design", j.spec.design.Name(), "err", err, "duration_ms", took.Milliseconds())
	} else {
		s.log.Info("build done", "id", j.id, "design", j.spec.design.Name(), "bytes", e.bytes, "duration_ms", took.Milliseconds())
	}
}

// buildError describes a failed build for the status body.
func buildError(err error, timeout time.Duration) *apiError {
	switch {
	case errors.Is(err, errTimeout):
		return &apiError{Status: http.StatusGatewayTimeout, Field: "", Message: fmt.Sprintf("build timed out after %s", timeout)}
	case errors.Is(err, context.Canceled):
		return &apiError{Status: http.StatusServiceUnavailable, Message: "build cancelled: " + err.Error()}
	case pipeline.IsInputError(err):
		if e := paramError(err); e.Field != "params" {
			return e
		}
		return &apiError{Status: http.StatusUnprocessableEntity, Field: "params", Message: err.Error()}
	}
	return &apiError{Status: http.StatusInternalServerError, Message: err.Error()}
}

// lookupContext is lookup, from the cluster when there is one.
func (s *Server) lookupContext(ctx context.Context, id string) (*BuildStatus, *apiError) {
	if s.cfg.Cluster != nil {
		ctx, cancel := context.WithTimeout(ctx, s.cfg.RequestTimeout)
		defer cancel()
		return s.clusterStatus(ctx, id)
	}
	return s.lookup(id), nil
}

// lookup returns the status of a build by id, or nil when unknown.
func (s *Server) lookup(id string) *BuildStatus {
	if s.cfg.Cluster != nil {
		st, _ := s.lookupContext(s.base, id)
		return st
	}
	if e := s.cache.get(id); e != nil {
		return doneStatus(e, false)
	}
	s.mu.Lock()
	j := s.jobs[id]
	s.mu.Unlock()
	if j == nil {
		return nil
	}
	return j.view()
}
