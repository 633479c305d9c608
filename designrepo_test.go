package fabkit_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// designRepo copies the template design repository examples/design-repo
// to a temporary folder, as a designer's `cp -r` does, and points its
// fabkit requirement at this checkout. The copy is a module of its own:
// go builds it with this checkout's dependencies, from the module cache,
// offline (GOPROXY=off).
func designRepo(t *testing.T) (dir string, gocmd func(args ...string) string) {
	t.Helper()
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	dir = filepath.Join(t.TempDir(), "mymachine")
	src := filepath.Join(root, "examples", "design-repo")
	err = filepath.WalkDir(src, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if e.IsDir() && (rel == "bin" || rel == "out") {
			return filepath.SkipDir // a local run's leftovers
		}
		to := filepath.Join(dir, rel)
		if e.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		return os.WriteFile(to, data, info.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
	// fabkit's own go.sum vouches for the dependencies the copy shares.
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(dir, "go.sum"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(sum); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command builds the design repository: %v", err)
	}
	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	gocmd = func(args ...string) string {
		t.Helper()
		cmd := exec.Command(gobin, args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	gocmd("mod", "edit", "-replace", "github.com/fabkit/fabkit="+root)
	return dir, gocmd
}

// The template design repository builds as a module of its own, and its
// command is the fabkit command line with the bracket added: it lists the
// bracket with the shipped designs, builds it into a checked output
// folder, and the build matches the golden the repository keeps. Its CI
// script, which the GitHub workflow runs, passes for every preset, and so
// do its own tests.
func TestDesignRepoTemplate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a separate module")
	}
	dir, gocmd := designRepo(t)
	bin := filepath.Join(dir, "bin", "bracket")
	gocmd("build", "-o", bin, "./cmd/bracket")
	run := func(args ...string) (int, string, string) {
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, out.String(), errb.String()
	}

	code, out, stderr := run("designs")
	var names []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		names = append(names, strings.Fields(line)[0])
	}
	if code != 0 || strings.Join(names, " ") != "bracket ceb-press d3d power-cube" {
		t.Fatalf("designs: exit %d, lists %q (want bracket ceb-press d3d power-cube)\n%s", code, names, stderr)
	}

	outDir := filepath.Join(dir, "out", "bracket")
	if code, out, stderr := run("build", "bracket", "--out", outDir); code != 0 {
		t.Fatalf("build bracket: exit %d\n%s%s", code, out, stderr)
	}
	var m struct {
		Design   struct{ Name string }
		Parts    []struct{ ID string }
		Assembly struct {
			Checked  bool
			Joints   []struct{ Kind string }
			Findings []json.RawMessage
			Checks   []struct {
				Name  string
				Holes int
				Mated int `json:"holes_mated"`
				Open  int
			}
		}
		Files []struct{ Path string }
	}
	data, err := os.ReadFile(filepath.Join(outDir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	a := m.Assembly
	if m.Design.Name != "bracket" || !a.Checked || len(a.Findings) != 0 || len(a.Joints) != 1 || a.Joints[0].Kind != "bolted" {
		t.Errorf("manifest: design %q, assembly checked %v, findings %d, joints %+v", m.Design.Name, a.Checked, len(a.Findings), a.Joints)
	}
	// Eight holes: two bolts through base, both tube walls and cap (six
	// mated), and the base plate's two mounting holes, declared open.
	for _, c := range a.Checks {
		if c.Name == "holes" && (c.Holes != 8 || c.Mated != 6 || c.Open != 2) {
			t.Errorf("holes check: %+v, want 8 holes, 6 mated, 2 open", c)
		}
	}
	files := map[string]bool{}
	for _, f := range m.Files {
		files[f.Path] = true
	}
	for _, want := range []string{"stl/arm.stl", "stl/assembly.stl", "dxf/base.dxf", "dxf/cap.dxf", "gcode/n01.ngc", "bom/bom.xlsx", "sheets/packet.pdf"} {
		if _, err := os.Stat(filepath.Join(outDir, want)); err != nil || !files[want] {
			t.Errorf("%s: in the manifest %v, on disk: %v", want, files[want], err)
		}
	}

	golden := filepath.Join("testdata", "golden", "bracket-default.json")
	if code, out, stderr := run("check", outDir, "--golden", golden); code != 0 || !strings.Contains(out, "bracket 1: ok:") {
		t.Errorf("check: exit %d\n%s%s", code, out, stderr)
	}

	// What the workflow runs: every preset against its golden.
	script := exec.Command("bash", "ci/check.sh")
	script.Dir = dir
	script.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	report, err := script.CombinedOutput()
	if err != nil || strings.Count(string(report), "ok    bracket-") != 3 {
		t.Errorf("ci/check.sh: %v\n%s", err, report)
	}
	gocmd("vet", "./...")
	gocmd("test", "./...")
}
