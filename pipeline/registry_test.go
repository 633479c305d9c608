package pipeline

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/shop"
)

// probeFormat is a throw-away format: one text file per meshed part with
// its volume, read from the meshes product.
var probeFormat = Format{
	Kind:  "probe",
	Files: []FileSpec{{"probe/PART.txt", "txt", "a test's probe"}},
	Needs: ProductMeshes,
	Write: func(ctx context.Context, in *Products, out *Output) error {
		for _, p := range in.Model.Parts {
			if m := in.Meshes.Parts[p.ID]; m != nil {
				if err := out.Add("probe/"+p.ID+".txt", fmt.Appendf(nil, "%.3f\n", m.Volume()), Owner{Part: p.ID}); err != nil {
					return err
				}
			}
		}
		return nil
	},
}

// A registered format shows in Kinds (--only and the service's formats),
// writes its files with the kind it declared, lists them under their
// parts in the manifest, and reads the products it declared.
func TestRegisterFormat(t *testing.T) {
	RegisterFormat(probeFormat)
	t.Cleanup(func() { UnregisterFormat("probe") })
	if !slices.Contains(Kinds(), "probe") {
		t.Fatalf("Kinds() = %v, want probe", Kinds())
	}
	res, err := Run(context.Background(), Request{Design: bracket{}, Shop: shop.Default(), Only: []string{"probe"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Meshes == nil || res.Meshes.Parts["p1"] == nil {
		t.Error("the format's products were not made")
	}
	var probes []string
	for _, f := range res.Manifest.Files {
		if strings.HasPrefix(f.Path, "probe/") {
			probes = append(probes, f.Path)
			if f.Kind != "txt" {
				t.Errorf("%s: kind %q, want txt", f.Path, f.Kind)
			}
		} else if f.Path != "manifest.json" {
			t.Errorf("--only probe wrote %s", f.Path)
		}
	}
	meshed := 0
	for _, p := range res.Manifest.Parts {
		if p.VolumeMM3 > 0 {
			meshed++
			if !slices.Equal(p.Files, []string{"probe/" + p.ID + ".txt"}) {
				t.Errorf("part %s files %v", p.ID, p.Files)
			}
		}
	}
	if meshed == 0 || len(probes) != meshed {
		t.Errorf("probe files %v for %d meshed parts", probes, meshed)
	}
	// An unknown kind names the registered ones.
	_, err = Run(context.Background(), Request{Design: bracket{}, Shop: shop.Default(), Only: []string{"prob"}})
	if !IsInputError(err) || !strings.Contains(err.Error(), "probe") {
		t.Errorf("--only prob: %v, want an input error listing probe", err)
	}
}

// A format may only write the files it registered.
func TestFormatUndeclaredFile(t *testing.T) {
	f := probeFormat
	f.Kind = "stray"
	f.Write = func(ctx context.Context, in *Products, out *Output) error {
		return out.Add("probe/x.stl", []byte("x"), Owner{})
	}
	RegisterFormat(f)
	t.Cleanup(func() { UnregisterFormat("stray") })
	_, err := Run(context.Background(), Request{Design: bracket{}, Shop: shop.Default(), Only: []string{"stray"}})
	if err == nil || !strings.Contains(err.Error(), "probe/x.stl") {
		t.Errorf("undeclared file: %v", err)
	}
}

// The README's table of the output folder is the registry's.
func TestREADMEFormatTable(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if table := FormatTable(); !strings.Contains(string(readme), table) {
		t.Errorf("README.md's output table is not the registry's; paste this:\n%s", table)
	}
}

// The built-in formats' placeholders match the paths they write.
func TestFileSpecMatches(t *testing.T) {
	for _, c := range []struct {
		spec, path string
		want       bool
	}{
		{"stl/PART.stl", "stl/f4.stl", true},
		{"stl/PART.stl", "stl/sub/f4.stl", false},
		{"gcode/PART-drill-FACE.ngc", "gcode/t1-drill-top.ngc", true},
		{"sheets/cut-PROFILE-N.svg", "sheets/cut-sq-4x4x1_4-2.svg", true},
		{"bom/bom.xlsx", "bom/bom.csv", false},
	} {
		if got := (FileSpec{Path: c.spec}).matches(c.path); got != c.want {
			t.Errorf("%s matches %s = %v, want %v", c.spec, c.path, got, c.want)
		}
	}
}

// The README's layout table names every package of the module.
func TestREADMELayoutNamesEveryPackage(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	layout := text[strings.Index(text, "## How the code is laid out"):]
	err = filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "web" {
			if path != ".." {
				return filepath.SkipDir
			}
		}
		if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil && path != ".." {
			return filepath.SkipDir // another module (examples/design-repo)
		}
		goFiles, _ := filepath.Glob(filepath.Join(path, "*.go"))
		if len(goFiles) == 0 || path == ".." {
			return nil
		}
		pkg := filepath.ToSlash(strings.TrimPrefix(path, "../"))
		if !strings.Contains(layout, "`"+pkg+"`") {
			t.Errorf("README's layout table does not name package %s", pkg)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
