package schemas

import "math"

// Date is a calendar date stored as days since 1970-01-01, the
// representation of Parquet's DATE type.
type Date int32

// NullDate marks a missing date.
const NullDate Date = math.MinInt32

// DateOf returns the date of a proleptic Gregorian year, month and day. It
// does not check that the day exists in the month.
func DateOf(year, month, day int) Date {
	// Howard Hinnant's days_from_civil.
	y := year
	if month <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	m := month
	if m > 2 {
		m -= 3
	} else {
		m += 9
	}
	doy := (153*m+2)/5 + day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return Date(era*146097 + doe - 719468)
}

// Civil returns the year, month and day of d.
func (d Date) Civil() (year, month, day int) {
	// Howard Hinnant's civil_from_days.
	z := int(d) + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day = doy - (153*mp+2)/5 + 1
	month = mp + 3
	if month > 12 {
		month -= 12
	}
	year = yoe + era*400
	if month <= 2 {
		year++
	}
	return year, month, day
}

// Valid reports whether d is not NullDate.
func (d Date) Valid() bool { return d != NullDate }

// AppendText appends d as YYYY-MM-DD, or nothing when d is NullDate.
func (d Date) AppendText(b []byte) []byte {
	if d == NullDate {
		return b
	}
	y, m, dd := d.Civil()
	if y < 0 || y > 9999 {
		return append(b, "????-??-??"...)
	}
	return append(b,
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-',
		byte('0'+dd/10), byte('0'+dd%10))
}

// String returns d as YYYY-MM-DD, or "null".
func (d Date) String() string {
	if d == NullDate {
		return "null"
	}
	return string(d.AppendText(nil))
}

// DaysIn returns the number of days in a month of a year.
func DaysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
