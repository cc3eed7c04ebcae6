package pipeline

import (
	"bytes"
	"strings"
	"unsafe"

	"github.com/hrgflow/hrgflow/pipeline/validate"
	"github.com/hrgflow/hrgflow/schemas"
)

// rowDecoder turns the fields of one row into an Episode. One per worker.
// The strings it stores point into the field bytes and into the batch's
// arena, so they live as long as the batch. Problems become findings of
// the P rules (and T01 for HES invalid-date sentinels), appended to the
// batch: a row that cannot be read cleanly is kept, never dropped.
type rowDecoder struct {
	findings *[]validate.Finding
	episode  int32
}

func (d *rowDecoder) flag(rule validate.RuleID, field uint16) {
	*d.findings = append(*d.findings, validate.Finding{Episode: d.episode, Rule: rule, Field: field})
}

// decodeRow fills e, the episode at index idx of its batch, from fields
// mapped by m. broken reports broken quoting found while splitting.
func (d *rowDecoder) decodeRow(e *schemas.Episode, m *columnMap, fields [][]byte, broken bool, arena *[]byte) {
	if broken {
		d.flag(validate.RuleQuoting, validate.NoField)
	}
	if len(fields) < m.width || (m.layout == LayoutHES && len(fields) != m.width) {
		d.flag(validate.RuleFieldCount, validate.NoField)
	}
	n := min(len(fields), len(m.targets))
	for i := 0; i < n; i++ {
		t := &m.targets[i]
		if t.skip {
			continue
		}
		d.decodeValue(e, t, fields[i], arena)
	}
}

// decodeValue stores one field. Values never reach findings or logs: they
// may be patient-level data.
func (d *rowDecoder) decodeValue(e *schemas.Episode, t *target, v []byte, arena *[]byte) {
	v = bytes.TrimSpace(v)
	if t.strip != "" && bytes.ContainsAny(v, t.strip) {
		v = stripChars(v, t.strip, arena)
	}
	if t.overflow {
		if len(v) > 0 {
			d.flag(validate.RuleTooManyCodes, validate.NoField)
		}
		return
	}
	switch t.kind {
	case schemas.KindCode:
		e.Str[t.slot] = bytesString(v)
	case schemas.KindInt:
		n, ok := parseInt(v)
		if !ok {
			d.flag(validate.RuleNotNumber, t.field)
			return
		}
		e.Int[t.slot] = n
	case schemas.KindDate:
		day, ok := parseDate(v)
		if !ok {
			d.flag(validate.RuleNotDate, t.field)
			return
		}
		if day == invalidSubmitted {
			d.flag(validate.RuleDateInvalidSubmitted, t.field)
			day = schemas.NullDate
		}
		e.Date[t.slot] = day
	}
}

// bytesString returns a string sharing b's memory. The caller guarantees b
// is not modified while the string is in use (batch-owned memory).
func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// stripChars copies v without the characters in chars into the arena.
func stripChars(v []byte, chars string, arena *[]byte) []byte {
	start := len(*arena)
	for _, c := range v {
		if strings.IndexByte(chars, c) < 0 {
			*arena = append(*arena, c)
		}
	}
	return (*arena)[start:len(*arena):len(*arena)]
}

// parseInt reads a whole number: digits with an optional sign, also written
// as a float with a zero fraction (`2.0`, as some extracts do). Empty is
// NullInt. Values outside int32 are rejected.
func parseInt(v []byte) (int32, bool) {
	if len(v) == 0 {
		return schemas.NullInt, true
	}
	if i := bytes.IndexByte(v, '.'); i >= 0 {
		for _, c := range v[i+1:] {
			if c != '0' {
				return 0, false
			}
		}
		v = v[:i]
	}
	neg := false
	if len(v) > 0 && (v[0] == '-' || v[0] == '+') {
		neg = v[0] == '-'
		v = v[1:]
	}
	if len(v) == 0 || len(v) > 10 {
		return 0, false
	}
	var n int64
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	if n <= int64(schemas.NullInt) || n > 1<<31-1 {
		return 0, false
	}
	return int32(n), true
}

// invalidSubmitted is what parseDate returns for HES's 1801-01-01 sentinel
// (invalid date submitted); the decoder flags it and stores null.
const invalidSubmitted = schemas.NullDate + 1

// ParseDate reads a date as the pipeline's decoder does (parseDate), for
// other readers of HES-style files (hrgflow compare): both HES sentinels,
// 1800-01-01 and 1801-01-01, are NullDate. ok is false for text that is
// not a date.
func ParseDate(s string) (d schemas.Date, ok bool) {
	d, ok = parseDate([]byte(s))
	if d == invalidSubmitted {
		d = schemas.NullDate
	}
	return d, ok
}

// parseDate reads YYYY-MM-DD, YYYYMMDD or DD/MM/YYYY, optionally followed by
// a time of day (`2024-04-01 00:00:00`, `2024-04-01T00:00:00Z`), which is
// dropped. Empty and the HES sentinel 1800-01-01 (null) are NullDate;
// 1801-01-01 (invalid date submitted) is invalidSubmitted.
func parseDate(v []byte) (schemas.Date, bool) {
	if len(v) == 0 {
		return schemas.NullDate, true
	}
	if len(v) > 10 && (v[10] == ' ' || v[10] == 'T') {
		v = v[:10]
	}
	var y, m, d int
	var ok bool
	switch {
	case len(v) == 10 && v[4] == '-' && v[7] == '-':
		y, ok = digits(v[0:4])
		m, ok = digitsAnd(ok, v[5:7])
		d, ok = digitsAnd(ok, v[8:10])
	case len(v) == 10 && v[2] == '/' && v[5] == '/':
		d, ok = digits(v[0:2])
		m, ok = digitsAnd(ok, v[3:5])
		y, ok = digitsAnd(ok, v[6:10])
	case len(v) == 8:
		y, ok = digits(v[0:4])
		m, ok = digitsAnd(ok, v[4:6])
		d, ok = digitsAnd(ok, v[6:8])
	}
	if !ok || m < 1 || m > 12 || d < 1 || d > schemas.DaysIn(y, m) {
		return schemas.NullDate, false
	}
	if m == 1 && d == 1 && y == 1800 {
		return schemas.NullDate, true
	}
	if m == 1 && d == 1 && y == 1801 {
		return invalidSubmitted, true
	}
	return schemas.DateOf(y, m, d), true
}

func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func digitsAnd(ok bool, b []byte) (int, bool) {
	if !ok {
		return 0, false
	}
	return digits(b)
}
