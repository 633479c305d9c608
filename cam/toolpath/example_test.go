package toolpath_test

import (
	"fmt"

	"github.com/fabkit/fabkit/cam/toolpath"
	"github.com/fabkit/fabkit/geometry/profile"
)

// A 1in hole offset inwards by half a 1.5 mm kerf stays a circle, 0.75 mm
// smaller in radius; a square offset outwards gets round corners.
func ExampleOffset() {
	hole := profile.Circle(0, 0, 12.7).Reverse() // holes run clockwise
	in, _ := toolpath.Offset(hole, 0.75)
	_, r, ok := in.Circle()
	fmt.Printf("circle %v, radius %.2f\n", ok, r)

	sq, _ := toolpath.Offset(profile.Rect(0, 0, 100, 100), 0.75)
	fmt.Printf("%d segments, area %.3f\n", len(sq.Segs), sq.Area())
	// Output:
	// circle true, radius 11.95
	// 8 segments, area 10301.767
}
