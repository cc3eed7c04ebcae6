package grouper

import (
	"math"

	"github.com/hrgflow/hrgflow/schemas"
)

// SpellResult is the grouping of one spell (the official grouper's Spell
// fields). GroupSpell overwrites every field.
type SpellResult struct {
	// HRG is the spell HRG (SpellHRG); UZ01Z when any episode is UZ01Z.
	HRG HRG
	// Method is the spell grouping method flag.
	Method byte
	// DominantProcedure is the spell's dominant procedure, 0 for none.
	DominantProcedure schemas.OPCS4
	// PDiag is the spell primary diagnosis; SDiag the first secondary
	// diagnosis of the episode that supplied it.
	PDiag, SDiag schemas.ICD10
	// ReportEpisode is the index in the eps slice of the episode that gets
	// SpellReportFlag 1: the one that supplied the dominant procedure (P),
	// the spell primary diagnosis (D, M), the burn diagnosis (B), or the
	// first UZ01Z episode (U); -1 for a spell without episodes.
	ReportEpisode int
	// EpisodeCount is the number of episodes.
	EpisodeCount int32
	// LOS is the sum of the episodes' CalcEpidur (SpellLOS).
	LOS int32
	// CCScore is the spell CC score used by the split rules.
	CCScore int32
}

// GroupSpell groups a spell into r. eps are the spell's episodes in spell
// order (EPIORDER) and results[i] must be the GroupEpisode result of
// eps[i]. The spell pools its episodes (docs/design-format.md): any
// episode UZ01Z makes the spell UZ01Z; pre-grouping rules look at every
// diagnosis; the dominant procedure is taken across the spell (earliest
// episode, then position, on ties); otherwise the spell primary diagnosis
// (the first episode's, moving to the next episode's while it is flagged
// poor_primary) gives the root; the CC score pools every diagnosis; age,
// sex and admission come from the first episode; the length of stay is
// the sum of CalcEpidur. A non-nil tr records every decision; with a nil
// tr GroupSpell allocates nothing. It is safe for concurrent use.
func (t *Table) GroupSpell(eps []*schemas.Episode, results []EpisodeResult, r *SpellResult, tr *Trace) {
	*r = SpellResult{EpisodeCount: int32(len(eps)), ReportEpisode: -1, LOS: spellLOS(eps)}
	tr.add(step{kind: stSpell, a: int32(len(eps))})
	if len(eps) == 0 {
		tr.add(step{kind: stNoEpisodes})
		t.finishSpell(r, hrgUZ01Z, MethodError, tr)
		return
	}
	for i := range eps {
		if i < len(results) && (results[i].Method == MethodError || results[i].HRG == hrgUZ01Z) {
			tr.add(step{kind: stEpisodeUZ, ep: int16(i)})
			r.ReportEpisode = i
			t.finishSpell(r, hrgUZ01Z, MethodError, tr)
			return
		}
	}
	ev := evaluator{t: t, eps: eps, tr: tr, icdMask0: icdMask(eps[0]), opcsMask0: opcsMask(eps[0])}
	ev.spellPrimary()
	r.PDiag, r.SDiag = ev.primary, firstSecondary(eps[ev.primaryEp])
	root, method := ev.core()
	r.DominantProcedure = ev.dom
	if method == MethodError {
		r.ReportEpisode = ev.primaryEp
		t.finishSpell(r, hrgUZ01Z, MethodError, tr)
		return
	}
	r.CCScore = ev.ccScore(root)
	f := splitFacts(eps[0])
	f[axisCC], f[axisInterventions], f[axisLOS] = r.CCScore, ev.interventions, r.LOS
	h, ok := ev.split(root, &f)
	if !ok {
		method = MethodError
		h = hrgUZ01Z
	}
	r.ReportEpisode = ev.reportEpisode(method)
	t.finishSpell(r, h, method, tr)
}

func (t *Table) finishSpell(r *SpellResult, h HRG, method byte, tr *Trace) {
	r.HRG, r.Method = h, method
	if method == MethodError {
		r.CCScore = 0
	}
	tr.add(step{kind: stResult, hrg: h, a: int32(method)})
}

// reportEpisode is the episode that supplied the spell's grouping
// variable for method m.
func (ev *evaluator) reportEpisode(m byte) int {
	switch m {
	case MethodProcedure:
		return ev.domEp
	case MethodBurns:
		return ev.pregroupEp
	}
	return ev.primaryEp
}

// spellPrimary chooses the spell primary diagnosis: the first episode's,
// moving on while it is flagged poor_primary or blank; the first episode's
// when every one is.
func (ev *evaluator) spellPrimary() {
	for i, e := range ev.eps {
		c := e.ICD[0]
		if c != 0 && ev.t.class(c).flags&flagPoorPrimary == 0 {
			ev.primary, ev.primaryEp = c, i
			ev.tr.add(step{kind: stSpellPrimary, ep: int16(i), code: uint32(c)})
			return
		}
		ev.tr.add(step{kind: stPoorPrimary, ep: int16(i), code: uint32(c)})
	}
	ev.primary, ev.primaryEp = ev.eps[0].ICD[0], 0
	ev.tr.add(step{kind: stSpellPrimary, ep: 0, code: uint32(ev.primary)})
}

// firstSecondary returns the first secondary diagnosis of e, 0 for none.
func firstSecondary(e *schemas.Episode) schemas.ICD10 {
	for _, c := range e.ICD[1:] {
		if c != 0 {
			return c
		}
	}
	return 0
}

// spellLOS is the sum of the episodes' CalcEpidur.
func spellLOS(eps []*schemas.Episode) int32 {
	var n int64
	for _, e := range eps {
		n += int64(calcEpidur(e))
	}
	return int32(min(n, math.MaxInt32))
}
