package d3d

import (
	"math"

	"github.com/deadsy/sdfx/sdf"
	v3 "github.com/deadsy/sdfx/vec/v3"
)

// The Universal Axis printed parts, each in the axis frame: X along the
// rods (the motor holder at x=0, the idler at the far end), Y across (rods
// at y = ±RodSpacing/2), Z through the block (rods at z=0, the block
// ±T/2 thick). Envelopes and holes are the workbench's (section 2.2).
const (
	motorSideX   = 59.5  // motor holder length along the rods
	blockY       = 66.0  // motor holder and idler width: rods 46 apart, 10 from the edges
	blockZ       = 24.0  // block thickness for 8 mm rods
	carriageX    = 52.0  // carriage length
	carriageY    = 74.0  // carriage width
	idlerX       = 26.0  // idler length
	rodSpacing   = 46.0  // centre to centre
	m6Hole       = 6.78  // M6 clearance hole
	mountPitch   = 23.36 // mount hole pitch along the rods
	mountPitchY  = 22.44 // mount hole pitch across the rods
	nema17Bolts  = 31.0  // NEMA 17 M3 bolt square
	nema17Pilot  = 22.0  // NEMA 17 pilot boss hole
	nema17Body   = 42.3  // NEMA 17 body square
	m3Hole       = 3.4   // M3 clearance
	m3Head       = 6.5   // M3 socket head counterbore
	m6Head       = 11.0  // M6 head counterbore
	m6NutAF      = 10.4  // M6 nut trap across flats (10 mm nut + 0.4 clearance)
	m6NutH       = 5.0   // M6 nut trap depth
	beltSlot     = 19.0  // belt slot width: both strands round a 625ZZ pair
	beltHeight   = 8.0   // belt slot height: 6 mm GT2 belt + clearance
	rodFit       = 0.2   // rod bore over rod diameter: the clamp closes it
	bearingFit   = 0.1   // bearing bore over bearing OD: a light press fit
	slit         = 1.2   // clamp slit width
	idlerGap     = 0.25  // gap between the idler halves at the rod plane, per half
	idlerBearOD  = 16.0  // 625ZZ outside diameter
	idlerBearH   = 5.0   // 625ZZ width
	idlerAxle    = 5.3   // M5 axle clearance through the 625ZZ pair
	pegDiameter  = 5.0   // belt peg shank
	pegLength    = 22.0  // belt peg shank length
	pegHead      = 9.0   // belt peg head diameter
	pegSocketFit = 0.2   // peg socket over peg diameter
)

// axisDims sizes the blocks for a rod diameter: the workbench's 8 mm axis,
// with the carriage and blocks grown to keep 4.5 mm of wall round a larger
// bearing (fabkit's rule for 6, 10 and 12 mm rods).
type axisDims struct {
	Rod                  float64
	Bearing              bearing
	T                    float64 // block thickness
	MotorX, IdlerX       float64
	CarriageX, CarriageY float64
	BlockY               float64
}

func axisDimsFor(rod float64) axisDims {
	b, ok := bearingFor(rod)
	if !ok {
		b = linearBearings[1] // reported by checkRod
	}
	return axisDims{
		Rod: rod, Bearing: b,
		T:      math.Max(blockZ, b.OD+9),
		MotorX: motorSideX, IdlerX: idlerX,
		CarriageX: math.Max(carriageX, 2*b.Len+4),
		CarriageY: math.Max(carriageY, rodSpacing+b.OD+13),
		BlockY:    blockY,
	}
}

// motorHolder is the axis's drive end: the NEMA 17 bolts to its bottom
// face (four M3 on the 31 mm square, the 22 mm pilot boss through), the
// pulley turns in the pilot hole and the belt leaves through a slot towards
// the carriage. The rods pass through; one M6x18 closes a slit across the
// outer end to clamp both rods, its nut in a trap on the bottom face. Two
// M6 mount holes bolt the axis to the frame or to another axis.
func motorHolder(a axisDims) (sdf.SDF3, error) {
	var c csg
	L, W, T := a.MotorX, a.BlockY, a.T
	xm := L - 28.0 // motor centre: 28 mm from the carriage end
	xc := 7.0      // clamp bolt and mount holes, 7 mm from the outer end
	body := c.box(0, -W/2, -T/2, L, W/2, T/2)
	cuts := []sdf.SDF3{
		c.box(-1, -W/2-1, -slit/2, 11, W/2+1, slit/2),                            // clamp slit across both rods
		c.cylZ(xc, 0, -T/2-1, T/2+1, m6Hole/2),                                   // clamp bolt
		c.cylZ(xc, 0, T/2-m6NutH-1, T/2+1, m6Head/2),                             // its head seat
		c.hex(2, v3.Vec{X: xc, Y: 0, Z: -T/2 + (m6NutH-1)/2}, m6NutAF, m6NutH+1), // its nut trap
		c.cylZ(xc, mountPitch/2, -T/2-1, T/2+1, m6Hole/2),                        // mount holes
		c.cylZ(xc, -mountPitch/2, -T/2-1, T/2+1, m6Hole/2),                       //
		c.cylZ(xm, 0, -T/2-1, T/2+1, nema17Pilot/2),                              // pilot boss and pulley
		c.box(xm, -beltSlot/2, -beltHeight/2, L+1, beltSlot/2, beltHeight/2),     // belt to the carriage
	}
	for _, r := range rodsAt(a) {
		cuts = append(cuts, c.cylX(r, 0, -1, L+1, (a.Rod+rodFit)/2))
	}
	for _, dx := range []float64{-nema17Bolts / 2, nema17Bolts / 2} {
		for _, dy := range []float64{-nema17Bolts / 2, nema17Bolts / 2} {
			cuts = append(cuts,
				c.cylZ(xm+dx, dy, -T/2-1, T/2+1, m3Hole/2),
				c.cylZ(xm+dx, dy, T/2-4, T/2+1, m3Head/2)) // M3x25: 5 mm into the motor
		}
	}
	if c.err != nil {
		return nil, c.err
	}
	return minus(body, cuts...), nil
}

// carriage rides on four linear bearings, two in each bore, pressed in
// from the far end against a lip at x=0 that clears the rod. One belt
// strand passes through the slot; the other's ends wrap round the two belt
// pegs. Two M6 mount holes (pitch 23.36 mm) pass between the strands, nuts
// trapped underneath, to carry the next axis, the extruder or the bed rods.
func carriage(a axisDims) (sdf.SDF3, error) {
	var c csg
	L, W, T := a.CarriageX, a.CarriageY, a.T
	lip := L - 2*a.Bearing.Len - 2 // bearings stop 2 mm short of the far end
	body := c.box(0, -W/2, -T/2, L, W/2, T/2)
	cuts := []sdf.SDF3{
		c.box(-1, -beltSlot/2, -beltHeight/2, L+1, beltSlot/2, beltHeight/2),     // belt
		c.cylZ(4.5, beltSlot/2+1.5, -T/2-1, T/2+1, (pegDiameter+pegSocketFit)/2), // belt peg sockets
		c.cylZ(L-4.5, beltSlot/2+1.5, -T/2-1, T/2+1, (pegDiameter+pegSocketFit)/2),
	}
	for _, dx := range []float64{-mountPitch / 2, mountPitch / 2} {
		cuts = append(cuts,
			c.cylZ(L/2+dx, 0, -T/2-1, T/2+1, m6Hole/2),
			c.hex(2, v3.Vec{X: L/2 + dx, Y: 0, Z: -T/2 + (m6NutH-1)/2}, m6NutAF, m6NutH+1))
	}
	for _, r := range rodsAt(a) {
		cuts = append(cuts,
			c.cylX(r, 0, lip, L+1, (a.Bearing.OD+bearingFit)/2), // bearing bore
			c.cylX(r, 0, -1, L+1, a.Rod/2+1))                    // rod clearance through the lip
	}
	if c.err != nil {
		return nil, c.err
	}
	return minus(body, cuts...), nil
}

// idlerHalf is one of the two identical halves of the idler, split at the
// rod plane: each half holds one 625ZZ of the idler pair on an M5 axle and
// a half bore of each rod; two M6x18 through hex seats (the head in one
// half, the nut in the other) squeeze the halves onto the rods. Its frame
// has the split plane at z=0 and the half above it.
func idlerHalf(a axisDims) (sdf.SDF3, error) {
	var c csg
	L, W, T := a.IdlerX, a.BlockY, a.T
	xb := L / 2      // bearing axle
	xs := L/2 + 6.5  // clamp bolts
	ys := W/2 - 19.0 // clamp bolts across, between the bearings and the rods
	body := c.box(0, -W/2, idlerGap, L, W/2, T/2)
	cuts := []sdf.SDF3{
		c.cylZ(xb, 0, -1, idlerBearH+0.5, idlerBearOD/2+0.6),                     // 625ZZ pocket
		c.cylZ(xb, 0, -1, T/2+1, idlerAxle/2),                                    // axle
		c.box(-1, -beltSlot/2, -1, xb, beltSlot/2, beltHeight/2),                 // belt to the carriage
		c.cylZ(xs, ys, -1, T/2+1, m6Hole/2),                                      // clamp bolts
		c.cylZ(xs, -ys, -1, T/2+1, m6Hole/2),                                     //
		c.hex(2, v3.Vec{X: xs, Y: ys, Z: T/2 - (m6NutH-1)/2}, m6NutAF, m6NutH+1), // head or nut seats
		c.hex(2, v3.Vec{X: xs, Y: -ys, Z: T/2 - (m6NutH-1)/2}, m6NutAF, m6NutH+1),
	}
	for _, r := range rodsAt(a) {
		cuts = append(cuts, c.cylX(r, 0, -1, L+1, (a.Rod+rodFit)/2))
	}
	if c.err != nil {
		return nil, c.err
	}
	return minus(body, cuts...), nil
}

// beltPeg is pushed into a carriage socket with the belt end tucked into
// its slit and wrapped round it. Its frame has the head on z=0.
func beltPeg() (sdf.SDF3, error) {
	var c csg
	peg := sdf.Union3D(
		c.cylZ(0, 0, 0, 2, pegHead/2),
		c.cylZ(0, 0, 1, pegLength, pegDiameter/2))
	cut := c.box(-0.8, -pegHead, pegLength-10, 0.8, pegHead, pegLength+1) // slit for the belt end
	if c.err != nil {
		return nil, c.err
	}
	return minus(peg, cut), nil
}

// rodsAt returns the rods' Y positions.
func rodsAt(axisDims) []float64 { return []float64{-rodSpacing / 2, rodSpacing / 2} }
