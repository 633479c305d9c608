package bracket_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fabkit/fabkit"
	"github.com/fabkit/fabkit/assembly"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"

	"example.com/mymachine/bracket"
)

// build resolves the design at a preset with -D style overrides and builds
// its model for the default shop.
func build(t *testing.T, preset string, defs ...string) (*model.Model, *params.Report, error) {
	t.Helper()
	var layer []params.Override
	for _, d := range defs {
		o, err := params.ParseOverride(d)
		if err != nil {
			t.Fatal(err)
		}
		layer = append(layer, o)
	}
	s := bracket.Design{}.Schema()
	v, err := s.Resolve(preset, layer)
	if err != nil {
		t.Fatal(err)
	}
	r := s.RunChecks(v)
	m, err := bracket.Design{}.Build(context.Background(), v, shop.Default(), r)
	return m, r, err
}

// fabkit's assembly check chooses each bolt: the shortest 3/4in bolt of
// the shop's catalogue that clamps base, tube and cap with two washers, the
// nut and two threads showing (3/4-10: SAE washers 0.134in, nut 41/64in,
// two threads 0.2in, so grip + 1.11in), rounded up to the catalogue's
// lengths (worked by hand for each case). The BOM buys what it chose.
func TestBoltClampsTheStack(t *testing.T) {
	for _, c := range []struct {
		preset string
		defs   []string
		bolt   string
	}{
		{"", nil, "bolt-3/4x4"}, // 1/4 + 2 + 1/4 = 2-1/2in grip, needs 3.61in
		{"", []string{"plate_thickness=3/16in"}, "bolt-3/4x3-1/2"}, // 2-3/8in grip, needs 3.49in
		{"heavy", nil, "bolt-3/4x4"},                               // 3/8 + 2 + 3/8 = 2-3/4in grip, needs 3.86in
	} {
		m, r, err := build(t, c.preset, c.defs...)
		if err != nil || r.Err() != nil {
			t.Fatalf("%s %v: %v %v", c.preset, c.defs, err, r.Err())
		}
		if err := m.Validate(); err != nil {
			t.Errorf("%s %v: %v", c.preset, c.defs, err)
		}
		rep, err := assembly.Run(context.Background(), m, shop.Default(), assembly.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := rep.Err(); err != nil {
			t.Errorf("%s %v: %v", c.preset, c.defs, err)
		}
		bolts := 0
		for _, j := range rep.Joints {
			if j.Fastener == nil || j.Fastener.Item != c.bolt {
				t.Errorf("%s %v: joint at %v has %+v, want %s", c.preset, c.defs, j.At, j.Fastener, c.bolt)
			}
			bolts += j.Count
		}
		if bolts != 2 {
			t.Errorf("%s %v: %d bolts, want 2", c.preset, c.defs, bolts)
		}
	}
}

// The arm must reach past the plates: the check names both parameters.
func TestArmShorterThanPlatesIsRefused(t *testing.T) {
	_, r, _ := build(t, "", "arm_length=6in", "plate_length=6in")
	err := r.Err()
	if err == nil || !strings.Contains(err.Error(), "arm_length") || !strings.Contains(err.Error(), "plate_length") {
		t.Errorf("error %v, want one naming arm_length and plate_length", err)
	}
}

// The repository's command builds the bracket into a checked output folder
// that matches its golden: what CI runs, through the same command line.
func TestBuildMatchesGolden(t *testing.T) {
	p := fabkit.Program{Designs: []model.Design{bracket.Design{}}, NoBuiltin: true}
	run := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := p.Run(context.Background(), append([]string{"bracket"}, args...), &out, &errb); code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out.String(), errb.String())
		}
		return out.String()
	}
	dir := filepath.Join(t.TempDir(), "bracket")
	run("build", "bracket", "--out", dir)
	out := run("check", dir, "--golden", filepath.Join("..", "testdata", "golden", "bracket-default.json"))
	if !strings.Contains(out, "ok:") {
		t.Errorf("check: %s", out)
	}
}
