// Package dxftest checks DXF files with readers no one here wrote: ezdxf
// (Debian's python3-ezdxf), which reads strictly and audits the document,
// and LibreCAD's dxf2pdf, whose rendering shows whether the layers were
// read (every entity is drawn in its layer's colour). Tests of any package
// can use it; a missing tool skips the test unless FABKIT_REQUIRE_TOOLS=1.
package dxftest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/cam/dxf"
)

// python is Debian's interpreter, which has python3-ezdxf; the python3 on
// PATH may be another one without it.
const python = "/usr/bin/python3"

// Report is what ezdxf makes of one file.
type Report struct {
	Version string         `json:"version"` // $ACADVER: AC1009 or AC1015
	Layers  []string       `json:"layers"`  // the LAYER table
	Counts  map[string]int `json:"counts"`  // model-space entities by "TYPE@LAYER"
	Errors  []string       `json:"errors"`  // audit errors
	Fixes   []string       `json:"fixes"`   // what the audit had to repair
	Failure string         `json:"failure"` // why readfile refused the file
}

// The script reads each file with ezdxf.readfile (not the recovery
// loader) and audits it.
const script = `
import json, sys, ezdxf
out = {}
for p in sys.argv[1:]:
    r = {"version": "", "layers": [], "counts": {}, "errors": [], "fixes": [], "failure": ""}
    try:
        doc = ezdxf.readfile(p)
        a = doc.audit()
        r["version"] = doc.dxfversion
        r["layers"] = [l.dxf.name for l in doc.layers]
        for e in doc.modelspace():
            k = e.dxftype() + "@" + e.dxf.layer
            r["counts"][k] = r["counts"].get(k, 0) + 1
        r["errors"] = ["%s: %s" % (e.code, e.message) for e in a.errors]
        r["fixes"] = ["%s: %s" % (e.code, e.message) for e in a.fixes]
    except Exception as ex:
        r["failure"] = "%s: %s" % (type(ex).__name__, ex)
    out[p] = r
json.dump(out, sys.stdout)
`

// needEzdxf skips (or fails) the test when python3-ezdxf is missing.
func needEzdxf(t testing.TB) {
	t.Helper()
	err := exec.Command(python, "-c", "import ezdxf").Run()
	if err == nil {
		return
	}
	if os.Getenv("FABKIT_REQUIRE_TOOLS") == "1" {
		t.Fatalf("ezdxf is required (FABKIT_REQUIRE_TOOLS=1): %s -c 'import ezdxf': %v (install python3-ezdxf)", python, err)
	}
	t.Skipf("ezdxf not installed (%v); install python3-ezdxf or set FABKIT_REQUIRE_TOOLS=1 to fail", err)
}

// Ezdxf reads every file (name -> bytes) with ezdxf in one process and
// returns its report on each.
func Ezdxf(t testing.TB, files map[string][]byte) map[string]Report {
	t.Helper()
	needEzdxf(t)
	dir := t.TempDir()
	names := sortedNames(files)
	args := []string{"-c", script}
	for i, n := range names {
		p := filepath.Join(dir, fmt.Sprintf("%04d.dxf", i))
		if err := os.WriteFile(p, files[n], 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(python, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("ezdxf: %v: %s", err, stderr.String())
	}
	var raw map[string]Report
	if err := json.Unmarshal(stdout.Bytes(), &raw); err != nil {
		t.Fatalf("ezdxf output: %v", err)
	}
	out := map[string]Report{}
	for i, n := range names {
		out[n] = raw[filepath.Join(dir, fmt.Sprintf("%04d.dxf", i))]
	}
	return out
}

// Counts are the entities fabkit writes for parts, by "TYPE@LAYER", as
// ezdxf reports them: each loop a polyline (LWPOLYLINE in R2000, POLYLINE
// in R12), each round hole a CIRCLE, each etch line an open polyline.
func Counts(v dxf.Version, parts ...dxf.Part) map[string]int {
	poly := "LWPOLYLINE"
	if v == dxf.R12 {
		poly = "POLYLINE"
	}
	out := map[string]int{}
	for _, p := range parts {
		drill := map[int]bool{}
		for _, i := range p.Drill {
			drill[i] = true
		}
		out[poly+"@"+dxf.LayerOuter]++
		for i, h := range p.Shape.Holes {
			layer := dxf.LayerInner
			if drill[i] {
				layer = dxf.LayerDrill
			}
			if _, _, ok := h.Circle(); ok {
				out["CIRCLE@"+layer]++
			} else {
				out[poly+"@"+layer]++
			}
		}
		out[poly+"@"+dxf.LayerEtch] += len(p.Etch)
	}
	return out
}

// Check reports what is wrong with an ezdxf report of a file fabkit wrote
// in version v with the given entity counts: a refusal, audit errors or
// fixes, a wrong version, a missing layer or other entity counts.
func Check(r Report, v dxf.Version, want map[string]int) []string {
	var bad []string
	if r.Failure != "" {
		return []string{"ezdxf refused it: " + r.Failure}
	}
	if wantV := map[dxf.Version]string{dxf.R12: "AC1009", dxf.R2000: "AC1015"}[v]; r.Version != wantV {
		bad = append(bad, fmt.Sprintf("version %s, want %s", r.Version, wantV))
	}
	for _, e := range r.Errors {
		bad = append(bad, "audit error "+e)
	}
	for _, e := range r.Fixes {
		bad = append(bad, "audit fix "+e)
	}
	layers := map[string]bool{}
	for _, l := range r.Layers {
		layers[strings.ToUpper(l)] = true
	}
	for _, l := range []string{"0", dxf.LayerOuter, dxf.LayerInner, dxf.LayerDrill, dxf.LayerEtch, dxf.LayerSheet} {
		if !layers[l] {
			bad = append(bad, "no layer "+l)
		}
	}
	for _, k := range unionKeys(r.Counts, want) {
		if r.Counts[k] != want[k] {
			bad = append(bad, fmt.Sprintf("%d %s, want %d", r.Counts[k], k, want[k]))
		}
	}
	return bad
}

func sortedNames(files map[string][]byte) []string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func unionKeys(a, b map[string]int) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range []map[string]int{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Colours are the pixels of a LibreCAD rendering in each layer's colour:
// OUTER black, INNER red, DRILL green, ETCH blue.
type Colours map[string]int

// LibreCAD renders every file to PDF with LibreCAD's dxf2pdf (headless, in
// one process), rasterizes each page with poppler's pdftoppm and counts the
// pixels drawn in each layer's colour. Entities are drawn BYLAYER, so a
// colour is present only when LibreCAD read the layer table and the
// entities on that layer.
func LibreCAD(t testing.TB, files map[string][]byte) map[string]Colours {
	t.Helper()
	librecad := need(t, "librecad", "librecad")
	pdftoppm := need(t, "pdftoppm", "poppler-utils")
	dir := t.TempDir()
	names := sortedNames(files)
	args := []string{"dxf2pdf", "-a", "-p", "400x400", "-t", filepath.Join(dir, "pdf")}
	for i, n := range names {
		p := filepath.Join(dir, fmt.Sprintf("%04d.dxf", i))
		if err := os.WriteFile(p, files[n], 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	if err := os.Mkdir(filepath.Join(dir, "pdf"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(librecad, args...)
	cmd.Env = append(os.Environ(), "QT_QPA_PLATFORM=offscreen", "XDG_RUNTIME_DIR="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("librecad dxf2pdf: %v: %s", err, out)
	}
	out := map[string]Colours{}
	for i, n := range names {
		pdf := filepath.Join(dir, "pdf", fmt.Sprintf("%04d.pdf", i))
		if _, err := os.Stat(pdf); err != nil {
			t.Errorf("%s: librecad wrote no PDF: %v", n, err)
			continue
		}
		ppm, err := exec.Command(pdftoppm, "-r", "40", "-singlefile", pdf).Output()
		if err != nil {
			t.Fatalf("%s: pdftoppm: %v", n, err)
		}
		c, err := colours(ppm)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		out[n] = c
	}
	return out
}

func need(t testing.TB, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("FABKIT_REQUIRE_TOOLS") == "1" {
		t.Fatalf("%s is required (FABKIT_REQUIRE_TOOLS=1) but not installed (Debian package %s)", name, pkg)
	}
	t.Skipf("%s not installed (Debian package %s); set FABKIT_REQUIRE_TOOLS=1 to fail", name, pkg)
	return ""
}

// colours counts the pixels of a binary PPM (P6, maxval 255) by layer colour.
func colours(ppm []byte) (Colours, error) {
	// The header is four whitespace-separated tokens (P6, width, height,
	// maxval) and one whitespace byte; the pixels follow.
	var tok []string
	off := 0
	for off < len(ppm) && len(tok) < 4 {
		for off < len(ppm) && isSpace(ppm[off]) {
			off++
		}
		start := off
		for off < len(ppm) && !isSpace(ppm[off]) {
			off++
		}
		tok = append(tok, string(ppm[start:off]))
	}
	off++
	var w, h int
	if len(tok) < 4 || tok[0] != "P6" || tok[3] != "255" {
		return nil, fmt.Errorf("not a P6 PPM with maxval 255: %q", tok)
	}
	if _, err := fmt.Sscan(tok[1]+" "+tok[2], &w, &h); err != nil || off > len(ppm) {
		return nil, fmt.Errorf("PPM size %q: %v", tok[1:3], err)
	}
	px := ppm[off:]
	if len(px) < 3*w*h {
		return nil, fmt.Errorf("PPM has %d bytes of pixels, want %d", len(px), 3*w*h)
	}
	c := Colours{}
	for i := 0; i < w*h; i++ {
		r, g, b := int(px[3*i]), int(px[3*i+1]), int(px[3*i+2])
		switch {
		case r < 90 && g < 90 && b < 90:
			c[dxf.LayerOuter]++
		case r > 150 && g < 110 && b < 110:
			c[dxf.LayerInner]++
		case g > 120 && r < 110 && b < 110:
			c[dxf.LayerDrill]++
		case b > 150 && r < 110 && g < 110:
			c[dxf.LayerEtch]++
		}
	}
	return c, nil
}

func isSpace(b byte) bool { return b == ' ' || b == '\n' || b == '\r' || b == '\t' }
