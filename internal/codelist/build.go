package codelist

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"

	"github.com/hrgflow/hrgflow/internal/refdata"
	"github.com/hrgflow/hrgflow/schemas"
)

// ICD10Row is one code or category of an ICD-10 source as a loader read
// it.
type ICD10Row struct {
	// Line is the row's 1-based line in its file, 0 for embedded data.
	Line int
	// Code is the packed code; for a category row, its X-filler form.
	Code schemas.ICD10
	// Category reports a 3-character category row (A00, I10).
	Category bool
	// Codable reports that a coder may record the row as it stands: a
	// leaf of the classification, or an undivided category (as I10X).
	Codable bool
	// Title is the row's description.
	Title string
	// Usage is the row's dagger or asterisk convention.
	Usage Usage
	// Sex is the row's sex restriction, SexAny for none.
	Sex Sex
	// MinAge is the row's minimum age in whole years, -1 where it sets
	// none.
	MinAge int
	// MaxAge is the row's maximum age in whole years, inclusive, -1 where
	// it sets none.
	MaxAge int
}

// ICD10Source is an ICD-10 classification read by a loader.
type ICD10Source struct {
	// Name names the source in errors and in Table.Source: a file path,
	// or a description of embedded data.
	Name string
	// Rows are the source's rows in file order.
	Rows []ICD10Row
	// Metadata reports that the rows carry usage, sex and age columns (the
	// TRUD file); their restrictions get BasisTRUD.
	Metadata bool
}

// OPCS4Row is one code of an OPCS-4 source.
type OPCS4Row struct {
	// Line is the row's 1-based line in its file, 0 for embedded data.
	Line int
	// Code is the packed code.
	Code schemas.OPCS4
	// Title is the code's description.
	Title string
}

// OPCS4Source is an OPCS-4 classification read by a loader.
type OPCS4Source struct {
	// Name names the source in errors and in Table.Source.
	Name string
	// Rows are the source's codes in file order.
	Rows []OPCS4Row
}

// Options says what Build compiles. The zero value builds the embedded
// tables.
type Options struct {
	// ICD10 is the ICD-10 classification; nil means the embedded UK
	// Biobank list (package refdata), which has no usage, sex or age data.
	ICD10 *ICD10Source
	// OPCS4 is the OPCS-4 classification; nil means the embedded list.
	OPCS4 *OPCS4Source
	// NoProjectRestrictions leaves out the project's sex and age table
	// (data/restrictions.csv). Without it the table applies to every code
	// for which the ICD-10 source sets no restriction of the same kind.
	NoProjectRestrictions bool
}

var defaultTable = sync.OnceValues(func() (*Table, error) { return Build(Options{}) })

// Default returns the table built from the embedded code lists and the
// project's restriction table. It is built on first use and shared: every
// call returns the same *Table.
func Default() (*Table, error) { return defaultTable() }

// LoadFiles builds a table from a TRUD ICD-10 5th Edition metadata file
// and a TRUD OPCS-4 codes-and-titles file; an empty path means the
// embedded list for that classification.
func LoadFiles(icd10Path, opcs4Path string) (*Table, error) {
	var opts Options
	var err error
	if icd10Path != "" {
		if opts.ICD10, err = loadFile(icd10Path, LoadICD10TRUD); err != nil {
			return nil, err
		}
	}
	if opcs4Path != "" {
		if opts.OPCS4, err = loadFile(opcs4Path, LoadOPCS4TRUD); err != nil {
			return nil, err
		}
	}
	return Build(opts)
}

// loadFile opens path and reads it with load, naming the file after its
// path in errors.
func loadFile[T any](path string, load func(r io.Reader, name string) (T, error)) (_ T, err error) {
	var zero T
	f, err := os.Open(path)
	if err != nil {
		return zero, fmt.Errorf("codelist: %w", err)
	}
	defer func() { err = errors.Join(err, f.Close()) }()
	return load(f, path)
}

// Build compiles a table from opts. Errors in the sources (duplicate
// codes) and in the project table are *TableError values.
func Build(opts Options) (*Table, error) {
	icd, opcs := opts.ICD10, opts.OPCS4
	var err error
	if icd == nil {
		if icd, err = embeddedICD10(); err != nil {
			return nil, err
		}
	}
	if opcs == nil {
		if opcs, err = embeddedOPCS4(); err != nil {
			return nil, err
		}
	}
	var project []restriction
	if !opts.NoProjectRestrictions {
		if project, err = projectRestrictions(); err != nil {
			return nil, err
		}
	}
	t := &Table{usageKnown: icd.Metadata}
	infos, err := t.buildICD10(icd)
	if err != nil {
		return nil, err
	}
	if icd.Metadata {
		applySourceLimits(infos, icd.Rows)
	}
	for _, r := range project {
		r.apply(infos)
	}
	if t.icdIdx, t.icdInfos, err = intern(infos); err != nil {
		return nil, err
	}
	if err := t.buildOPCS4(opcs); err != nil {
		return nil, err
	}
	t.source = describe(icd, opcs, len(project))
	return t, nil
}

// buildICD10 records validity, titles and category kinds, and returns the
// per-code infos (dense, before interning).
func (t *Table) buildICD10(src *ICD10Source) ([]ICD10Info, error) {
	infos := make([]ICD10Info, schemas.NumICD10)
	t.icdTitles = make(map[schemas.ICD10]string, len(src.Rows))
	t.catTitles = make(map[int]string)
	t.cats = make([]CategoryKind, schemas.NumICD10Categories)
	seen := make(map[schemas.ICD10]int, len(src.Rows)) // code<<1|category → line
	for _, r := range src.Rows {
		if err := checkICD10Row(src.Name, r, seen); err != nil {
			return nil, err
		}
		// Any row puts its category in the classification; a row with a
		// 4th digit makes it subdivided (CategorySubdivided sorts last).
		k, kind := r.Code.CategoryIndex(), CategoryUndivided
		switch {
		case r.Category:
			t.catTitles[k] = r.Title
		case r.Code.Fourth() != 'X':
			kind = CategorySubdivided
		}
		t.cats[k] = max(t.cats[k], kind)
		if r.Codable {
			infos[r.Code].Valid = true
		}
		if !r.Category || r.Codable {
			t.icdTitles[r.Code] = r.Title
		}
		if r.Code.Len() == 5 {
			infos[r.Code.Code4()].Parent = true
		}
		if r.Usage != UsageNone {
			infos[r.Code].Usage = r.Usage
		}
	}
	return infos, nil
}

// checkICD10Row rejects a row without a code and a second row for the same
// code (category rows and code rows are told apart).
func checkICD10Row(file string, r ICD10Row, seen map[schemas.ICD10]int) error {
	if r.Code == 0 || r.Code >= schemas.NumICD10 {
		return &TableError{File: file, Line: r.Line, Field: "CODE", Msg: "no code"}
	}
	key := r.Code << 1
	if r.Category {
		key |= 1
	}
	if prev, dup := seen[key]; dup {
		return &TableError{File: file, Line: r.Line, Field: "CODE", Msg: fmt.Sprintf("%s repeats line %d", r.Code, prev)}
	}
	seen[key] = r.Line
	return nil
}

// applySourceLimits applies the sex and age limits of a source's rows,
// categories first, then 4-character codes, then 5-character codes, so a
// row inherits its ancestors' limits unless it sets its own.
func applySourceLimits(infos []ICD10Info, rows []ICD10Row) {
	var limited []ICD10Row
	for _, r := range rows {
		if r.Sex != SexAny || r.MinAge >= 0 || r.MaxAge >= 0 {
			limited = append(limited, r)
		}
	}
	depth := func(r ICD10Row) int {
		if r.Category {
			return 3
		}
		return r.Code.Len()
	}
	slices.SortStableFunc(limited, func(a, b ICD10Row) int { return cmp.Compare(depth(a), depth(b)) })
	for _, r := range limited {
		first, last := r.Code, r.Code
		switch depth(r) {
		case 3:
			first, last = r.Code.CategorySpan()
		case 4:
			first, last = r.Code.Code4Span()
		}
		for c := first; c <= last; c++ {
			in := &infos[c]
			if r.Sex != SexAny {
				in.Sex, in.SexBasis = r.Sex, BasisTRUD
			}
			if r.MinAge >= 0 || r.MaxAge >= 0 {
				in.MinAge, in.MaxAge, in.AgeBasis = max(r.MinAge, 0), r.MaxAge, BasisTRUD
				if r.MaxAge < 0 {
					in.MaxAge = NoMaxAge
				}
			}
		}
	}
}

// intern replaces the dense infos by a dense index into their distinct
// values.
func intern(infos []ICD10Info) ([]uint16, []ICD10Info, error) {
	idx := make([]uint16, len(infos))
	distinct := []ICD10Info{{}}
	pos := map[ICD10Info]uint16{{}: 0}
	for c, in := range infos {
		i, ok := pos[in]
		if !ok {
			if len(distinct) > 0xFFFF {
				return nil, nil, errors.New("codelist: more than 65,535 distinct ICD-10 infos")
			}
			i = uint16(len(distinct))
			pos[in] = i
			distinct = append(distinct, in)
		}
		idx[c] = i
	}
	return idx, slices.Clip(distinct), nil
}

// buildOPCS4 records validity, titles and the fixed code flags.
func (t *Table) buildOPCS4(src *OPCS4Source) error {
	t.opcs = make([]OPCS4Info, schemas.NumOPCS4)
	t.opcsTitles = make(map[schemas.OPCS4]string, len(src.Rows))
	x997, _, _ := schemas.NormalizeOPCS4("X997")
	for c := schemas.OPCS4(1); c < schemas.NumOPCS4; c++ {
		t.opcs[c].Subsidiary = c.Letter() == 'Y' || c.Letter() == 'Z'
		t.opcs[c].Placeholder = c >= x997 && c <= x997+2
	}
	seen := make(map[schemas.OPCS4]int, len(src.Rows))
	for _, r := range src.Rows {
		if r.Code == 0 || r.Code >= schemas.NumOPCS4 {
			return &TableError{File: src.Name, Line: r.Line, Field: "CODE", Msg: "no code"}
		}
		if prev, dup := seen[r.Code]; dup {
			return &TableError{File: src.Name, Line: r.Line, Field: "CODE", Msg: fmt.Sprintf("%s repeats line %d", r.Code, prev)}
		}
		seen[r.Code] = r.Line
		t.opcs[r.Code].Valid = true
		t.opcsTitles[r.Code] = r.Title
	}
	return nil
}

// describe says what a table was built from.
func describe(icd *ICD10Source, opcs *OPCS4Source, projectRules int) string {
	valid := 0
	for _, r := range icd.Rows {
		if r.Codable {
			valid++
		}
	}
	limits := "none"
	switch {
	case icd.Metadata && projectRules > 0:
		limits = fmt.Sprintf("ICD-10 file, then project table (%d rules) where the file sets none", projectRules)
	case icd.Metadata:
		limits = "ICD-10 file"
	case projectRules > 0:
		limits = fmt.Sprintf("project table (%d rules)", projectRules)
	}
	return fmt.Sprintf("ICD-10: %s (%d codes); OPCS-4: %s (%d codes); sex/age limits: %s",
		icd.Name, valid, opcs.Name, len(opcs.Rows), limits)
}

// embeddedICD10 turns the embedded UK Biobank list into a source: its
// selectable rows are codable, its category and 4-character nodes are not.
func embeddedICD10() (*ICD10Source, error) {
	codes, err := refdata.ICD10()
	if err != nil {
		return nil, err
	}
	nodes, err := refdata.ICD10Nodes()
	if err != nil {
		return nil, err
	}
	src := &ICD10Source{
		Name: "embedded UK Biobank data-coding 19",
		Rows: make([]ICD10Row, 0, len(codes)+len(nodes)),
	}
	for i, list := range [][]refdata.Code{codes, nodes} {
		for _, c := range list {
			code, notes, ok := schemas.NormalizeICD10(c.Code)
			if !ok {
				return nil, fmt.Errorf("codelist: embedded ICD-10 code %q does not normalise", c.Code)
			}
			src.Rows = append(src.Rows, ICD10Row{
				Code: code, Category: notes&schemas.NoteXFiller != 0, Codable: i == 0,
				Title: c.Title, MinAge: -1, MaxAge: -1,
			})
		}
	}
	return src, nil
}

// embeddedOPCS4 turns the embedded UK Biobank list into a source.
func embeddedOPCS4() (*OPCS4Source, error) {
	codes, err := refdata.OPCS4()
	if err != nil {
		return nil, err
	}
	src := &OPCS4Source{Name: "embedded UK Biobank data-coding 240", Rows: make([]OPCS4Row, 0, len(codes))}
	for _, c := range codes {
		code, _, ok := schemas.NormalizeOPCS4(c.Code)
		if !ok {
			return nil, fmt.Errorf("codelist: embedded OPCS-4 code %q does not normalise", c.Code)
		}
		src.Rows = append(src.Rows, OPCS4Row{Code: code, Title: c.Title})
	}
	return src, nil
}
