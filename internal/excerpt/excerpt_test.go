package excerpt

import (
	"strings"
	"testing"
)

func TestQuote(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"6in", `"6in"`},
		{"\x1b[31mred", `"\x1b[31mred"`},
		{strings.Repeat("a", 100), `"` + strings.Repeat("a", 64) + `"... (100 bytes)`},
		{strings.Repeat("é", 40), `"` + strings.Repeat("é", 32) + `"... (80 bytes)`},
	} {
		if got := Quote(c.in); got != c.want {
			t.Errorf("Quote(%.20q) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"99ft", "99ft"},
		{"3 1/2in", "3 1/2in"},
		{"1' 6\"", `1' 6\"`},
		{"\x1b]0;pwned\x07", `\x1b]0;pwned\a`},
		{"a\nb", `a\nb`},
		{strings.Repeat("x", 50<<20), strings.Repeat("x", 64) + "... (52428800 bytes)"},
	} {
		if got := Text(c.in); got != c.want {
			t.Errorf("Text(%.20q) = %s, want %s", c.in, got, c.want)
		}
	}
}
