package cluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

// start runs an embedded JetStream server in a temp folder and opens a
// cluster on it.
func start(t *testing.T, cfg Config) (*Embedded, *Cluster) {
	t.Helper()
	srv, err := StartEmbedded(t.TempDir(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	cfg.URL = srv.URL()
	c, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return srv, c
}

func TestJobsAreDeduplicatedAndCapped(t *testing.T) {
	ctx := context.Background()
	_, c := start(t, Config{MaxQueue: 2, AckWait: time.Second})
	if err := c.Publish(ctx, "a", []byte("job a")); err != nil {
		t.Fatal(err)
	}
	if err := c.Publish(ctx, "a", []byte("job a")); err != nil { // a second replica, same id
		t.Fatal(err)
	}
	if n, _ := c.Queued(ctx); n != 1 {
		t.Fatalf("two publishes of one id queued %d jobs, want 1", n)
	}
	if err := c.Publish(ctx, "b", []byte("job b")); err != nil {
		t.Fatal(err)
	}
	if err := c.Publish(ctx, "c", []byte("job c")); !errors.Is(err, ErrQueueFull) {
		t.Fatalf("a third job in a queue of 2: %v, want ErrQueueFull", err)
	}
	j, err := c.Next(ctx, time.Second)
	if err != nil || j == nil {
		t.Fatalf("Next: %v, %v", j, err)
	}
	if string(j.Data) != "job a" || j.Delivery != 1 {
		t.Fatalf("first job %q delivery %d", j.Data, j.Delivery)
	}
	// Not acknowledged within AckWait: delivered again.
	time.Sleep(1500 * time.Millisecond)
	j2, err := c.Next(ctx, 2*time.Second)
	if err != nil || j2 == nil || string(j2.Data) != "job a" || j2.Delivery != 2 {
		t.Fatalf("redelivery: %+v, %v", j2, err)
	}
	if err := j2.Ack(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := c.Queued(ctx); n != 1 {
		t.Fatalf("after an ack %d jobs in the stream, want 1", n)
	}
}

func TestStatusCompareAndSwap(t *testing.T) {
	ctx := context.Background()
	_, c := start(t, Config{})
	rev, err := c.CreateStatus(ctx, "x", []byte("queued"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateStatus(ctx, "x", []byte("queued")); !errors.Is(err, ErrExists) {
		t.Fatalf("second create: %v", err)
	}
	if _, err := c.UpdateStatus(ctx, "x", []byte("running"), rev); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateStatus(ctx, "x", []byte("stale"), rev); !errors.Is(err, ErrChanged) {
		t.Fatalf("update at an old revision: %v", err)
	}
	v, _, err := c.Status(ctx, "x")
	if err != nil || string(v) != "running" {
		t.Fatalf("status %q, %v", v, err)
	}
	if _, _, err := c.Status(ctx, "y"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown status: %v", err)
	}
	if c.CancelRequested(ctx, "x") {
		t.Fatal("cancel before any request")
	}
	c.RequestCancel(ctx, "x")
	if !c.CancelRequested(ctx, "x") {
		t.Fatal("cancel not seen")
	}
}

func TestFilesEvictOldestBuilds(t *testing.T) {
	ctx := context.Background()
	_, c := start(t, Config{MaxStoreBytes: 3 << 20})
	blob := bytes.Repeat([]byte{7}, 600<<10)
	for i := range 6 {
		id := fmt.Sprintf("build%d", i)
		c.PutStatus(ctx, id, []byte("done"))
		if err := c.PutFile(ctx, id, "a.bin", blob); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if _, err := c.File(ctx, "build5", "a.bin"); err != nil {
		t.Fatalf("the newest build lost its file: %v", err)
	}
	if _, err := c.File(ctx, "build0", "a.bin"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the oldest build was kept past the cap: %v", err)
	}
	if _, _, err := c.Status(ctx, "build0"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("an evicted build kept its status: %v", err)
	}
	st, _ := c.files.Status(ctx)
	if st.Size() > 3<<20 {
		t.Fatalf("store holds %d bytes over its cap", st.Size())
	}
}
