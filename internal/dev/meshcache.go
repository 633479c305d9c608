package dev

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// fabkitModule is fabkit's own module path: in its checkout a save can
// change the mesher itself.
const fabkitModule = "github.com/fabkit/fabkit"

// meshCacheFor is the mesh cache folder generation gen's command uses.
// Every generation shares one, so that a save re-marches only the
// free-form parts whose solid it changed (the cache keys a mesh by its
// solid's parameters and the mesher's version). In fabkit's own checkout
// a save under geometry/ may change how solids are meshed without a new
// mesher version, so it starts a new, empty folder.
func (l *Loop) meshCacheFor(gen int, files []string) string {
	if l.meshes == "" || (l.ownModule() && touchesGeometry(files)) {
		l.meshes = filepath.Join(l.tmp, fmt.Sprintf("meshes-%d", gen))
	}
	return l.meshes
}

// ownModule reports whether the loop watches fabkit's own checkout.
func (l *Loop) ownModule() bool {
	return modulePath(filepath.Join(l.cfg.Root, "go.mod")) == fabkitModule
}

// touchesGeometry reports whether a changed file (a slash path from the
// root) is in the geometry packages.
func touchesGeometry(files []string) bool {
	for _, f := range files {
		if strings.HasPrefix(f, "geometry/") {
			return true
		}
	}
	return false
}

// modulePath is the module path a go.mod declares; "" when it cannot be
// read.
func modulePath(gomod string) string {
	f, err := os.Open(gomod)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module"); ok && rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}
