package d3d

import (
	"context"
	"testing"

	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

func resolve(t *testing.T, preset string, kv ...string) *params.Values {
	t.Helper()
	var ovs []params.Override
	for i := 0; i < len(kv); i += 2 {
		ovs = append(ovs, params.Override{Name: kv[i], Value: kv[i+1], Source: "test"})
	}
	v, err := (Design{}).Schema().Resolve(preset, ovs)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func buildWith(t *testing.T, v *params.Values, s *shop.Shop) (*model.Model, *params.Report) {
	t.Helper()
	r := (Design{}).Schema().RunChecks(v)
	m, err := (Design{}).Build(context.Background(), v, s, r)
	if err != nil {
		t.Fatal(err)
	}
	return m, r
}

func TestSmoke(t *testing.T) {
	m, r := buildWith(t, resolve(t, "12in"), shop.Default())
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, i := range r.Issues {
		t.Log(i)
	}
	for _, p := range m.Parts {
		t.Logf("%-16s %3d %s", p.ID, p.Qty, p.Notes)
	}
	for _, f := range m.Summary {
		t.Logf("%s: %s", f.Name, f.Text)
	}
}
