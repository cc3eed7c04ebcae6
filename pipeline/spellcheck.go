package pipeline

import (
	"slices"

	"github.com/hrgflow/hrgflow/pipeline/validate"
	"github.com/hrgflow/hrgflow/schemas"
)

// spellConstant are the fields that must not change within a spell.
var spellConstant = []struct {
	slot, field int
	date        bool
}{
	{schemas.SEX, schemas.MustIndex("SEX"), false}, {schemas.CLASSPAT, schemas.MustIndex("CLASSPAT"), false},
	{schemas.ADMISORC, schemas.MustIndex("ADMISORC"), false}, {schemas.ADMIMETH, schemas.MustIndex("ADMIMETH"), false},
	{schemas.ADMIDATE, schemas.MustIndex("ADMIDATE"), true},
}

var (
	fieldEPIORDER = schemas.MustIndex("EPIORDER")
	fieldDISDATE  = schemas.MustIndex("DISDATE")
	fieldDISMETH  = schemas.MustIndex("DISMETH")
	fieldDISDEST  = schemas.MustIndex("DISDEST")
)

// checkSpells runs the spell consistency rules (S07–S10) over every spell
// of b, then restores the episode order of the findings. It runs before
// summarise, so a spell error makes its episode ungroupable.
func checkSpells(b *batch, order *[]int) {
	before := len(b.findings)
	n := len(b.eps)
	for start := 0; start < n; {
		end := start + 1
		for end < n && !b.newSpell[end] {
			end++
		}
		if end-start > 1 {
			*order = (*order)[:0]
			for i := start; i < end; i++ {
				*order = append(*order, i)
			}
			sortByEpiorder(*order, b.eps)
			checkSpell(b, *order)
		}
		start = end
	}
	if len(b.findings) > before {
		slices.SortStableFunc(b.findings, func(x, y validate.Finding) int { return int(x.Episode) - int(y.Episode) })
	}
}

// checkSpell checks one spell's episodes, given in EPIORDER order.
func checkSpell(b *batch, order []int) {
	flag := func(i int, r validate.RuleID, field int) {
		b.findings = append(b.findings, validate.Finding{Episode: int32(i), Rule: r, Field: uint16(field)})
	}
	first := &b.eps[order[0]]
	for k, i := range order {
		e := &b.eps[i]
		if k > 0 {
			prev, cur := b.eps[order[k-1]].Int[schemas.EPIORDER], e.Int[schemas.EPIORDER]
			switch {
			case cur == schemas.NullInt || prev == schemas.NullInt:
			case cur == prev:
				flag(i, validate.RuleSpellOrderDuplicate, fieldEPIORDER)
			case cur > prev+1:
				flag(i, validate.RuleSpellOrderGap, fieldEPIORDER)
			}
			for _, c := range spellConstant {
				if differs(first, e, c.slot, c.date) {
					flag(i, validate.RuleSpellFieldDiffers, c.field)
				}
			}
		}
		if k == len(order)-1 {
			continue
		}
		switch {
		case e.Date[schemas.DISDATE].Valid():
			flag(i, validate.RuleSpellDischargeNotLast, fieldDISDATE)
		case e.Str[schemas.DISMETH] != "" && e.Str[schemas.DISMETH] != "8":
			flag(i, validate.RuleSpellDischargeNotLast, fieldDISMETH)
		case e.Str[schemas.DISDEST] != "" && e.Str[schemas.DISDEST] != "98":
			flag(i, validate.RuleSpellDischargeNotLast, fieldDISDEST)
		}
	}
}

func differs(a, b *schemas.Episode, slot int, date bool) bool {
	if date {
		return a.Date[slot].Valid() && b.Date[slot].Valid() && a.Date[slot] != b.Date[slot]
	}
	return a.Str[slot] != "" && b.Str[slot] != "" && a.Str[slot] != b.Str[slot]
}
