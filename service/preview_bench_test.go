package service

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/fabkit/fabkit/designs"
)

// BenchmarkPreviewD3D measures the page's drawing preview of the D3D
// printer after an edit (issue 19's target: under 3 s): each iteration asks
// the preview of a new frame_size, so no image comes from the preview
// cache, while the printed parts' meshes come from the previews' mesh cache
// (warmed by one preview before the timer starts). It reports ms/preview
// and cpu-ms/preview (this process's CPU time, steadier than the wall
// clock on a shared machine).
func BenchmarkPreviewD3D(b *testing.B) {
	s, err := New(Config{CacheDir: b.TempDir(), Designs: designs.All, Workers: 2})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Shutdown(context.Background())
	h := s.Handler()
	get := func(frame int) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", fmt.Sprintf("/api/designs/d3d/preview.svg?frame_size=%din", frame), nil))
		if rec.Code != 200 {
			b.Fatalf("preview frame_size=%din: %d %s", frame, rec.Code, rec.Body)
		}
	}
	get(12)
	b.ResetTimer()
	cpu := processCPU()
	for i := 0; i < b.N; i++ {
		get(13 + i%30)
	}
	n := float64(b.N)
	b.ReportMetric(float64((processCPU()-cpu).Milliseconds())/n, "cpu-ms/preview")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/n, "ms/preview")
}

// BenchmarkPreviewD3DCold measures the first preview of the D3D (the
// page's preview.json of the defaults) on a server just started with an
// empty cache folder: nothing cached, every printed part marched (at the
// preview's coarse cell). Issue 19's target is under 3 s. The server's
// start-up warming is off here (it would answer from its cache); see
// BenchmarkPreviewD3DWarmed.
func BenchmarkPreviewD3DCold(b *testing.B) {
	var cpu, wall time.Duration
	for i := 0; i < b.N; i++ {
		s, err := New(Config{CacheDir: b.TempDir(), Designs: designs.All, Workers: 2})
		if err != nil {
			b.Fatal(err)
		}
		h := s.Handler()
		c0, t0 := processCPU(), time.Now()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/designs/d3d/preview.json", nil))
		wall += time.Since(t0)
		cpu += processCPU() - c0
		if rec.Code != 200 {
			b.Fatalf("preview.json: %d %s", rec.Code, rec.Body)
		}
		s.Shutdown(context.Background())
	}
	n := float64(b.N)
	b.ReportMetric(float64(cpu.Milliseconds())/n, "cpu-ms/preview")
	b.ReportMetric(float64(wall.Milliseconds())/n, "ms/preview")
}
