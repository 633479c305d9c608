// Package plural writes a count with its noun in the right number, so
// that texts read "1 part" and "2 parts", never "1 parts".
package plural

import "strconv"

// Count returns n followed by one when n is 1 (or -1) and by many
// otherwise: Count(1, "part", "parts") is "1 part", Count(0, ...) "0 parts".
func Count(n int, one, many string) string {
	if n == 1 || n == -1 {
		return strconv.Itoa(n) + " " + one
	}
	return strconv.Itoa(n) + " " + many
}
