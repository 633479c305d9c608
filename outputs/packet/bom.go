package packet

import (
	"fmt"

	"github.com/fabkit/fabkit/bom"
)

// FromBOM returns the packet's BOM tables, cost lines and cut lists for a
// costed bill of materials, so that a caller holding a *bom.BOM fills
// Input.Tables, Input.CostLines and Input.CutLists in one step.
func FromBOM(b *bom.BOM, minOffcut float64) (tables []Table, costs []CostLine, cuts []CutList) {
	if b == nil {
		return nil, nil, nil
	}
	money := func(v float64) string { return fmt.Sprintf("%.2f", v) }
	stock := Table{Title: "Stock to buy", Header: []string{"kind", "id", "description", "size", "qty", "unit price", "total", "used by"},
		Right: []bool{false, false, false, false, true, true, true}}
	for _, s := range b.Stock {
		stock.Rows = append(stock.Rows, []string{s.Kind, s.ID, s.Description, s.Size, fmt.Sprint(s.Qty), money(s.UnitPrice), money(s.Total()), joinShort(s.Use)})
	}
	parts := Table{Title: "Made parts", Header: []string{"id", "name", "process", "material", "stock", "size", "cut length", "qty", "mass kg", "unit cost"},
		Right: []bool{false, false, false, false, false, false, true, true, true, true}}
	for _, p := range b.Parts {
		cl := ""
		if p.CutLength > 0 {
			cl = b.Units.Format(p.CutLength)
		}
		parts.Rows = append(parts.Rows, []string{p.ID, p.Name, string(p.Process), p.Material, p.Stock, p.Size, cl, fmt.Sprint(p.Qty), fmt.Sprintf("%.2f", p.MassKg), money(p.UnitCost)})
	}
	hw := Table{Title: "Hardware", Header: []string{"part", "item", "description", "spec", "qty", "unit price", "total"},
		Right: []bool{false, false, false, false, true, true, true}}
	for _, h := range b.Hardware {
		hw.Rows = append(hw.Rows, []string{h.Part, h.Item, h.Description, h.Spec, fmt.Sprint(h.Qty), money(h.UnitPrice), money(h.Total())})
	}
	for _, t := range []Table{stock, parts, hw} {
		if len(t.Rows) > 0 {
			tables = append(tables, t)
		}
	}
	c := b.Cost
	costs = []CostLine{{Label: "Material", Amount: c.Material}, {Label: "Hardware", Amount: c.Hardware}}
	if c.Labour != 0 {
		costs = append(costs, CostLine{Label: fmt.Sprintf("Labour (%.1f h)", c.LabourHours), Amount: c.Labour})
	}
	if c.Machine != 0 {
		costs = append(costs, CostLine{Label: fmt.Sprintf("Machine (%.1f h)", c.MachineHours), Amount: c.Machine})
	}
	costs = append(costs, CostLine{Label: "Total", Amount: c.Total, Total: true})
	for _, cl := range b.CutLists {
		cuts = append(cuts, CutList{Profile: cl.Profile, Description: cl.Description, Plan: cl.Plan, MinOffcut: minOffcut})
	}
	return tables, costs, cuts
}

// joinShort lists ids, eliding a long list.
func joinShort(ids []string) string {
	const most = 6
	if len(ids) <= most {
		return join(ids)
	}
	return join(ids[:most]) + fmt.Sprintf(" +%d", len(ids)-most)
}

func join(ids []string) string {
	out := ""
	for i, id := range ids {
		if i > 0 {
			out += " "
		}
		out += id
	}
	return out
}
