package pipeline

import (
	"fmt"
	"strings"

	"github.com/hrgflow/hrgflow/schemas"
)

// The HES-derived fields (DOMAIN.md §2): what HES adds to each episode from
// its own fields and its spell's, which hrgflow derives the same way rather
// than reads. The rules are the field meanings in schemas/dictionary.go (and
// so in docs/data-dictionary.md); this file implements them. Text goes into
// the batch arena, enums are precomputed strings: deriving allocates only
// when the arena grows.

// hesMaxDuration is the longest SPELDUR and SPELDUR_CALC HES holds, in days.
const hesMaxDuration = 29200

// hesMaxElectiveWait is the longest ELECDUR, in days; 9998 and 9999 are codes.
const hesMaxElectiveWait = 9997

// deriveSpell fills every derived field of a spell's episodes. order holds
// the indexes in b.eps of the spell's episodes in EPIORDER order: the first
// is order[0], the last order[len(order)-1]. The spell row is not read:
// spell-level values (SPELDUR) are written onto every episode.
func deriveSpell(b *batch, order []int, _ *spellRow) {
	sp := spellFactsOf(b.eps, order)
	last := len(order) - 1
	for k, i := range order {
		e := &b.eps[i]
		deriveEpisode(e, sp.admitted, &b.arena)
		sp.set(e, k == 0 && sp.firstIn, k == last && sp.finished)
	}
}

// spellFacts are what the spell-level derived fields need, read once per
// spell.
type spellFacts struct {
	admitted    schemas.Date // ADMIDATE: the first known in EPIORDER order
	speldur     int32        // SPELDUR; NullInt when not applicable
	speldurCalc int32        // SPELDUR_CALC
	finished    bool         // the last episode ends the spell
	firstIn     bool         // order[0] is the spell's first episode
}

// spellFactsOf reads the facts of the spell whose episodes, in EPIORDER
// order, are eps[order[0]], eps[order[1]], ….
func spellFactsOf(eps []schemas.Episode, order []int) spellFacts {
	first, last := &eps[order[0]], &eps[order[len(order)-1]]
	sp := spellFacts{admitted: schemas.NullDate, speldur: schemas.NullInt}
	for _, i := range order {
		if a := eps[i].Date[schemas.ADMIDATE]; a.Valid() {
			sp.admitted = a
			break
		}
	}
	// EPIORDER 2-87 on the earliest episode: the spell began before the
	// input did (an extract of one financial year). Missing, 98 and 99 say
	// nothing, so the earliest episode counts as the first.
	o := first.Int[schemas.EPIORDER]
	sp.firstIn = o < 2 || o > 87
	discharged, dis := hesDischarged(last.Str[schemas.DISMETH]), last.Date[schemas.DISDATE]
	sp.finished = discharged || dis.Valid()
	if discharged {
		sp.speldur = hesDuration(sp.admitted, dis, hesMaxDuration)
	}
	sp.speldurCalc = hesDuration(sp.admitted, last.Date[schemas.EPIEND], hesMaxDuration)
	return sp
}

// set writes the spell-level fields of episode e: first says e is the
// spell's first episode, end that it is the last of a finished spell.
func (sp *spellFacts) set(e *schemas.Episode, first, end bool) {
	fin := hesFinished(e)
	e.Int[schemas.SPELBGIN] = 0
	if first {
		e.Int[schemas.SPELBGIN] = hesSpellBegin(sp.admitted, hesFYDate(e))
	}
	e.Str[schemas.SPELEND] = "N"
	if end {
		e.Str[schemas.SPELEND] = "Y"
	}
	e.Int[schemas.SPELDUR] = sp.speldur
	if hesOtherMaternity(e) {
		e.Int[schemas.SPELDUR] = schemas.NullInt
	}
	e.Int[schemas.SPELDUR_CALC] = sp.speldurCalc
	e.Int[schemas.FAE] = hesFlag(first && fin)
	e.Int[schemas.FAE_EMERGENCY] = hesFlag(first && fin && hesEmergency(e.Str[schemas.ADMIMETH]))
	e.Int[schemas.FDE] = hesFlag(end && fin)
}

// deriveEpisode writes the derived fields that depend on the episode alone,
// and ELECDUR, which takes the spell's admission date.
func deriveEpisode(e *schemas.Episode, admitted schemas.Date, arena *[]byte) {
	e.Str[schemas.FYEAR] = ""
	if d := hesFYDate(e); d.Valid() {
		e.Str[schemas.FYEAR] = hesFYTexts[(hesFinancialYear(d)%100+100)%100]
	}
	e.Int[schemas.ELECDUR] = hesElectiveWait(e, admitted)
	e.Int[schemas.FCE] = hesFlag(hesFinished(e) && !hesOtherMaternity(e))
	e.F64[schemas.STARTAGE_CALC] = hesDecimalAge(e.Int[schemas.STARTAGE])
	deriveDiagnoses(e, arena)
	deriveProcedures(e, arena)
}

// hesFYTexts are the FYEAR values by the last two digits of the year the
// financial year starts in: hesFYTexts[24] is "2425", hesFYTexts[99] "9900".
var hesFYTexts = func() (t [100]string) {
	for y := range t {
		t[y] = fmt.Sprintf("%02d%02d", y, (y+1)%100)
	}
	return t
}()

// hesFYDate is the date FYEAR is taken from: EPIEND, else EPISTART, else
// ADMIDATE; NullDate when none is known.
func hesFYDate(e *schemas.Episode) schemas.Date {
	for _, s := range [...]int{schemas.EPIEND, schemas.EPISTART, schemas.ADMIDATE} {
		if d := e.Date[s]; d.Valid() {
			return d
		}
	}
	return schemas.NullDate
}

// hesFinancialYear returns the year the financial year of d starts in: 2024
// for 2024-04-01 to 2025-03-31.
func hesFinancialYear(d schemas.Date) int {
	y, m, _ := d.Civil()
	if m < 4 {
		y--
	}
	return y
}

// hesSpellBegin is SPELBGIN of a spell's first episode, whose FYEAR comes from
// date episode: 1 when the spell started in an earlier financial year, 2 in
// the same, null when a date is unknown or the admission is later.
func hesSpellBegin(admitted, episode schemas.Date) int32 {
	if !admitted.Valid() || !episode.Valid() {
		return schemas.NullInt
	}
	switch a, y := hesFinancialYear(admitted), hesFinancialYear(episode); {
	case a < y:
		return 1
	case a == y:
		return 2
	}
	return schemas.NullInt
}

// hesDuration returns to − from in days, or NullInt when a date is unknown or
// the result is outside 0..limit.
func hesDuration(from, to schemas.Date, limit int32) int32 {
	if !from.Valid() || !to.Valid() || to < from || int32(to-from) > limit {
		return schemas.NullInt
	}
	return int32(to - from)
}

// hesElectiveWait is ELECDUR: the days from the decision to admit to the
// admission for an elective admission, 9999 when they are not known, 9998
// for other admissions, null when ADMIMETH is missing.
func hesElectiveWait(e *schemas.Episode, admitted schemas.Date) int32 {
	switch m := e.Str[schemas.ADMIMETH]; m {
	case "":
		return schemas.NullInt
	case "11", "12", "13":
	default:
		return 9998
	}
	if w := hesDuration(e.Date[schemas.ELECDATE], admitted, hesMaxElectiveWait); w != schemas.NullInt {
		return w
	}
	return 9999
}

// hesDischarged reports a DISMETH that ends the spell: 1-5, or 6 and 7
// (from 2022-23). 8 means not finished, 9 not known.
func hesDischarged(s string) bool { return len(s) == 1 && s[0] >= '1' && s[0] <= '7' }

// hesFinished reports EPISTAT 3 (finished), or no EPISTAT: inputs
// without it (the grouper layout) hold finished episodes.
func hesFinished(e *schemas.Episode) bool {
	s := e.Str[schemas.EPISTAT]
	return s == "" || s == "3"
}

// hesOtherMaternity reports an other maternity event: EPITYPE 5 or 6.
func hesOtherMaternity(e *schemas.Episode) bool {
	s := e.Str[schemas.EPITYPE]
	return s == "5" || s == "6"
}

// hesEmergency reports an emergency ADMIMETH: 21-28 or 2A-2D.
func hesEmergency(m string) bool {
	return len(m) == 2 && m[0] == '2' && (m[1] >= '1' && m[1] <= '8' || m[1] >= 'A' && m[1] <= 'D')
}

// hesFlag is 1 for true, 0 for false.
func hesFlag(b bool) int32 {
	if b {
		return 1
	}
	return 0
}

// hesInfantAges are HES's STARTAGE_CALC values of the infant codes 7001-7007.
var hesInfantAges = [...]float64{0.002, 0.010, 0.048, 0.167, 0.375, 0.625, 0.875}

// hesDecimalAge is STARTAGE_CALC of a STARTAGE.
func hesDecimalAge(a int32) float64 {
	switch {
	case a >= 0 && a <= 130:
		return float64(a)
	case a >= 7001 && a <= 7007:
		return hesInfantAges[a-7001]
	}
	return schemas.NullF64
}

// deriveDiagnoses writes DIAG_3_nn, DIAG_4_nn, their lists, DIAG_COUNT
// and CAUSE_3/CAUSE_4 from the clean codes validation put in e.ICD.
func deriveDiagnoses(e *schemas.Episode, arena *[]byte) {
	var v codeViews
	count, cause := 0, -1
	for p := range schemas.MaxDiagnoses {
		c := diagnosisView(e, p)
		if c == 0 {
			continue
		}
		v.n[p] = uint8(len(c.AppendText(v.text[p][:0])))
		count++
		if cause < 0 && externalCause(c) {
			cause = p
		}
	}
	v.write(e, &diagColumns, arena)
	e.Int[schemas.DIAG_COUNT] = int32(count)
	e.Str[schemas.CAUSE_3], e.Str[schemas.CAUSE_4] = "", ""
	if cause >= 0 {
		e.Str[schemas.CAUSE_3], e.Str[schemas.CAUSE_4] = e.Str[schemas.DIAG_3_01+cause], e.Str[schemas.DIAG_4_01+cause]
	}
}

// r69X is HES's 4-character view of its R69X3, R69X6 and R69X8 markers.
var r69X, _, _ = schemas.NormalizeICD10("R69X")

// diagnosisView is the 4-character view of diagnosis position p: the clean
// code without its 5th character; R69X for a HES null marker in position 1,
// which validation leaves out of e.ICD; 0 for none.
func diagnosisView(e *schemas.Episode, p int) schemas.ICD10 {
	if c := e.ICD[p]; c != 0 {
		return c.Code4()
	}
	if p == 0 && e.Str[schemas.DIAG_01] != "" {
		if c, _, ok := schemas.NormalizeICD10(e.Str[schemas.DIAG_01]); ok && c.Code4() == r69X {
			return r69X
		}
	}
	return 0
}

// externalCause reports an external cause of morbidity, V01-Y98.
func externalCause(c schemas.ICD10) bool {
	switch l, n := c.Letter(), c.CategoryIndex()%100; l {
	case 'V':
		return n >= 1
	case 'W', 'X':
		return true
	case 'Y':
		return n <= 98
	}
	return false
}

// deriveProcedures writes OPERTN_3_nn, OPERTN_4_nn, their lists and
// OPERTN_COUNT.
func deriveProcedures(e *schemas.Episode, arena *[]byte) {
	var v codeViews
	count := 0
	for p := range schemas.MaxProcedures {
		n, counted := procedureView(e, p, &v.text[p])
		v.n[p] = uint8(n)
		if counted {
			count++
		}
	}
	v.write(e, &operColumns, arena)
	e.Int[schemas.OPERTN_COUNT] = int32(count)
}

// The legacy placeholder codes X99.7-X99.9, which validation leaves out of
// e.OPCS but HES holds as codes.
var (
	x997, _, _ = schemas.NormalizeOPCS4("X997")
	x999, _, _ = schemas.NormalizeOPCS4("X999")
)

// procedureView writes the 4-character view of procedure position p into t
// and returns its length (0 for none) and whether it counts as a procedure.
// The view is the clean code in e.OPCS, a legacy X99.7-X99.9 code, or the
// '-' or '&' placeholder, which does not count.
func procedureView(e *schemas.Episode, p int, t *[4]byte) (n int, counted bool) {
	c := e.OPCS[p]
	if c == 0 {
		s := e.Str[schemas.OPERTN_01+p]
		switch {
		case s == "":
			return 0, false
		case schemas.IsOPCSPlaceholder(s):
			t[0] = '-'
			if strings.IndexByte(s, '&') >= 0 {
				t[0] = '&'
			}
			return 1, false
		}
		if l, _, ok := schemas.NormalizeOPCS4(s); ok && l >= x997 && l <= x999 {
			c = l
		} else {
			return 0, false
		}
	}
	return len(c.AppendText(t[:0])), true
}

// codeViews are the 4-character views of an episode's code positions (up
// to 4 characters each; a placeholder is 1) before they are written. It is
// sized for procedures, the longer list (MaxProcedures ≥ MaxDiagnoses).
type codeViews struct {
	text [schemas.MaxProcedures][4]byte
	n    [schemas.MaxProcedures]uint8 // characters in text; 0 for no view
}

// viewColumns are the slots of one classification's view columns.
type viewColumns struct {
	positions        int
	three, four      int // the slots of the _3_01 and _4_01 views
	concat3, concat4 int
}

var (
	diagColumns = viewColumns{schemas.MaxDiagnoses, schemas.DIAG_3_01, schemas.DIAG_4_01, schemas.DIAG_3_CONCAT, schemas.DIAG_4_CONCAT}
	operColumns = viewColumns{schemas.MaxProcedures, schemas.OPERTN_3_01, schemas.OPERTN_4_01, schemas.OPERTN_3_CONCAT, schemas.OPERTN_4_CONCAT}
)

// write stores the views in the columns c: 4-character views and their
// list, then the 3-character ones and theirs.
func (v *codeViews) write(e *schemas.Episode, c *viewColumns, arena *[]byte) {
	v.writeWidth(e, c.positions, 4, c.four, c.concat4, arena)
	v.writeWidth(e, c.positions, 3, c.three, c.concat3, arena)
}

// writeWidth writes the comma-separated list of the views, cut to width
// characters, into the arena and stores it in slot concat; each position's
// view is a substring of the list, stored in slot first+position.
func (v *codeViews) writeWidth(e *schemas.Episode, positions, width, first, concat int, arena *[]byte) {
	a := *arena
	start := len(a)
	var off [schemas.MaxProcedures]uint8 // offset of each view in the list (at most 24×5 bytes)
	for p := range positions {
		if v.n[p] == 0 {
			continue
		}
		if len(a) > start {
			a = append(a, ',')
		}
		off[p] = uint8(len(a) - start)
		a = append(a, v.text[p][:min(int(v.n[p]), width)]...)
	}
	*arena = a
	list := bytesString(a[start:len(a):len(a)])
	e.Str[concat] = list
	for p := range positions {
		e.Str[first+p] = ""
		if n := min(int(v.n[p]), width); n > 0 {
			e.Str[first+p] = list[off[p] : int(off[p])+n]
		}
	}
}
