package pipeline

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWriteDirCrash kills the real `fabkit build` (built by the test) 50
// times at seeded random instants while it replaces an output folder:
// during the build, during the write (stretched by the test hook), right
// after the exchange, and between the two renames of the fallback scheme.
// After each kill, and the repair the next build starts with, DIR is a
// complete build, the old one or the new one; after a last build nothing
// else is left beside it.
func TestWriteDirCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the crash test builds and kills fabkit 50 times")
	}
	root := t.TempDir()
	bin := filepath.Join(root, "fabkit")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/fabkit/fabkit/cmd/fabkit").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	variants := [][]string{
		{"build", "ceb-press", "--only", "dxf"},
		{"build", "ceb-press", "--only", "dxf", "-D", "brick_length=10in", "-D", "output_shelf=30in"},
	}
	dir := filepath.Join(root, "out", "ceb")
	run := func(v int, hook string) *exec.Cmd {
		cmd := exec.Command(bin, append(variants[v], "--out", dir)...)
		cmd.Env = append(os.Environ(), "FABKIT_TEST_WRITEDIR="+hook)
		return cmd
	}
	// The two builds, as references.
	manifests := make([][]byte, 2)
	for v := range variants {
		if out, err := run(v, "").CombinedOutput(); err != nil {
			t.Fatalf("reference build %d: %v\n%s", v, err, out)
		}
		manifests[v] = checkComplete(t, dir)
	}
	if bytes.Equal(manifests[0], manifests[1]) {
		t.Fatal("the two variants build the same folder")
	}
	rng := rand.New(rand.NewPCG(22, 1))
	prev := 1 // the build at DIR now
	counts := map[string]int{}
	for i := range 50 {
		v := i % 2
		var hook, wait string
		switch i % 5 {
		case 0:
			hook, wait = "pause=replaced", "writedir: replaced"
		case 1:
			hook, wait = "two-renames,pause=between", "writedir: between"
		case 2, 3:
			hook, wait = "announce,slow", "writedir: write"
		case 4:
			hook = "slow" // a random instant of the whole run
		}
		if i%10 == 7 {
			hook += ",two-renames"
		}
		cmd := run(v, hook)
		stderr, _ := cmd.StderrPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 16)
		go func() {
			sc := bufio.NewScanner(stderr)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		what := "during the build"
		if wait != "" {
			deadline := time.After(60 * time.Second)
		seek:
			for {
				select {
				case l, ok := <-lines:
					if !ok {
						t.Fatalf("kill %d: fabkit ended before %q", i, wait)
					}
					if l == wait {
						break seek
					}
				case <-deadline:
					cmd.Process.Kill()
					t.Fatalf("kill %d: no %q within 60 s", i, wait)
				}
			}
			what = strings.TrimPrefix(wait, "writedir: ")
			if wait == "writedir: write" {
				time.Sleep(time.Duration(rng.IntN(150)) * time.Millisecond) // 38 files, 2 ms each plus fsyncs
				what = "during the write"
			}
		} else {
			time.Sleep(time.Duration(rng.IntN(2500)) * time.Millisecond)
		}
		cmd.Process.Kill()
		err := cmd.Wait()
		for range lines {
		}
		if err == nil {
			what = "after it finished"
		}
		counts[what]++
		// The next build starts with the repair; a kill between the two
		// renames is the one case that needs it.
		if _, statErr := os.Stat(dir); statErr != nil && what != "between" {
			t.Fatalf("kill %d (%s, %s): DIR missing: %v", i, what, hook, statErr)
		}
		if err := recoverDir(dir); err != nil {
			t.Fatalf("kill %d: recover: %v", i, err)
		}
		m := checkComplete(t, dir)
		switch {
		case bytes.Equal(m, manifests[v]):
			prev = v
		case bytes.Equal(m, manifests[prev]):
		default:
			t.Fatalf("kill %d (%s): DIR holds neither the old nor the new build", i, what)
		}
	}
	t.Logf("kills: %v", counts)
	if counts["replaced"] < 10 || counts["between"] < 10 || counts["during the write"] < 10 {
		t.Errorf("kills did not cover every step: %v", counts)
	}
	// A last build cleans every leftover of the killed ones.
	if out, err := run(0, "").CombinedOutput(); err != nil {
		t.Fatalf("last build: %v\n%s", err, out)
	}
	checkComplete(t, dir)
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 || entries[0].Name() != "ceb" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("leftovers beside DIR after the next build: %v", names)
	}
}

// checkComplete checks that dir holds exactly the files its manifest lists,
// each with the listed size and SHA-256, and returns the manifest.
func checkComplete(t *testing.T, dir string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatalf("%s: no manifest: %v", dir, err)
	}
	var m struct {
		Files []struct {
			Path   string `json:"path"`
			SHA256 string `json:"sha256"`
			Bytes  int    `json:"bytes"`
		} `json:"files"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%s: manifest: %v", dir, err)
	}
	listed := map[string]bool{"manifest.json": true}
	for _, f := range m.Files {
		listed[f.Path] = true
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		sum := sha256.Sum256(data)
		if err != nil || len(data) != f.Bytes || hex.EncodeToString(sum[:]) != f.SHA256 {
			t.Fatalf("%s: %s is not as the manifest says (%d bytes, err %v)", dir, f.Path, len(data), err)
		}
	}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			if !listed[filepath.ToSlash(rel)] {
				t.Errorf("%s: %s is not in the manifest", dir, rel)
			}
		}
		return nil
	})
	return raw
}
