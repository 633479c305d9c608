package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/manifest"
)

// `fabkit build power-cube --for ceb-press` sizes the cube to the press at
// every CEB press preset; a demand no catalogue engine meets exits 2 and
// names it, and writes nothing.
func TestBuildPowerCubeForCEBPress(t *testing.T) {
	for _, preset := range []string{"", "classic-6x12", "long-6x24", "140x290"} {
		dir := filepath.Join(t.TempDir(), "pc")
		args := []string{"build", "power-cube", "--for", "ceb-press", "--out", dir, "--only", "bom"}
		if preset != "" {
			args = append(args, "--for-preset", preset)
		}
		code, _, stderr := fabkit(t, args...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", preset, code, stderr)
		}
		if !strings.Contains(stderr, "sized for 14.0 gpm (53 L/min) at 2300 psi") {
			t.Errorf("%s: stderr %q", preset, stderr)
		}
		m, err := manifest.Read(filepath.Join(dir, "manifest.json"))
		if err != nil {
			t.Fatal(err)
		}
		fig := map[string]float64{}
		for _, f := range m.Summary {
			fig[f.Name] = f.Value
		}
		if fig["flow_rated"] < 14 || fig["engine_margin"] < 0 {
			t.Errorf("%s: flow %.2f gpm, engine margin %.2f hp", preset, fig["flow_rated"], fig["engine_margin"])
		}
	}
	dir := filepath.Join(t.TempDir(), "big")
	code, _, stderr := fabkit(t, "build", "power-cube", "--for", "ceb-press", "--for-define", "main_bore=6in", "--for-define", "drawer_bore=3in", "--out", dir)
	if code != 2 || !strings.Contains(stderr, "no engine meets 20.8 gpm at 2300 psi") || !strings.Contains(stderr, "pump-1.56 needs 38.4 hp") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("a refused build wrote %s", dir)
	}
	if code, _, stderr := fabkit(t, "build", "power-cube", "--for-preset", "long-6x24", "--out", dir); code != 2 || !strings.Contains(stderr, "need --for") {
		t.Errorf("--for-preset alone: exit %d: %s", code, stderr)
	}
}
