package model

import (
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

// HydraulicDemand is what a hydraulic machine asks of the power unit that
// drives it: a pump flow at a working pressure.
type HydraulicDemand struct {
	FlowLPM     float64 // least pump flow, litres per minute
	PressureMPa float64 // working (relief) pressure
	// Basis says where the figures come from, for messages and manifests,
	// e.g. "OSE CEB press v17.08: >= 14 gpm at 2300 psi".
	Basis string
}

// HydraulicConsumer is a design driven by a hydraulic power unit: for its
// resolved parameters and a shop it states the flow and pressure it needs.
type HydraulicConsumer interface {
	HydraulicDemand(v *params.Values, s *shop.Shop) (HydraulicDemand, error)
}

// HydraulicSupplier is a design that can be sized to a hydraulic demand:
// SizeFor returns the parameter values (as overrides, applied after the
// preset) of the smallest unit the shop can build that meets it, or an
// error naming what falls short.
type HydraulicSupplier interface {
	SizeFor(d HydraulicDemand, s *shop.Shop) ([]params.Override, error)
}
