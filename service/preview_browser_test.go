package service

import (
	"strings"
	"testing"
	"time"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/internal/webdriver"
)

// TestPagePartsAndPicking: on the CEB press, the Parts preview shows one
// drawing per part (each opens it), the 3D view shows the assembly before
// any build, framed whole, and a part picked in it is named and its row of
// the parts list highlighted; a row clicked picks its part in the 3D view.
func TestPagePartsAndPicking(t *testing.T) {
	wd, _ := openPage(t, Config{Designs: designs.All, Workers: 2}, 1280, 1000)
	wd.WaitFor("the form", `return document.body.dataset.ready === "1" && document.getElementById("design").value === "ceb-press"`, 20*time.Second)

	// Before any build: the drawings and the 3D view of the defaults.
	wd.WaitFor("the parts preview and the 3D view", `return document.querySelectorAll("#preview .part-tile").length > 0 &&
		[...document.querySelectorAll("#preview .part-tile img")].every(i => i.complete && i.naturalWidth > 0) &&
		Number(document.getElementById("viewer").dataset.triangles) > 0`, 2*time.Minute)
	var gallery struct {
		Tiles   []string `json:"tiles"`
		Drawn   []string `json:"drawn"`
		Bundle  bool     `json:"bundle"`
		Preview int      `json:"ms"`
	}
	wd.Script(`return {tiles: [...document.querySelectorAll("#preview .part-tile")].map(a => a.dataset.part),
		drawn: state.scene.parts.filter(p => p.drawing).map(p => p.id),
		bundle: !document.getElementById("bundle").classList.contains("hidden"),
		ms: Number(document.getElementById("preview").dataset.ms)}`, &gallery)
	if gallery.Bundle {
		t.Fatal("a build is shown before any: the test proves nothing about the preview")
	}
	if len(gallery.Tiles) < 10 || strings.Join(gallery.Tiles, " ") != strings.Join(gallery.Drawn, " ") {
		t.Errorf("parts preview tiles %v, want one per part with a drawing %v", gallery.Tiles, gallery.Drawn)
	}
	t.Logf("CEB press preview: %d part drawings in %d ms", len(gallery.Tiles), gallery.Preview)
	checkFramed(t, wd)

	// A drawing opens in a tab of its own.
	first := gallery.Tiles[0]
	var link struct {
		Href   string `json:"href"`
		Status int    `json:"status"`
		Type   string `json:"type"`
	}
	wd.Async(`const done = arguments[arguments.length - 1];
		const a = document.querySelector('#preview .part-tile[data-part="' + arguments[0] + '"]');
		fetch(a.href).then(r => done({href: a.href, status: r.status, type: r.headers.get("Content-Type")}));`, &link, first)
	if link.Status != 200 || !strings.HasPrefix(link.Type, "image/") {
		t.Errorf("the drawing of %s: %+v", first, link)
	}
	wd.Click(`#preview .part-tile[data-part="` + first + `"]`)
	if n := wd.Windows(); n != 2 {
		t.Errorf("clicking the drawing of %s opened %d windows, want it in a second", first, n)
	}

	// Build, then pick a part in the 3D view: it is named, its row marked.
	wd.Click("#build")
	wd.WaitFor("the build", `return document.getElementById("status").textContent.startsWith("Built") && !!document.querySelector("#summary tr[data-part]")`, 3*time.Minute)
	var target string
	wd.Script(`const size = (p) => p.triangles.reduce((n, r) => n + r[1], 0);
		const parts = state.scene.parts.filter(p => p.triangles && p.drawing && document.querySelector('#summary tr[data-part="' + p.id + '"]'));
		parts.sort((a, b) => size(b) - size(a)); // a big part shows well in the screenshot
		return (parts.find(p => state.viewer.pointOf(p.id)) || {id: ""}).id`, &target)
	if target == "" {
		t.Fatal("no part of the parts list shows in the 3D view")
	}
	var at struct{ X, Y float64 }
	wd.Script(`document.getElementById("viewer").scrollIntoView({block: "center"}); return state.viewer.pointOf(arguments[0])`, &at, target)
	wd.ClickAt(at.X, at.Y)
	var picked struct {
		Selected, Note string
		Rows           []string
	}
	look := func() {
		wd.Script(`return {selected: document.getElementById("viewer").dataset.selected || "", note: document.getElementById("picked").textContent,
			rows: [...document.querySelectorAll("#summary tr.picked")].map(r => r.dataset.part)}`, &picked)
	}
	look()
	if picked.Selected != target || !strings.Contains(picked.Note, target) || strings.Join(picked.Rows, " ") != target {
		t.Errorf("clicked %s in the 3D view at (%.0f, %.0f): %+v", target, at.X, at.Y, picked)
	}
	wd.Script(`document.getElementById("output").scrollIntoView(); return true`, new(bool))
	wd.SaveScreenshot("page-picked")

	// And the other way: a row picks its part in the 3D view.
	var other string
	wd.Script(`const r = [...document.querySelectorAll("#summary tr[data-part]")].find(r => r.dataset.part !== arguments[0] && state.viewer.parts.includes(r.dataset.part));
		return r ? r.dataset.part : ""`, &other, target)
	if other == "" {
		t.Fatal("no second part in both the parts list and the 3D view")
	}
	wd.Click(`#summary tr[data-part="` + other + `"] td:nth-child(3)`)
	look()
	if picked.Selected != other || strings.Join(picked.Rows, " ") != other {
		t.Errorf("clicked the row of %s: %+v", other, picked)
	}
	// A click on empty background clears the pick.
	wd.Script(`const v = document.getElementById("viewer"); v.scrollIntoView({block: "center"}); const r = v.getBoundingClientRect(); return {x: r.left + 3, y: r.top + 3}`, &at)
	wd.ClickAt(at.X, at.Y)
	look()
	if picked.Selected != "" || len(picked.Rows) != 0 {
		t.Errorf("a click on the background left %+v picked", picked)
	}
}

// checkFramed fails the test unless the 3D view draws the whole model,
// inside the canvas and filling most of its width or height. It waits for
// the view's first frame: the mesh may have arrived while the frame that
// draws it waits for the browser's next animation frame, which a loaded
// machine delays.
func checkFramed(t *testing.T, wd interface {
	Script(string, any, ...any)
	WaitFor(string, string, time.Duration)
}) {
	t.Helper()
	wd.WaitFor("the 3D view's first frame", `return state.viewer.frame() !== null`, time.Minute)
	var f struct{ Left, Right, Top, Bottom, Width, Height float64 }
	wd.Script(`return state.viewer.frame()`, &f)
	if f.Left < 0 || f.Top < 0 || f.Right > f.Width || f.Bottom > f.Height || f.Width == 0 {
		t.Errorf("the 3D view clips the model: drawn over %+v", f)
	}
	if fill := max((f.Right-f.Left)/f.Width, (f.Bottom-f.Top)/f.Height); fill < 0.8 {
		t.Errorf("the model fills %.0f%% of the 3D view across, want at least 80%%: %+v", fill*100, f)
	}
}

// TestPageD3DPreview: the D3D's preview (its part drawings and the 3D
// view) answers in under 3 s once its printed parts were meshed (the
// previews share a mesh cache; the first one marches them) and frames the
// whole printer.
func TestPageD3DPreview(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	_, site := serveSite(t, Config{Designs: designs.All, Workers: 2})
	wd := webdriver.Start(t, 1280, 1000)
	wd.Describe = pageDescribe
	wd.Open(site + "/#design=d3d")
	ready := `return document.body.dataset.ready === "1" && document.getElementById("design").value === "d3d" && document.querySelectorAll("#preview .part-tile").length > 0 &&
		Number(document.getElementById("viewer").dataset.triangles) > 0 && !document.getElementById("preview").classList.contains("loading")`
	wd.WaitFor("the D3D's first preview", ready, 3*time.Minute)
	var cold int
	wd.Script(`return Number(document.getElementById("preview").dataset.ms)`, &cold)
	checkFramed(t, wd)
	wd.SaveScreenshot("page-d3d-preview")

	// An edit: a new preview, its printed parts from the cache.
	var name string
	wd.Script(`return state.schema.params.find(p => p.kind === "length").name`, &name)
	wd.Script(`const p = state.schema.params.find(p => p.name === arguments[0]); const i = document.getElementById("p-" + p.name);
		i.value = String(p.default_text).replace(/^([0-9.]+)/, (m) => String(Number(m) + 1)); i.dispatchEvent(new Event("input"));
		window.before = document.getElementById("preview").dataset.build; return true`, new(bool), name)
	wd.WaitFor("the edited preview", `return document.getElementById("preview").dataset.build !== window.before && `+strings.TrimPrefix(ready, "return "), 3*time.Minute)
	var warm int
	wd.Script(`return Number(document.getElementById("preview").dataset.ms)`, &warm)
	t.Logf("D3D preview: first %d ms (marching its printed parts), after editing %s %d ms", cold, name, warm)
	// Speed is BenchmarkPreviewD3D's to measure; here the edit must reuse
	// the printed parts' meshes, so it is quicker than the first preview.
	if warm >= cold {
		t.Errorf("the D3D's preview after an edit took %d ms, the first %d ms: the edit re-meshed the printed parts", warm, cold)
	}
	checkFramed(t, wd)
}
