package pipeline

import (
	"fmt"

	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

// Driven is the machine a hydraulic power unit is built for: a design that
// declares its hydraulic demand (model.HydraulicConsumer), with its preset
// and parameter layers, resolved as a build of it would be.
type Driven struct {
	Design model.Design
	Preset string
	Layers [][]params.Override
}

// SizeFor sizes a power unit to the machine it drives: it resolves the
// driven design's parameters, asks its hydraulic demand in shop s (nil:
// the supplier preset's shop, as Run chooses) and returns the supplier's
// parameter overrides that meet it, to be applied after the preset (put
// them first in Request.Layers, so the user's own values still win), and
// the demand. A design that does not drive or supply hydraulics, or a
// demand no unit of the shop's catalogue meets, is an *InputError.
func SizeFor(supplier model.Design, supplierPreset string, s *shop.Shop, d Driven) ([]params.Override, model.HydraulicDemand, error) {
	var dem model.HydraulicDemand
	sup, ok := supplier.(model.HydraulicSupplier)
	if !ok {
		return nil, dem, &InputError{fmt.Errorf("design %s is not a hydraulic power unit: it cannot be sized for another design", supplier.Name())}
	}
	if d.Design == nil {
		return nil, dem, &InputError{fmt.Errorf("no design given to size %s for", supplier.Name())}
	}
	con, ok := d.Design.(model.HydraulicConsumer)
	if !ok {
		return nil, dem, &InputError{fmt.Errorf("design %s declares no hydraulic demand: %s cannot be sized for it", d.Design.Name(), supplier.Name())}
	}
	if s == nil {
		var err error
		if s, err = ShopFor(supplier, supplierPreset); err != nil {
			return nil, dem, err
		}
	}
	v, err := d.Design.Schema().Resolve(d.Preset, d.Layers...)
	if err != nil {
		return nil, dem, &InputError{fmt.Errorf("%s: %w", d.Design.Name(), err)}
	}
	if err := d.Design.Schema().RunChecks(v).Err(); err != nil {
		return nil, dem, &InputError{fmt.Errorf("%s: %w", d.Design.Name(), err)}
	}
	if dem, err = con.HydraulicDemand(v, s); err != nil {
		return nil, dem, &InputError{fmt.Errorf("%s: hydraulic demand: %w", d.Design.Name(), err)}
	}
	ovs, err := sup.SizeFor(dem, s)
	if err != nil {
		return nil, dem, &InputError{err}
	}
	return ovs, dem, nil
}
