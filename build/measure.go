package build

import (
	"context"
	"fmt"

	"github.com/fabkit/fabkit/geometry/mesh"
	"github.com/fabkit/fabkit/model"
)

// steelDensity is used when the shop does not know a part's material.
const steelDensity = 7850.0 // kg/m^3

// partMesh returns the exact mesh of a part in its own frame, or nil for
// purchased parts.
func partMesh(p *model.Part, tol float64) (*mesh.Mesh, error) {
	switch {
	case p.Plate != nil:
		rings := p.Plate.Shape.Rings(tol)
		vr := make([][]mesh.Vec2, len(rings))
		for i, ring := range rings {
			vr[i] = make([]mesh.Vec2, len(ring))
			for j, pt := range ring {
				vr[i][j] = mesh.Vec2{X: pt.X, Y: pt.Y}
			}
		}
		return mesh.ExtrudeRings(vr, p.Plate.Thickness)
	}
	return nil, nil
}

// measureParts meshes every part, checks the mesh and records its volume,
// area, bounding box and mass.
func measureParts(ctx context.Context, r *Result) error {
	sh := r.Request.Shop
	r.Parts = nil
	for _, p := range r.Model.Parts {
		if err := ctx.Err(); err != nil {
			return err
		}
		rep := PartReport{ID: p.ID, Name: p.Name, Qty: p.Qty, Process: string(p.Process), Material: p.Material, Files: []string{}}
		m, err := partMesh(p, r.Request.Tolerance)
		if err != nil {
			return fmt.Errorf("part %s: %w", p.ID, err)
		}
		if m != nil {
			if err := m.Check(); err != nil {
				return fmt.Errorf("part %s: mesh: %w", p.ID, err)
			}
			b := m.BBox()
			rep.BBoxMM = [3]float64{round(b.Max.X-b.Min.X, 4), round(b.Max.Y-b.Min.Y, 4), round(b.Max.Z-b.Min.Z, 4)}
			rep.VolumeMM3 = round(m.Volume(), 3)
			rep.AreaMM2 = round(m.Area(), 3)
			rep.Facets = m.NumTriangles()
			density := steelDensity
			if mat, ok := sh.Materials[p.Material]; ok && mat.DensityKg > 0 {
				density = mat.DensityKg
			}
			rep.MassKg = round(m.Volume()*1e-9*density, 4)
		}
		switch {
		case p.Plate != nil:
			rep.Stock = fmt.Sprintf("plate %s", sh.Units.Format(p.Plate.Thickness))
		case p.Bar != nil:
			rep.Stock = p.Bar.Profile
		case p.Purchased != nil:
			rep.Stock = p.Purchased.Item
		}
		r.Parts = append(r.Parts, rep)
	}
	return nil
}
