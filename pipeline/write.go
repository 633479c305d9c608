package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// WriteDir writes the build's files into dir so that a failure, a kill or
// a power cut at any instant leaves the previous folder (or nothing) or the
// new one at dir, never a half-written one:
//
//   - the files go into a temporary sibling folder (.DIR.tmp-N), each file
//     and folder fsynced;
//   - where dir exists, the two are swapped in one step (renameat2
//     RENAME_EXCHANGE on Linux); elsewhere dir is renamed aside to
//     .DIR.tmp-N.old and the new folder renamed into place;
//   - the parent folder is fsynced, then the old build removed.
//
// At its start WriteDir repairs what an earlier killed write of the same
// dir left: when dir is missing and a .old folder holds the previous build
// (a kill between the two renames), that build is put back; every other
// leftover .DIR.tmp-* folder is removed.
//
// An existing dir is replaced only when it is empty or holds a
// manifest.json of an earlier build, so a mistyped --out never wipes an
// unrelated folder.
func WriteDir(dir string, files []File) (err error) {
	dir = filepath.Clean(dir)
	if err := recoverDir(dir); err != nil {
		return err
	}
	if err := CheckOutDir(dir); err != nil {
		return err
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, tmpPrefix(dir))
	if err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	hook := testHook()
	hook.at("write")
	dirs := map[string]bool{tmp: true}
	paths := make([]string, len(files))
	if err := uniquePaths(files); err != nil { // written at once, two would race
		return err
	}
	for i, f := range files {
		if err := checkRelPath(f.Path); err != nil {
			return err
		}
		full := filepath.Join(tmp, filepath.FromSlash(f.Path))
		for d := filepath.Dir(full); !dirs[d]; d = filepath.Dir(d) {
			dirs[d] = true
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		paths[i] = full
	}
	if err := writeAll(paths, files, hook); err != nil {
		return err
	}
	for d := range dirs { // the entries of each folder, before the folder is renamed
		if err := syncDir(d); err != nil {
			return fmt.Errorf("output folder: %w", err)
		}
	}
	if _, statErr := os.Stat(dir); statErr != nil {
		if err := os.Rename(tmp, dir); err != nil {
			return fmt.Errorf("output folder: %w", err)
		}
		return syncDir(parent)
	}
	xerr := errNoExchange
	if !hook.twoRenames {
		xerr = exchange(tmp, dir)
	}
	switch {
	case xerr == nil: // dir is the new build; tmp holds the old one
		hook.at("replaced")
	case errors.Is(xerr, errNoExchange):
		old := tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("output folder: %w", err)
		}
		hook.at("between") // dir is missing here: recoverDir puts old back
		if err := os.Rename(tmp, dir); err != nil {
			os.Rename(old, dir) // put the previous build back
			return fmt.Errorf("output folder: %w", err)
		}
		tmp = old
	default:
		return fmt.Errorf("output folder: %w", xerr)
	}
	if err := syncDir(parent); err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	os.RemoveAll(tmp) // the old build; a leftover is removed by the next write
	return nil
}

// errNoExchange says the platform cannot swap two folders in one step.
var errNoExchange = errors.New("atomic exchange not supported")

// tmpPrefix is the name prefix of dir's temporary siblings.
func tmpPrefix(dir string) string { return "." + filepath.Base(dir) + ".tmp-" }

// recoverDir repairs the leftovers of an earlier killed WriteDir of dir:
// when dir is missing and a .old sibling holds the previous build, it is
// renamed back; every other .DIR.tmp-* sibling is removed. A sibling of a
// write still running in another process would be removed too: two
// processes must not write the same dir at once.
func recoverDir(dir string) error {
	parent := filepath.Dir(dir)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil // no parent yet: nothing to repair
	}
	prefix := tmpPrefix(dir)
	var olds, rest []string
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, prefix) {
			continue
		}
		if strings.HasSuffix(name, ".old") {
			olds = append(olds, filepath.Join(parent, name))
		} else {
			rest = append(rest, filepath.Join(parent, name))
		}
	}
	if _, err := os.Lstat(dir); errors.Is(err, os.ErrNotExist) && len(olds) > 0 {
		// Killed between the two renames: the previous build is complete
		// in .old (its replacement was complete too, but older is safer to
		// restore than to guess).
		keep := olds[len(olds)-1]
		if err := os.Rename(keep, dir); err != nil {
			return fmt.Errorf("output folder: restoring %s: %w", keep, err)
		}
		olds = olds[:len(olds)-1]
		syncDir(parent)
	}
	for _, p := range append(olds, rest...) {
		os.RemoveAll(p)
	}
	return nil
}

// syncWriters is how many files WriteDir writes and fsyncs at once. Each
// fsync waits for the disk; several at once share its journal commits (83
// new files: ~35-120 ms one by one, ~20-35 ms eight at a time, on ext4).
const syncWriters = 8

// writeAll writes and fsyncs files[i] at paths[i], syncWriters at a time
// (one at a time under the slow test hook, which widens the write window
// file by file), and returns the first error in file order.
func writeAll(paths []string, files []File, hook writeHook) error {
	errs := make([]error, len(files))
	workers := syncWriters
	if hook.slow {
		workers = 1
	}
	forEach(context.Background(), workers, len(files), func(i int) {
		if err := writeSynced(paths[i], files[i].Data); err != nil {
			errs[i] = fmt.Errorf("writing %s: %w", files[i].Path, err)
		}
		hook.file()
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// writeSynced writes a file and fsyncs it.
func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	return errors.Join(werr, serr, cerr)
}

// syncDir fsyncs a folder, making the entries created or renamed in it
// durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) { // some file systems cannot sync a folder
		return err
	}
	return nil
}

// writeHook is WriteDir's test hook, read from FABKIT_TEST_WRITEDIR (only
// the crash test sets it): a comma-separated list of
//
//	two-renames   replace with two renames even where an exchange works
//	pause=STEP    print "writedir: STEP" on stderr and sleep 30 s at STEP
//	              (write, replaced, between), so a test can kill there
//	slow          sleep 2 ms after each file, to widen the write window
//	announce      print "writedir: STEP" at every step without pausing
type writeHook struct {
	twoRenames, slow, announce bool
	pause                      string
}

func testHook() writeHook {
	var h writeHook
	for _, w := range strings.Split(os.Getenv("FABKIT_TEST_WRITEDIR"), ",") {
		switch {
		case w == "two-renames":
			h.twoRenames = true
		case w == "slow":
			h.slow = true
		case w == "announce":
			h.announce = true
		case strings.HasPrefix(w, "pause="):
			h.pause = strings.TrimPrefix(w, "pause=")
		}
	}
	return h
}

func (h writeHook) at(step string) {
	if h.announce || h.pause == step {
		fmt.Fprintf(os.Stderr, "writedir: %s\n", step)
	}
	if h.pause == step {
		time.Sleep(30 * time.Second)
	}
}

func (h writeHook) file() {
	if h.slow {
		time.Sleep(2 * time.Millisecond)
	}
}

// CheckOutDir refuses, before any build, an output folder that WriteDir
// must not replace: the filesystem root, the system's temporary folder
// itself, the home folder, the working folder or one of its parents, and
// any existing folder that is neither empty nor an earlier build. The CLI
// calls it before building, so a bad --out costs no work (exit 2).
func CheckOutDir(dir string) error {
	abs, err := filepath.Abs(filepath.Clean(dir))
	if err != nil {
		return fmt.Errorf("output folder %s: %w", dir, err)
	}
	real := abs
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		real = r
	}
	unsafe := map[string]string{string(filepath.Separator): "the filesystem root", os.TempDir(): "the system's temporary folder"}
	if home, err := os.UserHomeDir(); err == nil {
		unsafe[home] = "your home folder"
	}
	for p, what := range unsafe {
		for _, q := range []string{p, evalOr(p)} {
			if q == abs || q == real {
				return fmt.Errorf("output folder %s is %s; name a folder of its own inside it, such as %s", dir, what, filepath.Join(dir, "fabkit-out"))
			}
		}
	}
	if wd, err := os.Getwd(); err == nil {
		for _, w := range []string{wd, evalOr(wd)} {
			if rel, err := filepath.Rel(real, w); err == nil && (rel == "." || !strings.HasPrefix(rel, "..")) {
				return fmt.Errorf("output folder %s is the working folder or holds it; name a folder of its own, such as out/DESIGN", dir)
			}
		}
	}
	return replaceable(abs)
}

// evalOr resolves symlinks in p, or returns p.
func evalOr(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

// replaceable refuses to replace a folder that is not an earlier build.
func replaceable(dir string) error {
	info, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	if !info.IsDir() {
		return fmt.Errorf("output folder %s exists and is not a folder", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err == nil {
		return nil
	}
	return fmt.Errorf("output folder %s is not empty and holds no manifest.json from an earlier build; refusing to replace it", dir)
}

// checkRelPath rejects paths that would escape the output folder.
func checkRelPath(p string) error {
	if p == "" || path.IsAbs(p) || strings.Contains(p, "\\") || path.Clean(p) != p || strings.HasPrefix(p, "../") || p == ".." {
		return fmt.Errorf("bad output path %q", p)
	}
	return nil
}
