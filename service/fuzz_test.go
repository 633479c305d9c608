package service

import (
	"bytes"
	"encoding/json"
	"testing"
)

// topKeys counts the keys of a JSON object's top level, independently of
// strictjson (json.Decoder tokens).
func topKeys(data []byte) map[string]int {
	dec := json.NewDecoder(bytes.NewReader(data))
	counts := map[string]int{}
	depth, wantKey := 0, false
	for {
		tok, err := dec.Token()
		if err != nil {
			return counts
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
			wantKey = tok == json.Delim('{') && depth == 1
			continue
		case json.Delim('}'), json.Delim(']'):
			depth--
			wantKey = depth == 1
			continue
		}
		if depth == 1 && wantKey {
			if k, ok := tok.(string); ok {
				counts[k]++
				wantKey = false
				continue
			}
		}
		if depth == 1 {
			wantKey = true
		}
	}
}

// FuzzBuildRequestBody feeds POST /api/builds bodies to the decoder. No
// body panics; a refused one gets a 4xx naming a field; an accepted one
// has no top-level key twice (the issue's {"design":"ceb-press",
// "design":"d3d"} built the D3D).
func FuzzBuildRequestBody(f *testing.F) {
	for _, s := range []string{
		`{"design":"ceb-press","design":"d3d"}`,
		`{"design":"bench","params":{"brick_length":"10in","brick_length":"99ft"}}`,
		`{"design":"bench","shop":{"name":"a","name":"b"}}`,
		`{"design":"bench"} {"design":"d3d"}`,
		`{"design":"bench","formats":["stl","stl"]}`,
		`{"design":"bench","preset":"x"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var req BuildRequest
		err := decodeJSON(bytes.NewReader(data), &req)
		if err != nil {
			e := bodyError(err)
			if e.Status < 400 || e.Status >= 500 || e.Field == "" {
				t.Fatalf("refused with %d field %q: %v", e.Status, e.Field, err)
			}
			return
		}
		for k, n := range topKeys(data) {
			if n > 1 {
				t.Fatalf("accepted a body with %q given %d times", k, n)
			}
		}
	})
}
