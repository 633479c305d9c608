package service

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/fabkit/fabkit/designs"
)

// Issue 17: on the page, the metric preset 140x290 was built with the US
// shop and failed. Choosing it switches the shop selector to the metric
// shop and says so; the build then uses the metric shop.
func TestBrowserPresetShop(t *testing.T) {
	wd, s := openPage(t, Config{Designs: designs.All, Workers: 2}, 1280, 1000)
	wd.WaitFor("the form", `return document.body.dataset.ready === "1" && !!document.getElementById("p-brick_length")`, 20*time.Second)
	var before string
	wd.Script(`return document.getElementById("shop").value`, &before)
	if before != "us-imperial" {
		t.Fatalf("the page starts with shop %q, want us-imperial", before)
	}
	wd.Script(`const p = document.getElementById("preset"); p.value = "140x290";
		p.dispatchEvent(new Event("change")); return true`, new(bool))
	var page struct {
		Shop, Note, Width string
	}
	wd.Script(`return {shop: document.getElementById("shop").value,
		note: document.getElementById("preset-shop").textContent,
		width: document.getElementById("p-brick_width").value}`, &page)
	if page.Shop != "metric" || !strings.Contains(page.Note, "metric") || !strings.Contains(page.Note, "switched") {
		t.Errorf("after choosing 140x290: %+v, want the metric shop selected and a note saying so", page)
	}

	wd.Click("#build")
	wd.WaitFor("the build", `return !document.getElementById("bundle").classList.contains("hidden")`, 180*time.Second)
	id := pageBuildID(t, wd)
	st := s.lookup(id)
	if st == nil || st.Status != StatusDone {
		t.Fatalf("the page built %s: %+v", id, st)
	}
	var m struct {
		Preset string
		Shop   struct{ Units string }
	}
	json.Unmarshal(st.Manifest, &m)
	if m.Preset != "140x290" || m.Shop.Units != "metric" {
		t.Errorf("the page built preset %q with a %q shop, want 140x290 with the metric shop", m.Preset, m.Shop.Units)
	}
}
