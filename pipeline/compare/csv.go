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

// rows reads a CSV file (or .csv.gz, or a sheet) one record at a time:
// only the current record is held. Records may be shorter or longer than
// the header (the official grouper's trailing UnbundledHRGs columns have
// no header).
type rows struct {
	path   string
	header []string
	col    map[string]int // upper-cased, trimmed header name → first column
	rec    []string
	line   int // file line of rec (1-based)
	next   func() ([]string, int, error)
	close  func() error
	// pending is a first record read to detect a header, not yet served.
	pending []string
	pline   int
}

// openCSV opens a CSV file. With header nil the first record is the
// header; otherwise the file has none and header names its columns, unless
// detect is set and the first record looks like a header (holds RowNo, or
// its first cell is not a number).
func openCSV(path string, header []string, detect bool) (*rows, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	var r io.Reader = bufio.NewReaderSize(f, 1<<20)
	closers := []io.Closer{f}
	if strings.HasSuffix(strings.ToLower(path), ".gz") {
		gz, err := gzip.NewReader(r)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		closers = append([]io.Closer{gz}, closers...)
		r = gz
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	t := &rows{path: path, close: func() error {
		var errs []error
		for _, c := range closers {
			errs = append(errs, c.Close())
		}
		return errors.Join(errs...)
	}}
	t.next = func() ([]string, int, error) {
		for {
			rec, err := cr.Read()
			if errors.Is(err, io.EOF) {
				return nil, 0, nil
			}
			if err != nil {
				return nil, 0, fmt.Errorf("%s: %w", path, err)
			}
			if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
				continue
			}
			line, _ := cr.FieldPos(0)
			return rec, line, nil
		}
	}
	if header != nil && !detect {
		t.setHeader(header)
		return t, nil
	}
	first, line, err := t.next()
	if err != nil {
		t.close()
		return nil, err
	}
	if first == nil {
		t.close()
		return nil, fmt.Errorf("%s: empty file, no header", path)
	}
	first[0] = strings.TrimPrefix(first[0], "\ufeff")
	if header != nil && looksHeaderless(first) {
		t.setHeader(header)
		t.pending, t.pline = append([]string(nil), first...), line
		return t, nil
	}
	t.setHeader(append([]string(nil), first...))
	return t, nil
}

// looksHeaderless reports whether an official output's first record is
// data: its first cell a number (or blank) and no RowNo cell.
func looksHeaderless(first []string) bool {
	c := strings.TrimSpace(first[0])
	if _, err := strconv.Atoi(c); err != nil && c != "" {
		return false
	}
	for _, v := range first {
		if v == "RowNo" {
			return false
		}
	}
	return true
}

func (t *rows) setHeader(h []string) {
	t.header = h
	t.col = map[string]int{}
	for i, v := range h {
		k := strings.ToUpper(strings.TrimSpace(v))
		if _, dup := t.col[k]; !dup && k != "" {
			t.col[k] = i
		}
	}
}

// read moves to the next record; false at the end.
func (t *rows) read() (bool, error) {
	if t.pending != nil {
		t.rec, t.line, t.pending = t.pending, t.pline, nil
		return true, nil
	}
	rec, line, err := t.next()
	if err != nil || rec == nil {
		return false, err
	}
	t.rec, t.line = rec, line
	return true, nil
}

// Close closes the file.
func (t *rows) Close() error { return t.close() }

// has reports whether the header has the column name.
func (t *rows) has(name string) bool { _, ok := t.col[strings.ToUpper(name)]; return ok }

// idx returns the column of name, -1 when absent.
func (t *rows) idx(name string) int {
	if j, ok := t.col[strings.ToUpper(strings.TrimSpace(name))]; ok {
		return j
	}
	return -1
}

// at returns the current record's trimmed cell j, "" when absent.
func (t *rows) at(j int) string {
	if j < 0 || j >= len(t.rec) {
		return ""
	}
	return strings.TrimSpace(t.rec[j])
}

// get returns the current record's trimmed value of column name.
func (t *rows) get(name string) string { return t.at(t.idx(name)) }

// int reads a whole number of column j (named name), Null when blank.
func (t *rows) int(j int, name string) (int64, error) {
	s := t.at(j)
	if s == "" {
		return Null, nil
	}
	v, err := strconv.ParseInt(strings.TrimSuffix(s, ".0"), 10, 64)
	if err != nil {
		return Null, &cellError{t.path, t.line, name, "not a whole number"}
	}
	return v, nil
}

// date reads a date of column j (named name).
func (t *rows) date(j int, name string) (Date, error) {
	d, ok := parseDate(t.at(j))
	if !ok {
		return NoDate, &cellError{t.path, t.line, name, "not a date (want YYYY-MM-DD)"}
	}
	return d, nil
}

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

func readHead(path string) ([]string, error) {
	t, err := openCSV(path, nil, false)
	if err != nil {
		if strings.Contains(err.Error(), "empty file") {
			return nil, fmt.Errorf("%s: reading the header: %w", path, io.EOF)
		}
		return nil, err
	}
	defer t.Close()
	return t.header, nil
}

func upperTrim(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
