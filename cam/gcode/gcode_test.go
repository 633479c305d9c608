package gcode

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/cam/toolpath"
	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/shop"
	"github.com/fabkit/fabkit/units"
)

func pt(x, y float64) profile.Point { return profile.Point{X: x, Y: y} }

var testCut = shop.CutSettings{Thickness: 6.35, Kerf: 1.5, Feed: 1350, PierceDelay: 0.5, PierceHeight: 3.8, CutHeight: 1.5, Amps: 45, SmallHoleFeed: 0.6}

// testPlan plans a 600 x 400 mm sheet of 1/4in plate: two plates with round
// holes, a slot and a square cut-out (one plate turned 90°), an L-shaped
// plate, and a disc nested in a plate's large hole.
func testPlan(t *testing.T) (*toolpath.Plan, []toolpath.PlacedPart) {
	t.Helper()
	plate := profile.New(profile.RoundedRect(0, 0, 200, 150, 10),
		profile.Circle(100, 75, 40),
		profile.Circle(30, 30, 12.7),
		profile.Circle(170, 30, 4),
		profile.Circle(170, 120, 2.5),
		profile.Slot(pt(20, 120), pt(60, 120), 14),
		profile.Rect(150, 60, 30, 20).Reverse(),
	)
	ell := profile.New(profile.Polygon(pt(0, 0), pt(150, 0), pt(150, 40), pt(40, 40), pt(40, 120), pt(0, 120)),
		profile.Circle(20, 20, 8))
	disc := profile.New(profile.Circle(0, 0, 30), profile.Circle(0, 0, 8))
	parts := []toolpath.PlacedPart{
		{ID: "f4", Instance: 1, Shape: plate.Transform(0, pt(20, 20))},
		{ID: "f4", Instance: 2, Shape: plate.Transform(90, pt(420, 20))},
		{ID: "g1", Instance: 1, Shape: ell.Transform(0, pt(20, 230))},
		{ID: "w", Instance: 1, Shape: disc.Transform(0, pt(120, 95))},
	}
	sheet := toolpath.Sheet{Width: 600, Length: 400, Thickness: 6.35}
	plan, err := toolpath.Build(context.Background(), sheet, parts, toolpath.Options{Cut: testCut, RapidFeed: 10000, LeadIn: 6, LeadOut: 3, MinHoleRatio: 1})
	if err != nil {
		t.Fatal(err)
	}
	return plan, parts
}

// rs274 runs LinuxCNC's standalone interpreter on a program and returns its
// canonical calls. It skips the test when rs274 is missing, unless
// FABKIT_REQUIRE_TOOLS=1.
func rs274(t *testing.T, program []byte) []call {
	t.Helper()
	bin, err := exec.LookPath("rs274")
	if err != nil {
		if os.Getenv("FABKIT_REQUIRE_TOOLS") == "1" {
			t.Fatal("rs274 not found (install linuxcnc-uspace)")
		}
		t.Skip("rs274 not found; install linuxcnc-uspace or set FABKIT_REQUIRE_TOOLS=1 to fail")
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "prog.ngc"), filepath.Join(dir, "canon.txt")
	if err := os.WriteFile(in, program, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-g", in, out)
	cmd.Stdin = strings.NewReader("")
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("rs274: %v\n%s", err, msg)
	}
	text, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	calls := parseCanon(string(text))
	if !hasCall(calls, "PROGRAM_END") {
		t.Fatalf("rs274 did not reach the program end:\n%s\n%s", msg, text)
	}
	return calls
}

type call struct {
	name string
	args []string
}

func (c call) f(i int) float64 {
	v, _ := strconv.ParseFloat(strings.TrimSpace(c.args[i]), 64)
	return v
}

var canonLine = regexp.MustCompile(`^\s*\d+\s+N\S*\s+(\w+)\((.*)\)\s*$`)

func parseCanon(s string) []call {
	var out []call
	for _, l := range strings.Split(s, "\n") {
		m := canonLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		c := call{name: m[1]}
		if m[1] == "COMMENT" {
			c.args = []string{strings.Trim(m[2], `"`)}
		} else {
			c.args = strings.Split(m[2], ",")
		}
		out = append(out, c)
	}
	return out
}

func hasCall(calls []call, name string) bool {
	for _, c := range calls {
		if c.name == name {
			return true
		}
	}
	return false
}

// move is one interpreted XY motion in mm.
type move struct {
	from, to profile.Point
	z        float64
	arc      bool
	center   profile.Point
	ccw      bool
	rapid    bool
}

func (m move) at(t float64) profile.Point {
	if !m.arc {
		return m.from.Add(m.to.Sub(m.from).Scale(t))
	}
	a0 := math.Atan2(m.from.Y-m.center.Y, m.from.X-m.center.X)
	a1 := math.Atan2(m.to.Y-m.center.Y, m.to.X-m.center.X)
	sw := a1 - a0
	if m.ccw {
		for sw <= 1e-12 {
			sw += 2 * math.Pi
		}
	} else {
		for sw >= -1e-12 {
			sw -= 2 * math.Pi
		}
	}
	r := m.from.Sub(m.center).Len()
	a := a0 + t*sw
	return profile.Point{X: m.center.X + r*math.Cos(a), Y: m.center.Y + r*math.Sin(a)}
}

// group is the motion of one torch-on period, labelled by the comment before it.
type group struct {
	label string
	moves []move
}

// simulate rebuilds every move and the torch-on groups from canonical calls.
func simulate(t *testing.T, calls []call, torch bool) (all []move, groups []group) {
	scale := 1.0
	pos, z := profile.Point{}, 0.0
	on := false
	label := ""
	for _, c := range calls {
		switch c.name {
		case "USE_LENGTH_UNITS":
			scale = 1
			if strings.Contains(c.args[0], "INCHES") {
				scale = units.MMPerInch
			}
		case "COMMENT":
			if strings.HasPrefix(c.args[0], "part ") {
				label = c.args[0]
			}
		case "START_SPINDLE_CLOCKWISE":
			on = true
			groups = append(groups, group{label: label})
		case "STOP_SPINDLE_TURNING":
			on = false
		case "STRAIGHT_TRAVERSE", "STRAIGHT_FEED", "ARC_FEED":
			m := move{from: pos, rapid: c.name == "STRAIGHT_TRAVERSE"}
			m.to = profile.Point{X: c.f(0) * scale, Y: c.f(1) * scale}
			if c.name == "ARC_FEED" {
				m.arc = true
				m.center = profile.Point{X: c.f(2) * scale, Y: c.f(3) * scale}
				rot := c.f(4)
				if math.Abs(rot) != 1 {
					t.Fatalf("arc with %v turns", rot)
				}
				m.ccw = rot > 0
				m.z = c.f(5) * scale
			} else {
				m.z = c.f(2) * scale
			}
			if torch && m.rapid && on {
				t.Errorf("rapid move with the torch on near %v (%s)", pos, label)
			}
			all = append(all, m)
			if on && !m.rapid && m.to.Sub(m.from).Len() > 1e-9 || on && m.arc {
				groups[len(groups)-1].moves = append(groups[len(groups)-1].moves, m)
			}
			pos, z = m.to, m.z
		}
	}
	_ = z
	return all, groups
}

var labelRE = regexp.MustCompile(`^part (\S+) #(\d+): (hole (\d+)|outline)`)

// checkCutProgram runs a torch program through rs274 and checks it against
// the plan and the parts.
func checkCutProgram(t *testing.T, prog []byte, plan *toolpath.Plan, parts []toolpath.PlacedPart) {
	t.Helper()
	calls := rs274(t, prog)
	all, groups := simulate(t, calls, true)
	if len(groups) != len(plan.Cuts) {
		t.Fatalf("%d torch starts, want %d", len(groups), len(plan.Cuts))
	}
	shapes := map[string]profile.Profile{}
	for _, p := range parts {
		shapes[fmt.Sprintf("%s #%d", p.ID, p.Instance)] = p.Shape
	}
	cuts := map[string]*toolpath.Cut{}
	for i := range plan.Cuts {
		cuts[plan.Cuts[i].Name()] = &plan.Cuts[i]
	}
	half := plan.Kerf / 2
	outlineDone := map[string]bool{}
	checked := 0
	for _, g := range groups {
		m := labelRE.FindStringSubmatch(g.label)
		if m == nil {
			t.Fatalf("torch start without a part comment: %q", g.label)
		}
		part := m[1] + " #" + m[2]
		name := strings.SplitN(g.label, " dia ", 2)[0]
		name = strings.TrimSuffix(name, " small")
		cut, ok := cuts[name]
		if !ok {
			t.Fatalf("no plan cut named %q", name)
		}
		if outlineDone[part] {
			t.Errorf("%s: cut after the part's outline", g.label)
		}
		if m[3] == "outline" {
			outlineDone[part] = true
		}
		shape := shapes[part]
		nIn, nOut := len(cut.LeadIn), len(cut.LeadOut)
		if len(g.moves) < nIn+nOut+2 {
			t.Fatalf("%s: only %d moves", g.label, len(g.moves))
		}
		loop := g.moves[nIn : len(g.moves)-nOut]
		if gap := loop[len(loop)-1].to.Sub(loop[0].from).Len(); gap > 0.01 {
			t.Errorf("%s: loop does not close (gap %.4fmm)", g.label, gap)
		}
		for _, mv := range loop {
			for k := 0; k <= 8; k++ {
				p := mv.at(float64(k) / 8)
				d := shape.Evaluate2(profile.Point{X: p.X + 1e-7, Y: p.Y + 1.3e-7})
				if math.Abs(d-half) > 0.05 {
					t.Fatalf("%s: cut point (%.3f, %.3f) is %.4fmm from the part edge, want %.3f ± 0.05", g.label, p.X, p.Y, d, half)
				}
				checked++
			}
		}
		// Leads and pierce stay off the part.
		for _, mv := range append(append([]move{}, g.moves[:nIn]...), g.moves[len(g.moves)-nOut:]...) {
			for k := 0; k < 8; k++ {
				p := mv.at(float64(k) / 8)
				if d := shape.Evaluate2(profile.Point{X: p.X + 1e-7, Y: p.Y + 1.3e-7}); d < half-0.05 {
					t.Errorf("%s: lead point (%.3f, %.3f) is inside the part's kerf (%.3f)", g.label, p.X, p.Y, d)
				}
			}
		}
	}
	for _, mv := range all {
		for k := 0; k <= 8; k++ {
			p := mv.at(float64(k) / 8)
			if p.X < -1e-3 || p.Y < -1e-3 || p.X > plan.Sheet.Width+1e-3 || p.Y > plan.Sheet.Length+1e-3 {
				t.Fatalf("motion leaves the sheet at (%.3f, %.3f)", p.X, p.Y)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no cut points checked")
	}
}

func TestCutProgramsRunInRS274(t *testing.T) {
	plan, parts := testPlan(t)
	for _, tc := range []struct {
		dialect string
		sys     units.System
	}{
		{"linuxcnc", units.Metric}, {"linuxcnc", units.Imperial}, {"grbl", units.Metric}, {"grbl", units.Imperial},
	} {
		t.Run(tc.dialect+"-"+string(tc.sys), func(t *testing.T) {
			d, err := Lookup(tc.dialect)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := WriteCut(&buf, plan, d, tc.sys); err != nil {
				t.Fatal(err)
			}
			checkDialect(t, buf.Bytes(), d)
			if tc.dialect == "linuxcnc" {
				for _, w := range []string{"M3 $0 S1", "M5 $0", "M62 P2", "M63 P2", "G64 P", "(part f4 #1: hole 2 dia "} {
					if !bytes.Contains(buf.Bytes(), []byte(w)) {
						t.Errorf("program lacks %q", w)
					}
				}
			}
			if tc.sys == units.Imperial && !bytes.Contains(buf.Bytes(), []byte("dia 1.000in")) {
				t.Error("imperial program should name the 1in hole 'dia 1.000in'")
			}
			checkCutProgram(t, buf.Bytes(), plan, parts)
		})
	}
}

// checkDialect checks line lengths and words the dialect lacks.
func checkDialect(t *testing.T, prog []byte, d Dialect) {
	t.Helper()
	for i, l := range strings.Split(string(prog), "\n") {
		if d.MaxLine > 0 && len(l) > d.MaxLine {
			t.Errorf("line %d has %d characters (max %d): %s", i+1, len(l), d.MaxLine, l)
		}
		code := l
		if k := strings.Index(code, "("); k >= 0 {
			code = code[:k]
		}
		for _, w := range strings.Fields(code) {
			if !d.CannedDrill && (w == "G81" || w == "G83" || w == "G80" || w == "G99") {
				t.Errorf("line %d: %s has no canned cycles: %s", i+1, d.ID, l)
			}
			if d.ID == "grbl" && (w == "G43" || w == "G49" || w == "G41" || w == "G42" || w == "G64" || strings.HasPrefix(w, "H") || strings.HasPrefix(w, "$") || strings.HasPrefix(w, "M6")) {
				t.Errorf("line %d: word %s is not GRBL: %s", i+1, w, l)
			}
		}
	}
}

func TestDrillProgramsRunInRS274(t *testing.T) {
	plan, _ := testPlan(t)
	holes := DrillHoles(plan)
	// Add a deep hole that needs pecking and a second size.
	holes = append(holes, DrillHole{Label: "part x #1: hole 1", X: 300, Y: 300, Diameter: 3, Depth: 12}, DrillHole{Label: "part x #1: hole 2", X: 310, Y: 300, Diameter: 12.7, Depth: 6.35})
	for _, id := range []string{"linuxcnc", "grbl"} {
		for _, sys := range []units.System{units.Metric, units.Imperial} {
			t.Run(id+"-"+string(sys), func(t *testing.T) {
				d, _ := Lookup(id)
				var buf bytes.Buffer
				if err := WriteDrill(&buf, holes, d, sys, DrillOptions{}); err != nil {
					t.Fatal(err)
				}
				checkDialect(t, buf.Bytes(), d)
				if id == "linuxcnc" && (!bytes.Contains(buf.Bytes(), []byte("G83 ")) || !bytes.Contains(buf.Bytes(), []byte("G81 "))) {
					t.Errorf("linuxcnc drilling should use G81 and G83:\n%s", buf.String())
				}
				all, _ := simulate(t, rs274(t, buf.Bytes()), false)
				for _, h := range holes {
					bottom := -(h.Depth + 0.3*h.Diameter)
					found := false
					for _, m := range all {
						if !m.rapid && m.to.Sub(pt(h.X, h.Y)).Len() < 0.01 && math.Abs(m.z-bottom) < 0.01 {
							found = true
						}
					}
					if !found {
						t.Errorf("%s: no feed to Z%.3f at (%.2f, %.2f)", h.Label, bottom, h.X, h.Y)
					}
				}
			})
		}
	}
}

func TestDrillSpeeds(t *testing.T) {
	// OSE notes 7.8: at 80 SFM a 1/2in drill turns 611 rpm at 0.006 ipr, 3.7 ipm.
	s := DrillSpeeds(shop.Drill{}, 12.7)
	if s.RPM != 611 || math.Abs(s.FeedIPR-0.006) > 1e-9 || math.Abs(s.Feed/units.MMPerInch-3.67) > 0.01 {
		t.Errorf("1/2in drill: %+v", s)
	}
	if s := DrillSpeeds(shop.Drill{}, 13.0/16*units.MMPerInch); s.RPM != 376 {
		t.Errorf("13/16in drill: %d rpm, want 376", s.RPM)
	}
	if s := DrillSpeeds(shop.Drill{MaxRPM: 500}, 6); s.RPM != 500 {
		t.Errorf("rpm limit: %d", s.RPM)
	}
}

func TestLookup(t *testing.T) {
	if _, err := Lookup("fanuc"); err == nil || !strings.Contains(err.Error(), "grbl, linuxcnc") {
		t.Errorf("unknown dialect error: %v", err)
	}
}

func TestLongCommentsFitGRBL(t *testing.T) {
	d, _ := Lookup("grbl")
	var buf bytes.Buffer
	p := newProg(&buf, d, units.Metric)
	p.line("G1 X1 Y2", strings.Repeat("a very long part name ", 10))
	if err := p.flush(); err != nil {
		t.Fatal(err)
	}
	if l := len(strings.TrimSpace(buf.String())); l > 80 {
		t.Errorf("line of %d characters", l)
	}
	p = newProg(&buf, d, units.Metric)
	p.line("G1 X"+strings.Repeat("1", 90), "")
	var le *LineError
	if err := p.flush(); err == nil || !asLineError(err, &le) {
		t.Errorf("over-long code: err = %v", err)
	}
}

func asLineError(err error, le **LineError) bool {
	e, ok := err.(*LineError)
	*le = e
	return ok
}

func TestHoleTable(t *testing.T) {
	holes := []TableHole{
		{Part: "t3", Face: "top", Hole: 1, Along: 50.8, Across: 25.4, Diameter: 20.6375, Through: true},
		{Part: "t3", Face: "side A", Hole: 2, Along: 1219.2, Across: 50.8, Diameter: 12.7},
	}
	var text, csvb bytes.Buffer
	if err := WriteHoleTable(&text, holes, units.Imperial, TableText); err != nil {
		t.Fatal(err)
	}
	if err := WriteHoleTable(&csvb, holes, units.Metric, TableCSV); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"13/16in", "48in", "2in", "through", "one wall"} {
		if !strings.Contains(text.String(), w) {
			t.Errorf("text table lacks %q:\n%s", w, text.String())
		}
	}
	if lines := strings.Split(strings.TrimSpace(csvb.String()), "\n"); len(lines) != 3 || !strings.Contains(lines[2], "1219.2") {
		t.Errorf("csv table:\n%s", csvb.String())
	}
}
