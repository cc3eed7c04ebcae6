package price

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// maxMFFPPM bounds an index (10.0): published indices lie near 1.0, so a
// larger value is a percentage or a typing error.
const maxMFFPPM = 10 * UnitIndexPPM

// maxProvider is the longest provider code accepted (site codes run to
// 9 characters).
const maxProvider = 9

// MFF is a market forces factor table: provider code → payment index, in
// parts per million. It is immutable once loaded and safe for concurrent
// use. A nil *MFF is valid and gives every provider an index of 1.0.
type MFF struct {
	name  string
	index map[string]int64
}

// mffProviderHeaders and mffIndexHeaders are the accepted headers of the
// two MFF columns, compared by headerKey.
var (
	mffProviderHeaders = []string{"provider", "provider_code", "procode", "procode3", "procode5",
		"org_code", "organisation_code", "organisation code", "ods_code", "trust_code", "code"}
	mffIndexHeaders = []string{"mff", "index", "payment_index", "mff_payment_index",
		"market_forces_factor", "mff_index", "value"}
)

// LoadMFF reads an MFF table: a CSV file with a header naming a provider
// column (provider, provider_code, procode, procode3, procode5, org_code,
// ods_code, trust_code or code) and an index column (mff, index,
// payment_index, mff_payment_index, market_forces_factor, mff_index or
// value). An index is decimal text such as 1.0234, stored in parts per
// million (1,023,400) and rounded half up beyond six decimals; it must be
// above 0 and at most 10. Provider codes are stored in upper case; a
// provider listed twice is an error. Problems are *TableError values
// naming file, line and column.
func LoadMFF(r io.Reader, name string) (*MFF, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, readError(name, err, "reading the header")
	}
	pcol, icol := findColumn(header, mffProviderHeaders), findColumn(header, mffIndexHeaders)
	if pcol < 0 || icol < 0 {
		line, _ := cr.FieldPos(0)
		return nil, &TableError{File: name, Line: line,
			Msg: `want a provider column ("provider", "procode", "org_code", …) and an index column ("mff", "index", "payment_index", …)`}
	}
	index, errs := readMFFRows(cr, pcol, icol, name)
	if err := joinErrors(errs, name); err != nil {
		return nil, err
	}
	return &MFF{name: name, index: index}, nil
}

// readMFFRows reads the data rows of an MFF table, stopping after
// maxErrors problems.
func readMFFRows(cr *csv.Reader, pcol, icol int, name string) (map[string]int64, []error) {
	index := make(map[string]int64)
	lines := make(map[string]int)
	errs := eachDataRow(cr, name, func(rec []string, line int) []error {
		prov, ppm, err := parseMFFRow(cr, rec, pcol, icol, name)
		if err != nil {
			return []error{err}
		}
		if prev, dup := lines[prov]; dup {
			_, col := cr.FieldPos(pcol)
			return []error{&TableError{File: name, Line: line, Column: col, Field: "provider",
				Msg: fmt.Sprintf("provider %s is already listed on line %d", prov, prev)}}
		}
		lines[prov] = line
		index[prov] = ppm
		return nil
	})
	return index, errs
}

// findColumn returns the index of the first header matching one of names,
// or -1.
func findColumn(header []string, names []string) int {
	for i, h := range header {
		k := headerKey(h)
		for _, n := range names {
			if k == headerKey(n) {
				return i
			}
		}
	}
	return -1
}

// parseMFFRow parses the provider and index cells of one row.
func parseMFFRow(cr *csv.Reader, rec []string, pcol, icol int, name string) (string, int64, error) {
	cellErr := func(i int, field, msg string) error {
		line, col := cellPos(cr, i, len(rec))
		return &TableError{File: name, Line: line, Column: col, Field: field, Msg: msg}
	}
	cell := func(i int) string {
		if i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	prov := strings.ToUpper(cell(pcol))
	if !validProvider(prov) {
		return "", 0, cellErr(pcol, "provider", fmt.Sprintf("%q is not a provider code (3 to %d letters and digits)", prov, maxProvider))
	}
	ppm, err := parseDecimal(cell(icol), 6)
	switch {
	case err != nil:
		return "", 0, cellErr(icol, "index", fmt.Sprintf("%q is not a decimal index such as 1.0234: %v", cell(icol), err))
	case ppm <= 0 || ppm > maxMFFPPM:
		return "", 0, cellErr(icol, "index", fmt.Sprintf("%q is outside (0, 10]: an MFF index is near 1.0", cell(icol)))
	}
	return prov, ppm, nil
}

// validProvider reports whether s is 3 to maxProvider ASCII letters and
// digits.
func validProvider(s string) bool {
	if len(s) < 3 || len(s) > maxProvider {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// Name returns the name the table was loaded under, "" for a nil table.
func (m *MFF) Name() string {
	if m == nil {
		return ""
	}
	return m.name
}

// Len returns the number of providers in the table.
func (m *MFF) Len() int {
	if m == nil {
		return 0
	}
	return len(m.index)
}

// Index returns the payment index of a provider in parts per million and
// whether the table lists it. The code is matched without surrounding
// spaces and in any case; a code longer than 3 characters (a 5-character
// PROCODE5 or a site code) that is not listed falls back to its first 3
// characters, the trust. An unknown
// provider, and every provider of a nil table, gets the default index 1.0
// (UnitIndexPPM) with found false. Index allocates nothing.
func (m *MFF) Index(provider string) (ppm int64, found bool) {
	if m == nil {
		return UnitIndexPPM, false
	}
	provider = strings.TrimSpace(provider)
	if len(provider) > maxProvider {
		return UnitIndexPPM, false
	}
	var buf [maxProvider]byte
	for i := 0; i < len(provider); i++ {
		c := provider[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		buf[i] = c
	}
	if v, ok := m.index[string(buf[:len(provider)])]; ok {
		return v, true
	}
	if len(provider) > 3 {
		if v, ok := m.index[string(buf[:3])]; ok {
			return v, true
		}
	}
	return UnitIndexPPM, false
}
