package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/cam/dxf"
	"github.com/fabkit/fabkit/cam/dxf/dxftest"
	"github.com/fabkit/fabkit/cam/toolpath"
	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/manifest"
	"github.com/fabkit/fabkit/shop"
)

// nestThickness is the plate the nest tests cut: 1/2 in.
const nestThickness = 12.7

// nestPart is a 120 x 80 mm plate with a 40 mm hole the torch cuts and a
// 10 mm hole it drills (under the shop's drill ratio x 1/2 in).
func nestPart() dxf.Part {
	return dxf.Part{Shape: profile.New(profile.Rect(0, 0, 120, 80), profile.Circle(40, 40, 20), profile.Circle(95, 40, 5))}
}

func writeNestPart(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := dxf.WritePart(f, nestPart(), dxf.R2000); err != nil {
		t.Fatal(err)
	}
}

// checkManifestMatchesDisk checks every file the manifest lists is on disk
// with its hash and size, and that the folder holds no file it does not list.
func checkManifestMatchesDisk(t *testing.T, out string) *manifest.Manifest {
	t.Helper()
	m, err := manifest.Read(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{"manifest.json": true}
	for _, f := range m.Files {
		listed[f.Path] = true
		data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(f.Path)))
		if err != nil {
			t.Errorf("%s: %v", f.Path, err)
			continue
		}
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) != f.SHA256 || len(data) != f.Bytes {
			t.Errorf("%s: on disk %d bytes sha256 %x, manifest %d bytes %s", f.Path, len(data), sum, f.Bytes, f.SHA256)
		}
	}
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(out, p)
			if !listed[filepath.ToSlash(rel)] {
				t.Errorf("%s is on disk but not in the manifest", rel)
			}
		}
		return nil
	})
	return m
}

// TestNestFileNames: part files named with a space, non-ASCII letters,
// parentheses, an empty stem, or like a sheet's outputs (n01.dxf) all nest
// together; every output is where the manifest says, with its hash.
func TestNestFileNames(t *testing.T) {
	dir := t.TempDir()
	names := []string{"plate a.dxf", "Träger.dxf", "bracket (2).dxf", ".dxf", "n01.dxf", "n01-drill.dxf", "plate_a.dxf"}
	var args []string
	for _, n := range names {
		writeNestPart(t, filepath.Join(dir, n))
		args = append(args, filepath.Join(dir, n))
	}
	out := filepath.Join(dir, "out")
	args = append(args, "--thickness", "1/2in", "--sheet", "48inx96in", "--out", out)
	code, _, stderr := fabkit(t, append([]string{"nest"}, args...)...)
	if code != 0 {
		t.Fatalf("nest: exit %d: %s", code, stderr)
	}
	m := checkManifestMatchesDisk(t, out)
	ids := map[string]bool{}
	for _, p := range m.Parts {
		if ids[p.ID] {
			t.Errorf("part id %s twice", p.ID)
		}
		ids[p.ID] = true
	}
	if len(m.Parts) != len(names) {
		t.Errorf("%d parts, want %d", len(m.Parts), len(names))
	}
	gotNames := map[string]bool{}
	for _, p := range m.Parts {
		gotNames[p.Name] = true
	}
	for _, n := range []string{"plate a", "Träger", "bracket (2)", "n01"} {
		if !gotNames[n] {
			t.Errorf("no part named %q (names %v)", n, gotNames)
		}
	}
}

// TestNestQuantityCap: a quantity past the cap is refused at once with
// exit 2 naming the cap, as is one that does not fit an int.
func TestNestQuantityCap(t *testing.T) {
	dir := t.TempDir()
	part := filepath.Join(dir, "part.dxf")
	writeNestPart(t, part)
	for _, q := range []string{"1000000000", "99999999999999999999999", "0"} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		code, _, stderr := fabkit(t, "nest", part+":"+q, "--thickness", "1/2in", "--out", filepath.Join(dir, "out"))
		runtime.ReadMemStats(&after)
		if code != exitUsage || !strings.Contains(stderr, "quantity") {
			t.Errorf("quantity %s: exit %d, stderr %q", q, code, stderr)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
			t.Errorf("quantity %s: allocated %d MiB, bound 64 MiB", q, grew>>20)
		}
	}
	code, _, stderr := fabkit(t, "nest", part+":300", part+":300", "--thickness", "1/2in", "--out", filepath.Join(dir, "out"))
	if code != exitUsage || !strings.Contains(stderr, "600 parts in all is more than 500") {
		t.Errorf("600 parts in all: exit %d, stderr %q", code, stderr)
	}
}

// TestNestDXFsReadInEzdxfAndLibreCAD: every DXF fabkit nest writes, R2000
// and R12, reads in ezdxf with the part's entities (the drilled hole on
// DRILL, on the sheet as on the part) and draws in LibreCAD.
func TestNestDXFsReadInEzdxfAndLibreCAD(t *testing.T) {
	dir := t.TempDir()
	part := filepath.Join(dir, "plate.dxf")
	writeNestPart(t, part)
	p := nestPart()
	p.Drill = toolpath.DrilledHoles(p.Shape, nestThickness, shop.Default().TorchTable.MinHoleRatio)
	if len(p.Drill) != 1 {
		t.Fatalf("the test part drills %d holes, want 1", len(p.Drill))
	}
	for _, v := range []dxf.Version{dxf.R2000, dxf.R12} {
		out := filepath.Join(dir, v.String())
		if code, _, stderr := fabkit(t, "nest", part+":3", "--thickness", "1/2in", "--sheet", "24inx24in", "--out", out, "--dxf", v.String()); code != 0 {
			t.Fatalf("nest --dxf %s: exit %d: %s", v, code, stderr)
		}
		m := checkManifestMatchesDisk(t, out)
		files, want := map[string][]byte{}, map[string]map[string]int{}
		poly := map[dxf.Version]string{dxf.R2000: "LWPOLYLINE", dxf.R12: "POLYLINE"}[v]
		for _, n := range m.Nests {
			var placed []dxf.Part
			for range n.Placements {
				placed = append(placed, p)
			}
			want[n.DXF] = dxftest.Counts(v, placed...)
			want[n.DXF][poly+"@"+dxf.LayerSheet] = 1
		}
		for _, mp := range m.Parts {
			for _, f := range mp.Files {
				if strings.HasSuffix(f, ".dxf") {
					want[f] = dxftest.Counts(v, p)
				}
			}
		}
		for name := range want {
			data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
			if err != nil {
				t.Fatal(err)
			}
			files[name] = data
		}
		if len(files) < 2 {
			t.Fatalf("--dxf %s: %d DXF files", v, len(files))
		}
		for name, r := range dxftest.Ezdxf(t, files) {
			for _, bad := range dxftest.Check(r, v, want[name]) {
				t.Errorf("--dxf %s: ezdxf: %s: %s", v, name, bad)
			}
		}
		for name, c := range dxftest.LibreCAD(t, files) {
			for _, l := range []string{dxf.LayerOuter, dxf.LayerInner, dxf.LayerDrill} {
				if c[l] == 0 {
					t.Errorf("--dxf %s: librecad: %s: nothing drawn in the colour of layer %s (%v)", v, name, l, c)
				}
			}
		}
	}
}
