package shop

import (
	"testing"
)

// BenchmarkParse measures reading the default shop file.
func BenchmarkParse(b *testing.B) {
	data, _ := builtinFS.ReadFile("shops/us-imperial.yaml")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse("us-imperial.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseSyntaxError measures the worst case of locating a syntax
// error: a mistake deep in a long block.
func BenchmarkParseSyntaxError(b *testing.B) {
	data, _ := builtinFS.ReadFile("shops/us-imperial.yaml")
	bad := append([]byte("profiles:\n"), data...)
	bad = append(bad, "\n  - x\n   y: [\n"...)
	for b.Loop() {
		if _, err := Parse("bad.yaml", bad); err == nil {
			b.Fatal("no error")
		}
	}
}
