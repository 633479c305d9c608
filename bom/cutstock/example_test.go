package cutstock_test

import (
	"context"
	"fmt"
	"os"

	"github.com/fabkit/fabkit/bom/cutstock"
)

func ExampleSolve() {
	pieces := []cutstock.Piece{
		{Label: "leg", Length: 900, Qty: 4},
		{Label: "rail", Length: 1200, Qty: 3},
	}
	stock := []cutstock.Bar{{Length: 6000, Price: 42}, {Length: 3000, Price: 24}}
	plan, err := cutstock.Solve(context.Background(), pieces, stock, cutstock.Options{Kerf: 3, Trim: 5})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d bars, cost %g, optimal %v\n", len(plan.Bars), plan.Cost, plan.Optimal)
	if err := cutstock.WriteCSV(os.Stdout, plan); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 2 bars, cost 66, optimal true
	// bar,stock_length_mm,cut,label,length_mm,position_mm
	// 1,6000,1,rail,1200,5
	// 1,6000,2,rail,1200,1208
	// 1,6000,3,rail,1200,2411
	// 1,6000,4,leg,900,3614
	// 1,6000,5,leg,900,4517
	// 2,3000,1,leg,900,5
	// 2,3000,2,leg,900,908
}
