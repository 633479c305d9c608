package pipeline

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"

	"github.com/fabkit/fabkit/manifest"
	"github.com/fabkit/fabkit/params"
)

// writeManifest fills Result.Manifest and adds manifest.json to the files.
func writeManifest(r *Result) error {
	req := r.Request
	m := r.manifest()
	m.Fabkit = Version
	m.Design = manifest.Design{Name: req.Design.Name(), Version: req.Design.Version(), Summary: req.Design.Summary()}
	m.Preset = r.Values.Preset
	m.Digest = r.Values.Digest()
	m.Parameters = nil
	for _, p := range r.Values.List() {
		e := manifest.Parameter{Name: p.Name, Kind: string(p.Kind), Value: p.Value, Given: p.Text, Unit: p.Unit, Source: p.Source}
		switch p.Kind {
		case params.Length:
			e.Value, e.SIUnit = manifest.Round(p.Value.(float64), 4), "mm"
		case params.Angle:
			e.SIUnit = "deg"
		}
		m.Parameters = append(m.Parameters, e)
	}
	m.Shop = manifest.Shop{Name: req.Shop.Name, Units: string(req.Shop.Units), Currency: req.Shop.Currency}
	m.Summary = r.Model.Summary
	m.Warnings = r.Warnings
	if m.Warnings == nil {
		m.Warnings = []params.Issue{}
	}
	m.Parts = r.Parts
	if m.Stock == nil {
		m.Stock = []manifest.Stock{}
	}
	if m.Nests == nil {
		m.Nests = []manifest.Nest{}
	}
	m.Files = []manifest.File{}
	for _, f := range r.sortedFiles() {
		sum := sha256.Sum256(f.Data)
		m.Files = append(m.Files, manifest.File{Path: f.Path, Kind: f.Kind, SHA256: hex.EncodeToString(sum[:]), Bytes: len(f.Data)})
	}
	var buf bytes.Buffer
	if err := manifest.Encode(&buf, m); err != nil {
		return err
	}
	r.addFile("manifest.json", "json", buf.Bytes())
	return nil
}
