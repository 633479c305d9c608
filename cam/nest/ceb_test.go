package nest_test

import (
	"context"
	"math"
	"sort"
	"syscall"
	"testing"
	"time"

	"github.com/fabkit/fabkit/cam/nest"
	"github.com/fabkit/fabkit/designs/cebpress"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

const inch = 25.4

// cebGroup is one plate thickness of the real CEB press: its parts, the
// shop's sheet sizes for it and the options the build nests it with.
type cebGroup struct {
	thickness float64
	parts     []nest.Part
	sheets    []nest.SheetSize
	opt       nest.Options
}

// realCEB builds the CEB press classic-6x12 with the default shop and
// groups its plate parts by thickness, with the nest options of
// pipeline/camstage.go.
func realCEB(tb testing.TB) []cebGroup {
	tb.Helper()
	d := cebpress.Design{}
	v, err := d.Schema().Resolve("classic-6x12")
	if err != nil {
		tb.Fatal(err)
	}
	s := shop.Default()
	m, err := d.Build(context.Background(), v, s, &params.Report{})
	if err != nil {
		tb.Fatal(err)
	}
	var groups []cebGroup
	for _, p := range m.Parts {
		if p.Plate == nil {
			continue
		}
		gi := -1
		for i, g := range groups {
			if math.Abs(g.thickness-p.Plate.Thickness) < 0.01 {
				gi = i
			}
		}
		if gi < 0 {
			cut, err := s.CutSettings(p.Plate.Thickness)
			if err != nil {
				tb.Fatal(err)
			}
			stock, ok := s.Sheet(p.Material, p.Plate.Thickness)
			if !ok {
				tb.Fatalf("no %s sheet %.2f mm thick", p.Material, p.Plate.Thickness)
			}
			g := cebGroup{thickness: p.Plate.Thickness, opt: nest.Options{
				Spacing: cut.Kerf + s.TorchTable.PartGap, EdgeMargin: s.TorchTable.EdgeMargin,
				Rotations: s.TorchTable.Rotations, Tolerance: 0.05, AllowInHoles: true}}
			for _, z := range stock.Sizes {
				g.sheets = append(g.sheets, nest.SheetSize{ID: stock.ID, SizeY: z.Width, SizeX: z.Length, Price: z.Price})
			}
			groups = append(groups, g)
			gi = len(groups) - 1
		}
		groups[gi].parts = append(groups[gi].parts, nest.Part{ID: p.ID, Qty: p.Qty, Shape: p.Plate.Shape})
	}
	sort.Slice(groups, func(i, j int) bool { return groups[i].thickness < groups[j].thickness })
	return groups
}

// cpuTime is the process's user and system CPU time: on a shared machine
// a steadier clock than the wall.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// halfInch returns the 1/2 in plate group.
func halfInch(tb testing.TB) cebGroup {
	tb.Helper()
	for _, g := range realCEB(tb) {
		if math.Abs(g.thickness-12.7) < 0.01 {
			return g
		}
	}
	tb.Fatal("the CEB press has no 1/2 in plates")
	return cebGroup{}
}

// TestRealCEBPressHalfInchPlates nests the real 1/2 in plates of the CEB
// press classic-6x12 (tabs, notches, slots and holes included) on 48x96 in
// sheets. With a 1/4 in part gap and a 1/2 in edge margin their bounding
// boxes, each grown by the spacing, already cover more than two sheets'
// usable area, and their tabs are as wide as the gaps between them, so
// combs cannot interlock: they take a third sheet, which must stay small.
// With a 1/8 in part gap and a 1/4 in margin, the us-imperial shop's
// settings and the build's options, they go on two, as in OSE's hand layout.
func TestRealCEBPressHalfInchPlates(t *testing.T) {
	g := halfInch(t)
	small := g.sheets[:1] // 48x96 in
	if s := small[0]; math.Abs(s.SizeY-48*inch) > 0.1 || math.Abs(s.SizeX-96*inch) > 0.1 {
		t.Fatalf("the shop's first 1/2 in sheet is %v x %v mm, want 48x96 in", s.SizeY, s.SizeX)
	}
	for _, tc := range []struct {
		name            string
		gap, margin     float64 // in
		sheets          int
		lastUtilization float64
	}{
		{"1/4 in gap, 1/2 in margin", 0.25, 0.5, 3, 0.08},
		{"build options", 0.125, 0.25, 2, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := g.opt
			opt.Spacing, opt.EdgeMargin = 0.07*inch+tc.gap*inch, tc.margin*inch
			if tc.name == "build options" && (math.Abs(opt.Spacing-g.opt.Spacing) > 1e-9 || math.Abs(opt.EdgeMargin-g.opt.EdgeMargin) > 1e-9) {
				t.Fatalf("the default shop nests with spacing %v, margin %v mm; the test assumes %v, %v", g.opt.Spacing, g.opt.EdgeMargin, opt.Spacing, opt.EdgeMargin)
			}
			start, cpu := time.Now(), cpuTime()
			res, err := nest.Nest(context.Background(), g.parts, small, opt)
			if err != nil {
				t.Fatal(err)
			}
			wall, used := time.Since(start), cpuTime()-cpu
			nest.CheckNest(t, g.parts, res, opt)
			area, boxes := 0.0, 0.0
			for _, p := range g.parts {
				area += float64(p.Qty) * p.Shape.Area()
				sz := p.Shape.Bounds().Size()
				boxes += float64(p.Qty) * (sz.X + opt.Spacing) * (sz.Y + opt.Spacing)
			}
			usable := (small[0].SizeY - 2*opt.EdgeMargin + opt.Spacing) * (small[0].SizeX - 2*opt.EdgeMargin + opt.Spacing)
			for i, s := range res.Sheets {
				t.Logf("sheet %d: %d parts, utilization %.1f%%, used %.1f in", i+1, len(s.Placements), 100*s.Utilization, s.UsedX/inch)
			}
			t.Logf("part area %.3f sheets, boxes with spacing %.3f usable sheets; %d layouts in %v (%v CPU)",
				area/(small[0].SizeY*small[0].SizeX), boxes/usable, res.Iterations, wall, used)
			if len(res.Sheets) > tc.sheets {
				t.Errorf("%d sheets of 48x96 in, want at most %d", len(res.Sheets), tc.sheets)
			}
			if n := len(res.Sheets); n == tc.sheets && res.Sheets[n-1].Utilization > tc.lastUtilization {
				t.Errorf("last sheet %.1f%% full, want at most %.0f%%", 100*res.Sheets[n-1].Utilization, 100*tc.lastUtilization)
			}
		})
	}
}

// BenchmarkRealCEBPress nests every plate group of the real CEB press
// classic-6x12 with the build's options, as one build does.
func BenchmarkRealCEBPress(b *testing.B) {
	groups := realCEB(b)
	res := make([]*nest.Result, len(groups))
	cpu := cpuTime()
	for b.Loop() {
		for i, g := range groups {
			var err error
			res[i], err = nest.Nest(context.Background(), g.parts, g.sheets, g.opt)
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	for i, g := range groups {
		mat, area := 0.0, 0.0
		for _, s := range res[i].Sheets {
			mat += s.Utilization * s.Size.SizeY * s.Size.SizeX
			area += s.Size.SizeY * s.Size.SizeX
		}
		name := "half"
		if g.thickness < 5 {
			name = "eighth"
		}
		b.ReportMetric(float64(len(res[i].Sheets)), name+"-sheets")
		b.ReportMetric(100*mat/area, name+"-util%")
	}
	b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
}
