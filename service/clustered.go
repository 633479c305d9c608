package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fabkit/fabkit/pipeline"
	"github.com/fabkit/fabkit/service/cluster"
)

// A scaled-out server (Config.Cluster set) keeps no build state of its
// own: jobs go to the cluster's work queue, status lives in its key-value
// bucket and output files in its object store. The on-disk cache becomes
// a read-through copy of finished builds, filled from the object store on
// first use and verified file by file against the hashes the worker
// recorded, so any replica answers any request and losing a replica loses
// nothing.

// storedStatus is a build's status as kept in the cluster.
type storedStatus struct {
	Status   string       `json:"status"`
	Stage    string       `json:"stage,omitempty"`
	Progress float64      `json:"progress,omitempty"`
	Message  string       `json:"message,omitempty"`
	Design   string       `json:"design"`
	Created  time.Time    `json:"created"`
	Started  time.Time    `json:"started,omitzero"`
	Finished time.Time    `json:"finished,omitzero"`
	Error    *storedError `json:"error,omitempty"`
	Input    bool         `json:"input,omitempty"` // failed because of the input: posting again does not retry
	Worker   string       `json:"worker,omitempty"`
	Delivery uint64       `json:"delivery,omitempty"` // how many workers have taken the job
	Files    []storedFile `json:"files,omitempty"`    // a done build's files, manifest.json included
}

// storedError is an apiError with its HTTP status kept.
type storedError struct {
	Status int `json:"status"`
	apiError
}

// storedFile is one output file of a done build in the object store.
type storedFile struct {
	Path   string `json:"path"`
	Kind   string `json:"kind"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// clusterJob is a job message: the request as the API replica validated
// it. The worker resolves it again and must arrive at the same id.
type clusterJob struct {
	ID      string        `json:"id"`
	Request BuildRequest  `json:"request"`
	Timeout time.Duration `json:"timeout"`
}

// jobOf is the job message of a validated spec: parameters as the text
// given, the shop by its key (posted and inline documents are stored in
// the cluster under their hash first).
func (s *Server) jobOf(sp *spec) ([]byte, error) {
	req := BuildRequest{Design: sp.design.Name(), Preset: sp.preset, Formats: sp.formats}
	if len(sp.overrides) > 0 {
		req.Params = map[string]any{}
		for _, o := range sp.overrides {
			req.Params[o.Name] = o.Value
		}
	}
	shopRef := strings.TrimPrefix(sp.shopKey, "builtin:")
	req.Shop, _ = json.Marshal(shopRef)
	return json.Marshal(clusterJob{ID: sp.id, Request: req, Timeout: s.cfg.BuildTimeout})
}

func decodeStoredStatus(data []byte) (*storedStatus, error) {
	var st storedStatus
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("build status in the cluster: %w", err)
	}
	return &st, nil
}

// view is the API's BuildStatus of a stored status.
func (st *storedStatus) view(id string) *BuildStatus {
	v := &BuildStatus{ID: id, Status: st.Status, Stage: st.Stage, Progress: st.Progress, Message: st.Message, Design: st.Design,
		Created: timePtr(st.Created), Started: timePtr(st.Started), Finished: timePtr(st.Finished)}
	if st.Error != nil {
		e := st.Error.apiError
		e.Status = st.Error.Status
		v.Error = &e
	}
	return v
}

// clusterError is a 503 for a cluster that cannot be reached.
func clusterError(err error) *apiError {
	return &apiError{Status: http.StatusServiceUnavailable, Message: "the build cluster is unavailable: " + err.Error()}
}

// postedShop returns a shop document posted to this replica or, in a
// cluster, to any replica.
func (s *Server) postedShop(id string) ([]byte, error) {
	data, err := s.cache.getShop(id)
	if err == nil || s.cfg.Cluster == nil {
		return data, err
	}
	ctx, cancel := context.WithTimeout(s.base, s.cfg.RequestTimeout)
	defer cancel()
	data, err = s.cfg.Cluster.Shop(ctx, id)
	if err != nil {
		return nil, err
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != id {
		return nil, fmt.Errorf("shop %s in the cluster does not match its hash", id)
	}
	return data, nil
}

// clusterSubmit queues sp in the cluster unless it is built, building or
// failed for its input; it returns the cached entry or the status.
func (s *Server) clusterSubmit(ctx context.Context, sp *spec) (*entry, *BuildStatus, *apiError) {
	if e, st, apiErr := s.clusterLookup(ctx, sp.id); apiErr != nil || e != nil {
		return e, nil, apiErr
	} else if st != nil && (st.Status != StatusFailed || st.input) {
		return nil, st.BuildStatus, nil
	} else if st != nil { // failed, not for its input: try again
		return s.clusterRetry(ctx, sp, st.rev)
	}
	c := s.cfg.Cluster
	if sp.shopDoc != nil {
		if err := c.PutShop(ctx, strings.TrimPrefix(sp.shopKey, "sha256:"), sp.shopDoc); err != nil {
			return nil, nil, clusterError(err)
		}
	}
	job, err := s.jobOf(sp)
	if err != nil {
		return nil, nil, &apiError{Status: http.StatusInternalServerError, Message: err.Error()}
	}
	now := time.Now().UTC()
	data, _ := json.Marshal(&storedStatus{Status: StatusQueued, Design: sp.design.Name(), Created: now})
	if _, err := c.CreateStatus(ctx, sp.id, data); errors.Is(err, cluster.ErrExists) {
		// Another replica queued it a moment ago.
		e, st, apiErr := s.clusterLookup(ctx, sp.id)
		if apiErr != nil || e != nil {
			return e, nil, apiErr
		}
		if st == nil {
			return nil, nil, clusterError(errors.New("the build's status vanished"))
		}
		return nil, st.BuildStatus, nil
	} else if err != nil {
		return nil, nil, clusterError(err)
	}
	c.ClearCancel(ctx, sp.id)
	if err := c.Publish(ctx, sp.id, job); err != nil {
		c.DeleteStatus(ctx, sp.id)
		if errors.Is(err, cluster.ErrQueueFull) {
			s.metrics.rejected.Add(1)
			return nil, nil, errQueueFull
		}
		return nil, nil, clusterError(err)
	}
	s.metrics.misses.Add(1)
	s.log.Info("build queued in the cluster", "id", sp.id, "design", sp.design.Name())
	return nil, (&storedStatus{Status: StatusQueued, Design: sp.design.Name(), Created: now}).view(sp.id), nil
}

// clusterRetry queues a build that failed for a reason other than its
// input again, if nobody did since rev.
func (s *Server) clusterRetry(ctx context.Context, sp *spec, rev uint64) (*entry, *BuildStatus, *apiError) {
	c := s.cfg.Cluster
	job, _ := s.jobOf(sp)
	now := time.Now().UTC()
	st := &storedStatus{Status: StatusQueued, Design: sp.design.Name(), Created: now}
	data, _ := json.Marshal(st)
	newRev, err := c.UpdateStatus(ctx, sp.id, data, rev)
	if errors.Is(err, cluster.ErrChanged) { // another replica retried it
		e, cur, apiErr := s.clusterLookup(ctx, sp.id)
		if apiErr != nil || e != nil || cur == nil {
			return e, nil, apiErr
		}
		return nil, cur.BuildStatus, nil
	} else if err != nil {
		return nil, nil, clusterError(err)
	}
	c.ClearCancel(ctx, sp.id)
	if err := c.Publish(ctx, fmt.Sprintf("%s.%d", sp.id, newRev), job); err != nil {
		failed := &storedStatus{Status: StatusFailed, Design: sp.design.Name(), Created: now, Finished: now,
			Error: &storedError{Status: http.StatusTooManyRequests, apiError: *errQueueFull}}
		data, _ := json.Marshal(failed)
		c.UpdateStatus(ctx, sp.id, data, newRev)
		if errors.Is(err, cluster.ErrQueueFull) {
			s.metrics.rejected.Add(1)
			return nil, nil, errQueueFull
		}
		return nil, nil, clusterError(err)
	}
	s.metrics.misses.Add(1)
	return nil, st.view(sp.id), nil
}

// clusterState is a build's status in the cluster, with its revision.
type clusterState struct {
	*BuildStatus
	input bool
	rev   uint64
}

// clusterLookup finds build id: the cached entry when it is done (copied
// from the object store on first use), its status when not, or nothing.
func (s *Server) clusterLookup(ctx context.Context, id string) (*entry, *clusterState, *apiError) {
	if e := s.cache.get(id); e != nil {
		return e, nil, nil
	}
	data, rev, err := s.cfg.Cluster.Status(ctx, id)
	if errors.Is(err, cluster.ErrNotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, clusterError(err)
	}
	st, err := decodeStoredStatus(data)
	if err != nil {
		return nil, nil, &apiError{Status: http.StatusInternalServerError, Message: err.Error()}
	}
	if st.Status != StatusDone {
		return nil, &clusterState{BuildStatus: st.view(id), input: st.Input, rev: rev}, nil
	}
	e, err := s.fetchBuild(ctx, id, st)
	if errors.Is(err, cluster.ErrNotFound) { // evicted between the status and the files
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, &apiError{Status: http.StatusBadGateway, Message: "fetching the build from the cluster: " + err.Error()}
	}
	s.metrics.hits.Add(1)
	return e, nil, nil
}

// fetchLocks serialize copying a build from the object store: two
// requests for one build copy it once. Striped by the id's first byte so
// the table stays bounded.
var fetchLocks [256]sync.Mutex

// fetchBuild copies a done build's files from the object store into the
// local cache, checking each against the size and SHA-256 the worker
// recorded: a file that does not match is never served.
func (s *Server) fetchBuild(ctx context.Context, id string, st *storedStatus) (*entry, error) {
	mu := &fetchLocks[hexByte(id)]
	mu.Lock()
	defer mu.Unlock()
	if e := s.cache.get(id); e != nil {
		return e, nil
	}
	files := make([]pipeline.File, 0, len(st.Files))
	for _, f := range st.Files {
		if err := cleanFilePath(f.Path); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Path, err)
		}
		data, err := s.cfg.Cluster.File(ctx, id, f.Path)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(data)
		if int64(len(data)) != f.Bytes || hex.EncodeToString(sum[:]) != f.SHA256 {
			return nil, fmt.Errorf("%s: the stored file does not match the build's record", f.Path)
		}
		files = append(files, pipeline.File{Path: f.Path, Kind: f.Kind, Data: data})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return s.cache.put(id, files)
}

// doneEntry is the cached entry of a finished build, copied from the
// cluster when this replica has not served it yet.
func (s *Server) doneEntry(ctx context.Context, id string) *entry {
	if s.cfg.Cluster == nil {
		return s.cache.get(id)
	}
	e, _, _ := s.clusterLookup(ctx, id)
	return e
}

// clusterStatus is GET /api/builds/{id} in a cluster.
func (s *Server) clusterStatus(ctx context.Context, id string) (*BuildStatus, *apiError) {
	e, st, apiErr := s.clusterLookup(ctx, id)
	switch {
	case apiErr != nil:
		return nil, apiErr
	case e != nil:
		return doneStatus(e, false), nil
	case st != nil:
		return st.BuildStatus, nil
	}
	return nil, nil
}

// clusterWait polls a build until it ends, the client leaves or the build
// timeout (plus a margin for queueing) passes.
func (s *Server) clusterWait(ctx context.Context, id string) (*BuildStatus, *apiError) {
	deadline := time.Now().Add(s.cfg.BuildTimeout + s.cfg.WriteTimeout)
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		st, apiErr := s.clusterStatus(ctx, id)
		if apiErr != nil || st == nil || st.Status == StatusDone || st.Status == StatusFailed || time.Now().After(deadline) {
			return st, apiErr
		}
		select {
		case <-ctx.Done():
			return nil, nil
		case <-tick.C:
		}
	}
}

// postClustered answers POST /api/builds in a cluster. A client that stops
// waiting does not cancel the build: other clients, on other replicas, may
// be waiting for the same id.
func (s *Server) postClustered(w http.ResponseWriter, r *http.Request, sp *spec, wait bool) {
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
	e, st, apiErr := s.clusterSubmit(ctx, sp)
	cancel()
	if apiErr != nil {
		if apiErr.Status == http.StatusTooManyRequests || apiErr.Status == http.StatusServiceUnavailable {
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
	if wait && st.Status != StatusFailed {
		http.NewResponseController(w).SetWriteDeadline(time.Now().Add(s.cfg.BuildTimeout + s.cfg.WriteTimeout))
		done, apiErr := s.clusterWait(r.Context(), sp.id)
		if apiErr != nil {
			writeError(w, apiErr)
			return
		}
		if done == nil { // the client left
			return
		}
		writeStatus(w, http.StatusOK, done)
		return
	}
	code := http.StatusAccepted
	if st.Status == StatusFailed || st.Status == StatusDone {
		code = http.StatusOK
	}
	writeStatus(w, code, st)
}

// cancelClustered is DELETE /api/builds/{id} in a cluster: a queued build
// is marked cancelled at once (the worker that takes its job drops it); a
// running one is asked to stop, and the answer waits for its worker to
// say it has.
func (s *Server) cancelClustered(w http.ResponseWriter, r *http.Request, id string) {
	c := s.cfg.Cluster
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
	defer cancel()
	e, st, apiErr := s.clusterLookup(ctx, id)
	switch {
	case apiErr != nil:
		writeError(w, apiErr)
		return
	case e != nil || (st != nil && st.Status == StatusDone):
		writeError(w, &apiError{Status: http.StatusConflict, Field: "id", Message: "build " + id + " is already done"})
		return
	case st == nil:
		writeError(w, notFound("id", "no build %s", id))
		return
	case st.Status == StatusFailed:
		writeStatus(w, http.StatusOK, st.BuildStatus)
		return
	}
	if err := c.RequestCancel(ctx, id); err != nil {
		writeError(w, clusterError(err))
		return
	}
	if st.Status == StatusQueued {
		now := time.Now().UTC()
		data, _ := json.Marshal(&storedStatus{Status: StatusFailed, Design: st.Design, Created: derefTime(st.Created), Finished: now,
			Error: &storedError{Status: http.StatusServiceUnavailable, apiError: apiError{Message: "build cancelled: cancelled by a client while queued"}}})
		if _, err := c.UpdateStatus(ctx, id, data, st.rev); err == nil {
			s.metrics.finished(StatusFailed, 0, false, true)
		}
	}
	done, apiErr := s.clusterWait(ctx, id)
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}
	if done == nil {
		done = st.BuildStatus
	}
	writeStatus(w, http.StatusOK, done)
}

// hexByte is the first byte of a hex id (0 when it is not hex).
func hexByte(id string) byte {
	b, err := hex.DecodeString(id[:min(2, len(id))])
	if err != nil || len(b) == 0 {
		return 0
	}
	return b[0]
}

func derefTime(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// storedFiles lists a finished build's files for its status record.
func storedFiles(files []pipeline.File) []storedFile {
	out := make([]storedFile, 0, len(files))
	for _, f := range files {
		sum := sha256.Sum256(f.Data)
		out = append(out, storedFile{Path: f.Path, Kind: f.Kind, Bytes: int64(len(f.Data)), SHA256: hex.EncodeToString(sum[:])})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}
