package regress

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/pipeline"
)

// DecodeManifest reads a manifest.json. Unknown fields are ignored, so a
// golden written by an older or newer fabkit still reads.
func DecodeManifest(r io.Reader) (*pipeline.Manifest, error) {
	var m pipeline.Manifest
	if err := json.NewDecoder(r).Decode(&m); err != nil {
		return nil, err
	}
	return &m, nil
}

// ReadManifest reads a manifest from a file, or from manifest.json inside
// path when path is a build's output folder.
func ReadManifest(path string) (*pipeline.Manifest, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		path = filepath.Join(path, "manifest.json")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := DecodeManifest(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// EncodeGolden writes m as a golden manifest: the build's own encoding
// (two-space indent, no HTML escaping, fields in struct order, empty lists
// as []), so a golden refreshed from a fresh build has the same bytes as
// its manifest.json and reviews as a readable git diff. Nothing is
// dropped: file hashes stay in the golden for Tolerances.CompareFiles,
// and Check ignores them otherwise.
func EncodeGolden(w io.Writer, m *pipeline.Manifest) error {
	g := *orEmpty(m)
	if g.Warnings == nil {
		g.Warnings = []params.Issue{}
	}
	if g.Parts == nil {
		g.Parts = []pipeline.PartReport{}
	}
	if g.Stock == nil {
		g.Stock = []pipeline.StockEntry{}
	}
	if g.Nests == nil {
		g.Nests = []pipeline.NestEntry{}
	}
	if g.Files == nil {
		g.Files = []pipeline.FileEntry{}
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

// WriteGolden writes m as a golden manifest to path (see EncodeGolden),
// creating its folder. It writes a temporary file and renames it, so an
// interrupted --update never leaves half a golden.
func WriteGolden(path string, m *pipeline.Manifest) (err error) {
	var buf bytes.Buffer
	if err := EncodeGolden(&buf, m); err != nil {
		return fmt.Errorf("golden %s: %w", path, err)
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
