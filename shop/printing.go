package shop

import "math"

// ShellThickness is how deep under every surface a slicer lays solid
// perimeters and top and bottom layers: three perimeters of a 0.4 mm
// nozzle. [EST, fabkit's print model]
const ShellThickness = 1.2 // mm

// Extruded is the filament volume a printed part takes, from its solid
// volume and surface area (mm³, mm²): a solid shell ShellThickness deep,
// and the interior at the printer's infill.
//
//	shell    = min(area x ShellThickness, volume)
//	extruded = shell + infill x (volume - shell)
func (p Printer) Extruded(volume, area float64) float64 {
	shell := math.Min(area*ShellThickness, volume)
	return shell + p.Infill*(volume-shell)
}
