package service

import (
	"bytes"
	"container/list"
	"context"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"math"
	"net/http"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/geometry/solid"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/outputs/render"
	"github.com/fabkit/fabkit/pipeline"
	"github.com/fabkit/fabkit/shop"
)

// handlePreview serves GET /api/designs/{name}/preview.svg and .png. The
// query holds the build inputs (see previewSpec). It runs a preview build
// (see previewBuild: each part's drawing, the nest, coarse printed parts)
// synchronously, on the preview slots; if the client goes away the build
// is cancelled. The SVG, the PNG and preview.json of the same inputs share
// one build. The image is the build's own drawing (see pickPreview: the
// first nest sheet SVG; for the PNG the assembly rendered here from the
// build's assembly mesh) when it has one, and otherwise a
// layout drawn here from the model: every plate part's exact outline and
// holes, and every bar as its length by its stock width, labelled with the
// part id and quantity. Images are kept in a small in-memory LRU by build
// id; the SVG's build also leaves its scene there (preview.json).
func (s *Server) handlePreview(w http.ResponseWriter, r *http.Request) {
	ext := path.Ext(r.URL.Path)
	sp, apiErr := s.previewSpec(r, []string{"sheets"})
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}
	key := sp.id + ext
	var img []byte
	if v, ok := s.previews.get(key); ok {
		s.metrics.previewHits.Add(1)
		img = v.([]byte)
	} else {
		s.metrics.previewMisses.Add(1)
		img, apiErr = s.renderPreview(r.Context(), sp, ext)
		if apiErr != nil {
			writeError(w, apiErr)
			return
		}
		s.previews.put(key, img)
	}
	if ext == ".png" {
		w.Header().Set("Content-Type", "image/png")
	} else {
		w.Header().Set("Content-Type", "image/svg+xml")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("X-Fabkit-Build", sp.id)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(img)
}

// previewSpec reads a preview's build inputs: the design from the path,
// and in the query preset=NAME, shop=NAME (a built-in shop or a posted
// shop's id) and every other key NAME=VALUE as a parameter.
func (s *Server) previewSpec(r *http.Request, formats []string) (*spec, *apiError) {
	req := BuildRequest{Design: r.PathValue("name"), Params: map[string]any{}, Formats: formats}
	for k, vs := range r.URL.Query() {
		v := vs[len(vs)-1]
		switch k {
		case "preset":
			req.Preset = v
		case "shop":
			q, _ := jsonString(v)
			req.Shop = q
		default:
			req.Params[k] = v
		}
	}
	if s.design(req.Design) == nil {
		return nil, notFound("name", "unknown design %q (designs: %s)", req.Design, strings.Join(s.designNames(), ", "))
	}
	if len(r.URL.Query()["shop"]) > 0 && strings.Contains(r.URL.Query().Get("shop"), "\n") {
		return nil, badRequest("shop", "a preview takes a shop name or id, not a document")
	}
	return s.resolve(&req)
}

func jsonString(s string) ([]byte, error) {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return []byte(b.String()), nil
}

// renderPreview builds synchronously and draws the result; the build's
// scene (preview.json) is kept too, unless one is kept already.
func (s *Server) renderPreview(ctx context.Context, sp *spec, ext string) ([]byte, *apiError) {
	res, apiErr := s.previewBuild(ctx, sp)
	if apiErr != nil {
		return nil, apiErr
	}
	if _, ok := s.previews.get(sp.id + sceneKey); !ok {
		s.previews.put(sp.id+sceneKey, newScene(sp, res, sceneCoarse))
	}
	if data := pickPreview(res, ext); data != nil {
		return data, nil
	}
	lay := layoutParts(res.Model, sp.shop)
	title := fmt.Sprintf("%s %s: parts preview (parameters %s)", sp.design.Name(), sp.design.Version(), res.Values.Digest())
	if ext == ".png" {
		data, err := lay.png(1200)
		if err != nil {
			return nil, &apiError{Status: http.StatusInternalServerError, Message: err.Error()}
		}
		return data, nil
	}
	return lay.svg(title), nil
}

// previewBuild runs a preview's build synchronously, within the build
// timeout, on the preview slots: as many as the workers, but apart from
// theirs, so that previews (one per edit on the page) never hold a posted
// build in "queued". It is a coarse preview build (pipeline.Preview): each
// part's drawing and the nest, free-form (printed) parts marched at
// pipeline.PreviewCellScale times their cell, no packet, G-code or BOM
// files. Previews skip the assembly check (a Build runs it and says what
// failed) and share the builds' mesh cache (Config.MeshCacheDir), so a
// printed part marched once is not marched again; their coarse meshes are
// cached under their own cell, apart from a full build's.
func (s *Server) previewBuild(ctx context.Context, sp *spec) (*pipeline.Result, *apiError) {
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		return nil, errClosing
	}
	s.wg.Add(1)
	s.mu.Unlock()
	defer s.wg.Done()
	ctx, cancel := context.WithTimeoutCause(ctx, s.cfg.BuildTimeout, errTimeout)
	defer cancel()
	stop := context.AfterFunc(s.base, cancel) // shutdown cancels previews too
	defer stop()
	select {
	case s.previewSlots <- struct{}{}:
	case <-ctx.Done():
		return nil, buildError(fmt.Errorf("cancelled while waiting for a preview slot: %w", context.Cause(ctx)), s.cfg.BuildTimeout)
	}
	defer func() { <-s.previewSlots }()
	req := sp.request(s.buildWorkers(), nil)
	req.NoAssemblyCheck = true
	req.Preview = &pipeline.Preview{Coarse: true, Nest: true}
	req.MeshCache = s.meshCache()
	req.ViewCache = s.views
	res, err := runBuild(ctx, req)
	if err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("%w: %w", context.Cause(ctx), err)
		}
		return nil, buildError(err, s.cfg.BuildTimeout)
	}
	return res, nil
}

// meshCache opens the mesh cache of builds and previews
// (Config.MeshCacheDir) on first use; nil, and builds only slower, when it
// is off or cannot be opened.
func (s *Server) meshCache() *solid.Cache {
	s.meshOnce.Do(func() {
		dir := s.cfg.MeshCacheDir
		switch dir {
		case "off":
			return
		case "":
			dir = filepath.Join(s.cfg.CacheDir, "meshes")
		}
		c, err := solid.OpenCache(dir, MeshCacheBytes)
		if err != nil {
			s.log.Warn("mesh cache", "err", err)
			return
		}
		s.meshes = c
	})
	return s.meshes
}

// pickPreview returns the build's own drawing for a preview: for .svg the
// first nest sheet (sheets/NEST.svg) or else the first sheets/*.svg, for
// .png sheets/assembly.png, else the assembly mesh rendered here, else the
// first sheets/*.png; nil when the build has none.
func pickPreview(res *pipeline.Result, ext string) []byte {
	byPath := map[string][]byte{}
	var paths []string
	for _, f := range res.Files {
		if strings.HasPrefix(f.Path, "sheets/") && path.Ext(f.Path) == ext {
			byPath[f.Path] = f.Data
			paths = append(paths, f.Path)
		}
	}
	sort.Strings(paths)
	var prefer []string
	if ext == ".png" {
		prefer = append(prefer, "sheets/assembly.png")
	} else if res.Manifest != nil && len(res.Manifest.Nests) > 0 {
		prefer = append(prefer, "sheets/"+res.Manifest.Nests[0].ID+".svg")
	}
	for _, p := range prefer {
		if data, ok := byPath[p]; ok {
			return data
		}
	}
	if ext == ".png" {
		if data := renderAssembly(res); data != nil {
			return data
		}
	}
	for _, p := range paths {
		return byPath[p]
	}
	return nil
}

// renderAssembly draws the build's assembly mesh (the geometry stage's
// product) as a shaded PNG, or returns nil when the build has none.
func renderAssembly(res *pipeline.Result) []byte {
	if res.Meshes == nil || res.Meshes.Assembly == nil {
		return nil
	}
	var buf bytes.Buffer
	if err := render.WritePNG(&buf, render.Render(res.Meshes.Assembly, render.Options{Width: 1000, Height: 750})); err != nil {
		return nil
	}
	return buf.Bytes()
}

// waitSlot takes a worker slot for an admitted build, or gives up its
// place in the queue when ctx ends first.
func (s *Server) waitSlot(ctx context.Context) bool {
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		s.mu.Lock()
		s.queued--
		s.metrics.queued.Store(int64(s.queued))
		s.mu.Unlock()
		return false
	}
	s.mu.Lock()
	s.queued--
	s.running++
	s.metrics.queued.Store(int64(s.queued))
	s.metrics.running.Store(int64(s.running))
	s.mu.Unlock()
	return true
}

// releaseSlot gives a worker slot back.
func (s *Server) releaseSlot() {
	<-s.slots
	s.mu.Lock()
	s.running--
	s.metrics.running.Store(int64(s.running))
	s.mu.Unlock()
}

// laidPart is one part drawn in a preview, its rings moved into place.
type laidPart struct {
	label string
	bar   bool
	rings [][]profile.Point // mm, y up
	box   profile.Box
}

// layout is the preview drawing: parts in rows, in model order.
type layout struct {
	parts []laidPart
	w, h  float64 // mm
}

// layoutParts places plate outlines and bar rectangles in rows.
func layoutParts(m *model.Model, sh *shop.Shop) *layout {
	const gap = 30.0
	var items []laidPart
	area := 0.0
	for _, p := range m.Parts {
		var rings [][]profile.Point
		bar := false
		switch {
		case p.Plate != nil:
			rings = p.Plate.Shape.Rings(0.5)
		case p.Bar != nil:
			width := 25.0
			if pr, ok := sh.Profile(p.Bar.Profile); ok {
				width = max(pr.Width, pr.Diameter, 5)
			}
			l := p.Bar.Length
			rings = [][]profile.Point{{{X: 0, Y: 0}, {X: l, Y: 0}, {X: l, Y: width}, {X: 0, Y: width}}}
			bar = true
		default:
			continue
		}
		box := profile.EmptyBox()
		for _, ring := range rings {
			for _, pt := range ring {
				box = box.Extend(pt)
			}
		}
		if len(rings) == 0 || box.Max.X < box.Min.X {
			continue
		}
		sz := box.Size()
		area += (sz.X + gap) * (sz.Y + gap)
		items = append(items, laidPart{label: fmt.Sprintf("%s x%d", p.ID, p.Qty), bar: bar, rings: rings, box: box})
	}
	lay := &layout{}
	rowW := math.Sqrt(area) * 1.6
	for _, it := range items {
		rowW = max(rowW, it.box.Size().X+2*gap)
	}
	x, y, rowH := gap, gap, 0.0
	for _, it := range items {
		sz := it.box.Size()
		if x > gap && x+sz.X+gap > rowW {
			x, y, rowH = gap, y+rowH+gap*2, 0
		}
		dx, dy := x-it.box.Min.X, y-it.box.Min.Y
		moved := make([][]profile.Point, len(it.rings))
		for i, ring := range it.rings {
			moved[i] = make([]profile.Point, len(ring))
			for j, pt := range ring {
				moved[i][j] = profile.Point{X: pt.X + dx, Y: pt.Y + dy}
			}
		}
		it.rings = moved
		it.box = profile.Box{Min: profile.Point{X: x, Y: y}, Max: profile.Point{X: x + sz.X, Y: y + sz.Y}}
		lay.parts = append(lay.parts, it)
		x += sz.X + gap
		rowH = max(rowH, sz.Y)
		lay.w = max(lay.w, x)
	}
	lay.h = y + rowH + gap*2
	lay.w = max(lay.w, 100)
	return lay
}

// svg draws the layout with y up, in millimetres.
func (l *layout) svg(title string) []byte {
	var b bytes.Buffer
	font := max(l.w, l.h) / 80
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 %s %s %s" width="100%%" data-fabkit="preview">`+"\n",
		num(-font*2.5), num(l.w), num(l.h+font*2.5))
	fmt.Fprintf(&b, "<title>%s</title>\n", html.EscapeString(title))
	fmt.Fprintf(&b, `<text x="%s" y="%s" font-family="sans-serif" font-size="%s">%s</text>`+"\n", num(font), num(-font), num(font*1.2), html.EscapeString(title))
	for _, p := range l.parts {
		fill := "#b8c7d9"
		if p.bar {
			fill = "#e0c9a0"
		}
		var d strings.Builder
		for _, ring := range p.rings {
			for i, pt := range ring {
				cmd := "L"
				if i == 0 {
					cmd = "M"
				}
				fmt.Fprintf(&d, "%s%s %s", cmd, num(pt.X), num(l.h-pt.Y))
			}
			d.WriteString("Z")
		}
		fmt.Fprintf(&b, `<path d="%s" fill="%s" fill-rule="evenodd" stroke="#223" stroke-width="%s"/>`+"\n", d.String(), fill, num(font/8))
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-family="sans-serif" font-size="%s">%s</text>`+"\n",
			num(p.box.Min.X), num(l.h-p.box.Max.Y-font/2), num(font), html.EscapeString(p.label))
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

// num prints a coordinate with 0.01 mm resolution.
func num(x float64) string { return fmt.Sprintf("%.2f", x) }

// png rasterizes the layout (without labels) at the given pixel width.
func (l *layout) png(width int) ([]byte, error) {
	scale := float64(width) / l.w
	height := min(int(math.Ceil(l.h*scale)), 4*width)
	img := image.NewRGBA(image.Rect(0, 0, width, max(height, 1)))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for _, p := range l.parts {
		c := color.RGBA{0x50, 0x6e, 0x91, 0xff}
		if p.bar {
			c = color.RGBA{0xb0, 0x85, 0x40, 0xff}
		}
		fillEvenOdd(img, p.rings, scale, l.h, c)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// fillEvenOdd fills rings (mm, y up) by the even-odd rule, sampling each
// pixel at its centre.
func fillEvenOdd(img *image.RGBA, rings [][]profile.Point, scale, h float64, c color.RGBA) {
	bounds := img.Bounds()
	minY, maxY := math.Inf(1), math.Inf(-1)
	for _, ring := range rings {
		for _, pt := range ring {
			y := (h - pt.Y) * scale
			minY, maxY = min(minY, y), max(maxY, y)
		}
	}
	var xs []float64
	for py := max(int(minY), bounds.Min.Y); py <= min(int(maxY), bounds.Max.Y-1); py++ {
		yc := float64(py) + 0.5
		xs = xs[:0]
		for _, ring := range rings {
			for i := range ring {
				a, b := ring[i], ring[(i+1)%len(ring)]
				ay, by := (h-a.Y)*scale, (h-b.Y)*scale
				if (ay <= yc) == (by <= yc) {
					continue
				}
				t := (yc - ay) / (by - ay)
				xs = append(xs, (a.X+t*(b.X-a.X))*scale)
			}
		}
		sort.Float64s(xs)
		for i := 0; i+1 < len(xs); i += 2 {
			for px := max(int(math.Round(xs[i])), 0); px < min(int(math.Round(xs[i+1])), bounds.Max.X); px++ {
				img.SetRGBA(px, py, c)
			}
		}
	}
}

// previewCache keeps recent preview images in memory.
type previewCache struct {
	mu    sync.Mutex
	limit int
	order *list.List // of *previewItem, most recent first
	items map[string]*list.Element
}

type previewItem struct {
	key  string
	data any // []byte of an image, or a *scene
}

func newPreviewCache(limit int) *previewCache {
	return &previewCache{limit: limit, order: list.New(), items: map[string]*list.Element{}}
}

func (c *previewCache) get(key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*previewItem).data, true
}

func (c *previewCache) put(key string, data any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.order.MoveToFront(el)
		return
	}
	c.items[key] = c.order.PushFront(&previewItem{key, data})
	for c.order.Len() > c.limit {
		el := c.order.Back()
		c.order.Remove(el)
		delete(c.items, el.Value.(*previewItem).key)
	}
}
