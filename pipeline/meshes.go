package pipeline

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/fabkit/fabkit/geometry/mesh"
	"github.com/fabkit/fabkit/geometry/section"
	"github.com/fabkit/fabkit/geometry/solid"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/shop"
)

// Meshes is the geometry stage's product: the exact mesh of every part in
// its own frame, the stand-in bodies of bought items, and the assembly.
type Meshes struct {
	Parts    map[string]*mesh.Mesh // part id -> mesh in the part's frame; no entry for bought items
	Bodies   map[string]*mesh.Mesh // part id -> stand-in body of a bought item that has one
	Assembly *mesh.Mesh            // every instance placed; nil when nothing was meshed
}

// partMesh returns the exact mesh of a part in its own frame, or nil for
// purchased parts.
func partMesh(ctx context.Context, p *model.Part, s *shop.Shop, tol float64, workers int) (*mesh.Mesh, error) {
	switch {
	case p.Plate != nil:
		return mesh.ExtrudeRings(p.Plate.Shape.Rings(tol), p.Plate.Thickness)
	case p.Bar != nil:
		prof, ok := s.Profile(p.Bar.Profile)
		if !ok {
			return nil, fmt.Errorf("stock profile %q is not in shop %q", p.Bar.Profile, s.Name)
		}
		return mesh.ExtrudeBar(mesh.Bar{Section: prof.Section(), Length: p.Bar.Length, Start: p.Bar.Start, End: p.Bar.End, Holes: p.Bar.Holes, Tolerance: tol})
	case p.Solid != nil:
		cell := p.Solid.Tolerance
		if cell == 0 {
			cell = solid.DefaultCell
		}
		res, err := solid.Render(ctx, p.Solid.Shape, solid.Options{Cell: cell, Workers: workers})
		if err != nil {
			return nil, err
		}
		return res.Mesh, nil
	}
	return nil, nil
}

// MeshParts is the geometry stage: it meshes every part (in parallel on
// workers goroutines, results in part order) at chord tolerance tol, checks
// each mesh (closed, oriented, no degenerate faces), meshes the stand-in
// bodies of bought items and places every instance in the assembly. It
// reports each part meshed to report.
func MeshParts(ctx context.Context, m *model.Model, s *shop.Shop, tol float64, workers int, report Report) (*Meshes, error) {
	parts := m.Parts
	meshes := make([]*mesh.Mesh, len(parts))
	errs := make([]error, len(parts))
	var done atomic.Int64
	err := forEach(ctx, workers, len(parts), func(i int) {
		defer func() {
			n := done.Add(1)
			report.report(float64(n)/float64(len(parts)), fmt.Sprintf("meshed part %s (%d of %d)", parts[i].ID, n, len(parts)))
		}()
		pm, err := partMesh(ctx, parts[i], s, tol, 1)
		if err == nil && pm != nil {
			if cerr := pm.Check(); cerr != nil {
				err = fmt.Errorf("mesh: %w", cerr)
			}
		}
		meshes[i], errs[i] = pm, err
	})
	if err != nil {
		return nil, err
	}
	out := &Meshes{Parts: map[string]*mesh.Mesh{}, Bodies: map[string]*mesh.Mesh{}}
	// The assembly is sized once for every placed part (the bodies below
	// are few and small).
	nv, nt := 0, 0
	for i, p := range parts {
		if errs[i] != nil {
			return nil, fmt.Errorf("part %s: %w", p.ID, errs[i])
		}
		if meshes[i] != nil {
			nv += len(p.Placements) * len(meshes[i].Vertices)
			nt += len(p.Placements) * len(meshes[i].Triangles)
		}
	}
	assembly := &mesh.Mesh{Vertices: make([]mesh.Vec3, 0, nv), Triangles: make([][3]int32, 0, nt)}
	for i, p := range parts {
		if meshes[i] == nil {
			continue
		}
		out.Parts[p.ID] = meshes[i]
		for _, pl := range p.Placements {
			assembly.Append(meshes[i].Transformed(pl))
		}
	}
	// Bought items with a stand-in body show in the assembly, not as files.
	for _, p := range parts {
		if p.Purchased == nil || p.Purchased.Body == nil || len(p.Placements) == 0 {
			continue
		}
		b := p.Purchased.Body
		body, err := mesh.ExtrudeBar(mesh.Bar{Section: section.Section{Shape: section.Round, Diameter: b.Diameter}, Length: b.Length, Tolerance: 4 * tol})
		if err != nil {
			return nil, fmt.Errorf("part %s: body: %w", p.ID, err)
		}
		out.Bodies[p.ID] = body
		for _, pl := range p.Placements {
			assembly.Append(body.Transformed(pl))
		}
	}
	if len(assembly.Triangles) > 0 {
		out.Assembly = assembly
	}
	return out, nil
}
