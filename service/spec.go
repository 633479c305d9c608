package service

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/fabkit/fabkit/internal/excerpt"
	"github.com/fabkit/fabkit/internal/strictjson"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/pipeline"
	"github.com/fabkit/fabkit/shop"
)

// BuildRequest is the body of POST /api/builds.
type BuildRequest struct {
	// Design is the registry name, e.g. "ceb-press".
	Design string `json:"design"`
	// Preset is one of the design's presets; "" for none.
	Preset string `json:"preset,omitempty"`
	// Params maps parameter names to values: text such as "6in", or bare
	// numbers and booleans, read like a parameter file.
	Params map[string]any `json:"params,omitempty"`
	// Shop is a built-in shop name ("us-imperial"), the id of a shop posted
	// to /api/shops, a YAML shop document as a string, or a shop document
	// as a JSON object. Empty means the default shop.
	Shop json.RawMessage `json:"shop,omitempty"`
	// Formats limits the outputs to these kinds (stl, dxf, gcode, sheets,
	// bom); empty means all. The manifest is always written.
	Formats []string `json:"formats,omitempty"`
	// For, when set, sizes the design (a hydraulic power unit) to another
	// design's hydraulic demand (for.go).
	For *BuildFor `json:"for,omitempty"`
	// Preview makes a preview build (pipeline.Preview, at full mesh
	// quality, without the nest): the meshes, each part's drawing and the
	// BOM (plate sheets counted by area), what the web page shows; fabkit
	// dev's build on every save. Formats may then name only stl and sheets.
	// Its build id is its own, never a full build's.
	Preview bool `json:"preview,omitempty"`
}

// spec is a validated build request: everything pipeline.Run needs, and the
// id that names its result.
type spec struct {
	design    model.Design
	preset    string
	overrides []params.Override // sorted by name
	shop      *shop.Shop
	shopKey   string // "builtin:NAME" or "sha256:HEX" of the document bytes
	shopDoc   []byte // the document of a posted or inline shop; nil for a built-in one
	formats   []string
	preview   *pipeline.Preview // a preview build (BuildRequest.Preview, the preview routes); nil for a full one
	id        string
}

// idPattern is the form of every build id: a SHA-256 in hex.
var idPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

// source tags parameters given through the API in the manifest.
const source = "api"

// decodeJSON reads one JSON object from the body into v, refusing unknown
// fields, keys given twice ({"design":"ceb-press","design":"d3d"}) and
// trailing data, with the field named.
func decodeJSON(r io.Reader, v any) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	err = strictjson.Decode(data, v, strictjson.Options{UseNumber: true, DisallowUnknownFields: true})
	if errors.Is(err, strictjson.ErrEmpty) {
		return errEmptyBody
	}
	return err
}

// design finds a design by name.
func (s *Server) design(name string) model.Design {
	for _, d := range s.cfg.Designs() {
		if d.Name() == name {
			return d
		}
	}
	return nil
}

func (s *Server) designNames() []string {
	var names []string
	for _, d := range s.cfg.Designs() {
		names = append(names, d.Name())
	}
	sort.Strings(names)
	return names
}

// resolve validates a request completely, before any work is queued: the
// design, preset and parameters (ranges and cross-parameter checks), the
// shop and the formats. Errors name the field at fault.
func (s *Server) resolve(req *BuildRequest) (*spec, *apiError) {
	if req.Design == "" {
		return nil, badRequest("design", "no design given (designs: %s)", strings.Join(s.designNames(), ", "))
	}
	d := s.design(req.Design)
	if d == nil {
		return nil, badRequest("design", "unknown design %s (designs: %s)", excerpt.Quote(req.Design), strings.Join(s.designNames(), ", "))
	}
	sp := &spec{design: d, preset: req.Preset}
	names := make([]string, 0, len(req.Params))
	for k := range req.Params {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		var text string
		switch v := req.Params[k].(type) {
		case string:
			text = strings.TrimSpace(v)
		case json.Number:
			text = v.String()
		case bool:
			text = strconv.FormatBool(v)
		default:
			return nil, badRequest("params."+k, "%s: expected a string, number or boolean", k)
		}
		sp.overrides = append(sp.overrides, params.Override{Name: k, Value: text, Source: source})
	}
	schema := d.Schema()
	values, err := schema.Resolve(req.Preset, sp.overrides)
	if err != nil {
		return nil, paramError(err)
	}
	if e := reportError(schema.RunChecks(values)); e != nil {
		return nil, e
	}
	var e *apiError
	shopField := req.Shop
	if t := bytes.TrimSpace(shopField); len(t) == 0 || string(t) == "null" {
		if name := schema.PresetShop(req.Preset); name != "" {
			shopField, _ = json.Marshal(name) // the shop the preset is meant for, as the CLI does
		}
	}
	sp.shop, sp.shopKey, sp.shopDoc, e = s.shopFor(shopField)
	if e != nil {
		return nil, e
	}
	if req.For != nil {
		if e := s.sizeFor(req, sp); e != nil {
			return nil, e
		}
		if values, err = schema.Resolve(req.Preset, sp.overrides); err != nil {
			return nil, paramError(err)
		}
	}
	if err := pipeline.CheckStock(schema, values, sp.shop); err != nil {
		return nil, paramError(err)
	}
	if req.Preview {
		if s.cfg.Cluster != nil { // a cluster's job message does not carry it yet
			return nil, badRequest("preview", "a clustered server makes full builds only")
		}
		sp.preview = &pipeline.Preview{}
	}
	seen := map[string]bool{}
	for i, f := range req.Formats {
		if !slices.Contains(pipeline.Kinds(), f) {
			return nil, badRequest(fmt.Sprintf("formats[%d]", i), "unknown output kind %s (kinds: %s)", excerpt.Quote(f), strings.Join(pipeline.Kinds(), ", "))
		}
		if req.Preview && f != "stl" && f != "sheets" {
			return nil, badRequest(fmt.Sprintf("formats[%d]", i), "a preview build writes only stl and sheets, not %s", excerpt.Quote(f))
		}
		if !seen[f] {
			seen[f] = true
			sp.formats = append(sp.formats, f)
		}
	}
	sort.Strings(sp.formats)
	if len(sp.formats) == len(pipeline.Kinds()) {
		sp.formats = nil // all kinds is the same build as none named
	}
	sp.id = sp.hash()
	return sp, nil
}

// hash is the build id: the SHA-256 of the canonical inputs. Parameters are
// sorted and kept as the text given (the manifest records that text, so
// "6in" and "152.4mm" are different builds); shop documents count by the
// hash of their canonical bytes; fabkit's own version is part of it, so an
// upgraded server never serves an older build's files.
func (sp *spec) hash() string {
	type canon struct {
		Fabkit  string     `json:"fabkit"`
		Design  string     `json:"design"`
		Version string     `json:"version"`
		Preset  string     `json:"preset"`
		Params  [][]string `json:"params"`
		Shop    string     `json:"shop"`
		Formats []string   `json:"formats"`
		// Preview is left out of a full build's id, which stays as it was.
		Preview *pipeline.Preview `json:"preview,omitempty"`
	}
	c := canon{Fabkit: pipeline.Version, Design: sp.design.Name(), Version: sp.design.Version(), Preset: sp.preset,
		Params: [][]string{}, Shop: sp.shopKey, Formats: append([]string{}, sp.formats...), Preview: sp.preview}
	for _, o := range sp.overrides {
		c.Params = append(c.Params, []string{o.Name, o.Value})
	}
	data, _ := json.Marshal(c)
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// request is the pipeline.Request of the spec.
func (sp *spec) request(workers int, progress func(pipeline.Progress)) pipeline.Request {
	return pipeline.Request{Design: sp.design, Preset: sp.preset, Layers: [][]params.Override{sp.overrides},
		Shop: sp.shop.Clone(), Only: sp.formats, Workers: workers, Progress: progress, Preview: sp.preview}
}

// shopFor reads the shop field of a build request: the shop, its content
// key and, for a document (inline or posted), its bytes.
func (s *Server) shopFor(raw json.RawMessage) (*shop.Shop, string, []byte, *apiError) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return shop.Default(), "builtin:" + shop.DefaultName, nil, nil
	}
	switch raw[0] {
	case '"':
		var text string
		if err := json.Unmarshal(raw, &text); err != nil {
			return nil, "", nil, badRequest("shop", "%v", err)
		}
		if strings.Contains(text, "\n") { // an inline YAML document
			sh, key, err := parseShop([]byte(text))
			return sh, key, []byte(text), err
		}
		return s.namedShop(strings.TrimSpace(text))
	case '{':
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var doc any
		if err := dec.Decode(&doc); err != nil {
			return nil, "", nil, badRequest("shop", "%v", err)
		}
		canonical, _ := json.Marshal(doc) // sorted keys: the same document hashes the same
		sh, key, err := parseShop(canonical)
		return sh, key, canonical, err
	}
	return nil, "", nil, badRequest("shop", "expected a shop name, a YAML document string or a shop object")
}

// namedShop is a built-in shop or one posted to /api/shops, by id (in a
// cluster, posted to any replica).
func (s *Server) namedShop(name string) (*shop.Shop, string, []byte, *apiError) {
	if name == "" {
		return shop.Default(), "builtin:" + shop.DefaultName, nil, nil
	}
	if id, ok := strings.CutPrefix(name, "sha256:"); ok || idPattern.MatchString(name) {
		if !ok {
			id = name
		}
		data, err := s.postedShop(id)
		if err != nil {
			return nil, "", nil, badRequest("shop", "no shop %s was posted to /api/shops", excerpt.Quote(name))
		}
		sh, key, apiErr := parseShop(data)
		return sh, key, data, apiErr
	}
	sh, err := shop.Builtin(name)
	if err != nil {
		return nil, "", nil, badRequest("shop", "unknown shop %s (built-in shops: %s; or post a document to /api/shops)", excerpt.Quote(name), strings.Join(shop.BuiltinNames(), ", "))
	}
	return sh, "builtin:" + strings.TrimSuffix(name, ".yaml"), nil, nil
}

// parseShop parses a shop document and returns its content key.
func parseShop(data []byte) (*shop.Shop, string, *apiError) {
	sh, err := shop.Parse("shop", data)
	if err != nil {
		return nil, "", shopError(err)
	}
	sum := sha256.Sum256(data)
	return sh, "sha256:" + hex.EncodeToString(sum[:]), nil
}
