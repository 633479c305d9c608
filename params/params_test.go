package params

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/units"
)

func testSchema() *Schema {
	s := &Schema{}
	s.Length("brick_length", "Brick", units.Inch, "12in", "8in", "24in", "Brick length.")
	s.Length("brick_width", "Brick", units.Inch, "6in", "3.5in", "8in", "Brick width.")
	s.Angle("grate_angle", "Hopper", 17.5, 0, 45, "Grate angle.")
	s.Count("axes", "Axes", 2, 1, 4, "Axis count.")
	s.Number("pressure", "Hydraulics", "psi", 2500, 500, 3000, "Working pressure.")
	s.Bool("corners", "Frame", false, "Printed corners.")
	s.Choice("style", "Frame", "angle", []string{"angle", "plate"}, "Frame style.")
	s.Preset("long", "Long brick.", map[string]string{"brick_length": "24in"})
	s.Preset("metric", "Metric brick.", map[string]string{"brick_length": "290mm", "brick_width": "140mm"})
	s.Check(func(v *Values, r *Report) {
		if v.Length("brick_width") > v.Length("brick_length")/2 {
			r.Warnf([]string{"brick_width", "brick_length"}, "brick wider than half its length")
		}
	})
	return s
}

func TestResolveLayers(t *testing.T) {
	s := testSchema()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	file, err := ReadFile("p.json", []byte(`{"brick_width": "5in", "axes": 3, "corners": true, "pressure": 2200}`))
	if err != nil {
		t.Fatal(err)
	}
	d, _ := ParseOverride("brick_width=4in")
	v, err := s.Resolve("long", file, []Override{d})
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		got, want float64
		what      string
	}{
		{v.Length("brick_length"), 609.6, "preset over default"},
		{v.Length("brick_width"), 101.6, "-D over file"},
		{float64(v.Count("axes")), 3, "file over default"},
		{v.Number("pressure"), 2200, "file number"},
		{v.Angle("grate_angle"), 17.5, "default"},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("%s: got %v, want %v", c.what, c.got, c.want)
		}
	}
	if !v.Bool("corners") || v.Choice("style") != "angle" {
		t.Error("bool/choice not resolved")
	}
	src := map[string]string{}
	for _, r := range v.List() {
		src[r.Name] = r.Source
	}
	if src["brick_length"] != "preset long" || src["brick_width"] != "-D" || src["axes"] != "p.json" || src["style"] != "default" {
		t.Errorf("sources: %v", src)
	}
}

func TestResolveErrors(t *testing.T) {
	s := testSchema()
	cases := []struct {
		override string
		want     string // substring of the message
	}{
		{"brick_length=99ft", "brick_length = 99ft: out of range 8in..24in"},
		{"brick_length=5", "brick_length = 5: out of range 8in..24in"},
		{"brick_length=abc", "expected a length"},
		{"brick_length=12 furlongs", "expected a length"},
		{"grate_angle=90", "grate_angle = 90: out of range 0deg..45deg"},
		{"axes=2.5", "expected a whole number"},
		{"axes=9", "out of range 1..4"},
		{"pressure=5000", "out of range 500psi..3000psi"},
		{"corners=maybe", "true or false"},
		{"style=wood", "not a choice angle|plate"},
		{"brick_lenght=12in", `unknown parameter "brick_lenght" (did you mean "brick_length"?)`},
		{"zzzzzzzzzz=1", `unknown parameter "zzzzzzzzzz" [-D]`},
	}
	for _, c := range cases {
		o, err := ParseOverride(c.override)
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.Resolve("", []Override{o})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("-D %s: error %v, want it to contain %q", c.override, err, c.want)
		}
	}
	var pe *Error
	_, err := s.Resolve("", []Override{{Name: "brick_length", Value: "99ft", Source: "-D"}})
	if !errors.As(err, &pe) || pe.Param != "brick_length" || pe.Range != "8in..24in" {
		t.Errorf("errors.As: %#v", err)
	}
	if _, err := s.Resolve("nope"); err == nil || !strings.Contains(err.Error(), "long, metric") {
		t.Errorf("unknown preset: %v", err)
	}
	if _, err := ParseOverride("novalue"); err == nil {
		t.Error("ParseOverride accepted text without '='")
	}
	if _, err := ReadFile("bad.json", []byte(`{"brick_length": [1]}`)); err == nil || !strings.Contains(err.Error(), "brick_length") {
		t.Errorf("bad file: %v", err)
	}
	if _, err := ReadFile("bad.json", []byte(`[1,2]`)); err == nil {
		t.Error("non-object file accepted")
	}
}

func TestChecksAndDigest(t *testing.T) {
	s := testSchema()
	a, _ := s.Resolve("")
	b, _ := s.Resolve("metric")
	if len(s.RunChecks(a).Issues) != 0 {
		t.Error("6x12 brick should pass")
	}
	wide, _ := s.Resolve("", []Override{{Name: "brick_width", Value: "8in"}, {Name: "brick_length", Value: "8in"}})
	r := s.RunChecks(wide)
	if len(r.Warnings()) != 1 || r.Warnings()[0].Params[0] != "brick_width" || r.Err() != nil {
		t.Errorf("check report: %+v", r.Issues)
	}
	if a.Digest() == b.Digest() || a.Digest() != (func() string { x, _ := s.Resolve(""); return x.Digest() })() {
		t.Error("digest must differ between value sets and repeat for the same set")
	}
}

func TestFormatLength(t *testing.T) {
	s := &Schema{}
	p := s.Length("plate", "", units.Inch, "1/2in", "3mm", "3/4in", "Plate.")
	cases := map[float64]string{12.7: "1/2in", 3: "3mm", 25.4 * 0.03125: "1/32in", 12: "12mm", 10.01: "0.3941in"}
	for mm, want := range cases {
		if got := p.Format(mm); got != want {
			t.Errorf("Format(%v mm) = %q, want %q", mm, got, want)
		}
		if back, err := p.Parse(p.Format(mm)); err == nil && math.Abs(back.(float64)-mm) > 1e-3 {
			t.Errorf("%q reads back as %v mm, want %v", p.Format(mm), back, mm)
		}
	}
	if p.RangeText() != "3mm..3/4in" {
		t.Errorf("range %q", p.RangeText())
	}
}

func TestSuggest(t *testing.T) {
	s := testSchema()
	for in, want := range map[string]string{"brick_len": "brick_length", "Brick_Width": "brick_width", "presure": "pressure", "xyzzy_plugh": ""} {
		if got := s.Suggest(in); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidateCatchesBadPreset(t *testing.T) {
	s := testSchema()
	s.Preset("broken", "", map[string]string{"brick_length": "30in"})
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "preset broken") {
		t.Errorf("Validate: %v", err)
	}
}

func FuzzResolve(f *testing.F) {
	for _, s := range []string{"brick_length=12in", "axes=3", "style=plate", "grate_angle=1e400", "pressure=NaN", "=", "brick_width=-1/0in"} {
		f.Add(s)
	}
	s := testSchema()
	f.Fuzz(func(t *testing.T, text string) {
		o, err := ParseOverride(text)
		if err != nil {
			return
		}
		v, err := s.Resolve("", []Override{o})
		if err != nil {
			return
		}
		for _, p := range s.Params {
			if p.Kind == Length || p.Kind == Angle || p.Kind == Number {
				x := v.get(p.Name, p.Kind).(float64)
				if x < p.Min-1e-9 || x > p.Max+1e-9 || math.IsNaN(x) {
					t.Fatalf("%s resolved out of range: %v", p.Name, x)
				}
			}
		}
	})
}
