package grouper

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hrgflow/hrgflow/schemas"
)

// span is an inclusive range of packed codes.
type span[T ~uint32] struct{ lo, hi T }

// icdSpan and opcsSpan are ranges of packed ICD-10 and OPCS-4 codes.
type (
	icdSpan  = span[schemas.ICD10]
	opcsSpan = span[schemas.OPCS4]
)

// parseICDList parses a design code list of ICD-10 items (I10X, I2*,
// I20-I25) separated by ';'. A blank cell gives no spans.
func parseICDList(s string) ([]icdSpan, error) { return parseList(s, icdPrefix) }

// parseOPCSList parses a design code list of OPCS-4 items (W371, W37*,
// W37-W39).
func parseOPCSList(s string) ([]opcsSpan, error) { return parseList(s, opcsPrefix) }

// parseList splits a code list into items and turns each into a span with
// prefix, which gives the first and last code starting with a prefix (for
// an exact code, exact is true and the prefix must be a whole code).
func parseList[T ~uint32](s string, prefix func(p string, exact bool) (lo, hi T, err error)) ([]span[T], error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []span[T]
	for item := range strings.SplitSeq(s, ";") {
		item = strings.TrimSpace(item)
		sp, err := parseItem(item, prefix)
		if err != nil {
			return nil, fmt.Errorf("item %q: %w", item, err)
		}
		out = append(out, sp)
	}
	return out, nil
}

func parseItem[T ~uint32](item string, prefix func(string, bool) (T, T, error)) (span[T], error) {
	switch {
	case item == "":
		return span[T]{}, errors.New("empty item (two ';' in a row?)")
	case strings.HasSuffix(item, "*"):
		lo, hi, err := prefix(item[:len(item)-1], false)
		return span[T]{lo, hi}, err
	case strings.Contains(item, "-"):
		a, b, _ := strings.Cut(item, "-")
		lo, _, err := prefix(strings.TrimSpace(a), false)
		if err != nil {
			return span[T]{}, err
		}
		_, hi, err := prefix(strings.TrimSpace(b), false)
		if err == nil && hi < lo {
			err = errors.New("range ends before it starts")
		}
		return span[T]{lo, hi}, err
	}
	lo, hi, err := prefix(item, true)
	return span[T]{lo, hi}, err
}

// icdPrefix returns the first and last packed ICD-10 codes whose clean
// text starts with p: a letter, two digits, a digit or X, a digit. With
// exact, p must be a whole clean code (4 or 5 characters).
func icdPrefix(p string, exact bool) (lo, hi schemas.ICD10, err error) {
	if err := checkICDPrefix(p, exact); err != nil {
		return 0, 0, err
	}
	// Pad with the lowest and highest characters of each position.
	const low, high = "A000", "Z99X9"
	l, _, ok1 := schemas.NormalizeICD10(p + low[min(len(p), 4):])
	h, _, ok2 := schemas.NormalizeICD10(p + high[len(p):])
	if !ok1 || !ok2 {
		return 0, 0, errors.New("not an ICD-10 code or prefix")
	}
	if exact {
		return l, l, nil // a 4-character code does not cover its 5th-character extensions
	}
	return l, h, nil
}

func checkICDPrefix(p string, exact bool) error {
	if strings.Contains(p, ".") {
		return errors.New("dots are not allowed: write clean codes (A000, I10X)")
	}
	if exact && len(p) == 3 {
		return fmt.Errorf("3-character code: write %sX for the undivided category or %s* for all its codes", p, p)
	}
	if (exact && len(p) < 4) || len(p) < 1 || len(p) > 5 {
		return errors.New("not a clean ICD-10 code (letter, two digits, digit or X, optional digit)")
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		ok := isDigit(c)
		switch i {
		case 0:
			ok = isUpper(c)
		case 3:
			ok = ok || c == 'X'
		}
		if !ok {
			return fmt.Errorf("character %d (%q) is not allowed there in an ICD-10 code", i+1, c)
		}
	}
	return nil
}

// opcsPrefix returns the first and last packed OPCS-4 codes starting with
// p: a capital letter and up to three digits (four characters with exact).
func opcsPrefix(p string, exact bool) (lo, hi schemas.OPCS4, err error) {
	if strings.Contains(p, ".") {
		return 0, 0, errors.New("dots are not allowed: write clean codes (W371)")
	}
	if (exact && len(p) != 4) || len(p) < 1 || len(p) > 4 {
		return 0, 0, errors.New("not an OPCS-4 code (a capital letter and three digits)")
	}
	for i := 0; i < len(p); i++ {
		if (i == 0 && !isUpper(p[0])) || (i > 0 && !isDigit(p[i])) {
			return 0, 0, fmt.Errorf("character %d (%q) is not allowed there in an OPCS-4 code", i+1, p[i])
		}
	}
	l, _, _ := schemas.NormalizeOPCS4(p + "000"[len(p)-1:])
	h, _, _ := schemas.NormalizeOPCS4(p + "999"[len(p)-1:])
	return l, h, nil
}

// mergeSpans sorts spans and joins overlapping or touching ones, for
// binary search.
func mergeSpans[T ~uint32](in []span[T]) []span[T] {
	s := slices.Clone(in)
	slices.SortFunc(s, func(a, b span[T]) int { return int(int64(a.lo) - int64(b.lo)) })
	out := s[:0]
	for _, sp := range s {
		if n := len(out); n > 0 && sp.lo <= out[n-1].hi+1 {
			out[n-1].hi = max(out[n-1].hi, sp.hi)
			continue
		}
		out = append(out, sp)
	}
	return out
}

// inSpans reports whether c lies in one of the sorted, merged spans s.
func inSpans[T ~uint32](s []span[T], c T) bool {
	lo, hi := 0, len(s)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch {
		case c < s[m].lo:
			hi = m
		case c > s[m].hi:
			lo = m + 1
		default:
			return true
		}
	}
	return false
}
