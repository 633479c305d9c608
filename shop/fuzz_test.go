package shop

import (
	"errors"
	"fmt"
	"strings"
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

// FuzzParseGrowth grows a document from a fuzzed fragment: repeated n
// times as stock lengths, as profiles, as aliases of one profile, or as
// top-level keys. Properties: no panic; an error is a *FieldError naming
// the file with at most MaxErrors+1 lines; the work stays bounded (the
// 10 s per-input limit of the fuzzer catches a quadratic path).
func FuzzParseGrowth(f *testing.F) {
	f.Add("6m", uint16(5000), uint8(0))
	f.Add("{id: a, shape: flat, material: a36, width: 5mm, wall: 1mm, lengths: [6m]}", uint16(6000), uint8(1))
	f.Add("6m", uint16(60000), uint8(2))
	f.Add("thicknes", uint16(20000), uint8(3))
	f.Add("\x1b[2J", uint16(3), uint8(3))
	f.Fuzz(func(t *testing.T, frag string, n uint16, mode uint8) {
		var b strings.Builder
		b.WriteString("name: x\nunits: metric\ncurrency: USD\nmaterials: {a36: {density: 7850kg/m3}}\n")
		switch mode % 4 {
		case 0:
			b.WriteString("profiles:\n  - {id: f, shape: flat, material: a36, width: 50mm, wall: 5mm, lengths: [")
			for i := range int(n) {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(frag)
			}
			b.WriteString("]}\n")
		case 1:
			b.WriteString("profiles:\n")
			for range int(n) {
				b.WriteString("  - " + frag + "\n")
			}
		case 2:
			b.WriteString("profiles: [&p {id: a, shape: flat, material: a36, width: 5mm, wall: 1mm, lengths: [" + frag + "]}")
			for range int(n) {
				b.WriteString(", *p")
			}
			b.WriteString("]\n")
		case 3:
			for i := range int(n) {
				fmt.Fprintf(&b, "%q: %d\n", fmt.Sprint(frag, i), i)
			}
		}
		s, err := Parse("grow.yaml", []byte(b.String()))
		if err == nil {
			if s.Validate() != nil {
				t.Fatal("Parse accepted a shop that Validate refuses")
			}
			return
		}
		var fe *FieldError
		if !errors.As(err, &fe) || fe.File != "grow.yaml" {
			t.Fatalf("error is not a *FieldError naming the file: %.200v", err)
		}
		if lines := strings.Count(err.Error(), "\n") + 1; lines > MaxErrors+1 {
			t.Fatalf("%d error lines", lines)
		}
	})
}
