package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 17: --tolerance 0, -1, NaN, Inf, 1e9 were accepted silently and
// 1e-6 ran for minutes; each is refused with exit 2 and no output.
func TestToleranceRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	for _, v := range []string{"0", "-1", "NaN", "Inf", "1e9", "1e-6"} {
		code, _, stderr := fabkit(t, "build", "ceb-press", "--out", dir, "--tolerance", v)
		if code != exitUsage || !strings.Contains(stderr, "tolerance = "+v) || !strings.Contains(stderr, "0.01mm..1mm") {
			t.Errorf("--tolerance %s: exit %d, stderr %q", v, code, stderr)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("--tolerance %s: a refused build created %s", v, dir)
		}
	}
}

// Issue 17: `build --help` showed `--preset fabkit presets DESIGN`.
func TestBuildHelpPlaceholders(t *testing.T) {
	code, out, _ := fabkit(t, "build", "--help")
	if code != 0 {
		t.Fatalf("build --help: exit %d", code)
	}
	for _, want := range []string{"--preset PRESET", "--shop FILE", "--out DIR", "--tolerance LENGTH", "0.01mm..1mm"} {
		if !strings.Contains(out, want) {
			t.Errorf("build --help lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "--preset fabkit") {
		t.Errorf("build --help still shows a command as the placeholder:\n%s", out)
	}
}

// Issue 17: --out naming the temporary folder itself failed only after
// the build, with status 1. It is refused first, with exit 2.
func TestUnsafeOutRefused(t *testing.T) {
	for _, out := range []string{os.TempDir(), "/", ".", ".."} {
		code, stdout, stderr := fabkit(t, "build", "ceb-press", "--out", out)
		if code != exitUsage || !strings.Contains(stderr, "--out: output folder") || strings.Contains(stderr, "building") || stdout != "" {
			t.Errorf("--out %s: exit %d, stderr %q", out, code, stderr)
		}
	}
}
