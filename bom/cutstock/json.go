package cutstock

import (
	"encoding/json"
	"io"
)

// WriteJSON writes the plan as indented JSON with a fixed key order and
// lengths in mm rounded to 0.001, so the same plan gives the same bytes.
func WriteJSON(w io.Writer, p *Plan) error {
	type jsonCut struct {
		Label    string  `json:"label"`
		Length   jsonNum `json:"length_mm"`
		Position jsonNum `json:"position_mm"`
	}
	type jsonStock struct {
		Length jsonNum `json:"length_mm"`
		Price  jsonNum `json:"price"`
	}
	type jsonBar struct {
		Stock  jsonStock `json:"stock"`
		Cuts   []jsonCut `json:"cuts"`
		Offcut jsonNum   `json:"offcut_mm"`
	}
	type jsonOffcut struct {
		Bar    int     `json:"bar"`
		Length jsonNum `json:"length_mm"`
	}
	out := struct {
		Cost       jsonNum      `json:"cost"`
		Waste      jsonNum      `json:"waste_mm"`
		LowerBound jsonNum      `json:"lower_bound"`
		Optimal    bool         `json:"optimal"`
		Complete   bool         `json:"complete"`
		Kerf       jsonNum      `json:"kerf_mm"`
		Trim       jsonNum      `json:"trim_mm"`
		Bars       []jsonBar    `json:"bars"`
		Offcuts    []jsonOffcut `json:"offcuts"`
	}{
		Cost: jsonNum(p.Cost), Waste: jsonNum(p.Waste), LowerBound: jsonNum(p.LowerBound),
		Optimal: p.Optimal, Complete: p.Complete, Kerf: jsonNum(p.Kerf), Trim: jsonNum(p.Trim),
		Bars: []jsonBar{}, Offcuts: []jsonOffcut{},
	}
	for _, ub := range p.Bars {
		jb := jsonBar{Stock: jsonStock{jsonNum(ub.Stock.Length), jsonNum(ub.Stock.Price)}, Cuts: []jsonCut{}, Offcut: jsonNum(ub.Offcut)}
		for _, c := range ub.Cuts {
			jb.Cuts = append(jb.Cuts, jsonCut{c.Label, jsonNum(c.Length), jsonNum(c.Position)})
		}
		out.Bars = append(out.Bars, jb)
	}
	for _, o := range p.Offcuts {
		out.Offcuts = append(out.Offcuts, jsonOffcut{o.Bar, jsonNum(o.Length)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// jsonNum is a float written with num's fixed formatting.
type jsonNum float64

func (n jsonNum) MarshalJSON() ([]byte, error) { return []byte(num(float64(n))), nil }
