// Package tooltest finds the external programs that tests check outputs
// with (admesh, rs274, soffice, pdfinfo, ...). A test skips when a program is
// missing, unless FABKIT_REQUIRE_TOOLS=1, as .ci/run sets: then it fails.
package tooltest

import (
	"os"
	"os/exec"
	"testing"
)

// Need returns the path of the named program, or skips (fails under
// FABKIT_REQUIRE_TOOLS=1) the test when it is not installed.
func Need(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("FABKIT_REQUIRE_TOOLS") == "1" {
		t.Fatalf("%s is required (FABKIT_REQUIRE_TOOLS=1) but not installed: %v", name, err)
	}
	t.Skipf("%s not installed; set FABKIT_REQUIRE_TOOLS=1 to make this a failure", name)
	return ""
}
