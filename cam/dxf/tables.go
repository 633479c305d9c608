package dxf

import "github.com/fabkit/fabkit/geometry/profile"

// The drawing's frame around the entities: the HEADER section, the symbol
// tables, the layout blocks and (R2000) the OBJECTS section. What R2000
// requires follows the DXF reference: $ACADVER and $HANDSEED; the tables
// VPORT (*ACTIVE), LTYPE (ByBlock, ByLayer, Continuous), LAYER (0 and
// fabkit's layers), STYLE (Standard), VIEW, UCS, APPID (ACAD), DIMSTYLE
// (Standard) and BLOCK_RECORD (*Model_Space, *Paper_Space); the blocks of
// both spaces; a root dictionary holding ACAD_GROUP. R12 has the same
// tables without handles, subclass markers and BLOCK_RECORD.

// layers are the layers every drawing declares, with their colour (ACI).
var layers = []struct {
	name  string
	color int
}{{"0", 7}, {LayerOuter, 7}, {LayerInner, 1}, {LayerDrill, 3}, {LayerEtch, 5}, {LayerSheet, 8}}

// header writes the HEADER section; seed is the next free handle.
func (d *doc) header(ext profile.Box, seed uint64) {
	d.section("HEADER")
	d.pair(9, "$ACADVER")
	if d.v == R2000 {
		d.pair(1, "AC1015")
		d.pair(9, "$DWGCODEPAGE")
		d.pair(3, "ANSI_1252")
	} else {
		d.pair(1, "AC1009")
	}
	d.pair(9, "$INSBASE")
	d.point(10, profile.Point{})
	d.pair(9, "$EXTMIN")
	d.point(10, ext.Min)
	d.pair(9, "$EXTMAX")
	d.point(10, ext.Max)
	d.pair(9, "$LIMMIN")
	d.num(10, ext.Min.X)
	d.num(20, ext.Min.Y)
	d.pair(9, "$LIMMAX")
	d.num(10, ext.Max.X)
	d.num(20, ext.Max.Y)
	d.pair(9, "$INSUNITS")
	d.int(70, 4) // millimetres
	d.pair(9, "$MEASUREMENT")
	d.int(70, 1) // metric
	if d.v == R2000 {
		d.pair(9, "$HANDSEED")
		d.pair(5, hex(seed))
	}
	d.pair(0, "ENDSEC")
}

// point writes a 3D point with Z = 0 under codes c, c+10, c+20.
func (d *doc) point(c int, p profile.Point) {
	d.num(c, p.X)
	d.num(c+10, p.Y)
	d.num(c+20, 0)
}

// table starts a symbol table and returns its handle ("" in R12), the
// owner of its records.
func (d *doc) table(name string, n int) string {
	d.pair(0, "TABLE")
	d.pair(2, name)
	h := ""
	if d.v == R2000 {
		h = d.handle()
		d.pair(5, h)
		d.pair(330, "0")
		d.pair(100, "AcDbSymbolTable")
	}
	d.int(70, n)
	if d.v == R2000 && name == "DIMSTYLE" {
		d.pair(100, "AcDbDimStyleTable")
	}
	return h
}

// record starts a symbol table record owned by table and returns its
// handle. DIMSTYLE records carry their handle under code 105.
func (d *doc) record(kind, table, subclass, name string) string {
	d.pair(0, kind)
	h := ""
	if d.v == R2000 {
		h = d.handle()
		if kind == "DIMSTYLE" {
			d.pair(105, h)
		} else {
			d.pair(5, h)
		}
		d.pair(330, table)
		d.pair(100, "AcDbSymbolTableRecord")
		d.pair(100, subclass)
	}
	d.pair(2, name)
	d.int(70, 0)
	return h
}

// tables writes the CLASSES (R2000, empty) and TABLES sections.
func (d *doc) tables(ext profile.Box) {
	if d.v == R2000 {
		d.section("CLASSES")
		d.pair(0, "ENDSEC")
	}
	d.section("TABLES")

	t := d.table("VPORT", 1)
	d.record("VPORT", t, "AcDbViewportTableRecord", "*ACTIVE")
	size := ext.Size()
	height := max(size.Y, size.X/1.6, 1) * 1.1 // the whole drawing in a 16:10 window
	for _, g := range []struct {
		code int
		v    float64
	}{
		{10, 0}, {20, 0}, {11, 1}, {21, 1}, // the viewport's corners on the screen
		{12, (ext.Min.X + ext.Max.X) / 2}, {22, (ext.Min.Y + ext.Max.Y) / 2}, // view centre
		{13, 0}, {23, 0}, // snap base
		{14, 1}, {24, 1}, // snap spacing
		{15, 10}, {25, 10}, // grid spacing
		{16, 0}, {26, 0}, {36, 1}, // view direction: +Z
		{17, 0}, {27, 0}, {37, 0}, // target
		{40, height}, {41, 1.6}, {42, 50}, // height, aspect ratio, lens length
		{43, 0}, {44, 0}, {50, 0}, {51, 0}, // clipping planes, snap and twist angles
	} {
		d.num(g.code, g.v)
	}
	for _, g := range [][2]int{{71, 0}, {72, 100}, {73, 1}, {74, 3}, {75, 0}, {76, 0}, {77, 0}, {78, 0}} {
		d.int(g[0], g[1]) // view mode, circle zoom, fast zoom, UCS icon, snap, grid, snap style and isopair
	}
	d.pair(0, "ENDTAB")

	ltypes := []string{"ByBlock", "ByLayer", "Continuous"}
	if d.v == R12 {
		ltypes = []string{"CONTINUOUS"}
	}
	t = d.table("LTYPE", len(ltypes))
	for _, name := range ltypes {
		d.record("LTYPE", t, "AcDbLinetypeTableRecord", name)
		desc := ""
		if name != "ByBlock" && name != "ByLayer" {
			desc = "Solid line"
		}
		d.pair(3, desc)
		d.int(72, 65)
		d.int(73, 0)
		d.num(40, 0)
	}
	d.pair(0, "ENDTAB")

	t = d.table("LAYER", len(layers))
	for _, l := range layers {
		d.record("LAYER", t, "AcDbLayerTableRecord", l.name)
		d.int(62, l.color)
		d.pair(6, ltypes[len(ltypes)-1])
	}
	d.pair(0, "ENDTAB")

	t = d.table("STYLE", 1)
	d.record("STYLE", t, "AcDbTextStyleTableRecord", "Standard")
	d.num(40, 0)   // not a fixed height
	d.num(41, 1)   // width factor
	d.num(50, 0)   // oblique angle
	d.int(71, 0)   // generation flags
	d.num(42, 2.5) // last height used
	d.pair(3, "txt")
	d.pair(4, "")
	d.pair(0, "ENDTAB")

	d.table("VIEW", 0)
	d.pair(0, "ENDTAB")
	d.table("UCS", 0)
	d.pair(0, "ENDTAB")

	t = d.table("APPID", 1)
	d.record("APPID", t, "AcDbRegAppTableRecord", "ACAD")
	d.pair(0, "ENDTAB")

	t = d.table("DIMSTYLE", 1)
	d.record("DIMSTYLE", t, "AcDbDimStyleTableRecord", "Standard")
	d.pair(0, "ENDTAB")

	if d.v == R2000 {
		t = d.table("BLOCK_RECORD", 2)
		d.msp = d.record("BLOCK_RECORD", t, "AcDbBlockTableRecord", "*Model_Space")
		d.psp = d.record("BLOCK_RECORD", t, "AcDbBlockTableRecord", "*Paper_Space")
		d.pair(0, "ENDTAB")
	}
	d.pair(0, "ENDSEC")
}

// blocks writes the BLOCKS section: in R2000 the empty blocks of model and
// paper space (their entities live in ENTITIES); empty in R12.
func (d *doc) blocks() {
	d.section("BLOCKS")
	if d.v == R2000 {
		for _, b := range []struct {
			name, owner string
			paper       bool
		}{{"*Model_Space", d.msp, false}, {"*Paper_Space", d.psp, true}} {
			d.entityIn("BLOCK", b.owner, b.paper, "0", "AcDbBlockBegin")
			d.pair(2, b.name)
			d.int(70, 0)
			d.point(10, profile.Point{})
			d.pair(3, b.name)
			d.pair(1, "")
			d.entityIn("ENDBLK", b.owner, b.paper, "0", "AcDbBlockEnd")
		}
	}
	d.pair(0, "ENDSEC")
}

// objects writes the OBJECTS section: the root dictionary and the (empty)
// ACAD_GROUP dictionary it holds.
func (d *doc) objects() {
	d.section("OBJECTS")
	root, group := d.handle(), d.handle()
	d.dictionary(root, "0")
	d.pair(3, "ACAD_GROUP")
	d.pair(350, group)
	d.dictionary(group, root)
	d.pair(0, "ENDSEC")
}

// dictionary starts a DICTIONARY object with handle h owned by owner
// (hard-owned entries: code 281 = 1); its entries follow.
func (d *doc) dictionary(h, owner string) {
	d.pair(0, "DICTIONARY")
	d.pair(5, h)
	d.pair(330, owner)
	d.pair(100, "AcDbDictionary")
	d.int(281, 1)
}
