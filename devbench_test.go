package fabkit_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/fabkit/fabkit/internal/dev"
)

// BenchmarkDevRebuildCEBPress measures fabkit dev's loop on the CEB press:
// in a copy of this checkout, a one-line edit of designs/cebpress/params.go
// (a parameter's help text, a string in the compiled code, so that go
// build must compile and link anew: a comment's edit leaves the object
// file as it was and the link cached) to the new generation live, compile
// (go build of cmd/fabkit) and the press's build included: the loop's
// default, a preview build of its meshes and drawings (what the page
// shows). It reports ms/rebuild and the compile and build parts.
func BenchmarkDevRebuildCEBPress(b *testing.B) {
	root, err := filepath.Abs(".")
	if err != nil {
		b.Fatal(err)
	}
	files, err := exec.Command("git", "-C", root, "ls-files", "-z").Output()
	if err != nil {
		b.Skipf("needs a git checkout: %v", err)
	}
	dir := b.TempDir()
	for _, f := range strings.Split(strings.TrimRight(string(files), "\x00"), "\x00") {
		if strings.HasPrefix(f, "examples/") {
			continue // another module
		}
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			continue // deleted in the work tree
		}
		os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	// On Linux the notifier sees each save at once, so ns/op is what a
	// designer waits; elsewhere a short poll stands in for it.
	pollInterval := 50 * time.Millisecond
	if runtime.GOOS == "linux" {
		pollInterval = time.Hour
	}
	loop, err := dev.New(dev.Config{Root: dir, Package: "./cmd/fabkit", Design: "ceb-press", Interval: pollInterval,
		Env: append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")})
	if err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- loop.Serve(ctx, ln) }()
	defer func() { cancel(); <-served }()
	wait := func(live int) dev.Status {
		deadline := time.Now().Add(10 * time.Minute)
		for {
			st := loop.Status()
			if st.State == dev.StateOK && st.Live >= live {
				return st
			}
			if st.State == dev.StateError {
				b.Fatalf("rebuild failed: %s", st.Message)
			}
			if time.Now().After(deadline) {
				b.Fatalf("no rebuild: %+v", st)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	st := wait(1)
	src := filepath.Join(dir, "designs", "cebpress", "params.go")
	orig, err := os.ReadFile(src)
	if err != nil {
		b.Fatal(err)
	}
	const line = `"Brick width (brickW):`
	if !bytes.Contains(orig, []byte(line)) {
		b.Fatalf("params.go has no %q", line)
	}
	var compile, build, total int64
	b.ResetTimer()
	for i := range b.N {
		// A new text every time: a text built before would find its link cached.
		edited := bytes.Replace(orig, []byte(line), []byte(line+fmt.Sprintf(" (edit %d)", i)), 1)
		if err := os.WriteFile(src, edited, 0o644); err != nil {
			b.Fatal(err)
		}
		st = wait(st.Live + 1)
		compile += st.CompileMS
		build += st.BuildMS
		total += st.TotalMS
	}
	b.StopTimer()
	n := float64(b.N)
	b.ReportMetric(float64(total)/n, "ms/rebuild")
	b.ReportMetric(float64(compile)/n, "compile-ms/rebuild")
	b.ReportMetric(float64(build)/n, "build-ms/rebuild")
}
