package service

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/fabkit/fabkit/internal/webdriver"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
)

// tallDesign is the bench design with forty more parameters: a form much
// taller than the window, like the CEB press's.
type tallDesign struct{ fakeDesign }

func (d tallDesign) Schema() *params.Schema {
	s := d.fakeDesign.Schema()
	for i := range 40 {
		s.Count(fmt.Sprintf("extra_%02d", i+1), "More", 0, 0, 10, "A parameter the build ignores, for a tall form.")
	}
	return s
}

// pageSite serves the page over the tall design on a loopback listener.
func pageSite(t *testing.T) string {
	t.Helper()
	_, site := serveSite(t, Config{Workers: 2,
		Designs: func() []model.Design { return []model.Design{tallDesign{fakeDesign{"tall"}}} }})
	return site
}

// TestPageForAReplicator drives the web page where a replicator stumbled:
// the Build button stays in view below a long form; results are marked
// stale as soon as an input changes or a build fails, and a new build
// clears the mark; downloads come grouped by kind; a row of the parts
// list opens that part's drawing.
func TestPageForAReplicator(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	site := pageSite(t)
	wd := webdriver.Start(t, 1280, 800)
	wd.Describe = pageDescribe
	wd.Open(site + "/#design=tall")
	wd.WaitFor("the form", `return document.body.dataset.ready === "1" && !!document.getElementById("p-extra_40")`, 20*time.Second)

	// The Build button is in the window at the top of the page, half way
	// down the form, and at its end.
	inView := `const r = document.getElementById("build").getBoundingClientRect();
		return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0`
	var tall bool
	wd.Script(`return document.documentElement.scrollHeight > 2.5 * window.innerHeight`, &tall)
	if !tall {
		t.Fatal("the form is not taller than the window: the test proves nothing")
	}
	for _, at := range []string{"0", "document.documentElement.scrollHeight / 2", "document.getElementById('p-extra_40').getBoundingClientRect().top + window.scrollY - 200"} {
		var ok bool
		wd.Script(`window.scrollTo(0, `+at+`); `+inView, &ok)
		if !ok {
			t.Errorf("scrolled to %s: the Build button is out of view", at)
		}
	}
	wd.SaveScreenshot("page-build-in-view")

	// Build (a click as a user does: it fails if the button is covered).
	wd.Script(`window.scrollTo(0, 0); return true`, new(bool))
	wd.Click("#build")
	built := `return !document.getElementById("bundle").classList.contains("hidden") && document.getElementById("status").textContent.startsWith("Built")`
	wd.WaitFor("the build", built, 90*time.Second)
	var fresh bool
	wd.Script(`return !document.getElementById("output").classList.contains("stale") && document.getElementById("stale").classList.contains("hidden")`, &fresh)
	if !fresh {
		t.Error("a fresh build is marked stale")
	}

	// Downloads, grouped by kind.
	var groups []struct {
		Group string   `json:"group"`
		Title string   `json:"title"`
		Kinds []string `json:"kinds"`
	}
	wd.Script(`return [...document.querySelectorAll("#files .file-group")].map(g => ({group: g.dataset.group, title: g.querySelector("h3").textContent,
		kinds: [...g.querySelectorAll("li")].map(li => li.textContent.match(/\(([a-z0-9]+), /)[1])}))`, &groups)
	want := map[string][]string{"packet": {"pdf"}, "gcode": {"gcode"}, "dxf": {"dxf"}, "drawings": {"svg", "png"}, "meshes": {"stl", "3mf"}, "bom": {"xlsx", "csv"}}
	var order []string
	for _, g := range groups {
		order = append(order, g.Group)
		kinds, ok := want[g.Group]
		for _, k := range g.Kinds {
			if ok && !strings.Contains(strings.Join(kinds, " "), k) {
				t.Errorf("group %s holds a %s file", g.Group, k)
			}
		}
		if !strings.HasSuffix(g.Title, fmt.Sprintf("(%d)", len(g.Kinds))) {
			t.Errorf("group title %q for %d files", g.Title, len(g.Kinds))
		}
	}
	if got := strings.Join(order, " "); !strings.HasPrefix(got, "packet gcode dxf drawings meshes bom") {
		t.Errorf("download groups %q, want packet gcode dxf drawings meshes bom first", got)
	}

	// A parts row opens the part's drawing, in a new tab.
	var link struct {
		Href   string `json:"href"`
		Status int    `json:"status"`
		Type   string `json:"type"`
	}
	wd.Async(`const done = arguments[arguments.length - 1];
		const a = document.querySelector('#summary tr[data-part="p1"] a.drawing');
		if (!a) { done({href: "", status: 0, type: ""}); return; }
		fetch(a.href).then(r => done({href: a.href, status: r.status, type: r.headers.get("Content-Type")}));`, &link)
	if !strings.HasSuffix(link.Href, "/files/sheets/p1.svg") || link.Status != 200 || !strings.HasPrefix(link.Type, "image/svg+xml") {
		t.Errorf("the p1 row's drawing: %+v", link)
	}
	wd.Click(`#summary tr[data-part="p1"] td:nth-child(2)`)
	wd.WaitFor("the drawing's tab", `return true`, time.Second)
	if n := wd.Windows(); n != 2 {
		t.Errorf("clicking the p1 row opened %d windows, want the drawing in a second", n)
	}

	// An input changes: the results are marked stale at once.
	wd.Type("#p-brick_length", "12in")
	wd.WaitFor("the stale mark", `return document.getElementById("output").classList.contains("stale") && document.getElementById("stale").textContent.includes("Inputs changed")`, 10*time.Second)
	wd.SaveScreenshot("page-stale")
	wd.Click("#build")
	wd.WaitFor("the rebuilt, current results", `return !document.getElementById("output").classList.contains("stale") && document.getElementById("status").textContent.startsWith("Built")`, 90*time.Second)

	// A build that fails leaves the earlier results marked stale.
	wd.Type("#p-brick_length", "22in")
	wd.Script(`const s = document.getElementById("p-plate_count"); s.value = "4"; s.dispatchEvent(new Event("input")); return true`, new(bool))
	wd.Click("#build")
	wd.WaitFor("the failed build", `return document.getElementById("error").textContent !== "" && document.getElementById("output").classList.contains("stale")`, 90*time.Second)
	var note string
	wd.Script(`return document.getElementById("stale").textContent`, &note)
	if !strings.Contains(note, "refused") && !strings.Contains(note, "failed") {
		t.Errorf("stale note %q", note)
	}
}

// TestPageUnitsToggle: the Units toggle shows every length in mm or in
// the shop's units without changing what is built: no field counts as
// edited, the request stays the defaults; a value typed in mm is sent as
// typed and shows back in inches.
func TestPageUnitsToggle(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	site := pageSite(t)
	wd := webdriver.Start(t, 1280, 800)
	wd.Open(site + "/#design=tall")
	wd.WaitFor("the form", `return document.body.dataset.ready === "1" && !!document.getElementById("p-brick_length")`, 20*time.Second)
	toggle := func(v string) {
		wd.Script(`const u = document.getElementById("units"); u.value = arguments[0]; u.dispatchEvent(new Event("change")); return true`, new(bool), v)
	}
	type view struct {
		Length, Thickness, Unit, Params string
		Changed                         int
	}
	look := func() view {
		var v view
		wd.Script(`return {Length: document.getElementById("p-brick_length").value, Thickness: document.getElementById("p-plate_thickness").value,
			Unit: document.querySelector('.field[data-name="brick_length"] .unit').textContent,
			Params: JSON.stringify(inputs().params), Changed: document.querySelectorAll(".field.changed").length}`, &v)
		return v
	}
	if v := look(); v.Length != "10in" || v.Thickness != "1/4in" || v.Params != "{}" {
		t.Fatalf("defaults: %+v", v)
	}
	toggle("mm")
	if v := look(); v.Length != "254mm" || v.Thickness != "6.35mm" || v.Unit != "mm · 203.2mm..609.6mm" || v.Params != "{}" || v.Changed != 0 {
		t.Errorf("in mm: %+v", v)
	}
	wd.SaveScreenshot("page-units-mm")
	wd.Type("#p-brick_length", "300mm")
	if v := look(); v.Params != `{"brick_length":"300mm"}` || v.Changed != 1 {
		t.Errorf("300mm typed: %+v", v)
	}
	toggle("shop")
	if v := look(); v.Length != "11.811in" || v.Thickness != "1/4in" || v.Unit != "in · 8in..24in" || v.Changed != 1 || v.Params != `{"brick_length":"300mm"}` {
		t.Errorf("back in shop units (the rounded inches show, 300mm is sent): %+v", v)
	}
}
