// Package designs is the registry of machine designs: the machines fabkit
// ships (one subpackage each) and, through Registry, the designs a design
// repository adds to them.
package designs

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/fabkit/fabkit/designs/cebpress"
	"github.com/fabkit/fabkit/designs/d3d"
	"github.com/fabkit/fabkit/designs/powercube"
	"github.com/fabkit/fabkit/model"
)

// Builtin returns the designs fabkit ships, sorted by name. Add new
// shipped designs here.
func Builtin() []model.Design {
	return sorted([]model.Design{
		cebpress.Design{},
		d3d.Design{},
		powercube.Design{},
	})
}

// builtin is the registry of the shipped designs.
var builtin = &Registry{designs: Builtin()}

// All returns the shipped designs sorted by name.
func All() []model.Design { return builtin.All() }

// Names returns the shipped design names, sorted.
func Names() []string { return builtin.Names() }

// Get returns the shipped design called name; the error lists the known names.
func Get(name string) (model.Design, error) { return builtin.Get(name) }

// Registry is a set of designs known by name: the shipped ones, a design
// repository's own, or both. Its zero value is empty; it is read-only once
// made, so it is safe for concurrent use.
type Registry struct {
	designs []model.Design // sorted by name, names unique
}

// New returns a registry of ds. A design without a name, or a name given
// twice, is an error (*DuplicateError for the second).
func New(ds ...model.Design) (*Registry, error) {
	seen := map[string]bool{}
	for i, d := range ds {
		if d == nil {
			return nil, fmt.Errorf("designs: design %d is nil", i+1)
		}
		name := d.Name()
		if name == "" {
			return nil, fmt.Errorf("designs: design %d (%T) has no name", i+1, d)
		}
		if seen[name] {
			return nil, &DuplicateError{Name: name, Type: fmt.Sprintf("%T", d)}
		}
		seen[name] = true
	}
	return &Registry{designs: sorted(append([]model.Design(nil), ds...))}, nil
}

// WithBuiltin returns a registry of the shipped designs plus ds.
func WithBuiltin(ds ...model.Design) (*Registry, error) {
	return New(append(Builtin(), ds...)...)
}

// All returns the designs sorted by name.
func (r *Registry) All() []model.Design {
	return append([]model.Design(nil), r.designs...)
}

// Names returns the design names, sorted.
func (r *Registry) Names() []string {
	var names []string
	for _, d := range r.designs {
		names = append(names, d.Name())
	}
	return names
}

// Get returns the design called name; the error lists the known names.
func (r *Registry) Get(name string) (model.Design, error) {
	for _, d := range r.designs {
		if d.Name() == name {
			return d, nil
		}
	}
	return nil, &UnknownError{Name: name, Known: r.Names()}
}

// Own returns the designs that fabkit does not ship (a design repository's
// own), sorted by name: those whose Go type is not a shipped design's.
func (r *Registry) Own() []model.Design {
	shipped := map[reflect.Type]bool{}
	for _, d := range Builtin() {
		shipped[reflect.TypeOf(d)] = true
	}
	var out []model.Design
	for _, d := range r.designs {
		if !shipped[reflect.TypeOf(d)] {
			out = append(out, d)
		}
	}
	return out
}

func sorted(ds []model.Design) []model.Design {
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].Name() < ds[j].Name() })
	return ds
}

// UnknownError is a design name that is not registered.
type UnknownError struct {
	Name  string
	Known []string
}

func (e *UnknownError) Error() string {
	return fmt.Sprintf("unknown design %q (designs: %s)", e.Name, strings.Join(e.Known, ", "))
}

// DuplicateError is a design name registered twice, such as a design
// repository's design named like a shipped one.
type DuplicateError struct {
	Name string // the name given twice
	Type string // the Go type of the second design with it
}

func (e *DuplicateError) Error() string {
	return fmt.Sprintf("design %q is registered twice (second: %s); rename it, or leave the shipped designs out", e.Name, e.Type)
}
