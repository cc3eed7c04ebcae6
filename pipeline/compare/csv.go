package compare

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// table is a CSV or sheet read into memory: a header and rows of cells.
// Rows may be shorter or longer than the header (the official grouper's
// trailing UnbundledHRGs columns have no header).
type table struct {
	path   string
	header []string
	col    map[string]int // upper-cased, trimmed header name → first column
	rows   [][]string
	first  int // line number of rows[0] in the file (1-based)
}

func newTable(path string, header []string, rows [][]string, first int) *table {
	t := &table{path: path, header: header, rows: rows, first: first, col: map[string]int{}}
	for i, h := range header {
		k := strings.ToUpper(strings.TrimSpace(h))
		if _, dup := t.col[k]; !dup && k != "" {
			t.col[k] = i
		}
	}
	return t
}

// has reports whether the table has the column name.
func (t *table) has(name string) bool { _, ok := t.col[strings.ToUpper(name)]; return ok }

// get returns row i's trimmed value of column name, "" when absent.
func (t *table) get(i int, name string) string {
	j, ok := t.col[strings.ToUpper(name)]
	if !ok || j >= len(t.rows[i]) {
		return ""
	}
	return strings.TrimSpace(t.rows[i][j])
}

// line returns the file line of row i (1-based, the header counted).
func (t *table) line(i int) int { return t.first + i }

// cellError is a bad value in an input: file, line and field.
type cellError struct {
	File  string
	Line  int
	Field string
	Msg   string
}

func (e *cellError) Error() string {
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Field, e.Msg)
}

// int reads a whole number, Null when blank.
func (t *table) int(i int, name string) (int64, error) {
	s := t.get(i, name)
	if s == "" {
		return Null, nil
	}
	v, err := strconv.ParseInt(strings.TrimSuffix(s, ".0"), 10, 64)
	if err != nil {
		return Null, &cellError{t.path, t.line(i), name, "not a whole number"}
	}
	return v, nil
}

// readCSV reads a whole CSV (or .csv.gz) file. When header is nil the
// first record is the header; otherwise the file has none and header
// names its columns.
func readCSV(path string, header []string) (*table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = bufio.NewReaderSize(f, 1<<20)
	if strings.HasSuffix(strings.ToLower(path), ".gz") {
		gz, err := gzip.NewReader(r)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		defer gz.Close()
		r = gz
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = false
	var rows [][]string
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		rows = append(rows, rec)
	}
	if header != nil {
		return newTable(path, header, rows, 1), nil
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: empty file, no header", path)
	}
	if len(rows[0]) > 0 {
		rows[0][0] = strings.TrimPrefix(rows[0][0], "\ufeff")
	}
	return newTable(path, rows[0], rows[1:], 2), nil
}

func readHead(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(strings.ToLower(path), ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		defer gz.Close()
		r = gz
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	rec, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: reading the header: %w", path, err)
	}
	return rec, nil
}

func upperTrim(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
