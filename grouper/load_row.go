package grouper

import (
	"math"
	"strconv"
	"strings"
)

// row is one data row of a table being loaded.
type row struct {
	l    *loader
	file string
	line int
	rec  []string
	idx  *colIndex
}

// str returns the trimmed cell of column col, "" when the table lacks it.
func (r *row) str(col string) string {
	i, ok := r.idx.pos[col]
	if !ok {
		return ""
	}
	return strings.TrimSpace(r.rec[i])
}

func (r *row) fail(col, format string, args ...any) {
	r.l.fail(r.file, r.line, col, format, args...)
}

// required returns the cell of col, reporting it when blank.
func (r *row) required(col string) (string, bool) {
	s := r.str(col)
	if s == "" {
		r.fail(col, "required and blank")
		return "", false
	}
	return s, true
}

// integer returns the whole number in col, def when blank; a number
// outside [lo, hi] is reported.
func (r *row) integer(col string, def, lo, hi int) int {
	s := r.str(col)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		r.fail(col, "%q is not a whole number from %d to %d", s, lo, hi)
		return def
	}
	return n
}

// bound returns the interval [col_min, col_max] of a split axis; blank
// ends are unbounded.
func (r *row) bound(name string, hi int) interval {
	const none = math.MinInt
	lo, up := r.integer(name+"_min", none, 0, hi), r.integer(name+"_max", none, 0, hi)
	iv := interval{math.MinInt32, math.MaxInt32}
	if lo != none {
		iv.lo = int32(lo)
	} else if up != none {
		iv.lo = 0 // a bounded axis never matches an unknown (negative) value
	}
	if up != none {
		iv.hi = int32(up)
	}
	if lo != none && up != none && up < lo {
		r.fail(name+"_max", "%d is below %s_min %d", up, name, lo)
	}
	return iv
}

func (r *row) icdList(col string, required bool) []icdSpan {
	s := r.str(col)
	if s == "" {
		if required {
			r.fail(col, "required and blank")
		}
		return nil
	}
	spans, err := parseICDList(s)
	if err != nil {
		r.fail(col, "%v", err)
	}
	return spans
}

func (r *row) opcsList(col string, required bool) []opcsSpan {
	s := r.str(col)
	if s == "" {
		if required {
			r.fail(col, "required and blank")
		}
		return nil
	}
	spans, err := parseOPCSList(s)
	if err != nil {
		r.fail(col, "%v", err)
	}
	return spans
}

// hrg returns the HRG code in col (required).
func (r *row) hrg(col string) HRG {
	s, ok := r.required(col)
	if !ok {
		return HRG{}
	}
	h, ok := ParseHRG(s)
	if !ok {
		r.fail(col, "%q is not an HRG code (two capital letters, two digits, a split letter: FD01A)", s)
	}
	return h
}

// root returns the 4-character root in col; blank gives the zero root,
// reported when required.
func (r *row) root(col string, required bool) [4]byte {
	s := r.str(col)
	if s == "" {
		if required {
			r.fail(col, "required and blank")
		}
		return [4]byte{}
	}
	if !isRoot(s) {
		r.fail(col, "%q is not an HRG root (two capital letters and two digits: FD01)", s)
		return [4]byte{}
	}
	return [4]byte{s[0], s[1], s[2], s[3]}
}

// flagName is a flag word a column may hold.
type flagName struct {
	name string
	bit  uint8
}

// flags returns the ';'-separated flag words of col as bits.
func (r *row) flags(col string, known []flagName) uint8 {
	var bits uint8
	s := r.str(col)
	if s == "" {
		return 0
	}
	for word := range strings.SplitSeq(s, ";") {
		word = strings.TrimSpace(word)
		bit := uint8(0)
		for _, f := range known {
			if f.name == word {
				bit = f.bit
			}
		}
		if bit == 0 {
			r.fail(col, "unknown flag %q (allowed: %s)", word, flagNames(known))
		}
		bits |= bit
	}
	return bits
}

func flagNames(known []flagName) string {
	names := make([]string, len(known))
	for i, f := range known {
		names[i] = f.name
	}
	return strings.Join(names, ", ")
}

// choice returns the index in words of the cell of col, reporting other
// values; a blank cell gives -1 unless required.
func (r *row) choice(col string, required bool, words ...string) int {
	s := r.str(col)
	if s == "" {
		if required {
			r.fail(col, "required and blank (one of %s)", strings.Join(words, ", "))
		}
		return -1
	}
	for i, w := range words {
		if s == w {
			return i
		}
	}
	r.fail(col, "%q is not one of %s", s, strings.Join(words, ", "))
	return -1
}
