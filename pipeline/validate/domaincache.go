package validate

import (
	"github.com/hrgflow/hrgflow/pipeline/domains"
	"github.com/hrgflow/hrgflow/schemas"
)

// The financial years a domainTable answers directly; episodes outside
// them, or without a date, take the domain's own (slower) Check.
const (
	firstFY = 1989 // HES begins in 1989-90
	numFY   = 64   // a power of two: lookups mask the index
)

// alphabet index of a code character: 0-9, A-Z, '&'; -1 otherwise.
func charIndex(c byte) int { return int(charIndexes[c]) }

// charIndexes is charIndex as a table.
var charIndexes = func() (t [256]int8) {
	for c := range t {
		switch {
		case c >= '0' && c <= '9':
			t[c] = int8(c - '0')
		case c >= 'A' && c <= 'Z':
			t[c] = int8(c-'A') + 10
		case c == '&':
			t[c] = 36
		default:
			t[c] = -1
		}
	}
	return t
}()

const alpha = 37

// valueIndex maps a 1–3 character code to a dense index, or a negative
// number: the 1-character codes first, then the 2- and 3-character
// blocks. It adds one precomputed weight per character (valueWeights);
// a character outside the alphabet weighs so little that the sum stays
// negative.
func valueIndex(v string) int {
	w := &valueWeights
	switch len(v) {
	case 1:
		return int(w[0][v[0]])
	case 2:
		return int(w[1][v[0]] + w[0][v[1]])
	case 3:
		return int(w[2][v[0]] + w[3][v[1]] + w[0][v[2]])
	}
	return -1
}

// valueWeights are the weights of valueIndex: [0] a last character, [1]
// the first of two, [2] the first of three, [3] the middle of three.
var valueWeights = func() (w [4][256]int32) {
	const bad = -1 << 24 // three of them still fit an int32
	for c := range 256 {
		i := int32(charIndex(byte(c)))
		if i < 0 {
			w[0][c], w[1][c], w[2][c], w[3][c] = bad, bad, bad, bad
			continue
		}
		w[0][c] = i
		w[1][c] = alpha + i*alpha
		w[2][c] = alpha + alpha*alpha + i*alpha*alpha
		w[3][c] = i * alpha
	}
	return w
}()

const numValues = alpha + alpha*alpha + alpha*alpha*alpha

// domainTable precomputes a domain's Check for every code and financial
// year, so validating an episode's coded fields is two array lookups each.
// The HES value lists mostly change on 1 April, so a result per financial
// year is exact; a year in which one of the domain's periods starts or
// ends on another day is marked mixed and asks the domain itself.
type domainTable struct {
	slot    []uint8 // by valueIndex: 1 + row of results, 0 = not a code
	results [][numFY]domains.Result
	mixed   [numFY]bool
}

func newDomainTable(d *domains.Domain) *domainTable {
	t := &domainTable{slot: make([]uint8, numValues)}
	for _, c := range d.Codes() {
		for _, b := range []schemas.Date{c.From, c.To} {
			if fy := fyIndex(b); fy >= 0 && !fyBoundary(b) {
				t.mixed[fy] = true
			}
		}
	}
	for _, v := range candidateValues(d) {
		i := valueIndex(v)
		if i < 0 || t.slot[i] != 0 || len(t.results) == 255 {
			continue
		}
		var row [numFY]domains.Result
		for fy := range numFY {
			row[fy] = d.Check(v, schemas.DateOf(firstFY+fy, 4, 1))
		}
		t.results = append(t.results, row)
		t.slot[i] = uint8(len(t.results))
	}
	return t
}

// candidateValues are the values Check accepts: the codes, and for
// zero-padded fields their one-character forms.
func candidateValues(d *domains.Domain) []string {
	var out []string
	for _, c := range d.Codes() {
		out = append(out, c.Value)
		if len(c.Value) == 2 && c.Value[0] == '0' {
			out = append(out, c.Value[1:])
		}
	}
	return out
}

func fyBoundary(d schemas.Date) bool {
	if d == domains.NoStart || d == domains.NoEnd {
		return true
	}
	_, m, day := d.Civil()
	return m == 4 && day == 1
}

// fyIndex returns the index of the financial year of d, or -1.
func fyIndex(d schemas.Date) int {
	if d < fyStarts[0] || d >= fyStarts[numFY] { // NullDate is below
		return -1
	}
	fy := int(d-fyStarts[0]) / 366 // at most one short: years have 365 or 366 days
	if d >= fyStarts[fy+1] {
		fy++
	}
	return fy
}

// fyStarts are the first days (1 April) of the financial years a
// domainTable answers, and the day after the last.
var fyStarts = func() (t [numFY + 1]schemas.Date) {
	for fy := range t {
		t[fy] = schemas.DateOf(firstFY+fy, 4, 1)
	}
	return t
}()

// check returns the domain's verdict on a trimmed, non-empty value.
func (t *domainTable) check(d *domains.Domain, value string, fy int, on schemas.Date) domains.Result {
	if fy < 0 || t.mixed[fy] {
		return d.Check(value, on)
	}
	i := valueIndex(value)
	if i < 0 {
		return d.Check(value, on) // a value the table cannot hold: ask the domain
	}
	s := t.slot[i]
	if s == 0 {
		return domains.Invalid
	}
	return t.results[s-1][fy]
}

// askDomain in a fieldCheck row means the financial year has a period
// that does not start on 1 April: the domain itself must answer.
const askDomain = 0xFF

// fieldCheck is a coded field's domainTable turned into rules: per code
// and financial year, the rule to report (as RuleID+1, 0 for none), held
// in column col of the Validator's shared codedRules, so that checking the
// field is two array lookups and a compare.
type fieldCheck struct {
	rules   *codedRules
	bit     uint64 // the field's bit in its FieldSet word
	slot    uint16 // Str slot
	field   uint16 // dictionary index
	word    uint8  // the field's word in a FieldSet
	col     uint8  // column in codedRules
	missing uint8  // RuleID+1 reported for a blank value, or 0
	slow    *fieldSlow
}

// fieldSlow is what a fieldCheck needs off its fast path: the domain, and
// the rule (as RuleID+1, 0 for none) for each of its verdicts.
type fieldSlow struct {
	domain  *domains.Domain
	verdict [6]uint8
}

// slowRule asks the domain itself about a non-blank value.
func (f *fieldCheck) slowRule(value string, on schemas.Date) uint8 {
	return f.slow.verdict[f.slow.domain.Check(value, on)]
}

// maxCoded is the number of coded fields codedRules holds: a row of
// rules is one byte per field, maxCoded bytes, a quarter of a cache line.
const maxCoded = 16

// codedRules are the rule tables of all coded fields together, laid out
// so that an episode's coded fields touch few cache lines: one value
// index shared by the fields (common values such as "1" or "11" are one
// entry for every field), and per financial year and value one row of
// maxCoded bytes with each field's rule (RuleID+1, 0 or askDomain) in its
// column. Fields holding the same value on an episode read the same row.
type codedRules struct {
	index [numValues]uint16 // by valueIndex: value number, 0 for a value no field lists
	n     int               // value numbers in use, 0 included
	rows  []uint8           // rule of column col for value number id in year fy: rows[(fy*n+id)*maxCoded+col]
}

// at returns the rule of column col for the value with valueIndex vi (in
// range) in the year with index fy (in range).
func (t *codedRules) at(vi, fy int, col uint8) uint8 {
	return t.rows[(fy*t.n+int(t.index[vi]))*maxCoded+int(col&(maxCoded-1))]
}

// newCodedRules compiles the fields' rules over their domain tables, in
// column order.
func newCodedRules(dfs []domainField) (*codedRules, []fieldCheck) {
	if len(dfs) > maxCoded {
		panic("validate: more coded fields than codedRules holds")
	}
	t := new(codedRules)
	t.n = 1
	for vi := range numValues { // numbered in valueIndex order: a value's neighbours share lines
		for i := range dfs {
			if dfs[i].table.slot[vi] != 0 {
				t.index[vi] = uint16(t.n)
				t.n++
				break
			}
		}
	}
	t.rows = make([]uint8, numFY*t.n*maxCoded)
	checks := make([]fieldCheck, len(dfs))
	for col := range dfs {
		df := &dfs[col]
		f := fieldCheck{
			rules: t, bit: 1 << (df.field % 64), slot: uint16(df.slot), field: uint16(df.field),
			word: uint8(df.field / 64), col: uint8(col), slow: &fieldSlow{domain: df.domain},
		}
		if df.mandatory {
			f.missing = uint8(RuleDomainMissing) + 1
		}
		verdict := &f.slow.verdict
		for r := range verdict {
			verdict[r] = df.verdict(domains.Result(r))
		}
		for fy := range numFY {
			ask := df.table.mixed[fy] || len(df.table.results) >= 255 // the table may have left a code out
			for id := range t.n {
				t.rows[(fy*t.n+id)*maxCoded+col] = verdict[domains.Invalid]
			}
			for vi, s := range df.table.slot {
				if s != 0 {
					t.rows[(fy*t.n+int(t.index[vi]))*maxCoded+col] = verdict[df.table.results[s-1][fy]]
				}
			}
			if ask {
				for id := range t.n {
					t.rows[(fy*t.n+id)*maxCoded+col] = askDomain
				}
			}
		}
		checks[col] = f
	}
	return t, checks
}

// verdict returns the rule (as RuleID+1, 0 for none) df reports for a
// non-blank value the domain judged r.
func (df *domainField) verdict(r domains.Result) uint8 {
	switch r {
	case domains.Invalid:
		if df.mandatory {
			return uint8(RuleDomainInvalidMandatory) + 1
		}
		return uint8(RuleDomainInvalid) + 1
	case domains.Retired:
		return uint8(RuleDomainRetired) + 1
	case domains.NotYetValid:
		return uint8(RuleDomainNotYet) + 1
	case domains.Unknown:
		if df.noUnknown {
			return uint8(RuleDomainUnknownMandatory) + 1
		}
	}
	return 0
}

// rule returns the rule (as RuleID+1, 0 for none) for a non-blank value
// of the field on the date on, whose financial year index is fy. The loop
// of check.fieldDomains writes the same lookup out; keep the two alike
// (TestFieldCheckAgreesWithDomains checks this one, TestRules the loop).
func (f *fieldCheck) rule(value string, fy int, on schemas.Date) uint8 {
	if vi := valueIndex(value); uint(vi) < numValues && fy >= 0 {
		if r := f.rules.at(vi, fy&(numFY-1), f.col); r != askDomain {
			return r
		}
	}
	return f.slowRule(value, on)
}
