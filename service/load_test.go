package service

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestLoad is a bounded load test on loopback, run with FABKIT_LOAD=1:
//
//  1. cached builds: 16 clients re-post a finished build's request for 2 s
//     (at most 200,000 requests) and must all get 200 with the same id;
//  2. uncached builds: 16 clients post 24 distinct builds (every output,
//     the sheets stage included) to a server with
//     2 workers and a queue of 8, retrying on 429; no more than 2 builds may
//     ever run at once, no more than 2+8 are ever admitted, and the Go heap
//     in use stays under 384 MiB.
//
// It logs the figures; the report in the issue quotes them.
func TestLoad(t *testing.T) {
	if os.Getenv("FABKIT_LOAD") != "1" {
		t.Skip("set FABKIT_LOAD=1 to run the load test")
	}
	const (
		clients     = 16
		cachedFor   = 2 * time.Second
		maxRequests = 200_000
		uncached    = 24
		workers     = 2
		queue       = 8
		heapBound   = 384 << 20
	)
	ts := newTestServer(t, Config{Workers: workers, MaxQueue: queue})
	transport := &http.Transport{MaxIdleConnsPerHost: clients * 2}
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	post := func(body string) (int, string) {
		resp, err := client.Post(ts.url+"/api/builds", "application/json", strings.NewReader(body))
		if err != nil {
			t.Error(err)
			return 0, ""
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode, string(data)
	}

	// 1. Cached.
	st := ts.build(`{"design": "bench", "params": {"brick_length": "11in"}}`)
	body := `{"design": "bench", "params": {"brick_length": "11in"}}`
	var served, bad atomic.Int64
	deadline := time.Now().Add(cachedFor)
	start := time.Now()
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) && served.Load()+bad.Load() < maxRequests {
				code, data := post(body)
				if code != 200 || !strings.Contains(data, st.ID) {
					bad.Add(1)
					continue
				}
				served.Add(1)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	rate := float64(served.Load()) / elapsed.Seconds()
	t.Logf("cached: %d requests in %v by %d clients: %.0f req/s, %d bad (GOMAXPROCS %d)", served.Load(), elapsed.Round(time.Millisecond), clients, rate, bad.Load(), runtime.GOMAXPROCS(0))
	if bad.Load() != 0 {
		t.Errorf("%d cached requests failed", bad.Load())
	}
	if rate < 1000 {
		t.Errorf("cached builds served at %.0f req/s, want at least 1000", rate)
	}

	// 2. Uncached, at the cap.
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	heapStart := ms.HeapInuse
	var maxRunning, maxQueued, maxAdmitted, peakHeap atomic.Int64
	ctx, stopSampling := context.WithCancel(context.Background())
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		n := 0
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			ts.mu.Lock()
			r, q := int64(ts.running), int64(ts.queued)
			ts.mu.Unlock()
			maxRunning.Store(max(maxRunning.Load(), r))
			maxQueued.Store(max(maxQueued.Load(), q))
			maxAdmitted.Store(max(maxAdmitted.Load(), r+q))
			if n++; n%25 == 0 { // ReadMemStats stops the world: every 50 ms
				runtime.ReadMemStats(&ms)
				if h := int64(ms.HeapInuse); h > peakHeap.Load() {
					peakHeap.Store(h)
				}
			}
		}
	}()
	jobs := make(chan int)
	var rejected, accepted atomic.Int64
	var ids sync.Map
	start = time.Now()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				body := fmt.Sprintf(`{"design": "bench", "params": {"brick_length": "%.2fin", "plate_count": %d}}`, 8+float64(i)*0.1, 1+i%4)
				for {
					code, data := post(body)
					if code == http.StatusTooManyRequests {
						rejected.Add(1)
						time.Sleep(20 * time.Millisecond)
						continue
					}
					if code != 202 && code != 200 {
						t.Errorf("uncached build %d: %d %s", i, code, data)
						break
					}
					accepted.Add(1)
					ids.Store(decodeStatus(t, []byte(data)).ID, true)
					break
				}
			}
		}()
	}
	for i := 0; i < uncached; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	n := 0
	ids.Range(func(k, _ any) bool {
		if st := ts.wait(k.(string)); st.Status != StatusDone {
			t.Errorf("build %s: %s %+v", k, st.Status, st.Error)
		}
		n++
		return true
	})
	elapsed = time.Since(start)
	stopSampling()
	<-sampled
	t.Logf("uncached: %d builds in %v (%.1f builds/s) with %d workers, queue %d: max running %d, max queued %d, max admitted %d, %d requests refused with 429 and retried",
		n, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), workers, queue, maxRunning.Load(), maxQueued.Load(), maxAdmitted.Load(), rejected.Load())
	t.Logf("heap in use: %.1f MiB before, peak %.1f MiB during (bound %d MiB); cache on disk %.1f MiB for %d builds",
		float64(heapStart)/(1<<20), float64(peakHeap.Load())/(1<<20), heapBound>>20, float64(ts.metrics.cacheBytes.Load())/(1<<20), ts.metrics.cacheEntries.Load())
	if n != uncached {
		t.Errorf("%d distinct builds, want %d", n, uncached)
	}
	if maxRunning.Load() > workers {
		t.Errorf("%d builds ran at once, cap %d", maxRunning.Load(), workers)
	}
	// A build admitted while a worker is free counts as queued until it
	// takes the slot, so the bound is on running + queued.
	if maxAdmitted.Load() > workers+queue {
		t.Errorf("%d builds admitted at once, cap %d + %d", maxAdmitted.Load(), workers, queue)
	}
	if peakHeap.Load() > heapBound {
		t.Errorf("heap reached %d MiB, bound %d MiB", peakHeap.Load()>>20, heapBound>>20)
	}
}

// BenchmarkCachedBuild measures POST /api/builds answered from the cache,
// through the handler without the network.
func BenchmarkCachedBuild(b *testing.B) {
	s, err := New(Config{CacheDir: b.TempDir(), Designs: testDesigns})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Shutdown(context.Background())
	h := s.Handler()
	body := `{"design": "bench", "params": {"brick_length": "11in"}}`
	req := func(wait bool) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		url := "/api/builds"
		if wait {
			url += "?wait=true"
		}
		r := httptest.NewRequest("POST", url, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		h.ServeHTTP(rec, r)
		return rec
	}
	if rec := req(true); rec.Code != 200 {
		b.Fatalf("first build: %d %s", rec.Code, rec.Body)
	}
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if rec := req(false); rec.Code != 200 {
				b.Errorf("cached: %d", rec.Code)
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
}
