package fabkit_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/fabkit/fabkit"
	"github.com/fabkit/fabkit/designs/d3d"
	"github.com/fabkit/fabkit/model"
)

// renamed is a shipped design under another name, standing in for a
// design repository's own design.
type renamed struct {
	model.Design
	name string
}

func (r renamed) Name() string    { return r.name }
func (r renamed) Summary() string { return "the D3D under another name" }
func (r renamed) Version() string { return "0.1" }

func run(p fabkit.Program, args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = p.Run(context.Background(), append([]string{"mymachine"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func TestProgramAddsDesignsToTheShippedOnes(t *testing.T) {
	p := fabkit.Program{Designs: []model.Design{renamed{d3d.Design{}, "my-printer"}}}
	code, out, stderr := run(p, "designs")
	if code != 0 {
		t.Fatalf("designs: exit %d, %s", code, stderr)
	}
	var names []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		names = append(names, strings.Fields(line)[0])
	}
	if got := strings.Join(names, " "); got != "ceb-press d3d my-printer power-cube" {
		t.Errorf("designs lists %q, want ceb-press d3d my-printer power-cube", got)
	}
	if code, out, _ := run(p, "presets", "my-printer"); code != 0 || !strings.Contains(out, "24in") {
		t.Errorf("presets my-printer: exit %d, %q", code, out)
	}
}

// A design repository's CI lists its own designs and their presets by
// name, to build each one.
func TestProgramListsItsOwnDesigns(t *testing.T) {
	p := fabkit.Program{Designs: []model.Design{renamed{d3d.Design{}, "my-printer"}}}
	if code, out, stderr := run(p, "designs", "--own", "--names"); code != 0 || out != "my-printer\n" {
		t.Errorf("designs --own --names: exit %d, %q, %s", code, out, stderr)
	}
	if code, out, _ := run(p, "designs", "--names"); code != 0 || out != "ceb-press\nd3d\nmy-printer\npower-cube\n" {
		t.Errorf("designs --names: exit %d, %q", code, out)
	}
	if code, out, _ := run(p, "presets", "my-printer", "--names"); code != 0 || out != "12in\n18in\n24in\n1m\n" {
		t.Errorf("presets --names: exit %d, %q", code, out)
	}
	if code, out, _ := run(fabkit.Program{}, "designs", "--own"); code != 0 || out != "" {
		t.Errorf("fabkit's own command has no designs of its own: exit %d, %q", code, out)
	}
}

func TestProgramWithoutShippedDesigns(t *testing.T) {
	p := fabkit.Program{Designs: []model.Design{renamed{d3d.Design{}, "my-printer"}}, NoBuiltin: true}
	code, out, _ := run(p, "designs")
	if code != 0 || strings.Contains(out, "ceb-press") || !strings.Contains(out, "my-printer") {
		t.Errorf("designs: exit %d, %q", code, out)
	}
	code, _, stderr := run(p, "params", "ceb-press")
	if code != 2 || !strings.Contains(stderr, `unknown design "ceb-press" (designs: my-printer)`) {
		t.Errorf("params ceb-press: exit %d, %q", code, stderr)
	}
}

func TestProgramRefusesADesignNamedLikeAShippedOne(t *testing.T) {
	p := fabkit.Program{Designs: []model.Design{renamed{d3d.Design{}, "ceb-press"}}}
	code, out, stderr := run(p, "designs")
	if code != 2 || out != "" || !strings.Contains(stderr, `design "ceb-press" is registered twice`) {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}

// A design repository's command is one line; Program.Run is the same
// command line without exiting, for its tests.
func ExampleProgram_Run() {
	p := fabkit.Program{Designs: []model.Design{renamed{d3d.Design{}, "my-printer"}}, NoBuiltin: true}
	code := p.Run(context.Background(), []string{"mymachine", "designs"}, os.Stdout, os.Stderr)
	fmt.Println("exit", code)
	// Output:
	// my-printer  0.1  the D3D under another name
	// exit 0
}
