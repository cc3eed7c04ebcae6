package domains

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/hrgflow/hrgflow/schemas"
)

// Result is the outcome of checking one value of a field against the
// field's Domain on an activity date.
type Result uint8

// The results of Domain.Check. The zero value is Invalid, so a Result that
// was never set never reads as valid.
const (
	// Invalid means the value is not a code of the field on any date.
	Invalid Result = iota
	// Valid means the value is a code of the field on the date.
	Valid
	// Unknown means the value is a national "not known" or "not
	// applicable" code of the field that is valid on the date (98 and 99
	// in ADMIMETH, 9 in CLASSPAT, X in SEX, & in TRETSPEF, ...). It is a
	// valid value that carries no information; callers that need to tell
	// "not applicable" from "not known" (DISMETH 8 from 9) compare the code.
	Unknown
	// NotYetValid means the value is a code of the field only at later
	// dates: it was introduced after the date (ADMIMETH 2A before 2013-14).
	NotYetValid
	// Retired means the value is not a code of the field on the date but
	// was one at an earlier date (SEX 0 from 2022-23). A code with a gap
	// between two periods (ADMISORC 37 between 2007-08 and 2022-23) reads
	// as Retired inside the gap.
	Retired
	// Blank means the value is empty after trimming. Whether a blank is
	// allowed depends on the field and the record (the dictionary lists
	// Null as "other maternity event" for MAINSPEF): see Domain.NullLabel.
	Blank
)

var resultNames = [...]string{
	Invalid:     "Invalid",
	Valid:       "Valid",
	Unknown:     "Unknown",
	NotYetValid: "NotYetValid",
	Retired:     "Retired",
	Blank:       "Blank",
}

// String returns the name of r, such as "NotYetValid".
func (r Result) String() string {
	if int(r) < len(resultNames) {
		return resultNames[r]
	}
	return fmt.Sprintf("Result(%d)", uint8(r))
}

// The open ends of a Code's period.
const (
	// NoStart is the From of a code valid since before HES began. It is
	// one day after schemas.NullDate, so that every real date is on or
	// after it.
	NoStart schemas.Date = math.MinInt32 + 1
	// NoEnd is the To of a code that has not been retired.
	NoEnd schemas.Date = math.MaxInt32
)

// Code is one valid value of a field during one period. A value valid in
// two separate periods (ADMISORC 37) or with a label that changed (SEX 9)
// has one Code per period.
type Code struct {
	// Value is the code as HES writes it: "2A", "01", "&".
	Value string
	// From is the first day the code is valid, or NoStart.
	From schemas.Date
	// To is the first day the code is no longer valid, or NoEnd: the
	// period is [From, To).
	To schemas.Date
	// Unknown marks a national "not known" or "not applicable" code.
	Unknown bool
	// Label is the dictionary's meaning of the code during the period,
	// cleaned of mojibake and of the date annotation that gave the period.
	Label string
}

// Contains reports whether the code is valid on the date on, which must not
// be schemas.NullDate.
func (c Code) Contains(on schemas.Date) bool { return c.From <= on && on < c.To }

// Domain is the effective-dated set of valid codes of one HES APC field,
// generated from the HES data dictionary. Domains are immutable and safe
// for concurrent use; get one with Lookup at setup and call Check on the
// hot path.
type Domain struct {
	field        string
	name         string
	format       string
	availability string
	null         string
	// padZero accepts a 1-character value for a 2-character code that
	// starts with 0 ("1" for "01" in ADMINCAT).
	padZero bool
	// keys[i] is pack(codes[i].Value); both are sorted by key, then From.
	keys  []uint32
	codes []Code
}

// Lookup returns the domain of the HES field named field ("ADMIMETH"), or
// false when the package has no domain for it. It is meant for setup: it
// compares strings.
func Lookup(field string) (*Domain, bool) {
	i, ok := slices.BinarySearchFunc(domainTable[:], field, func(d Domain, f string) int {
		return strings.Compare(d.field, f)
	})
	if !ok {
		return nil, false
	}
	return &domainTable[i], true
}

// Fields returns the names of the fields that have a domain, sorted.
func Fields() []string {
	out := make([]string, len(domainTable))
	for i := range domainTable {
		out[i] = domainTable[i].field
	}
	return out
}

// Field returns the HES field name, such as "ADMIMETH".
func (d *Domain) Field() string { return d.field }

// Name returns the dictionary's title of the field, such as "Method of
// Admission".
func (d *Domain) Name() string { return d.name }

// Format returns the dictionary's format of the field, such as "String(2)".
func (d *Domain) Format() string { return d.format }

// Availability returns the dictionary's years of availability of the field,
// such as "1989-90 onwards". It does not bound the codes' periods.
func (d *Domain) Availability() string { return d.availability }

// NullLabel returns the dictionary's meaning of a blank value ("Other
// Maternity Event" for MAINSPEF), or "" when the dictionary lists no Null
// for the field.
func (d *Domain) NullLabel() string { return d.null }

// Codes returns a copy of the domain's codes, sorted by value and then by
// period.
func (d *Domain) Codes() []Code { return slices.Clone(d.codes) }

// Check reports whether value is a code of the field on the activity date
// on. The value is compared after trimming surrounding white space and
// case-sensitively; in fields whose dictionary codes are two characters
// with a leading zero (ADMINCAT, ADMINCATST) a one-character value is also
// read with the zero added, so "1" checks as "01". When on is
// schemas.NullDate the value is checked against every period: a code of the
// field at any date is Valid (or Unknown). Check allocates nothing.
func (d *Domain) Check(value string, on schemas.Date) Result {
	v := strings.TrimSpace(value)
	if v == "" {
		return Blank
	}
	rows := d.find(v)
	if len(rows) == 0 {
		return Invalid
	}
	if on == schemas.NullDate {
		if rows[len(rows)-1].Unknown {
			return Unknown
		}
		return Valid
	}
	ended := false
	for i := range rows {
		c := &rows[i]
		if c.Contains(on) {
			if c.Unknown {
				return Unknown
			}
			return Valid
		}
		if c.To <= on {
			ended = true
		}
	}
	if ended {
		return Retired
	}
	return NotYetValid
}

// Label returns the meaning of value in its latest period ("Female" for SEX
// 2), read as Check reads it, or "" when value is not a code of the field.
func (d *Domain) Label(value string) string {
	rows := d.find(strings.TrimSpace(value))
	if len(rows) == 0 {
		return ""
	}
	return rows[len(rows)-1].Label
}

// String dumps the domain, one code period per line, for tests and
// debugging.
func (d *Domain) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %q %s %q", d.field, d.name, d.format, d.availability)
	if d.null != "" {
		fmt.Fprintf(&b, " null=%q", d.null)
	}
	b.WriteByte('\n')
	for _, c := range d.codes {
		fmt.Fprintf(&b, "\t%-4s [%s, %s)", c.Value, periodEnd(c.From), periodEnd(c.To))
		if c.Unknown {
			b.WriteString(" unknown")
		}
		fmt.Fprintf(&b, " %q\n", c.Label)
	}
	return b.String()
}

func periodEnd(d schemas.Date) string {
	switch d {
	case NoStart, NoEnd:
		return "-"
	}
	return d.String()
}

// find returns the code periods of the trimmed value v, or nil. It is the
// fast path: codes are packed into a uint32 and found by binary search in
// the domain's sorted keys.
func (d *Domain) find(v string) []Code {
	k, ok := pack(v)
	if !ok {
		return nil
	}
	rows := d.span(k)
	if len(rows) == 0 && d.padZero && len(v) == 1 {
		rows = d.span(2<<24 | '0'<<16 | uint32(v[0])<<8)
	}
	return rows
}

// span returns the codes whose key is k.
func (d *Domain) span(k uint32) []Code {
	lo, hi := 0, len(d.keys)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if d.keys[m] < k {
			lo = m + 1
		} else {
			hi = m
		}
	}
	end := lo
	for end < len(d.keys) && d.keys[end] == k {
		end++
	}
	return d.codes[lo:end]
}

// pack packs a value of 1 to 3 bytes into a key: the length in the top
// byte, then the bytes left-aligned. Longer or empty values have no key.
// The generator packs the dictionary's codes the same way.
func pack(v string) (uint32, bool) {
	if len(v) == 0 || len(v) > 3 {
		return 0, false
	}
	k := uint32(len(v)) << 24
	for i := 0; i < len(v); i++ {
		k |= uint32(v[i]) << (16 - 8*i)
	}
	return k, true
}
