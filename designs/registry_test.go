package designs_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/designs/d3d"
	"github.com/fabkit/fabkit/model"
)

// named is a shipped design under another name, as a design repository's
// own design would be.
type named struct {
	model.Design
	name string
}

func (n named) Name() string { return n.name }

func TestRegistryAddsToTheShippedDesigns(t *testing.T) {
	reg, err := designs.WithBuiltin(named{d3d.Design{}, "bracket"}, named{d3d.Design{}, "aardvark"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := reg.Names(), []string{"aardvark", "bracket", "ceb-press", "d3d", "power-cube"}; !slices.Equal(got, want) {
		t.Errorf("Names = %v, want %v", got, want)
	}
	d, err := reg.Get("bracket")
	if err != nil || d.Name() != "bracket" {
		t.Errorf("Get(bracket) = %v, %v", d, err)
	}
	// The shipped-only functions do not see a repository's designs.
	if _, err := designs.Get("bracket"); err == nil {
		t.Error("designs.Get(bracket) found a design that only the registry has")
	}
	if got := designs.Names(); !slices.Equal(got, []string{"ceb-press", "d3d", "power-cube"}) {
		t.Errorf("designs.Names = %v", got)
	}
	var own []string
	for _, d := range reg.Own() {
		own = append(own, d.Name())
	}
	if !slices.Equal(own, []string{"aardvark", "bracket"}) {
		t.Errorf("Own = %v, want the repository's aardvark and bracket", own)
	}
}

func TestRegistryWithoutShippedDesigns(t *testing.T) {
	reg, err := designs.New(named{d3d.Design{}, "bracket"})
	if err != nil {
		t.Fatal(err)
	}
	if got := reg.Names(); !slices.Equal(got, []string{"bracket"}) {
		t.Errorf("Names = %v", got)
	}
	_, err = reg.Get("ceb-press")
	var ue *designs.UnknownError
	if !errors.As(err, &ue) || ue.Name != "ceb-press" || !slices.Equal(ue.Known, []string{"bracket"}) {
		t.Errorf("Get(ceb-press) error = %v", err)
	}
	if err.Error() != `unknown design "ceb-press" (designs: bracket)` {
		t.Errorf("message %q", err)
	}
}

func TestRegistryRefusesDuplicateAndEmptyNames(t *testing.T) {
	_, err := designs.WithBuiltin(named{d3d.Design{}, "ceb-press"})
	var de *designs.DuplicateError
	if !errors.As(err, &de) || de.Name != "ceb-press" {
		t.Errorf("a second ceb-press: error %v, want *DuplicateError", err)
	}
	if _, err := designs.New(named{d3d.Design{}, ""}); err == nil {
		t.Error("a design without a name was registered")
	}
	if _, err := designs.New(nil); err == nil {
		t.Error("a nil design was registered")
	}
}
