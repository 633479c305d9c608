package d3d

import (
	"math"

	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/units"
)

const in = units.MMPerInch

// Frame styles (the workbench's frame.HasCorners).
const (
	styleAngle = "angle" // 12 angle bars and 8 printed corners
	stylePlate = "plate" // 6 CNC-cut picture-frame plates, welded
)

// schema declares the parameters. Defaults are the 12in D3D v19.02 of the
// research notes (section 2.2): 12in cube of 1.5x1/8in angle, 8 mm rods,
// 8in bed, one X axis, two Y and two Z axes.
func schema() *params.Schema {
	s := &params.Schema{}
	I, MM := units.Inch, units.MM

	s.Length("frame_size", "Frame", I, "12in", "8in", "48in", "Cube edge (frame.Size): sets the axis lengths, rods, frame bars and belts.")
	s.Choice("frame_style", "Frame", styleAngle, []string{styleAngle, stylePlate},
		"angle: 12 angle bars joined by 8 printed corners; plate: 6 CNC-cut picture-frame plates welded into a cube (frame.HasCorners).")
	s.Length("frame_width", "Frame", I, "1-1/2in", "1in", "2in", "Angle leg or picture-frame border width (frame.Width).")
	s.Length("frame_thickness", "Frame", I, "1/8in", "3mm", "3/16in", "Angle or plate thickness (frame.Thickness).")

	s.Length("rod_diameter", "Axes", MM, "8mm", "6mm", "12mm", "Precision rod diameter (axis.RodDiameter): 6, 8, 10 or 12 mm, with LM6UU..LM12UU bearings.").
		SoldAs(params.RoundDiameter, "chrome-rod")
	s.Count("x_axes", "Axes", 1, 1, 2, "X axes, side by side between the Y carriages (2 doubles the X drive).")
	s.Count("y_axes", "Axes", 2, 1, 2, "Y axes on the top edges of the frame.")
	s.Count("z_axes", "Axes", 2, 1, 4, "Z axes on the side walls; each pair carries two bed rods.")

	s.Length("bed_size", "Bed", I, "8in", "4in", "44in", "Heated bed plate, square (heatedBed.size); must fit the frame's inner opening.")

	s.Preset("12in", "D3D v19.02: 12in frame, 8in bed (OSE's standard kit).", map[string]string{
		"frame_size": "12in", "bed_size": "8in"})
	s.Preset("18in", "18in frame, 14in bed (frame - 4in, as the 12in).", map[string]string{
		"frame_size": "18in", "bed_size": "14in"})
	s.Preset("24in", "D3D Mega v23.05: a 24x24in print area; the blocks take 137.5mm of each axis, so the frame is 30in, with a doubled X axis.", map[string]string{
		"frame_size": "30in", "bed_size": "24in", "x_axes": "2"})
	s.Preset("1m", "1m cube (OSE built a 1 m³ printer on the 8 mm axis): 800mm bed, doubled X axis.", map[string]string{
		"frame_size": "1000mm", "bed_size": "800mm", "x_axes": "2"})

	s.Check(checkBed)
	s.Check(checkRod)
	s.Check(checkLargeFrame)
	return s
}

// checkBed: the bed hangs inside the frame, so it must pass the frame's
// inner opening (frame_size - 2 frame_width).
func checkBed(v *params.Values, r *params.Report) {
	d := derive(v)
	if d.BedSize > d.Window+1e-6 {
		r.Errorf([]string{"bed_size", "frame_size", "frame_width"}, "a %s bed does not fit the frame's %s inner opening (frame_size - 2 x frame_width)",
			units.FormatInches(d.BedSize, 16), units.FormatInches(d.Window, 16))
	}
	if d.Travel <= 0 {
		r.Errorf([]string{"frame_size"}, "axes of %s leave no carriage travel: the blocks take %.1fmm", units.FormatInches(d.Size, 16), d.Size-d.Travel)
	}
}

// checkRod: the rod must be one the linear bearing table knows.
func checkRod(v *params.Values, r *params.Report) {
	if _, ok := bearingFor(v.Length("rod_diameter")); !ok {
		r.Errorf([]string{"rod_diameter"}, "no LMxUU linear bearing for a %.2fmm rod (6, 8, 10 or 12 mm)", v.Length("rod_diameter"))
	}
}

// checkLargeFrame: OSE's Universal Axis guidance is NEMA 23 or doubled axes
// above about 24in.
func checkLargeFrame(v *params.Values, r *params.Report) {
	if v.Length("frame_size") > 24*in+1e-6 && v.Count("x_axes") < 2 {
		r.Warnf([]string{"frame_size", "x_axes"}, "above 24in OSE doubles the axes or uses NEMA 23: set x_axes = 2")
	}
}

// bearing is a linear ball bearing of the LMxUU family.
type bearing struct {
	Item    string  // shop item id
	Rod     float64 // bore, mm
	OD, Len float64 // mm
}

// linearBearings are the LMxUU sizes (bore x OD x length, mm).
var linearBearings = []bearing{
	{"lm6uu", 6, 12, 19}, {"lm8uu", 8, 15, 24}, {"lm10uu", 10, 19, 29}, {"lm12uu", 12, 21, 30},
}

// bearingFor returns the LMxUU bearing for a rod diameter.
func bearingFor(rod float64) (bearing, bool) {
	for _, b := range linearBearings {
		if math.Abs(b.Rod-rod) < 0.01 {
			return b, true
		}
	}
	return bearing{}, false
}
