package codelist

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/hrgflow/hrgflow/schemas"
)

// TableError is a problem at a position in a reference file (a TRUD file or the restriction table); see schemas.TableError.
type TableError = schemas.TableError

// The columns of the TRUD ICD-10 file that LoadICD10TRUD reads. The file
// also has ALT_CODE, USAGE_UK, MODIFIER_4, MODIFIER_5, QUALIFIERS and
// TREE_DESCRIPTION, which it ignores.
var icd10Columns = [...]string{"CODE", "DESCRIPTION", "USAGE", "GENDER_MASK", "MIN_AGE", "MAX_AGE"}

const (
	colCode = iota
	colDescription
	colUsage
	colGender
	colMinAge
	colMaxAge
)

// LoadICD10TRUD reads the NHS ICD-10 5th Edition metadata file from TRUD
// (ICD10_Edition5_CodesAndTitlesAndMetadata_GB_20160401.txt): tab-separated
// text whose header names the columns CODE, ALT_CODE, USAGE, USAGE_UK,
// DESCRIPTION, MODIFIER_4, MODIFIER_5, QUALIFIERS, GENDER_MASK, MIN_AGE,
// MAX_AGE and TREE_DESCRIPTION, in any order. name is used in errors, which
// are *TableError values giving the line and column.
//
// The file's semantics are not published with it; this is how the loader
// reads it [U]:
//   - CODE is the dotted code (A00.0, M80.40) or a 3-character category
//     (A00, I10); a dagger or asterisk marker on it counts as its USAGE
//     when that is blank. ALT_CODE is not read. A category with no 4th-digit rows
//     under it is undivided and codable with the X filler (I10 as I10X);
//     any other row is codable when no row subdivides it further.
//   - USAGE is DAGGER, ASTERISK, DEFAULT or blank.
//   - GENDER_MASK is 1 for male only, 2 for female only, and 0, 3 or blank
//     for either sex.
//   - MIN_AGE and MAX_AGE are whole years, inclusive, blank for no limit; a
//     MIN_AGE of 0 alone sets no limit. A row's limits apply to the codes
//     under it unless they set their own.
//
// Any other GENDER_MASK or USAGE value, or an age outside 0–130, is an
// error rather than a guess. A UTF-8 byte order mark and CRLF line ends
// are accepted; blank lines are skipped.
func LoadICD10TRUD(r io.Reader, name string) (*ICD10Source, error) {
	src := &ICD10Source{Name: name, Metadata: true}
	var cols [len(icd10Columns)]int
	need := 0
	err := eachLine(r, name, func(n int, line string) error {
		f := strings.Split(line, "\t")
		if need == 0 {
			var err error
			need, err = icd10Header(f, &cols, name, n)
			return err
		}
		if len(f) < need {
			return &TableError{File: name, Line: n, Msg: fmt.Sprintf("%d fields, want at least %d", len(f), need)}
		}
		row, err := icd10Row(f, &cols, name, n)
		if err != nil {
			return err
		}
		src.Rows = append(src.Rows, row)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if need == 0 {
		return nil, &TableError{File: name, Line: 1, Msg: "empty file, want a header line"}
	}
	markCodable(src.Rows)
	return src, nil
}

// icd10Header finds the columns the loader reads and returns how many
// fields a row needs to hold them all.
func icd10Header(f []string, cols *[len(icd10Columns)]int, name string, n int) (int, error) {
	need := 0
	for i, col := range icd10Columns {
		cols[i] = -1
		for j, h := range f {
			if strings.EqualFold(strings.TrimSpace(h), col) {
				cols[i] = j
			}
		}
		if cols[i] < 0 {
			return 0, &TableError{File: name, Line: n, Field: col, Msg: "missing column in header"}
		}
		need = max(need, cols[i]+1)
	}
	return need, nil
}

// icd10Row reads one data row of the TRUD ICD-10 file.
func icd10Row(f []string, cols *[len(icd10Columns)]int, name string, n int) (ICD10Row, error) {
	get := func(c int) string { return strings.TrimSpace(f[cols[c]]) }
	fail := func(c int, msg string) (ICD10Row, error) {
		return ICD10Row{}, &TableError{File: name, Line: n, Field: icd10Columns[c], Msg: msg}
	}
	raw := get(colCode)
	code, notes, ok := schemas.NormalizeICD10(raw)
	if !ok || notes&^(schemas.NoteDot|schemas.NoteXFiller|schemas.NoteDagger|schemas.NoteAsterisk) != 0 {
		return fail(colCode, fmt.Sprintf("%q is not an ICD-10 code", raw))
	}
	row := ICD10Row{Line: n, Code: code, Category: notes&schemas.NoteXFiller != 0, Title: get(colDescription)}
	var usageOK bool
	if row.Usage, usageOK = trudUsage(get(colUsage), notes); !usageOK {
		return fail(colUsage, fmt.Sprintf("%q, want DAGGER, ASTERISK, DEFAULT or blank", get(colUsage)))
	}
	switch v := get(colGender); v {
	case "", "0", "3":
	case "1":
		row.Sex = SexMale
	case "2":
		row.Sex = SexFemale
	default:
		return fail(colGender, fmt.Sprintf("%q, want 1 (male), 2 (female), 0, 3 or blank", v))
	}
	var err error
	if row.MinAge, err = parseAge(get(colMinAge)); err != nil {
		return fail(colMinAge, err.Error())
	}
	if row.MaxAge, err = parseAge(get(colMaxAge)); err != nil {
		return fail(colMaxAge, err.Error())
	}
	if row.MinAge == 0 {
		row.MinAge = -1 // no lower limit
	}
	if row.MaxAge >= 0 && row.MinAge > row.MaxAge {
		return fail(colMinAge, fmt.Sprintf("%d is above MAX_AGE %d", row.MinAge, row.MaxAge))
	}
	return row, nil
}

// trudUsage reads a USAGE value; a marker on the code itself (A17.0†)
// stands in for a blank or DEFAULT one.
func trudUsage(v string, notes schemas.CodeNote) (Usage, bool) {
	switch strings.ToUpper(v) {
	case "", "DEFAULT":
		switch {
		case notes&schemas.NoteDagger != 0:
			return UsageDagger, true
		case notes&schemas.NoteAsterisk != 0:
			return UsageAsterisk, true
		}
		return UsageNone, true
	case "DAGGER":
		return UsageDagger, true
	case "ASTERISK":
		return UsageAsterisk, true
	}
	return UsageNone, false
}

// markCodable sets Codable on the rows that nothing subdivides: a
// category without 4th-digit rows (I10; also M45, whose rows M45.X0… only
// add a 5th character), a 4-character code without 5th-character rows,
// and every 5-character code.
func markCodable(rows []ICD10Row) {
	catSplit := make(map[int]bool)             // category index → has 4th-digit rows
	code4Split := make(map[schemas.ICD10]bool) // 4-char code → has 5th-character rows
	for _, r := range rows {
		switch {
		case r.Category:
		case r.Code.Len() == 5:
			code4Split[r.Code.Code4()] = true
			catSplit[r.Code.CategoryIndex()] = catSplit[r.Code.CategoryIndex()] || r.Code.Fourth() != 'X'
		case r.Code.Fourth() != 'X':
			catSplit[r.Code.CategoryIndex()] = true
		}
	}
	for i := range rows {
		r := &rows[i]
		switch {
		case r.Category:
			r.Codable = !catSplit[r.Code.CategoryIndex()]
		case r.Code.Len() == 4:
			r.Codable = !code4Split[r.Code]
		default:
			r.Codable = true
		}
	}
}

// LoadOPCS4TRUD reads the OPCS-4 codes-and-titles file from TRUD
// (OPCS410 CodesAndTitles Nov 2022 V1.0.txt): no header, two tab-separated
// columns, the dotted code (A01.1) and its title. Rows with a 3-character
// category code (A01) are skipped; every 4-character code is valid. name is
// used in errors, which are *TableError values giving the line. A UTF-8
// byte order mark and CRLF line ends are accepted; blank lines are skipped.
func LoadOPCS4TRUD(r io.Reader, name string) (*OPCS4Source, error) {
	src := &OPCS4Source{Name: name}
	err := eachLine(r, name, func(n int, line string) error {
		f := strings.Split(line, "\t")
		if len(f) != 2 {
			return &TableError{File: name, Line: n, Msg: fmt.Sprintf("%d fields, want 2 (code, title)", len(f))}
		}
		raw := strings.TrimSpace(f[0])
		if len(raw) == 3 && raw[0] >= 'A' && raw[0] <= 'Z' && isDigits(raw[1:]) {
			return nil // a category heading
		}
		code, notes, ok := schemas.NormalizeOPCS4(raw)
		if !ok || notes&^schemas.NoteDot != 0 {
			return &TableError{File: name, Line: n, Field: "code", Msg: fmt.Sprintf("%q is not an OPCS-4 code", raw)}
		}
		src.Rows = append(src.Rows, OPCS4Row{Line: n, Code: code, Title: strings.TrimSpace(f[1])})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return src, nil
}

// eachLine calls fn with every non-blank line of r and its 1-based number,
// without the line end and a leading byte order mark.
func eachLine(r io.Reader, name string, fn func(n int, line string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if n == 1 {
			line = strings.TrimPrefix(line, "\uFEFF")
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		if err := fn(n, line); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return &TableError{File: name, Msg: "read failed", Err: err}
	}
	return nil
}

// isDigits reports whether s is one or more ASCII digits.
func isDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
