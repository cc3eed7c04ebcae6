package compare

import (
	"bytes"
	"cmp"
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
	// ProviderChars, when above 0, keeps the first ProviderChars
	// characters of the statement's provider codes: 3 turns site codes
	// (RXX01) into the trust code (RXX) a run keys its spells by.
	ProviderChars int `toml:"provider_chars"`
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
	case m.ProviderChars < 0:
		return nil, fmt.Errorf("%s: provider_chars %d: want 0 (keep codes whole) or more", path, m.ProviderChars)
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

// openStatementRows opens the statement's rows, positioned after its header
// row: xlsx through excelize's row iterator, anything else as CSV.
func openStatementRows(path string, m *StatementMap) (*rows, error) {
	hdr := max(m.HeaderRow, 1)
	var t *rows
	if strings.HasSuffix(strings.ToLower(path), ".xlsx") {
		f, err := excelize.OpenFile(path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		sheet := m.Sheet
		if sheet == "" {
			sheet = f.GetSheetList()[0]
		}
		it, err := f.Rows(sheet)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: sheet %q: %w", path, sheet, err)
		}
		line := 0
		t = &rows{path: path, close: func() error { return errors.Join(it.Close(), f.Close()) }}
		t.next = func() ([]string, int, error) {
			for it.Next() {
				line++
				rec, err := it.Columns()
				if err != nil {
					return nil, 0, fmt.Errorf("%s: sheet %q row %d: %w", path, sheet, line, err)
				}
				if len(rec) == 0 || (len(rec) == 1 && strings.TrimSpace(rec[0]) == "") {
					continue
				}
				return rec, line, nil
			}
			return nil, 0, it.Error()
		}
		t.setHeader(nil)
	} else {
		var err error
		if t, err = openCSV(path, []string{}, false); err != nil {
			return nil, err
		}
	}
	for range hdr - 1 {
		if _, err := t.read(); err != nil {
			t.Close()
			return nil, err
		}
	}
	ok, err := t.read()
	if err != nil || !ok {
		t.Close()
		if err == nil {
			err = fmt.Errorf("%s: no header in row %d", path, hdr)
		}
		return nil, err
	}
	if len(t.rec) > 0 {
		t.rec[0] = strings.TrimPrefix(t.rec[0], "\ufeff")
	}
	t.setHeader(append([]string(nil), t.rec...))
	for _, c := range []string{m.Columns.Provider, m.Columns.Spell, m.Columns.HRG, m.Columns.POD, m.Columns.Month,
		m.Columns.Price, m.Columns.Commissioner, m.Columns.LOS, m.Columns.ExcessBedDays, m.Columns.BasePrice,
		m.Columns.ExcessPayment, m.Columns.Unbundled} {
		if c != "" && !t.has(strings.TrimSpace(c)) {
			t.Close()
			return nil, fmt.Errorf("%s: no column %q in the header (row %d) named by the column map", path, c, hdr)
		}
	}
	return t, nil
}

// readStatement reads a statement through its column map. Lines with the
// same spell key are one spell: prices and excess bed days are summed, the
// HRG, point of delivery, month and LOS come from the first line.
func (ws *Workspace) readStatement(path string, m *StatementMap) (*Side, error) {
	t, err := openStatementRows(path, m)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	key, _ := ParseKeyKind(m.Key)
	c := m.Columns
	side, err := ws.newSide(KindStatement, path, HasHRG)
	if err != nil {
		return nil, err
	}
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
	a, err := ws.newAssembler(fileSize(path))
	if err != nil {
		return nil, err
	}
	defer a.remove()
	sp := newSpell()
	for n := int64(0); ; n++ {
		ok, err := t.read()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if err := ws.statementRow(t, n, m, key, pods, &sp); err != nil {
			return nil, err
		}
		if err := a.add(fragRow, []byte(sp.Keys[key]), int64(t.line), &sp); err != nil {
			return nil, err
		}
	}
	err = a.finish(func(g []fragment) error {
		s := g[0].sp
		for _, f := range g[1:] {
			for _, p := range []struct {
				dst *int64
				v   int64
				sum bool
			}{{&s.Money[MoneyTotal], f.sp.Money[MoneyTotal], true}, {&s.Money[MoneyBase], f.sp.Money[MoneyBase], true},
				{&s.Money[MoneyExcess], f.sp.Money[MoneyExcess], true}, {&s.Money[MoneyUnbundled], f.sp.Money[MoneyUnbundled], true},
				{&s.PricingLOS, f.sp.PricingLOS, false}, {&s.ExcessBedDays, f.sp.ExcessBedDays, true}} {
				switch {
				case p.v == Null:
				case *p.dst == Null:
					*p.dst = p.v
				case p.sum: // money and excess bed days add up over the lines; LOS is the first line's
					*p.dst += p.v
				}
			}
		}
		return side.emit(s)
	})
	if err != nil {
		return nil, err
	}
	return side, side.spool.finish()
}

// statementRow reads the current line of a statement into s.
func (ws *Workspace) statementRow(t *rows, n int64, m *StatementMap, key KeyKind, pods map[string]string, s *Spell) error {
	c := m.Columns
	provider := strings.TrimSpace(t.get(c.Provider))
	if n := m.ProviderChars; n > 0 && len(provider) > n {
		provider = provider[:n]
	}
	kv := t.get(c.Spell)
	if key == KeyProcodetProvspno {
		kv = joinKey(provider, kv)
	}
	if kv == "" {
		return &cellError{t.path, t.line, c.Spell, "blank spell key"}
	}
	s.reset()
	s.Seq, s.Row = n, int64(t.line)
	s.Keys[key] = kv
	s.Provider = ws.syms.id(provider)
	s.HRG = ws.syms.id(upperTrim(t.get(c.HRG)))
	s.Commissioner = ws.syms.id(t.get(c.Commissioner))
	if p := upperTrim(t.get(c.POD)); p != "" {
		s.POD = ws.syms.id(cmp.Or(pods[p], p))
	}
	month, err := parseMonth(t.get(c.Month))
	if err != nil {
		return &cellError{t.path, t.line, c.Month, err.Error()}
	}
	s.Month = ws.syms.id(month)
	for _, f := range []struct {
		col   string
		dst   *int64
		money bool
	}{{c.Price, &s.Money[MoneyTotal], true}, {c.BasePrice, &s.Money[MoneyBase], true},
		{c.ExcessPayment, &s.Money[MoneyExcess], true}, {c.Unbundled, &s.Money[MoneyUnbundled], true},
		{c.LOS, &s.PricingLOS, false}, {c.ExcessBedDays, &s.ExcessBedDays, false}} {
		if f.col == "" {
			continue
		}
		v, err := parseAmount(t.get(f.col), f.money && m.PriceUnit != "pence")
		if err != nil {
			return &cellError{t.path, t.line, f.col, err.Error()}
		}
		*f.dst = v
	}
	return nil
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
