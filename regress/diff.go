package regress

import (
	"fmt"
	"github.com/fabkit/fabkit/manifest"
	"io"
	"strconv"
	"strings"
)

// PartChange is a part present in both builds with something changed.
type PartChange struct {
	ID       string
	Old, New manifest.Part
	Rows     []Row // what changed, in manifest order
}

// Resized reports whether the part's bounding box or volume changed.
func (p PartChange) Resized() bool {
	for _, r := range p.Rows {
		if strings.HasPrefix(r.Quantity, "bbox_") || r.Quantity == "volume_mm3" {
			return true
		}
	}
	return false
}

// DiffReport says what changed from one build to another, with no
// tolerance: every Row is a change, none a failure (OK is always true).
type DiffReport struct {
	Old, New string // the two designs, as "name version (preset P)"
	Design   []Row  // design, preset, shop, parameters, summary figures, warnings
	Added    []manifest.Part
	Removed  []manifest.Part
	Changed  []PartChange // resized or otherwise changed, in manifest order
	Stock    []Row        // bars and sheets to buy, and unit prices
	Nests    []Row        // nested sheets and their totals
	Cost     []Row        // cost by category and the total
	Files    []Row        // output files added, removed or with new bytes

	disp display // how WriteText prints numbers: the new build's units
}

// Empty reports whether the two builds are the same.
func (d DiffReport) Empty() bool {
	return len(d.Design) == 0 && len(d.Added) == 0 && len(d.Removed) == 0 && len(d.Changed) == 0 &&
		len(d.Stock) == 0 && len(d.Nests) == 0 && len(d.Cost) == 0 && len(d.Files) == 0
}

// Resized lists the ids of the parts whose size changed: the parts an
// outline overlay is worth drawing for.
func (d DiffReport) Resized() []string {
	var ids []string
	for _, p := range d.Changed {
		if p.Resized() {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

// Diff compares two builds' manifests, a the old one and b the new one.
// Nil manifests compare as empty ones.
func Diff(a, b *manifest.Manifest) DiffReport {
	a, b = orEmpty(a), orEmpty(b)
	c := &comparer{tol: Tolerances{CompareFiles: true}}
	d := DiffReport{Old: label(a), New: label(b), disp: displayFor(b, a)}
	c.design(a, b)
	d.Design = c.take()
	for _, p := range match(a.Parts, b.Parts, func(p manifest.Part) string { return p.ID }) {
		switch {
		case p.old == nil:
			d.Added = append(d.Added, *p.new)
		case p.new == nil:
			d.Removed = append(d.Removed, *p.old)
		default:
			c.part(p)
			if rows := c.take(); len(rows) > 0 {
				d.Changed = append(d.Changed, PartChange{ID: p.key, Old: *p.old, New: *p.new, Rows: rows})
			}
		}
	}
	c.stock(a, b)
	d.Stock = c.take()
	c.nests(a, b)
	d.Nests = c.take()
	c.cost(a, b)
	d.Cost = c.take()
	c.files(a, b)
	d.Files = c.take()
	return d
}

// WriteText writes the diff as plain text: a heading, then one section per
// kind of change (design, parts added, removed, resized, changed, stock,
// nests, cost, files), each an aligned table. Sections without changes
// are left out.
func (d DiffReport) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "diff %s -> %s\n", orDash(d.Old), orDash(d.New))
	if d.Empty() {
		b.WriteString("no change\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	rows := func(title string, rs []Row) {
		if len(rs) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s:\n", title)
		t := &table{right: []bool{false, false, false, true, true, true, true}}
		for _, r := range rs {
			qty, old, new, delta := d.disp.cells(r)
			t.add(r.Numeric, " ", r.Part, qty, old, new, delta, formatPct(r))
		}
		t.write(&b)
	}
	parts := func(title, mark string, ps []manifest.Part) {
		if len(ps) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s (%d):\n", title, len(ps))
		t := &table{}
		for _, p := range ps {
			t.add(false, " "+mark, p.ID, p.Name, "×"+strconv.Itoa(p.Qty), p.Process, p.Stock, d.disp.bbox(p.BBoxMM), d.disp.volume(p.VolumeMM3))
		}
		t.write(&b)
	}
	changed := func(title string, resized bool) {
		var t table
		t.right = []bool{false, false, false, true, true, true, true}
		n := 0
		for _, p := range d.Changed {
			if p.Resized() != resized {
				continue
			}
			n++
			for i, r := range p.Rows {
				id := ""
				if i == 0 {
					id = p.ID
				}
				qty, old, new, delta := d.disp.cells(r)
				t.add(r.Numeric, " ~", id, qty, old, new, delta, formatPct(r))
			}
		}
		if n > 0 {
			fmt.Fprintf(&b, "\n%s (%d):\n", title, n)
			t.write(&b)
		}
	}
	rows("design", d.Design)
	parts("parts added", "+", d.Added)
	parts("parts removed", "-", d.Removed)
	changed("parts resized", true)
	changed("parts changed", false)
	rows("stock", d.Stock)
	rows("nests", d.Nests)
	rows("cost", d.Cost)
	rows("files", d.Files)
	_, err := io.WriteString(w, b.String())
	return err
}

func bboxText(bb [3]float64) string {
	return formatNum(bb[0]) + " × " + formatNum(bb[1]) + " × " + formatNum(bb[2]) + " mm"
}
