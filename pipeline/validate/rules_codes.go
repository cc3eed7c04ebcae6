package validate

import (
	"unsafe"

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

// The position loops below skip blocks of 4 empty positions.
var (
	_ = [1]struct{}{}[schemas.MaxDiagnoses%4]
	_ = [1]struct{}{}[schemas.MaxProcedures%4]
)

// diagnoses normalises and checks every diagnosis position.
func (c *check) diagnoses() {
	e := c.e
	e.ICD = [schemas.MaxDiagnoses]schemas.ICD10{}
	gap, prevDagger := false, false
	for b := 0; b < schemas.MaxDiagnoses; b += 4 {
		s := e.Str[schemas.DIAG_01+b : schemas.DIAG_01+b+4]
		if len(s[0])|len(s[1])|len(s[2])|len(s[3]) == 0 { // most positions are empty
			gap, prevDagger = true, false
			continue
		}
		for n := b; n < b+4; n++ {
			raw := e.Str[schemas.DIAG_01+n]
			if len(raw) == 0 || raw == "-" {
				if len(raw) != 0 { // HES writes '-' for an empty position
					c.changed |= 1 << n
				}
				gap, prevDagger = true, false
				continue
			}
			prevDagger = c.diagnosis(n, raw, gap, prevDagger)
		}
	}
	c.primaryBlank = e.Str[schemas.DIAG_01] == "" || e.Str[schemas.DIAG_01] == "-"
}

// diagnosis checks the non-empty diagnosis raw at position n, after an
// empty position when gap is set, and reports whether it is a dagger code
// (which an asterisk code may follow).
func (c *check) diagnosis(n int, raw string, gap, prevDagger bool) (dagger bool) {
	field := c.v.diag[n]
	if gap && n > 0 {
		c.flag(RuleDiagGap, field)
	}
	code, notes, ok := parseICD10(raw)
	if !ok {
		c.flag(RuleDiagFormat, field)
		return false
	}
	if n == 0 {
		c.primaryCode = code
		if isHESNullMarker(code) {
			return false // D07, reported by primary()
		}
	}
	en := c.v.diags.lookup(code)
	if en.flags&diagUsable == 0 { // a 4-character view of a 5-character code is usable (HES DIAG_4_nn)
		c.unusableDiagnosis(n, field, code, notes, en)
		return false
	}
	c.e.ICD[n] = code
	if notes != 0 && !isICDText(raw, code) { // otherwise already clean
		c.changed |= 1 << n
		if notes&cosmeticICD10 != 0 {
			c.flag(RuleDiagNormalised, field)
		}
	}
	if notes&schemas.NoteAsterisk != 0 || en.flags&diagAsterisk != 0 { // an asterisk code follows its dagger
		if n == 0 {
			c.flag(RuleAsteriskPrimary, field)
		} else if !prevDagger {
			c.flag(RuleAsteriskNoDagger, field)
		}
	}
	if sexBad, ageBad := c.sexAgeBad(en); sexBad || ageBad {
		c.flagSexAge(field, sexBad, ageBad)
	}
	return notes&schemas.NoteDagger != 0 || en.flags&diagDagger != 0
}

// unusableDiagnosis reports why a well-formed code at position n cannot
// stand: older edition, missing 4th character, misplaced X filler, or not
// in the classification.
func (c *check) unusableDiagnosis(n int, field uint16, code schemas.ICD10, notes schemas.CodeNote, en *diagEntry) {
	codes := c.v.codes
	switch {
	case c.date.Valid() && c.date < fifthEdition:
		c.flag(RuleDiagOlderEdition, field)
		c.sexAge(field, en) // limits hold by range, whatever the edition
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
}

// isICDText reports whether raw is exactly code's clean text.
func isICDText(raw string, code schemas.ICD10) bool {
	var buf [5]byte
	return raw == string(code.AppendText(buf[:0]))
}

// isOPCSText reports whether raw is exactly code's clean text.
func isOPCSText(raw string, code schemas.OPCS4) bool {
	var buf [4]byte
	return raw == string(code.AppendText(buf[:0]))
}

// parseICD10 is schemas.NormalizeICD10 with a fast path for a code that is
// already clean (I10X, A000, M8040, M45X0): those have no notes.
func parseICD10(raw string) (schemas.ICD10, schemas.CodeNote, bool) {
	if len(raw) == 4 || len(raw) == 5 {
		s := raw[:4]
		l, d1, d2, c4 := uint(s[0]-'A'), uint(s[1]-'0'), uint(s[2]-'0'), uint(s[3]-'0')
		if c4 >= 10 { // not a digit: out of range unless the X filler
			c4 = 0xFF
			if s[3] == 'X' {
				c4 = icd10X
			}
		}
		c5 := uint(0)
		if len(raw) == 5 {
			c5 = uint(raw[len(raw)-1]-'0') + 1 // 1 + the digit; a non-digit is out of range
		}
		if l < 26 && d1 < 10 && d2 < 10 && c4 <= icd10X && c5 <= 10 {
			return schemas.ICD10(1 + ((l*100+d1*10+d2)*11+c4)*11 + c5), 0, true
		}
	}
	return schemas.NormalizeICD10(raw)
}

// icd10X is the 4th-character value of the X filler in a packed ICD10
// (see schemas.ICD10; TestParseICD10 checks the packing agrees).
const icd10X = 10

// parseOPCS4 is schemas.NormalizeOPCS4 with a fast path for a code that
// is already clean (W401): it has no notes.
func parseOPCS4(raw string) (schemas.OPCS4, schemas.CodeNote, bool) {
	if len(raw) == 4 {
		l, d1, d2, d3 := raw[0]-'A', raw[1]-'0', raw[2]-'0', raw[3]-'0'
		if l < 26 && d1 < 10 && d2 < 10 && d3 < 10 {
			return schemas.OPCS4(1 + int(l)*1000 + int(d1)*100 + int(d2)*10 + int(d3)), 0, true
		}
	}
	return schemas.NormalizeOPCS4(raw)
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

// sexAge checks a code's sex and age limits against the patient.
func (c *check) sexAge(field uint16, en *diagEntry) {
	if sexBad, ageBad := c.sexAgeBad(en); sexBad || ageBad {
		c.flagSexAge(field, sexBad, ageBad)
	}
}

// sexAgeBad reports whether the patient's sex, and age, are outside the
// code's limits.
func (c *check) sexAgeBad(en *diagEntry) (sexBad, ageBad bool) {
	return en.sexBad != 0 && en.sexBad == c.sex, c.age >= 0 && (c.age < int(en.minAge) || c.age > int(en.maxAge))
}

// flagSexAge reports what sexAgeBad found.
func (c *check) flagSexAge(field uint16, sexBad, ageBad bool) {
	if sexBad {
		c.flag(RuleSexCode, field)
	}
	if ageBad {
		c.flag(RuleAgeCode, field)
	}
}

// isHESNullMarker reports R69X, R69X3, R69X6 and R69X8: HES's markers for a
// null, invalid or misplaced primary diagnosis. They are the codes of
// category R69 with the X filler, which pack as R69X and the 10 values
// after it (see schemas.ICD10).
func isHESNullMarker(code schemas.ICD10) bool {
	return code-r69X <= 10
}

var r69X = func() schemas.ICD10 {
	c, _, _ := schemas.NormalizeICD10("R69X")
	return c
}()

// primary checks the primary diagnosis.
func (c *check) primary() {
	// No has() guard: without a primary diagnosis (or its column) an
	// episode cannot be grouped.
	if c.primaryBlank {
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
	e := c.e
	e.OPCS = [schemas.MaxProcedures]schemas.OPCS4{}
	none, gap, afterNone := false, false, false
	for b := 0; b < schemas.MaxProcedures; b += 4 {
		s := e.Str[schemas.OPERTN_01+b : schemas.OPERTN_01+b+4]
		if len(s[0])|len(s[1])|len(s[2])|len(s[3]) == 0 { // most positions are empty
			gap = true
			continue
		}
		for n := b; n < b+4; n++ {
			raw := e.Str[schemas.OPERTN_01+n]
			if len(raw) <= 1 {
				switch raw {
				case "":
					gap = true
					continue
				case "-":
					none = true
					continue
				case "&":
					c.flag(RuleOperNotKnown, c.v.oper[n])
					continue
				}
			}
			if none && !afterNone {
				c.flag(RuleOperAfterNone, c.v.oper[n])
				afterNone = true
			} else if gap {
				c.flag(RuleOperGap, c.v.oper[n])
			}
			c.procedure(n, raw)
		}
	}
}

// procedure checks the procedure raw at position n, neither empty nor a
// placeholder.
func (c *check) procedure(n int, raw string) {
	field := c.v.oper[n]
	code, notes, ok := parseOPCS4(raw)
	if !ok {
		c.flag(RuleOperFormat, field)
		return
	}
	if !c.v.codes.OPCS4(code).Valid {
		c.flag(RuleOperUnknown, field)
		return
	}
	changed := notes != 0 && !isOPCSText(raw, code)
	if changed {
		c.changed |= 1 << (schemas.MaxDiagnoses + n)
		c.flag(RuleOperNormalised, field)
	}
	letter := code.Letter()
	if letter == 'X' && int(code-1)%1000 >= 997 {
		c.flag(RuleOperLegacyPlaceholder, field)
		if changed { // writeRaw needs the clean code, then clears it
			c.e.OPCS[n] = code
			c.placeholders |= 1 << n
		}
		return // a placeholder, not a procedure
	}
	c.e.OPCS[n] = code
	if n == 0 && (letter == 'Y' || letter == 'Z') {
		c.flag(RuleOperSubsidiaryPrimary, field)
	}
}
