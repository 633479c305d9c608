package manifest

import (
	"bytes"
	"encoding/json"
	"reflect"
	"regexp"
	"testing"

	"github.com/fabkit/fabkit/assembly"
	"github.com/fabkit/fabkit/model"
)

// The assembly section spells its keys like the rest of the manifest
// (snake_case), fastener included, and decodes back to what was encoded.
func TestAssemblySectionKeys(t *testing.T) {
	cl := [2]float64{0.7, 0.9}
	rep := &assembly.Report{
		Joints: []assembly.Joint{
			{Kind: model.Bolted, Parts: []model.Ref{{Part: "f1", Instance: 1}, {Part: "f9", Instance: 2}}, GripMM: 25.4, At: [3]float64{1, 2, 3}, Count: 2,
				Fastener: &assembly.Fastener{Item: "bolt-3/4x2-1/2", Diameter: 19.05, Length: 63.5, Pitch: 2.54, Need: 53.56, Nut: "nut-3/4", Washer: "washer-3/4", Washers: 2}},
			{Kind: model.TabSlot, Parts: []model.Ref{{Part: "a", Instance: 0}, {Part: "b", Instance: 0}}, Inferred: true, Count: 1, Clearance: &cl},
		},
		Fasteners: []assembly.FastenerLine{{Item: "bolt-3/4x2-1/2", Kind: "bolt", Diameter: 19.05, Length: 63.5, Qty: 2}},
		Checks:    []assembly.Check{{Name: "fasteners", Method: "m", Bolts: 2}},
		Findings:  []assembly.Finding{{Check: "tabs", Key: "tabs:a#0/slot1", Parts: []model.Ref{{Part: "a"}}, Message: "x"}},
	}
	m := &Manifest{Fabkit: "0.1.0", Assembly: &Assembly{Checked: true, Report: rep}}
	var buf bytes.Buffer
	if err := Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(buf.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	snake := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if !snake.MatchString(k) {
					t.Errorf("%s.%s: key is not snake_case", path, k)
				}
				walk(path+"."+k, e)
			}
		case []any:
			for _, e := range x {
				walk(path+"[]", e)
			}
		}
	}
	walk("assembly", raw["assembly"])
	f := raw["assembly"].(map[string]any)["joints"].([]any)[0].(map[string]any)["fastener"].(map[string]any)
	if f["diameter_mm"] != 19.05 || f["length_mm"] != 63.5 || f["nut"] != "nut-3/4" {
		t.Errorf("fastener encodes as %v", f)
	}
	back, err := Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Assembly.Report.Joints, rep.Joints) || !reflect.DeepEqual(back.Assembly.Report.Fasteners, rep.Fasteners) ||
		!reflect.DeepEqual(back.Assembly.Report.Findings, rep.Findings) || !back.Assembly.Checked {
		t.Errorf("decoded %+v, want %+v", back.Assembly.Report, rep)
	}
}
