package render

import (
	"reflect"
	"testing"
)

// TestViewKeyCoversOptions fails when Options gains a field, so that
// whoever adds one also adds it to viewKey: a field the key left out would
// let two different views share one cached PNG.
func TestViewKeyCoversOptions(t *testing.T) {
	var keyed = []string{"Width", "Height", "Background", "Color", "Supersample", "Margin", "View", "NoEdges", "Closed", "Colors"}
	typ := reflect.TypeFor[Options]()
	if typ.NumField() != len(keyed) {
		t.Fatalf("Options has %d fields, viewKey hashes %d: add the new one to viewKey and here", typ.NumField(), len(keyed))
	}
	for _, name := range keyed {
		if _, ok := typ.FieldByName(name); !ok {
			t.Errorf("viewKey hashes %s, which Options no longer has", name)
		}
	}
	// Each option changes the key.
	base := Options{Width: 10, Height: 10}
	for _, o := range []Options{{Width: 11, Height: 10}, {Width: 10, Height: 11}, {Width: 10, Height: 10, Supersample: 2},
		{Width: 10, Height: 10, Margin: 1}, {Width: 10, Height: 10, NoEdges: true}, {Width: 10, Height: 10, Closed: true}} {
		if viewKey(nil, o) == viewKey(nil, base) {
			t.Errorf("%+v has the key of %+v", o, base)
		}
	}
}
