package service

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fabkit/fabkit/service/cluster"
)

// testCluster is an embedded JetStream server and a connection to it per
// caller.
type testCluster struct {
	t   testing.TB
	srv *cluster.Embedded
	cfg cluster.Config
}

func newTestCluster(t testing.TB, cfg cluster.Config) *testCluster {
	t.Helper()
	srv, err := cluster.StartEmbedded(t.TempDir(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	cfg.URL = srv.URL()
	return &testCluster{t: t, srv: srv, cfg: cfg}
}

// conn opens one more connection (a replica or worker of its own).
func (tc *testCluster) conn() *cluster.Cluster {
	tc.t.Helper()
	c, err := cluster.Open(context.Background(), tc.cfg)
	if err != nil {
		tc.t.Fatal(err)
	}
	tc.t.Cleanup(c.Close)
	return c
}

// replica is an API server on the cluster.
func (tc *testCluster) replica() *testServer {
	cfg := tc.cfg
	cfg.Manage = true
	c, err := cluster.Open(context.Background(), cfg)
	if err != nil {
		tc.t.Fatal(err)
	}
	tc.t.Cleanup(c.Close)
	return newTestServer(tc.t, Config{Cluster: c})
}

// worker runs n in-process build slots on the cluster until the test ends
// or stop is called.
func (tc *testCluster) worker(name string, n int) (stop func()) {
	tc.t.Helper()
	s, err := New(Config{CacheDir: tc.t.TempDir(), Designs: testDesigns, Cluster: tc.conn()})
	if err != nil {
		tc.t.Fatal(err)
	}
	return tc.startWork(s, name, n)
}

// startWork runs s.Work until the test ends or stop is called.
func (tc *testCluster) startWork(s *Server, name string, n int) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); s.Work(ctx, name, n) }()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); wg.Wait() }) }
	tc.t.Cleanup(stop)
	return stop
}

func TestClusterBuildIsSharedByReplicas(t *testing.T) {
	tc := newTestCluster(t, cluster.Config{MaxQueue: 8, AckWait: 2 * time.Second})
	a, b := tc.replica(), tc.replica()
	local := newTestServer(t, Config{})
	tc.worker("w1", 1)

	body := `{"design":"bench","params":{"brick_length":"12in"}}`
	st := a.build(body)
	if st.Status != StatusDone {
		t.Fatalf("build on replica A: %+v", st)
	}
	// Replica B has never seen it: it answers from the cluster.
	code, data, _ := b.do("GET", "/api/builds/"+st.ID, "")
	if code != http.StatusOK || decodeStatus(t, data).Status != StatusDone {
		t.Fatalf("replica B: %d %s", code, data)
	}
	want := local.build(body)
	if want.ID != st.ID {
		t.Fatalf("cluster id %s, local id %s", st.ID, want.ID)
	}
	for _, f := range want.Files {
		_, wantBytes, _ := local.do("GET", f.URL, "")
		code, got, _ := b.do("GET", f.URL, "")
		if code != http.StatusOK || string(got) != string(wantBytes) {
			t.Errorf("%s from replica B: %d, %d bytes, local build %d bytes", f.Path, code, len(got), len(wantBytes))
		}
	}
	code, zipA, _ := a.do("GET", "/api/builds/"+st.ID+"/bundle.zip", "")
	_, zipB, _ := b.do("GET", "/api/builds/"+st.ID+"/bundle.zip", "")
	if code != http.StatusOK || string(zipA) != string(zipB) {
		t.Errorf("bundles differ between replicas (%d, %d bytes)", len(zipA), len(zipB))
	}
}

func TestClusterSameInputsBuildOnce(t *testing.T) {
	tc := newTestCluster(t, cluster.Config{MaxQueue: 8, AckWait: 2 * time.Second})
	a, b := tc.replica(), tc.replica()
	body := `{"design":"bench","params":{"brick_length":"13in","delay_ms":300}}`
	var wg sync.WaitGroup
	ids := make([]string, 8)
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := a
			if i%2 == 1 {
				r = b
			}
			code, data, _ := r.do("POST", "/api/builds", body)
			if code != http.StatusAccepted && code != http.StatusOK {
				t.Errorf("POST: %d %s", code, data)
				return
			}
			ids[i] = decodeStatus(t, data).ID
		}()
	}
	wg.Wait()
	n, err := tc.conn().Queued(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("8 posts of one build to 2 replicas queued %d jobs (%v), want 1", n, err)
	}
	tc.worker("w1", 2)
	st := a.wait(ids[0])
	if st.Status != StatusDone {
		t.Fatalf("%+v", st)
	}
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("ids differ: %v", ids)
		}
	}
}

func TestClusterQueueCapAndCancel(t *testing.T) {
	tc := newTestCluster(t, cluster.Config{MaxQueue: 2, AckWait: 2 * time.Second})
	a := tc.replica()
	var codes []int
	var ids []string
	for i := range 3 {
		code, data, _ := a.do("POST", "/api/builds", fmt.Sprintf(`{"design":"bench","params":{"brick_length":"%din"}}`, 9+i))
		codes = append(codes, code)
		if code == http.StatusAccepted {
			ids = append(ids, decodeStatus(t, data).ID)
		}
	}
	if codes[0] != http.StatusAccepted || codes[1] != http.StatusAccepted || codes[2] != http.StatusTooManyRequests {
		t.Fatalf("codes %v, want 202 202 429 with a queue of 2 and no worker", codes)
	}
	code, data, _ := a.do("DELETE", "/api/builds/"+ids[0], "")
	if code != http.StatusOK || decodeStatus(t, data).Status != StatusFailed {
		t.Fatalf("DELETE a queued build: %d %s", code, data)
	}
	tc.worker("w1", 1)
	if st := a.wait(ids[1]); st.Status != StatusDone {
		t.Fatalf("the other build: %+v", st)
	}
	if st := a.wait(ids[0]); st.Status != StatusFailed {
		t.Fatalf("the cancelled build was built: %+v", st)
	}
	// A running build is stopped by its worker.
	code, data, _ = a.do("POST", "/api/builds", `{"design":"bench","params":{"delay_ms":60000}}`)
	if code != http.StatusAccepted {
		t.Fatalf("%d %s", code, data)
	}
	id := decodeStatus(t, data).ID
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		_, data, _ = a.do("GET", "/api/builds/"+id, "")
		if decodeStatus(t, data).Status == StatusRunning {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	start := time.Now()
	code, data, _ = a.do("DELETE", "/api/builds/"+id, "")
	if st := decodeStatus(t, data); code != http.StatusOK || st.Status != StatusFailed {
		t.Fatalf("DELETE a running build: %d %s", code, data)
	}
	if time.Since(start) > 15*time.Second {
		t.Fatalf("cancel took %s", time.Since(start))
	}
}

// TestClusterJobWhoseWorkersDieFails takes a job MaxAttempts times as a
// worker that dies would (it marks the build running and is never heard
// of again); the worker that gets the last delivery records the build
// failed, the job leaves the queue, and posting the build again builds it.
func TestClusterJobWhoseWorkersDieFails(t *testing.T) {
	tc := newTestCluster(t, cluster.Config{MaxQueue: 8, AckWait: time.Second})
	a := tc.replica()
	body := `{"design":"bench","params":{"brick_length":"15in"}}`
	code, data, _ := a.do("POST", "/api/builds", body)
	if code != http.StatusAccepted {
		t.Fatalf("POST: %d %s", code, data)
	}
	id := decodeStatus(t, data).ID
	ghost := tc.conn()
	for n := uint64(1); n <= cluster.MaxAttempts; n++ {
		job, err := ghost.Next(t.Context(), 10*time.Second)
		if err != nil || job == nil {
			t.Fatalf("delivery %d: %v, job %v", n, err, job)
		}
		if job.Delivery != n || job.Final {
			t.Fatalf("delivery %d: Delivery %d, Final %v", n, job.Delivery, job.Final)
		}
		st := storedOf(t, ghost, id)
		st.Status, st.Worker, st.Delivery, st.Started = StatusRunning, fmt.Sprintf("ghost-%d", n), n, time.Now().UTC()
		data, _ := json.Marshal(st)
		if err := ghost.PutStatus(t.Context(), id, data); err != nil {
			t.Fatal(err)
		}
		// ... and dies: no progress, no acknowledgement.
	}
	tc.worker("w1", 1)
	st := a.waitLong(id, 30*time.Second, nil)
	if st.Status != StatusFailed || st.Error == nil {
		t.Fatalf("after %d dead workers: status %s, error %+v", cluster.MaxAttempts, st.Status, st.Error)
	}
	for _, want := range []string{"abandoned", "delivered to workers 5 times", "ghost-5, on delivery 5"} {
		if !strings.Contains(st.Error.Message, want) {
			t.Errorf("error %q does not say %q", st.Error.Message, want)
		}
	}
	if n, err := tc.conn().Queued(t.Context()); err != nil || n != 0 {
		t.Errorf("%d jobs left in the stream (%v), want 0", n, err)
	}
	// Not the input's fault: posting it again builds it.
	code, data, _ = a.do("POST", "/api/builds", body)
	if code != http.StatusAccepted {
		t.Fatalf("POST again: %d %s", code, data)
	}
	if st := a.waitLong(id, 30*time.Second, nil); st.Status != StatusDone {
		t.Fatalf("posted again: status %s, error %+v", st.Status, st.Error)
	}
}
