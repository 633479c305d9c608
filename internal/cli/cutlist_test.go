package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCutlistMixedStock is issue 18's report: with 20 ft and 24 ft bars on
// offer the plan cost 1077 while 3 x 20 ft (951) holds every piece.
func TestCutlistMixedStock(t *testing.T) {
	csvPath := filepath.Join(t.TempDir(), "pieces.csv")
	os.WriteFile(csvPath, []byte("label,length,qty\nlegs,36in,4\nrails,48-1/2in,6\nbraces,23-3/4in,8\nstubs,300mm,5\n"), 0o644)
	code, out, stderr := fabkit(t, "cutlist", csvPath, "--stock", "20ft:317,24ft:380", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var plan struct {
		Cost     float64 `json:"cost"`
		Complete bool    `json:"complete"`
		Optimal  bool    `json:"optimal"`
	}
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatal(err)
	}
	if plan.Cost != 951 || !plan.Complete || !plan.Optimal {
		t.Errorf("cost %g (complete %v, optimal %v), want 951 proven", plan.Cost, plan.Complete, plan.Optimal)
	}
}

// TestCutlistLimits: issue 22's inputs are solved or refused with exit 2.
func TestCutlistLimits(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("label,length,qty\n")
	for i := range 20000 {
		fmt.Fprintf(&b, "r%05d,%.1fmm,1\n", i, 100+float64(i)/10)
	}
	distinct := filepath.Join(dir, "distinct.csv")
	os.WriteFile(distinct, []byte(b.String()), 0o644)
	if code, out, stderr := fabkit(t, "cutlist", distinct, "--stock", "6000mm", "--csv"); code != 0 || strings.Count(out, "\n") != 20001 {
		t.Errorf("20,000 distinct rows: exit %d, %d lines, stderr %q", code, strings.Count(out, "\n"), stderr)
	}
	huge := filepath.Join(dir, "huge.csv")
	os.WriteFile(huge, []byte("label,length,qty\nleg,36in,1000000\n"), 0o644)
	if code, _, stderr := fabkit(t, "cutlist", huge, "--stock", "20ft"); code != exitUsage || !strings.Contains(stderr, `piece "leg": qty 1000000`) {
		t.Errorf("qty 1,000,000: exit %d, stderr %q", code, stderr)
	}
	big := filepath.Join(dir, "big.csv")
	os.WriteFile(big, []byte("label,length,qty\n"+strings.Repeat(strings.Repeat("x", 400)+",36in,1\n", maxPiecesFile/407+1)), 0o644)
	if code, _, stderr := fabkit(t, "cutlist", big, "--stock", "20ft"); code != exitUsage || !strings.Contains(stderr, "larger than the cap") {
		t.Errorf("%d MiB CSV: exit %d, stderr %q", maxPiecesFile>>20, code, stderr)
	}
	if code, _, stderr := fabkit(t, "cutlist", distinct, "--stock", "6000mm", "--work", "0"); code != exitUsage || !strings.Contains(stderr, "--work 0") {
		t.Errorf("--work 0: exit %d, stderr %q", code, stderr)
	}
}
