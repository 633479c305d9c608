package packet

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/fabkit/fabkit/bom/cutstock"
	"github.com/fabkit/fabkit/cam/nest"
	"github.com/fabkit/fabkit/geometry/mesh"
	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/geometry/section"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/outputs/drawing"
	"github.com/fabkit/fabkit/units"
	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/renderers/rasterizer"
)

func sampleInput(t *testing.T) *Input {
	t.Helper()
	plate := &model.Part{ID: "f4", Name: "side plate", Material: "a36", Process: model.PlateCut, Qty: 2,
		Plate: &model.Plate{Thickness: 12.7, Shape: profile.New(profile.Rect(0, 0, 300, 200),
			profile.Circle(25, 25, 13.5), profile.Circle(275, 25, 13.5), profile.Circle(150, 120, 6.5),
			profile.Slot(profile.Point{X: 100, Y: 60}, profile.Point{X: 140, Y: 60}, 13))}}
	gusset := &model.Part{ID: "g1", Name: "gusset", Material: "a36", Process: model.PlateCut, Qty: 4,
		Plate: &model.Plate{Thickness: 6.35, Shape: profile.New(profile.Polygon(profile.Point{}, profile.Point{X: 120}, profile.Point{Y: 120}))}}
	tube := &model.Part{ID: "t1", Name: "frame leg", Material: "a500", Process: model.Saw, Qty: 4,
		Bar: &model.Bar{Profile: "sq-2x2x1/8", Length: 900, Start: model.End{Mitre: 30, Axis: "y"},
			Holes: []model.Hole{{At: 100, Face: "top", Diameter: 17.5, Through: true}, {At: 700, Face: "top", Diameter: 17.5, Through: true}}}}
	bolt := &model.Part{ID: "h1", Name: "bolt", Process: model.Buy, Qty: 8, Purchased: &model.Purchased{Item: "bolt-5/8x2"}}

	asm, err := mesh.ExtrudeRings(plate.Plate.Shape.Rings(0.2), 12.7)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := cutstock.Solve(context.Background(), []cutstock.Piece{{Label: "t1", Length: 900, Qty: 4}},
		[]cutstock.Bar{{Length: 6096, Price: 80}}, cutstock.Options{Kerf: 3, Trim: 5})
	if err != nil {
		t.Fatal(err)
	}
	sheet := nest.Sheet{Size: nest.SheetSize{ID: "s1", SizeY: 600, SizeX: 1200},
		Placements: []nest.Placement{{PartID: "f4", Instance: 1, X: 10, Y: 10}, {PartID: "f4", Instance: 2, X: 320, Y: 10},
			{PartID: "g1", Instance: 1, X: 10, Y: 230}, {PartID: "g1", Instance: 2, X: 260, Y: 350, Rotation: 180}},
		Utilization: 0.25, UsedX: 620}
	return &Input{Design: "ceb-press", Version: "2", Digest: "3f9a2c1d77", ShopName: "Missouri shop", Units: units.Imperial, Currency: "USD",
		Params:    []KV{{"brick_length", "12in"}, {"brick_width", "6in"}, {"cylinder_bore", "5in"}, {"frame_tube", "sq-2x2x1/8"}},
		CostLines: []CostLine{{Label: "Material", Amount: 412.5}, {Label: "Hardware", Amount: 1234.75}, {Label: "Total", Amount: 1647.25, Total: true}},
		Tables: []Table{{Title: "Stock to buy", Header: []string{"id", "size", "qty", "total"}, Right: []bool{false, false, true, true},
			Rows: [][]string{{"sq-2x2x1/8", "20ft", "1", "80.00"}, {"plate-1/2", "48in x 96in", "1", "332.50"}}}},
		Parts:    []*model.Part{plate, gusset, tube, bolt},
		Sections: map[string]section.Section{"sq-2x2x1/8": {Shape: section.SquareTube, Width: 50.8, Height: 50.8, Wall: 3.175}},
		Assembly: asm,
		Nests:    []Nest{{Material: "a36", Thickness: 12.7, Sheets: []nest.Sheet{sheet}}},
		CutLists: []CutList{{Profile: "sq-2x2x1/8", Plan: plan, MinOffcut: 300}},
	}
}

var pageRe = regexp.MustCompile(`/Type\s*/Page[^s]`)

// TestPacket writes the packet and checks its pages: cover, BOM, cut list,
// one nest, one drawing per plate or bar part, the templates; that it is
// byte-for-byte deterministic; and that poppler reads and rasterises it.
func TestPacket(t *testing.T) {
	in := sampleInput(t)
	var a, b bytes.Buffer
	if err := Write(context.Background(), &a, in); err != nil {
		t.Fatal(err)
	}
	// A second apart: the renderer stamps the clock into the PDF and into
	// each embedded font, which Write must undo.
	time.Sleep(1100 * time.Millisecond)
	if err := Write(context.Background(), &b, in); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two packets of the same input differ")
	}
	templates := 0
	for _, p := range in.Parts {
		if p.Plate != nil || p.Bar != nil {
			tp, err := drawing.Templates(p, drawing.Info{Units: in.Units, Sections: in.Sections})
			if err != nil {
				t.Fatal(err)
			}
			templates += len(tp)
		}
	}
	drawings := 3 // f4, g1, t1; the bolt has none
	want := 1 + 1 + 1 + 1 + drawings + templates
	got := len(pageRe.FindAll(a.Bytes(), -1))
	if got != want {
		t.Errorf("%d pages, want %d (cover, BOM, cut list, nest, %d drawings, %d templates)", got, want, drawings, templates)
	}
	pages, err := Pages(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != want {
		t.Errorf("Pages returned %d pages, want %d", len(pages), want)
	}

	dir := t.TempDir()
	path := filepath.Join(dir, "packet.pdf")
	if err := os.WriteFile(path, a.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := os.Getenv("FABKIT_PACKET_OUT"); out != "" {
		os.WriteFile(out, a.Bytes(), 0o644)
	}
	info, err := tool(t, "pdfinfo", path)
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, info)
	}
	if info != nil {
		m := regexp.MustCompile(`Pages:\s+(\d+)`).FindSubmatch(info)
		if m == nil {
			t.Fatalf("pdfinfo gave no page count:\n%s", info)
		}
		if n, _ := strconv.Atoi(string(m[1])); n != want {
			t.Errorf("pdfinfo: %d pages, want %d", n, want)
		}
		if !bytes.Contains(info, []byte("ceb-press v2 fabrication packet")) {
			t.Errorf("pdfinfo: no title:\n%s", info)
		}
	}
	if out, err := tool(t, "pdftoppm", "-r", "50", "-png", path, filepath.Join(dir, "page")); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	} else if out != nil {
		shots, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
		if len(shots) != want {
			t.Errorf("pdftoppm wrote %d pages, want %d", len(shots), want)
		}
	}
}

// tool runs a command-line tool; when it is missing the test is skipped,
// unless FABKIT_REQUIRE_TOOLS=1. It returns nil output when skipped.
func tool(t *testing.T, name string, args ...string) ([]byte, error) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("FABKIT_REQUIRE_TOOLS") == "1" {
			t.Fatalf("%s is required (FABKIT_REQUIRE_TOOLS=1) but not installed", name)
		}
		t.Logf("%s not installed: skipping its check", name)
		return nil, nil
	}
	out, err := exec.Command(name, args...).CombinedOutput()
	if err == nil && out == nil {
		out = []byte{}
	}
	return out, err
}

// TestCancel stops before any work when the context is done.
func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Pages(ctx, sampleInput(t)); err == nil {
		t.Error("a cancelled context gave a packet")
	}
}

// TestCoverReusesView gives the cover a view already rendered (a plain
// magenta picture, which no render of the mesh can produce): the cover
// shows it, fitted to its box, and renders nothing of its own.
func TestCoverReusesView(t *testing.T) {
	magenta := color.RGBA{0xff, 0x00, 0xff, 0xff}
	view := image.NewRGBA(image.Rect(0, 0, 400, 300))
	for i := 0; i < len(view.Pix); i += 4 {
		copy(view.Pix[i:], []uint8{magenta.R, magenta.G, magenta.B, magenta.A})
	}
	count := func(in *Input) (int, float64) {
		pages, err := Pages(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		img := rasterizer.Draw(pages[0], canvas.DPMM(2), canvas.DefaultColorSpace)
		n, minX, maxX := 0, math.Inf(1), math.Inf(-1)
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				r, g, bl, _ := img.At(x, y).RGBA()
				if r>>8 > 0xf0 && g>>8 < 0x10 && bl>>8 > 0xf0 {
					n++
					minX, maxX = math.Min(minX, float64(x)), math.Max(maxX, float64(x))
				}
			}
		}
		return n, (maxX - minX + 1) / 2 // mm
	}
	in := sampleInput(t)
	if n, _ := count(in); n != 0 {
		t.Fatalf("the cover rendered from the mesh has %d magenta pixels", n)
	}
	in.AssemblyView = view
	n, w := count(in)
	if n == 0 {
		t.Fatal("the cover does not show the given view")
	}
	// Fitted: 4:3, so its height is 3/4 of its width, and it keeps to the
	// page.
	if h := float64(n) / 4 / w; math.Abs(h-0.75*w) > 2 {
		t.Errorf("view drawn %.1f x %.1f mm, want 4:3", w, h)
	}
	if pw, _ := drawing.PaperFor(in.Units).Landscape(); w > pw-2*margin {
		t.Errorf("view %.1f mm wide on a %.1f mm page", w, pw)
	}
}

// TestReusesDrawings gives the packet the part drawings it would draw
// itself: the PDF is the same bytes, and the given canvases are left as
// they were (the footer goes on the packet's copy). A drawing given for a
// part is the one printed.
func TestReusesDrawings(t *testing.T) {
	in := sampleInput(t)
	var want bytes.Buffer
	if err := Write(context.Background(), &want, in); err != nil {
		t.Fatal(err)
	}
	info := drawing.Info{Design: in.Design, Version: in.Version, Digest: in.Digest, Units: in.Units, Sections: in.Sections}
	in.Drawings = map[string]*canvas.Canvas{}
	svgs := map[string]string{}
	n := 0
	for _, p := range in.Parts {
		if !drawable(p) {
			continue
		}
		n++
		pi := info
		pi.Sheet, pi.Sheets = n, 3
		c, err := drawing.Part(p, pi)
		if err != nil {
			t.Fatal(err)
		}
		in.Drawings[p.ID] = c
		var b bytes.Buffer
		if err := drawing.WriteSVG(&b, c); err != nil {
			t.Fatal(err)
		}
		svgs[p.ID] = b.String()
	}
	var got bytes.Buffer
	if err := Write(context.Background(), &got, in); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("the packet with the drawings given is %d bytes, drawn itself %d", got.Len(), want.Len())
	}
	for id, c := range in.Drawings {
		var b bytes.Buffer
		if err := drawing.WriteSVG(&b, c); err != nil {
			t.Fatal(err)
		}
		if b.String() != svgs[id] {
			t.Errorf("the packet changed the drawing of %s it was given", id)
		}
	}
	// Another canvas for f4 is what its page shows.
	in.Drawings["f4"] = canvas.New(100, 100)
	pages, err := Pages(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, pg := range pages {
		found = found || pg.W == 100 && pg.H == 100
	}
	if !found {
		t.Error("the packet did not print the drawing it was given")
	}
}
