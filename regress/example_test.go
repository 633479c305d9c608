package regress_test

import (
	"fmt"
	"github.com/fabkit/fabkit/manifest"
	"os"

	"github.com/fabkit/fabkit/regress"
)

func sample(width, volume, total float64) *manifest.Manifest {
	return &manifest.Manifest{
		Design: manifest.Design{Name: "cebpress", Version: "17.08"},
		Preset: "classic-6x12",
		Shop:   manifest.Shop{Name: "OSE-style US shop", Units: "imperial", Currency: "USD"},
		Parts: []manifest.Part{{ID: "f4", Qty: 2, Process: "plasma", Stock: "plate 1/4in",
			BBoxMM: [3]float64{width, 200, 6.35}, VolumeMM3: volume}},
		Cost: &manifest.Cost{Currency: "USD", Total: total},
	}
}

// A build whose plate grew 2 mm and whose cost moved 0.2 % fails on the
// plate's size and volume; the cost is within its 0.5 % tolerance.
func ExampleCheck() {
	golden := sample(300, 381000, 1256.5)
	got := sample(302, 383540, 1259)
	report := regress.Check(got, golden, regress.DefaultTolerances())
	report.WriteTable(os.Stdout)
	fmt.Println("failed:", report.Failed())
	// Output:
	// PART  QUANTITY         OLD         NEW       DELTA   DELTA %  TOLERANCE
	// FAIL  f4    bbox_x      11.811in   11.8898in   +0.0787in  +0.667 %  ±0.000394in
	// FAIL  f4    volume     23.25 in³  23.405 in³  +0.155 in³  +0.667 %  ±0.01 %
	// ok    cost  total     1256.5 USD    1259 USD    +2.5 USD  +0.199 %  ±0.5 %
	// cebpress 17.08 (preset classic-6x12): FAIL: 2 of 34 quantities beyond tolerance (3 changed)
	// failed: true
}

// Tolerances come from `--tol quantity=value` settings.
func ExampleTolerances_Set() {
	tol := regress.DefaultTolerances()
	for _, spec := range []string{"volume=0.05%", "utilization=1pp", "cost=1,2%", "weight=1%"} {
		if err := tol.Set(spec); err != nil {
			fmt.Println(err)
		}
	}
	fmt.Println(tol.Volume, tol.Utilization, tol.Cost)
	// Output:
	// tolerance "weight=1%": unknown quantity "weight" (want one of volume, area, bbox, mass, cut_length, utilization, time, cost, count, summary)
	// ±0.05 % ±0.01 ±1 or ±2 %
}

// Diff explains a change between two builds, section by section.
func ExampleDiff() {
	old := sample(300, 381000, 1256.5)
	new := sample(350, 444500, 1290)
	new.Parts = append(new.Parts, manifest.Part{ID: "f9", Name: "Brace", Qty: 2, Process: "plasma",
		Stock: "plate 1/4in", BBoxMM: [3]float64{80, 40, 6.35}, VolumeMM3: 20320})
	d := regress.Diff(old, new)
	d.WriteText(os.Stdout)
	fmt.Println("resized:", d.Resized())
	// Output:
	// diff cebpress 17.08 (preset classic-6x12) -> cebpress 17.08 (preset classic-6x12)
	//
	// parts added (1):
	//  +  f9  Brace  ×2  plasma  plate 1/4in  3.14961 × 1.5748 × 0.25 in  1.24 in³
	//
	// parts resized (1):
	//  ~  f4  bbox_x   11.811in    13.7795in    +1.9685in  +16.7 %
	//  ~      volume  23.25 in³  27.1251 in³  +3.8750 in³  +16.7 %
	//
	// cost:
	//    cost  total  1256.5 USD  1290 USD  +33.5 USD  +2.67 %
	// resized: [f4]
}
