package cutstock

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fabkit/fabkit/units"
)

// demoPlan is a small shop cut list: two tube lengths, kerf and trim.
func demoPlan(t *testing.T) *Plan {
	t.Helper()
	pieces := []Piece{
		{Label: "leg", Length: 900, Qty: 4},
		{Label: "rail", Length: 1210.5, Qty: 3},
		{Label: "brace <45°>", Length: 400, Qty: 2},
	}
	stock := []Bar{{Length: 6000, Price: 42}, {Length: 3000, Price: 24}}
	opt := Options{Kerf: 3, Trim: 5, MinOffcut: 300}
	p, err := Solve(context.Background(), pieces, stock, opt)
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, p, pieces, stock, opt)
	return p
}

// golden compares got with testdata/cutstock/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join(testdataDir, name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s changed (run with -update if intended); got:\n%s", name, got)
	}
}

func TestWriters(t *testing.T) {
	p := demoPlan(t)
	inches := func(mm float64) string { return units.FormatInches(mm, 16) }
	tests := []struct {
		name  string
		write func(io.Writer) error
		check func(t *testing.T, out []byte)
	}{
		{"plan.txt", func(w io.Writer) error { return WriteText(w, p, nil) }, func(t *testing.T, out []byte) {
			if got := strings.Count(string(out), "\nBar "); got != len(p.Bars) {
				t.Errorf("%d bar headings, want %d", got, len(p.Bars))
			}
			if !strings.Contains(string(out), "1210.5mm") {
				t.Errorf("rail length not printed in mm")
			}
		}},
		{"plan_in.txt", func(w io.Writer) error { return WriteText(w, p, inches) }, func(t *testing.T, out []byte) {
			if !strings.Contains(string(out), "35-7/16in") { // 900 mm
				t.Errorf("leg length not printed in fractional inches")
			}
		}},
		{"plan.json", func(w io.Writer) error { return WriteJSON(w, p) }, func(t *testing.T, out []byte) {
			var v struct {
				Cost float64 `json:"cost"`
				Bars []struct {
					Cuts []struct {
						Label  string  `json:"label"`
						Length float64 `json:"length_mm"`
					} `json:"cuts"`
				} `json:"bars"`
			}
			if err := json.Unmarshal(out, &v); err != nil {
				t.Fatal(err)
			}
			if v.Cost != p.Cost || len(v.Bars) != len(p.Bars) {
				t.Errorf("JSON cost %g with %d bars, want %g with %d", v.Cost, len(v.Bars), p.Cost, len(p.Bars))
			}
		}},
		{"plan.csv", func(w io.Writer) error { return WriteCSV(w, p) }, func(t *testing.T, out []byte) {
			rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, b := range p.Bars {
				n += len(b.Cuts)
			}
			if len(rows) != n+1 || rows[0][0] != "bar" {
				t.Errorf("%d rows, want a header and %d cuts", len(rows), n)
			}
		}},
		{"plan.svg", func(w io.Writer) error { return WriteSVG(w, p, nil) }, func(t *testing.T, out []byte) {
			bars := 0
			dec := xml.NewDecoder(bytes.NewReader(out))
			for {
				tok, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("SVG is not XML: %v", err)
				}
				if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "g" {
					for _, a := range se.Attr {
						if a.Name.Local == "class" && a.Value == "bar" {
							bars++
						}
					}
				}
			}
			if bars != len(p.Bars) {
				t.Errorf("%d bar groups, want %d", bars, len(p.Bars))
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.write(&buf); err != nil {
				t.Fatal(err)
			}
			tt.check(t, buf.Bytes())
			golden(t, tt.name, buf.Bytes())
		})
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

func TestWritersReportErrors(t *testing.T) {
	p := demoPlan(t)
	for name, write := range map[string]func(io.Writer) error{
		"text": func(w io.Writer) error { return WriteText(w, p, nil) },
		"json": func(w io.Writer) error { return WriteJSON(w, p) },
		"csv":  func(w io.Writer) error { return WriteCSV(w, p) },
		"svg":  func(w io.Writer) error { return WriteSVG(w, p, nil) },
	} {
		if err := write(failWriter{}); err == nil {
			t.Errorf("%s: no error from a failing writer", name)
		}
	}
}

// TestOneBarSaysSo: a cut list of one bar says "1 bar", not "1 bars".
func TestOneBarSaysSo(t *testing.T) {
	p, err := Solve(context.Background(), []Piece{{Label: "leg", Length: 900, Qty: 2}}, []Bar{{Length: 6000, Price: 42}}, Options{Kerf: 3})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, p, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "Cut list: 1 bar, ") {
		t.Errorf("cut list text:\n%s", buf.String())
	}
}
