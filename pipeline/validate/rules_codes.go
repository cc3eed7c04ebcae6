package validate

import (
	"unsafe"

	"github.com/hrgflow/hrgflow/internal/codelist"
	"github.com/hrgflow/hrgflow/schemas"
)

// fifthEdition is when the ICD-10 5th Edition came into use in England
// (the TRUD release date); the embedded list is that edition.
var fifthEdition = schemas.DateOf(2016, 4, 1)

// bytesString returns a string sharing b's memory (batch-owned arena).
func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// cosmeticICD10 are the normalisations worth a D05 warning: the code was
// readable but not in the NHS Data Dictionary form. Dagger and asterisk
// markers are part of that form, so they are not among them.
const cosmeticICD10 = schemas.NoteDot | schemas.NoteLower | schemas.NoteXFiller | schemas.NoteTrimmed

// diagnoses normalises and checks every diagnosis position.
func (c *check) diagnoses() {
	e, codes := c.e, c.v.codes
	gap := false
	var prev codelist.ICD10Info
	var prevNotes schemas.CodeNote
	for n := range schemas.MaxDiagnoses {
		slot, field := schemas.DIAG_01+n, c.v.diag[n]
		e.ICD[n] = 0
		raw := e.Str[slot]
		if raw == "" || raw == "-" {
			if raw == "-" { // HES writes '-' for an empty position
				c.keepRaw(field, raw)
				e.Str[slot] = ""
			}
			gap = true
			prev, prevNotes = codelist.ICD10Info{}, 0
			continue
		}
		if gap && n > 0 {
			c.flag(RuleDiagGap, field)
		}
		code, notes, ok := schemas.NormalizeICD10(raw)
		if !ok {
			c.flag(RuleDiagFormat, field)
			prev, prevNotes = codelist.ICD10Info{}, 0
			continue
		}
		if n == 0 {
			c.primaryCode = code
			if isHESNullMarker(code) {
				continue // D07, reported by primary()
			}
		}
		info := codes.ICD10(code)
		if c4 := codes.ICD10(code.Code4()); !info.Valid && optionalFifth(code) && (c4.Valid || c4.Parent) {
			info = c4
			info.Valid = true
		}
		if !info.Valid && !info.Parent { // a 4-character view of a 5-character code is fine (HES DIAG_4_nn)
			switch {
			case c.date.Valid() && c.date < fifthEdition:
				c.flag(RuleDiagOlderEdition, field)
				c.sexAge(field, info) // limits hold by range, whatever the edition
				if n == 0 {
					c.flag(RulePrimaryUngroupable, field)
				}
			case notes&schemas.NoteXFiller != 0 && codes.SubdividedCategory(code):
				c.flag(RuleDiagSubdivided, field)
			case code.Fourth() == 'X' && codes.SubdividedCategory(code):
				c.flag(RuleDiagXFiller, field)
			default:
				c.flag(RuleDiagUnknown, field)
			}
			prev, prevNotes = codelist.ICD10Info{}, 0
			continue
		}
		e.ICD[n] = code
		if notes != 0 { // otherwise already clean: the text is the code
			if clean := c.setClean(slot, code.AppendText); clean != raw {
				c.keepRaw(field, raw)
				if notes&cosmeticICD10 != 0 {
					c.flag(RuleDiagNormalised, field)
				}
			}
		}
		c.daggerAsterisk(n, field, info, notes, prev, prevNotes)
		c.sexAge(field, info)
		prev, prevNotes = info, notes
	}
}

// optionalFifth reports a 5th character the UK uses beyond the tabular
// list: open (1) or closed (0) for injuries (S, T) and the activity code
// for external causes (V–Y). The official grouper accepts them (S3250 in
// NHS England's sample test data).
func optionalFifth(code schemas.ICD10) bool {
	if code.Len() != 5 {
		return false
	}
	switch l, f := code.Letter(), code.Fifth(); l {
	case 'S', 'T':
		return f == '0' || f == '1'
	case 'V', 'W', 'X', 'Y':
		return true
	}
	return false
}

// daggerAsterisk checks that an asterisk code follows its dagger.
func (c *check) daggerAsterisk(n int, field uint16, info codelist.ICD10Info, notes schemas.CodeNote, prev codelist.ICD10Info, prevNotes schemas.CodeNote) {
	if notes&schemas.NoteAsterisk == 0 && info.Usage != codelist.UsageAsterisk {
		return
	}
	if n == 0 {
		c.flag(RuleAsteriskPrimary, field)
		return
	}
	if prevNotes&schemas.NoteDagger == 0 && prev.Usage != codelist.UsageDagger {
		c.flag(RuleAsteriskNoDagger, field)
	}
}

// sexAge checks a code's sex and age limits against the patient.
func (c *check) sexAge(field uint16, info codelist.ICD10Info) {
	if (info.Sex == codelist.SexMale && c.sex == '2') || (info.Sex == codelist.SexFemale && c.sex == '1') {
		c.flag(RuleSexCode, field)
	}
	if c.age >= 0 && info.HasAgeLimit() && (c.age < info.MinAge || c.age > info.MaxAge) {
		c.flag(RuleAgeCode, field)
	}
}

// isHESNullMarker reports R69X, R69X3, R69X6 and R69X8: HES's markers for a
// null, invalid or misplaced primary diagnosis.
func isHESNullMarker(code schemas.ICD10) bool {
	return code.Category() == r69 && code.Fourth() == 'X'
}

var r69 = func() schemas.ICD10 {
	c, _, _ := schemas.NormalizeICD10("R69X")
	return c.Category()
}()

// primary checks the primary diagnosis.
func (c *check) primary() {
	// No has() guard: without a primary diagnosis (or its column) an
	// episode cannot be grouped.
	raw := c.e.Str[schemas.DIAG_01]
	if raw == "" {
		c.flag(RulePrimaryMissing, c.v.diag[0])
		return
	}
	code := c.primaryCode
	if code == 0 {
		return // unreadable: reported already
	}
	if isHESNullMarker(code) {
		c.flag(RulePrimaryNull, c.v.diag[0])
		return
	}
	if c.e.ICD[0] == 0 {
		return // unreadable or unknown: reported already
	}
	switch letter, num := code.Letter(), code.CategoryIndex()%100; {
	case letter >= 'V' && letter <= 'Y' && !(letter == 'Y' && num > 98):
		c.flag(RulePrimaryExternal, c.v.diag[0])
	case letter == 'R':
		c.flag(RulePrimarySymptom, c.v.diag[0])
	case letter == 'Z' && !(num >= 30 && num <= 39) && num != 51 && num != 52:
		c.flag(RulePrimaryZ, c.v.diag[0])
	}
}

// procedures normalises and checks every procedure position.
func (c *check) procedures() {
	e, codes := c.e, c.v.codes
	none, gap, afterNone := false, false, false
	for n := range schemas.MaxProcedures {
		slot, field := schemas.OPERTN_01+n, c.v.oper[n]
		e.OPCS[n] = 0
		raw := e.Str[slot]
		switch {
		case raw == "":
			gap = true
			continue
		case raw == "-":
			none = true
			continue
		case raw == "&":
			c.flag(RuleOperNotKnown, field)
			continue
		}
		if none && !afterNone {
			c.flag(RuleOperAfterNone, field)
			afterNone = true
		} else if gap {
			c.flag(RuleOperGap, field)
		}
		code, notes, ok := schemas.NormalizeOPCS4(raw)
		if !ok {
			c.flag(RuleOperFormat, field)
			continue
		}
		if !codes.OPCS4(code).Valid {
			c.flag(RuleOperUnknown, field)
			continue
		}
		if notes != 0 {
			if clean := c.setClean(slot, code.AppendText); clean != raw {
				c.keepRaw(field, raw)
				c.flag(RuleOperNormalised, field)
			}
		}
		if code.Letter() == 'X' && opcsNumber(code) >= 997 {
			c.flag(RuleOperLegacyPlaceholder, field)
			continue // a placeholder, not a procedure
		}
		e.OPCS[n] = code
		if n == 0 && (code.Letter() == 'Y' || code.Letter() == 'Z') {
			c.flag(RuleOperSubsidiaryPrimary, field)
		}
	}
}

// opcsNumber returns the three digits of an OPCS-4 code as a number.
func opcsNumber(c schemas.OPCS4) int {
	var buf [4]byte
	t := c.AppendText(buf[:0])
	if len(t) != 4 {
		return -1
	}
	return int(t[1]-'0')*100 + int(t[2]-'0')*10 + int(t[3]-'0')
}
