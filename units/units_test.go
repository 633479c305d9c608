package units

import (
	"math"
	"strings"
	"testing"
)

func TestParseLength(t *testing.T) {
	cases := []struct {
		in   string
		bare Unit
		want float64
	}{
		{"12in", "", 304.8},
		{"3-1/2in", "", 88.9},
		{"3 1/2 in", "", 88.9},
		{"1/4in", "", 6.35},
		{"1ft 6in", "", 457.2},
		{"1' 6\"", "", 457.2},
		{"1ft 6", "", 457.2},
		{"300mm", "", 300},
		{"30cm", "", 300},
		{"1.2m", "", 1200},
		{"0.5 in", "", 12.7},
		{"2", Inch, 50.8},
		{"2.5", MM, 2.5},
		{"-1/2in", "", -12.7},
		{"20ft", "", 6096},
	}
	for _, c := range cases {
		got, err := ParseLength(c.in, c.bare)
		if err != nil {
			t.Errorf("ParseLength(%q): %v", c.in, err)
			continue
		}
		if math.Abs(got-c.want) > 1e-9 {
			t.Errorf("ParseLength(%q) = %v mm, want %v", c.in, got, c.want)
		}
	}
}

func TestParseLengthErrors(t *testing.T) {
	for _, in := range []string{"", "12", "12 furlongs", "in", "1/0in", "1.5/2in", "abc", "3-1/in"} {
		if v, err := ParseLength(in, ""); err == nil {
			t.Errorf("ParseLength(%q) = %v, want an error", in, v)
		}
	}
}

func TestFormatInches(t *testing.T) {
	cases := map[float64]string{
		88.9:           "3-1/2in",
		6.35:           "1/4in",
		304.8:          "12in",
		0:              "0in",
		25.4 * 15 / 16: "15/16in",
		-12.7:          "-1/2in",
		25.4 * 49.04:   "49-1/16in", // 49.0625 is nearer than 49
		25.4 * 22.19:   "22-3/16in",
	}
	for mm, want := range cases {
		if got := Imperial.Format(mm); got != want {
			t.Errorf("Imperial.Format(%v) = %q, want %q", mm, got, want)
		}
	}
}

func TestFormatMM(t *testing.T) {
	cases := map[float64]string{300: "300mm", 12.7: "12.7mm", 12.74: "12.7mm", 1.96: "2mm", 0: "0mm"}
	for mm, want := range cases {
		if got := Metric.Format(mm); got != want {
			t.Errorf("Metric.Format(%v) = %q, want %q", mm, got, want)
		}
	}
}

// Every 1/16 in from -2 ft to 10 ft prints and parses back exactly; every
// tenth of a millimetre does in metric.
func TestRoundTrip(t *testing.T) {
	for steps := -384; steps <= 16*120; steps++ {
		mm := float64(steps) / 16 * MMPerInch
		back, err := ParseLength(Imperial.Format(mm), "")
		if err != nil || math.Abs(back-mm) > 1e-9 {
			t.Fatalf("imperial %v mm -> %q -> %v, %v", mm, Imperial.Format(mm), back, err)
		}
	}
	for tenths := -1000; tenths <= 30000; tenths += 7 {
		mm := float64(tenths) / 10
		back, err := ParseLength(Metric.Format(mm), "")
		if err != nil || math.Abs(back-mm) > 1e-9 {
			t.Fatalf("metric %v mm -> %q -> %v, %v", mm, Metric.Format(mm), back, err)
		}
	}
	for _, u := range []Unit{MM, CM, M, Inch, Foot} {
		for _, mm := range []float64{0.5, 12.7, 1234.5678} {
			back, err := ParseLength(FormatIn(mm, u), "")
			if err != nil || math.Abs(back-mm) > 1e-4*u.MM() {
				t.Errorf("FormatIn(%v, %s) = %q -> %v, %v", mm, u, FormatIn(mm, u), back, err)
			}
		}
	}
}

func TestParseAngle(t *testing.T) {
	for in, want := range map[string]float64{"17.5": 17.5, "17.5deg": 17.5, "90°": 90, " 45 deg": 45} {
		if got, err := ParseAngle(in); err != nil || got != want {
			t.Errorf("ParseAngle(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseAngle("17.5in"); err == nil {
		t.Error("ParseAngle(17.5in) accepted a length")
	}
}

func FuzzParseLength(f *testing.F) {
	for _, s := range []string{"12in", "3-1/2in", "1ft 6in", "1.2m", "1/0in", "--3", "3 1/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseLength(s, "")
		if err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("ParseLength(%q) = %v without error", s, v)
		}
	})
}

// Every spelling of a length resolves to the same float64, the canonical
// value, so no stage downstream can tell them apart (issue 17: 12in was
// 304.79999999999995 mm and 304.8mm was 304.8, and the nester flipped).
func TestCanonicalSpellings(t *testing.T) {
	groups := [][]string{
		{"12in", "304.8mm", "1ft", "30.48cm", "0.3048m", "12.0in", "1' 0\"", "11 4/4in", "1ft 0in", "24/2in"},
		{"1/2in", "0.5in", "12.7mm", "1.27cm", "8/16in"},
		{"3-1/2in", "3 1/2in", "3.5in", "88.9mm", "7/2in"},
		{"6in", "152.4mm", "0.5ft", "15.24cm"},
		{"1ft 6in", "1' 6\"", "18in", "457.2mm", "1.5ft"},
		{"7/16in", "0.4375in", "11.1125mm"},
		{"20ft", "240in", "6096mm", "6.096m"},
	}
	for _, g := range groups {
		first, err := ParseLength(g[0], "")
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range g[1:] {
			v, err := ParseLength(s, "")
			if err != nil {
				t.Fatalf("%q: %v", s, err)
			}
			if math.Float64bits(v) != math.Float64bits(first) {
				t.Errorf("%q = %v mm but %q = %v mm", s, v, g[0], first)
			}
		}
		if c := Canonical(first); c != first {
			t.Errorf("Canonical(%v) = %v: a parsed length is not canonical", first, c)
		}
	}
	if v, _ := ParseLength("12in", ""); v != 304.8 {
		t.Errorf("12in = %v, want the float64 nearest 304.8", v)
	}
	if Canonical(12*25.4) != 304.8 || Canonical(0.1+0.2) != 0.3 {
		t.Errorf("Canonical(12*25.4) = %v, Canonical(0.1+0.2) = %v", Canonical(12*25.4), Canonical(0.1+0.2))
	}
}

func TestParseNumber(t *testing.T) {
	for in, want := range map[string]float64{"2500": 2500, "2.5e3": 2500, "0.1": 0.1, "-3": -3, "1e-12": 0} {
		if got, err := ParseNumber(in); err != nil || got != want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"NaN", "Inf", "-Inf", "1e999999999", "1e-999999999x", "0x10", "", "1e16", "1/2"} {
		if v, err := ParseNumber(in); err == nil {
			t.Errorf("ParseNumber(%q) = %v, want an error", in, v)
		}
	}
	if v, err := ParseLength("1e9in", ""); err == nil {
		t.Errorf("1e9in = %v, want an error", v)
	}
	if v, err := ParseLength(strings.Repeat("9", 50)+"mm", ""); err == nil {
		t.Errorf("50 digits = %v, want an error", v)
	}
}

// Issue 17: 12 mm and 12.7 mm both printed as 1/2in, so "sells no 1/2in
// plate; it sells ... 1/2in" contradicted itself.
func TestFormatExact(t *testing.T) {
	cases := []struct {
		sys  System
		mm   float64
		want string
	}{
		{Imperial, 12.7, "1/2in (12.7mm)"}, {Imperial, 12, "12mm"}, {Imperial, 3.175, "1/8in (3.175mm)"},
		{Imperial, 8, "8mm"}, {Metric, 12, "12mm"}, {Metric, 12.7, "12.7mm"}, {Metric, 3.175, "3.175mm"},
	}
	for _, c := range cases {
		if got := c.sys.FormatExact(c.mm); got != c.want {
			t.Errorf("%s.FormatExact(%v) = %q, want %q", c.sys, c.mm, got, c.want)
		}
	}
	if Imperial.FormatExact(12) == Imperial.FormatExact(12.7) {
		t.Error("12mm and 12.7mm print alike")
	}
}
