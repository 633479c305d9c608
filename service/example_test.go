package service

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
)

// A server answers build requests through its Handler; with wait=true the
// answer is the finished build, and the same inputs posted again come from
// the cache under the same id.
func ExampleServer_Handler() {
	dir, _ := os.MkdirTemp("", "fabkit-example")
	defer os.RemoveAll(dir)
	s, err := New(Config{CacheDir: dir, Designs: testDesigns})
	if err != nil {
		panic(err)
	}
	defer s.Shutdown(context.Background())

	post := func(body string) BuildStatus {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("POST", "/api/builds?wait=true", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json") // bodies must be JSON: no form can post one cross-site
		s.Handler().ServeHTTP(rec, req)
		var st BuildStatus
		json.Unmarshal(rec.Body.Bytes(), &st)
		return st
	}
	first := post(`{"design": "bench", "params": {"brick_length": "12in"}, "formats": ["stl"]}`)
	again := post(`{"design": "bench", "params": {"brick_length": "12in"}, "formats": ["stl"]}`)
	fmt.Println(first.Status, again.Status, again.Cached, first.ID == again.ID)
	for _, f := range first.Files {
		fmt.Println(f.Path)
	}

	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/api/builds", strings.NewReader(`{"design": "bench", "params": {"brick_length": "99ft"}}`))
	req.Header.Set("Content-Type", "application/json")
	s.Handler().ServeHTTP(rec, req)
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output:
	// done done true true
	// manifest.json
	// stl/assembly.3mf
	// stl/assembly.stl
	// stl/p1.stl
	// 400 {
	//   "error": {
	//     "field": "params.brick_length",
	//     "message": "brick_length = 99ft: out of range 8in..24in"
	//   }
	// }
}
