package grouper

import (
	"math/bits"

	"github.com/hrgflow/hrgflow/schemas"
)

// evaluator holds the state of grouping one episode or one spell: the
// episodes pooled (one for an episode) and what was decided so far. It
// lives on the caller's stack.
type evaluator struct {
	t         *Table
	eps       []*schemas.Episode
	tr        *Trace
	primary   schemas.ICD10 // the (spell) primary diagnosis
	primaryEp int           // the episode that supplied it

	dom           schemas.OPCS4 // dominant procedure, 0 none
	domRow        int32
	domEp         int
	interventions int32
	pregroupEp    int // episode of the burn that fired a burns rule

	// The positions of eps[0] that hold a diagnosis or a procedure
	// (icdMask, opcsMask), read once.
	icdMask0, opcsMask0 uint32
}

// The masks hold a bit per position.
const _ = uint(32-schemas.MaxDiagnoses) | uint(32-schemas.MaxProcedures)

// icdMask and opcsMask read positions in blocks of four.
const _ = -uint(schemas.MaxDiagnoses%4) | -uint(schemas.MaxProcedures%4)

// diagnoses returns the positions of episode i that hold a diagnosis.
func (ev *evaluator) diagnoses(i int) uint32 {
	if i == 0 {
		return ev.icdMask0
	}
	return icdMask(ev.eps[i])
}

// procs returns the positions of episode i that hold a procedure.
func (ev *evaluator) procs(i int) uint32 {
	if i == 0 {
		return ev.opcsMask0
	}
	return opcsMask(ev.eps[i])
}

// core decides the root and the method: a pre-grouping rule, else the
// dominant procedure, else the primary diagnosis. Method MethodError
// means the primary diagnosis has no mapping.
func (ev *evaluator) core() (root uint16, method byte) {
	t, tr := ev.t, ev.tr
	pr, pm := ev.pregroup()
	ev.procedures()
	switch {
	case pm != 0:
		tr.add(step{kind: stPregroupUsed, a: int32(pr)})
		return t.pregroup[pr].root, pm
	case ev.dom != 0:
		tr.add(step{kind: stProcRoot, code: uint32(ev.dom), a: ev.domRow})
		return t.procRows[ev.domRow].root, MethodProcedure
	}
	c := ev.primary
	if int(c) >= len(t.icd) || t.icd[c].class == 0 {
		tr.add(step{kind: stUnmapped, code: uint32(c), ep: int16(ev.primaryEp)})
		return noRoot, MethodError
	}
	cl := t.icd[c].class
	tr.add(step{kind: stDiagRoot, code: uint32(c), a: int32(cl), ep: int16(ev.primaryEp)})
	return t.classes[cl].root, MethodDiagnosis
}

// class returns the diagnosis class of c (0 for unmapped or unusable).
func (t *Table) class(c schemas.ICD10) *diagClass {
	if int(c) >= len(t.icd) {
		return &t.classes[0]
	}
	return &t.classes[t.icd[c].class]
}

// pregroup tries the pre-grouping rules by priority and returns the rule
// that fires and its method, or method 0.
func (ev *evaluator) pregroup() (rule int, method byte) {
	t := ev.t
	if len(t.pregroup) == 0 {
		return 0, 0
	}
	burnEp, burnPos, burn, sites := ev.scanDiagnoses()
	primarySite := t.class(ev.primary).site
	for i := range t.pregroup {
		p := &t.pregroup[i]
		switch p.rule {
		case ruleBurns:
			if burnEp < 0 {
				if ev.tr.on() {
					ev.tr.add(step{kind: stNoBurn, a: int32(i)})
				}
				continue
			}
			if ev.tr.on() {
				ev.tr.add(step{kind: stBurn, a: int32(i), ep: int16(burnEp), pos: int8(burnPos), code: uint32(burn)})
			}
			ev.pregroupEp = burnEp
			return i, MethodBurns
		case ruleMultipleTrauma:
			n := int32(bits.OnesCount64(sites))
			if ev.tr.on() {
				ev.tr.add(step{kind: stTrauma, a: int32(i), b: n, code: uint32(ev.primary)})
			}
			if primarySite != 0 && n >= int32(p.minSites) {
				ev.pregroupEp = ev.primaryEp
				return i, MethodTrauma
			}
		}
	}
	return 0, 0
}

// scanDiagnoses finds the first burn diagnosis and the set of distinct
// trauma sites among all diagnoses, tracing each site-bearing code.
func (ev *evaluator) scanDiagnoses() (burnEp, burnPos int, burn schemas.ICD10, sites uint64) {
	t := ev.t
	burnEp = -1
	for i, e := range ev.eps {
		for m := ev.diagnoses(i); m != 0; m &= m - 1 {
			p := bits.TrailingZeros32(m)
			c := e.ICD[p]
			cl := t.class(c)
			if cl.flags&flagBurn != 0 && burnEp < 0 {
				burnEp, burnPos, burn = i, p, c
			}
			bit := uint64(1) << (cl.site - 1) // 0 for site 0: Go shifts of 64 or more give 0
			if ev.tr.on() && bit != 0 {
				ev.tr.add(step{kind: stSite, ep: int16(i), pos: int8(p), code: uint32(c), a: int32(cl.site), b: b2i(sites&bit == 0)})
			}
			sites |= bit
		}
	}
	return burnEp, burnPos, burn, sites
}

func b2i(b bool) int32 {
	if b {
		return 1
	}
	return 0
}

// procRow returns the procedures.csv row that applies to c when the
// primary diagnosis is primary: the first row naming c whose
// when_diagnosis is blank or holds primary; -1 for none.
func (ev *evaluator) procRow(c schemas.OPCS4, primary schemas.ICD10, ep, pos int) int32 {
	t := ev.t
	if int(c) >= len(t.procSet) || t.procSet[c] == 0 {
		return -1
	}
	for _, ri := range t.procList.at(t.procSet[c]) {
		row := &t.procRows[ri]
		if row.whenLo == row.whenHi || inSpans(t.when[row.whenLo:row.whenHi], primary) {
			return int32(ri)
		}
		if ev.tr.on() {
			ev.tr.add(step{kind: stProcCond, ep: int16(ep), pos: int8(pos), code: uint32(c), a: int32(ri)})
		}
	}
	return -1
}

// procedures finds the dominant procedure (highest hierarchy among
// grouping procedures, earliest episode and position on ties) and counts
// the distinct procedures flagged intervention. Conditional rows
// (when_diagnosis) are decided by the primary diagnosis: the episode's, or
// the spell primary diagnosis for a spell.
func (ev *evaluator) procedures() {
	t := ev.t
	var best uint8
	for i, e := range ev.eps {
		for m := ev.procs(i); m != 0; m &= m - 1 {
			p := bits.TrailingZeros32(m)
			c := e.OPCS[p]
			ri := ev.procRow(c, ev.primary, i, p)
			if ev.tr.on() {
				ev.tr.add(step{kind: stProc, ep: int16(i), pos: int8(p), code: uint32(c), a: ri})
			}
			if ri < 0 {
				continue
			}
			row := &t.procRows[ri]
			if row.flags&flagIntervention != 0 && !ev.seenProc(i, p, c) {
				ev.interventions++
			}
			if row.hier > best && row.flags&flagNonGrouping == 0 && row.root != noRoot {
				best, ev.dom, ev.domRow, ev.domEp = row.hier, c, ri, i
			}
		}
	}
	if ev.dom == 0 {
		ev.tr.add(step{kind: stNoDominant})
		return
	}
	ev.tr.add(step{kind: stDominant, ep: int16(ev.domEp), code: uint32(ev.dom), a: ev.domRow})
}

// seenProc reports whether c occurs before position p of episode i.
func (ev *evaluator) seenProc(i, p int, c schemas.OPCS4) bool {
	for j := 0; j < i; j++ {
		if seenOPCS(ev.eps[j].OPCS[:], c) {
			return true
		}
	}
	return seenOPCS(ev.eps[i].OPCS[:p], c)
}

// seenDiag reports whether c occurs before position p of episode i.
func (ev *evaluator) seenDiag(i, p int, c schemas.ICD10) bool {
	for j := 0; j <= i; j++ {
		d := ev.eps[j].ICD[:]
		if j == i {
			d = d[:p]
		}
		for _, x := range d {
			if x == c {
				return true
			}
		}
	}
	return false
}

// ccScore sums the weights, on the CC list of the root's subchapter, of
// the distinct diagnoses other than the primary, leaving out those the
// primary's CC exclusions name.
func (ev *evaluator) ccScore(root uint16) int32 {
	t := ev.t
	col := t.roots[root].sub
	if col < 0 {
		ev.tr.add(step{kind: stNoCCList, a: int32(root)})
		return 0
	}
	var excl []icdSpan
	if int(ev.primary) < len(t.icd) {
		g := t.icd[ev.primary].excl
		excl = t.exclSpans[t.exclStart[g]:t.exclStart[g+1]]
	}
	width := len(t.ccSubs)
	var score int32
	for i, e := range ev.eps {
		for m := ev.diagnoses(i); m != 0; m &= m - 1 {
			p := bits.TrailingZeros32(m)
			c := e.ICD[p]
			if int(c) >= len(t.icd) {
				continue
			}
			w := int32(t.ccW[int(t.icd[c].cc)*width+int(col)])
			if w == 0 {
				continue
			}
			kind := stCC
			switch {
			case c == ev.primary:
				kind = stCCPrimary
			case ev.seenDiag(i, p, c):
				kind = stCCDuplicate
			case inSpans(excl, c):
				kind = stCCExcluded
			default:
				score += w
			}
			if ev.tr.on() {
				ev.tr.add(step{kind: kind, ep: int16(i), pos: int8(p), code: uint32(c), a: w})
			}
		}
	}
	ev.tr.add(step{kind: stCCScore, a: score, b: int32(root)})
	return score
}

// split returns the HRG of the root's first split rule whose conditions
// hold for the facts f (all axes filled in).
func (ev *evaluator) split(root uint16, f *[numAxes]int32) (HRG, bool) {
	t, tr := ev.t, ev.tr
	if tr.on() {
		for k, v := range f {
			tr.add(step{kind: stFact, a: int32(k), b: v})
		}
	}
	ri := t.roots[root]
	for i := ri.lo; i < ri.hi; i++ {
		s := &t.splits[i]
		if !s.holds(f) {
			if tr.on() {
				tr.add(step{kind: stSplitNo, a: int32(i), b: int32(s.fails(f))})
			}
			continue
		}
		tr.add(step{kind: stSplitYes, a: int32(i)})
		return s.hrg, true
	}
	tr.add(step{kind: stNoSplit, a: int32(root)})
	return HRG{}, false
}

// holds reports whether f meets every condition of s. It tests all six
// axes without branching (a branch per axis would often be mispredicted),
// unrolled by hand: the compiler does not unroll loops.
func (s *splitRule) holds(f *[numAxes]int32) bool {
	c := &s.cond
	return in(f[0], c[0])&in(f[1], c[1])&in(f[2], c[2])&in(f[3], c[3])&in(f[4], c[4])&in(f[5], c[5]) != 0
}

// in is 1 when v lies in iv, else 0.
func in(v int32, iv interval) uint32 { return b2u(v >= iv.lo) & b2u(v <= iv.hi) }

// The unrolled holds tests six axes.
const _ = uint(numAxes-6) | uint(6-numAxes)

// fails returns the first axis whose condition f does not meet, -1 when
// all hold.
func (s *splitRule) fails(f *[numAxes]int32) int {
	for k := range f {
		if f[k] < s.cond[k].lo || f[k] > s.cond[k].hi {
			return k
		}
	}
	return -1
}
