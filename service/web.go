package service

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"

	"github.com/fabkit/fabkit/pipeline"
)

// The web page and the OpenAPI document ship inside the binary; the page is
// plain HTML, CSS and JavaScript with no build step.
//
//go:embed web/index.html web/app.js web/viewer.js web/style.css web/openapi.json
var webFiles embed.FS

// webFS is the web/ folder.
func webFS() fs.FS {
	sub, err := fs.Sub(webFiles, "web")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	return sub
}

func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	data, _ := webFiles.ReadFile("web/index.html")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(data)
}

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	data, err := openAPI()
	if err != nil {
		writeError(w, &apiError{Status: http.StatusInternalServerError, Message: err.Error()})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(data)
}

// openAPI returns web/openapi.json with the build request's formats listed
// from the pipeline's output registry, as POST /api/builds accepts them.
func openAPI() ([]byte, error) {
	data, _ := webFiles.ReadFile("web/openapi.json")
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("web/openapi.json: %w", err)
	}
	node := any(doc)
	for _, key := range []string{"components", "schemas", "BuildRequest", "properties", "formats", "items"} {
		m, ok := node.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("web/openapi.json: no BuildRequest formats (at %s)", key)
		}
		node = m[key]
	}
	items, ok := node.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("web/openapi.json: no BuildRequest formats items")
	}
	items["enum"] = pipeline.Kinds()
	return json.MarshalIndent(doc, "", "  ")
}

// WebPage serves the web page alone: the page at / and its files under
// /web/, as the service does, without the API behind it (fabkit dev shows
// it, with the compile error, before the design's first good build).
func WebPage() http.Handler {
	s := &Server{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.handleIndex)
	mux.Handle("GET /web/", http.StripPrefix("/web/", http.FileServerFS(webFS())))
	return mux
}
