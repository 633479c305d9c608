package shop

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"
)

//go:embed shops/*.yaml
var builtinFS embed.FS

// DefaultName is the shipped shop Default returns.
const DefaultName = "us-imperial"

// BuiltinNames lists the shops shipped with fabkit, sorted: "metric",
// "us-imperial".
func BuiltinNames() []string {
	entries, _ := fs.ReadDir(builtinFS, "shops")
	var names []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

var builtinCache sync.Map // name -> *Shop, parsed once

// Builtin returns a fresh copy of a shipped shop, by name ("us-imperial" or
// "us-imperial.yaml"); callers may change it freely.
func Builtin(name string) (*Shop, error) {
	name = strings.TrimSuffix(name, ".yaml")
	if s, ok := builtinCache.Load(name); ok {
		return s.(*Shop).Clone(), nil
	}
	data, err := builtinFS.ReadFile("shops/" + name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("shop: no built-in shop %q (have %s)", name, strings.Join(BuiltinNames(), ", "))
	}
	s, err := Parse(name+".yaml", data)
	if err != nil {
		return nil, err
	}
	builtinCache.Store(name, s)
	return s.Clone(), nil
}

// Default returns a fresh copy of the default shop: OSE-style, imperial, USD.
func Default() *Shop {
	s, err := Builtin(DefaultName)
	if err != nil {
		panic("shop: the shipped default shop does not parse: " + err.Error()) // caught by the package tests
	}
	return s
}
