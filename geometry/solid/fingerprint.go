package solid

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"math"
	"reflect"
	"runtime"
	"strings"

	"github.com/deadsy/sdfx/sdf"
)

// Fingerprint hashes everything an sdfx solid is made of: the type and
// every field of every node of its tree, exported or not, floats by their
// bits. Two solids with equal fingerprints evaluate the same everywhere, so
// their meshes can be shared (see Cache).
//
// ok is false when the solid holds something whose effect cannot be hashed:
// a closure or bound method (its captured values are invisible, e.g.
// sdf.RoundMin's blend radius), a map (sdfx's caches), a channel or an
// unsafe pointer. Such a solid is always meshed afresh.
func Fingerprint(s sdf.SDF3) (sum [32]byte, ok bool) {
	f := &fingerprinter{h: sha256.New(), seen: map[uintptr]int{}}
	f.value(reflect.ValueOf(&s).Elem(), 0)
	if f.bad != "" {
		return sum, false
	}
	copy(sum[:], f.h.Sum(nil))
	return sum, true
}

var compiledType = reflect.TypeOf((*Compiled)(nil))

// maxFingerprintDepth bounds the recursion; deeper trees are not cached.
const maxFingerprintDepth = 10000

type fingerprinter struct {
	h    hash.Hash
	seen map[uintptr]int // pointer -> order of first visit, for shared nodes and cycles
	bad  string          // why the solid cannot be fingerprinted
	buf  [8]byte
}

func (f *fingerprinter) u64(x uint64) {
	binary.LittleEndian.PutUint64(f.buf[:], x)
	f.h.Write(f.buf[:])
}

func (f *fingerprinter) str(s string) {
	f.u64(uint64(len(s)))
	f.h.Write([]byte(s))
}

func (f *fingerprinter) value(v reflect.Value, depth int) {
	if f.bad != "" {
		return
	}
	if depth > maxFingerprintDepth {
		f.bad = "too deep"
		return
	}
	f.u64(uint64(v.Kind()))
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			f.u64(1)
		} else {
			f.u64(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		f.u64(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		f.u64(v.Uint())
	case reflect.Float32, reflect.Float64:
		f.u64(math.Float64bits(v.Float()))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		f.u64(math.Float64bits(real(c)))
		f.u64(math.Float64bits(imag(c)))
	case reflect.String:
		f.str(v.String())
	case reflect.Array, reflect.Slice:
		if v.Kind() == reflect.Slice && v.IsNil() {
			f.u64(math.MaxUint64)
			return
		}
		f.u64(uint64(v.Len()))
		for i := 0; i < v.Len(); i++ {
			f.value(v.Index(i), depth+1)
		}
	case reflect.Struct:
		t := v.Type()
		f.str(t.PkgPath() + "." + t.Name())
		for i := 0; i < v.NumField(); i++ {
			f.str(t.Field(i).Name)
			f.value(v.Field(i), depth+1)
		}
	case reflect.Pointer:
		if v.IsNil() {
			f.u64(0)
			return
		}
		p := v.Pointer()
		if n, ok := f.seen[p]; ok {
			f.u64(2)
			f.u64(uint64(n))
			return
		}
		f.seen[p] = len(f.seen)
		f.u64(1)
		f.str(v.Type().Elem().String())
		f.value(v.Elem(), depth+1)
	case reflect.Interface:
		if v.IsNil() {
			f.u64(0)
			return
		}
		e := v.Elem()
		for e.Type() == compiledType { // a Compiled is its source
			e = e.Elem().FieldByName("src").Elem()
		}
		f.str(e.Type().String())
		f.value(e, depth+1)
	case reflect.Func:
		if v.IsNil() {
			f.u64(0)
			return
		}
		fn := runtime.FuncForPC(v.Pointer())
		if fn == nil {
			f.bad = "unknown function"
			return
		}
		name := fn.Name()
		// Closures (pkg.F.func1), bound methods (pkg.T.M-fm) and generic
		// instances carry state or shape the name does not show.
		if closureName(name) {
			f.bad = fmt.Sprintf("closure %s", name)
			return
		}
		f.str(name)
	default: // Map, Chan, UnsafePointer, Invalid
		f.bad = v.Kind().String()
	}
}

// closureName reports whether a function name from the runtime names an
// anonymous function, a bound method value or a generic instance.
func closureName(name string) bool {
	last := name[strings.LastIndexByte(name, '/')+1:]
	if strings.HasSuffix(last, "-fm") || strings.Contains(last, "[") {
		return true
	}
	for _, part := range strings.Split(last, ".") {
		if strings.HasPrefix(part, "func") && len(part) > 4 && strings.Trim(part[4:], "0123456789") == "" {
			return true
		}
		if strings.HasPrefix(part, "gowrap") || strings.HasPrefix(part, "deferwrap") {
			return true
		}
	}
	return false
}
