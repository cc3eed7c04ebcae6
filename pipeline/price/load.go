package price

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/hrgflow/hrgflow/schemas"
)

// TableError is a problem at a position in a price or MFF table; see schemas.TableError.
type TableError = schemas.TableError

// maxErrors bounds the problems one load reports.
const maxErrors = 50

// column is a field of Prices a file column can feed.
type column uint8

const (
	colNone column = iota
	colHRG
	colDayCase
	colElective
	colCombined
	colNonElective
	colElectiveTrim
	colNonElectiveTrim
	colPerDay
	colSSEMApplies
	colSSEMPercent
	colSSEMPrice
	numColumns
)

// compactHeader is the header of the compact form, indexed by column
// (colHRG first); WriteTable writes it.
var compactHeader = [numColumns]string{
	"", "hrg", "day_case", "elective", "combined", "non_elective",
	"elective_trim_point", "non_elective_trim_point", "per_day",
	"ssem_applies", "ssem_percent", "ssem_price",
}

// columnAliases lists the other accepted headers of each column: the
// shipped 2024/25 file's names and the National Tariff Annex A headers.
// Headers are compared by headerKey, so case, spaces, underscores and
// in-cell line breaks do not matter. Annex headers saying "tariff" are
// also accepted with "price", the NHS Payment Scheme's word.
var columnAliases = map[column][]string{
	colHRG:             {"HRG code", "hrg_code"},
	colDayCase:         {"day_case_gbp", "day_case_elective_gbp", "Day case spell tariff (£)"},
	colElective:        {"elective_gbp", "ordinary_elective_gbp", "Ordinary elective spell tariff (£)"},
	colCombined:        {"combined_gbp", "Combined day case / ordinary elective spell tariff (£)"},
	colNonElective:     {"non_elective_gbp", "Non-elective spell tariff (£)"},
	colElectiveTrim:    {"Ordinary elective long stay trim point (days)"},
	colNonElectiveTrim: {"Non-elective long stay trim point (days)"},
	colPerDay: {"per_day_gbp", "Per day long stay payment (for days exceeding trim point) (£)",
		"Per day long stay payment (£)"},
	colSSEMApplies: {"Reduced short stay emergency tariff applicable?",
		"Reduced short stay emergency tariff applicable? (Yes/No)"},
	colSSEMPercent: {"% applied in calculation of reduced short stay emergency tariff"},
	colSSEMPrice:   {"ssem_price_gbp", "Reduced short stay emergency tariff (£)"},
}

// headerColumns maps headerKey of every accepted header to its column.
var headerColumns = func() map[string]column {
	m := make(map[string]column)
	for c := colHRG; c < numColumns; c++ {
		names := append([]string{compactHeader[c]}, columnAliases[c]...)
		for _, n := range names {
			m[headerKey(n)] = c
			m[headerKey(strings.ReplaceAll(strings.ToLower(n), "tariff", "price"))] = c
		}
	}
	return m
}()

// headerKey reduces a header to lower case without spaces, underscores or
// line breaks and hyphens, so "Day case_spell  tariff (£)" and "day case
// spell tariff (£)" compare equal, as do "Non-elective" and "non_elective".
// A leading byte order mark is dropped.
func headerKey(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case ' ', '_', '\t', '\r', '\n', '\u00a0', '-':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// LoadTable reads a price table: a CSV file whose first line is a header.
// Columns are found by name (see the package documentation for the names
// and aliases); other columns, such as "HRG name", are ignored, and blank
// lines are skipped. name is used in errors and returned by Table.Name.
//
// Problems are returned as *TableError values naming file, line and
// column (several joined with errors.Join); an HRG listed twice is an
// error.
func LoadTable(r io.Reader, name string) (*Table, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, readError(name, err, "reading the header")
	}
	cols, err := mapHeader(cr, header, name)
	if err != nil {
		return nil, err
	}
	rows, errs := readPriceRows(cr, cols, name)
	if err := joinErrors(errs, name); err != nil {
		return nil, err
	}
	return newTable(name, rows), nil
}

// readPriceRows reads the data rows of a price table, stopping after
// maxErrors problems.
func readPriceRows(cr *csv.Reader, cols []column, name string) (map[uint64]Prices, []error) {
	rows := make(map[uint64]Prices)
	lines := make(map[uint64]int)
	errs := eachDataRow(cr, name, func(rec []string, line int) []error {
		h, p, rowErrs := parseRow(cr, rec, cols, name)
		if len(rowErrs) > 0 {
			return rowErrs
		}
		if prev, dup := lines[packHRG(h)]; dup {
			return []error{&TableError{File: name, Line: line, Column: 1, Field: compactHeader[colHRG],
				Msg: fmt.Sprintf("HRG %s is already priced on line %d", HRGString(h), prev)}}
		}
		lines[packHRG(h)] = line
		rows[packHRG(h)] = p
		return nil
	})
	return rows, errs
}

// eachDataRow calls row with every non-blank record of cr and its line,
// collecting the problems it returns, until the end of the file, a read
// error or maxErrors problems. Price and MFF tables share it.
func eachDataRow(cr *csv.Reader, name string, row func(rec []string, line int) []error) []error {
	var errs []error
	for len(errs) < maxErrors {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return append(errs, readError(name, err, "reading a row"))
		}
		if blankRecord(rec) {
			continue
		}
		line, _ := cr.FieldPos(0)
		errs = append(errs, row(rec, line)...)
	}
	return errs
}

// joinErrors returns nil or the load problems joined, saying so when
// loading stopped at maxErrors.
func joinErrors(errs []error, name string) error {
	if len(errs) >= maxErrors {
		errs = append(errs, fmt.Errorf("%s: stopped after %d problems", name, maxErrors))
	}
	return errors.Join(errs...)
}

// readError turns an error of the CSV reader into a *TableError.
func readError(name string, err error, doing string) error {
	if err == io.EOF {
		return &TableError{File: name, Msg: "empty file: want a header line"}
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &TableError{File: name, Line: pe.Line, Column: pe.Column, Msg: "malformed CSV", Err: pe.Err}
	}
	return fmt.Errorf("price: %s of %s: %w", doing, name, err)
}

// mapHeader finds the column of each field in the header.
func mapHeader(cr *csv.Reader, header []string, name string) ([]column, error) {
	cols := make([]column, len(header))
	seen := [numColumns]int{}
	havePrice := false
	for i, h := range header {
		c := headerColumns[headerKey(h)]
		if c == colNone {
			continue
		}
		line, col := cr.FieldPos(i)
		if seen[c] > 0 {
			return nil, &TableError{File: name, Line: line, Column: col, Field: strings.TrimSpace(h),
				Msg: fmt.Sprintf("is a second %s column (the first is field %d)", compactHeader[c], seen[c])}
		}
		seen[c] = i + 1
		cols[i] = c
		havePrice = havePrice || c == colDayCase || c == colElective || c == colCombined || c == colNonElective
	}
	line, _ := cr.FieldPos(0)
	if seen[colHRG] == 0 {
		return nil, &TableError{File: name, Line: line, Msg: `no HRG column: want a header "hrg" or "HRG code"`}
	}
	if !havePrice {
		return nil, &TableError{File: name, Line: line,
			Msg: "no price column: want at least one of day_case, elective, combined, non_elective (or their Annex A headers)"}
	}
	return cols, nil
}

// blankRecord reports whether every cell of rec is blank.
func blankRecord(rec []string) bool {
	for _, s := range rec {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// parseRow parses one data row. Every bad cell gives its own error.
func parseRow(cr *csv.Reader, rec []string, cols []column, name string) ([5]byte, Prices, []error) {
	var (
		h    [5]byte
		p    = missingPrices
		errs []error
	)
	for i, c := range cols {
		if c == colNone {
			continue
		}
		cell := ""
		if i < len(rec) {
			cell = rec[i]
		}
		if err := setCell(&h, &p, c, cell); err != nil {
			line, col := cellPos(cr, i, len(rec))
			errs = append(errs, &TableError{File: name, Line: line, Column: col, Field: compactHeader[c], Msg: err.Error()})
		}
	}
	return h, p, errs
}

// cellPos returns the line and column of cell i of a record of n cells;
// the column is 0 when the record is too short to have the cell.
func cellPos(cr *csv.Reader, i, n int) (line, col int) {
	if i < n {
		return cr.FieldPos(i)
	}
	line, _ = cr.FieldPos(0)
	return line, 0
}

// setCell parses a cell of column c into h or p.
func setCell(h *[5]byte, p *Prices, c column, cell string) error {
	var err error
	switch c {
	case colHRG:
		*h, err = parseHRG(cell)
	case colDayCase:
		p.DayCase, err = parseMoney(cell)
	case colElective:
		p.Elective, err = parseMoney(cell)
	case colCombined:
		p.Combined, err = parseMoney(cell)
	case colNonElective:
		p.NonElective, err = parseMoney(cell)
	case colElectiveTrim:
		p.ElectiveTrim, err = parseDays(cell)
	case colNonElectiveTrim:
		p.NonElectiveTrim, err = parseDays(cell)
	case colPerDay:
		p.PerDay, err = parseMoney(cell)
	case colSSEMApplies:
		p.SSEMApplies, err = parseYesNo(cell)
	case colSSEMPercent:
		p.SSEMPercentPPM, err = parsePercent(cell)
	case colSSEMPrice:
		p.SSEMPrice, err = parseMoney(cell)
	}
	return err
}
