package pipeline

import (
	"context"

	"github.com/fabkit/fabkit/assembly"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/shop"
)

// CheckAssembly proves the model's parts go together before any output is
// made. It returns the report, and an *assembly.Error when a finding the
// design does not list as known fails the build.
func CheckAssembly(ctx context.Context, d model.Design, m *model.Model, s *shop.Shop) (*assembly.Report, error) {
	rep, err := assembly.Run(ctx, m, s, assembly.Options{Allow: knownFindings[d.Name()+"@"+d.Version()]})
	if err != nil {
		return nil, err
	}
	return rep, rep.Err()
}
