package d3d

import (
	"math"

	"github.com/fabkit/fabkit/params"
)

// dims are the D3D's derived dimensions in mm, named as in the FreeCAD
// workbench the research notes transcribe (gbroques/ose-3d-printer-workbench,
// sections 2.2 and 2.3), computed top to bottom from the parameters.
type dims struct {
	// Parameters, by their workbench names.
	Size, Width, Thickness float64 // frame.Size, frame.Width, frame.Thickness
	HasCorners             bool    // frame.HasCorners: angle frame with printed corners
	RodDiameter            float64 // axis.RodDiameter
	BedSize                float64 // heatedBed.size
	XAxes, YAxes, ZAxes    int

	// Axis lengths: Y and Z axes are the frame size; the X axis is too, its
	// rods run 2in past each end to sit on the Y carriages.
	AxisLength float64

	// Rod lengths (build_cut_list.py).
	XRod, YRod, ZRod float64 // axis + 4in, axis, axis - 1in
	BedRod           float64 // frame size
	SpoolRodLong     float64 // 1 x frame size
	SpoolRodShort    float64 // 2 x (frame size - 1in)
	BedRods          int     // 2 per pair of Z axes

	// Frame.
	AngleBar   float64 // Size - 2 (Width + 2 Thickness): 8.5in for the 12in frame
	CornerArm  float64 // corner arm length, Width + 2 Thickness
	CornerWall float64 // corner arm wall, 3 Thickness
	Tongue     float64 // length of the corner's tongue inside the angle (fabkit's choice: Width)
	Window     float64 // inner opening: Size - 2 Width (9in for the 12in frame)

	// Belts: 2 x axis + 150mm each [EST, 2.4].
	Belt float64

	// Universal Axis blocks, see axis.go.
	UA axisDims
	// Travel is the carriage travel of an axis: its length minus the motor
	// holder, idler and carriage lengths.
	Travel float64
}

// derive computes dims from resolved parameters.
func derive(v *params.Values) dims {
	var d dims
	d.Size, d.Width, d.Thickness = v.Length("frame_size"), v.Length("frame_width"), v.Length("frame_thickness")
	d.HasCorners = v.Choice("frame_style") == styleAngle
	d.RodDiameter, d.BedSize = v.Length("rod_diameter"), v.Length("bed_size")
	d.XAxes, d.YAxes, d.ZAxes = v.Count("x_axes"), v.Count("y_axes"), v.Count("z_axes")

	d.AxisLength = d.Size
	d.XRod, d.YRod, d.ZRod = d.AxisLength+4*in, d.AxisLength, d.AxisLength-1*in
	d.BedRod = d.Size
	d.SpoolRodLong, d.SpoolRodShort = d.Size, d.Size-1*in
	d.BedRods = 2 * int(math.Ceil(float64(d.ZAxes)/2))

	d.AngleBar = d.Size - 2*(d.Width+2*d.Thickness)
	d.CornerArm = d.Width + 2*d.Thickness
	d.CornerWall = 3 * d.Thickness
	d.Tongue = d.Width
	d.Window = d.Size - 2*d.Width

	d.Belt = 2*d.AxisLength + 150

	d.UA = axisDimsFor(d.RodDiameter)
	d.Travel = d.AxisLength - d.UA.MotorX - d.UA.IdlerX - d.UA.CarriageX
	return d
}
