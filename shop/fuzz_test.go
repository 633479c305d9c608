package shop

import (
	"errors"
	"testing"
)

// FuzzParse feeds Parse arbitrary documents. The seed corpus is the shipped
// shops plus testdata/fuzz/FuzzParse (hand-written edge cases). Properties:
// no panic; an error is a *FieldError naming the file; a nil error means the
// shop passes Validate and its lookups work.
func FuzzParse(f *testing.F) {
	for _, name := range BuiltinNames() {
		data, err := builtinFS.ReadFile("shops/" + name + ".yaml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(base))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("fuzz.yaml", data)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) || fe.File != "fuzz.yaml" {
				t.Fatalf("error is not a *FieldError naming the file: %v", err)
			}
			if s != nil {
				t.Fatal("non-nil shop with an error")
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("Parse accepted a shop that Validate refuses: %v", err)
		}
		for _, row := range s.TorchTable.Chart {
			if _, err := s.CutSettings(row.Thickness); err != nil {
				t.Fatalf("CutSettings(%v) of a chart row: %v", row.Thickness, err)
			}
		}
		for _, sh := range s.Sheets {
			if _, ok := s.LargestSheet(sh.Material, sh.Thickness); !ok {
				t.Fatalf("LargestSheet of sheet %s", sh.ID)
			}
		}
		for _, p := range s.Profiles {
			if a := p.Area(); !(a > 0) {
				t.Fatalf("profile %s has area %v", p.ID, a)
			}
		}
		if c := s.Clone(); c.Validate() != nil {
			t.Fatal("clone does not validate")
		}
	})
}
