package service

import (
	"bytes"
	"encoding/json"
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/fabkit/fabkit/outputs/stl"
	"github.com/fabkit/fabkit/pipeline"
)

// sceneKey follows a build id in the preview cache for its scene.
const sceneKey = ".scene"

// scene is what the page previews of the current inputs, from one preview
// build (the preview.svg's, or a posted preview build's: keepScene): every
// part's own drawing and the assembly mesh, with the triangles of each
// part's instances so that a click in the 3D view names the part.
type scene struct {
	doc   []byte            // the JSON of sceneDoc
	files map[string][]byte // "assembly.stl", "parts/ID.svg", "parts/ID.png"
}

// sceneDoc is GET /api/designs/{name}/preview.json.
type sceneDoc struct {
	Build  string      `json:"build"`  // the preview's inputs, as a build id
	Design string      `json:"design"` // name
	Parts  []scenePart `json:"parts"`  // in the model's order
	// Mesh is the URL of the assembly as binary STL, "" when nothing was
	// meshed; Triangles counts its triangles.
	Mesh      string `json:"mesh,omitempty"`
	Triangles int    `json:"triangles"`
	// Quality is the mesh's: "preview" when free-form (printed) parts were
	// marched coarse (pipeline.PreviewCellScale), "full" when the scene is
	// a posted preview build's (fabkit dev's on every save).
	Quality string `json:"quality"`
}

// Scene mesh qualities (sceneDoc.Quality).
const (
	sceneCoarse = "preview"
	sceneFull   = "full"
)

// scenePart is one part of a scene.
type scenePart struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Qty     int    `json:"qty"`
	Process string `json:"process"`
	// Drawing is the URL of the part's drawing (its dimensioned SVG, else
	// its shaded PNG view), "" for a part without one (bought items).
	Drawing string `json:"drawing,omitempty"`
	// Triangles are [first, count] of each placed instance in the mesh.
	Triangles [][2]int `json:"triangles,omitempty"`
}

// newScene makes the scene of a preview build. The triangle ranges follow
// the order in which pipeline.MeshParts appends the assembly (each meshed
// part's instances in model order, then the stand-in bodies of bought
// items); when they do not add up to the mesh, the scene leaves them out
// rather than name the wrong part.
func newScene(sp *spec, res *pipeline.Result, quality string) *scene {
	sc := &scene{files: map[string][]byte{}}
	doc := sceneDoc{Build: sp.id, Design: sp.design.Name(), Parts: []scenePart{}, Quality: quality}
	base := "/api/previews/" + sp.id + "/"
	drawings := map[string]string{}
	for _, f := range res.Files {
		if f.Part == "" || !strings.HasPrefix(f.Path, "sheets/") {
			continue
		}
		ext := path.Ext(f.Path)
		if prev, ok := drawings[f.Part]; (ext == ".svg" || ext == ".png") && (!ok || prev == ".png") {
			drawings[f.Part] = ext
			sc.files["parts/"+f.Part+ext] = f.Data
		}
	}
	index := map[string]int{}
	for _, p := range res.Model.Parts {
		part := scenePart{ID: p.ID, Name: p.Name, Qty: p.Qty, Process: string(p.Process)}
		if ext, ok := drawings[p.ID]; ok {
			part.Drawing = base + "parts/" + p.ID + ext
		}
		index[p.ID] = len(doc.Parts)
		doc.Parts = append(doc.Parts, part)
	}
	if m := res.Meshes; m != nil && m.Assembly != nil {
		var buf bytes.Buffer
		if err := stl.Write(&buf, m.Assembly, "assembly"); err == nil {
			sc.files["assembly.stl"] = buf.Bytes()
			doc.Mesh = base + "assembly.stl"
			doc.Triangles = len(m.Assembly.Triangles)
		}
		at := 0
		place := func(id string, n int) {
			i := index[id]
			for range res.Model.Parts[i].Placements {
				doc.Parts[i].Triangles = append(doc.Parts[i].Triangles, [2]int{at, n})
				at += n
			}
		}
		for _, p := range res.Model.Parts {
			if pm := m.Parts[p.ID]; pm != nil {
				place(p.ID, len(pm.Triangles))
			}
		}
		for _, p := range res.Model.Parts {
			if b := m.Bodies[p.ID]; b != nil {
				place(p.ID, len(b.Triangles))
			}
		}
		if at != doc.Triangles {
			for i := range doc.Parts {
				doc.Parts[i].Triangles = nil
			}
		}
	}
	sc.doc, _ = json.Marshal(doc)
	return sc
}

// keepScene follows a finished posted build: when it was a preview build
// with drawings (fabkit dev's on every save), its scene becomes the scene
// of preview.json for the same inputs, which then answers at once, with
// full-quality meshes, instead of building them again.
func (s *Server) keepScene(sp *spec, res *pipeline.Result) {
	if sp.preview == nil || (len(sp.formats) > 0 && !slices.Contains(sp.formats, "sheets")) {
		return
	}
	pv := *sp
	pv.formats, pv.preview = []string{"sheets"}, nil // as previewSpec resolves the same inputs
	pv.id = pv.hash()
	s.previews.put(pv.id+sceneKey, newScene(&pv, res, sceneFull))
}

// handleScene serves GET /api/designs/{name}/preview.json: the scene of
// the inputs in the query (as for preview.svg, whose build it shares and
// whose cache it uses). The drawings and the mesh it names are served
// under /api/previews/{build}/ while the scene stays in the cache.
func (s *Server) handleScene(w http.ResponseWriter, r *http.Request) {
	sp, apiErr := s.previewSpec(r, []string{"sheets"})
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}
	v, ok := s.previews.get(sp.id + sceneKey)
	if ok {
		s.metrics.previewHits.Add(1)
	} else {
		s.metrics.previewMisses.Add(1)
		img, apiErr := s.renderPreview(r.Context(), sp, ".svg")
		if apiErr != nil {
			writeError(w, apiErr)
			return
		}
		s.previews.put(sp.id+".svg", img)
		if v, ok = s.previews.get(sp.id + sceneKey); !ok {
			writeError(w, &apiError{Status: http.StatusInternalServerError, Message: "the preview's scene was not kept"})
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Fabkit-Build", sp.id)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(v.(*scene).doc)
}

// handleSceneFile serves GET /api/previews/{build}/{file}: a part's
// drawing (parts/ID.svg or .png) or the assembly mesh (assembly.stl) of a
// scene still in the preview cache; 404 once it has left (the page then
// asks preview.json again).
func (s *Server) handleSceneFile(w http.ResponseWriter, r *http.Request) {
	v, ok := s.previews.get(r.PathValue("id") + sceneKey)
	if !ok {
		writeError(w, notFound("id", "no preview %q in the cache (ask preview.json again)", r.PathValue("id")))
		return
	}
	file := r.PathValue("file")
	data, ok := v.(*scene).files[file]
	if !ok {
		writeError(w, notFound("file", "preview %s has no %q", r.PathValue("id")[:min(12, len(r.PathValue("id")))], file))
		return
	}
	switch path.Ext(file) {
	case ".svg":
		w.Header().Set("Content-Type", "image/svg+xml")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	case ".png":
		w.Header().Set("Content-Type", "image/png")
	default:
		w.Header().Set("Content-Type", "model/stl")
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "public, max-age=3600, immutable")
	w.Write(data)
}
