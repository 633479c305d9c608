package params

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"sort"
	"strconv"
	"strings"

	"github.com/fabkit/fabkit/internal/excerpt"
	"github.com/fabkit/fabkit/internal/strictjson"
	"github.com/fabkit/fabkit/internal/suggest"
)

// Values are a design's resolved parameters.
type Values struct {
	schema *Schema
	vals   map[string]any
	text   map[string]string // the text each value was given as
	source map[string]string // "default", "preset NAME", a file name, "-D"
	Preset string            // the preset applied, "" for none
}

// Override is one "name=value" assignment, with where it came from.
type Override struct {
	Name, Value, Source string
}

// ParseOverride splits "name=value" as given to -D.
func ParseOverride(s string) (Override, error) {
	name, value, ok := strings.Cut(s, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return Override{}, fmt.Errorf("-D %q: expected name=value", s)
	}
	return Override{Name: name, Value: strings.TrimSpace(value), Source: "-D"}, nil
}

// ReadFile reads a JSON parameter file: an object from names to values,
// where a value is a string such as "6in" or a bare number or boolean.
func ReadFile(name string, data []byte) ([]Override, error) {
	var raw map[string]any
	if err := strictjson.Decode(data, &raw, strictjson.Options{UseNumber: true}); err != nil { // duplicate keys and trailing data refused
		return nil, fmt.Errorf("%s: not a JSON object of parameter values: %w", name, err)
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]Override, 0, len(keys))
	for _, k := range keys {
		var text string
		switch v := raw[k].(type) {
		case string:
			text = v
		case json.Number:
			text = v.String()
		case bool:
			text = strconv.FormatBool(v)
		default:
			return nil, fmt.Errorf("%s: %s: expected a string, number or boolean, got %T", name, k, v)
		}
		out = append(out, Override{Name: k, Value: text, Source: name})
	}
	return out, nil
}

// Resolve computes the values: defaults, then the named preset ("" for
// none), then each layer of overrides in order (a parameter file, then -D).
func (s *Schema) Resolve(preset string, layers ...[]Override) (*Values, error) {
	v := &Values{schema: s, vals: map[string]any{}, text: map[string]string{}, source: map[string]string{}}
	for _, p := range s.Params {
		v.vals[p.Name], v.text[p.Name], v.source[p.Name] = p.Default, p.Format(p.Default), "default"
	}
	if preset != "" {
		pr := s.preset(preset)
		if pr == nil {
			return nil, &UnknownPresetError{Name: preset, Known: s.PresetNames()}
		}
		v.Preset = preset
		names := make([]string, 0, len(pr.Values))
		for k := range pr.Values {
			names = append(names, k)
		}
		sort.Strings(names)
		var ovs []Override
		for _, k := range names {
			ovs = append(ovs, Override{Name: k, Value: pr.Values[k], Source: "preset " + preset})
		}
		layers = append([][]Override{ovs}, layers...)
	}
	for _, layer := range layers {
		for _, o := range layer {
			if err := v.set(o); err != nil {
				return nil, err
			}
		}
	}
	return v, nil
}

func (v *Values) set(o Override) error {
	p := v.schema.Param(o.Name)
	if p == nil {
		return &UnknownError{Name: o.Name, Suggest: v.schema.Suggest(o.Name), Source: o.Source}
	}
	val, err := p.Parse(o.Value)
	if err != nil {
		if pe, ok := err.(*Error); ok {
			pe.Source = o.Source
		}
		return err
	}
	v.vals[p.Name], v.text[p.Name], v.source[p.Name] = val, o.Value, o.Source
	return nil
}

func (s *Schema) preset(name string) *Preset {
	for i := range s.Presets {
		if s.Presets[i].Name == name {
			return &s.Presets[i]
		}
	}
	return nil
}

// PresetNames lists the presets in declaration order.
func (s *Schema) PresetNames() []string {
	names := make([]string, len(s.Presets))
	for i, p := range s.Presets {
		names[i] = p.Name
	}
	return names
}

// UnknownPresetError names a preset the design does not have.
type UnknownPresetError struct {
	Name  string
	Known []string
}

func (e *UnknownPresetError) Error() string {
	return fmt.Sprintf("unknown preset %s (presets: %s)", excerpt.Quote(e.Name), strings.Join(e.Known, ", "))
}

// Suggest returns the declared name closest to a misspelt one, or "".
func (s *Schema) Suggest(name string) string {
	names := make([]string, len(s.Params))
	for i, p := range s.Params {
		names[i] = p.Name
	}
	return suggest.Closest(name, names)
}

// Schema returns the schema the values belong to.
func (v *Values) Schema() *Schema { return v.schema }

// get returns the value of a declared parameter; reading an undeclared name
// is a bug in the design, so it panics.
func (v *Values) get(name string, kind Kind) any {
	p := v.schema.Param(name)
	if p == nil || p.Kind != kind {
		panic(fmt.Sprintf("params: design reads %s %q, which it did not declare", kind, name))
	}
	return v.vals[name]
}

// Length returns a length parameter in millimetres.
func (v *Values) Length(name string) float64 { return v.get(name, Length).(float64) }

// Angle returns an angle parameter in degrees.
func (v *Values) Angle(name string) float64 { return v.get(name, Angle).(float64) }

// Number returns a number parameter.
func (v *Values) Number(name string) float64 { return v.get(name, Number).(float64) }

// Count returns a count parameter.
func (v *Values) Count(name string) int { return v.get(name, Count).(int) }

// Bool returns a bool parameter.
func (v *Values) Bool(name string) bool { return v.get(name, Bool).(bool) }

// Choice returns a choice parameter.
func (v *Values) Choice(name string) string { return v.get(name, Choice).(string) }

// Resolved is one parameter's value for reports and manifests.
type Resolved struct {
	Name  string
	Kind  Kind
	Value any    // mm, deg, int, bool or string
	Text  string // as given, e.g. "6in" or "150"
	// Display is the value printed from its canonical value, the same for
	// every spelling of it ("12in" for 304.8mm): drawings print this.
	Display string
	Unit    string // the unit of Text's bare numbers, or the number's suffix
	Source  string // default, preset NAME, file, -D
}

// List returns every parameter's resolved value in declaration order.
func (v *Values) List() []Resolved {
	out := make([]Resolved, 0, len(v.schema.Params))
	for _, p := range v.schema.Params {
		u := string(p.Unit)
		if p.Kind == Number {
			u = p.Suffix
		} else if p.Kind == Angle {
			u = "deg"
		}
		out = append(out, Resolved{Name: p.Name, Kind: p.Kind, Value: v.vals[p.Name], Text: v.text[p.Name],
			Display: p.Format(v.vals[p.Name]), Unit: u, Source: v.source[p.Name]})
	}
	return out
}

// Severity ranks a finding of a check.
type Severity string

// Severities.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Issue is a finding about parameters: an error stops the build, a warning
// is reported in the manifest and on stderr.
type Issue struct {
	Severity Severity `json:"severity"`
	Params   []string `json:"params"`
	Message  string   `json:"message"`
}

func (i Issue) String() string {
	if len(i.Params) == 0 {
		return fmt.Sprintf("%s: %s", i.Severity, i.Message)
	}
	return fmt.Sprintf("%s: %s: %s", i.Severity, strings.Join(i.Params, ", "), i.Message)
}

// Report collects the issues that checks find.
type Report struct{ Issues []Issue }

// Errorf records an error about the named parameters.
func (r *Report) Errorf(params []string, format string, args ...any) {
	r.Issues = append(r.Issues, Issue{SeverityError, params, fmt.Sprintf(format, args...)})
}

// Warnf records a warning about the named parameters.
func (r *Report) Warnf(params []string, format string, args ...any) {
	r.Issues = append(r.Issues, Issue{SeverityWarning, params, fmt.Sprintf(format, args...)})
}

// Err returns the report's errors as one error, or nil when there are none.
func (r *Report) Err() error {
	var msgs []string
	for _, i := range r.Issues {
		if i.Severity == SeverityError {
			msgs = append(msgs, i.String())
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return &CheckError{Issues: msgs}
}

// Warnings returns the warnings.
func (r *Report) Warnings() []Issue {
	var out []Issue
	for _, i := range r.Issues {
		if i.Severity == SeverityWarning {
			out = append(out, i)
		}
	}
	return out
}

// CheckError is a set of failed cross-parameter checks.
type CheckError struct{ Issues []string }

func (e *CheckError) Error() string { return strings.Join(e.Issues, "; ") }

// RunChecks applies the schema's cross-parameter checks to v.
func (s *Schema) RunChecks(v *Values) *Report {
	r := &Report{}
	for _, c := range s.Checks {
		c(v, r)
	}
	return r
}

// Digest is a short stable fingerprint of the resolved values, printed on
// drawings so that a printout can be matched to its parameters. It is
// taken over the canonical values, never the text given, so 12in and
// 304.8mm give the same digest.
func (v *Values) Digest() string {
	var b strings.Builder
	for _, r := range v.List() {
		val := r.Value
		if f, ok := val.(float64); ok {
			val = strconv.FormatFloat(f, 'g', -1, 64)
		}
		fmt.Fprintf(&b, "%s=%v;", r.Name, val)
	}
	h := fnv.New64a()
	h.Write([]byte(b.String()))
	return fmt.Sprintf("%016x", h.Sum64())[:10]
}
