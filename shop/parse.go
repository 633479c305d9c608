package shop

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/fabkit/fabkit/internal/excerpt"
	"github.com/fabkit/fabkit/units"
)

// Load reads a shop file from disk; errors name the path as given. A file
// larger than MaxFileBytes is refused without reading it all.
func Load(path string) (*Shop, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("shop: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("shop: %w", err)
	}
	return Parse(path, data)
}

// Limits of one shop document. Each bounds the memory or work a file can
// cause; the README's limits table lists them.
const (
	MaxFileBytes    = 1 << 20 // the document's size
	MaxStringBytes  = 1024    // any one value or key (a name, an id, a link)
	MaxProfiles     = 5000    // entries of profiles
	MaxSheets       = 5000    // entries of sheets
	MaxItems        = 20000   // entries of items
	MaxMaterials    = 1000    // keys of materials
	MaxStockLengths = 100     // lengths of one profile; sizes of one sheet
	MaxChartRows    = 200     // torch_table.chart rows
	MaxRotations    = 360     // torch_table.rotations
	MaxDrillSizes   = 500     // drill.sizes, the drill catalogue
)

// Parse reads a shop file in YAML (or JSON, which is YAML too; the HTTP
// service passes JSON shops here). name is used in error messages only. The
// result has passed Validate. Every problem is reported as a *FieldError
// naming the file, line and field path, or FieldErrors when there are
// several; see REFERENCE.md for the format.
func Parse(name string, data []byte) (*Shop, error) {
	if len(data) > MaxFileBytes {
		return nil, &FieldError{File: name, Reason: fmt.Sprintf("shop file larger than %d bytes (shop.MaxFileBytes)", MaxFileBytes)}
	}
	d := &decoder{file: name, nodes: map[string]*yaml.Node{}, budget: maxNodes, failed: map[string]bool{}}
	root, err := d.document(data)
	if err != nil {
		return nil, err
	}
	if err := d.longStrings(root); err != nil {
		return nil, err
	}
	s := d.shop(root)
	var verrs FieldErrors
	vdropped := 0
	if !d.abort { // a tree not fully read would only give Validate's echoes of the budget error
		c := s.checker()
		c.shop()
		verrs, vdropped = c.errs.errs, c.errs.dropped
	}
	d.errs.dropped += vdropped
	for _, fe := range verrs {
		if d.covered(fe.Field) {
			continue // the decoder already said what is wrong there
		}
		e := *fe
		e.File = name
		e.Line = root.Line
		for p := e.Field; ; p = parentPath(p) {
			if n, ok := d.nodes[p]; ok {
				e.Line = n.Line
				if p == e.Field && n.Kind == yaml.ScalarNode && e.Value != "" {
					e.Value = n.Value // quote the value as written, not as re-formatted
				}
				break
			}
			if p == "" {
				break
			}
		}
		d.errs.add(&e)
	}
	if len(d.errs.errs) > 0 {
		slices.SortStableFunc(d.errs.errs, func(a, b *FieldError) int { return a.Line - b.Line })
		return nil, d.errs.errs.asError(name, d.errs.dropped)
	}
	return s, nil
}

// longStrings refuses a document with a key or value longer than
// MaxStringBytes, before any of it is decoded: it walks the tree as
// written (aliases not followed, so the walk is linear in the file) and
// reports the first such string with its path.
func (d *decoder) longStrings(root *yaml.Node) error {
	type item struct {
		n    *yaml.Node
		path string
	}
	stack := []item{{root, ""}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := it.n
		switch n.Kind {
		case yaml.ScalarNode:
			if len(n.Value) > MaxStringBytes {
				return &FieldError{File: d.file, Line: n.Line, Field: it.path, Value: n.Value,
					Reason: fmt.Sprintf("longer than %d bytes (shop.MaxStringBytes)", MaxStringBytes)}
			}
		case yaml.MappingNode:
			for i := len(n.Content) - 2; i >= 0; i -= 2 {
				k := n.Content[i]
				if k.Kind == yaml.ScalarNode && len(k.Value) > MaxStringBytes {
					return &FieldError{File: d.file, Line: k.Line, Field: join(it.path, excerpt.Text(k.Value)),
						Reason: fmt.Sprintf("key longer than %d bytes (shop.MaxStringBytes)", MaxStringBytes)}
				}
				stack = append(stack, item{n.Content[i+1], join(it.path, excerpt.Text(k.Value))})
			}
		case yaml.SequenceNode:
			for i := len(n.Content) - 1; i >= 0; i-- {
				stack = append(stack, item{n.Content[i], fmt.Sprintf("%s[%d]", it.path, i)})
			}
		}
	}
	return nil
}

// maxNodes bounds the work one document can cause (YAML aliases can make a
// small file expand into a large tree).
const maxNodes = 200_000

// decoder walks the yaml.Node tree, collecting errors as it goes.
type decoder struct {
	file   string
	sys    units.System // declared unit system, "" when none
	errs   errorList
	failed map[string]bool       // field paths with decoder errors
	nodes  map[string]*yaml.Node // field path -> its value node, for locating Validate errors
	budget int
	abort  bool // the budget ran out; the tree was not fully read
	hints  hints
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// document parses the YAML text and returns its root node.
func (d *decoder) document(data []byte) (root *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil { // yaml.v3 should not panic; if it does, it is still only a bad file
			root, err = nil, &FieldError{File: d.file, Reason: fmt.Sprintf("cannot read YAML: %v", r)}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, &FieldError{File: d.file, Line: 1, Reason: "empty shop file"}
		}
		return nil, d.syntaxError(data, err)
	}
	var more yaml.Node
	if err := dec.Decode(&more); err != io.EOF {
		if err != nil {
			return nil, d.syntaxError(data, err)
		}
		return nil, &FieldError{File: d.file, Line: more.Line, Reason: "a shop file holds one YAML document; found a second (---)"}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, &FieldError{File: d.file, Line: 1, Reason: "empty shop file"}
	}
	root = d.resolve(doc.Content[0])
	if root.Kind != yaml.MappingNode {
		return nil, &FieldError{File: d.file, Line: root.Line, Reason: "a shop file is a mapping of keys (name:, units:, ...)"}
	}
	return root, nil
}

// syntaxError turns a yaml.v3 error into a FieldError. yaml.v3 reports the
// line where the enclosing block starts (its "context"), which can be far
// above the mistake; the first line after which a prefix of the document
// fails with the same message is where the mistake is, so that line is
// reported instead when it can be found.
func (d *decoder) syntaxError(data []byte, err error) error {
	msg := err.Error()
	m := yamlLine.FindStringSubmatch(msg)
	if m == nil {
		return &FieldError{File: d.file, Reason: "YAML syntax: " + strings.TrimPrefix(msg, "yaml: ")}
	}
	line, _ := strconv.Atoi(m[1])
	lines := bytes.SplitAfter(data, []byte("\n"))
	spent := 0
	for k := line; k <= len(lines) && k < line+maxSyntaxScan; k++ {
		prefix := bytes.Join(lines[:k], nil)
		if spent += len(prefix); spent > maxSyntaxBytes {
			break // keep yaml.v3's line rather than spend long on a big file
		}
		var n yaml.Node
		perr := yaml.Unmarshal(prefix, &n)
		if perr == nil {
			continue
		}
		if pm := yamlLine.FindStringSubmatch(perr.Error()); pm != nil && pm[2] == m[2] {
			line = k
		}
		break
	}
	return &FieldError{File: d.file, Line: line, Reason: "YAML syntax: " + m[2]}
}

// maxSyntaxScan bounds the prefixes syntaxError re-parses.
const maxSyntaxScan = 200

// maxSyntaxBytes bounds the bytes syntaxError re-parses in all.
const maxSyntaxBytes = 4 << 20

// fail records a decoding error for the field at path.
func (d *decoder) fail(line int, path, value, reason string) {
	d.errs.add(&FieldError{File: d.file, Line: line, Field: path, Value: value, Reason: reason})
	d.failed[path] = true
}

// covered reports whether a decoder error was recorded for path or a parent
// of it (one map look-up per level of the path).
func (d *decoder) covered(path string) bool {
	for p := path; p != ""; p = parentPath(p) {
		if d.failed[p] {
			return true
		}
	}
	return false
}

// resolve follows aliases.
func (d *decoder) resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// spend counts visited nodes and reports whether the budget still allows work.
func (d *decoder) spend(n *yaml.Node) bool {
	d.budget--
	if d.budget == 0 {
		d.abort = true
		d.fail(n.Line, "", "", fmt.Sprintf("document too large (aliases expand to more than %d nodes)", maxNodes))
	}
	return d.budget > 0
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// parentPath strips the last ".key" or "[i]" from a field path.
func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}

// describe names a node's kind for "expected X, got Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	}
	return "nothing"
}

func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// fields is one decoded YAML mapping: its values by key.
type fields struct {
	d    *decoder
	path string
	node *yaml.Node
	vals map[string]*yaml.Node
	ok   bool // the node was a mapping
}

// mapping reads a mapping node, reporting duplicate keys and keys not in
// known (nil known accepts any key).
func (d *decoder) mapping(n *yaml.Node, path string, known []string) *fields {
	f := &fields{d: d, path: path, node: n, vals: map[string]*yaml.Node{}}
	if n.Kind != yaml.MappingNode {
		d.fail(n.Line, path, "", "expected a mapping (key: value), got "+describe(n))
		return f
	}
	if !d.spend(n) {
		return f
	}
	f.ok = true
	first := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := d.resolve(n.Content[i]), d.resolve(n.Content[i+1])
		if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!merge" {
			d.fail(k.Line, path, "", "keys must be plain names (no merge keys or complex keys)")
			continue
		}
		fp := join(path, excerpt.Text(k.Value))
		if line, dup := first[k.Value]; dup {
			d.fail(k.Line, fp, "", fmt.Sprintf("duplicate key (first at line %d)", line))
			continue
		}
		first[k.Value] = k.Line
		if known != nil && !slices.Contains(known, k.Value) {
			reason := "unknown key"
			if s := d.hints.closest(k.Value, known); s != "" {
				reason += fmt.Sprintf(" (did you mean %q?)", s)
			} else {
				reason += " (known keys: " + strings.Join(known, ", ") + ")"
			}
			d.fail(k.Line, fp, "", reason)
			continue
		}
		f.vals[k.Value] = v
		d.nodes[fp] = v
	}
	return f
}

// get returns the value of key when present and not null.
func (f *fields) get(key string) (*yaml.Node, bool) {
	n, ok := f.vals[key]
	if !ok || isNull(n) {
		return nil, false
	}
	return n, true
}

// has reports whether key is present with a value.
func (f *fields) has(key string) bool { _, ok := f.get(key); return ok }

// scalar returns the text of key's scalar value; ok is false when it is
// absent (reported when req) or not a scalar (reported).
func (f *fields) scalar(key string, req bool) (*yaml.Node, bool) {
	n, ok := f.get(key)
	if !ok {
		if req && f.ok {
			f.d.fail(f.node.Line, join(f.path, key), "", "required")
		}
		return nil, false
	}
	if n.Kind != yaml.ScalarNode {
		f.d.fail(n.Line, join(f.path, key), "", "expected a single value, got "+describe(n))
		return nil, false
	}
	return n, true
}

// str reads a string.
func (f *fields) str(key string, req bool) string {
	n, ok := f.scalar(key, req)
	if !ok {
		return ""
	}
	return n.Value
}

// num reads a plain number (a price, a ratio, amps).
func (f *fields) num(key string, req bool) float64 {
	n, ok := f.scalar(key, req)
	if !ok {
		return 0
	}
	v, err := strconv.ParseFloat(n.Value, 64)
	if tag := n.ShortTag(); tag != "!!int" && tag != "!!float" || err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		f.d.fail(n.Line, join(f.path, key), n.Value, "expected a plain number")
		return 0
	}
	return v
}

// boolean reads true or false; absent is false.
func (f *fields) boolean(key string) bool {
	n, ok := f.scalar(key, false)
	if !ok {
		return false
	}
	if n.ShortTag() != "!!bool" {
		f.d.fail(n.Line, join(f.path, key), n.Value, "expected true or false")
		return false
	}
	return n.Value == "true" || n.Value == "True" || n.Value == "TRUE"
}

// quantity reads a value with parse, reporting its error.
func (f *fields) quantity(key string, req bool, parse func(string) (float64, error)) float64 {
	n, ok := f.scalar(key, req)
	if !ok {
		return 0
	}
	v, err := parse(n.Value)
	if err != nil {
		f.d.fail(n.Line, join(f.path, key), n.Value, reason(err))
		return 0
	}
	return v
}

// reason is an error's message without the value it quotes (the FieldError
// quotes it already).
func reason(err error) string {
	var le *units.LengthError
	var qe *QuantityError
	switch {
	case errors.As(err, &le):
		return le.Reason
	case errors.As(err, &qe):
		return qe.Reason
	}
	return err.Error()
}

// bare returns the unit a bare number of some kind is read in: the file's
// system's unit, or "" (refuse) when the file declares no units.
func (d *decoder) bare(imperial, metric string) string {
	switch d.sys {
	case units.Imperial:
		return imperial
	case units.Metric:
		return metric
	}
	return ""
}

func (d *decoder) parseLength(s string) (float64, error) {
	return units.ParseLength(s, units.Unit(d.bare("in", "mm")))
}

func (f *fields) length(key string, req bool) float64 {
	return f.quantity(key, req, f.d.parseLength)
}

// seq reads a list node of at most limit entries.
func (d *decoder) seq(n *yaml.Node, path string, limit int) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		d.fail(n.Line, path, "", "expected a list, got "+describe(n))
		return nil
	}
	if len(n.Content) > limit {
		d.fail(n.Line, path, "", fmt.Sprintf("%d entries; at most %d are allowed", len(n.Content), limit))
		return nil
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for i, c := range n.Content {
		if !d.spend(c) {
			break
		}
		c = d.resolve(c)
		d.nodes[fmt.Sprintf("%s[%d]", path, i)] = c
		out = append(out, c)
	}
	return out
}

// list reads key as a list of at most limit entries, or nothing when absent.
func (f *fields) list(key string, req bool, limit int) []*yaml.Node {
	n, ok := f.get(key)
	if !ok {
		if req && f.ok {
			f.d.fail(f.node.Line, join(f.path, key), "", "required")
		}
		return nil
	}
	return f.d.seq(n, join(f.path, key), limit)
}

// section returns the mapping under key, or nil when absent.
func (f *fields) section(key string, known []string) *fields {
	n, ok := f.get(key)
	if !ok {
		return nil
	}
	return f.d.mapping(n, join(f.path, key), known)
}

// dims reads "48in x 96in" (n sizes). A size without a unit takes the unit
// of the last size ("48 x 96in"), else the file's bare unit.
func (d *decoder) dims(s string, n int) ([]float64, error) {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == 'x' || r == 'X' || r == '×' || r == '*' })
	if len(parts) != n {
		return nil, fmt.Errorf("expected %d sizes separated by x, like %s", n,
			strings.Repeat("48in x ", n-1)+"96in")
	}
	bare := units.Unit(d.bare("in", "mm"))
	last := strings.TrimSpace(parts[n-1])
	end := len(last)
	for end > 0 && strings.ContainsRune(`abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"'`, rune(last[end-1])) {
		end--
	}
	if u, err := units.ParseUnit(last[end:]); err == nil {
		bare = u
	}
	out := make([]float64, n)
	for i, p := range parts {
		v, err := units.ParseLength(p, bare)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

var topKeys = []string{"name", "units", "currency", "materials", "profiles", "sheets", "items", "fasteners",
	"torch_table", "saw", "drill", "printer", "hydraulics", "labour", "engines", "pumps"}

func (d *decoder) shop(root *yaml.Node) *Shop {
	top := d.mapping(root, "", topKeys)
	s := &Shop{Units: units.Metric}
	if n, ok := top.scalar("units", false); ok {
		sys, err := units.ParseSystem(n.Value)
		if err != nil {
			d.fail(n.Line, "units", n.Value, "must be imperial or metric")
		} else {
			s.Units, d.sys = sys, sys
		}
	}
	s.Name = top.str("name", true)
	s.Currency = top.str("currency", true)
	if n, ok := top.get("materials"); ok {
		d.materials(s, n)
	}
	for i, n := range top.list("profiles", false, MaxProfiles) {
		s.Profiles = append(s.Profiles, d.profile(n, fmt.Sprintf("profiles[%d]", i)))
	}
	for i, n := range top.list("sheets", false, MaxSheets) {
		s.Sheets = append(s.Sheets, d.sheet(n, fmt.Sprintf("sheets[%d]", i)))
	}
	for i, n := range top.list("items", false, MaxItems) {
		s.Items = append(s.Items, d.item(n, fmt.Sprintf("items[%d]", i)))
	}
	if f := top.section("fasteners", fastenerKeys); f != nil {
		d.fasteners(s, f)
	}
	if f := top.section("torch_table", torchKeys); f != nil {
		s.TorchTable = d.torchTable(f)
	}
	if f := top.section("saw", []string{"kerf", "trim", "min_offcut"}); f != nil {
		s.Saw = Saw{Kerf: f.length("kerf", true), Trim: f.length("trim", false), MinOffcut: f.length("min_offcut", false)}
	}
	if f := top.section("drill", []string{"max_diameter", "dialect", "surface_speed", "feed_ratio", "peck_ratio", "max_rpm", "point_angle", "sizes"}); f != nil {
		s.Drill = Drill{
			MaxDiameter: f.length("max_diameter", false),
			Dialect:     f.str("dialect", false),
			SurfaceSpeed: f.quantity("surface_speed", false, func(v string) (float64, error) {
				mmPerMin, err := ParseSpeed(v, d.bare("sfm", "m/min"))
				return mmPerMin / 1000, err
			}),
			FeedRatio:  f.num("feed_ratio", false),
			PeckRatio:  f.num("peck_ratio", false),
			MaxRPM:     f.num("max_rpm", false),
			PointAngle: f.quantity("point_angle", false, units.ParseAngle),
		}
		for i, n := range f.list("sizes", false, MaxDrillSizes) {
			v, err := d.parseLength(n.Value)
			if n.Kind != yaml.ScalarNode || err != nil {
				d.fail(n.Line, fmt.Sprintf("%s.sizes[%d]", f.path, i), n.Value, "expected a drill diameter, like 7/16in or 11mm")
			}
			s.Drill.Sizes = append(s.Drill.Sizes, v)
		}
		if s.Drill.Dialect == "" {
			s.Drill.Dialect = "linuxcnc"
		}
	}
	if f := top.section("printer", printerKeys); f != nil {
		s.Printer = d.printer(f)
	}
	if f := top.section("hydraulics", []string{"pressure", "flow"}); f != nil {
		s.Hydraulics = Hydraulics{
			PressureMPa: f.quantity("pressure", false, func(v string) (float64, error) { return ParsePressure(v, d.bare("psi", "bar")) }),
			FlowLPM:     f.quantity("flow", false, func(v string) (float64, error) { return ParseFlow(v, d.bare("gpm", "lpm")) }),
		}
	}
	d.powerUnits(top, s)
	if f := top.section("labour", []string{"rate_per_hour", "machine_rate_per_hour"}); f != nil {
		s.Labour = Labour{RatePerHour: f.num("rate_per_hour", false), MachineRatePerHour: f.num("machine_rate_per_hour", false)}
	}
	return s
}

func (d *decoder) materials(s *Shop, n *yaml.Node) {
	if n.Kind == yaml.MappingNode && len(n.Content)/2 > MaxMaterials {
		d.fail(n.Line, "materials", "", fmt.Sprintf("%d entries; at most %d are allowed", len(n.Content)/2, MaxMaterials))
		return
	}
	all := d.mapping(n, "materials", nil)
	s.Materials = map[string]Material{}
	for i := 0; all.ok && i+1 < len(n.Content); i += 2 {
		id := d.resolve(n.Content[i]).Value
		v, ok := all.vals[id]
		if !ok {
			continue // a bad or duplicate key, already reported
		}
		f := d.mapping(v, join("materials", excerpt.Text(id)), []string{"name", "density", "price_per_kg"})
		m := Material{ID: id, Name: f.str("name", false), PricePerKg: f.num("price_per_kg", false)}
		m.DensityKg = f.quantity("density", true, func(v string) (float64, error) { return ParseDensity(v, d.bare("lb/in3", "kg/m3")) })
		if m.Name == "" {
			m.Name = id
		}
		s.Materials[id] = m
	}
}

var profileKeys = []string{"id", "description", "shape", "material", "width", "height", "wall", "outer_radius", "diameter", "lengths"}

// shapeDims lists, per shape, the dimension keys it takes and which of them
// are required.
var shapeDims = map[ProfileShape]struct{ takes, needs []string }{
	SquareTube: {[]string{"width", "wall", "outer_radius"}, []string{"width", "wall"}},
	RectTube:   {[]string{"width", "height", "wall", "outer_radius"}, []string{"width", "height", "wall"}},
	Angle:      {[]string{"width", "height", "wall"}, []string{"width", "wall"}},
	Flat:       {[]string{"width", "wall"}, []string{"width", "wall"}},
	Round:      {[]string{"diameter"}, []string{"diameter"}},
	Pipe:       {[]string{"diameter", "wall"}, []string{"diameter", "wall"}},
}

func (d *decoder) profile(n *yaml.Node, path string) Profile {
	f := d.mapping(n, path, profileKeys)
	p := Profile{
		ID:          f.str("id", true),
		Description: f.str("description", false),
		Shape:       ProfileShape(f.str("shape", true)),
		Material:    f.str("material", true),
	}
	if dims, ok := shapeDims[p.Shape]; ok {
		for _, k := range []string{"width", "height", "wall", "outer_radius", "diameter"} {
			switch {
			case slices.Contains(dims.needs, k):
				if !f.has(k) && f.ok {
					d.fail(n.Line, join(path, k), "", fmt.Sprintf("required for a %s", p.Shape))
				}
			case !slices.Contains(dims.takes, k) && f.has(k):
				d.fail(f.vals[k].Line, join(path, k), "", fmt.Sprintf("not used by a %s (it takes %s)", p.Shape, strings.Join(dims.takes, ", ")))
			}
		}
	}
	p.Width = f.length("width", false)
	p.Height = f.length("height", false)
	p.Wall = f.length("wall", false)
	p.OuterRadius = f.length("outer_radius", false)
	p.Diameter = f.length("diameter", false)
	if p.Shape == SquareTube || p.Shape == Angle {
		p.Height = p.Section().Height // a square tube's height, an angle's unless given
	}
	if p.Shape.Tube() && !f.has("outer_radius") {
		p.OuterRadius = 2 * p.Wall // A500 tables (research 7.1)
	}
	for i, ln := range f.list("lengths", true, MaxStockLengths) {
		q := fmt.Sprintf("%s.lengths[%d]", path, i)
		var sl StockLength
		if ln.Kind == yaml.ScalarNode { // a bare "20ft": priced by weight
			v, err := d.parseLength(ln.Value)
			if err != nil {
				d.fail(ln.Line, q+".length", ln.Value, reason(err))
			}
			d.nodes[q+".length"] = ln
			sl.Length = v
		} else {
			g := d.mapping(ln, q, []string{"length", "price"})
			sl = StockLength{Length: g.length("length", true), Price: g.num("price", false)}
		}
		p.Lengths = append(p.Lengths, sl)
	}
	return p
}

func (d *decoder) sheet(n *yaml.Node, path string) Sheet {
	f := d.mapping(n, path, []string{"id", "description", "material", "thickness", "sizes"})
	sh := Sheet{
		ID:          f.str("id", true),
		Description: f.str("description", false),
		Material:    f.str("material", true),
		Thickness:   f.length("thickness", true),
	}
	for i, zn := range f.list("sizes", true, MaxStockLengths) {
		g := d.mapping(zn, fmt.Sprintf("%s.sizes[%d]", path, i), []string{"width", "length", "price"})
		z := SheetSize{Width: g.length("width", true), Length: g.length("length", true), Price: g.num("price", false)}
		if z.Width > z.Length {
			z.Width, z.Length = z.Length, z.Width
		}
		sh.Sizes = append(sh.Sizes, z)
	}
	return sh
}

func (d *decoder) item(n *yaml.Node, path string) Item {
	f := d.mapping(n, path, []string{"id", "description", "unit", "price", "vendor", "vendor_pn", "link"})
	it := Item{
		ID:          f.str("id", true),
		Description: f.str("description", false),
		Unit:        f.str("unit", false),
		Price:       f.num("price", true),
		Vendor:      f.str("vendor", false),
		VendorPN:    f.str("vendor_pn", false),
		Link:        f.str("link", false),
	}
	if it.Unit == "" {
		it.Unit = "each"
	}
	return it
}

var torchKeys = []string{"name", "process", "bed", "bed_x", "bed_y", "origin", "dialect", "rapid", "lead_in", "lead_out",
	"part_gap", "edge_margin", "rotations", "part_in_part", "min_hole_ratio", "chart",
	"small_hole_ratio", "min_feature_ratio", "height_sense", "probe_offset", "probe_feed"}

var chartKeys = []string{"thickness", "kerf", "feed", "pierce_delay", "pierce_height", "cut_height", "amps", "small_hole_feed"}

func (d *decoder) torchTable(f *fields) TorchTable {
	speed := func(v string) (float64, error) { return ParseSpeed(v, d.bare("ipm", "mm/min")) }
	t := TorchTable{
		Name:         f.str("name", false),
		Process:      CutProcess(f.str("process", false)),
		Origin:       Corner(f.str("origin", false)),
		Dialect:      f.str("dialect", false),
		RapidFeed:    f.quantity("rapid", true, speed),
		LeadIn:       f.length("lead_in", false),
		LeadOut:      f.length("lead_out", false),
		PartGap:      f.length("part_gap", false),
		EdgeMargin:   f.length("edge_margin", false),
		MinHoleRatio: 1.5,
		Rotations:    []float64{0, 90, 180, 270},
	}
	if t.Process == "" {
		t.Process = Plasma
	}
	if t.Dialect == "" {
		t.Dialect = "linuxcnc"
	}
	if t.Origin == "" {
		t.Origin = LowerLeft
	}
	if f.has("min_hole_ratio") {
		t.MinHoleRatio = f.num("min_hole_ratio", false)
	}
	t.SmallHoleRatio = 2.5
	if f.has("small_hole_ratio") {
		t.SmallHoleRatio = f.num("small_hole_ratio", false)
	}
	t.MinFeatureRatio = f.num("min_feature_ratio", false)
	t.HeightSense = f.boolean("height_sense")
	t.NoPartInPart = f.has("part_in_part") && !f.boolean("part_in_part")
	t.ProbeOffset = f.length("probe_offset", false)
	t.ProbeFeed = f.quantity("probe_feed", false, speed)
	// bed: "48in x 96in", or bed_x and bed_y. When the bed cannot be read,
	// bed_x and bed_y are marked failed so that Validate's "must be > 0" for
	// them does not repeat the error.
	bedOK := false
	switch {
	case f.has("bed") && (f.has("bed_x") || f.has("bed_y")):
		d.fail(f.vals["bed"].Line, join(f.path, "bed"), "", "give bed or bed_x and bed_y, not both")
	case f.has("bed"):
		if n, _ := f.scalar("bed", true); n != nil {
			if xy, err := d.dims(n.Value, 2); err != nil {
				d.fail(n.Line, join(f.path, "bed"), n.Value, reason(err))
			} else {
				t.BedX, t.BedY, bedOK = xy[0], xy[1], true
				d.nodes[join(f.path, "bed_x")], d.nodes[join(f.path, "bed_y")] = n, n
			}
		}
	case !f.has("bed_x") && !f.has("bed_y"):
		if f.ok {
			d.fail(f.node.Line, join(f.path, "bed"), "", "required (bed: 48in x 96in, or bed_x and bed_y)")
		}
	default:
		t.BedX, t.BedY, bedOK = f.length("bed_x", true), f.length("bed_y", true), true
	}
	if !bedOK {
		d.failed[join(f.path, "bed_x")], d.failed[join(f.path, "bed_y")] = true, true
	}
	if f.has("rotations") {
		t.Rotations = nil
		for i, n := range f.list("rotations", false, MaxRotations) {
			p := fmt.Sprintf("%s.rotations[%d]", f.path, i)
			v, err := units.ParseAngle(n.Value)
			if n.Kind != yaml.ScalarNode || err != nil {
				d.fail(n.Line, p, n.Value, "expected an angle in degrees, like 90")
			}
			t.Rotations = append(t.Rotations, v)
		}
	}
	for i, n := range f.list("chart", true, MaxChartRows) {
		g := d.mapping(n, fmt.Sprintf("%s.chart[%d]", f.path, i), chartKeys)
		row := CutSettings{
			Thickness:     g.length("thickness", true),
			Kerf:          g.length("kerf", true),
			Feed:          g.quantity("feed", true, speed),
			PierceDelay:   g.quantity("pierce_delay", true, parseSeconds),
			PierceHeight:  g.length("pierce_height", true),
			CutHeight:     g.length("cut_height", true),
			Amps:          g.num("amps", false),
			SmallHoleFeed: 1,
		}
		if g.has("small_hole_feed") {
			row.SmallHoleFeed = g.quantity("small_hole_feed", false, parseFraction)
		}
		t.Chart = append(t.Chart, row)
	}
	return t
}

var printerKeys = []string{"name", "build", "build_x", "build_y", "build_z", "material", "filament_price_per_kg", "infill", "volumetric_rate"}

func (d *decoder) printer(f *fields) Printer {
	p := Printer{
		Name:               f.str("name", false),
		Material:           f.str("material", false),
		FilamentPricePerKg: f.num("filament_price_per_kg", false),
		Infill:             f.quantity("infill", false, parseFraction),
		VolumetricRate: f.quantity("volumetric_rate", false, func(v string) (float64, error) {
			num, rest, ok := splitNumber(strings.TrimSpace(v))
			if u := normalUnit(rest); ok && (u == "" || u == "mm3/s") {
				return num, nil
			}
			return 0, fmt.Errorf("expected mm³ per second, like 8 or 8mm3/s")
		}),
	}
	buildOK := false
	switch {
	case f.has("build") && (f.has("build_x") || f.has("build_y") || f.has("build_z")):
		d.fail(f.vals["build"].Line, join(f.path, "build"), "", "give build or build_x, build_y and build_z, not both")
	case f.has("build"):
		if n, _ := f.scalar("build", true); n != nil {
			if xyz, err := d.dims(n.Value, 3); err != nil {
				d.fail(n.Line, join(f.path, "build"), n.Value, reason(err))
			} else {
				p.BuildX, p.BuildY, p.BuildZ, buildOK = xyz[0], xyz[1], xyz[2], true
				for _, k := range []string{"build_x", "build_y", "build_z"} {
					d.nodes[join(f.path, k)] = n
				}
			}
		}
	case !f.has("build_x") && !f.has("build_y") && !f.has("build_z"):
		if f.ok {
			d.fail(f.node.Line, join(f.path, "build"), "", "required (build: 300mm x 300mm x 300mm, or build_x, build_y and build_z)")
		}
	default:
		p.BuildX, p.BuildY, p.BuildZ, buildOK = f.length("build_x", true), f.length("build_y", true), f.length("build_z", true), true
	}
	if !buildOK {
		for _, k := range []string{"build_x", "build_y", "build_z"} {
			d.failed[join(f.path, k)] = true
		}
	}
	return p
}
