package validate

import (
	"github.com/hrgflow/hrgflow/pipeline/domains"
	"github.com/hrgflow/hrgflow/schemas"
)

// The financial years a domainTable answers directly; episodes outside
// them, or without a date, take the domain's own (slower) Check.
const (
	firstFY = 1989 // HES begins in 1989-90
	numFY   = 64
)

// alphabet index of a code character: 0-9, A-Z, '&'; -1 otherwise.
func charIndex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	case c == '&':
		return 36
	}
	return -1
}

const alpha = 37

// valueIndex maps a 1–3 character code to a dense index, or -1.
func valueIndex(v string) int {
	if len(v) == 0 || len(v) > 3 {
		return -1
	}
	idx, base := 0, 0
	for i := 0; i < len(v); i++ {
		c := charIndex(v[i])
		if c < 0 {
			return -1
		}
		idx = idx*alpha + c
	}
	switch len(v) { // offsets of the 1-, 2- and 3-character blocks
	case 2:
		base = alpha
	case 3:
		base = alpha + alpha*alpha
	}
	return base + idx
}

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
	if !d.Valid() {
		return -1
	}
	y, m, _ := d.Civil()
	if m < 4 {
		y--
	}
	if y < firstFY || y >= firstFY+numFY {
		return -1
	}
	return y - firstFY
}

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
