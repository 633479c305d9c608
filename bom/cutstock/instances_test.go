package cutstock

// This file generates the Falkenauer-style instances in testdata/cutstock.
// The original BPPLIB files could not be fetched from this workplace, so the
// instances are regenerated with the published construction and a seeded
// generator; their names say so ("gen_"). TestInstances checks that the files
// match the generator; run `go test ./bom/cutstock -run TestInstances -update`
// to rewrite them.
//
//   - U (uniform): n items with integer sizes uniform in [20, 100], bin
//     capacity 150 (Falkenauer 1996, class U).
//   - T (triplets): n/3 bins of capacity 1000, each filled exactly by three
//     items: the first uniform in [380, 490], the second uniform in
//     [251, 1000-first-251], the third the rest, so every item is strictly
//     between 250 and 500 and the optimum is n/3 full bins (class T).
//
// The file format is BPPLIB's: the item count, the capacity, then one item
// size per line.

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the generated instances in testdata/cutstock")

const testdataDir = "../../testdata/cutstock"

// instance is a bin-packing instance: item sizes and one capacity.
type instance struct {
	name  string
	cap   int
	items []int
}

func genU(n int, seed uint64) instance {
	rng := rand.New(rand.NewPCG(seed, 0x55))
	in := instance{name: fmt.Sprintf("gen_u%d_%02d", n, seed), cap: 150}
	for range n {
		in.items = append(in.items, 20+rng.IntN(81))
	}
	return in
}

func genT(n int, seed uint64) instance {
	rng := rand.New(rand.NewPCG(seed, 0x77))
	in := instance{name: fmt.Sprintf("gen_t%d_%02d", n, seed), cap: 1000}
	for range n / 3 {
		a := 380 + rng.IntN(111)
		b := 251 + rng.IntN(1000-a-251-251+1)
		in.items = append(in.items, a, b, 1000-a-b)
	}
	rng.Shuffle(len(in.items), func(i, j int) { in.items[i], in.items[j] = in.items[j], in.items[i] })
	return in
}

// standardInstances are the instances kept in testdata/cutstock.
func standardInstances() []instance {
	return []instance{genT(60, 0), genT(60, 1), genT(120, 0), genT(120, 1), genU(120, 0), genU(120, 1)}
}

func (in instance) encode() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%d\n%d\n", len(in.items), in.cap)
	for _, w := range in.items {
		fmt.Fprintf(&b, "%d\n", w)
	}
	return b.Bytes()
}

func readInstance(t testing.TB, name string) instance {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testdataDir, name+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(data))
	nums := make([]int, len(f))
	for i, s := range f {
		if nums[i], err = strconv.Atoi(s); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if len(nums) < 2 || nums[0] != len(nums)-2 {
		t.Fatalf("%s: malformed", name)
	}
	return instance{name: name, cap: nums[1], items: nums[2:]}
}

// pieces turns an instance into pieces (one per distinct size) and one bar
// at price 1, so that the cost is the number of bars.
func (in instance) problem() ([]Piece, []Bar) {
	count := map[int]int{}
	for _, w := range in.items {
		count[w]++
	}
	sizes := make([]int, 0, len(count))
	for w := range count {
		sizes = append(sizes, w)
	}
	slices.Sort(sizes)
	var ps []Piece
	for _, w := range sizes {
		ps = append(ps, Piece{Label: fmt.Sprintf("w%d", w), Length: float64(w), Qty: count[w]})
	}
	return ps, []Bar{{Length: float64(in.cap), Price: 1}}
}

func TestInstances(t *testing.T) {
	for _, in := range standardInstances() {
		path := filepath.Join(testdataDir, in.name+".txt")
		if *update {
			if err := os.WriteFile(path, in.encode(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to generate)", err)
		}
		if !bytes.Equal(got, in.encode()) {
			t.Errorf("%s differs from the generator; run with -update", path)
		}
		sum := 0
		for _, w := range in.items {
			sum += w
		}
		if in.cap == 1000 && sum != len(in.items)/3*1000 {
			t.Errorf("%s: triplet sizes sum to %d, want %d", in.name, sum, len(in.items)/3*1000)
		}
	}
}
