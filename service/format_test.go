package service

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/pipeline"
)

// The service's formats are the pipeline's registry: a throw-away format
// registered there can be asked for, is built, and its files are in the
// build's manifest and served.
func TestRegisteredFormat(t *testing.T) {
	pipeline.RegisterFormat(pipeline.Format{
		Kind:  "probe",
		Files: []pipeline.FileSpec{{Path: "probe/parts.txt", Kind: "txt", About: "a test's probe"}},
		Needs: pipeline.ProductMeshes,
		Write: func(ctx context.Context, in *pipeline.Products, out *pipeline.Output) error {
			return out.Add("probe/parts.txt", fmt.Appendf(nil, "%d parts\n", len(in.Model.Parts)), pipeline.Owner{})
		},
	})
	t.Cleanup(func() { pipeline.UnregisterFormat("probe") })
	ts := newTestServer(t, Config{})
	code, data, _ := ts.do("POST", "/api/builds", `{"design": "bench", "formats": ["probe"]}`)
	if code != http.StatusAccepted {
		t.Fatalf("POST formats [probe]: %d %s", code, data)
	}
	done := ts.wait(decodeStatus(t, data).ID)
	if done.Status != StatusDone {
		t.Fatalf("build ended %+v", done)
	}
	var m struct{ Files []struct{ Path, Kind string } }
	if err := json.Unmarshal(done.Manifest, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Files) != 1 || m.Files[0].Path != "probe/parts.txt" || m.Files[0].Kind != "txt" {
		t.Errorf("manifest files %+v, want probe/parts.txt only", m.Files)
	}
	code, body, _ := ts.do("GET", "/api/builds/"+done.ID+"/files/probe/parts.txt", "")
	if code != http.StatusOK || !strings.HasSuffix(string(body), "parts\n") {
		t.Errorf("probe/parts.txt: %d %q", code, body)
	}
	// The OpenAPI document lists it among the build request's formats.
	code, data, _ = ts.do("GET", "/api/openapi.json", "")
	var doc struct {
		Components struct {
			Schemas struct {
				BuildRequest struct {
					Properties struct {
						Formats struct {
							Items struct{ Enum []string }
						}
					}
				}
			}
		}
	}
	if err := json.Unmarshal(data, &doc); code != http.StatusOK || err != nil {
		t.Fatalf("openapi.json: %d %v", code, err)
	}
	if got := doc.Components.Schemas.BuildRequest.Properties.Formats.Items.Enum; !slices.Equal(got, pipeline.Kinds()) || !slices.Contains(got, "probe") {
		t.Errorf("openapi.json formats %v, want the registry's %v", got, pipeline.Kinds())
	}
	// A kind nobody registered is refused, naming the registered ones.
	code, data, _ = ts.do("POST", "/api/builds", `{"design": "bench", "formats": ["prob"]}`)
	if code != http.StatusBadRequest || !strings.Contains(string(data), "probe") {
		t.Errorf("formats [prob]: %d %s", code, data)
	}
}
