// Package excerpt shortens user text before an error message quotes it: a
// hostile value may be megabytes long or carry terminal escape sequences,
// and an error must stay one short, inert line.
package excerpt

import (
	"strconv"
	"unicode/utf8"
)

// Max is how many bytes of a value an error quotes.
const Max = 64

// Quote is strconv.Quote of at most Max bytes of s (cut at a rune
// boundary), so control characters, ANSI escapes and invalid UTF-8 are
// escaped; a longer s is followed by "... (N bytes)".
func Quote(s string) string {
	if len(s) <= Max {
		return strconv.Quote(s)
	}
	return strconv.Quote(cut(s)) + "... (" + strconv.Itoa(len(s)) + " bytes)"
}

// Text is Quote without the surrounding quotes: for messages that print a
// value bare ("brick_length = 99ft: ..."). Plain printable text comes back
// unchanged.
func Text(s string) string {
	if len(s) <= Max && plain(s) {
		return s
	}
	q := strconv.Quote(cut(s))
	q = q[1 : len(q)-1]
	if len(s) > Max {
		q += "... (" + strconv.Itoa(len(s)) + " bytes)"
	}
	return q
}

// cut returns the first Max bytes of s, backing off to a rune boundary.
func cut(s string) string {
	if len(s) <= Max {
		return s
	}
	n := Max
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// plain reports whether s is valid UTF-8 with no control characters and no
// backslash or quote that Quote would escape.
func plain(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || r == '\\' || r == '"' || !strconv.IsPrint(r) && r != ' ' {
			return false
		}
	}
	return true
}
