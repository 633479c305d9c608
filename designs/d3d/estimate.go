package d3d

import (
	"context"
	"fmt"
	"math"

	"github.com/deadsy/sdfx/sdf"
	"github.com/fabkit/fabkit/geometry/solid"
	"github.com/fabkit/fabkit/shop"
)

// Print estimate model [EST, fabkit's]: a slicer lays solid perimeters and
// top/bottom layers about shop.ShellThickness deep under every surface and
// fills the rest at the printer's infill, so
//
//	shell    = min(area x shellThickness, volume)
//	interior = volume - shell
//	extruded = shell + infill x interior
//	mass     = density x extruded
//	time     = extruded / volumetric rate
//
// Volume and area come from the part's own mesh (cell printTolerance).
// Checked against PrusaSlicer 2.5's default profile (20% infill): the motor
// holder extrudes 34.7 cm³ here, 34.1 cm³ there; the carriage 33.1 and
// 31.9 cm³. PrusaSlicer's time is about 2.3x ours: it adds travel and
// slower perimeters to the shop's volumetric rate.
const (
	defaultInfill = 0.2
	defaultRate   = 8.0    // mm³/s, a 0.4 mm nozzle printing PLA
	plaDensity    = 1240.0 // kg/m³, when the shop has no filament material
)

// printEstimate is the filament and time one printed part takes.
type printEstimate struct {
	Volume, Area    float64 // mm³, mm²
	Shell, Interior float64 // mm³
	Extruded        float64 // mm³ of filament laid down
	MassKg          float64
	Seconds         float64
}

// printer is what the estimate needs from the shop's printer.
type printer struct {
	Material string
	Density  float64 // kg/m³
	Infill   float64 // 0..1
	Rate     float64 // mm³/s
}

// printerOf reads the shop's printer, with defaults where it says nothing.
func printerOf(s *shop.Shop) printer {
	p := printer{Material: s.Printer.Material, Density: plaDensity, Infill: s.Printer.Infill, Rate: s.Printer.VolumetricRate}
	if p.Material == "" {
		p.Material = "pla"
	}
	if m, ok := s.Material(p.Material); ok && m.DensityKg > 0 {
		p.Density = m.DensityKg
	}
	if s.Printer.BuildX == 0 && p.Infill == 0 {
		p.Infill = defaultInfill
	}
	if p.Rate <= 0 {
		p.Rate = defaultRate
	}
	return p
}

// estimatePrint meshes s as the geometry stage will (with the same options,
// so that a build's mesh cache marches it once) and applies the model above.
func estimatePrint(ctx context.Context, s sdf.SDF3, p printer) (printEstimate, error) {
	res, err := solid.Render(ctx, s, solid.Options{Cell: printTolerance})
	if err != nil {
		return printEstimate{}, err
	}
	var e printEstimate
	e.Volume, e.Area = res.Mesh.Volume(), res.Mesh.Area()
	e.Shell = math.Min(e.Area*shop.ShellThickness, e.Volume)
	e.Interior = e.Volume - e.Shell
	e.Extruded = shop.Printer{Infill: p.Infill}.Extruded(e.Volume, e.Area)
	e.MassKg = p.Density * e.Extruded * 1e-9
	e.Seconds = e.Extruded / p.Rate
	return e, nil
}

// String is the estimate as a part note.
func (e printEstimate) String() string {
	return fmt.Sprintf("print %.0f g, %s each [EST]: volume %.1f cm³, shell %.1f cm³", e.MassKg*1000, hours(e.Seconds), e.Volume/1000, e.Shell/1000)
}

// hours prints a duration as "3 h 25 min".
func hours(sec float64) string {
	m := int(math.Round(sec / 60))
	if m < 60 {
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d h %02d min", m/60, m%60)
}
