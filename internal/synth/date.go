package synth

import (
	"time"

	"github.com/hrgflow/hrgflow/schemas"
)

// day is a calendar date counted in days from 1970-01-01.
type day int32

// noDay marks an empty date field.
const noDay day = -1 << 31

// sentinelDay is 1801-01-01, HES's "invalid date submitted".
var sentinelDay = civilDay(1801, 1, 1)

// dayOf returns the calendar date of t in t's own location.
func dayOf(t time.Time) day {
	y, m, d := t.Date()
	return civilDay(y, int(m), d)
}

// civilDay converts a proleptic Gregorian date to a day number.
func civilDay(y, m, d int) day { return day(schemas.DateOf(y, m, d)) }

// civil converts a day number back to year, month and day.
func (d day) civil() (y, m, dd int) { return schemas.Date(d).Civil() }

// appendDate appends d as YYYY-MM-DD, or nothing for noDay. Years must
// have four digits.
func appendDate(b []byte, d day) []byte {
	if d == noDay {
		return b
	}
	y, m, dd := d.civil()
	return append(b,
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-',
		byte('0'+dd/10), byte('0'+dd%10))
}

// ageOn returns the age in whole years on date d of someone born on birth.
func ageOn(birth, d day) int {
	by, bm, bd := birth.civil()
	y, m, dd := d.civil()
	age := y - by
	if m < bm || (m == bm && dd < bd) {
		age--
	}
	return age
}

// startAge returns the HES STARTAGE code and the age in whole years on
// date d for someone born on birth. The code is the age from 1 year, and
// 7001 to 7007 for infants under one year.
func startAge(birth, d day) (code, years int) {
	if a := ageOn(birth, d); a > 0 {
		return a, a
	}
	switch n := int(d - birth); {
	case n < 1:
		return 7001, 0
	case n <= 6:
		return 7002, 0
	case n <= 28:
		return 7003, 0
	case n <= 90:
		return 7004, 0
	case n <= 181:
		return 7005, 0
	case n <= 272:
		return 7006, 0
	default:
		return 7007, 0
	}
}

// fyear returns the HES FYEAR of date d, for example "2425" for any date
// from 2024-04-01 to 2025-03-31.
func fyear(d day) [4]byte {
	y, m, _ := d.civil()
	if m < 4 {
		y--
	}
	n := y % 100
	return [4]byte{byte('0' + n/10), byte('0' + n%10), byte('0' + (n+1)%100/10), byte('0' + (n+1)%10)}
}

// dateText caches the YYYY-MM-DD text of the days in a window, so that
// formatting the dates of the admission window is a copy.
type dateText struct {
	lo   day
	text [][10]byte
}

func newDateText(lo, hi day) dateText {
	c := dateText{lo: lo, text: make([][10]byte, hi-lo+1)}
	for i := range c.text {
		appendDate(c.text[i][:0], lo+day(i))
	}
	return c
}

// append appends d like appendDate.
func (c *dateText) append(b []byte, d day) []byte {
	if i := int(d - c.lo); d != noDay && i >= 0 && i < len(c.text) {
		return append(b, c.text[i][:]...)
	}
	return appendDate(b, d)
}
