package compare

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/xuri/excelize/v2"
)

// StatementMap is the column map of a commissioner statement or SLAM
// extract, read from a small TOML file given with --map (docs/reconcile.md
// shows one). Column names are matched without regard to case or
// surrounding spaces.
type StatementMap struct {
	// Sheet is the xlsx sheet to read; empty means the first.
	Sheet string `toml:"sheet"`
	// HeaderRow is the 1-based row holding the column names; 0 means 1.
	HeaderRow int `toml:"header_row"`
	// Key is the hrgflow spell key the statement's spell column holds:
	// procodet_provspno (then Columns.Provider is needed too), provspno,
	// susspellid, patient or rowno.
	Key string `toml:"key"`
	// PriceUnit is "pounds" (the default; `£1,234.56` reads) or "pence".
	PriceUnit string `toml:"price_unit"`
	// Columns names the statement's columns.
	Columns StatementColumns `toml:"columns"`
	// PODValues maps the statement's point of delivery values onto
	// hrgflow's (NEL = "NE"); added to and overriding DefaultPODValues.
	PODValues map[string]string `toml:"pod_values"`
}

// StatementColumns names the columns of a statement. Spell and HRG are
// required; a column left out is not compared.
type StatementColumns struct {
	Provider      string `toml:"provider"`
	Spell         string `toml:"spell"`
	HRG           string `toml:"hrg"`
	POD           string `toml:"pod"`
	Month         string `toml:"month"`
	Price         string `toml:"price"`
	Commissioner  string `toml:"commissioner"`
	LOS           string `toml:"los"`
	ExcessBedDays string `toml:"excess_bed_days"`
	BasePrice     string `toml:"base_price"`
	ExcessPayment string `toml:"excess_bed_day_payment"`
	Unbundled     string `toml:"unbundled_payment"`
}

// DefaultPODValues maps common SLAM point of delivery codes onto
// hrgflow's. Values not listed are kept as they are.
var DefaultPODValues = map[string]string{
	"DC": "DC", "DAYCASE": "DC", "EL": "EL", "ELIP": "EL", "ELECTIVE": "EL",
	"NE": "NE", "NEL": "NE", "NELNE": "NE", "NONELECTIVE": "NE",
	"NES": "NES", "NELST": "NES", "NELSD": "NES", "NELNES": "NES",
	"MAT": "MAT", "OTH": "OTH", "RDA": "RDA", "RNA": "RNA", "UNK": "UNK",
}

// LoadStatementMap reads a column map file. Errors name the file and line.
func LoadStatementMap(path string) (*StatementMap, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m StatementMap
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		var se *toml.StrictMissingError
		if errors.As(err, &se) && len(se.Errors) > 0 {
			line, _ := se.Errors[0].Position()
			return nil, fmt.Errorf("%s:%d: unknown setting %s", path, line, strings.Join(se.Errors[0].Key(), "."))
		}
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, _ := de.Position()
			return nil, fmt.Errorf("%s:%d: %s", path, line, de.Error())
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	switch {
	case m.Columns.Spell == "":
		return nil, fmt.Errorf("%s: [columns] spell is required: the column holding the spell key", path)
	case m.Columns.HRG == "":
		return nil, fmt.Errorf("%s: [columns] hrg is required", path)
	case m.PriceUnit != "" && m.PriceUnit != "pounds" && m.PriceUnit != "pence":
		return nil, fmt.Errorf("%s: price_unit %q: want pounds or pence", path, m.PriceUnit)
	}
	if m.Key == "" {
		m.Key = KeyProcodetProvspno.String()
		if m.Columns.Provider == "" {
			m.Key = KeyProvspno.String()
		}
	}
	k, err := ParseKeyKind(m.Key)
	if err != nil {
		return nil, fmt.Errorf("%s: key: %w", path, err)
	}
	if k == KeyProcodetProvspno && m.Columns.Provider == "" {
		return nil, fmt.Errorf("%s: key procodet_provspno needs [columns] provider", path)
	}
	return &m, nil
}

// readStatementTable reads the statement as a table: xlsx through
// excelize, anything else as CSV.
func readStatementTable(path string, m *StatementMap) (*table, error) {
	hdr := max(m.HeaderRow, 1)
	var rows [][]string
	if strings.HasSuffix(strings.ToLower(path), ".xlsx") {
		f, err := excelize.OpenFile(path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		defer f.Close()
		sheet := m.Sheet
		if sheet == "" {
			sheet = f.GetSheetList()[0]
		}
		if rows, err = f.GetRows(sheet); err != nil {
			return nil, fmt.Errorf("%s: sheet %q: %w", path, sheet, err)
		}
	} else {
		t, err := readCSV(path, []string{})
		if err != nil {
			return nil, err
		}
		rows = t.rows
	}
	if len(rows) < hdr {
		return nil, fmt.Errorf("%s: no header in row %d", path, hdr)
	}
	t := newTable(path, rows[hdr-1], rows[hdr:], hdr+1)
	for _, c := range []string{m.Columns.Provider, m.Columns.Spell, m.Columns.HRG, m.Columns.POD, m.Columns.Month,
		m.Columns.Price, m.Columns.Commissioner, m.Columns.LOS, m.Columns.ExcessBedDays, m.Columns.BasePrice,
		m.Columns.ExcessPayment, m.Columns.Unbundled} {
		if c != "" && !t.has(strings.TrimSpace(c)) {
			return nil, fmt.Errorf("%s: no column %q in the header (row %d) named by the column map", path, c, hdr)
		}
	}
	return t, nil
}

// readStatement reads a statement through its column map. Lines with the
// same spell key are one spell: prices and excess bed days are summed, the
// HRG, point of delivery and month come from the first line.
func readStatement(path string, m *StatementMap) (*Side, error) {
	t, err := readStatementTable(path, m)
	if err != nil {
		return nil, err
	}
	key, _ := ParseKeyKind(m.Key)
	c := m.Columns
	side := &Side{Kind: KindStatement, Path: path, Has: HasHRG}
	for _, f := range []struct {
		col string
		has Has
	}{{c.POD, HasPOD}, {c.Month, HasMonth}, {c.Price, HasPrice}, {c.Commissioner, HasCommissioner},
		{c.LOS, HasPricingLOS}, {c.ExcessBedDays, HasExcess}} {
		if f.col != "" {
			side.Has |= f.has
		}
	}
	pods := map[string]string{}
	for k, v := range DefaultPODValues {
		pods[k] = v
	}
	for k, v := range m.PODValues {
		pods[strings.ToUpper(k)] = v
	}
	byKey := map[string]int{}
	for i := range t.rows {
		if err := statementRow(t, i, m, key, pods, side, byKey); err != nil {
			return nil, err
		}
	}
	return side, nil
}

func statementRow(t *table, i int, m *StatementMap, key KeyKind, pods map[string]string, side *Side, byKey map[string]int) error {
	c := m.Columns
	kv := t.get(i, c.Spell)
	if key == KeyProcodetProvspno {
		kv = joinKey(t.get(i, c.Provider), kv)
	}
	if kv == "" {
		return &cellError{t.path, t.line(i), c.Spell, "blank spell key"}
	}
	k, seen := byKey[kv]
	if !seen {
		s := newSpell()
		s.Keys[key] = kv
		s.Row = int64(t.line(i))
		s.Provider = t.get(i, c.Provider)
		s.HRG = upperTrim(t.get(i, c.HRG))
		s.Commissioner = t.get(i, c.Commissioner)
		if p := upperTrim(t.get(i, c.POD)); p != "" {
			s.POD = cmpOr(pods[p], p)
		}
		month, err := parseMonth(t.get(i, c.Month))
		if err != nil {
			return &cellError{t.path, t.line(i), c.Month, err.Error()}
		}
		s.Month = month
		k = len(side.Spells)
		byKey[kv] = k
		side.Spells = append(side.Spells, s)
	}
	s := &side.Spells[k]
	for _, f := range []struct {
		col        string
		dst        *int64
		money, sum bool
	}{{c.Price, &s.Money[MoneyTotal], true, true}, {c.BasePrice, &s.Money[MoneyBase], true, true},
		{c.ExcessPayment, &s.Money[MoneyExcess], true, true}, {c.Unbundled, &s.Money[MoneyUnbundled], true, true},
		{c.LOS, &s.PricingLOS, false, false}, {c.ExcessBedDays, &s.ExcessBedDays, false, true}} {
		if f.col == "" {
			continue
		}
		v, err := parseAmount(t.get(i, f.col), f.money && m.PriceUnit != "pence")
		if err != nil {
			return &cellError{t.path, t.line(i), f.col, err.Error()}
		}
		if v == Null {
			continue
		}
		switch {
		case *f.dst == Null:
			*f.dst = v
		case f.sum: // money and excess bed days add up over the lines; LOS is the first line's
			*f.dst += v
		}
	}
	return nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// parseAmount reads a whole number, or with pounds a money amount
// (`£1,234.56`, `-12.5`, `(12.50)`) as exact pence; blank and `-` are Null.
func parseAmount(s string, pounds bool) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "-" {
		return Null, nil
	}
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, s[1:len(s)-1]
	}
	s = strings.NewReplacer(",", "", "£", "", " ", "").Replace(s)
	if strings.HasPrefix(s, "-") {
		neg, s = !neg, s[1:]
	}
	whole, frac, dot := strings.Cut(s, ".")
	if !pounds {
		if dot && strings.Trim(frac, "0") != "" {
			return Null, fmt.Errorf("%q is not a whole number", s)
		}
		frac = ""
	}
	v, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || whole == "" {
		return Null, fmt.Errorf("%q is not an amount", s)
	}
	if pounds {
		// Pence from the first two decimals, rounded half away from zero on the third.
		f := (frac + "000")[:3]
		p, err := strconv.Atoi(f)
		if err != nil || strings.Trim(frac, "0123456789") != "" {
			return Null, fmt.Errorf("%q is not an amount", s)
		}
		v = v*100 + int64((p+5)/10)
	}
	if neg {
		v = -v
	}
	return v, nil
}

// parseMonth reads an activity month as YYYY-MM from `2024-05`, `202405`,
// `2024-05-31`, `31/05/2024`, `May-24`, `May 2024` or an Excel serial date.
func parseMonth(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	for _, layout := range []string{"2006-01", "200601", time.DateOnly, "02/01/2006", "Jan-06", "Jan 2006", "January 2006", "01-02-06"} {
		if tm, err := time.Parse(layout, s); err == nil {
			return tm.Format("2006-01"), nil
		}
	}
	if n, err := strconv.Atoi(s); err == nil && n > 20000 && n < 80000 { // Excel serial day
		return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n).Format("2006-01"), nil
	}
	return "", fmt.Errorf("%q is not a month (want YYYY-MM)", s)
}
