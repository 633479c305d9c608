package shop

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// allocated runs f and returns the bytes it allocated in all, which bounds
// the growth of its peak heap from above.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// heapBound is the stated bound of every attack below.
const heapBound = 256 << 20

// refused checks that err is a *FieldError list whose text contains want,
// quotes no raw control character and is at most MaxErrors+1 lines of
// bounded length.
func refused(t *testing.T, what string, err error, want string, grown uint64) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: accepted", what)
	}
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Errorf("%s: error is not a *FieldError: %T", what, err)
	}
	msg := err.Error()
	if !strings.Contains(msg, want) {
		t.Errorf("%s: error %.300q does not say %q", what, msg, want)
	}
	lines := strings.Split(msg, "\n")
	if len(lines) > MaxErrors+1 {
		t.Errorf("%s: %d error lines, want at most %d", what, len(lines), MaxErrors+1)
	}
	for _, l := range lines {
		if len(l) > 400 {
			t.Errorf("%s: error line of %d bytes: %.120q", what, len(l), l)
		}
		if strings.ContainsAny(l, "\x1b\x07\r") {
			t.Errorf("%s: raw control character in %q", what, l)
		}
	}
	if grown > heapBound {
		t.Errorf("%s: allocated %d MiB, want under %d MiB", what, grown>>20, heapBound>>20)
	}
}

const head = "name: x\nunits: metric\ncurrency: USD\nmaterials: {a36: {density: 7850kg/m3}}\n"

// The attack: one profile with N identical stock lengths built
// N²/2 errors. A 1 MiB file of them is now refused at the count cap, and
// Validate of a shop built in Go with 100,000 of them reports N-1 repeats,
// lists the first MaxErrors and counts the rest.
func TestRepeatedStockLengths(t *testing.T) {
	var b strings.Builder
	b.WriteString(head + "profiles:\n  - {id: f, shape: flat, material: a36, width: 50mm, wall: 5mm, lengths: [")
	for b.Len() < MaxFileBytes-16 {
		b.WriteString("6m, ")
	}
	b.WriteString("6m]}\n")
	var err error
	grown := allocated(func() { _, err = Parse("rep.yaml", []byte(b.String())) })
	refused(t, "1 MiB of identical lengths", err, fmt.Sprintf("profiles[0].lengths: %d entries; at most %d are allowed", strings.Count(b.String(), "6m"), MaxStockLengths), grown)

	s := Default()
	s.Profiles[0].Lengths = make([]StockLength, 100_000)
	for i := range s.Profiles[0].Lengths {
		s.Profiles[0].Lengths[i] = StockLength{Length: 6096}
	}
	grown = allocated(func() { err = s.Validate() })
	refused(t, "Validate of 100,000 identical lengths", err, "and 99949 more problems (only the first 50 are listed)", grown)
	var fes FieldErrors
	if errors.As(err, &fes); len(fes) != MaxErrors+1 || fes[0].Field != "profiles[0].lengths[1].length" || fes[0].Reason != "same as lengths[0]" {
		t.Errorf("first of %d errors: %v", len(fes), fes[0])
	}
	if grown > 64<<20 {
		t.Errorf("Validate of 100,000 lengths allocated %d MiB; want under 64 MiB (linear)", grown>>20)
	}

	// At the cap, every repeat is reported against the first of its kind.
	b.Reset()
	b.WriteString(head + "profiles:\n  - {id: f, shape: flat, material: a36, width: 50mm, wall: 5mm, lengths: [6m, 20ft, 6000.5mm, 6m]}\n")
	_, err = Parse("rep.yaml", []byte(b.String()))
	want := `rep.yaml:6: profiles[0].lengths[2].length = "6000.5mm": same as lengths[0]
rep.yaml:6: profiles[0].lengths[3].length = "6m": same as lengths[0]`
	if err == nil || err.Error() != want {
		t.Errorf("repeated lengths: %v\nwant %s", err, want)
	}
}

// A 100 MB shop name (and a 100 MB file of comments) is refused at the file
// cap without being read; a long value inside the cap is refused at the
// string cap, quoted as a short escaped excerpt.
func TestHugeShopStrings(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("name: ")
	chunk := bytes.Repeat([]byte("A"), 1<<20)
	for range 100 {
		f.Write(chunk)
	}
	f.WriteString("\nunits: metric\ncurrency: USD\n")
	f.Close()
	grown := allocated(func() { _, err = Load(big) })
	refused(t, "100 MB shop name", err, "shop file larger than 1048576 bytes (shop.MaxFileBytes)", grown)
	if grown > 8<<20 {
		t.Errorf("Load of a 100 MB file allocated %d MiB: it read more than the cap", grown>>20)
	}

	name := "\x1b[31m" + strings.Repeat("B", 500<<10)
	doc := "name: \"" + strings.ReplaceAll(name, "\x1b", `\e`) + "\"\nunits: metric\ncurrency: USD\n"
	grown = allocated(func() { _, err = Parse("long.yaml", []byte(doc)) })
	refused(t, "500 KB shop name", err, `long.yaml:1: name = "\x1b[31mBBBB`, grown)
	if !strings.Contains(err.Error(), "... (512005 bytes): longer than 1024 bytes (shop.MaxStringBytes)") {
		t.Errorf("long name: %v", err)
	}
	key := strings.Repeat("k", 2000)
	_, err = Parse("key.yaml", []byte(head+"? "+key+"\n: 1\n"))
	refused(t, "2000-byte key", err, "key.yaml:5: "+strings.Repeat("k", 64)+"... (2000 bytes): key longer than 1024 bytes", 0)
}

// 300,000 profiles (aliases of one, under 1 MiB) are refused at the count
// cap, not with the alias budget's message; a plain alias bomb still gets
// the budget's message, and only that one (Validate is not run on a tree
// that was not fully read).
func TestTooManyProfiles(t *testing.T) {
	var b strings.Builder
	b.WriteString(head + "profiles: [&p {id: a, shape: flat, material: a36, width: 5mm, wall: 1mm, lengths: [6m]}")
	for range 300_000 - 1 {
		b.WriteString(",*p")
	}
	b.WriteString("]\n")
	var err error
	grown := allocated(func() { _, err = Parse("many.yaml", []byte(b.String())) })
	refused(t, "300,000 profiles", err, "many.yaml:5: profiles: 300000 entries; at most 5000 are allowed", grown)
	if strings.Contains(err.Error(), "aliases") {
		t.Errorf("300,000 profiles reported as an alias problem: %v", err)
	}

	// Every count within its cap, but 5000 profiles x 100 lengths is more
	// nodes than the budget allows.
	bomb := head + "profiles: [&p {id: a, shape: flat, material: a36, width: 5mm, wall: 1mm, lengths: [" +
		strings.Repeat("6m, ", MaxStockLengths-1) + "6m]}" + strings.Repeat(", *p", MaxProfiles-1) + "]\n"
	grown = allocated(func() { _, err = Parse("bomb.yaml", []byte(bomb)) })
	refused(t, "alias bomb", err, "document too large (aliases expand to more than 200000 nodes)", grown)
	if n := strings.Count(err.Error(), "\n") + 1; n > MaxErrors+1 {
		t.Errorf("alias bomb: %d errors", n)
	}
}

// 100,000 misspelt keys: each is reported, the list is capped, and only
// maxSuggestions "did you mean" searches run.
func TestManyUnknownKeys(t *testing.T) {
	var b strings.Builder
	b.WriteString(head + "items:\n")
	for i := range MaxItems {
		fmt.Fprintf(&b, "  - {id: i%d, price: 1, vendr: x}\n", i)
	}
	var err error
	grown := allocated(func() { _, err = Parse("keys.yaml", []byte(b.String())) })
	refused(t, "20,000 unknown keys", err, `keys.yaml:6: items[0].vendr: unknown key (did you mean "vendor"?)`, grown)
	if !strings.Contains(err.Error(), "and 19950 more problems") {
		t.Errorf("20,000 unknown keys: not counted: %.300s", err)
	}
	var h hints
	for range 2 * maxSuggestions {
		h.closest("thicknes", chartKeys)
	}
	if h.searches != maxSuggestions {
		t.Errorf("%d searches ran, want %d", h.searches, maxSuggestions)
	}
}

// zipBomb returns an XLSX-shaped zip whose sheet inflates to size bytes of
// zeros and declares declared bytes (size itself for an honest header).
func zipBomb(t *testing.T, size, declared uint64) []byte {
	// One sync-flushed deflate segment of 1 MiB of zeros, repeated: each copy
	// refers back only to zeros, so the stream is valid and tiny.
	var seg bytes.Buffer
	fw, _ := flate.NewWriter(&seg, flate.BestCompression)
	fw.Write(make([]byte, 1<<20))
	fw.Flush()
	var stream bytes.Buffer
	for range size >> 20 {
		stream.Write(seg.Bytes())
	}
	stream.Write([]byte{3, 0}) // an empty final block
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	w, _ := zw.Create("[Content_Types].xml")
	w.Write([]byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`))
	raw, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CompressedSize64: uint64(stream.Len()), UncompressedSize64: declared})
	if err != nil {
		t.Fatal(err)
	}
	raw.Write(stream.Bytes())
	zw.Close()
	return out.Bytes()
}

// A 4 GB zip bomb is refused from its declared sizes before any of it is
// inflated; one that lies about its size is stopped by archive/zip at the
// declared size.
func TestZipBombPriceList(t *testing.T) {
	data := zipBomb(t, 4<<30, 4<<30)
	if len(data) > MaxPriceListBytes {
		t.Fatalf("bomb of %d bytes is over the file cap; the test would not reach the unzip cap", len(data))
	}
	var err error
	grown := allocated(func() { _, err = ReadPriceList("bomb.xlsx", bytes.NewReader(data)) })
	refused(t, "4 GB zip bomb", err, "bomb.xlsx: XLSX inflates to more than 33554432 bytes (shop.MaxPriceListUnzipped)", grown)

	data = zipBomb(t, 1<<30, 10_000)
	grown = allocated(func() { _, err = ReadPriceList("liar.xlsx", bytes.NewReader(data)) })
	refused(t, "zip bomb declaring 10 KB", err, "liar.xlsx: cannot read XLSX", grown)
}

// A price list of 1M unknown ids is refused at the row cap; 100,000 unknown
// ids are reported with a capped list and a bounded number of suggestions;
// a 5 MB id is quoted as an excerpt.
func TestHostilePriceLists(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,price\n")
	for range 1_000_000 {
		b.WriteString("x,1\n")
	}
	var err error
	grown := allocated(func() { _, err = ReadPriceList("m.csv", strings.NewReader(b.String())) })
	refused(t, "1M rows", err, "m.csv:100001: more than 100000 rows (shop.MaxPriceRows)", grown)

	b.Reset()
	b.WriteString("id,price\n")
	for i := range MaxPriceRows - 1 {
		fmt.Fprintf(&b, "nut-%d,1\n", i+2) // near misses of nut-1: every one would search
	}
	pl, err := ReadPriceList("u.csv", strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	grown = allocated(func() { err = Default().ApplyPrices(pl) })
	refused(t, "100,000 unknown ids", err, "and 99949 more problems", grown)

	long := strings.Repeat("z", 5<<20)
	pl, err = ReadPriceList("l.csv", strings.NewReader("id,price\n"+long+",1\n"))
	if err != nil {
		t.Fatal(err)
	}
	grown = allocated(func() { err = Default().ApplyPrices(pl) })
	refused(t, "5 MB id", err, `l.csv:2: id = "zzzz`, grown)
	if !strings.Contains(err.Error(), "... (5242880 bytes): unknown id") {
		t.Errorf("5 MB id: %.200s", err)
	}
	_, err = ReadPriceList("h.csv", strings.NewReader("id,price\n"+strings.Repeat("z", 9<<20)+",1\n"))
	refused(t, "9 MB price list", err, "larger than 8388608 bytes (shop.MaxPriceListBytes)", 0)
}
