package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/fabkit/fabkit/pipeline"
	"github.com/fabkit/fabkit/service/cluster"
)

// progressEvery is how often a worker writes a running build's progress
// into the cluster (stage changes are written at once).
const progressEvery = 500 * time.Millisecond

// Work pulls build jobs from the cluster (Config.Cluster) and builds them,
// n at a time, until ctx is cancelled (`fabkit worker`). Each build runs
// today's pipeline, reports its stage and progress into the cluster, puts
// every output file into the object store and only then records the build
// done and acknowledges the job, so a worker killed at any point leaves
// either nothing or a complete build. A job whose worker dies is delivered
// to another after the ack wait; builds are deterministic, so the files
// are the same. On cancellation the builds in hand are handed back
// unfinished for other workers.
func (s *Server) Work(ctx context.Context, name string, n int) error {
	if s.cfg.Cluster == nil {
		return errors.New("service: Work needs Config.Cluster")
	}
	if n <= 0 {
		n = 1
	}
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.workLoop(ctx, fmt.Sprintf("%s/%d", name, i))
		}()
	}
	wg.Wait()
	return nil
}

func (s *Server) workLoop(ctx context.Context, name string) {
	for ctx.Err() == nil {
		job, err := s.cfg.Cluster.Next(ctx, 2*time.Second)
		if err != nil {
			if ctx.Err() == nil {
				s.log.Warn("worker: fetching a job", "worker", name, "err", err)
				select {
				case <-ctx.Done():
				case <-time.After(time.Second):
				}
			}
			continue
		}
		if job != nil {
			s.workOn(ctx, name, job)
		}
	}
}

// workOn builds one job.
func (s *Server) workOn(ctx context.Context, name string, job *cluster.Job) {
	c := s.cfg.Cluster
	var cj clusterJob
	if err := json.Unmarshal(job.Data, &cj); err != nil || !idPattern.MatchString(cj.ID) {
		s.log.Error("worker: dropping a malformed job", "worker", name, "err", err)
		job.Term()
		return
	}
	id := cj.ID
	opCtx, cancelOp := context.WithTimeout(ctx, 10*time.Second)
	defer cancelOp()
	data, rev, err := c.Status(opCtx, id)
	if err != nil && !errors.Is(err, cluster.ErrNotFound) {
		s.log.Warn("worker: reading a job's status", "id", id, "err", err)
		if job.Final { // no delivery comes after this one
			s.abandon(ctx, name, job, id, &storedStatus{Status: StatusQueued, Created: time.Now().UTC()}, 0)
			return
		}
		job.Nak()
		return
	}
	var st *storedStatus
	if err == nil {
		if st, err = decodeStoredStatus(data); err != nil {
			job.Term()
			return
		}
		if st.Status == StatusDone || st.Status == StatusFailed { // built already, or cancelled while queued
			job.Term()
			return
		}
	} else {
		st = &storedStatus{Status: StatusQueued, Created: time.Now().UTC()}
	}
	fail := func(apiErr *apiError, input bool) {
		st.Status, st.Stage, st.Progress, st.Message = StatusFailed, "", 0, ""
		st.Finished, st.Input = time.Now().UTC(), input
		st.Error = &storedError{Status: apiErr.Status, apiError: *apiErr}
		data, _ := json.Marshal(st)
		c.PutStatus(context.Background(), id, data)
		job.Term()
	}
	if c.CancelRequested(opCtx, id) {
		fail(&apiError{Status: http.StatusServiceUnavailable, Message: "build cancelled: cancelled by a client while queued"}, false)
		return
	}
	if job.Final {
		s.abandon(ctx, name, job, id, st, rev)
		return
	}
	sp, apiErr := s.resolveJob(&cj)
	if apiErr != nil {
		s.log.Warn("worker: the job does not resolve here", "id", id, "err", apiErr)
		fail(apiErr, true)
		return
	}
	if sp.id != id {
		// A worker of another fabkit version: leave the job to one that
		// computes the same id (and so writes the same bytes).
		s.log.Warn("worker: job from another fabkit version; handed back", "id", id, "here", sp.id)
		job.Nak()
		return
	}
	st.Status, st.Design, st.Worker, st.Delivery, st.Started = StatusRunning, sp.design.Name(), name, job.Delivery, time.Now().UTC()
	st.Error, st.Input, st.Files = nil, false, nil
	data, _ = json.Marshal(st)
	if _, err := c.UpdateStatus(opCtx, id, data, rev); err != nil && rev != 0 {
		// Cancelled or taken over between the read and now.
		s.log.Info("worker: job changed before it started; dropped", "id", id, "err", err)
		job.Term()
		return
	} else if rev == 0 {
		c.PutStatus(opCtx, id, data)
	}
	cancelOp()

	s.metrics.running.Add(1)
	defer s.metrics.running.Add(-1)
	buildCtx, cancelBuild := context.WithCancelCause(ctx)
	defer cancelBuild(nil)
	timeout := cj.Timeout
	if timeout <= 0 {
		timeout = s.cfg.BuildTimeout
	}
	buildCtx, cancelTimeout := context.WithTimeoutCause(buildCtx, timeout, errTimeout)
	defer cancelTimeout()

	// Keep the job, watch for cancel requests and write progress.
	var mu sync.Mutex
	latest, lastStage, lastWrite := pipeline.Progress{}, "", time.Time{}
	writeProgress := func(force bool) {
		mu.Lock()
		p := latest
		if !force && p.Stage == lastStage && time.Since(lastWrite) < progressEvery {
			mu.Unlock()
			return
		}
		lastStage, lastWrite = p.Stage, time.Now()
		cur := *st
		mu.Unlock()
		cur.Stage, cur.Progress, cur.Message = p.Stage, p.Fraction, p.Message
		data, _ := json.Marshal(&cur)
		c.PutStatus(context.Background(), id, data)
	}
	// beat stops the goroutine; beatDone says it has stopped, so that no
	// progress write of its own can land after (and overwrite) the final
	// status written below.
	beat, beatDone := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(beatDone)
		t := time.NewTicker(max(200*time.Millisecond, c.Config().AckWait/4))
		defer t.Stop()
		for {
			select {
			case <-beat:
				return
			case <-t.C:
				job.InProgress()
				if c.CancelRequested(buildCtx, id) {
					cancelBuild(errCancelRequested)
				}
				writeProgress(false)
			}
		}
	}()
	start := time.Now()
	req := sp.request(max(1, s.buildWorkers()), func(p pipeline.Progress) {
		mu.Lock()
		latest = p
		mu.Unlock()
	})
	req.MeshCache = s.meshCache()
	req.ViewCache = s.views
	res, err := runBuild(buildCtx, req)
	var storeErr error
	if err == nil {
		mu.Lock()
		latest = pipeline.Progress{Stage: "store", Message: "storing the files"}
		mu.Unlock()
		writeProgress(true)
		storeErr = s.storeBuild(buildCtx, id, res.Files)
	}
	close(beat)
	<-beatDone
	took := time.Since(start)
	if storeErr != nil && !errors.Is(storeErr, cluster.ErrStoreFull) && buildCtx.Err() == nil {
		// NATS went away or refused for a while: the build is fine, so
		// let the job come back rather than record a failure.
		s.log.Warn("worker: storing a build failed; job handed back", "id", id, "err", storeErr)
		job.Nak()
		return
	}
	if err == nil {
		err = storeErr
	}
	if err != nil && ctx.Err() != nil && context.Cause(buildCtx) == context.Cause(ctx) {
		// This worker is stopping: hand the job back whole.
		s.log.Info("worker stopping; job handed back", "id", id)
		job.Nak()
		return
	}
	if err != nil {
		if buildCtx.Err() != nil {
			err = fmt.Errorf("%w: %w", context.Cause(buildCtx), err)
		}
		s.metrics.finished(StatusFailed, took, errors.Is(err, errTimeout), errors.Is(err, errCancelRequested))
		s.log.Warn("build failed", "id", id, "worker", name, "err", err, "duration_ms", took.Milliseconds())
		apiErr := buildError(err, timeout)
		if errors.Is(err, errCancelRequested) {
			apiErr = &apiError{Status: http.StatusServiceUnavailable, Message: "build cancelled: " + err.Error()}
		}
		mu.Lock()
		fail(apiErr, pipeline.IsInputError(err))
		mu.Unlock()
		return
	}
	mu.Lock()
	st.Status, st.Stage, st.Progress, st.Message, st.Finished = StatusDone, "", 0, "", time.Now().UTC()
	st.Files = storedFiles(res.Files)
	data, _ = json.Marshal(st)
	mu.Unlock()
	if err := c.PutStatus(context.Background(), id, data); err != nil {
		s.log.Warn("worker: recording a finished build", "id", id, "err", err)
		job.Nak()
		return
	}
	if err := job.Ack(context.Background()); err != nil {
		s.log.Warn("worker: acknowledging a finished build", "id", id, "err", err)
	}
	s.metrics.finished(StatusDone, took, false, false)
	s.log.Info("build done", "id", id, "worker", name, "design", sp.design.Name(), "files", len(res.Files), "duration_ms", took.Milliseconds())
}

var errCancelRequested = errors.New("cancelled by a client")

// abandon ends a job on its last delivery (cluster.Job.Final): every
// worker that took it before ended without a result, so its build is
// recorded failed, with the last worker that started it, rather than
// built once more by a worker nothing will replace if it dies too. The
// failure is not the input's: posting the build again queues it afresh.
func (s *Server) abandon(ctx context.Context, name string, job *cluster.Job, id string, st *storedStatus, rev uint64) {
	c := s.cfg.Cluster
	for try := 0; ; try++ {
		last := "no worker recorded a start"
		if st.Worker != "" {
			last = fmt.Sprintf("the last to start it was %s, on delivery %d", st.Worker, st.Delivery)
		}
		st.Status, st.Stage, st.Progress, st.Message = StatusFailed, "", 0, ""
		st.Finished, st.Input = time.Now().UTC(), false
		st.Error = &storedError{Status: http.StatusInternalServerError, apiError: apiError{Message: fmt.Sprintf(
			"build abandoned: its job was delivered to workers %d times and none finished it (%s); "+
				"a worker that is killed, runs out of memory or loses its machine ends like this; post the build again to retry",
			job.Delivery-1, last)}}
		data, _ := json.Marshal(st)
		opCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		var err error
		if rev == 0 {
			err = c.PutStatus(opCtx, id, data)
		} else {
			_, err = c.UpdateStatus(opCtx, id, data, rev)
		}
		if err == nil {
			cancel()
			s.metrics.finished(StatusFailed, 0, false, false)
			s.log.Warn("build abandoned after its workers died", "id", id, "worker", name, "delivery", job.Delivery, "last", st.Worker)
			job.Term()
			return
		}
		if errors.Is(err, cluster.ErrChanged) && try < 3 {
			// A worker thought dead is still writing: read what it wrote.
			var data []byte
			data, rev, err = c.Status(opCtx, id)
			if err == nil {
				st, err = decodeStoredStatus(data)
			}
			if err == nil && (st.Status == StatusDone || st.Status == StatusFailed) {
				cancel()
				job.Term()
				return
			}
		}
		cancel()
		if try >= 5 || ctx.Err() != nil {
			// Nothing redelivers a final job: it stays in the stream
			// until an operator removes it. Say so loudly.
			s.log.Error("worker: could not record an abandoned build; its job stays in the stream", "id", id, "err", err)
			return
		}
		job.InProgress()
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

// resolveJob validates a job's request as the API replica did.
func (s *Server) resolveJob(cj *clusterJob) (*spec, *apiError) {
	req := cj.Request
	return s.resolve(&req)
}

// storeBuild puts every file of a finished build into the object store.
func (s *Server) storeBuild(ctx context.Context, id string, files []pipeline.File) error {
	for _, f := range files {
		if err := s.cfg.Cluster.PutFile(ctx, id, f.Path, f.Data); err != nil {
			return err
		}
	}
	return nil
}
