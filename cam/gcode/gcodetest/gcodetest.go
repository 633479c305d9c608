// Package gcodetest checks G-code programs the way a machine would read
// them: it runs LinuxCNC's standalone rs274 interpreter on a program,
// rebuilds the motion from its canonical calls, and checks a torch program
// against its plan and parts. Tests of any package can use it; a missing
// rs274 skips the test unless FABKIT_REQUIRE_TOOLS=1.
package gcodetest

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/cam/gcode"
	"github.com/fabkit/fabkit/cam/toolpath"
	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/units"
)

// rs274 runs LinuxCNC's standalone interpreter on a program and returns its
// canonical calls. It skips the test when rs274 is missing, unless
// FABKIT_REQUIRE_TOOLS=1.
func RS274(t *testing.T, program []byte) []Call {
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
	calls := ParseCanon(string(text))
	if !HasCall(calls, "PROGRAM_END") {
		t.Fatalf("rs274 did not reach the program end:\n%s\n%s", msg, text)
	}
	return calls
}

type Call struct {
	Name string
	Args []string
}

func (c Call) f(i int) float64 {
	v, _ := strconv.ParseFloat(strings.TrimSpace(c.Args[i]), 64)
	return v
}

var canonLine = regexp.MustCompile(`^\s*\d+\s+N\S*\s+(\w+)\((.*)\)\s*$`)

func ParseCanon(s string) []Call {
	var out []Call
	for _, l := range strings.Split(s, "\n") {
		m := canonLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		c := Call{Name: m[1]}
		if m[1] == "COMMENT" {
			c.Args = []string{strings.Trim(m[2], `"`)}
		} else {
			c.Args = strings.Split(m[2], ",")
		}
		out = append(out, c)
	}
	return out
}

func HasCall(calls []Call, name string) bool {
	for _, c := range calls {
		if c.Name == name {
			return true
		}
	}
	return false
}

// move is one interpreted XY motion in mm.
type Move struct {
	From, To profile.Point
	Z        float64
	Arc      bool
	Center   profile.Point
	CCW      bool
	Rapid    bool
	Label    string // the last "part ..." comment before the move
}

func (m Move) At(t float64) profile.Point {
	if !m.Arc {
		return m.From.Add(m.To.Sub(m.From).Scale(t))
	}
	a0 := math.Atan2(m.From.Y-m.Center.Y, m.From.X-m.Center.X)
	a1 := math.Atan2(m.To.Y-m.Center.Y, m.To.X-m.Center.X)
	sw := a1 - a0
	if m.CCW {
		for sw <= 1e-12 {
			sw += 2 * math.Pi
		}
	} else {
		for sw >= -1e-12 {
			sw -= 2 * math.Pi
		}
	}
	r := m.From.Sub(m.Center).Len()
	a := a0 + t*sw
	return profile.Point{X: m.Center.X + r*math.Cos(a), Y: m.Center.Y + r*math.Sin(a)}
}

// group is the motion of one torch-on period, labelled by the comment before it.
type Group struct {
	Label string
	Moves []Move
}

// simulate rebuilds every move and the torch-on groups from canonical calls.
func Simulate(t *testing.T, calls []Call, torch bool) (all []Move, groups []Group) {
	scale := 1.0
	pos, z := profile.Point{}, 0.0
	on := false
	label := ""
	for _, c := range calls {
		switch c.Name {
		case "USE_LENGTH_UNITS":
			scale = 1
			if strings.Contains(c.Args[0], "INCHES") {
				scale = units.MMPerInch
			}
		case "COMMENT":
			if strings.HasPrefix(c.Args[0], "part ") {
				label = c.Args[0]
			}
		case "START_SPINDLE_CLOCKWISE":
			on = true
			groups = append(groups, Group{Label: label})
		case "STOP_SPINDLE_TURNING":
			on = false
		case "STRAIGHT_TRAVERSE", "STRAIGHT_FEED", "ARC_FEED":
			m := Move{From: pos, Rapid: c.Name == "STRAIGHT_TRAVERSE", Label: label}
			m.To = profile.Point{X: c.f(0) * scale, Y: c.f(1) * scale}
			if c.Name == "ARC_FEED" {
				m.Arc = true
				m.Center = profile.Point{X: c.f(2) * scale, Y: c.f(3) * scale}
				rot := c.f(4)
				if math.Abs(rot) != 1 {
					t.Fatalf("arc with %v turns", rot)
				}
				m.CCW = rot > 0
				m.Z = c.f(5) * scale
			} else {
				m.Z = c.f(2) * scale
			}
			if torch && m.Rapid && on {
				t.Errorf("rapid move with the torch on near %v (%s)", pos, label)
			}
			all = append(all, m)
			if on && !m.Rapid && m.To.Sub(m.From).Len() > 1e-9 || on && m.Arc {
				groups[len(groups)-1].Moves = append(groups[len(groups)-1].Moves, m)
			}
			pos, z = m.To, m.Z
		}
	}
	_ = z
	return all, groups
}

var labelRE = regexp.MustCompile(`^part (\S+) #(\d+): (hole (\d+)|outline)`)

// checkCutProgram runs a torch program through rs274 and checks it against
// the plan and the parts.
func CheckCutProgram(t *testing.T, prog []byte, plan *toolpath.Plan, parts []toolpath.PlacedPart) {
	t.Helper()
	calls := RS274(t, prog)
	all, groups := Simulate(t, calls, true)
	// The program is in the table's frame, X0 Y0 on the sheet's origin
	// corner; the plan and parts are in sheet coordinates.
	z := plan.Sheet.Zero()
	shift(all, z)
	for i := range groups {
		shift(groups[i].Moves, z)
	}
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
		m := labelRE.FindStringSubmatch(g.Label)
		if m == nil {
			t.Fatalf("torch start without a part comment: %q", g.Label)
		}
		part := m[1] + " #" + m[2]
		name := strings.SplitN(g.Label, " dia ", 2)[0]
		name = strings.TrimSuffix(name, " small")
		cut, ok := cuts[name]
		if !ok {
			t.Fatalf("no plan cut named %q", name)
		}
		if outlineDone[part] {
			t.Errorf("%s: cut after the part's outline", g.Label)
		}
		if m[3] == "outline" {
			outlineDone[part] = true
		}
		shape := shapes[part]
		nIn, nOut := len(cut.LeadIn), len(cut.LeadOut)
		if len(g.Moves) < nIn+nOut+2 {
			t.Fatalf("%s: only %d moves", g.Label, len(g.Moves))
		}
		loop := g.Moves[nIn : len(g.Moves)-nOut]
		if gap := loop[len(loop)-1].To.Sub(loop[0].From).Len(); gap > 0.01 {
			t.Errorf("%s: loop does not close (gap %.4fmm)", g.Label, gap)
		}
		for _, mv := range loop {
			for k := 0; k <= 8; k++ {
				p := mv.At(float64(k) / 8)
				d := shape.Evaluate2(profile.Point{X: p.X + 1e-7, Y: p.Y + 1.3e-7})
				if math.Abs(d-half) > 0.05 {
					t.Fatalf("%s: cut point (%.3f, %.3f) is %.4fmm from the part edge, want %.3f ± 0.05", g.Label, p.X, p.Y, d, half)
				}
				checked++
			}
		}
		// Leads and pierce stay off the part.
		for _, mv := range append(append([]Move{}, g.Moves[:nIn]...), g.Moves[len(g.Moves)-nOut:]...) {
			for k := 0; k < 8; k++ {
				p := mv.At(float64(k) / 8)
				if d := shape.Evaluate2(profile.Point{X: p.X + 1e-7, Y: p.Y + 1.3e-7}); d < half-0.05 {
					t.Errorf("%s: lead point (%.3f, %.3f) is inside the part's kerf (%.3f)", g.Label, p.X, p.Y, d)
				}
			}
		}
	}
	for _, mv := range all {
		for k := 0; k <= 8; k++ {
			p := mv.At(float64(k) / 8)
			if p.X < -1e-3 || p.Y < -1e-3 || p.X > plan.Sheet.SizeX+1e-3 || p.Y > plan.Sheet.SizeY+1e-3 {
				t.Fatalf("motion leaves the sheet at (%.3f, %.3f)", p.X, p.Y)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no cut points checked")
	}
}

// shift moves every move by d.
func shift(moves []Move, d profile.Point) {
	for i := range moves {
		m := &moves[i]
		m.From, m.To, m.Center = m.From.Add(d), m.To.Add(d), m.Center.Add(d)
	}
}

// checkDialect checks line lengths and words the dialect lacks.
func CheckDialect(t *testing.T, prog []byte, d gcode.Dialect) {
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

// Extents returns the box of every XY position a program's moves pass
// through, arcs sampled every few degrees, and the origin it starts from.
func Extents(moves []Move) profile.Box {
	b := profile.EmptyBox().Extend(profile.Point{})
	for _, m := range moves {
		b = b.Extend(m.From).Extend(m.To)
		if m.Arc {
			for k := 1; k < 128; k++ {
				b = b.Extend(m.At(float64(k) / 128))
			}
		}
	}
	return b
}
