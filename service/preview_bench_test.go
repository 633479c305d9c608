package service

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/fabkit/fabkit/designs"
)

// BenchmarkPreviewD3D measures the page's drawing preview of the D3D
// printer after an edit (issue 19's target: under 3 s): each iteration asks
// the preview of a new frame_size, so no image comes from the preview
// cache, while the printed parts' meshes come from the previews' mesh cache
// (warmed by one preview before the timer starts).
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
	for i := 0; i < b.N; i++ {
		get(13 + i%30)
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/preview")
}
