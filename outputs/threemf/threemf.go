// Package threemf writes fabkit meshes as a 3MF package (3D Manufacturing
// Format, core specification): one object per part and one build item per
// placed instance, in millimetres. The bytes are deterministic: fixed zip
// entry order and timestamps, fixed number formatting.
package threemf

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/fabkit/fabkit/geometry/affine"
	"github.com/fabkit/fabkit/geometry/mesh"
)

// Object is one part's mesh. Material, when set, names its base material
// (fabkit uses the part's process) and Color its display colour, "#RRGGBB".
type Object struct {
	Name     string
	Mesh     *mesh.Mesh
	Material string
	Color    string
}

// Item places an instance of Objects[ObjectIndex] in the build volume.
type Item struct {
	ObjectIndex int
	Transform   affine.Transform
}

// modTime is the fixed timestamp of every zip entry.
var modTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// deflateLevel is the zlib level of every entry, one below archive/zip's 5:
// on the D3D's assembly model (1.7 MB of XML) it deflates 2.6 times faster
// for a file 7 % larger, and 3MF files are most of a build's deflating.
const deflateLevel = 4

const contentTypes = `<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="model" ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"/></Types>
`

const rels = `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Target="/3D/3dmodel.model" Id="rel0" Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/></Relationships>
`

// Write writes a 3MF package with objects and the build items placing
// them. If items is empty, each object is placed once, untransformed.
// Vertices are written as float32 values (the precision of STL and of most
// slicers) in their shortest decimal form; transforms at float64 precision.
func Write(w io.Writer, objects []Object, items []Item) error {
	if len(objects) == 0 {
		return fmt.Errorf("threemf: no objects")
	}
	for i, o := range objects {
		if o.Mesh == nil || len(o.Mesh.Triangles) == 0 {
			return fmt.Errorf("threemf: object %d (%q): empty mesh", i, o.Name)
		}
	}
	if len(items) == 0 {
		for i := range objects {
			items = append(items, Item{ObjectIndex: i, Transform: affine.Identity()})
		}
	}
	for i, it := range items {
		if it.ObjectIndex < 0 || it.ObjectIndex >= len(objects) {
			return fmt.Errorf("threemf: item %d: object index %d out of range 0..%d", i, it.ObjectIndex, len(objects)-1)
		}
		for r, row := range it.Transform.R {
			for _, v := range append(row[:], it.Transform.T[r]) {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return fmt.Errorf("threemf: item %d: transform not finite", i)
				}
			}
		}
	}
	z := zip.NewWriter(w)
	z.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, deflateLevel) })
	entry := func(name string, write func(io.Writer) error) error {
		f, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modTime})
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(f, 1<<16)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	str := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	if err := entry("[Content_Types].xml", str(contentTypes)); err != nil {
		return fmt.Errorf("threemf: %w", err)
	}
	if err := entry("_rels/.rels", str(rels)); err != nil {
		return fmt.Errorf("threemf: %w", err)
	}
	if err := entry("3D/3dmodel.model", func(w io.Writer) error { return writeModel(w, objects, items) }); err != nil {
		return fmt.Errorf("threemf: %w", err)
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("threemf: %w", err)
	}
	return nil
}

func writeModel(w io.Writer, objects []Object, items []Item) error {
	var b []byte
	flush := func() error {
		_, err := w.Write(b)
		b = b[:0]
		return err
	}
	b = append(b, `<?xml version="1.0" encoding="UTF-8"?>
<model unit="millimeter" xml:lang="en-US" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02">
<resources>
`...)
	// Base materials, in order of first use; their group takes the id after
	// the objects'.
	mats := map[string]int{}
	var matOrder []Object
	for _, o := range objects {
		if _, ok := mats[o.Material]; o.Material != "" && !ok {
			mats[o.Material] = len(matOrder)
			matOrder = append(matOrder, o)
		}
	}
	matID := len(objects) + 1
	if len(matOrder) > 0 {
		b = append(b, `<basematerials id="`...)
		b = strconv.AppendInt(b, int64(matID), 10)
		b = append(b, "\">\n"...)
		for _, o := range matOrder {
			b = append(b, `<base name="`...)
			b = appendEscaped(b, o.Material)
			b = append(b, `" displaycolor="`...)
			b = appendEscaped(b, o.Color)
			b = append(b, "\"/>\n"...)
		}
		b = append(b, "</basematerials>\n"...)
	}
	for i, o := range objects {
		b = append(b, `<object id="`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `" type="model" name="`...)
		b = appendEscaped(b, o.Name)
		if k, ok := mats[o.Material]; ok {
			b = append(b, `" pid="`...)
			b = strconv.AppendInt(b, int64(matID), 10)
			b = append(b, `" pindex="`...)
			b = strconv.AppendInt(b, int64(k), 10)
		}
		b = append(b, "\">\n<mesh>\n<vertices>\n"...)
		for _, v := range o.Mesh.Vertices {
			b = append(b, `<vertex x="`...)
			b = appendF32(b, v.X)
			b = append(b, `" y="`...)
			b = appendF32(b, v.Y)
			b = append(b, `" z="`...)
			b = appendF32(b, v.Z)
			b = append(b, "\"/>\n"...)
			if len(b) > 1<<16 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		b = append(b, "</vertices>\n<triangles>\n"...)
		for _, t := range o.Mesh.Triangles {
			b = append(b, `<triangle v1="`...)
			b = strconv.AppendInt(b, int64(t[0]), 10)
			b = append(b, `" v2="`...)
			b = strconv.AppendInt(b, int64(t[1]), 10)
			b = append(b, `" v3="`...)
			b = strconv.AppendInt(b, int64(t[2]), 10)
			b = append(b, "\"/>\n"...)
			if len(b) > 1<<16 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		b = append(b, "</triangles>\n</mesh>\n</object>\n"...)
	}
	b = append(b, "</resources>\n<build>\n"...)
	for _, it := range items {
		b = append(b, `<item objectid="`...)
		b = strconv.AppendInt(b, int64(it.ObjectIndex+1), 10)
		b = append(b, `" transform="`...)
		// 3MF matrices act on row vectors: m00 m01 m02 m10 ... m30 m31 m32,
		// the transpose of our column form, with the translation last.
		a := it.Transform
		for c := 0; c < 4; c++ {
			for r := 0; r < 3; r++ {
				if c+r > 0 {
					b = append(b, ' ')
				}
				if c < 3 {
					b = appendF64(b, a.R[r][c])
				} else {
					b = appendF64(b, a.T[r])
				}
			}
		}
		b = append(b, "\"/>\n"...)
	}
	b = append(b, "</build>\n</model>\n"...)
	return flush()
}

func appendF32(b []byte, v float64) []byte {
	f := float32(v)
	if f == 0 {
		return append(b, '0')
	}
	return strconv.AppendFloat(b, float64(f), 'f', -1, 32)
}

func appendF64(b []byte, v float64) []byte {
	if v == 0 {
		return append(b, '0')
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

func appendEscaped(b []byte, s string) []byte {
	var buf bytes.Buffer
	_ = xml.EscapeText(&buf, []byte(s)) // writes to a bytes.Buffer never fail
	return append(b, buf.Bytes()...)
}
