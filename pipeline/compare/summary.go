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

type cellKey struct {
	cause          Cause
	comm, hrg, pod string
}

// flushSpell writes the current spell's differences and adds them to the
// summary cells and movers (a spell's rows share their cause, HRG,
// commissioner and point of delivery).
func (c *comparer) flushSpell() error {
	if len(c.spellDiffs) == 0 {
		return nil
	}
	d0 := &c.spellDiffs[0]
	k := cellKey{d0.Cause, d0.Commissioner, d0.HRG, d0.POD}
	cell := c.res.cells[k]
	if cell == nil {
		cell = &Cell{Cause: d0.Cause, Commissioner: d0.Commissioner, HRG: d0.HRG, POD: d0.POD, ValuePence: Null}
		c.res.cells[k] = cell
	}
	m := c.res.movers[d0.HRG]
	if m == nil {
		m = &Mover{HRG: d0.HRG, ValuePence: Null}
		c.res.movers[d0.HRG] = m
	}
	cell.Spells++
	m.Spells++
	for i := range c.spellDiffs {
		d := &c.spellDiffs[i]
		cell.Differences++
		if d.ValuePence != Null {
			cell.ValuePence = money(cell.ValuePence) + d.ValuePence
			m.ValuePence = money(m.ValuePence) + d.ValuePence
		}
		c.buf = encodeDiff(c.buf[:0], d)
		if err := c.res.diffs.add(c.buf); err != nil {
			return err
		}
	}
	c.res.Differences += int64(len(c.spellDiffs))
	c.spellDiffs = c.spellDiffs[:0]
	return nil
}

// Cells sums the differences by cause, commissioner, HRG and point of
// delivery, sorted by those columns.
func (r *Result) Cells() []Cell {
	out := make([]Cell, 0, len(r.cells))
	for _, c := range r.cells {
		out = append(out, *c)
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
	out := make([]Mover, 0, len(r.movers))
	for _, m := range r.movers {
		out = append(out, *m)
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
	fmt.Fprintf(&b, "\nDifferences: %d\n", r.Differences)
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
