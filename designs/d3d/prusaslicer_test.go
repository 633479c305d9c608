package d3d_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/fabkit/fabkit/designs/d3d"
	"github.com/fabkit/fabkit/geometry/mesh"
	"github.com/fabkit/fabkit/geometry/solid"
	"github.com/fabkit/fabkit/internal/tooltest"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/outputs/stl"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

// TestPrusaSlicerSlicesPrintedParts is the printed parts' acceptance test:
// every one of the 12in preset's printed parts, meshed and laid on its
// largest flat face as the build writes it, slices in PrusaSlicer's command
// line (Debian package prusa-slicer) with its default profile to a
// non-empty G-code file. It needs no display.
func TestPrusaSlicerSlicesPrintedParts(t *testing.T) {
	slicer := tooltest.Need(t, "prusa-slicer")
	d := d3d.Design{}
	v, err := d.Schema().Resolve("12in")
	if err != nil {
		t.Fatal(err)
	}
	m, err := d.Build(context.Background(), v, shop.Default(), &params.Report{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	n := 0
	for _, p := range m.Parts {
		if p.Process != model.Print3D {
			continue
		}
		n++
		t.Run(p.ID, func(t *testing.T) {
			res, err := solid.Render(context.Background(), p.Solid.Shape, solid.Options{Cell: p.Solid.Tolerance})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := stl.Write(&buf, res.Mesh.Transformed(mesh.OrientForPrint(res.Mesh)), p.ID); err != nil {
				t.Fatal(err)
			}
			in, out := filepath.Join(dir, p.ID+".stl"), filepath.Join(dir, p.ID+".gcode")
			if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(slicer, "--loglevel", "1", "--datadir", filepath.Join(dir, "config"),
				"--export-gcode", "--center", "100,100", "--output", out, in)
			cmd.Env = append(os.Environ(), "DISPLAY=") // the CLI must not need X
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("prusa-slicer %s: %v\n%s", p.ID, err, msg)
			}
			gcode, err := os.ReadFile(out)
			if err != nil || !bytes.Contains(gcode, []byte(";LAYER_CHANGE")) {
				t.Fatalf("prusa-slicer %s: no layers in the G-code (%v)", p.ID, err)
			}
			for _, line := range bytes.Split(gcode, []byte("\n")) {
				if bytes.HasPrefix(line, []byte("; filament used [cm3]")) || bytes.HasPrefix(line, []byte("; estimated printing time (normal mode)")) {
					t.Logf("%s (ours: %s)", line, p.Notes)
				}
			}
		})
	}
	if n == 0 {
		t.Fatal("no printed parts")
	}
}
