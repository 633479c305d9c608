package pipeline

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

// CheckStock refuses, before the design runs, a parameter tied to stock
// (params.Param.SoldAs) whose value the shop does not sell, naming the
// sizes inside the parameter's range that would work, nearest first, each
// printed so that 12 mm and 1/2 in cannot be confused.
func CheckStock(schema *params.Schema, v *params.Values, s *shop.Shop) error {
	for _, r := range v.List() {
		p := schema.Param(r.Name)
		if p.Stock == nil || p.Kind != params.Length {
			continue
		}
		want := r.Value.(float64)
		sold := soldSizes(s, *p.Stock)
		found := false
		for _, x := range sold {
			found = found || math.Abs(x-want) <= shop.ThicknessTolerance
		}
		if found {
			continue
		}
		var fits []float64
		for _, x := range sold {
			if x >= p.Min-1e-9 && x <= p.Max+1e-9 {
				fits = append(fits, x)
			}
		}
		sort.SliceStable(fits, func(i, j int) bool { return math.Abs(fits[i]-want) < math.Abs(fits[j]-want) })
		var texts []string
		for _, x := range fits {
			texts = append(texts, s.Units.FormatExact(x))
		}
		mat := ""
		if p.Stock.Material != "" {
			mat = p.Stock.Material + " "
		}
		what := mat + "plate " + s.Units.FormatExact(want) + " thick"
		if p.Stock.Kind == params.RoundDiameter {
			what = mat + "round stock " + s.Units.FormatExact(want) + " in diameter"
		}
		e := &params.Error{Param: p.Name, Value: r.Text, Source: r.Source,
			Reason: fmt.Sprintf("shop %q sells no %s", s.Name, what)}
		switch len(texts) {
		case 0:
			e.Range = "none of its sizes is inside " + p.RangeText() + ": use a shop that sells " + p.Stock.String()[4:]
		case 1:
			e.Range = texts[0]
		default:
			e.Range = "nearest first, " + strings.Join(texts, ", ")
		}
		return e
	}
	return nil
}

// soldSizes lists the sizes of a kind of stock the shop sells, ascending,
// each once.
func soldSizes(s *shop.Shop, st params.Stock) []float64 {
	seen := map[float64]bool{}
	var out []float64
	add := func(material string, x float64) {
		if (st.Material == "" || st.Material == material) && x > 0 && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	switch st.Kind {
	case params.SheetThickness:
		for _, sh := range s.Sheets {
			add(sh.Material, sh.Thickness)
		}
	case params.RoundDiameter:
		for _, pr := range s.Profiles {
			if pr.Shape == shop.Round {
				add(pr.Material, pr.Diameter)
			}
		}
	}
	sort.Float64s(out)
	return out
}
