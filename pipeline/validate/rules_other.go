package validate

import (
	"github.com/hrgflow/hrgflow/schemas"
)

const maxDuration = 29_200 // days: HES TOS EPIDUR and SPELDUR range

// dates checks the order of the episode's dates and EPIDUR.
func (c *check) dates() {
	e := c.e
	start, end := e.Date[schemas.EPISTART], e.Date[schemas.EPIEND]
	admi, dis, elec := e.Date[schemas.ADMIDATE], e.Date[schemas.DISDATE], e.Date[schemas.ELECDATE]
	if start.Valid() && end.Valid() && end < start {
		c.flag(RuleEndBeforeStart, fEPIEND)
	}
	if admi.Valid() && start.Valid() && start < admi {
		c.flag(RuleStartBeforeAdmission, fEPISTART)
	}
	if dis.Valid() && end.Valid() && dis < end {
		c.flag(RuleDischargeBeforeEnd, fDISDATE)
	}
	if elec.Valid() && admi.Valid() && elec > admi {
		c.flag(RuleDecisionAfterAdmission, fELECDATE)
	}
	if start.Valid() && end.Valid() && start <= end {
		for b := 0; b < schemas.MaxProcedures; b += 4 {
			q := e.Date[schemas.OPDATE_01+b : schemas.OPDATE_01+b+4]
			if (q[0]^schemas.NullDate)|(q[1]^schemas.NullDate)|(q[2]^schemas.NullDate)|(q[3]^schemas.NullDate) == 0 {
				continue // most positions have no date
			}
			for n := b; n < b+4; n++ {
				if d := e.Date[schemas.OPDATE_01+n]; d.Valid() && (d < start || d > end) {
					c.flag(RuleOpDateOutside, c.v.opdate[n])
				}
			}
		}
	}
	dur := e.Int[schemas.EPIDUR]
	switch {
	case dur != schemas.NullInt && (dur < 0 || dur > maxDuration):
		c.flag(RuleEpidurRange, fEPIDUR)
	case dur != schemas.NullInt && start.Valid() && end.Valid() && int32(end-start) != dur:
		c.flag(RuleEpidurMismatch, fEPIDUR)
	case dur == schemas.NullInt && !c.flagged(fEPIDUR) && c.has(fEPISTART) && (!start.Valid() || !end.Valid()):
		c.flag(RuleDatesMissing, fEPISTART)
	}
}

// status checks episode status, type and the discharge fields.
func (c *check) status() {
	e := c.e
	switch e.Str[schemas.EPISTAT] {
	case "1", "9":
		c.flag(RuleUnfinished, fEPISTAT)
	}
	switch e.Str[schemas.EPITYPE] {
	case "5", "6":
		c.flag(RuleOtherMaternity, fEPITYPE)
	}
	if e.Str[schemas.DISMETH] == "8" && e.Date[schemas.DISDATE].Valid() {
		c.flag(RuleNotFinishedButDischarged, fDISMETH)
	}
	order := e.Int[schemas.EPIORDER]
	if order == 1 && e.Date[schemas.ADMIDATE].Valid() && e.Date[schemas.EPISTART].Valid() && e.Date[schemas.ADMIDATE] != e.Date[schemas.EPISTART] {
		c.flag(RuleFirstEpisodeStart, fEPISTART)
	}
	switch {
	case order == schemas.NullInt:
		if c.has(fEPIORDER) && !c.flagged(fEPIORDER) {
			c.flag(RuleDomainMissing, fEPIORDER)
		}
	case order < 1 || order > 87:
		c.flag(RuleEpiorderInvalid, fEPIORDER)
	}
	if e.Str[schemas.DISMETH] == "4" && e.Str[schemas.DISDEST] != "" && e.Str[schemas.DISDEST] != "79" {
		c.flag(RuleDiedDestination, fDISDEST)
	}
}

// demographics checks SEX and STARTAGE.
func (c *check) demographics() {
	e := c.e
	if c.has(fSEX) {
		switch s := e.Str[schemas.SEX]; {
		case s == "":
			c.flag(RuleSexMissing, fSEX)
		case c.sex == 0:
			c.flag(RuleSexUngroupable, fSEX)
		}
	}
	if !c.has(fSTARTAGE) || c.flagged(fSTARTAGE) {
		return
	}
	switch a := e.Int[schemas.STARTAGE]; {
	case a == schemas.NullInt:
		c.flag(RuleAgeMissing, fSTARTAGE)
	case a == 999:
		c.flag(RuleAgeUnknown, fSTARTAGE)
	case c.age < 0:
		c.flag(RuleAgeRange, fSTARTAGE)
	}
}

// fieldDomains checks coded fields against the HES value lists in force on
// the episode's date. The table lookup of fieldCheck.rule is written out
// here, with the episode's state in locals, because this loop runs twelve
// times per episode.
func (c *check) fieldDomains() {
	str, present, fields := &c.e.Str, c.present, c.v.fields
	fy, fyOK := c.fy&(numFY-1), c.fy >= 0
	var t *codedRules
	var base int // the year's first row
	if len(fields) > 0 {
		t = fields[0].rules
		base = fy * t.n
	}
	for i := range fields {
		f := &fields[i]
		if present[f.word]&f.bit == 0 { // present.Has(f.field)
			continue
		}
		val := str[f.slot]
		r := f.missing
		if val != "" {
			r = askDomain
			if vi := valueIndex(val); uint(vi) < numValues && fyOK {
				r = t.rows[(base+int(t.index[vi]))*maxCoded+int(f.col&(maxCoded-1))]
			}
			if r == askDomain {
				r = f.slowRule(val, c.date)
			}
		}
		if r != 0 {
			c.flag(RuleID(r-1), f.field)
		}
	}
}

// organisations checks the site of treatment and commissioner codes.
func (c *check) organisations() {
	e := c.e
	if c.has(fSITETRET) {
		switch s := e.Str[schemas.SITETRET]; {
		case s == "":
			c.flag(RuleSiteMissing, fSITETRET)
		case len(s) < 5:
			c.flag(RuleSiteShort, fSITETRET)
		}
	}
	if c.has(fPURCODE) && len(e.Str[schemas.PURCODE]) == 3 {
		c.flag(RuleCommissionerShort, fPURCODE)
	}
}
