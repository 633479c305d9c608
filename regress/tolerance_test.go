package regress

import (
	"errors"
	"strings"
	"testing"
)

func TestToleranceAllows(t *testing.T) {
	tests := []struct {
		tol      Tolerance
		old, new float64
		want     bool
	}{
		{Tolerance{}, 3, 3, true},
		{Tolerance{}, 3, 4, false},
		{Tolerance{}, 0.30000000000000004, 0.3, false}, // exact is exact
		{Tolerance{Abs: 0.01}, 100, 100.01, true},
		{Tolerance{Abs: 0.01}, 100, 99.99, true},
		{Tolerance{Abs: 0.01}, 100, 100.011, false},
		{Tolerance{Rel: 0.01}, 200, 202, true},
		{Tolerance{Rel: 0.01}, 200, 197.9, false},
		{Tolerance{Rel: 0.01}, 0, 0.001, false}, // relative to zero allows nothing
		{Tolerance{Abs: 1, Rel: 0.01}, 0, 0.5, true},
		{Tolerance{Abs: 1, Rel: 0.01}, 1000, 1009, true},
		{Tolerance{Abs: 1, Rel: 0.01}, 1000, 1011, false},
	}
	for _, tt := range tests {
		if got := tt.tol.Allows(tt.old, tt.new); got != tt.want {
			t.Errorf("%v.Allows(%v, %v) = %v, want %v", tt.tol, tt.old, tt.new, got, tt.want)
		}
	}
}

func TestToleranceString(t *testing.T) {
	for tol, want := range map[Tolerance]string{
		{}:                      "exact",
		{Abs: 0.01}:             "±0.01",
		{Rel: 0.0001}:           "±0.01 %",
		{Rel: 0.005}:            "±0.5 %",
		{Abs: 1, Rel: 0.001}:    "±1 or ±0.1 %",
		{Abs: 0.005}:            "±0.005",
		{Rel: 0.02, Abs: 0.001}: "±0.001 or ±2 %",
	} {
		if got := tol.String(); got != want {
			t.Errorf("%#v.String() = %q, want %q", tol, got, want)
		}
	}
}

func TestToleranceSet(t *testing.T) {
	tests := []struct {
		spec string
		name string
		want Tolerance
	}{
		{"volume=0.05%", "volume", Tolerance{Rel: 0.0005}},
		{"bbox=0.1", "bbox", Tolerance{Abs: 0.1}},
		{"utilization=1pp", "utilization", Tolerance{Abs: 0.01}},
		{"cost=1, 2%", "cost", Tolerance{Abs: 1, Rel: 0.02}},
		{"count=exact", "count", Tolerance{}},
		{"time=0", "time", Tolerance{}},
		{" mass = 0.1% ", "mass", Tolerance{Rel: 0.001}},
		{"cut_length=2", "cut_length", Tolerance{Abs: 2}},
		{"summary=0.5%", "summary", Tolerance{Rel: 0.005}},
		{"area=3", "area", Tolerance{Abs: 3}},
		// Issue 17: --tol bbox=1in was refused. Absolute tolerances take
		// the units people measure in.
		{"bbox=1in", "bbox", Tolerance{Abs: 25.4}},
		{"bbox=1/64in", "bbox", Tolerance{Abs: 0.396875}},
		{"bbox=0.1mm", "bbox", Tolerance{Abs: 0.1}},
		{"cut_length=1ft,0.1%", "cut_length", Tolerance{Abs: 304.8, Rel: 0.001}},
		{"mass=1lb", "mass", Tolerance{Abs: 0.45359237}},
		{"mass=5g", "mass", Tolerance{Abs: 0.005}},
		{"time=2min", "time", Tolerance{Abs: 120}},
		{"volume=1cm3", "volume", Tolerance{Abs: 1000}},
	}
	for _, tt := range tests {
		tol := DefaultTolerances()
		if err := tol.Set(tt.spec); err != nil {
			t.Errorf("Set(%q): %v", tt.spec, err)
			continue
		}
		if got, _ := tol.Get(tt.name); got != tt.want {
			t.Errorf("Set(%q): %s = %+v, want %+v", tt.spec, tt.name, got, tt.want)
		}
	}

	for _, spec := range []string{"volume", "weight=1%", "volume=abc", "volume=-1", "volume=1e400", "volume=NaN", "volume=1in", "bbox=1furlong", "mass=1in", "cost=1USD", "time=1lb"} {
		tol := DefaultTolerances()
		err := tol.Set(spec)
		var te *ToleranceError
		if !errors.As(err, &te) || te.Spec != spec {
			t.Errorf("Set(%q) = %v, want a *ToleranceError naming the spec", spec, err)
			continue
		}
		if tol != DefaultTolerances() {
			t.Errorf("Set(%q) failed but changed the tolerances", spec)
		}
	}
	var tol Tolerances
	err := tol.Set("weight=1%")
	if err == nil || !strings.Contains(err.Error(), "cut_length") {
		t.Errorf("unknown quantity error should list the names: %v", err)
	}
}

func TestToleranceNames(t *testing.T) {
	tol := DefaultTolerances()
	for _, name := range ToleranceNames() {
		if _, ok := tol.Get(name); !ok {
			t.Errorf("%s listed but unknown to Get", name)
		}
		if err := tol.Set(name + "=1%"); err != nil {
			t.Errorf("Set(%s=1%%): %v", name, err)
		}
	}
	if _, ok := tol.Get("nope"); ok {
		t.Error("Get(nope) found a tolerance")
	}
}
