package manifest

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every golden in testdata/golden was written from a build's manifest.json;
// decoding and encoding it again must give its bytes back, so the pipeline
// and a golden refresh share one encoding.
func TestGoldensRoundTrip(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "testdata", "golden", "*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no goldens found: %v", err)
	}
	for _, path := range paths {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		m, err := Decode(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if len(m.Parts) == 0 || len(m.Files) == 0 {
			t.Errorf("%s: decoded %d parts, %d files", path, len(m.Parts), len(m.Files))
		}
		var buf bytes.Buffer
		if err := Encode(&buf, m); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), raw) {
			t.Errorf("%s: Encode(Decode(golden)) differs from the golden", path)
		}
	}
}

// Empty lists encode as [] (CI's jq scripts index them), and Encode leaves
// its argument alone.
func TestEncodeEmpty(t *testing.T) {
	m := &Manifest{Fabkit: "0.1.0"}
	var buf bytes.Buffer
	if err := Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{`"warnings": []`, `"parts": []`, `"stock": []`, `"nests": []`, `"files": []`} {
		if !strings.Contains(buf.String(), field) {
			t.Errorf("encoding lacks %s:\n%s", field, buf.String())
		}
	}
	if m.Parts != nil {
		t.Error("Encode modified its argument")
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Read(filepath.Join(dir, "missing.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v, want ErrNotExist", err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"parts": 3}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Read(bad)
	if err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("bad manifest: %v, want an error naming %s", err, bad)
	}
}

// WriteFile creates the folder and leaves no temporary file behind; Read of
// the folder of a build reads its manifest.json.
func TestWriteFileRead(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	m := &Manifest{Fabkit: "0.1.0", Design: Design{Name: "bracket"}, Parts: []Part{{ID: "p1", Qty: 2, Files: []string{}}}}
	if err := WriteFile(filepath.Join(dir, "manifest.json"), m); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("folder holds %d entries, want manifest.json only", len(ents))
	}
	back, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if back.Design.Name != "bracket" || len(back.Parts) != 1 || back.Parts[0].Qty != 2 {
		t.Errorf("read back %+v", back)
	}
}
