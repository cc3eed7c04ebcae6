package compare

import (
	"fmt"
	"strconv"
	"strings"
)

// fieldDiff is one differing field of a matched spell, before its cause.
type fieldDiff struct {
	field       string
	left, right string
	episode     int32 // position in the spell, 0 for spell-level fields
	group       fieldGroup
}

// fieldGroup says what a field is evidence of.
type fieldGroup uint8

const (
	groupGrouping fieldGroup = iota // HRG, method, dominant procedure, episodes
	groupDates                      // dates, lengths of stay, activity month
	groupPOD
	groupPrice // price components, excess bed days
)

// matched compares a pair of spells and records their differences, all
// with the spell's cause.
func (c *comparer) matched(ls, rs *Spell) error {
	c.res.Spells.Matched++
	diffs := c.spellFields(nil, ls, rs)
	diffs = c.episodeFields(diffs, ls, rs)
	if c.both&HasHRG != 0 && ls.HRG == rs.HRG {
		c.res.Spells.SameHRG++
	}
	if len(diffs) == 0 {
		c.res.Spells.Identical++
		return nil
	}
	cause, detail := c.classify(diffs, ls, rs)
	explain := ""
	if cause == CauseCoding || cause == CauseDesign {
		explain = c.explain(ls, rs)
	}
	c.spellDiffs = c.spellDiffs[:0]
	for _, f := range diffs {
		d := c.base(ls, rs)
		d.Cause, d.CauseDetail, d.Field = cause, detail, f.field
		d.LeftRow, d.RightRow = ls.Row, rs.Row
		d.Left, d.Right = f.left, f.right
		d.Episode, d.EpisodeOrder = f.episode > 0, f.episode
		if c.res.Money {
			d.ValuePence = 0
			if f.field == moneyFields[MoneyTotal] {
				d.ValuePence = money(rs.Money[MoneyTotal]) - money(ls.Money[MoneyTotal])
			}
		}
		d.Explain = explain
		c.spellDiffs = append(c.spellDiffs, d)
	}
	if cause == CauseDesign {
		c.requestTrace(ls, rs)
	}
	return c.flushSpell()
}

// spellFields appends the spell-level fields that differ, over the fields
// both sides carry.
func (c *comparer) spellFields(out []fieldDiff, ls, rs *Spell) []fieldDiff {
	str := c.ws.syms.str
	sym := func(has Has, name string, l, r Sym, g fieldGroup) {
		if c.both&has != 0 && l != r {
			out = append(out, fieldDiff{field: name, left: str(l), right: str(r), group: g})
		}
	}
	date := func(has Has, name string, l, r Date) {
		if c.both&has != 0 && l != r {
			out = append(out, fieldDiff{field: name, left: l.String(), right: r.String(), group: groupDates})
		}
	}
	num := func(has Has, name string, l, r int64, g fieldGroup, nullIsZero bool) {
		if c.both&has == 0 {
			return
		}
		if nullIsZero {
			l, r = money(l), money(r)
		}
		if l != r {
			out = append(out, fieldDiff{field: name, left: itoa(l), right: itoa(r), group: g})
		}
	}
	sym(HasHRG, "SpellHRG", ls.HRG, rs.HRG, groupGrouping)
	sym(HasMethod, "SpellGroupingMethodFlag", ls.Method, rs.Method, groupGrouping)
	sym(HasDomProc, "SpellDominantProcedure", ls.DomProc, rs.DomProc, groupGrouping)
	sym(HasPOD, "PointOfDelivery", ls.POD, rs.POD, groupPOD)
	date(HasAdmiDate, "ADMIDATE", ls.AdmiDate, rs.AdmiDate)
	date(HasDisDate, "DISDATE", ls.DisDate, rs.DisDate)
	sym(HasMonth, "ActivityMonth", ls.Month, rs.Month, groupDates)
	num(HasSpellLOS, "SpellLOS", ls.SpellLOS, rs.SpellLOS, groupDates, false)
	num(HasPricingLOS, "PricingLOS", ls.PricingLOS, rs.PricingLOS, groupDates, false)
	num(HasExcess, "ExcessBedDays", ls.ExcessBedDays, rs.ExcessBedDays, groupPrice, true)
	for k := range MoneyTotal {
		num(HasPriceParts, moneyFields[k], ls.Money[k], rs.Money[k], groupPrice, true)
	}
	num(HasPrice, moneyFields[MoneyTotal], ls.Money[MoneyTotal], rs.Money[MoneyTotal], groupPrice, true)
	return out
}

// episodePairs pairs the episodes of two matched spells: by EPIKEY when
// every episode of both carries one, else by position. An episode without
// a partner is paired with -1.
func episodePairs(ls, rs *Spell) [][2]int {
	byKey := len(ls.Episodes) > 0 && len(rs.Episodes) > 0
	for _, s := range []*Spell{ls, rs} {
		for i := range s.Episodes {
			byKey = byKey && s.Episodes[i].EpiKey != ""
		}
	}
	var pairs [][2]int
	if !byKey {
		for i := range max(len(ls.Episodes), len(rs.Episodes)) {
			p := [2]int{i, i}
			if i >= len(ls.Episodes) {
				p[0] = -1
			}
			if i >= len(rs.Episodes) {
				p[1] = -1
			}
			pairs = append(pairs, p)
		}
		return pairs
	}
	right := map[string]int{}
	for j := range rs.Episodes {
		right[rs.Episodes[j].EpiKey] = j
	}
	seen := make([]bool, len(rs.Episodes))
	for i := range ls.Episodes {
		j, ok := right[ls.Episodes[i].EpiKey]
		if !ok {
			j = -1
		} else {
			seen[j] = true
		}
		pairs = append(pairs, [2]int{i, j})
	}
	for j, ok := range seen {
		if !ok {
			pairs = append(pairs, [2]int{-1, j})
		}
	}
	return pairs
}

// episodeFields appends the episode-level differences, when both sides
// carry episodes, and counts episode agreement.
func (c *comparer) episodeFields(out []fieldDiff, ls, rs *Spell) []fieldDiff {
	a := c.res.Episodes
	if a == nil {
		return out
	}
	a.Left += int64(len(ls.Episodes))
	a.Right += int64(len(rs.Episodes))
	for _, p := range episodePairs(ls, rs) {
		pos := int32(max(p[0], p[1]) + 1)
		if p[0] < 0 || p[1] < 0 {
			l, r, only := "present", "", &a.LeftOnly
			if p[0] < 0 {
				l, r, only = "", "present", &a.RightOnly
			}
			*only++
			out = append(out, fieldDiff{field: "Episode", left: l, right: r, episode: pos, group: groupGrouping})
			continue
		}
		le, re := &ls.Episodes[p[0]], &rs.Episodes[p[1]]
		a.Matched++
		n := len(out)
		str := c.ws.syms.str
		for _, f := range [...]struct {
			name string
			l, r Sym
		}{
			{"FCE_HRG", le.HRG, re.HRG}, {"GroupingMethodFlag", le.Method, re.Method}, {"DominantProcedure", le.DomProc, re.DomProc},
		} {
			if f.l != f.r {
				out = append(out, fieldDiff{field: f.name, left: str(f.l), right: str(f.r), episode: pos, group: groupGrouping})
			}
		}
		if le.HRG == re.HRG {
			a.SameHRG++
		}
		if len(out) == n {
			a.Identical++
		}
	}
	return out
}

// classify returns the cause of a matched spell's differences and what
// supports it.
func (c *comparer) classify(diffs []fieldDiff, ls, rs *Spell) (Cause, string) {
	var has [groupPrice + 1]bool
	for _, f := range diffs {
		has[f.group] = true
	}
	codes, checked := c.codeDiffs(ls, rs)
	switch {
	case has[groupGrouping] && len(codes) > 0:
		return CauseCoding, strings.Join(codes, "; ")
	case has[groupDates]:
		return CauseDatesLOS, listFields(diffs, groupDates)
	case has[groupPOD]:
		return CausePOD, listFields(diffs, groupPOD)
	case has[groupGrouping]:
		detail := listFields(diffs, groupGrouping)
		if checked {
			detail += " with the same codes"
		} else {
			detail += " (codes not carried by both sides: coding could not be checked)"
		}
		return CauseDesign, detail + "; left " + versionOr(c.res.Left.Version) + ", right " + versionOr(c.res.Right.Version)
	}
	return CausePriceTable, listFields(diffs, groupPrice) + "; left prices " + versionOr(c.res.Left.PriceTable) +
		", right " + versionOr(c.res.Right.PriceTable)
}

func versionOr(v string) string {
	if v == "" {
		return "version not known"
	}
	return v
}

// listFields describes the differing fields of a group: `SpellLOS 3→5`.
func listFields(diffs []fieldDiff, g fieldGroup) string {
	var parts []string
	for _, f := range diffs {
		if f.group != g {
			continue
		}
		name := f.field
		if f.episode > 0 {
			name = "ep" + strconv.Itoa(int(f.episode)) + " " + name
		}
		parts = append(parts, name+" "+orNone(f.left)+"→"+orNone(f.right))
	}
	return strings.Join(parts, "; ")
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// maxCodeDetails bounds the code differences listed in CauseDetail.
const maxCodeDetails = 6

// codeDiffs lists the code positions that differ between two matched
// spells, over the positions both sides carry, and whether codes could be
// compared at all. Episodes pair as for the episode-level fields.
func (c *comparer) codeDiffs(ls, rs *Spell) (out []string, checked bool) {
	if c.both&HasCodes == 0 {
		return nil, false
	}
	n := 0
	add := func(s string) {
		if n < maxCodeDetails {
			out = append(out, s)
		} else if n == maxCodeDetails {
			out = append(out, "…")
		}
		n++
	}
	for _, p := range episodePairs(ls, rs) {
		pos := max(p[0], p[1]) + 1
		if p[0] < 0 || p[1] < 0 {
			side := "left"
			if p[0] < 0 {
				side = "right"
			}
			add(fmt.Sprintf("ep%d coded on the %s side only", pos, side))
			continue
		}
		le, re := &ls.Episodes[p[0]], &rs.Episodes[p[1]]
		for i := range c.nDiag {
			if l, r := at(le.Diags, i), at(re.Diags, i); l != r {
				add(fmt.Sprintf("ep%d DIAG_%02d %s→%s", pos, i+1, orNone(c.ws.codeString(l, true)), orNone(c.ws.codeString(r, true))))
			}
		}
		for i := range c.nProc {
			if l, r := at(le.Procs, i), at(re.Procs, i); l != r {
				add(fmt.Sprintf("ep%d OPERTN_%02d %s→%s", pos, i+1, orNone(c.ws.codeString(l, false)), orNone(c.ws.codeString(r, false))))
			}
		}
	}
	return out, true
}

func at(s []Code, i int) Code {
	if i < len(s) {
		return s[i]
	}
	return 0
}

// explain returns the `hrgflow explain` commands for the hrgflow run
// sides of a spell: the trace of the episode that drove its HRG.
func (c *comparer) explain(ls, rs *Spell) string {
	var parts []string
	for k, s := range []*Spell{ls, rs} {
		side := c.res.Left
		if k == 1 {
			side = c.res.Right
		}
		if side.Kind != KindRun || s.ReportRow <= 0 {
			continue
		}
		in, ok := side.Inputs[c.ws.syms.str(s.SourceFile)]
		if !ok {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s: hrgflow explain --input %s --row %d", [2]string{"left", "right"}[k], in.Path, s.ReportRow))
	}
	return strings.Join(parts, "; ")
}
