package service

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// durationBuckets are the upper bounds, in seconds, of the build duration
// histogram.
var durationBuckets = []float64{0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300}

// metrics are the counters /metrics prints in the Prometheus text format.
type metrics struct {
	hits, misses, rejected, evictions atomic.Int64
	queued, running                   atomic.Int64
	cacheBytes, cacheEntries          atomic.Int64
	previewHits, previewMisses        atomic.Int64

	mu        sync.Mutex
	builds    map[string]int64 // by status: done, failed, timeout, cancelled
	buckets   []int64          // per durationBuckets, then +Inf
	durSum    float64
	durCount  int64
	responses map[int]int64
}

func newMetrics() *metrics {
	return &metrics{builds: map[string]int64{}, buckets: make([]int64, len(durationBuckets)+1), responses: map[int]int64{}}
}

// finished counts a build that ended.
func (m *metrics) finished(status string, took time.Duration, timeout, cancelled bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case timeout:
		status = "timeout"
	case cancelled:
		status = "cancelled"
	}
	m.builds[status]++
	if took <= 0 {
		return // never ran
	}
	sec := took.Seconds()
	i := sort.SearchFloat64s(durationBuckets, sec)
	m.buckets[i]++
	m.durSum += sec
	m.durCount++
}

func (m *metrics) request(code int) {
	m.mu.Lock()
	m.responses[code]++
	m.mu.Unlock()
}

func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	m := s.metrics
	var b strings.Builder
	gauge := func(name, help string, v int64) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s gauge\n%s %d\n", name, help, name, name, v)
	}
	counter := func(name, help string, v int64) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s counter\n%s %d\n", name, help, name, name, v)
	}
	m.mu.Lock()
	b.WriteString("# HELP fabkit_builds_total Builds that ended, by status.\n# TYPE fabkit_builds_total counter\n")
	for _, st := range []string{StatusDone, StatusFailed, "timeout", "cancelled"} {
		fmt.Fprintf(&b, "fabkit_builds_total{status=%q} %d\n", st, m.builds[st])
	}
	b.WriteString("# HELP fabkit_build_duration_seconds Time builds ran, queueing excluded.\n# TYPE fabkit_build_duration_seconds histogram\n")
	var cum int64
	for i, le := range durationBuckets {
		cum += m.buckets[i]
		fmt.Fprintf(&b, "fabkit_build_duration_seconds_bucket{le=\"%g\"} %d\n", le, cum)
	}
	cum += m.buckets[len(durationBuckets)]
	fmt.Fprintf(&b, "fabkit_build_duration_seconds_bucket{le=\"+Inf\"} %d\n", cum)
	fmt.Fprintf(&b, "fabkit_build_duration_seconds_sum %g\nfabkit_build_duration_seconds_count %d\n", m.durSum, m.durCount)
	codes := make([]int, 0, len(m.responses))
	for c := range m.responses {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	b.WriteString("# HELP fabkit_http_responses_total HTTP responses by status code.\n# TYPE fabkit_http_responses_total counter\n")
	for _, c := range codes {
		fmt.Fprintf(&b, "fabkit_http_responses_total{code=\"%d\"} %d\n", c, m.responses[c])
	}
	m.mu.Unlock()
	counter("fabkit_cache_hits_total", "Build requests answered from the cache.", m.hits.Load())
	counter("fabkit_cache_misses_total", "Build requests that started a build.", m.misses.Load())
	counter("fabkit_cache_evictions_total", "Cached builds removed to fit the size cap.", m.evictions.Load())
	gauge("fabkit_cache_bytes", "Bytes of cached builds and bundles on disk.", m.cacheBytes.Load())
	gauge("fabkit_cache_builds", "Cached builds.", m.cacheEntries.Load())
	counter("fabkit_preview_cache_hits_total", "Previews answered from memory.", m.previewHits.Load())
	counter("fabkit_preview_cache_misses_total", "Previews that ran a build.", m.previewMisses.Load())
	counter("fabkit_builds_rejected_total", "Build requests refused because the queue was full.", m.rejected.Load())
	gauge("fabkit_build_queue_length", "Builds waiting for a worker.", m.queued.Load())
	gauge("fabkit_builds_running", "Builds running now.", m.running.Load())
	gauge("fabkit_build_workers", "Builds that may run at once.", int64(s.cfg.Workers))
	if c := s.cfg.Cluster; c != nil {
		connected := int64(0)
		if c.Connected() {
			connected = 1
		}
		gauge("fabkit_nats_connected", "1 while the connection to NATS is up.", connected)
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		if n, err := c.Queued(ctx); err == nil {
			gauge("fabkit_cluster_jobs", "Jobs in the cluster's work queue, queued or building.", int64(n))
		}
		cancel()
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Write([]byte(b.String()))
}
