package shop

import (
	"errors"
	"testing"
)

// BenchmarkParse measures reading the default shop file.
func BenchmarkParse(b *testing.B) {
	data, _ := builtinFS.ReadFile("shops/us-imperial.yaml")
	b.SetBytes(int64(len(data)))
	var s *Shop
	for b.Loop() {
		var err error
		if s, err = Parse("us-imperial.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(s.Profiles)+len(s.Sheets)+len(s.Items)), "catalog-entries")
}

// BenchmarkParseSyntaxError measures the worst case of locating a syntax
// error: a mistake deep in a long block.
func BenchmarkParseSyntaxError(b *testing.B) {
	data, _ := builtinFS.ReadFile("shops/us-imperial.yaml")
	bad := append([]byte("profiles:\n"), data...)
	bad = append(bad, "\n  - x\n   y: [\n"...)
	var line int
	for b.Loop() {
		_, err := Parse("bad.yaml", bad)
		var fe *FieldError
		if !errors.As(err, &fe) {
			b.Fatalf("error %v, want a *FieldError", err)
		}
		line = fe.Line
	}
	b.ReportMetric(float64(line), "error-line")
}
