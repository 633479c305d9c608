package cli

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/fabkit/fabkit/bom/cutstock"
	"github.com/fabkit/fabkit/units"
	"github.com/urfave/cli/v2"
)

func cutlistCommand() *cli.Command {
	return &cli.Command{
		Name:      "cutlist",
		Usage:     "optimize a cut list for linear stock (bars, tubes) from a CSV of pieces",
		ArgsUsage: "PIECES.csv",
		Description: "PIECES.csv has the columns label, length, qty (a header row names them in any order).\n" +
			"Lengths carry units (\"3-1/2in\", \"450mm\"); bare numbers are read in --units.\n" +
			"Stock comes from --stock LENGTH[:PRICE],... or from a shop's profile (--shop, --profile).",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "stock", Usage: "stock lengths and prices, e.g. 20ft:317,24ft:380"},
			&cli.StringFlag{Name: "shop", Usage: "shop file or shipped shop name, for stock, saw kerf and trim"},
			&cli.StringFlag{Name: "profile", Usage: "shop profile id whose lengths and prices to use"},
			&cli.StringFlag{Name: "kerf", Usage: "saw kerf (default: the shop's, or 1/8in)"},
			&cli.StringFlag{Name: "trim", Usage: "trim at each bar end (default: the shop's, or 0)"},
			&cli.StringFlag{Name: "min-offcut", Usage: "shortest offcut kept as reusable stock"},
			&cli.StringFlag{Name: "units", Value: "in", Usage: "unit of bare numbers, and how lengths print: in or mm"},
			&cli.BoolFlag{Name: "json", Usage: "print the plan as JSON"},
			&cli.BoolFlag{Name: "csv", Usage: "print the plan as CSV, one row per cut"},
			&cli.StringFlag{Name: "svg", Usage: "also write an SVG cutting diagram to `FILE`"},
			&cli.Int64Flag{Name: "work", Value: cutstock.DefaultWork, Usage: "search budget in work units (close to 10^9 a second); the plan depends only on it"},
			&cli.DurationFlag{Name: "time-limit", Usage: "safety net: fail (exit 1) if the search still runs after this long; 0 = none"},
		},
		Action: runCutlist,
	}
}

func runCutlist(c *cli.Context) error {
	if c.NArg() != 1 {
		return usagef("cutlist: expected one CSV file of pieces")
	}
	unit, err := units.ParseUnit(c.String("units"))
	if err != nil {
		return usageError{fmt.Errorf("--units: %w", err)}
	}
	sys := units.Metric
	if unit.Imperial() {
		sys = units.Imperial
	}
	f, err := os.Open(c.Args().First())
	if err != nil {
		return usageError{err}
	}
	defer f.Close()
	pieces, err := readPieces(c.Args().First(), f, unit)
	if err != nil {
		return usageError{err}
	}
	if c.Int64("work") < 1 {
		return usagef("--work %d: expected a budget >= 1", c.Int64("work"))
	}
	if c.Duration("time-limit") < 0 {
		return usagef("--time-limit %v: expected a duration >= 0", c.Duration("time-limit"))
	}
	opt := cutstock.Options{Kerf: 3.175, Work: c.Int64("work"), TimeLimit: c.Duration("time-limit")}
	var stock []cutstock.Bar
	if name := c.String("shop"); name != "" {
		s, err := loadShop(name)
		if err != nil {
			return err
		}
		opt.Kerf, opt.Trim, opt.MinOffcut = s.Saw.Kerf, s.Saw.Trim, s.Saw.MinOffcut
		if id := c.String("profile"); id != "" {
			p, ok := s.Profile(id)
			if !ok {
				return usagef("--profile %q: not in shop %q", id, s.Name)
			}
			for _, l := range p.Lengths {
				stock = append(stock, cutstock.Bar{Length: l.Length, Price: l.Price})
			}
		}
	}
	if spec := c.String("stock"); spec != "" {
		if stock, err = parseStock(spec, unit); err != nil {
			return usageError{err}
		}
	}
	if len(stock) == 0 {
		return usagef("cutlist: no stock lengths: give --stock or --shop with --profile")
	}
	for _, lf := range []struct {
		flag string
		dst  *float64
	}{{"kerf", &opt.Kerf}, {"trim", &opt.Trim}, {"min-offcut", &opt.MinOffcut}} {
		if v := c.String(lf.flag); v != "" {
			mm, err := units.ParseLength(v, unit)
			if err != nil || mm < 0 {
				return usagef("--%s %q: expected a length >= 0", lf.flag, v)
			}
			*lf.dst = mm
		}
	}
	plan, err := cutstock.Solve(c.Context, pieces, stock, opt)
	if err != nil {
		var fe *cutstock.FieldError
		var tl *cutstock.TooLongError
		if errors.As(err, &fe) || errors.As(err, &tl) {
			return usageError{err}
		}
		return err // the time-limit safety net or a cancelled search
	}
	if path := c.String("svg"); path != "" {
		out, err := os.Create(path)
		if err != nil {
			return err
		}
		if err := cutstock.WriteSVG(out, plan, sys.Format); err != nil {
			out.Close()
			return err
		}
		if err := out.Close(); err != nil {
			return err
		}
	}
	switch {
	case c.Bool("json"):
		return cutstock.WriteJSON(c.App.Writer, plan)
	case c.Bool("csv"):
		return cutstock.WriteCSV(c.App.Writer, plan)
	}
	return cutstock.WriteText(c.App.Writer, plan, sys.Format)
}

// maxPiecesFile caps the size of the pieces CSV (some 300,000 rows).
const maxPiecesFile = 8 << 20

// readPieces reads label, length, qty rows; a header row may name the
// columns in any order. It refuses a file over maxPiecesFile bytes and more
// rows than cutstock.MaxPieces.
func readPieces(name string, r io.Reader, unit units.Unit) ([]cutstock.Piece, error) {
	lr := &io.LimitedReader{R: r, N: maxPiecesFile + 1}
	cr := csv.NewReader(lr)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = false
	cr.LazyQuotes = true // 1' 6" is a length, not a quoted field
	var rows [][]string
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if lr.N <= 0 {
			return nil, fmt.Errorf("%s: larger than the cap of %d MiB", name, maxPiecesFile>>20)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if len(rows) > cutstock.MaxPieces {
			return nil, fmt.Errorf("%s: more than %d rows (the cap on pieces)", name, cutstock.MaxPieces)
		}
		rows = append(rows, row)
	}
	if lr.N <= 0 {
		return nil, fmt.Errorf("%s: larger than the cap of %d MiB", name, maxPiecesFile>>20)
	}
	col := map[string]int{"label": 0, "length": 1, "qty": 2}
	start := 0
	if len(rows) > 0 {
		header := map[string]int{}
		for i, h := range rows[0] {
			h = strings.ToLower(strings.TrimSpace(h))
			if h == "quantity" {
				h = "qty"
			}
			header[h] = i
		}
		if _, ok := header["length"]; ok {
			col, start = header, 1
		}
	}
	var pieces []cutstock.Piece
	for i, row := range rows[start:] {
		line := i + start + 1
		get := func(k string) string {
			if j, ok := col[k]; ok && j < len(row) {
				return strings.TrimSpace(row[j])
			}
			return ""
		}
		if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
			continue
		}
		length, err := units.ParseLength(get("length"), unit)
		if err != nil || length <= 0 {
			return nil, fmt.Errorf("%s:%d: length %q: expected a positive length", name, line, get("length"))
		}
		qty := 1
		if q := get("qty"); q != "" {
			if qty, err = strconv.Atoi(q); err != nil || qty < 1 {
				return nil, fmt.Errorf("%s:%d: qty %q: expected a whole number >= 1", name, line, q)
			}
		}
		label := get("label")
		if label == "" {
			label = fmt.Sprintf("row %d", line)
		}
		pieces = append(pieces, cutstock.Piece{Label: label, Length: length, Qty: qty})
	}
	if len(pieces) == 0 {
		return nil, fmt.Errorf("%s: no pieces", name)
	}
	return pieces, nil
}

// parseStock reads "20ft:317,24ft:380" (price optional).
func parseStock(spec string, unit units.Unit) ([]cutstock.Bar, error) {
	var bars []cutstock.Bar
	for _, item := range strings.Split(spec, ",") {
		lenText, priceText, hasPrice := strings.Cut(strings.TrimSpace(item), ":")
		l, err := units.ParseLength(lenText, unit)
		if err != nil || l <= 0 {
			return nil, fmt.Errorf("--stock %q: length %q: expected a positive length", spec, lenText)
		}
		b := cutstock.Bar{Length: l}
		if hasPrice {
			if b.Price, err = strconv.ParseFloat(priceText, 64); err != nil || b.Price < 0 {
				return nil, fmt.Errorf("--stock %q: price %q: expected a number >= 0", spec, priceText)
			}
		}
		bars = append(bars, b)
	}
	return bars, nil
}
