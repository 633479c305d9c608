package section

// Face is a side of a bar's section that a hole is drilled from. Looking
// along the bar's +X with +Z up, Left is the +Y side.
type Face string

// The faces of a section.
const (
	Top    Face = "top"    // drilled along -Z from the +Z face
	Bottom Face = "bottom" // drilled along +Z from the -Z face
	Left   Face = "left"   // drilled along -Y from the +Y face
	Right  Face = "right"  // drilled along +Y from the -Y face
)

// Wide reports whether the face spans the section's width (Y): top and
// bottom do, left and right span its height (Z).
func (f Face) Wide() bool { return f != Left && f != Right }

// Valid reports whether f is one of Faces.
func (f Face) Valid() bool { return f == Top || f == Bottom || f == Left || f == Right }

// MitreAxis is the section axis an end cut turns about.
type MitreAxis string

// The axes a mitre turns about; the zero value is AboutZ.
const (
	// AboutZ turns the cut about the section's vertical axis: the cut
	// slants across the width (Y).
	AboutZ MitreAxis = "z"
	// AboutY turns the cut about the section's horizontal axis: the cut
	// slants across the height (Z).
	AboutY MitreAxis = "y"
)

// Valid reports whether a is AboutZ, AboutY or the zero value (AboutZ).
func (a MitreAxis) Valid() bool { return a == "" || a == AboutZ || a == AboutY }

// End is how a bar end is cut. The cut plane passes through the end point
// on the bar's axis (the centre of the section's bounding box).
type End struct {
	// Mitre is the cut angle from square, in degrees, |Mitre| < 89; 0 is a
	// square cut. A positive angle makes the +Y (AboutZ) or +Z (AboutY) side
	// of the bar longer at that end, so a 45° mitre at both ends gives a
	// trapezoid whose +Y side is longer by 2·tan45°·(section half-size) at
	// each end.
	Mitre float64
	// Axis is the section axis the mitre turns about.
	Axis MitreAxis
	// Second, when not 0, is a second mitre in degrees about the other
	// axis, with the same sign rule: the end is cut by both planes and keeps
	// what lies inside both (a double mitre). On an angle a 45° mitre about
	// Z with a -45° one about Y mitres each leg in its own plane, as where
	// three angles meet at the corner of a cube.
	Second float64
}

// Double reports whether the end is cut by two planes.
func (e End) Double() bool { return e.Second != 0 }

// Other is the other axis: the one a double mitre's second cut turns about.
func (a MitreAxis) Other() MitreAxis {
	if a == AboutY {
		return AboutZ
	}
	return AboutY
}

// Hole is a round hole drilled into a bar perpendicular to a face.
//
// In tube, angle and flat sections the drill axis is the line through
// (At, Offset) on the face, normal to it; every wall it crosses must be
// flat, perpendicular to the axis and wide enough for the hole. With
// Through the hole goes through every wall the axis crosses (both walls of
// a tube, as OSE bolts do); without it, only the wall of the named face.
//
// In round bar and pipe a hole is a cross hole through the bar's axis
// (Offset 0), drilled along the face normal: Z for top and bottom, Y for
// left and right. In round bar it must be Through and narrower than the
// bar; in pipe narrower than the bore, through the near wall only or, with
// Through, both walls. Cross holes may not overlap along the bar.
type Hole struct {
	At       float64 // mm along the bar's axis from its start end (x=0) to the hole centre
	Offset   float64 // mm across the face from the section centre: Y for top/bottom, Z for left/right
	Face     Face
	Diameter float64 // mm
	Through  bool
}
