package shop

import (
	"math"
	"strings"
	"testing"
)

func TestPowerCatalogue(t *testing.T) {
	s, err := Builtin("us-imperial")
	if err != nil {
		t.Fatal(err)
	}
	e, ok := s.Power.EngineFor(28)
	if !ok || e.ID != "engine-bs-49m777" || e.HP != 28 || e.RPM != 3600 || e.LoadedRPM != 3000 || math.Abs(e.Shaft-28.575) > 1e-9 {
		t.Errorf("EngineFor(28) = %+v", e)
	}
	if e, _ := s.Power.EngineFor(24); e.HP != 28 {
		t.Errorf("EngineFor(24) = %g hp, want the next larger, 28", e.HP)
	}
	if _, ok := s.Power.EngineFor(100); ok {
		t.Error("EngineFor(100) found an engine")
	}
	p, ok := s.Power.PumpFor(0.98 * 16.387064)
	if !ok || p.ID != "pump-hmp3-0.98" || math.Abs(p.MaxPressure*145.0377-3000) > 0.1 {
		t.Errorf("PumpFor(0.98 in³) = %+v", p)
	}
	for _, id := range []string{e.ID, p.ID} {
		if _, ok := s.Item(id); !ok {
			t.Errorf("catalogue id %s has no priced item", id)
		}
	}
	if got, err := parsePower("20.88kW"); err != nil || math.Abs(got-28) > 0.01 {
		t.Errorf("parsePower(20.88kW) = %v, %v", got, err)
	}
}

func TestPowerCatalogueErrors(t *testing.T) {
	head := "name: t\nunits: imperial\ncurrency: USD\n"
	engine := "engines:\n  - {id: e, hp: 28, rpm: 3600, footprint: 17in x 17in, height: 14in, shaft: 1in, shaft_length: 2in, mount: 5/16in%s}\n"
	pump := "pumps:\n  - {id: p, displacement: 1in3, max_pressure: 3000psi, max_rpm: 4000, length: 5in, pilot: 3.25in, bolt_spacing: 4.19in, bolt: 7/16in%s}\n"
	for _, tc := range []struct{ doc, want string }{
		{head + strings.Replace(engine, "%s", ", loaded_rpm: 4000", 1), "engines[0].loaded_rpm: must not exceed rpm"},
		{head + strings.Replace(engine, "%s", ", hp: 28hp", 1), "duplicate key"},
		{head + strings.Replace(strings.Replace(engine, "hp: 28", "hp: lots", 1), "%s", "", 1), "engines[0].hp"},
		{head + strings.Replace(strings.Replace(engine, "footprint: 17in x 17in", "footprint: 17in", 1), "%s", "", 1), "engines[0].footprint"},
		{head + strings.Replace(engine, "%s", ", colour: red", 1), "engines[0].colour: unknown key"},
		{head + strings.Replace(pump, "%s", ", mass: 10stone", 1), "pumps[0].mass"},
		{head + strings.Replace(strings.Replace(pump, "bolt_spacing: 4.19in", "bolt_spacing: 3in", 1), "%s", "", 1), "pumps[0].bolt_spacing: must be larger than the pilot"},
		{head + strings.Replace(strings.Replace(pump, "displacement: 1in3", "displacement: 1gal", 1), "%s", "", 1), "pumps[0].displacement"},
	} {
		_, err := Parse("t.yaml", []byte(tc.doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.want, err, tc.want)
		}
	}
	s, err := Parse("t.yaml", []byte(head+strings.Replace(engine, "%s", "", 1)+strings.Replace(pump, "%s", "", 1)))
	if err != nil || len(s.Power.Engines) != 1 || len(s.Power.Pumps) != 1 || s.Power.Engines[0].LoadedRPM != 3600 {
		t.Errorf("good catalogue: %+v, %v", s, err)
	}
}
