package strictjson

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestCheck(t *testing.T) {
	for _, c := range []struct {
		in, field, reason string // reason: a substring of the message; "" = accepted
	}{
		{`{"design":"ceb-press","preset":"x"}`, "", ""},
		{`{"design":"ceb-press","design":"d3d"}`, "design", "duplicate key (first at byte 1)"},
		{`{"params":{"a":1,"b":{"c":[1,{"d":1,"d":2}]}}}`, "params.b.c[1].d", "duplicate key"},
		{`{"a":1,"b":[{"a":1},{"a":1}]}`, "", ""}, // the same key in sibling objects is fine
		{`{"a":1} {"a":2}`, "", "unexpected data after the JSON document"},
		{`{"a":1} x`, "", "unexpected data after the JSON document"},
		{`{"a":1`, "", "unexpected end of input"},
		{`{"a":1}` + "\n\t ", "", ""},
		{`{"a":[1,2`, "a", "unexpected end of input"},
		{`{"a":tru}`, "a", "not valid JSON"},
		{strings.Repeat("[", 100) + strings.Repeat("]", 100), strings.Repeat("[0]", 64), "nested deeper than 64 levels"},
		{`{"` + strings.Repeat("k", 900<<10) + `":1,"` + strings.Repeat("k", 900<<10) + `":2}`, strings.Repeat("k", 64) + "... (921600 bytes)", "duplicate key"},
		{`{"\u001b[2J":1,"\u001b[2J":2}`, `\x1b[2J`, "duplicate key"},
	} {
		err := Check([]byte(c.in))
		if c.reason == "" {
			if err != nil {
				t.Errorf("Check(%.40s): %v", c.in, err)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Check(%.40s) = %v, want an *Error", c.in, err)
			continue
		}
		if c.field != "" && e.Field != c.field || !strings.Contains(e.Reason, c.reason) {
			t.Errorf("Check(%.40s) = field %.80q reason %q, want field %.80q reason ~%q", c.in, e.Field, e.Reason, c.field, c.reason)
		}
	}
	if err := Check([]byte(" \n")); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty document: %v", err)
	}
}

func TestDecode(t *testing.T) {
	var v struct {
		Design string `json:"design"`
		N      int    `json:"n"`
	}
	err := Decode([]byte(`{"design":"x","extra":1}`), &v, Options{DisallowUnknownFields: true})
	var e *Error
	if !errors.As(err, &e) || e.Field != "extra" || e.Reason != "unknown field" {
		t.Errorf("unknown field: %v", err)
	}
	err = Decode([]byte(`{"n":"x"}`), &v, Options{})
	if !errors.As(err, &e) || e.Field != "n" {
		t.Errorf("type error: %v", err)
	}
	if err := Decode([]byte(`{"design":"ceb-press","n":3}`), &v, Options{DisallowUnknownFields: true}); err != nil || v.Design != "ceb-press" || v.N != 3 {
		t.Errorf("good document: %v %+v", err, v)
	}
}

// TestReadFileDevZero: a parameter file that never ends is refused at the
// cap, at once and within a small heap.
func TestReadFileDevZero(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	done := make(chan error, 1)
	go func() { _, err := ReadFile("/dev/zero", 1<<20); done <- err }()
	select {
	case err := <-done:
		var tl *TooLargeError
		if !errors.As(err, &tl) || tl.Limit != 1<<20 {
			t.Fatalf("ReadFile(/dev/zero) = %v, want a TooLargeError", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("ReadFile(/dev/zero) did not stop")
	}
	runtime.ReadMemStats(&after)
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 16<<20 {
		t.Errorf("reading /dev/zero allocated %d MiB, want under 16 MiB", grown>>20)
	}
	p := filepath.Join(t.TempDir(), "p.json")
	os.WriteFile(p, []byte(`{"a":1}`), 0o644)
	if data, err := ReadFile(p, 1<<20); err != nil || string(data) != `{"a":1}` {
		t.Errorf("ReadFile of a small file: %q %v", data, err)
	}
}

// FuzzCheck: Check never panics, and whatever it accepts encoding/json
// accepts too, with no key given twice in any object.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{`{"design":"ceb-press","design":"d3d"}`, `{"a":[1,{"b":2}]}`, `{} {}`, `[`, `"x"`, `{"params":{"x":"1in","x":"2in"}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := Check(data)
		if err != nil {
			return
		}
		var v any
		if jerr := Decode(data, &v, Options{UseNumber: true}); jerr != nil {
			t.Fatalf("Check accepted what Decode refuses: %v", jerr)
		}
	})
}
