package service

import (
	"context"
	"fmt"
	"time"

	"github.com/fabkit/fabkit/geometry/profile"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
	"github.com/fabkit/fabkit/units"
)

// fakeDesign is a tiny design for the service tests: a few drilled plates
// whose length is a parameter, and a delay parameter that makes a build
// slow (honouring cancellation) for the queue and timeout tests.
type fakeDesign struct{ name string }

func (d fakeDesign) Name() string    { return d.name }
func (d fakeDesign) Summary() string { return "test plates" }
func (d fakeDesign) Version() string { return "1" }

func (d fakeDesign) Schema() *params.Schema {
	s := &params.Schema{}
	s.Length("brick_length", "Brick", units.Inch, "10in", "8in", "24in", "Length of the brick the plates are cut for.")
	s.Count("plate_count", "Plates", 2, 1, 4, "How many plates.")
	s.Length("plate_thickness", "Plates", units.Inch, "1/4in", "1/8in", "1in", "Plate thickness; the shop must sell it.")
	s.Choice("finish", "Plates", "raw", []string{"raw", "painted"}, "Surface finish.")
	s.Count("delay_ms", "Test", 0, 0, 600000, "Milliseconds the build waits (tests only).")
	s.Preset("long", "Long bricks", map[string]string{"brick_length": "14in"})
	s.Check(func(v *params.Values, r *params.Report) {
		if v.Length("brick_length") > 20*25.4 && v.Count("plate_count") > 3 {
			r.Errorf([]string{"plate_count", "brick_length"}, "more than 3 plates longer than 20in do not fit the frame")
		}
	})
	return s
}

func (d fakeDesign) Build(ctx context.Context, v *params.Values, _ *shop.Shop, _ *params.Report) (*model.Model, error) {
	if ms := v.Count("delay_ms"); ms > 0 {
		select {
		case <-time.After(time.Duration(ms) * time.Millisecond):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	l := v.Length("brick_length")
	n := v.Count("plate_count")
	part := &model.Part{ID: "p1", Name: "side plate", Material: "a36", Process: model.PlateCut, Qty: n,
		Plate: &model.Plate{Thickness: v.Length("plate_thickness"), Shape: profile.New(profile.Rect(0, 0, l, 100), profile.Circle(20, 50, 8))}}
	for i := 0; i < n; i++ {
		part.Placements = append(part.Placements, model.At(0, 0, float64(i)*50))
	}
	m := &model.Model{Summary: []model.Figure{{Name: "plates", Label: "Plates", Value: float64(n), Unit: "", Text: fmt.Sprint(n)}}}
	// The plates stand apart, so their hole mates nothing: say it is meant.
	m.Assembly.Open = []model.OpenHole{{Part: "p1", Hole: 0, Reason: "mounting"}}
	return m.Add(part), nil
}

var testDesigns = func() []model.Design { return []model.Design{fakeDesign{"bench"}, fakeDesign{"bench-two"}} }
