package price

import (
	"errors"
	"math"
	"math/bits"
	"strconv"
)

// Pence is an amount of money in whole pence. Prices are never fractional
// pence and never floating point: cells are parsed as exact decimals and
// every computed amount is rounded half up to the penny with integer
// arithmetic.
type Pence int64

// NoPrice marks a price cell that is missing ("-" or blank in the table):
// the HRG is not priced in that column. It is never read as zero.
const NoPrice Pence = -1

// maxPence bounds a price cell (£10,000,000). No spell price comes near it;
// the bound keeps every product of the pricing arithmetic inside int64.
const maxPence = 1_000_000_000

// Valid reports whether p is an amount (zero included) rather than NoPrice.
func (p Pence) Valid() bool { return p >= 0 }

// String formats p as pounds with a thousands separator and two decimals
// (£1,234.50), "-£3.20" for a negative amount and "-" for NoPrice.
func (p Pence) String() string {
	if p == NoPrice {
		return "-"
	}
	return string(p.appendPounds(nil, true, true))
}

// appendPounds appends p in pounds: with "£" and thousands separators when
// pretty is set, and always with two decimals when fixed is set (otherwise
// whole pounds are written without decimals, 927 or 927.50).
func (p Pence) appendPounds(b []byte, pretty, fixed bool) []byte {
	u := uint64(p)
	if p < 0 {
		b = append(b, '-')
		u = uint64(-(p + 1)) + 1 // no overflow at math.MinInt64
	}
	if pretty {
		b = append(b, "£"...)
	}
	pounds, pence := u/100, u%100
	digits := strconv.AppendUint(nil, pounds, 10)
	for i, d := range digits {
		if pretty && i > 0 && (len(digits)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, d)
	}
	if fixed || pence != 0 {
		b = append(b, '.', byte('0'+pence/10), byte('0'+pence%10))
	}
	return b
}

// UnitIndexPPM is an index of 1.0 in parts per million: the MFF of a
// provider that has none, and the scale of every ratio in this package.
const UnitIndexPPM int64 = 1_000_000

// scaleRound returns x × ppm / 1,000,000 rounded half up, saturating at
// math.MaxInt64. x and ppm are non-negative. The product is taken in 128
// bits, so the result is exact whatever the operands.
func scaleRound(x Pence, ppm int64) Pence {
	if x <= 0 || ppm <= 0 {
		return 0
	}
	hi, lo := bits.Mul64(uint64(x), uint64(ppm))
	lo, carry := bits.Add64(lo, uint64(UnitIndexPPM/2), 0)
	hi += carry
	if hi >= uint64(UnitIndexPPM) {
		return math.MaxInt64
	}
	q, _ := bits.Div64(hi, lo, uint64(UnitIndexPPM))
	if q > math.MaxInt64 {
		return math.MaxInt64
	}
	return Pence(q)
}

// addSat returns a + b for non-negative amounts, saturating at
// math.MaxInt64.
func addSat(a, b Pence) Pence {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// mulSat returns a × n for non-negative a and n, saturating at
// math.MaxInt64.
func mulSat(a Pence, n int64) Pence {
	if a == 0 || n == 0 {
		return 0
	}
	if a > math.MaxInt64/Pence(n) {
		return math.MaxInt64
	}
	return a * Pence(n)
}

var (
	errNotNumber   = errors.New("not a number")
	errNegative    = errors.New("negative")
	errTooManyDigs = errors.New("too many digits")
)

// parseDecimal parses unsigned decimal text ("1234", "1234.5", ".5") into
// an integer scaled by 10^scale, rounding further digits half up. It does
// not use floating point, so "0.1" with scale 2 is exactly 10. One
// character loop, kept whole so the digit rules read in one place.
func parseDecimal(s string, scale int) (int64, error) {
	if s == "" || s == "." {
		return 0, errNotNumber
	}
	if s[0] == '-' {
		return 0, errNegative
	}
	if s[0] == '+' {
		s = s[1:]
	}
	var v int64
	frac := -1 // digits seen after the point, -1 before it
	roundUp := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.' && frac < 0:
			frac = 0
		case c >= '0' && c <= '9':
			if frac >= scale {
				if frac == scale && c >= '5' {
					roundUp = true
				}
				frac++
				continue
			}
			if v > (math.MaxInt64-9)/10 {
				return 0, errTooManyDigs
			}
			v = v*10 + int64(c-'0')
			if frac >= 0 {
				frac++
			}
		default:
			return 0, errNotNumber
		}
	}
	if frac < 0 {
		frac = 0
	}
	for ; frac < scale; frac++ {
		if v > math.MaxInt64/10 {
			return 0, errTooManyDigs
		}
		v *= 10
	}
	if roundUp {
		v++
	}
	return v, nil
}
