package bom

import (
	"context"
	"fmt"
)

func ExamplePlan() {
	// testModel: two plate parts, three bar parts, two purchased items;
	// testShop: a metric shop in USD (see bom_test.go).
	b, err := Plan(context.Background(), testModel(), testShop(), Options{LabourHours: 2.5, CutTimeS: 1800})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range b.Stock {
		fmt.Printf("%-5s %-10s %-16s %d x %6.2f = %6.2f  %v\n", s.Kind, s.ID, s.Size, s.Qty, s.UnitPrice, s.Total(), s.Use)
	}
	c := b.Cost
	fmt.Printf("material %.2f, hardware %.2f, labour %.2f, machine %.2f: total %.2f %s\n",
		c.Material, c.Hardware, c.Labour, c.Machine, c.Total, c.Currency)
	fmt.Println("sheets estimated:", b.SheetsEstimated, "unpriced:", b.Unpriced)
	// Output:
	// bar   flat-50x10 6000mm           1 x  60.00 =  60.00  [b1 b2]
	// bar   round-20   1000mm           1 x  10.00 =  10.00  [b3]
	// sheet plate-10   1000mm x 2000mm  2 x 200.00 = 400.00  [p1 p2]
	// material 470.00, hardware 4.00, labour 100.00, machine 30.00: total 604.00 USD
	// sheets estimated: true unpriced: [cyl-missing]
}
