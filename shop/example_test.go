package shop_test

import (
	"fmt"
	"strings"

	"github.com/fabkit/fabkit/shop"
	"github.com/fabkit/fabkit/units"
)

// A shop file's mistakes are reported with the file, line and field.
func ExampleParse() {
	doc := `name: my shop
units: imperial
currency: USD
saw: {kerf: 1/8in, trim: 1in, min_ofcut: 12in}
hydraulics: {pressure: 2500psi, flow: -12gpm}
`
	_, err := shop.Parse("my-shop.yaml", []byte(doc))
	fmt.Println(err)
	// Output:
	// my-shop.yaml:4: saw.min_ofcut: unknown key (did you mean "min_offcut"?)
	// my-shop.yaml:5: hydraulics.flow = "-12gpm": must be >= 0
}

// Cut settings for a plate come from the first chart row at or above its
// thickness.
func ExampleShop_CutSettings() {
	s := shop.Default()
	t, _ := units.ParseLength("1/2in", "")
	cs, err := s.CutSettings(t)
	if err != nil {
		panic(err)
	}
	fmt.Printf("kerf %s, feed %.0f ipm, pierce %.1f s\n",
		units.FormatIn(cs.Kerf, units.Inch), cs.Feed/25.4, cs.PierceDelay)
	_, err = s.CutSettings(25.4)
	fmt.Println(err)
	// Output:
	// kerf 0.07in, feed 33 ipm, pierce 1.2 s
	// shop "OSE-style US shop": no cut chart row for 1in plate (the chart covers 1/8in to 5/8in)
}

// Replicators keep prices in spreadsheets; a CSV or XLSX price list
// overrides the shop's.
func ExampleShop_ApplyPrices() {
	prices := "id,price,length\nsq-4x4x1/4,299.50,20ft\nbolt-3/4x2,1.10,\n"
	pl, err := shop.ReadPriceList("prices.csv", strings.NewReader(prices))
	if err != nil {
		panic(err)
	}
	s := shop.Default()
	if err := s.ApplyPrices(pl); err != nil {
		panic(err)
	}
	tube, _ := s.Profile("sq-4x4x1/4")
	bolt, _ := s.Item("bolt-3/4x2")
	fmt.Println(tube.Lengths[0].Price, bolt.Price)
	// Output: 299.5 1.1
}

// The mass of linear stock follows from its cross-section.
func ExampleProfile_MassPerMetre() {
	s := shop.Default()
	p, _ := s.Profile("sq-4x4x1/4")
	steel, _ := s.Material(p.Material)
	kgPerM := p.MassPerMetre(steel.DensityKg)
	fmt.Printf("%.2f kg/m = %.2f lb/ft\n", kgPerM, kgPerM*0.3048/0.45359237)
	// Output: 18.18 kg/m = 12.21 lb/ft
}
