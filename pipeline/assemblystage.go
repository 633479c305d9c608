package pipeline

import (
	"context"

	"github.com/fabkit/fabkit/assembly"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/shop"
)

// CheckAssembly proves the model's parts go together before any output is
// made. It returns the report, and an *assembly.Error when a finding the
// design does not list as known fails the build. Its interference test
// runs on workers goroutines (0: one a core); the report is the same for
// any number.
func CheckAssembly(ctx context.Context, d model.Design, m *model.Model, s *shop.Shop, workers int) (*assembly.Report, error) {
	rep, err := assembly.Run(ctx, m, s, assembly.Options{Allow: knownFindings[d.Name()+"@"+d.Version()], Workers: workers})
	if err != nil {
		return nil, err
	}
	return rep, rep.Err()
}
