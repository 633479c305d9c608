package model

import "github.com/fabkit/fabkit/shop"

// StockMass returns one piece's mass in kg as cut from the shop's stock:
// a plate's profile area times its thickness, a bar's section area times
// its length, times the density of its material (a bar's profile material
// first, as the BOM buys it, then the part's). It is the one mass rule the
// BOM and the designs' summaries read. ok is false for solids and
// purchased parts (a printed part's mass needs its measured volume) and
// when the shop lacks the profile or the material.
func (p *Part) StockMass(s *shop.Shop) (kg float64, ok bool) {
	switch {
	case p.Plate != nil:
		mat, ok := s.Material(p.Material)
		if !ok {
			return 0, false
		}
		return p.Plate.Shape.Area() * p.Plate.Thickness * mat.DensityKg * 1e-9, true
	case p.Bar != nil:
		pr, ok := s.Profile(p.Bar.Profile)
		if !ok {
			return 0, false
		}
		matID := pr.Material
		if matID == "" {
			matID = p.Material
		}
		mat, ok := s.Material(matID)
		if !ok {
			return 0, false
		}
		return pr.Area() * p.Bar.Length * mat.DensityKg * 1e-9, true
	}
	return 0, false
}
