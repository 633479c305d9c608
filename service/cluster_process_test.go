package service

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/service/cluster"
)

// The tests of this file run the scale-out as it is deployed: a real
// JetStream server (embedded, file storage in a temp folder), API replicas
// on loopback ports and worker processes of the real fabkit binary.

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// TestMain removes the fabkit binary the process tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// fabkitBinary builds cmd/fabkit once for the package's tests (TestMain
// removes it).
func fabkitBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "fabkit-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "fabkit")
		out, err := exec.Command("go", "build", "-o", binPath, "github.com/fabkit/fabkit/cmd/fabkit").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v: %s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// workerProc is a `fabkit worker` child process.
type workerProc struct {
	name string
	cmd  *exec.Cmd
	log  *lockedBuffer
	done chan struct{}
}

// lockedBuffer is a worker's output: written by the process's copier,
// read by a failing test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startWorker starts `fabkit worker` on url with one build slot; the test's
// cleanup kills it. Its scratch folder is in a temp folder of the test, so
// a worker killed with SIGKILL leaves nothing behind.
func startWorker(t *testing.T, url, name string) *workerProc {
	t.Helper()
	w := &workerProc{name: name, log: &lockedBuffer{}, done: make(chan struct{})}
	w.cmd = exec.Command(fabkitBinary(t), "worker", "--nats", url, "--workers", "1", "--name", name)
	w.cmd.Env = append(os.Environ(), "TMPDIR="+t.TempDir())
	w.cmd.Stdout, w.cmd.Stderr = w.log, w.log
	if err := w.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { w.cmd.Wait(); close(w.done) }()
	t.Cleanup(func() { w.kill() })
	return w
}

// kill stops the worker with SIGKILL: no chance to hand anything back.
func (w *workerProc) kill() {
	select {
	case <-w.done:
		return
	default:
	}
	w.cmd.Process.Signal(syscall.SIGKILL)
	<-w.done
}

// realReplica is an API replica serving the shipped designs.
func (tc *testCluster) realReplica() *testServer {
	cfg := tc.cfg
	cfg.Manage = true
	c, err := cluster.Open(context.Background(), cfg)
	if err != nil {
		tc.t.Fatal(err)
	}
	tc.t.Cleanup(c.Close)
	return newTestServer(tc.t, Config{Cluster: c, Designs: designs.All, BuildTimeout: 10 * time.Minute})
}

// storedOf reads a build's status as the cluster keeps it.
func storedOf(t *testing.T, c *cluster.Cluster, id string) *storedStatus {
	t.Helper()
	data, _, err := c.Status(context.Background(), id)
	if err != nil {
		return nil
	}
	st, err := decodeStoredStatus(data)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// waitLong polls a build until it ends, for up to limit.
func (ts *testServer) waitLong(id string, limit time.Duration, each func()) BuildStatus {
	ts.t.Helper()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		code, data, _ := ts.do("GET", "/api/builds/"+id, "")
		if code != http.StatusOK {
			ts.t.Fatalf("GET build: %d %s", code, data)
		}
		st := decodeStatus(ts.t, data)
		if st.Status == StatusDone || st.Status == StatusFailed {
			return st
		}
		if each != nil {
			each()
		}
		time.Sleep(100 * time.Millisecond)
	}
	ts.t.Fatalf("build %s did not end within %s", id, limit)
	return BuildStatus{}
}

func TestClusterWorkerKilledAndNATSRestarted(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CEB press several times")
	}
	dir := t.TempDir()
	srv, err := cluster.StartEmbedded(dir, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := srv.Addr()
	t.Cleanup(func() { srv.Shutdown() }) // last: after the workers and replicas; the one running then
	tc := &testCluster{t: t, srv: srv, cfg: cluster.Config{URL: srv.URL(), MaxQueue: 8, AckWait: 3 * time.Second}}
	a, b := tc.realReplica(), tc.realReplica()
	watch := tc.conn()
	workers := map[string]*workerProc{}
	for _, name := range []string{"wa", "wb"} {
		workers[name] = startWorker(t, tc.cfg.URL, name)
	}

	body := `{"design":"ceb-press","preset":"classic-6x12"}`
	code, data, _ := a.do("POST", "/api/builds", body)
	if code != http.StatusAccepted {
		t.Fatalf("POST to replica A: %d %s", code, data)
	}
	id := decodeStatus(t, data).ID

	// Kill whichever worker takes it, mid-build.
	var killed string
	deadline := time.Now().Add(3 * time.Minute)
	for killed == "" && time.Now().Before(deadline) {
		if st := storedOf(t, watch, id); st != nil && st.Status == StatusRunning && st.Worker != "" {
			name := st.Worker[:2]
			time.Sleep(300 * time.Millisecond) // well into the build
			workers[name].kill()
			killed = name
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if killed == "" {
		t.Fatal("no worker took the build")
	}
	// Until it is done no replica serves a file of it, and then only whole.
	partial := func() {
		code, data, _ := b.do("GET", "/api/builds/"+id+"/files/manifest.json", "")
		if code == http.StatusOK && !json.Valid(data) {
			t.Fatalf("replica B served a partial manifest.json (%d bytes)", len(data))
		}
		if code != http.StatusOK && code != http.StatusConflict {
			t.Fatalf("a file of a running build: %d %s", code, data)
		}
	}
	st := b.waitLong(id, 6*time.Minute, partial)
	if st.Status != StatusDone {
		t.Fatalf("after %s was killed: %+v\nworker logs:\n%s\n%s", killed, st, workers["wa"].log, workers["wb"].log)
	}
	final := storedOf(t, watch, id)
	if final.Delivery < 2 || final.Worker[:2] == killed {
		t.Fatalf("built by %s on delivery %d; %s was killed holding it", final.Worker, final.Delivery, killed)
	}

	// The same bytes as a build on one machine (in this process: a minute
	// or more under the race detector).
	local := newTestServer(t, Config{Designs: designs.All, BuildTimeout: 10 * time.Minute})
	code, data, _ = local.do("POST", "/api/builds", body)
	if code != http.StatusAccepted {
		t.Fatalf("POST to the local server: %d %s", code, data)
	}
	want := local.waitLong(decodeStatus(t, data).ID, 10*time.Minute, nil)
	if want.Status != StatusDone || want.ID != id {
		t.Fatalf("local build %s (%s), cluster build %s", want.ID, want.Status, id)
	}
	for _, f := range want.Files {
		_, wantBytes, _ := local.do("GET", f.URL, "")
		code, got, _ := b.do("GET", f.URL, "")
		if code != http.StatusOK || !bytes.Equal(got, wantBytes) {
			t.Errorf("%s: replica B %d (%d bytes), local %d bytes", f.Path, code, len(got), len(wantBytes))
		}
	}

	// A job queued while no worker runs survives a restart of NATS, and so
	// does the finished build.
	for _, w := range workers {
		w.kill()
	}
	code, data, _ = a.do("POST", "/api/builds", `{"design":"d3d","formats":["bom"]}`)
	if code != http.StatusAccepted {
		t.Fatalf("POST with no worker: %d %s", code, data)
	}
	queued := decodeStatus(t, data).ID
	srv.Shutdown()
	srv, err = cluster.StartEmbedded(dir, addr)
	if err != nil {
		t.Fatal(err)
	}
	fresh := tc.realReplica() // an empty local cache: everything from NATS
	code, data, _ = fresh.do("GET", "/api/builds/"+id, "")
	if code != http.StatusOK || decodeStatus(t, data).Status != StatusDone {
		t.Fatalf("the finished build after a NATS restart: %d %s", code, data)
	}
	code, data, _ = fresh.do("GET", "/api/builds/"+queued, "")
	if code != http.StatusOK || decodeStatus(t, data).Status != StatusQueued {
		t.Fatalf("the queued build after a NATS restart: %d %s", code, data)
	}
	startWorker(t, tc.cfg.URL, "wc")
	if st := fresh.waitLong(queued, 3*time.Minute, nil); st.Status != StatusDone {
		t.Fatalf("the queued build after the restart: %+v", st)
	}
}

func TestClusterWorkerKeepsDying(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills six worker processes")
	}
	tc := newTestCluster(t, cluster.Config{MaxQueue: 8, AckWait: 2 * time.Second})
	a := tc.realReplica()
	watch := tc.conn()
	code, data, _ := a.do("POST", "/api/builds", `{"design":"ceb-press","preset":"classic-6x12"}`)
	if code != http.StatusAccepted {
		t.Fatalf("POST: %d %s", code, data)
	}
	id := decodeStatus(t, data).ID
	var logs []*workerProc
	// Each worker takes the job, starts building and is killed.
	for n := uint64(1); n <= cluster.MaxAttempts; n++ {
		w := startWorker(t, tc.cfg.URL, fmt.Sprintf("d%d", n))
		logs = append(logs, w)
		deadline := time.Now().Add(time.Minute)
		for {
			if st := storedOf(t, watch, id); st != nil && st.Status == StatusRunning && st.Delivery == n {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("delivery %d never started: %+v\n%s", n, storedOf(t, watch, id), w.log)
			}
			time.Sleep(20 * time.Millisecond)
		}
		time.Sleep(300 * time.Millisecond) // into the build
		w.kill()
	}
	// The next worker gets the last delivery: it records the failure.
	last := startWorker(t, tc.cfg.URL, "d6")
	st := a.waitLong(id, time.Minute, nil)
	if st.Status != StatusFailed || st.Error == nil {
		t.Fatalf("after %d workers died: status %s, error %+v\n%s", cluster.MaxAttempts, st.Status, st.Error, last.log)
	}
	for _, want := range []string{"abandoned", "5 times", "d5/0, on delivery 5"} {
		if !strings.Contains(st.Error.Message, want) {
			t.Errorf("error %q does not say %q", st.Error.Message, want)
		}
	}
	if n, err := watch.Queued(t.Context()); err != nil || n != 0 {
		t.Errorf("%d jobs left in the stream (%v), want 0", n, err)
	}
	t.Logf("%s", st.Error.Message)
}
