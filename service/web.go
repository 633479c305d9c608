package service

import (
	"embed"
	"io/fs"
	"net/http"
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
	data, _ := webFiles.ReadFile("web/openapi.json")
	w.Header().Set("Content-Type", "application/json")
	w.Write(data)
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
