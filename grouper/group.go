package grouper

import (
	"math"
	"math/bits"

	"github.com/hrgflow/hrgflow/schemas"
)

// MaxUnbundled is the number of unbundled HRGs an EpisodeResult holds;
// further ones are dropped (and traced).
const MaxUnbundled = 16

// Unbundled is an HRG output beside the core HRG.
type Unbundled struct {
	// HRG is the unbundled HRG (VC40Z).
	HRG HRG
	// Multiplier is the day count of a per-day HRG (VC40Z*5), 0 for none.
	Multiplier int32
}

// EpisodeResult is the grouping of one episode (the official grouper's
// FCE fields). GroupEpisode overwrites every field.
type EpisodeResult struct {
	// HRG is the episode's HRG (FCE_HRG); UZ01Z when it cannot be grouped.
	HRG HRG
	// Method is the grouping method flag: MethodProcedure, MethodDiagnosis,
	// MethodBurns, MethodTrauma or MethodError.
	Method byte
	// Root is the root the HRG was split from, zero for UZ01Z.
	Root [4]byte
	// DominantProcedure is the grouping procedure with the highest
	// hierarchy (earliest on ties), 0 when there is none. It is filled
	// whenever the episode is grouped, also when a pre-grouping rule gave
	// the root.
	DominantProcedure schemas.OPCS4
	// CCScore is the CC score used by the split rules.
	CCScore int32
	// CalcEpidur is EPIDUR − (CRITICALCAREDAYS + REHABILITATIONDAYS +
	// SPCDAYS), floored at 0; when EPIDUR is missing, EPIEND − EPISTART
	// when both dates are valid, else 0.
	CalcEpidur int32
	// Unbundled holds the unbundled HRGs, NUnbundled of them, in the
	// order of docs/design-format.md.
	Unbundled  [MaxUnbundled]Unbundled
	NUnbundled uint8
}

// UnbundledHRGs returns the unbundled HRGs held in r.
func (r *EpisodeResult) UnbundledHRGs() []Unbundled { return r.Unbundled[:r.NUnbundled] }

// GroupEpisode groups one episode into r, following the algorithm of
// docs/design-format.md: validation error → UZ01Z; pre-grouping rules;
// dominant procedure; primary diagnosis; CC score; split rules; unbundled
// HRGs. It reads e.ICD and e.OPCS (filled by validation), STARTAGE, SEX,
// ADMIMETH, EPIDUR, the episode dates, the three day counts and
// e.Str[schemas.Severity]. A non-nil tr records every decision; with a nil
// tr GroupEpisode allocates nothing. It is safe for concurrent use.
func (t *Table) GroupEpisode(e *schemas.Episode, r *EpisodeResult, tr *Trace) {
	// Read everything grouping needs of the episode up front, without
	// branching on it: an episode is 3 KiB and often not in cache, and
	// loads issued together overlap instead of waiting one after another.
	ev := evaluator{t: t, eps: []*schemas.Episode{e}, tr: tr, primary: e.ICD[0], icdMask0: icdMask(e), opcsMask0: opcsMask(e)}
	f := splitFacts(e)
	*r = EpisodeResult{CalcEpidur: calcEpidur(e)}
	tr.add(step{kind: stEpisode, a: r.CalcEpidur})
	if e.Str[schemas.Severity] == "error" {
		tr.add(step{kind: stInvalid})
		t.finish(r, hrgUZ01Z, MethodError, tr)
		return
	}
	root, method := ev.core()
	r.DominantProcedure = ev.dom
	if method == MethodError {
		t.finish(r, hrgUZ01Z, MethodError, tr)
		return
	}
	r.CCScore = ev.ccScore(root)
	f[axisCC], f[axisInterventions], f[axisLOS] = r.CCScore, ev.interventions, r.CalcEpidur
	h, ok := ev.split(root, &f)
	if !ok {
		t.finish(r, hrgUZ01Z, MethodError, tr)
		return
	}
	r.Root = t.roots[root].code
	t.unbundle(e, ev.opcsMask0, r, tr)
	t.finish(r, h, method, tr)
}

func (t *Table) finish(r *EpisodeResult, h HRG, method byte, tr *Trace) {
	r.HRG, r.Method = h, method
	if method == MethodError {
		r.Root, r.CCScore, r.DominantProcedure, r.NUnbundled = [4]byte{}, 0, 0, 0
	}
	tr.add(step{kind: stResult, hrg: h, a: int32(method)})
}

// unbundle adds the unbundled HRGs of every trigger that fires: procedure
// triggers for each distinct procedure in position order (every rule
// naming it, in file order), then day triggers in file order.
// present holds e's procedure positions.
func (t *Table) unbundle(e *schemas.Episode, present uint32, r *EpisodeResult, tr *Trace) {
	for m := present; m != 0; m &= m - 1 {
		p := bits.TrailingZeros32(m)
		c := e.OPCS[p]
		if int(c) >= len(t.ubSet) || t.ubSet[c] == 0 || seenOPCS(e.OPCS[:p], c) {
			continue
		}
		for _, ri := range t.ubList.at(t.ubSet[c]) {
			t.emit(r, tr, step{kind: stUnbundled, a: int32(ri), pos: int8(p), code: uint32(c)})
		}
	}
	for _, ri := range t.ubDays {
		u := &t.unbundled[ri]
		days := nonNull(e.Int[dayField[u.trigger]])
		if days <= 0 {
			continue
		}
		s := step{kind: stUnbundled, a: int32(ri)}
		if u.perDay {
			s.b = days
		}
		t.emit(r, tr, s)
	}
}

// dayField is the episode slot of each day trigger.
var dayField = [...]int{
	trigRehab: schemas.REHABILITATIONDAYS, trigPalliative: schemas.SPCDAYS, trigCritical: schemas.CRITICALCAREDAYS,
	trigProcedure: schemas.REHABILITATIONDAYS, // unused
}

func (t *Table) emit(r *EpisodeResult, tr *Trace, s step) {
	if r.NUnbundled == MaxUnbundled {
		s.kind = stUnbundledFull
		tr.add(s)
		return
	}
	r.Unbundled[r.NUnbundled] = Unbundled{HRG: t.unbundled[s.a].hrg, Multiplier: s.b}
	r.NUnbundled++
	tr.add(s)
}

func seenOPCS(earlier []schemas.OPCS4, c schemas.OPCS4) bool {
	for _, x := range earlier {
		if x == c {
			return true
		}
	}
	return false
}

// nonNull returns v, or 0 for a missing value.
func nonNull(v int32) int32 {
	if v == schemas.NullInt {
		return 0
	}
	return v
}

// calcEpidur is the episode's length of stay less critical care,
// rehabilitation and specialist palliative care days, floored at 0.
func calcEpidur(e *schemas.Episode) int32 {
	d := int64(e.Int[schemas.EPIDUR])
	if e.Int[schemas.EPIDUR] == schemas.NullInt {
		d = 0
		if s, f := e.Date[schemas.EPISTART], e.Date[schemas.EPIEND]; s.Valid() && f.Valid() {
			d = int64(f) - int64(s)
		}
	}
	d -= int64(nonNull(e.Int[schemas.CRITICALCAREDAYS])) + int64(nonNull(e.Int[schemas.REHABILITATIONDAYS])) +
		int64(nonNull(e.Int[schemas.SPCDAYS]))
	return int32(min(max(d, 0), math.MaxInt32))
}

// splitFacts returns the split axes that come from the episode alone:
// age, admission and sex. The others are filled in later.
func splitFacts(e *schemas.Episode) [numAxes]int32 {
	return [numAxes]int32{
		axisAge: ageYears(e.Int[schemas.STARTAGE]), axisAdmission: admission(e.Str[schemas.ADMIMETH]), axisSex: sexValue(e.Str[schemas.SEX]),
	}
}

// ageYears maps STARTAGE to whole years: infant codes 7001–7007 are 0,
// anything else outside 0–130 (999, missing) is unknown, -1.
func ageYears(a int32) int32 {
	switch {
	case a >= 0 && a <= 130:
		return a
	case a >= 7001 && a <= 7007:
		return 0
	}
	return -1
}

// admission maps ADMIMETH to the admission axis: 11–13 elective, blank,
// 98 and 99 unknown, anything else non-elective. Two-character values,
// the usual case, are decided without branching on the characters.
func admission(m string) int32 {
	if len(m) != 2 {
		if m == "" {
			return admUnknown
		}
		return admNonElective
	}
	k := uint32(m[0])<<8 | uint32(m[1])
	elective := b2u(k-('1'<<8|'1') <= 2) // 11, 12, 13
	unknown := b2u(k-('9'<<8|'8') <= 1)  // 98, 99
	return admNonElective - (admNonElective-admElective)*int32(elective) - (admNonElective-admUnknown)*int32(unknown)
}

// sexValue maps SEX to the sex axis: 1, 2, or 0 for anything else.
func sexValue(s string) int32 {
	if len(s) != 1 {
		return 0
	}
	d := uint32(s[0]) - '0'
	return int32(d * b2u(d-1 <= 1))
}

// icdMask returns the positions of e's diagnoses that hold a code, bit p
// for e.ICD[p].
func icdMask(e *schemas.Episode) uint32 {
	a := e.ICD // one copy loads the array's cache lines together
	var m uint32
	for p := 0; p < len(a); p += 4 {
		m |= mask4(a[p], a[p+1], a[p+2], a[p+3]) << p
	}
	return m
}

// opcsMask returns the positions of e's procedures that hold a code.
func opcsMask(e *schemas.Episode) uint32 {
	a := e.OPCS
	var m uint32
	for p := 0; p < len(a); p += 4 {
		m |= mask4(uint32(a[p]), uint32(a[p+1]), uint32(a[p+2]), uint32(a[p+3])) << p
	}
	return m
}

// mask4 returns a bit per non-zero argument. Codes fill the first
// positions and the rest are empty, so skipping empty blocks of four is a
// well-predicted branch that saves the per-position work.
func mask4[T ~uint32](a, b, c, d T) uint32 {
	if a|b|c|d == 0 {
		return 0
	}
	return b2u(a != 0) | b2u(b != 0)<<1 | b2u(c != 0)<<2 | b2u(d != 0)<<3
}

// b2u is 1 for true, 0 for false (compiled to a flag set, not a branch).
func b2u(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}
