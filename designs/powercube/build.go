package powercube

import (
	"context"
	"math"

	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

func build(ctx context.Context, v *params.Values, s *shop.Shop, r *params.Report) (*model.Model, error) {
	d, err := derive(v, s, r)
	if err != nil {
		return nil, err
	}
	if r.Err() != nil {
		return nil, nil // the report says what the shop lacks; the caller refuses the build
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m := &model.Model{}
	var plates []plate
	var engineAt, pumpAt model.Transform
	tubeMat := d.tube.Material
	resHoles, resWhy := reservoirHoles(d.resTube)
	fuelHoles, fuelWhy := fuelHoles(d.fuelTube)
	var open []model.OpenHole
	for i, w := range resWhy {
		open = append(open, model.OpenHole{Part: "reservoir", Hole: i, Reason: w})
	}
	for i, w := range fuelWhy {
		open = append(open, model.OpenHole{Part: "fuel-tank", Hole: i, Reason: w})
	}
	switch d.version {
	case IV:
		m.Add(frameIV(d)...)
		x0 := (d.L - d.resTube) / 2 // tube start; end plates outside it
		resY := d.W - d.a - d.th
		m.Add(tankTube(d, "reservoir", "hydraulic reservoir tube", d.tube.ID, tubeMat, d.resTube, d.tw, d.th, v3{x0, resY, d.t}, true, resHoles))
		fx0 := 1 + d.plate
		m.Add(tankTube(d, "fuel-tank", "fuel tank tube", d.fuelProfile.ID, d.fuelProfile.Material, d.fuelTube, d.fuelW, d.fuelH, v3{fx0, d.t, d.a + 2*d.t}, true, fuelHoles))
		plates = append(plates,
			plate{"reservoir-end", "reservoir end plate", d.plate, rect(d.tw, d.th), endsAt(d, x0, d.resTube, resY, d.t, d.th, true),
				"Power Cube IV manual: 1/4 x 6 x 12 (2); weld on the reservoir tube's ends", nil},
			plate{"fuel-end", "fuel tank end plate", d.plate, rect(d.fuelW, d.fuelH), endsAt(d, fx0, d.fuelTube, d.t, d.a+2*d.t, d.fuelH, true),
				"Power Cube IV manual: 1/4 x 4 x 8 (2); weld on the fuel tank tube's ends", nil})
		ps, bars, loose := mountsIV(d, resY)
		plates = append(plates, ps...)
		m.Add(bars...)
		m.Add(loose...)
		ez := ivPlateZ(d) + d.plate
		engineAt = frame(pz, py, nx, v3{}, v3{d.L / 2, resY - 6, ez})
		pumpAt = frame(nz, py, px, v3{}, v3{d.L / 2, resY - 6, ivPlateZ(d) - 3.5 - d.plate})
	default:
		E := d.E
		parts, welds := frameVI(d)
		m.Add(parts...)
		m.Assembly.Joints = append(m.Assembly.Joints, welds...)
		x0 := d.t + d.plate
		gap := 13.5 // the engine plate's length, between the tanks
		fy, by := E/2-gap/2-d.th, E/2+gap/2
		m.Add(tankTube(d, "reservoir", "hydraulic reservoir tube", d.tube.ID, tubeMat, d.resTube, d.tw, d.th, v3{x0, fy, d.t}, true, resHoles))
		m.Add(tankTube(d, "fuel-tank", "fuel tank tube", d.tube.ID, tubeMat, d.fuelTube, d.tw, d.th, v3{x0, by, d.t}, true, fuelHoles))
		ends := append(endsAt(d, x0, d.resTube, fy, d.t, d.th, true)[:1], endsAt(d, x0, d.fuelTube, by, d.t, d.th, true)...)
		plates = append(plates,
			plate{"tank-end", "tank end plate", d.plate, endPlate(d.tw, d.th), ends,
				"OSE PC6 cut sheet: 1/4 x 6 x 12 (4), corners ground to 1/2in radius, edges bevelled; weld on the tube ends", nil},
			plate{"reservoir-gauge-end", "reservoir end plate with sight gauge holes", d.plate, gaugePlate(d.tw, d.th),
				endsAt(d, x0, d.resTube, fy, d.t, d.th, true)[1:],
				"OSE PC6 Hydraulic Reservoir: the back end plate, two 1/2in holes for the 10in sight gauge", []string{"sight gauge bolt", "sight gauge bolt"}})
		ps, bars := mountsVI(d, [2]float64{fy + d.th, by})
		plates = append(plates, ps...)
		m.Add(bars...)
		top := d.t + d.tw
		engineAt = frame(pz, py, nx, v3{}, v3{E / 2, E / 2, top})
		pumpAt = frame(nz, py, px, v3{}, v3{E / 2, E / 2, top - d.plate - pumpDrop - d.plate})
	}
	pp, po := plateParts(plates, map[string]int{"cooler-mount-long": 2, "fan-mount": 2, "fan-spacer": 4, "battery-end": 2})
	m.Add(pp...)
	open = append(open, po...)
	m.Add(purchased(d, s, engineAt, pumpAt)...)
	for _, p := range m.Parts {
		if p.Plate != nil {
			checkSheet(s, p, r)
		}
	}
	m.Assembly.Open = open
	m.Summary = summary(d, m, s)
	return m, nil
}

// checkSheet reports a plate no sheet of its thickness holds.
func checkSheet(s *shop.Shop, p *model.Part, r *params.Report) {
	t := p.Plate.Thickness
	name := "plate"
	if p.ID == "quick-attach" {
		name = "quick_attach_plate"
	}
	z, ok := s.LargestSheet("a36", t)
	if !ok {
		r.Errorf([]string{name}, "part %s: shop %q sells no %.4g mm a36 plate", p.ID, s.Name, t)
		return
	}
	b := p.Plate.Shape.Bounds().Size()
	if math.Min(b.X, b.Y) > z.Width || math.Max(b.X, b.Y) > z.Length {
		r.Errorf([]string{name}, "part %s (%.0f x %.0f mm) is larger than the shop's largest sheet", p.ID, b.X, b.Y)
	}
}
