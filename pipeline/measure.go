package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"github.com/fabkit/fabkit/manifest"
	"math"

	"github.com/fabkit/fabkit/geometry/mesh"
	"github.com/fabkit/fabkit/geometry/solid"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/outputs/stl"
	"github.com/fabkit/fabkit/outputs/threemf"
	"github.com/fabkit/fabkit/shop"
)

// steelDensity is used when the shop does not know a part's material.
const steelDensity = 7850.0 // kg/m^3

// sections maps the shop's stock shapes to the mesher's.
var sections = map[shop.ProfileShape]mesh.Shape{
	shop.SquareTube: mesh.RectTube, shop.RectTube: mesh.RectTube, shop.Angle: mesh.Angle,
	shop.Flat: mesh.Flat, shop.Round: mesh.RoundBar, shop.Pipe: mesh.Pipe,
}

// barSection returns the mesher's cross-section of a shop profile.
func barSection(p shop.Profile) mesh.Section {
	sec := mesh.Section{Shape: sections[p.Shape], Width: p.Width, Height: p.Height, Wall: p.Wall, Radius: p.OuterRadius, Diameter: p.Diameter}
	if p.Shape == shop.SquareTube && sec.Height == 0 {
		sec.Height = sec.Width
	}
	if p.Shape == shop.Angle && sec.Height == 0 {
		sec.Height = sec.Width
	}
	return sec
}

// endCut converts a model bar end to the mesher's end cut.
func endCut(e model.End) mesh.EndCut {
	axis := mesh.AboutZ
	if e.Axis == "y" {
		axis = mesh.AboutY
	}
	return mesh.EndCut{Angle: e.Mitre * math.Pi / 180, Axis: axis}
}

// partMesh returns the exact mesh of a part in its own frame, or nil for
// purchased parts.
func partMesh(ctx context.Context, p *model.Part, s *shop.Shop, tol float64, workers int) (*mesh.Mesh, error) {
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
	case p.Bar != nil:
		prof, ok := s.Profile(p.Bar.Profile)
		if !ok {
			return nil, fmt.Errorf("stock profile %q is not in shop %q", p.Bar.Profile, s.Name)
		}
		mp := mesh.Profile{Section: barSection(prof), Length: p.Bar.Length, Start: endCut(p.Bar.Start), End: endCut(p.Bar.End), Tolerance: tol}
		for _, h := range p.Bar.Holes {
			mp.Holes = append(mp.Holes, mesh.Hole{At: h.At, Face: h.Face, Diameter: h.Diameter, Through: h.Through})
		}
		return mesh.ExtrudeProfile(mp)
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

// toAffine converts a model placement to the mesher's transform.
func toAffine(t model.Transform) mesh.Affine {
	var a mesh.Affine
	for i := 0; i < 3; i++ {
		a[i] = [4]float64{t.R[i][0], t.R[i][1], t.R[i][2], t.T[i]}
	}
	return a
}

// measureParts meshes every part (in parallel, results in part order),
// checks each mesh and records its volume, area, bounding box and mass.
func measureParts(ctx context.Context, r *Result) error {
	sh := r.Request.Shop
	parts := r.Model.Parts
	meshes := make([]*mesh.Mesh, len(parts))
	errs := make([]error, len(parts))
	err := r.forEach(ctx, len(parts), func(i int) {
		m, err := partMesh(ctx, parts[i], sh, r.Request.Tolerance, 1)
		if err == nil && m != nil {
			if cerr := m.Check(); cerr != nil {
				err = fmt.Errorf("mesh: %w", cerr)
			}
		}
		meshes[i], errs[i] = m, err
	})
	if err != nil {
		return err
	}

	r.Parts = nil
	r.meshes = map[string]*mesh.Mesh{}
	for i, p := range parts {
		if errs[i] != nil {
			return fmt.Errorf("part %s: %w", p.ID, errs[i])
		}
		rep := manifest.Part{ID: p.ID, Name: p.Name, Qty: p.Qty, Process: string(p.Process), Material: p.Material, Files: []string{}}
		if m := meshes[i]; m != nil {
			r.meshes[p.ID] = m
			b := m.BBox()
			rep.BBoxMM = [3]float64{manifest.Round(b.Max.X-b.Min.X, 4), manifest.Round(b.Max.Y-b.Min.Y, 4), manifest.Round(b.Max.Z-b.Min.Z, 4)}
			rep.VolumeMM3 = manifest.Round(m.Volume(), 3)
			rep.AreaMM2 = manifest.Round(m.Area(), 3)
			rep.Facets = m.NumTriangles()
			density := steelDensity
			if mat, ok := sh.Material(p.Material); ok && mat.DensityKg > 0 {
				density = mat.DensityKg
			}
			rep.MassKg = manifest.Round(m.Volume()*1e-9*density, 4)
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

// writeMeshes writes stl/PART.stl for every meshed part, stl/assembly.stl
// with every instance placed, and stl/assembly.3mf with one object per part
// and its instances as build items.
func writeMeshes(ctx context.Context, r *Result) error {
	assembly := &mesh.Mesh{}
	var objects []threemf.Object
	var items []threemf.Item
	for i, p := range r.Model.Parts {
		m := r.meshes[p.ID]
		if m == nil {
			continue
		}
		if r.wants("stl") {
			var buf bytes.Buffer
			own := m
			if p.Process == model.Print3D {
				own = m.Transformed(mesh.OrientForPrint(m)) // largest flat face down
			}
			if err := stl.Write(&buf, own, p.ID); err != nil {
				return fmt.Errorf("part %s: %w", p.ID, err)
			}
			path := "stl/" + p.ID + ".stl"
			r.addFile(path, "stl", buf.Bytes())
			r.Parts[i].Files = append(r.Parts[i].Files, path)
		}
		objects = append(objects, threemf.Object{Name: p.ID, Mesh: m})
		for _, pl := range p.Placements {
			a := toAffine(pl)
			assembly.Append(m.Transformed(a))
			items = append(items, threemf.Item{ObjectIndex: len(objects) - 1, Transform: a})
		}
	}
	// Bought items with a stand-in body show in the assembly, not as files.
	for _, p := range r.Model.Parts {
		if p.Purchased == nil || p.Purchased.Body == nil || len(p.Placements) == 0 {
			continue
		}
		b := p.Purchased.Body
		body, err := mesh.ExtrudeProfile(mesh.Profile{Section: mesh.Section{Shape: mesh.RoundBar, Diameter: b.Diameter}, Length: b.Length, Tolerance: 4 * r.Request.Tolerance})
		if err != nil {
			return fmt.Errorf("part %s: body: %w", p.ID, err)
		}
		objects = append(objects, threemf.Object{Name: p.ID, Mesh: body})
		for _, pl := range p.Placements {
			a := toAffine(pl)
			assembly.Append(body.Transformed(a))
			items = append(items, threemf.Item{ObjectIndex: len(objects) - 1, Transform: a})
		}
	}
	if len(assembly.Triangles) > 0 {
		r.assembly = assembly
	}
	if !r.wants("stl") {
		return nil // the sheets stage only needs the assembly mesh
	}
	if len(assembly.Triangles) > 0 {
		var buf bytes.Buffer
		if err := stl.Write(&buf, assembly, "assembly"); err != nil {
			return err
		}
		r.addFile("stl/assembly.stl", "stl", buf.Bytes())
	}
	if len(objects) > 0 {
		var buf bytes.Buffer
		if err := threemf.Write(&buf, objects, items); err != nil {
			return err
		}
		r.addFile("stl/assembly.3mf", "3mf", buf.Bytes())
	}
	return nil
}
