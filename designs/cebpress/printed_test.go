package cebpress_test

import (
	"bytes"
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/fabkit/fabkit/designs/cebpress"
	"github.com/fabkit/fabkit/geometry/mesh"
	"github.com/fabkit/fabkit/geometry/solid"
	"github.com/fabkit/fabkit/internal/tooltest"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/outputs/stl"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

// The rod bushing holders are OSE's dRodBushingHolder2bottom/top: a
// 4.75 x 4 in block (X = 1.5 + 2 bolt1OD + bushingOD, Y = max(0.5 +
// bushingL, 4)), 1.628in (bottom: lifts the rod to f1's holes) and
// 0.875in (top) high. Their meshed volume is the block's less the holes,
// the half channels and (bottom) the two nut traps, to 3%; and each slices
// in PrusaSlicer's command line.
func TestBushingHoldersPrint(t *testing.T) {
	d := cebpress.Design{}
	v, err := d.Schema().Resolve("classic-6x12")
	if err != nil {
		t.Fatal(err)
	}
	m, err := d.Build(context.Background(), v, shop.Default(), &params.Report{})
	if err != nil {
		t.Fatal(err)
	}
	const in = 25.4
	X, Y := 4.75, 4.0
	zb, zt := math.Max(0.25+1.25/2, 0.5+0.5+1.2/2+0.0283), 0.25+1.25/2
	holes := func(z float64) float64 { return 2*math.Pi*0.25*z + 2*math.Pi*0.375*0.375*z } // bolts 1 (1in), 2 (3/4in)
	channel := math.Pi*0.625*0.625*1.25/2 + math.Pi*0.525*0.525*(Y-1.25)/2                 // half the bushing, half the rod
	nut := 2 * (math.Sqrt(3)/2*1.25*1.25 - math.Pi*0.375*0.375) * 0.665                    // two hex traps 1.25in across flats, less the bolt holes' share
	want := map[string]float64{
		"holder-bottom": (X*Y*zb - holes(zb) - channel - nut) * in * in * in,
		"holder-top":    (X*Y*zt - holes(zt) - channel) * in * in * in,
	}
	slicer, err := exec.LookPath("prusa-slicer")
	haveSlicer := err == nil
	if !haveSlicer && os.Getenv("FABKIT_REQUIRE_TOOLS") == "1" {
		tooltest.Need(t, "prusa-slicer") // fails the test
	}
	dir := t.TempDir()
	for id, vol := range want {
		p := m.Part(id)
		if p == nil || p.Process != model.Print3D || p.Qty != 4 {
			t.Fatalf("%s: %+v, want 4 printed", id, p)
		}
		res, err := solid.Render(context.Background(), p.Solid.Shape, solid.Options{Cell: p.Solid.Tolerance})
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Mesh.Volume(); math.Abs(got-vol) > 0.03*vol {
			t.Errorf("%s: volume %.0f mm³, OSE's drawing %.0f", id, got, vol)
		}
		if !haveSlicer {
			continue
		}
		var buf bytes.Buffer
		if err := stl.Write(&buf, res.Mesh.Transformed(mesh.OrientForPrint(res.Mesh)), id); err != nil {
			t.Fatal(err)
		}
		src, out := filepath.Join(dir, id+".stl"), filepath.Join(dir, id+".gcode")
		if err := os.WriteFile(src, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(slicer, "--loglevel", "1", "--datadir", filepath.Join(dir, "config"),
			"--export-gcode", "--center", "100,100", "--output", out, src)
		cmd.Env = append(os.Environ(), "DISPLAY=")
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("prusa-slicer %s: %v\n%s", id, err, msg)
		}
		if g, err := os.ReadFile(out); err != nil || !bytes.Contains(g, []byte(";LAYER_CHANGE")) {
			t.Fatalf("prusa-slicer %s: no layers (%v)", id, err)
		}
	}
}
