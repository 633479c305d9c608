package service

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/shop"
)

// Issue 17: POST /api/builds {"preset":"140x290"} built the metric preset
// with the US shop and failed ("sells no 1/2in plate"). A preset that
// names a shop gets it when the request names none, as on the CLI; a shop
// the request names still wins.
func TestPresetShopAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CEB press")
	}
	ts := newTestServer(t, Config{Designs: designs.All})
	metric, err := shop.Builtin("metric")
	if err != nil {
		t.Fatal(err)
	}
	st := ts.build(`{"design": "ceb-press", "preset": "140x290", "formats": ["bom"]}`)
	if st.Status != StatusDone {
		t.Fatalf("140x290 without a shop: %+v", st)
	}
	var m struct {
		Shop struct{ Name, Units string }
	}
	if err := json.Unmarshal(st.Manifest, &m); err != nil {
		t.Fatal(err)
	}
	if m.Shop.Name != metric.Name || m.Shop.Units != "metric" {
		t.Errorf("140x290 built with shop %+v, want %q", m.Shop, metric.Name)
	}
	// The same inputs spelt with the shop named are the same build.
	named := ts.build(`{"design": "ceb-press", "preset": "140x290", "shop": "metric", "formats": ["bom"]}`)
	if named.ID != st.ID {
		t.Errorf("naming the preset's shop gave build %s, want %s", named.ID, st.ID)
	}
	// Naming another shop overrides the preset's: the US shop sells no
	// 12 mm plate, and says so before any work.
	code, data, _ := ts.do("POST", "/api/builds", `{"design": "ceb-press", "preset": "140x290", "shop": "us-imperial"}`)
	if code != 400 && code != 422 {
		if code == 202 || code == 200 {
			s := decodeStatus(t, data)
			if s.Status == StatusDone {
				t.Errorf("140x290 with the US shop built: %+v", s)
			}
		}
	} else if e := errorBody(t, data); !strings.Contains(e.Message, "12mm") {
		t.Errorf("140x290 with the US shop: %d %+v", code, e)
	}
}
