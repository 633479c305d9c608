package cli

import (
	"os"
	"os/exec"
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

// Issue 17's CLI rough edges: each answer is one short line with a
// suggestion, exit 2, never the whole help page.
func TestTypoSuggestions(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"bild"}, `unknown command "bild" (did you mean "build"?)`},
		{[]string{"build", "ceb-press", "--ouput", "x"}, "unknown flag --ouput (did you mean --out?)"},
		{[]string{"params", "ceb-press", "--jsn"}, "unknown flag --jsn (did you mean --json?)"},
		{[]string{"build", "ceb-press", "--shop", "metrc"}, `(did you mean "metric"?); shipped shops: metric, us-imperial`},
	}
	for _, c := range cases {
		code, stdout, stderr := fabkit(t, c.args...)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, stderr, c.want)
		}
		if strings.Contains(stdout+stderr, "OPTIONS:") || strings.Count(stderr, "\n") > 1 {
			t.Errorf("%v: printed more than one line:\n%s%s", c.args, stdout, stderr)
		}
	}
}

func TestCompletion(t *testing.T) {
	for _, sh := range []string{"bash", "zsh", "fish"} {
		code, out, stderr := fabkit(t, "completion", sh)
		if code != 0 || !strings.Contains(out, "fabkit") {
			t.Errorf("completion %s: exit %d, %q %q", sh, code, out[:min(len(out), 100)], stderr)
		}
		if sh == "bash" {
			if bash, err := exec.LookPath("bash"); err == nil {
				cmd := exec.Command(bash, "-n")
				cmd.Stdin = strings.NewReader(out)
				if msg, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("completion bash: bash -n: %v %s", err, msg)
				}
			}
		}
	}
	if code, _, _ := fabkit(t, "completion", "tcsh"); code != exitUsage {
		t.Errorf("completion tcsh: exit %d, want 2", code)
	}
	// The words the scripts ask for: commands, then design names and flags.
	_, out, _ := fabkit(t, "--generate-bash-completion")
	if !strings.Contains(out, "build\n") || !strings.Contains(out, "completion\n") {
		t.Errorf("top-level completion: %q", out)
	}
	_, out, _ = fabkit(t, "build", "--generate-bash-completion")
	if !strings.Contains(out, "ceb-press\n") || !strings.Contains(out, "--preset\n") {
		t.Errorf("build completion: %q", out)
	}
}

// The README lists 1' 6" as a length; a cut-list CSV accepts it unquoted.
func TestCutlistFeetAndInches(t *testing.T) {
	csv := filepath.Join(t.TempDir(), "pieces.csv")
	if err := os.WriteFile(csv, []byte("label,length,qty\nrail,1' 6\",2\npost,30in,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := fabkit(t, "cutlist", csv, "--stock", "8ft:20", "--csv")
	if code != 0 || !strings.Contains(out, "rail") {
		t.Fatalf("cutlist with 1' 6\": exit %d, %q %q", code, out, stderr)
	}
}
