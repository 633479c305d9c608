package manifest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/fabkit/fabkit/params"
)

// Round keeps decimals decimal places of a measure, so float noise in the
// last bits never changes a manifest, and never gives "-0".
func Round(x float64, decimals int) float64 {
	k := math.Pow(10, float64(decimals))
	r := math.Round(x*k) / k
	if r == 0 {
		return 0
	}
	return r
}

// Encode writes m as manifest.json: two-space indent, no HTML escaping,
// fields in struct order and empty lists as [], so the same manifest always
// gives the same bytes and a golden reviews as a readable git diff. m is
// not modified.
func Encode(w io.Writer, m *Manifest) error {
	var g Manifest
	if m != nil {
		g = *m
	}
	if g.Warnings == nil {
		g.Warnings = []params.Issue{}
	}
	if g.Parts == nil {
		g.Parts = []Part{}
	}
	if g.Stock == nil {
		g.Stock = []Stock{}
	}
	if g.Nests == nil {
		g.Nests = []Nest{}
	}
	if g.Files == nil {
		g.Files = []File{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&g); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Decode reads a manifest.json. Unknown fields are ignored, so a manifest
// written by an older or newer fabkit still reads.
func Decode(r io.Reader) (*Manifest, error) {
	var m Manifest
	if err := json.NewDecoder(r).Decode(&m); err != nil {
		return nil, err
	}
	return &m, nil
}

// Read reads a manifest from a file, or from manifest.json inside path when
// path is a build's output folder.
func Read(path string) (*Manifest, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		path = filepath.Join(path, "manifest.json")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// WriteFile writes m to path (see Encode), creating its folder. It writes a
// temporary file and renames it, so an interrupted write (a golden refresh
// with --update, say) never leaves half a manifest.
func WriteFile(path string, m *Manifest) (err error) {
	var buf bytes.Buffer
	if err := Encode(&buf, m); err != nil {
		return fmt.Errorf("manifest %s: %w", path, err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(f.Name())
		}
	}()
	if _, err := f.Write(buf.Bytes()); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
