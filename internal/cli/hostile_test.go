package cli

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// allocated runs f and returns the bytes it allocated in all (an upper
// bound of its peak heap growth).
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Hostile --params files and values: each exits 2 before any build, names
// the problem, quotes values as short escaped excerpts and stays within
// 64 MiB of allocation.
func TestHostileParams(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	huge := strings.Repeat("9", 900<<10)
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"/dev/zero", []string{"--params", "/dev/zero"}, "--params: /dev/zero: larger than 1048576 bytes"},
		{"trailing garbage", []string{"--params", write("t.json", `{"brick_length":"10in"} rm -rf`)}, "unexpected data after the JSON document"},
		{"second object", []string{"--params", write("s.json", `{"brick_length":"10in"}{"brick_length":"11in"}`)}, "unexpected data after the JSON document"},
		{"duplicate key", []string{"--params", write("d.json", `{"brick_length":"10in","brick_length":"11in"}`)}, "brick_length: duplicate key (first at byte 1)"},
		{"900 KB value", []string{"--params", write("v.json", `{"brick_length":"`+huge+`"}`)}, "brick_length = " + strings.Repeat("9", 64) + "... (921600 bytes): "},
		{"900 KB name", []string{"--params", write("n.json", `{"`+huge+`":1}`)}, `unknown parameter "` + strings.Repeat("9", 64) + `"... (921600 bytes)`},
		{"900 KB preset", []string{"--preset", huge}, `unknown preset "` + strings.Repeat("9", 64) + `"... (921600 bytes) (presets:`},
		{"ANSI value", []string{"-D", "brick_length=\x1b[2J\x1b]0;pwned\x07"}, `brick_length = \x1b[2J\x1b]0;pwned\a: `},
	} {
		if c.name == "/dev/zero" {
			if _, err := os.Stat("/dev/zero"); err != nil {
				continue
			}
		}
		out := filepath.Join(dir, "out")
		var code int
		var stderr string
		grown := allocated(func() {
			code, _, stderr = fabkit(t, append([]string{"build", "ceb-press", "--out", out}, c.args...)...)
		})
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, stderr %.300q; want exit 2 and %q", c.name, code, stderr, c.want)
		}
		if len(stderr) > 600 || strings.ContainsAny(stderr, "\x1b\x07") {
			t.Errorf("%s: stderr of %d bytes or with raw control characters: %.300q", c.name, len(stderr), stderr)
		}
		if grown > 64<<20 {
			t.Errorf("%s: allocated %d MiB, want under 64 MiB", c.name, grown>>20)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%s: a refused build wrote %s", c.name, out)
		}
	}
}

// A shop file or price list the shop package refuses (its caps and their
// messages are tested there, in shop/limits_test.go) stops the CLI the same
// way: exit 2 before any build, the refusal naming the file, a short
// stderr, nothing written.
func TestRefusedShopAndPrices(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	os.WriteFile(big, []byte("name: "+strings.Repeat("n", 3<<20)+"\n"), 0o644)
	prices := filepath.Join(dir, "p.csv")
	os.WriteFile(prices, []byte("id,price\n"+strings.Repeat("no-such,1\n", 200_000)), 0o644)
	for _, c := range []struct {
		name string
		args []string
		file string
	}{
		{"shop over the file cap", []string{"--shop", big}, big},
		{"price list over the row cap", []string{"--prices", prices}, prices},
	} {
		out := filepath.Join(dir, "out")
		code, _, stderr := fabkit(t, append([]string{"build", "ceb-press", "--out", out}, c.args...)...)
		if code != exitUsage || !strings.Contains(stderr, filepath.Base(c.file)) || len(stderr) > 600 || strings.ContainsAny(stderr, "\x1b\x07") {
			t.Errorf("%s: exit %d, stderr %.300q; want exit 2 and a short message naming %s", c.name, code, stderr, c.file)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%s: a refused build wrote %s", c.name, out)
		}
	}
}
