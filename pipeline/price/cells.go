package price

import (
	"errors"
	"fmt"
	"strings"
)

// NoTrimPoint marks a missing trim point.
const NoTrimPoint int32 = -1

// NoPercent marks a missing short-stay emergency percentage.
const NoPercent int64 = -1

// maxDays bounds a trim point cell: 29,200 days (80 years) is the largest
// length of stay HES records.
const maxDays = 29_200

// cleanCell trims spaces (including no-break spaces) around a cell and
// reports whether it holds a value: blank, "-", an en or em dash, "n/a" and
// "NA" mean "no value".
func cleanCell(s string) (string, bool) {
	s = strings.Trim(s, " \t\r\n\u00a0")
	switch strings.ToLower(s) {
	case "", "-", "–", "—", "n/a", "na":
		return "", false
	}
	return s, true
}

// parseMoney parses a price cell: whole or decimal pounds, optionally with
// "£" and thousands separators ("£1,234", "1234.50"). More than two decimals
// are rounded half up to the penny. A missing value is NoPrice.
func parseMoney(s string) (Pence, error) {
	s, ok := cleanCell(s)
	if !ok {
		return NoPrice, nil
	}
	s = strings.TrimSpace(strings.TrimPrefix(s, "£"))
	s = strings.ReplaceAll(s, ",", "")
	v, err := parseDecimal(s, 2)
	if err != nil {
		return NoPrice, fmt.Errorf("%q is not an amount of pounds: %w", s, err)
	}
	if v > maxPence {
		return NoPrice, fmt.Errorf("%q is above £10,000,000, not a plausible price", s)
	}
	return Pence(v), nil
}

// parseDays parses a trim point cell: a whole number of days ("12", or
// "12.0" as spreadsheets write it). A missing value is NoTrimPoint.
func parseDays(s string) (int32, error) {
	s, ok := cleanCell(s)
	if !ok {
		return NoTrimPoint, nil
	}
	s = strings.ReplaceAll(s, ",", "")
	v, err := parseDecimal(s, 0)
	if err == nil && strings.Contains(s, ".") {
		// Only "12.0"-style cells are whole days.
		if w, _ := parseDecimal(s, 3); w != v*1000 {
			err = errors.New("not a whole number")
		}
	}
	if err != nil {
		return NoTrimPoint, fmt.Errorf("%q is not a number of days: %w", s, err)
	}
	if v > maxDays {
		return NoTrimPoint, fmt.Errorf("%q is above %d days", s, maxDays)
	}
	return int32(v), nil
}

// parsePercent parses a short-stay emergency percentage into parts per
// million of the base price (75% → 750,000). "75%" and "75" are
// percentages; a value of at most 1 without "%" ("0.75") is read as a
// fraction, which is how a spreadsheet exports a percentage cell. A missing
// value is NoPercent.
func parsePercent(s string) (int64, error) {
	s, ok := cleanCell(s)
	if !ok {
		return NoPercent, nil
	}
	num, hasSign := strings.CutSuffix(s, "%")
	num = strings.TrimSpace(num)
	v, err := parseDecimal(num, 6) // fraction of 1, in ppm
	if err != nil {
		return NoPercent, fmt.Errorf("%q is not a percentage: %w", s, err)
	}
	if hasSign || v > UnitIndexPPM {
		v, err = parseDecimal(num, 4) // percent × 10,000 = ppm
		if err != nil {
			return NoPercent, fmt.Errorf("%q is not a percentage: %w", s, err)
		}
	}
	if v > UnitIndexPPM {
		return NoPercent, fmt.Errorf("%q is above 100%%", s)
	}
	return v, nil
}

// parseYesNo parses a flag cell: Yes/Y/True/1 or No/N/False/0, in any
// case. A missing value is false.
func parseYesNo(s string) (bool, error) {
	s, ok := cleanCell(s)
	if !ok {
		return false, nil
	}
	switch strings.ToLower(s) {
	case "yes", "y", "true", "1":
		return true, nil
	case "no", "n", "false", "0":
		return false, nil
	}
	return false, fmt.Errorf("%q is not Yes or No", s)
}

// parseHRG parses an HRG code cell: two letters, two digits and a split
// letter (FD01A), in any case, spaces trimmed.
func parseHRG(s string) ([5]byte, error) {
	var h [5]byte
	s = strings.Trim(s, " \t\r\n\u00a0")
	if len(s) != len(h) {
		return h, fmt.Errorf("%q is not an HRG code (two letters, two digits, a letter: FD01A)", s)
	}
	for i := range h {
		c := s[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		letter := c >= 'A' && c <= 'Z'
		digit := c >= '0' && c <= '9'
		if (i == 2 || i == 3) != digit || (i != 2 && i != 3 && !letter) {
			return [5]byte{}, fmt.Errorf("%q is not an HRG code (two letters, two digits, a letter: FD01A)", s)
		}
		h[i] = c
	}
	return h, nil
}

// HRGString returns the text of an HRG code, "" for the zero value.
func HRGString(h [5]byte) string {
	if h == ([5]byte{}) {
		return ""
	}
	return string(h[:])
}
