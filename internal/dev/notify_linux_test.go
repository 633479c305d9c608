package dev

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestNotifierWakesOnSave: on Linux a save in a watched folder, in place or
// by an editor's rename over the file, wakes the watcher without waiting
// for a poll, and a file that is not watched in a folder that is still
// wakes it (the poll then decides it does not matter).
func TestNotifierWakesOnSave(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "designs", "bracket")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(sub, "bracket.go")
	if err := os.WriteFile(src, []byte("package bracket\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	n := newNotifier()
	if n == nil {
		t.Fatal("no inotify on Linux")
	}
	defer n.close()
	n.watch(root, scan(root))
	if len(n.watched) != 2 {
		t.Fatalf("watching %v, want the root and designs/bracket", n.watched)
	}
	expectWake := func(what string) {
		t.Helper()
		select {
		case <-n.C():
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: no wake-up in 5 s", what)
		}
		// Drain what the same save queued, so the next step starts clean.
		time.Sleep(20 * time.Millisecond)
		select {
		case <-n.C():
		default:
		}
	}
	select {
	case <-n.C():
		t.Fatal("woken before any change")
	case <-time.After(50 * time.Millisecond):
	}
	if err := os.WriteFile(src, []byte("package bracket // edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	expectWake("write in place")
	tmp := filepath.Join(sub, ".bracket.go.swp")
	if err := os.WriteFile(tmp, []byte("package bracket // saved by rename\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, src); err != nil {
		t.Fatal(err)
	}
	expectWake("rename over the file")
	if err := os.WriteFile(filepath.Join(root, "notes.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	expectWake("a file the poll ignores")
	n.close()
	select { // what was queued before close
	case <-n.C():
	default:
	}
	if err := os.WriteFile(src, []byte("package bracket // after close\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	select {
	case <-n.C():
		t.Fatal("woken after close")
	case <-time.After(100 * time.Millisecond):
	}
}
