package suggest

import (
	"strings"
	"testing"
)

func TestDistance(t *testing.T) {
	long := strings.Repeat("a", MaxLen+1)
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"length", "length", 0},
		{"lenght", "length", 1}, // a swap of neighbours
		{"brick_lenth", "brick_length", 1},
		{"kitten", "sitting", 3}, // the textbook Levenshtein pair
		{"ca", "abc", 3},         // OSA, not the unrestricted distance (2)
		{"plate_count", "plate_cuont", 1},
		{"höhe", "hohe", 1}, // runes, not bytes
		{long, long, 0},
		{long, "a", MaxLen + 1},
	} {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := Distance(c.b, c.a); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d (symmetric)", c.b, c.a, got, c.want)
		}
	}
}

func BenchmarkDistance(b *testing.B) {
	x, y := strings.Repeat("brick_length", 5), strings.Repeat("brick_lenght", 5)
	for b.Loop() {
		Distance(x, y)
	}
}

func TestClosest(t *testing.T) {
	names := []string{"brick_length", "brick_width", "output_shelf"}
	for _, c := range []struct{ in, want string }{
		{"brick_lenght", "brick_length"},
		{"BRICK_WIDTH", "brick_width"}, // case is ignored
		{"shelf", ""},                  // too far to be a typo
		{"", ""},
	} {
		if got := Closest(c.in, names); got != c.want {
			t.Errorf("Closest(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
