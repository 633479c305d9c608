package shop

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestPriceListFromCSV(t *testing.T) {
	csv := "ID,Price,Length,Width,Vendor,Notes\n" +
		"sq-4x4x1/4,300,20ft,,,cheaper this month\n" +
		"\n" + // blank rows are skipped
		"plate-1/2,700,96in,48in,,\n" +
		"bolt-3/4x2,$1.05,,,Fastenal,\n" +
		"flat-2x1/4,38.5,,,,\n"
	pl, err := ReadPriceList("prices.csv", strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	if got := []int{pl.Rows[0].Line, pl.Rows[1].Line, pl.Rows[2].Line}; !slices.Equal(got, []int{2, 4, 5}) {
		t.Errorf("row numbers %v", got)
	}
	s := Default()
	if err := s.ApplyPrices(pl); err != nil {
		t.Fatal(err)
	}
	sq, _ := s.Profile("sq-4x4x1/4")
	if sq.Lengths[0].Price != 300 || sq.Lengths[1].Price != 381 {
		t.Errorf("sq-4x4x1/4 lengths = %+v", sq.Lengths)
	}
	pl12, _ := s.Sheet("a36", 12.7)
	if pl12.Sizes[0].Price != 700 || pl12.Sizes[1].Price != 1123 {
		t.Errorf("plate-1/2 sizes = %+v", pl12.Sizes)
	}
	bolt, _ := s.Item("bolt-3/4x2")
	if bolt.Price != 1.05 || bolt.Vendor != "Fastenal" || bolt.Description == "" {
		t.Errorf("bolt = %+v", bolt)
	}
	if fl, _ := s.Profile("flat-2x1/4"); fl.Lengths[0].Price != 38.5 {
		t.Errorf("a profile with one length takes a row without one: %+v", fl.Lengths)
	}
	if d, _ := Default().Profile("sq-4x4x1/4"); d.Lengths[0].Price != 317 {
		t.Error("ApplyPrices changed the built-in shop")
	}
}

func TestPriceListSemicolonsAndHeaderUnits(t *testing.T) {
	csv := "\xef\xbb\xbfid;price;length (ft)\nsq-2x2x1/8;80;24\n"
	pl, err := ReadPriceList("prix.csv", strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	if r := pl.Rows[0]; r.ID != "sq-2x2x1/8" || r.Price != 80 || !near(r.Length, 24*304.8, 1e-12) {
		t.Errorf("row = %+v", r)
	}
	s := Default()
	if err := s.ApplyPrices(pl); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.Profile("sq-2x2x1/8"); p.Lengths[1].Price != 80 {
		t.Errorf("lengths = %+v", p.Lengths)
	}
}

func TestPriceListFromXLSX(t *testing.T) {
	f := excelize.NewFile()
	sheet := f.GetSheetName(0)
	rows := [][]any{
		{"Id", "Price", "Length", "Description", "Unit", "Vendor", "Vendor_PN", "Link"},
		{"cyl-5x16", 849.99, nil, "Prince 5x16 tie-rod cylinder", "each", "Surplus Center", "9-7113", "https://example.com/cyl"},
		{"rod-8mm", 15, "2m"},
		{"plate-1/8", 175, nil},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	// Price formatted as currency: the raw value must still be read.
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 164, CustomNumFmt: ptr(`"$"#,##0.00`)})
	f.SetCellStyle(sheet, "B2", "B4", style)
	f.SetCellValue(sheet, "C4", "96in") // a length in the sheet-size row needs a width too
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	// The name has no extension: the zip signature tells XLSX.
	pl, err := ReadPriceList("upload", &buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(pl.Rows) != 3 || pl.Rows[0].Price != 849.99 || pl.Rows[0].Line != 2 {
		t.Fatalf("rows = %+v", pl.Rows)
	}
	s := Default()
	err = s.ApplyPrices(pl)
	want := `upload:4: width: plate-1/8 is sold in 12in x 12in, 24in x 24in, 24in x 48in, 48in x 96in, 60in x 120in: give width and length`
	if err == nil || err.Error() != want {
		t.Errorf("ApplyPrices = %v\nwant %s", err, want)
	}
	if it, _ := s.Item("cyl-5x16"); it.Price != 900 {
		t.Error("a failed ApplyPrices changed the shop")
	}
	pl.Rows = pl.Rows[:2]
	if err := s.ApplyPrices(pl); err != nil {
		t.Fatal(err)
	}
	it, _ := s.Item("cyl-5x16")
	if it.Price != 849.99 || it.VendorPN != "9-7113" || it.Link != "https://example.com/cyl" || it.Description != "Prince 5x16 tie-rod cylinder" {
		t.Errorf("item = %+v", it)
	}
	if rod, _ := s.Profile("rod-8mm"); rod.Lengths[1].Price != 15 {
		t.Errorf("rod = %+v", rod.Lengths)
	}
}

func ptr[T any](v T) *T { return &v }

func TestPriceListUnknownIDs(t *testing.T) {
	csv := "id,price\nbolt-3/4x2,1\nbolt-3/4x22,2\nnema17,12\nunobtainium,3\n"
	pl, err := ReadPriceList("prices.csv", strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	s := Default()
	err = s.ApplyPrices(pl)
	want := `prices.csv:3: id = "bolt-3/4x22": unknown id: no profile, sheet or item of this shop has it (did you mean "bolt-3/4x2"?)
prices.csv:5: id = "unobtainium": unknown id: no profile, sheet or item of this shop has it`
	if err == nil || err.Error() != want {
		t.Errorf("ApplyPrices = %v\nwant %s", err, want)
	}
	var fes FieldErrors
	if !errors.As(err, &fes) || len(fes) != 2 || fes[1].Line != 5 {
		t.Errorf("errors.As(FieldErrors) = %v", fes)
	}
	if it, _ := s.Item("nema17"); it.Price != 13.5 {
		t.Error("ApplyPrices with unknown ids changed the shop")
	}
}

func TestMalformedPriceLists(t *testing.T) {
	for _, c := range []struct{ name, data, want string }{
		{"p.csv", "id,price\nbolt-3/4x2,abc\n", `p.csv:2: price = "abc": expected a number`},
		{"p.csv", "id,price\nbolt-3/4x2,\"1,234.00\"\n", `p.csv:2: price = "1,234.00": write a plain number like 1234.50, without thousands separators or decimal commas`},
		{"p.csv", "id,price\nbolt-3/4x2,-1\n", `p.csv:2: price = "-1": must be >= 0`},
		{"p.csv", "id,price\n,1\n", `p.csv:2: id: required`},
		{"p.csv", "id,price\nnut-1,\n", `p.csv:2: price: required`},
		{"p.csv", "id,price,length\nsq-4x4x1/4,300,20\n", `p.csv:2: length = "20": needs a unit (mm, cm, m, in or ft)`},
		{"p.csv", "id,prcie\nnut-1,1\n", `p.csv:1: price: missing column (the header row needs id and price); is "prcie" meant to be price?`},
		{"p.csv", "id,price\n\"nut-1,1\n", `p.csv:2: CSV: extraneous or missing " in quoted-field`},
		{"p.csv", "", `p.csv: empty price list (expected a header row with id and price)`},
		{"p.xlsx", "id,price\n", `p.xlsx: not an XLSX file (no zip signature)`},
	} {
		_, err := ReadPriceList(c.name, strings.NewReader(c.data))
		if err == nil || err.Error() != c.want {
			t.Errorf("ReadPriceList(%q) = %v\nwant %s", c.data, err, c.want)
		}
	}
	// Rows that read but do not fit the shop.
	for _, c := range []struct{ data, want string }{
		{"id,price\nsq-4x4x1/4,300\n", `p.csv:2: length: sq-4x4x1/4 is sold in 2 lengths (240in, 288in): say which`},
		{"id,price,length\nsq-4x4x1/4,300,21ft\n", `p.csv:2: length = "21ft": the shop sells sq-4x4x1/4 in 240in, 288in only`},
		{"id,price,width,length\nplate-1/2,300,48in,100in\n", `p.csv:2: width = "48in x 100in": the shop sells plate-1/2 in 48in x 96in, 60in x 120in only`},
		{"id,price,unit\nnut-1,1,bag\n", `p.csv:2: unit = "bag": unknown unit`},
		{"id,price\nnut-1,1\nnut-1,2\n", `p.csv:3: id = "nut-1": priced again (first at row 2)`},
	} {
		pl, err := ReadPriceList("p.csv", strings.NewReader(c.data))
		if err != nil {
			t.Fatal(err)
		}
		err = Default().ApplyPrices(pl)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("ApplyPrices(%q) = %v\nwant %s", c.data, err, c.want)
		}
	}
}
