package codelist

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/hrgflow/hrgflow/schemas"
)

// restrictionsCSV is the project's sex and age table; data/README.md gives
// its basis.
//
//go:embed data/restrictions.csv
var restrictionsCSV string

// restrictionsFile names the project table in errors.
const restrictionsFile = "internal/codelist/data/restrictions.csv"

// restrictionsHeader is the first non-comment line of the project table.
const restrictionsHeader = "first,last,sex,min_age,max_age,basis"

// restriction is one row of the project table: a sex and/or age limit on
// the packed codes first..last.
type restriction struct {
	line           int
	from, to       string // as written
	first, last    schemas.ICD10
	sex            Sex
	minAge, maxAge int // -1 where the row sets none
	basis          string
}

var projectRestrictions = sync.OnceValues(func() ([]restriction, error) {
	return parseRestrictions(restrictionsCSV, restrictionsFile)
})

// parseRestrictions reads a project table: '#' comments, the header, then
// rows of first code, last code, sex (M, F or blank), minimum and maximum
// age in whole years (blank for none) and the basis, which may hold
// commas. Rows that set the same kind of limit on overlapping ranges are
// an error.
func parseRestrictions(text, name string) ([]restriction, error) {
	var out []restriction
	header := false
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !header {
			if line != restrictionsHeader {
				return nil, &TableError{File: name, Line: i + 1, Msg: fmt.Sprintf("header %q, want %q", line, restrictionsHeader)}
			}
			header = true
			continue
		}
		r, err := parseRestriction(line, name, i+1)
		if err != nil {
			return nil, err
		}
		for _, o := range out {
			sexClash := r.sex != SexAny && o.sex != SexAny
			ageClash := r.hasAge() && o.hasAge()
			if r.first <= o.last && o.first <= r.last && (sexClash || ageClash) {
				return nil, &TableError{File: name, Line: r.line, Msg: fmt.Sprintf("%s-%s overlaps %s-%s of line %d", r.from, r.to, o.from, o.to, o.line)}
			}
		}
		out = append(out, r)
	}
	if !header {
		return nil, &TableError{File: name, Line: 1, Msg: "no header"}
	}
	return out, nil
}

// parseRestriction reads one row of the project table.
func parseRestriction(line, name string, n int) (restriction, error) {
	f := strings.SplitN(line, ",", 6)
	fail := func(field, msg string) (restriction, error) {
		return restriction{}, &TableError{File: name, Line: n, Field: field, Msg: msg}
	}
	if len(f) != 6 {
		return fail("", fmt.Sprintf("%d fields, want 6", len(f)))
	}
	r := restriction{line: n, from: f[0], to: f[1], basis: strings.TrimSpace(f[5])}
	var ok bool
	if r.first, ok = bound(f[0], true); !ok {
		return fail("first", fmt.Sprintf("%q is not a clean ICD-10 code or category", f[0]))
	}
	if r.last, ok = bound(f[1], false); !ok {
		return fail("last", fmt.Sprintf("%q is not a clean ICD-10 code or category", f[1]))
	}
	if r.first > r.last {
		return fail("last", fmt.Sprintf("%s comes before %s", f[1], f[0]))
	}
	switch f[2] {
	case "":
	case "M":
		r.sex = SexMale
	case "F":
		r.sex = SexFemale
	default:
		return fail("sex", fmt.Sprintf("%q, want M, F or blank", f[2]))
	}
	var err error
	if r.minAge, err = parseAge(f[3]); err != nil {
		return fail("min_age", err.Error())
	}
	if r.maxAge, err = parseAge(f[4]); err != nil {
		return fail("max_age", err.Error())
	}
	switch {
	case r.maxAge >= 0 && r.minAge > r.maxAge:
		return fail("min_age", fmt.Sprintf("%d is above max_age %d", r.minAge, r.maxAge))
	case r.sex == SexAny && !r.hasAge():
		return fail("", "neither sex nor age limit")
	case r.basis == "":
		return fail("basis", "empty")
	}
	return r, nil
}

// bound packs one end of a range: a category (C60) stands for all its
// codes, a 4-character code (D074) for itself and its 5th-character
// subdivisions, a 5-character code for itself. Codes must be clean: no
// dots, no lower case.
func bound(s string, first bool) (schemas.ICD10, bool) {
	c, notes, ok := schemas.NormalizeICD10(s)
	if !ok || notes&^schemas.NoteXFiller != 0 {
		return 0, false
	}
	var lo, hi schemas.ICD10
	switch {
	case notes&schemas.NoteXFiller != 0:
		lo, hi = c.CategorySpan()
	case c.Len() == 4:
		lo, hi = c.Code4Span()
	default:
		lo, hi = c, c
	}
	if first {
		return lo, true
	}
	return hi, true
}

// parseAge reads an age in whole years, -1 for blank.
func parseAge(s string) (int, error) {
	if s == "" {
		return -1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 130 {
		return 0, fmt.Errorf("%q is not an age in years (0-130)", s)
	}
	return n, nil
}

func (r restriction) hasAge() bool { return r.minAge >= 0 || r.maxAge >= 0 }

// apply sets the row's limits on every code in its range that has no
// limit of the same kind yet (the TRUD file's come first).
func (r restriction) apply(infos []ICD10Info) {
	for c := r.first; c <= r.last; c++ {
		in := &infos[c]
		if r.sex != SexAny && in.SexBasis == BasisNone {
			in.Sex, in.SexBasis = r.sex, BasisProject
		}
		if r.hasAge() && in.AgeBasis == BasisNone {
			in.MinAge, in.MaxAge, in.AgeBasis = max(r.minAge, 0), r.maxAge, BasisProject
			if r.maxAge < 0 {
				in.MaxAge = NoMaxAge
			}
		}
	}
}
