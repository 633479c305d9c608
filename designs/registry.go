// Package designs is the registry of the machines fabkit ships: one
// subpackage per design, listed here by name.
package designs

import (
	"fmt"
	"sort"
	"strings"

	"github.com/fabkit/fabkit/designs/cebpress"
	"github.com/fabkit/fabkit/designs/d3d"
	"github.com/fabkit/fabkit/model"
)

// all lists every shipped design. Add new designs here.
var all = []model.Design{
	cebpress.Design{},
	d3d.Design{},
}

// All returns the designs sorted by name.
func All() []model.Design {
	out := append([]model.Design(nil), all...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out
}

// Names returns the design names, sorted.
func Names() []string {
	var names []string
	for _, d := range All() {
		names = append(names, d.Name())
	}
	return names
}

// Get returns the design called name; the error lists the known names.
func Get(name string) (model.Design, error) {
	for _, d := range all {
		if d.Name() == name {
			return d, nil
		}
	}
	return nil, &UnknownError{Name: name, Known: Names()}
}

// UnknownError is a design name that is not registered.
type UnknownError struct {
	Name  string
	Known []string
}

func (e *UnknownError) Error() string {
	return fmt.Sprintf("unknown design %q (designs: %s)", e.Name, strings.Join(e.Known, ", "))
}
