//go:build !(linux && (amd64 || arm64))

package pipeline

// exchange is not available here: WriteDir replaces with two renames and
// recovers at its next start.
func exchange(a, b string) error { return errNoExchange }
