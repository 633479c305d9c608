package gcode

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/shop"
	"github.com/fabkit/fabkit/units"
)

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
