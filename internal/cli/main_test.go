package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/params"
)

func fabkit(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(context.Background(), builtin(t), append([]string{"fabkit"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// builtin is the registry of the shipped designs, as the fabkit command has.
func builtin(t *testing.T) *designs.Registry {
	t.Helper()
	reg, err := designs.WithBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func TestBadParametersExit2WithoutOutput(t *testing.T) {
	for _, d := range designs.All() {
		s := d.Schema()
		p := s.Params[0]
		for _, p2 := range s.Params {
			if p2.Kind == params.Length {
				p = p2
				break
			}
		}
		dir := filepath.Join(t.TempDir(), "out")
		code, _, stderr := fabkit(t, "build", d.Name(), "--out", dir, "-D", p.Name+"=99ft")
		if code != exitUsage || !strings.Contains(stderr, p.Name+" = 99ft: out of range "+p.RangeText()) {
			t.Errorf("%s: -D %s=99ft: exit %d, stderr %q", d.Name(), p.Name, code, stderr)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("%s: a failed build created %s", d.Name(), dir)
		}
		typo := p.Name[:len(p.Name)-1]
		code, _, stderr = fabkit(t, "build", d.Name(), "--out", dir, "-D", typo+"=1in")
		if code != exitUsage || !strings.Contains(stderr, `did you mean "`+p.Name+`"`) {
			t.Errorf("%s: -D %s: exit %d, stderr %q", d.Name(), typo, code, stderr)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	cases := [][]string{
		{"build"},
		{"build", "no-such-design"},
		{"build", "ceb-press", "--preset", "nope"},
		{"build", "ceb-press", "--shop", "/no/such/shop.yaml"},
		{"build", "ceb-press", "--only", "pdf9"},
		{"build", "ceb-press", "--bogus-flag"},
		{"params"},
		{"cutlist"},
	}
	for _, args := range cases {
		if code, _, stderr := fabkit(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d (stderr %q), want 2", args, code, stderr)
		}
	}
}

func TestInfoCommands(t *testing.T) {
	code, out, _ := fabkit(t, "designs")
	if code != 0 || !strings.Contains(out, "ceb-press") {
		t.Errorf("designs: %d %q", code, out)
	}
	code, out, _ = fabkit(t, "params", "ceb-press", "--json")
	var schema params.SchemaJSON
	if code != 0 || json.Unmarshal([]byte(out), &schema) != nil || schema.Design != "ceb-press" || len(schema.Params) == 0 {
		t.Errorf("params --json: %d %q", code, out[:min(len(out), 200)])
	}
	code, out, _ = fabkit(t, "presets", "ceb-press")
	if code != 0 || !strings.Contains(out, "classic-6x12") {
		t.Errorf("presets: %d %q", code, out)
	}
	code, out, _ = fabkit(t, "shops")
	if code != 0 || !strings.Contains(out, "us-imperial") || !strings.Contains(out, "metric") {
		t.Errorf("shops: %d %q", code, out)
	}
	if code, out, _ = fabkit(t, "version"); code != 0 || !strings.HasPrefix(out, "fabkit ") {
		t.Errorf("version: %d %q", code, out)
	}
}

func TestBuildWritesFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ceb")
	code, out, stderr := fabkit(t, "build", "ceb-press", "--preset", "classic-6x12", "--out", dir, "--only", "stl")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "wrote") || !strings.Contains(stderr, "building ceb-press: geometry") {
		t.Errorf("stdout %q stderr %q", out, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "stl", "assembly.stl")); err != nil {
		t.Error(err)
	}
}

func TestCutlistCommand(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "pieces.csv")
	os.WriteFile(csvPath, []byte("label,length,qty\nleg,30in,6\nrail,108in,2\ncross,52in,4\n"), 0o644)
	svg := filepath.Join(dir, "plan.svg")
	code, out, stderr := fabkit(t, "cutlist", csvPath, "--stock", "20ft:120,24ft:140", "--kerf", "1/8in", "--svg", svg)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "leg") || !strings.Contains(out, "rail") {
		t.Errorf("plan text: %q", out)
	}
	if b, err := os.ReadFile(svg); err != nil || !bytes.Contains(b, []byte("<svg")) {
		t.Errorf("svg: %v", err)
	}
	code, out, _ = fabkit(t, "cutlist", csvPath, "--stock", "20ft:120", "--json")
	var plan map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &plan) != nil {
		t.Errorf("--json: %d %q", code, out)
	}
	os.WriteFile(csvPath, []byte("label,length,qty\nleg,thirty,6\n"), 0o644)
	if code, _, stderr = fabkit(t, "cutlist", csvPath, "--stock", "20ft"); code != exitUsage || !strings.Contains(stderr, "pieces.csv:2") {
		t.Errorf("bad CSV: %d %q", code, stderr)
	}
}

func TestReorderArgs(t *testing.T) {
	app := newApp(builtin(t), nil, nil)
	got := strings.Join(reorderArgs(app, []string{"fabkit", "build", "ceb-press", "--out", "x", "-D", "a=1", "--json"}), " ")
	want := "fabkit build --out x -D a=1 --json -- ceb-press"
	if got != want {
		t.Errorf("reorderArgs = %q, want %q", got, want)
	}
}

func TestBuildWithPriceList(t *testing.T) {
	dir := t.TempDir()
	prices := filepath.Join(dir, "prices.csv")
	os.WriteFile(prices, []byte("id,price\ncyl-5x16,1234.5\n"), 0o644)
	out := filepath.Join(dir, "out")
	code, _, stderr := fabkit(t, "build", "ceb-press", "--preset", "classic-6x12", "--prices", prices, "--only", "bom", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	hw, err := os.ReadFile(filepath.Join(out, "bom", "hardware.csv"))
	if err != nil || !strings.Contains(string(hw), "1234.5") {
		t.Errorf("price list not applied: %v\n%s", err, hw)
	}
	os.WriteFile(prices, []byte("id,price\nno-such-item,3\n"), 0o644)
	if code, _, stderr = fabkit(t, "build", "ceb-press", "--prices", prices, "--out", out); code != exitUsage || !strings.Contains(stderr, "no-such-item") {
		t.Errorf("unknown id: exit %d, %q", code, stderr)
	}
}

func TestCheckAndDiff(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "ceb")
	if code, _, stderr := fabkit(t, "build", "ceb-press", "--preset", "classic-6x12", "--only", "dxf", "--out", out); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	golden := filepath.Join(dir, "golden.json")
	if code, _, stderr := fabkit(t, "check", out, "--golden", golden, "--update"); code != 0 {
		t.Fatalf("check --update: %s", stderr)
	}
	if code, stdout, _ := fabkit(t, "check", out, "--golden", golden); code != 0 || !strings.Contains(stdout, "no change") {
		t.Errorf("check against itself: %d %q", code, stdout)
	}
	// Drift: the golden says part f4 is a little larger.
	b, _ := os.ReadFile(golden)
	var m map[string]any
	json.Unmarshal(b, &m)
	for _, p := range m["parts"].([]any) {
		part := p.(map[string]any)
		if part["id"] == "f4" {
			part["volume_mm3"] = part["volume_mm3"].(float64) * 1.01
		}
	}
	b, _ = json.Marshal(m)
	os.WriteFile(golden, b, 0o644)
	code, stdout, _ := fabkit(t, "check", out, "--golden", golden)
	if code != exitBuild || !strings.Contains(stdout, "f4") || !strings.Contains(stdout, "volume ") || !strings.Contains(stdout, " in³") {
		t.Errorf("drifted check: exit %d\n%s", code, stdout)
	}
	if code, _, _ := fabkit(t, "check", out, "--golden", golden, "--tol", "volume=2%"); code != 0 {
		t.Errorf("check within a loosened tolerance: exit %d", code)
	}
	svg := filepath.Join(dir, "diff.svg")
	code, stdout, stderr := fabkit(t, "diff", "ceb-press:classic-6x12", out, "--svg", svg)
	if code != 0 || !strings.Contains(stdout, "diff") {
		t.Errorf("diff: %d %q %q", code, stdout, stderr)
	}
	code, stdout, _ = fabkit(t, "diff", out, "ceb-press:long-6x24", "--svg", svg)
	if code != 0 || !strings.Contains(stdout, "f4") {
		t.Errorf("diff presets: %d %q", code, stdout)
	}
	if b, err := os.ReadFile(svg); err != nil || !bytes.Contains(b, []byte("f4")) {
		t.Errorf("overlay svg lacks f4: %v", err)
	}
}

func TestNestCommand(t *testing.T) {
	dir := t.TempDir()
	ceb := filepath.Join(dir, "ceb")
	if code, _, stderr := fabkit(t, "build", "ceb-press", "--only", "dxf", "--out", ceb); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	out := filepath.Join(dir, "nest")
	code, stdout, stderr := fabkit(t, "nest", filepath.Join(ceb, "dxf", "f4.dxf")+":3", filepath.Join(ceb, "dxf", "d1.dxf"),
		"--thickness", "1/2in", "--sheet", "48inx96in", "--out", out)
	if code != 0 {
		t.Fatalf("nest: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "4 parts") {
		t.Errorf("stdout %q", stdout)
	}
	for _, f := range []string{"gcode/n01.ngc", "dxf/n01.dxf", "sheets/n01.svg", "manifest.json"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	bad := filepath.Join(dir, "open.dxf")
	os.WriteFile(bad, []byte("0\nSECTION\n2\nENTITIES\n0\nLINE\n8\nCUT\n10\n0\n20\n0\n11\n10\n21\n0\n0\nENDSEC\n0\nEOF\n"), 0o644)
	if code, _, stderr := fabkit(t, "nest", bad, "--thickness", "1/2in", "--out", out); code != exitUsage || !strings.Contains(stderr, "open.dxf") {
		t.Errorf("open loop: exit %d %q", code, stderr)
	}
	if code, _, _ := fabkit(t, "nest", bad, "--thickness", "thick", "--out", out); code != exitUsage {
		t.Errorf("bad thickness: exit %d", code)
	}
}
