// Package params declares a design's parameters (name, kind, unit, default,
// range or choices, help text, group), its presets and its cross-parameter
// checks, and resolves the values a user asks for: defaults < preset <
// parameter file < -D overrides. Lengths are millimetres and angles degrees
// once resolved; errors name the parameter, the value given and the range.
package params

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/fabkit/fabkit/internal/excerpt"
	"github.com/fabkit/fabkit/units"
)

// Kind is the type of a parameter's value.
type Kind string

// The parameter kinds.
const (
	Length Kind = "length" // float64 millimetres, typed with a unit
	Angle  Kind = "angle"  // float64 degrees
	Count  Kind = "count"  // int
	Number Kind = "number" // float64 in the parameter's Suffix unit (psi, gpm, ...)
	Bool   Kind = "bool"   // bool
	Choice Kind = "choice" // string, one of Choices
)

// Param declares one parameter.
type Param struct {
	Name    string
	Kind    Kind
	Group   string     // e.g. "Brick", "Plates", "Hydraulics"
	Help    string     // one sentence for forms and `fabkit params`
	Unit    units.Unit // lengths: the unit of bare numbers and of display
	Suffix  string     // numbers: the unit label, e.g. "psi"
	Default any        // float64 (mm, deg, number), int, bool or string
	Min     float64    // inclusive bounds in mm, deg, count or number
	Max     float64
	Choices []string
	// Stock, when set, ties the value to stock the shop sells (SoldAs):
	// its range then depends on the shop.
	Stock *Stock
}

// Schema is everything a design declares about its parameters.
type Schema struct {
	Params  []*Param
	Presets []Preset
	Checks  []Check
}

// Preset is a named set of values, given as text like on the command line.
type Preset struct {
	Name   string
	Help   string
	Values map[string]string
	// Shop names the shipped shop the preset is meant for (a metric brick
	// wants metric plate); builds use it when the user names no shop.
	Shop string
}

// Check is a cross-parameter rule; it reports through the Report.
type Check func(v *Values, r *Report)

// must panics on a declaration mistake: those are bugs in a design, found
// by its first test, never by a user.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// Length declares a length parameter; def, min and max are lengths with
// units, such as "6in". Bare numbers given by users are read in unit.
func (s *Schema) Length(name, group string, unit units.Unit, def, min, max, help string) *Param {
	return s.add(&Param{Name: name, Kind: Length, Group: group, Unit: unit, Help: help,
		Default: must(units.ParseLength(def, unit)),
		Min:     must(units.ParseLength(min, unit)),
		Max:     must(units.ParseLength(max, unit))})
}

// Angle declares an angle in degrees.
func (s *Schema) Angle(name, group string, def, min, max float64, help string) *Param {
	return s.add(&Param{Name: name, Kind: Angle, Group: group, Help: help,
		Default: units.CanonicalAngle(def), Min: units.CanonicalAngle(min), Max: units.CanonicalAngle(max)})
}

// Count declares a whole-number parameter.
func (s *Schema) Count(name, group string, def, min, max int, help string) *Param {
	return s.add(&Param{Name: name, Kind: Count, Group: group, Help: help, Default: def, Min: float64(min), Max: float64(max)})
}

// Number declares a plain number with a unit label such as "psi".
func (s *Schema) Number(name, group, suffix string, def, min, max float64, help string) *Param {
	return s.add(&Param{Name: name, Kind: Number, Group: group, Suffix: suffix, Help: help,
		Default: units.CanonicalAngle(def), Min: units.CanonicalAngle(min), Max: units.CanonicalAngle(max)})
}

// Bool declares a yes/no parameter.
func (s *Schema) Bool(name, group string, def bool, help string) *Param {
	return s.add(&Param{Name: name, Kind: Bool, Group: group, Help: help, Default: def})
}

// Choice declares a parameter that takes one of a list of words.
func (s *Schema) Choice(name, group string, def string, choices []string, help string) *Param {
	return s.add(&Param{Name: name, Kind: Choice, Group: group, Help: help, Default: def, Choices: choices})
}

// Preset adds a named preset. Its values are checked like user input by
// Validate, which every design's tests call.
func (s *Schema) Preset(name, help string, values map[string]string) {
	s.Presets = append(s.Presets, Preset{Name: name, Help: help, Values: values})
}

// PresetForShop adds a preset meant for a shipped shop, used when the user
// names no shop.
func (s *Schema) PresetForShop(name, help, shop string, values map[string]string) {
	s.Presets = append(s.Presets, Preset{Name: name, Help: help, Values: values, Shop: shop})
}

// PresetShop returns the shop a preset is meant for, or "".
func (s *Schema) PresetShop(name string) string {
	if p := s.preset(name); p != nil {
		return p.Shop
	}
	return ""
}

// Check adds a cross-parameter rule.
func (s *Schema) Check(c Check) { s.Checks = append(s.Checks, c) }

func (s *Schema) add(p *Param) *Param {
	if s.Param(p.Name) != nil {
		panic(fmt.Sprintf("params: %s declared twice", p.Name))
	}
	s.Params = append(s.Params, p)
	return p
}

// Param returns the declaration of name, or nil.
func (s *Schema) Param(name string) *Param {
	for _, p := range s.Params {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// Validate checks the schema itself: defaults inside their ranges and every
// preset value valid. Designs call it from a test.
func (s *Schema) Validate() error {
	for _, p := range s.Params {
		if err := p.check(p.Default, p.Format(p.Default)); err != nil {
			return fmt.Errorf("default: %w", err)
		}
	}
	for _, pr := range s.Presets {
		if _, err := s.Resolve(pr.Name, nil, nil); err != nil {
			return fmt.Errorf("preset %s: %w", pr.Name, err)
		}
	}
	return nil
}

// Parse reads a user's text for this parameter and checks its range.
func (p *Param) Parse(text string) (any, error) {
	t := strings.TrimSpace(text)
	var v any
	var err error
	switch p.Kind {
	case Length:
		v, err = units.ParseLength(t, p.Unit)
	case Angle:
		v, err = units.ParseAngle(t)
	case Count:
		var n int
		n, err = strconv.Atoi(t)
		v = n
	case Number:
		v, err = units.ParseNumber(strings.TrimSpace(strings.TrimSuffix(t, p.Suffix)))
	case Bool:
		v, err = strconv.ParseBool(t)
	case Choice:
		v = t
	}
	if err != nil {
		return nil, &Error{Param: p.Name, Value: text, Reason: "expected " + p.describeKind(), Range: p.RangeText()}
	}
	return v, p.check(v, text)
}

// check verifies that v lies in the parameter's range.
func (p *Param) check(v any, text string) error {
	out := func() error { return &Error{Param: p.Name, Value: text, Reason: "out of range", Range: p.RangeText()} }
	switch x := v.(type) {
	case float64:
		if x < p.Min-1e-9 || x > p.Max+1e-9 {
			return out()
		}
	case int:
		if float64(x) < p.Min || float64(x) > p.Max {
			return out()
		}
	case string:
		for _, c := range p.Choices {
			if c == x {
				return nil
			}
		}
		return &Error{Param: p.Name, Value: text, Reason: "not a choice", Range: p.RangeText()}
	}
	return nil
}

// describeKind says in words what the parameter accepts.
func (p *Param) describeKind() string {
	switch p.Kind {
	case Length:
		return "a length such as " + p.Format(p.Default)
	case Angle:
		return "an angle in degrees"
	case Count:
		return "a whole number"
	case Number:
		return "a number in " + p.Suffix
	case Bool:
		return "true or false"
	}
	return "one of the choices"
}

// RangeText prints the valid range or choices, e.g. "8in..24in".
func (p *Param) RangeText() string {
	switch p.Kind {
	case Length, Angle, Number, Count:
		return p.Format(p.value(p.Min)) + ".." + p.Format(p.value(p.Max))
	case Bool:
		return "true|false"
	}
	return strings.Join(p.Choices, "|")
}

// value turns a bound into the parameter's value type.
func (p *Param) value(f float64) any {
	if p.Kind == Count {
		return int(f)
	}
	return f
}

// Format prints a value of this parameter the way a user would type it.
func (p *Param) Format(v any) string {
	switch x := v.(type) {
	case float64:
		switch p.Kind {
		case Length:
			// Inch values on a 1/64 grid print as fractions, as people write them.
			if p.Unit == units.Inch {
				if e := x / units.MMPerInch * 64; math.Abs(e-math.Round(e)) < 1e-6 {
					return units.FormatInches(x, 64)
				}
				// A metric value given to an inch parameter reads back in mm.
				if e := x * 10; math.Abs(e-math.Round(e)) < 1e-6 {
					return units.FormatMM(x)
				}
			}
			return units.FormatIn(x, p.Unit)
		case Angle:
			return strconv.FormatFloat(x, 'f', -1, 64) + "deg"
		default:
			s := strconv.FormatFloat(x, 'f', -1, 64)
			if p.Suffix != "" {
				s += p.Suffix
			}
			return s
		}
	case int:
		return strconv.Itoa(x)
	case bool:
		return strconv.FormatBool(x)
	case string:
		return x
	}
	return fmt.Sprint(v)
}

// Error is a parameter value that cannot be used.
type Error struct {
	Param  string // parameter name
	Value  string // the text given
	Reason string // "out of range", "expected a length ..."
	Range  string // valid range or choices
	Source string // where the value came from: "-D", a file name, a preset
}

func (e *Error) Error() string {
	var msg string
	if e.Reason == "out of range" || e.Reason == "not a choice" {
		msg = fmt.Sprintf("%s = %s: %s %s", e.Param, excerpt.Text(e.Value), e.Reason, e.Range)
	} else {
		msg = fmt.Sprintf("%s = %s: %s (valid: %s)", e.Param, excerpt.Text(e.Value), e.Reason, e.Range)
	}
	if e.Source != "" {
		msg += " [" + e.Source + "]"
	}
	return msg
}

// UnknownError is a parameter name the design does not declare.
type UnknownError struct {
	Name    string
	Suggest string // closest declared name, "" when nothing is close
	Source  string
}

func (e *UnknownError) Error() string {
	msg := "unknown parameter " + excerpt.Quote(e.Name)
	if e.Suggest != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", e.Suggest)
	}
	if e.Source != "" {
		msg += " [" + e.Source + "]"
	}
	return msg
}
