package dev

import (
	"os"
	"path/filepath"
	"syscall"
)

// notifier wakes the watcher as soon as the kernel reports a change in a
// watched folder (inotify), so that a save is seen at once instead of at
// the next poll. The poll stays the record of what changed, and the
// fallback for anything the notifier misses (a folder made between two
// polls, a file system without inotify).
type notifier struct {
	f       *os.File
	wake    chan struct{}
	watched map[string]bool
}

// notifyMask is the events that can mean a source changed: writes, new and
// removed entries, and the renames by which editors save atomically.
const notifyMask = syscall.IN_MODIFY | syscall.IN_CLOSE_WRITE | syscall.IN_CREATE | syscall.IN_DELETE |
	syscall.IN_MOVED_FROM | syscall.IN_MOVED_TO

// newNotifier returns a notifier, or nil when inotify is unavailable (the
// watcher then only polls).
func newNotifier() *notifier {
	fd, err := syscall.InotifyInit1(syscall.IN_CLOEXEC | syscall.IN_NONBLOCK)
	if err != nil {
		return nil
	}
	// A non-blocking descriptor goes to Go's poller, so Close ends the
	// reader's Read.
	n := &notifier{f: os.NewFile(uintptr(fd), "inotify"), wake: make(chan struct{}, 1), watched: map[string]bool{}}
	go n.read()
	return n
}

// read turns every batch of events into one wake-up; what changed is the
// poll's business.
func (n *notifier) read() {
	buf := make([]byte, 64<<10)
	for {
		if _, err := n.f.Read(buf); err != nil {
			return
		}
		select {
		case n.wake <- struct{}{}:
		default: // a wake-up is already waiting
		}
	}
}

// C is the channel a wake-up arrives on; nil (never ready) without a
// notifier.
func (n *notifier) C() <-chan struct{} {
	if n == nil {
		return nil
	}
	return n.wake
}

// watch adds the root and every folder holding a file of s to the watch
// list. Folders are never dropped: a removed one leaves the kernel's list
// by itself.
func (n *notifier) watch(root string, s snapshot) {
	if n == nil {
		return
	}
	add := func(dir string) {
		if n.watched[dir] {
			return
		}
		n.watched[dir] = true
		rc, err := n.f.SyscallConn()
		if err != nil {
			return
		}
		rc.Control(func(fd uintptr) { syscall.InotifyAddWatch(int(fd), dir, notifyMask) })
	}
	add(root)
	for p := range s {
		add(filepath.Join(root, filepath.Dir(filepath.FromSlash(p))))
	}
}

// close stops the notifier.
func (n *notifier) close() {
	if n != nil {
		n.f.Close()
	}
}
