package grouper

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Load reads a design folder: manifest.json and the CSV tables described in
// docs/design-format.md. manifest.json, hrgs.csv, diagnoses.csv,
// procedures.csv and splits.csv must exist; pregroup.csv, cc.csv,
// cc_exclusions.csv and unbundled.csv are optional (absent means empty).
// Other files are ignored.
//
// Load checks each row on its own (column names, numbers, code lists,
// flags); Compile checks the rows against each other. Every problem is a
// *TableError naming file, line and column; when there are several, the
// error joins them all (use errors.As to reach the first).
func Load(fsys fs.FS) (*Design, error) { return load(fsys, "") }

// LoadDir loads the design folder dir, as Load does; errors name files by
// their path under dir.
func LoadDir(dir string) (*Design, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("design folder: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("design folder %s: not a directory", dir)
	}
	return load(os.DirFS(dir), dir)
}

func load(fsys fs.FS, dir string) (*Design, error) {
	l := &loader{fsys: fsys, dir: dir, d: &Design{dir: dir}}
	l.loadManifest()
	l.loadHRGs()
	l.loadDiagnoses()
	l.loadProcedures()
	l.loadPregroup()
	l.loadCC()
	l.loadExclusions()
	l.loadSplits()
	l.loadUnbundled()
	if err := l.errs.err(); err != nil {
		return nil, err
	}
	return l.d, nil
}

// loader reads the files of one design folder, collecting errors.
type loader struct {
	fsys fs.FS
	dir  string // prefix of file names in errors, "" for Load
	d    *Design
	errs errList
}

// name returns the file name errors use.
func (l *loader) name(file string) string {
	if l.dir == "" {
		return file
	}
	return filepath.Join(l.dir, file)
}

func (l *loader) fail(file string, line int, field, format string, args ...any) {
	l.errs.add(&TableError{File: l.name(file), Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// column is a column a table may have.
type column struct {
	name     string
	required bool
}

// table reads the CSV table file, checks its header against cols and calls
// parse for every row that is not blank or a comment. A missing optional
// file is an empty table.
func (l *loader) table(file string, required bool, cols []column, parse func(r *row)) {
	data, err := fs.ReadFile(l.fsys, file)
	if err != nil {
		if !required && errors.Is(err, fs.ErrNotExist) {
			return
		}
		l.errs.add(&TableError{File: l.name(file), Msg: "cannot read", Err: err})
		return
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	idx, ok := l.header(file, cr, cols)
	if !ok {
		return
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			l.csvError(file, err)
			return
		}
		line, _ := cr.FieldPos(0)
		if blankRecord(rec) {
			continue
		}
		if len(rec) != len(idx.names) {
			l.fail(file, line, "", "%d fields, the header has %d", len(rec), len(idx.names))
			continue
		}
		parse(&row{l: l, file: file, line: line, rec: rec, idx: idx})
	}
}

// header reads the header row and maps column names to positions.
func (l *loader) header(file string, cr *csv.Reader, cols []column) (*colIndex, bool) {
	rec, err := cr.Read()
	if err == io.EOF {
		l.fail(file, 1, "", "no header row")
		return nil, false
	}
	if err != nil {
		l.csvError(file, err)
		return nil, false
	}
	line, _ := cr.FieldPos(0)
	idx := &colIndex{pos: map[string]int{}}
	ok := true
	for i, name := range rec {
		name = strings.TrimSpace(name)
		idx.names = append(idx.names, name)
		switch _, dup := idx.pos[name]; {
		case !knownColumn(cols, name):
			l.fail(file, line, name, "unknown column (this table has %s)", columnNames(cols))
			ok = false
		case dup:
			l.fail(file, line, name, "column given twice")
			ok = false
		}
		idx.pos[name] = i
	}
	for _, c := range cols {
		if _, has := idx.pos[c.name]; c.required && !has {
			l.fail(file, line, c.name, "required column missing")
			ok = false
		}
	}
	return idx, ok
}

func (l *loader) csvError(file string, err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		l.fail(file, pe.Line, "", "CSV syntax: %v (column %d)", pe.Err, pe.Column)
		return
	}
	l.errs.add(&TableError{File: l.name(file), Msg: "cannot read", Err: err})
}

func knownColumn(cols []column, name string) bool {
	for _, c := range cols {
		if c.name == name {
			return true
		}
	}
	return false
}

func columnNames(cols []column) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

func blankRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// colIndex maps a table's column names to record positions.
type colIndex struct {
	names []string
	pos   map[string]int
}

// manifestJSON is the layout of manifest.json.
type manifestJSON struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	ValidFrom string `json:"valid_from"`
	ValidTo   string `json:"valid_to"`
	Source    string `json:"source"`
	Licence   string `json:"licence"`
	Notice    string `json:"notice"`
}

func (l *loader) loadManifest() {
	data, err := fs.ReadFile(l.fsys, fileManifest)
	if err != nil {
		l.errs.add(&TableError{File: l.name(fileManifest), Msg: "cannot read", Err: err})
		return
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m manifestJSON
	if err := dec.Decode(&m); err != nil {
		l.jsonError(data, err)
		return
	}
	l.d.manifest = Manifest(m)
	for _, f := range []struct{ key, val string }{{"name", m.Name}, {"version", m.Version}, {"notice", m.Notice}} {
		if strings.TrimSpace(f.val) == "" {
			l.fail(fileManifest, 1, f.key, "required and empty")
		}
	}
	for _, f := range []struct{ key, val string }{{"valid_from", m.ValidFrom}, {"valid_to", m.ValidTo}} {
		if f.val != "" && !isISODate(f.val) {
			l.fail(fileManifest, lineOf(data, `"`+f.key+`"`), f.key, "%q is not a YYYY-MM-DD date", f.val)
		}
	}
}

// jsonError reports a manifest decoding error at its line.
func (l *loader) jsonError(data []byte, err error) {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		l.fail(fileManifest, lineAt(data, se.Offset), "", "JSON syntax: %v", err)
	case errors.As(err, &te):
		l.fail(fileManifest, lineAt(data, te.Offset), te.Field, "must be a string")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		key := strings.TrimPrefix(err.Error(), "json: unknown field ")
		l.fail(fileManifest, lineOf(data, key), strings.Trim(key, `"`),
			"unknown key (manifest keys: name, version, valid_from, valid_to, source, licence, notice)")
	default:
		l.fail(fileManifest, 1, "", "%v", err)
	}
}

// lineAt returns the 1-based line of byte offset off in data.
func lineAt(data []byte, off int64) int {
	off = min(max(off, 0), int64(len(data)))
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

// lineOf returns the line of the first occurrence of s in data, 1 if none.
func lineOf(data []byte, s string) int {
	i := bytes.Index(data, []byte(s))
	if i < 0 {
		return 1
	}
	return lineAt(data, int64(i))
}

func isISODate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i != 4 && i != 7 && !isDigit(s[i]) {
			return false
		}
	}
	return true
}
