// Package shop describes a replicator's workshop: its unit system and
// currency, the stock it can buy (bars, tubes and sheets with prices), the
// purchased items it prices, and its machines (torch table, saw, drill press,
// 3D printer). Every length is in millimetres, every price in the shop's
// currency; the file format and its parser live in this package too.
package shop

import (
	"github.com/fabkit/fabkit/geometry/section"
	"github.com/fabkit/fabkit/units"
)

// Shop is one workshop profile.
type Shop struct {
	Name     string       // human name, e.g. "OSE-style US shop"
	Units    units.System // how drawings and cut lists print lengths
	Currency string       // ISO 4217 code, e.g. "USD"

	Materials map[string]Material // by id, e.g. "a36", "nylon66", "pla"
	Profiles  []Profile           // linear stock: bars, tubes, angles, flats, rounds
	Sheets    []Sheet             // plate stock, one entry per thickness and material
	Items     []Item              // purchased items: hardware, hydraulics, electronics
	Fasteners Fasteners           // bolts, nuts and washers the assembly check chooses from; their items are in Items

	TorchTable TorchTable
	Saw        Saw
	Drill      Drill
	Printer    Printer
	Hydraulics Hydraulics
	Power      PowerCatalogue // engines and pumps for power units (engines.go)
	Labour     Labour
}

// Material is a stock material.
type Material struct {
	ID         string
	Name       string  // e.g. "A36 hot-rolled steel"
	DensityKg  float64 // kg per cubic metre
	PricePerKg float64 // used when a stock entry has no price of its own; 0 = none
}

// ProfileShape is the cross-section family of linear stock: the one
// section.Shape, named here as shop files and designs use it.
type ProfileShape = section.Shape

// The cross-sections fabkit meshes and prices (section.Shape's values).
const (
	SquareTube = section.SquareTube // Width = Height, Wall, OuterRadius
	RectTube   = section.RectTube   // Width x Height, Wall, OuterRadius
	Angle      = section.Angle      // Width x Height legs, Wall thickness
	Flat       = section.Flat       // Width x Wall (thickness)
	Round      = section.Round      // solid bar, Diameter
	Pipe       = section.Pipe       // DOM tube or pipe, Diameter (outer), Wall
)

// Profile is one kind of linear stock and the lengths it is sold in.
type Profile struct {
	ID          string // e.g. "sq-4x4x1/4", "round-1", "dom-1.25x.25"
	Description string // optional, for the BOM, e.g. "HSS 4x4x1/4 A500 square tube"
	Shape       ProfileShape
	Material    string  // Material id
	Width       float64 // mm; outer width (tube, angle leg, flat width)
	Height      float64 // mm; outer height (rect tube, second angle leg)
	Wall        float64 // mm; wall or flat thickness
	OuterRadius float64 // mm; outer corner radius of tubes
	Diameter    float64 // mm; round bar or pipe outer diameter
	Lengths     []StockLength
}

// StockLength is a bar length on offer and its price per bar.
type StockLength struct {
	Length float64 // mm
	Price  float64 // per bar, in the shop's currency
}

// Sheet is plate stock of one thickness and the sheet sizes on offer.
type Sheet struct {
	ID          string  // e.g. "plate-1/2"
	Description string  // optional, for the BOM, e.g. "1/2in A36 plate"
	Material    string  // Material id
	Thickness   float64 // mm
	Sizes       []SheetSize
}

// SheetSize is one sheet size on offer and its price per sheet.
type SheetSize struct {
	Width, Length float64 // mm; Length is the longer side
	Price         float64 // per sheet
}

// Item is a purchased item in the shop's price list.
type Item struct {
	ID          string // catalog id that designs refer to, e.g. "bolt-3/4x2"
	Description string
	Unit        string  // "each", "set", "ft", ...
	Price       float64 // per unit
	Vendor      string  // approved vendor (AVL), may be "Open/Any"
	VendorPN    string
	Link        string
}

// CutProcess is how a torch table cuts; a part's process (saw, plate
// cut, print) is model.Process.
type CutProcess string

// Cutting processes.
const (
	Plasma  CutProcess = "plasma"
	OxyFuel CutProcess = "oxyfuel"
	Laser   CutProcess = "laser"
)

// TorchTable is a CNC profile cutter and its cut chart.
type TorchTable struct {
	Name         string
	Process      CutProcess
	BedX, BedY   float64       // mm, the travel along the table's X and Y
	Origin       Corner        // the bed corner at X0 Y0; "" is lower-left
	Dialect      string        // G-code dialect id: "linuxcnc", "grbl"
	RapidFeed    float64       // mm/min
	LeadIn       float64       // mm, outer profiles
	LeadOut      float64       // mm
	PartGap      float64       // mm between parts on a nest, on top of the kerf
	EdgeMargin   float64       // mm from the sheet edge
	Rotations    []float64     // degrees allowed when nesting
	MinHoleRatio float64       // holes with diameter < ratio x thickness are drilled instead
	Chart        []CutSettings // by thickness, ascending
	// SmallHoleRatio: holes and cut-outs narrower than ratio x thickness
	// (and not drilled) are cut at the chart's small-hole feed with torch
	// height control off, as cut charts and QtPlasmaC do up to 2.5 x.
	SmallHoleRatio float64
	// MinFeatureRatio: a hole, slot or cut-out narrower than ratio x
	// thickness cannot be cut by this torch (an error naming the part); 0
	// leaves only the warning for features narrower than the plate.
	MinFeatureRatio float64
	// HeightSense probes the plate before each pierce (G38.2; on LinuxCNC
	// the touch-off sets Z0 on the plate); ProbeOffset is the switch travel
	// of the floating head, added back after the probe.
	HeightSense bool
	ProbeOffset float64 // mm
	ProbeFeed   float64 // mm/min; 0 = 500
	// NoPartInPart keeps nested parts out of the cut-outs of other parts
	// (part_in_part: false), for shops that will not cut a part loose
	// inside another.
	NoPartInPart bool
}

// CutSettings is one row of a cut chart.
type CutSettings struct {
	Thickness     float64 // mm
	Kerf          float64 // mm
	Feed          float64 // mm/min
	PierceDelay   float64 // seconds
	PierceHeight  float64 // mm
	CutHeight     float64 // mm
	Amps          float64 // A, plasma only (0 = not set)
	SmallHoleFeed float64 // fraction of Feed used on small holes, e.g. 0.6
}

// Saw is the saw that cuts linear stock.
type Saw struct {
	Kerf      float64 // mm
	Trim      float64 // mm trimmed off each bar end
	MinOffcut float64 // mm; longer offcuts are kept as reusable stock
}

// Drill is the drill press or CNC drill.
type Drill struct {
	MaxDiameter  float64   // mm
	Dialect      string    // G-code dialect id
	SurfaceSpeed float64   // m/min for HSS in mild steel
	FeedRatio    float64   // feed per revolution as a fraction of the drill diameter (0.012: 0.006 ipr at 1/2in)
	PeckRatio    float64   // peck when the hole is deeper than this many diameters; 0 = never peck
	MaxRPM       float64   // spindle limit; 0 = no limit
	PointAngle   float64   // degrees, the drills' point angle (breakthrough = D/2 / tan(angle/2)); 0 = 118
	Sizes        []float64 // mm, the drill catalogue: holes within 0.1mm of a size use that drill
}

// Printer is the 3D printer.
type Printer struct {
	Name                   string
	BuildX, BuildY, BuildZ float64 // mm
	Material               string  // Material id of the filament
	FilamentPricePerKg     float64
	Infill                 float64 // 0..1
	VolumetricRate         float64 // mm^3/s of extrusion
}

// Hydraulics is the power unit that drives hydraulic machines.
type Hydraulics struct {
	PressureMPa float64 // working pressure
	FlowLPM     float64 // pump flow, litres per minute
}

// Labour prices the shop's hours; zero rates leave labour out of the cost.
type Labour struct {
	RatePerHour        float64 // fabricator's time
	MachineRatePerHour float64 // torch table time
}
