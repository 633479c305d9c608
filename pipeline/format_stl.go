package pipeline

import (
	"bytes"
	"context"
	"fmt"

	"github.com/fabkit/fabkit/geometry/mesh"
	"github.com/fabkit/fabkit/model"
	"github.com/fabkit/fabkit/outputs/stl"
	"github.com/fabkit/fabkit/outputs/threemf"
)

var stlFormat = Format{
	Kind: "stl",
	Files: []FileSpec{
		{"stl/PART.stl", "stl", "binary STL of each part in its own frame (3D-printed parts lie on their largest flat face)"},
		{"stl/assembly.stl", "stl", "every instance placed"},
		{"stl/assembly.3mf", "3mf", "every instance placed: one object per part and its instances as build items"},
	},
	Needs: ProductMeshes,
	Write: writeMeshes,
}

// writeMeshes writes stl/PART.stl for every meshed part, stl/assembly.stl
// with every instance placed, and stl/assembly.3mf with one object per part
// and its instances as build items.
func writeMeshes(ctx context.Context, in *Products, out *Output) error {
	var objects []threemf.Object
	var items []threemf.Item
	for _, p := range in.Model.Parts {
		m := in.Meshes.Parts[p.ID]
		if m == nil {
			continue
		}
		var buf bytes.Buffer
		own := m
		if p.Process == model.Print3D {
			own = m.Transformed(mesh.OrientForPrint(m)) // largest flat face down
		}
		if err := stl.Write(&buf, own, p.ID); err != nil {
			return fmt.Errorf("part %s: %w", p.ID, err)
		}
		if err := out.Add("stl/"+p.ID+".stl", buf.Bytes(), Owner{Part: p.ID}); err != nil {
			return err
		}
		objects = append(objects, threemf.Object{Name: p.ID, Mesh: m, Material: string(p.Process), Color: processColor[p.Process]})
		for _, pl := range p.Placements {
			items = append(items, threemf.Item{ObjectIndex: len(objects) - 1, Transform: pl})
		}
	}
	for _, p := range in.Model.Parts {
		body := in.Meshes.Bodies[p.ID]
		if body == nil {
			continue
		}
		objects = append(objects, threemf.Object{Name: p.ID, Mesh: body, Material: string(p.Process), Color: processColor[p.Process]})
		for _, pl := range p.Placements {
			items = append(items, threemf.Item{ObjectIndex: len(objects) - 1, Transform: pl})
		}
	}
	if a := in.Meshes.Assembly; a != nil {
		var buf bytes.Buffer
		if err := stl.Write(&buf, a, "assembly"); err != nil {
			return err
		}
		if err := out.Add("stl/assembly.stl", buf.Bytes(), Owner{}); err != nil {
			return err
		}
	}
	if len(objects) > 0 {
		var buf bytes.Buffer
		if err := threemf.Write(&buf, objects, items); err != nil {
			return err
		}
		return out.Add("stl/assembly.3mf", buf.Bytes(), Owner{})
	}
	return nil
}

// processColor colours the assembly 3MF's objects by how they are made.
var processColor = map[model.Process]string{
	model.PlateCut: "#4F6D8A", model.Saw: "#B0563A", model.Print3D: "#3C9A5F",
	model.Mill: "#8A6FB0", model.Buy: "#9A9A9A",
}
