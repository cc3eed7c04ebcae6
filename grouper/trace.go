package grouper

// Trace records the decisions of GroupEpisode and GroupSpell in order, for
// explain (WriteText). Each call appends to the trace, so one Trace can
// hold a spell's episodes followed by the spell; Reset empties it for
// reuse. Passing a nil *Trace records nothing and costs nothing.
//
// A Trace is owned by one goroutine at a time.
type Trace struct {
	steps []step
}

// Reset empties the trace, keeping its storage.
func (tr *Trace) Reset() {
	if tr != nil {
		tr.steps = tr.steps[:0]
	}
}

// Len returns the number of decisions recorded.
func (tr *Trace) Len() int {
	if tr == nil {
		return 0
	}
	return len(tr.steps)
}

// add records a step; it does nothing on a nil trace.
func (tr *Trace) add(s step) {
	if tr != nil {
		tr.steps = append(tr.steps, s)
	}
}

// on reports whether decisions are being recorded. Loops of the
// evaluator guard add with it: the step literal passed to add is built
// before add's nil check, even when inlined.
func (tr *Trace) on() bool { return tr != nil }

// stepKind says which decision a step records.
type stepKind uint8

// The decisions a trace records. Fields of step: ep and pos locate a
// code in the episode (ep is the episode's index in a spell), code is a
// packed code, a and b depend on the kind.
const (
	stEpisode       stepKind = iota + 1 // a: CalcEpidur
	stSpell                             // a: episodes
	stInvalid                           // the episode failed validation
	stEpisodeUZ                         // the spell's episode ep grouped to UZ01Z
	stNoEpisodes                        // a spell without episodes
	stSpellPrimary                      // ep, code: the spell primary diagnosis
	stPoorPrimary                       // ep, code: skipped as spell primary
	stBurn                              // a: pregroup rule; ep, pos, code: the burn
	stNoBurn                            // a: pregroup rule
	stSite                              // ep, pos, code; a: site number; b: 1 new, 0 already counted
	stTrauma                            // a: pregroup rule; b: distinct sites; code: primary
	stProc                              // ep, pos, code; a: row, -1 not in the design
	stProcCond                          // ep, pos, code; a: row skipped (primary not in when_diagnosis)
	stDominant                          // ep, pos, code; a: row
	stNoDominant                        //
	stPregroupUsed                      // a: pregroup rule that gives the root
	stProcRoot                          // code: dominant procedure; a: row; the root comes from it
	stDiagRoot                          // code: primary; a: class
	stUnmapped                          // code: primary (0 when blank)
	stNoCCList                          // a: root
	stCC                                // ep, pos, code; a: weight counted
	stCCExcluded                        // ep, pos, code; a: weight not counted
	stCCDuplicate                       // ep, pos, code; a: weight (already counted)
	stCCPrimary                         // ep, pos, code; a: weight (the primary itself)
	stCCScore                           // a: score; b: root
	stFact                              // a: axis; b: value
	stSplitNo                           // a: split rule; b: first axis not met
	stSplitYes                          // a: split rule
	stNoSplit                           // a: root
	stUnbundled                         // a: unbundled rule; b: multiplier; ep, pos, code for procedures
	stUnbundledFull                     // a: unbundled rule dropped (16 already)
	stResult                            // hrg; a: method
)

// step is one recorded decision.
type step struct {
	kind stepKind
	pos  int8
	ep   int16
	code uint32
	a, b int32
	hrg  HRG
}
