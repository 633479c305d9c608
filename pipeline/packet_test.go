package pipeline_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/fabkit/fabkit/internal/tooltest"
)

// TestCEBPressPacket checks the cut sheets of the CEB press: every made
// part has a view and every cut part (plate or bar) a drawing (printed
// parts go to the printer as STL), poppler's pdfinfo and pdftoppm read the
// packet, and it has at least a page per drawn part.
func TestCEBPressPacket(t *testing.T) {
	res := buildCEB(t, "sheets")
	files := map[string][]byte{}
	for _, f := range res.Files {
		files[f.Path] = f.Data
	}
	drawn := 0
	for _, p := range res.Manifest.Parts {
		if p.Process == "buy" {
			continue
		}
		if p.Process != "print_3d" {
			drawn++
			if _, ok := files["sheets/"+p.ID+".svg"]; !ok {
				t.Errorf("part %s has no drawing", p.ID)
			}
		}
		if _, ok := files["sheets/"+p.ID+".png"]; !ok {
			t.Errorf("part %s has no view", p.ID)
		}
	}
	for _, n := range res.Manifest.Nests {
		if _, ok := files["sheets/"+n.ID+".svg"]; !ok {
			t.Errorf("nest %s has no diagram", n.ID)
		}
	}
	if _, ok := files["sheets/assembly.png"]; !ok {
		t.Error("no sheets/assembly.png in a build limited to sheets")
	}
	pdf := files["sheets/packet.pdf"]
	if len(pdf) == 0 {
		t.Fatal("no sheets/packet.pdf")
	}
	pdfinfo := tooltest.Need(t, "pdfinfo")
	pdftoppm := tooltest.Need(t, "pdftoppm")
	dir := t.TempDir()
	path := filepath.Join(dir, "packet.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdfinfo, path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo gave no page count:\n%s", out)
	}
	pages, _ := strconv.Atoi(string(m[1]))
	// cover + BOM + cut list + nests + one drawing per made part, at least.
	if want := 1 + len(res.Manifest.Nests) + drawn; pages < want {
		t.Errorf("packet has %d pages, want at least %d", pages, want)
	}
	if out, err := exec.Command(pdftoppm, "-r", "20", "-png", path, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	if len(pngs) != pages {
		t.Errorf("pdftoppm wrote %d pages, pdfinfo says %d", len(pngs), pages)
	}
}
