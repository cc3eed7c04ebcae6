package compare

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Cell is one row of summary/: the differences of one cause, commissioner,
// HRG and point of delivery.
type Cell struct {
	Cause                  Cause
	Commissioner, HRG, POD string
	Spells, Differences    int64
	ValuePence             int64 // Null when the sides carry no prices
}

// Mover is one row of movers/: an HRG and the money its differences move.
type Mover struct {
	HRG        string
	Spells     int64
	ValuePence int64 // Null when the sides carry no prices
}

// MaxMovers is the number of HRGs movers/ and the printed summary list.
const MaxMovers = 20

// spellID identifies a spell of the diff rows: its key, with its rows
// telling repeated keys apart.
type spellID struct {
	key         string
	left, right int64
}

// Cells sums the differences by cause, commissioner, HRG and point of
// delivery, sorted by those columns.
func (r *Result) Cells() []Cell {
	type cellKey struct {
		cause          Cause
		comm, hrg, pod string
	}
	idx := map[cellKey]int{}
	seen := map[cellKey]map[spellID]bool{}
	var out []Cell
	for i := range r.Diffs {
		d := &r.Diffs[i]
		k := cellKey{d.Cause, d.Commissioner, d.HRG, d.POD}
		j, ok := idx[k]
		if !ok {
			j = len(out)
			idx[k] = j
			seen[k] = map[spellID]bool{}
			out = append(out, Cell{Cause: d.Cause, Commissioner: d.Commissioner, HRG: d.HRG, POD: d.POD, ValuePence: Null})
		}
		c := &out[j]
		c.Differences++
		if id := (spellID{d.SpellKey, d.LeftRow, d.RightRow}); !seen[k][id] {
			seen[k][id] = true
			c.Spells++
		}
		if d.ValuePence != Null {
			c.ValuePence = money(c.ValuePence) + d.ValuePence
		}
	}
	slices.SortFunc(out, func(a, b Cell) int {
		return cmp.Or(cmp.Compare(a.Cause, b.Cause), cmp.Compare(a.Commissioner, b.Commissioner),
			cmp.Compare(a.HRG, b.HRG), cmp.Compare(a.POD, b.POD))
	})
	return out
}

// Movers returns the HRGs whose differences move the most money (by
// absolute value), then those with the most differing spells, at most n.
func (r *Result) Movers(n int) []Mover {
	idx := map[string]int{}
	seen := map[spellID]bool{}
	var out []Mover
	for i := range r.Diffs {
		d := &r.Diffs[i]
		j, ok := idx[d.HRG]
		if !ok {
			j = len(out)
			idx[d.HRG] = j
			out = append(out, Mover{HRG: d.HRG, ValuePence: Null})
		}
		if id := (spellID{d.SpellKey, d.LeftRow, d.RightRow}); !seen[id] {
			seen[id] = true
			out[j].Spells++
		}
		if d.ValuePence != Null {
			out[j].ValuePence = money(out[j].ValuePence) + d.ValuePence
		}
	}
	abs := func(v int64) int64 {
		if v == Null {
			return 0
		}
		return max(v, -v)
	}
	slices.SortFunc(out, func(a, b Mover) int {
		return cmp.Or(cmp.Compare(abs(b.ValuePence), abs(a.ValuePence)), cmp.Compare(b.Spells, a.Spells), cmp.Compare(a.HRG, b.HRG))
	})
	return out[:min(n, len(out))]
}

// byCause sums differences, spells and money per cause.
func (r *Result) byCause() [numCauses]Cell {
	var out [numCauses]Cell
	for _, c := range r.Cells() {
		o := &out[c.Cause]
		o.Cause = c.Cause
		o.Differences += c.Differences
		o.Spells += c.Spells // a spell has one cause, in one cell
		o.ValuePence += money(c.ValuePence)
	}
	return out
}

// pounds formats pence as £1,234.56 with a sign.
func pounds(p int64) string {
	sign := ""
	if p < 0 {
		sign, p = "-", -p
	}
	whole := fmt.Sprint(p / 100)
	var b strings.Builder
	for i, ch := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(ch)
	}
	return fmt.Sprintf("%s£%s.%02d", sign, b.String(), p%100)
}

// agreementLine states an agreement exactly: counts and a percentage.
func agreementLine(level string, a Agreement) string {
	s := fmt.Sprintf("%s: %d left, %d right, %d matched, %d left only, %d right only; same HRG in %d of %d matched",
		level, a.Left, a.Right, a.Matched, a.LeftOnly, a.RightOnly, a.SameHRG, a.Matched)
	if p, ok := a.Percent(); ok {
		s += fmt.Sprintf(" (%.2f%%)", p)
	}
	return s + fmt.Sprintf("; identical in %d", a.Identical)
}

// WriteSummary prints the summary: agreement, money, differences by cause
// and the top movers. It holds no patient-level values.
func (r *Result) WriteSummary(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "hrgflow compare\n  left:  %s\n  right: %s\n  matched on spell key %s\n\n", r.Left.Label(), r.Right.Label(), r.Key)
	b.WriteString("Agreement\n  " + agreementLine("spells", r.Spells) + "\n")
	if r.Episodes != nil {
		b.WriteString("  " + agreementLine("episodes", *r.Episodes) + "\n")
	} else {
		b.WriteString("  episodes: not compared (one side has no episodes)\n")
	}
	if r.Money {
		fmt.Fprintf(&b, "\nMoney (right − left)\n  left total %s, right total %s, difference %s\n",
			pounds(r.LeftTotal), pounds(r.RightTotal), pounds(r.RightTotal-r.LeftTotal))
	} else {
		b.WriteString("\nMoney: not compared (one side carries no prices)\n")
	}
	fmt.Fprintf(&b, "\nDifferences: %d\n", len(r.Diffs))
	for _, c := range r.byCause() {
		if c.Differences == 0 {
			continue
		}
		fmt.Fprintf(&b, "  %-12s %6d spells %7d differences", c.Cause, c.Spells, c.Differences)
		if r.Money {
			fmt.Fprintf(&b, " %16s", pounds(c.ValuePence))
		}
		b.WriteByte('\n')
	}
	if movers := r.Movers(10); len(movers) > 0 {
		b.WriteString("\nTop movers (HRG, spells with differences")
		if r.Money {
			b.WriteString(", money right − left")
		}
		b.WriteString(")\n")
		for _, m := range movers {
			fmt.Fprintf(&b, "  %-6s %6d", orNone(m.HRG), m.Spells)
			if m.ValuePence != Null {
				fmt.Fprintf(&b, " %16s", pounds(m.ValuePence))
			}
			b.WriteByte('\n')
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
