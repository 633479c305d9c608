package shop

// Corner names a corner of a torch table's bed, seen from above with the
// table's +X to the right and +Y away from the operator. A table's Origin
// is the corner at its X0 Y0: the machine's axes keep their directions, so
// from an upper or right origin the travel runs into negative Y or X.
type Corner string

// The four corners of a bed.
const (
	LowerLeft  Corner = "lower-left" // X 0..bed_x, Y 0..bed_y; the default
	LowerRight Corner = "lower-right"
	UpperLeft  Corner = "upper-left"
	UpperRight Corner = "upper-right"
)

// Corners lists the corners in the order the shop reference gives them.
var Corners = []Corner{LowerLeft, LowerRight, UpperLeft, UpperRight}

// Right reports whether the corner is on the bed's +X side.
func (c Corner) Right() bool { return c == LowerRight || c == UpperRight }

// Upper reports whether the corner is on the bed's +Y side.
func (c Corner) Upper() bool { return c == UpperLeft || c == UpperRight }

// Valid reports whether c is one of Corners, or empty (lower-left).
func (c Corner) Valid() bool {
	if c == "" {
		return true
	}
	for _, k := range Corners {
		if c == k {
			return true
		}
	}
	return false
}

// String returns the corner's name; the empty corner is lower-left.
func (c Corner) String() string {
	if c == "" {
		return string(LowerLeft)
	}
	return string(c)
}
