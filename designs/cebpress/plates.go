package cebpress

import (
	"fmt"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
)

// plateInfo is one of OSE's plate ids with its role and the parameters
// that size it (named when the plate outgrows the shop's sheets).
type plateInfo struct {
	id, name string
	drivers  []string
}

var (
	lengthDrivers = []string{"brick_length", "structure_plate"}
	heightDrivers = []string{"chamber_height", "main_retracted", "structure_plate"}
	armDrivers    = []string{"brick_width", "drawer_extended", "output_shelf"}
	hopperDrivers = []string{"grate_width", "grate_height", "grate_depth", "grate_angle", "brick_width"}
)

// plateList is the v2509P plate set in the order of OSE's cut list
// (~CNCLAYOUT.scad): drawer, arms, frame, guards.
var plateList = []plateInfo{
	{"d1", "drawer top (hopper shutter, bushing holders)", lengthDrivers},
	{"d2", "drawer side", []string{"brick_width", "chamber_height", "structure_plate"}},
	{"d3", "drawer wall", append([]string{"chamber_height"}, lengthDrivers...)},
	{"d4", "lid rib", []string{"brick_width", "chamber_height", "structure_plate"}},
	{"d5", "drawer lid", lengthDrivers},
	{"d6", "drawer back wall", append([]string{"chamber_height"}, lengthDrivers...)},
	{"d7", "drawer cylinder base clevis (on a4)", []string{"structure_plate"}},
	{"d8", "drawer cylinder mount shelf", lengthDrivers},
	{"d9", "drawer cylinder rod clevis", []string{"structure_plate"}},
	{"d10", "loose plate: cut as xport-Dp.scad cuts it, placed nowhere in OSE's files", nil},
	{"d11", "bushing holder clamp", nil},
	{"d12", "bushing holder mount plate", lengthDrivers},
	{"a1", "arm rail", armDrivers},
	{"a2", "arm side rail", armDrivers},
	{"a3", "arm cross bar", nil},
	{"a4", "drawer cylinder cross bar", nil},
	{"a5", "output cross bar", nil},
	{"a6", "arm gusset (a1 to a2)", nil},
	{"f1", "top beam", lengthDrivers},
	{"f2", "top beam and base spacer strip", lengthDrivers},
	{"f3", "top beam flange (under f12)", lengthDrivers},
	{"f4", "chamber wall", lengthDrivers},
	{"f5", "chamber flange (arm seat)", lengthDrivers},
	{"f6", "base plate (main cylinder boss)", lengthDrivers},
	{"f8", "column web", append([]string{"brick_width"}, heightDrivers...)},
	{"f9", "column flange", heightDrivers},
	{"f11", "column tie", []string{"brick_width"}},
	{"f12", "top cap (chamber opening)", append([]string{"brick_width"}, lengthDrivers...)},
	{"f13", "f6/f9 doubler (not cut: no OSE file places or exports it)", nil},
	{"f14", "chamber wall ledge", append([]string{"tab_clearance"}, lengthDrivers...)},
	{"h1", "hopper back", hopperDrivers},
	{"h2", "hopper slope", hopperDrivers},
	{"h7", "drawer cylinder guard", []string{"brick_length", "drawer_stroke"}},
	{"h8", "output shelf floor", []string{"brick_length", "output_shelf"}},
}

// thickness is the plate's thickness in inches: its group's standard.
func (o vars) thickness(id string) float64 {
	switch id[0] {
	case 'f':
		return o.fZ
	case 'a':
		return o.aZ
	case 'h':
		return o.hZ
	}
	return o.dZ
}

// unplaced are the plates OSE draws that no OSE assembly file places,
// with how many OSE's export files cut. d10 (18 x 3in, five 1.1in holes)
// is cut twice by xport-Dp.scad, but Dp.scad does not use it and
// d10p.scad says nothing of its place (its one comment is d7p.scad's,
// copied); fabkit cuts the two and lists them loose. f13 (f9's bottom 8in,
// with f6's two bolt holes) is commented out of both Fp.scad and
// xport-Fp.scad, as f7 and f10 are, and no place on the frame takes it: on
// f9's inner face it stands in the f11 tie and the f8 web, outside f6 in
// the f2 foot. fabkit draws it (TestPlatesMatchOSE) and cuts none.
var unplaced = map[string]int{"d10": 2, "f13": 0}

// drawError is a plate whose OSE drawing does not hold together at the
// values given (two holes run into each other, the cuts split it): the
// parameters that size it are refused.
type drawError struct {
	id      string
	drivers []string
	thick   string // the thickness parameter
	err     error
}

func (e *drawError) Error() string { return "designs/cebpress: " + e.msg() }

func (e *drawError) msg() string {
	return fmt.Sprintf("part %s: OSE's drawing does not hold together at these values: %v", e.id, e.err)
}

func (e *drawError) Unwrap() error { return e.err }

// plate is a built plate part.
type plate struct {
	plateInfo
	t     float64 // mm
	shape profile.Profile
	at    []model.Transform
	qty   int // len(at), or the count of an unplaced plate
}

// plates draws every plate and places its instances.
func plates(o vars) ([]plate, error) {
	at := map[string][]model.Transform{}
	for _, in := range o.instances() {
		at[in.id] = append(at[in.id], place(in.at, o.thickness(in.id)))
	}
	var out []plate
	for _, info := range plateList {
		sk := o.drawing(info.id)
		shape, err := sk.shape()
		if err == nil {
			err = shape.Validate()
		}
		if err != nil {
			return nil, &drawError{id: info.id, drivers: info.drivers, thick: o.thicknessParam(info.id), err: err}
		}
		qty, loose := unplaced[info.id]
		switch {
		case loose && len(at[info.id]) > 0:
			return nil, fmt.Errorf("designs/cebpress: part %s is placed but listed as unplaced", info.id)
		case !loose && len(at[info.id]) == 0:
			return nil, fmt.Errorf("designs/cebpress: part %s is not placed", info.id)
		case !loose:
			qty = len(at[info.id])
		}
		out = append(out, plate{plateInfo: info, t: o.thickness(info.id) * in, shape: shape, at: at[info.id], qty: qty})
	}
	return out, nil
}

// Row is one line of the plate cut list: the plate's bounding rectangle.
type Row struct {
	ID        string
	Name      string
	Qty       int
	W, H      float64 // mm
	Thickness float64 // mm
}

// CutList returns the plate cut list for resolved parameters, in the order
// of OSE's cut list.
func CutList(v *params.Values) ([]Row, error) {
	ps, err := plates(deriveVars(v))
	if err != nil {
		return nil, err
	}
	var rows []Row
	for _, p := range ps {
		if p.qty == 0 {
			continue
		}
		s := p.shape.Bounds().Size()
		rows = append(rows, Row{ID: p.id, Name: p.name, Qty: p.qty, W: s.X, H: s.Y, Thickness: p.t})
	}
	return rows, nil
}
