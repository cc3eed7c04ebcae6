package grouper

import (
	"slices"

	"github.com/hrgflow/hrgflow/schemas"
)

// Table is a compiled grouping design: dense slices indexed by packed
// code, rules as small structs linked by index. It is built by Compile (or
// Demo), is immutable afterwards, and is safe for concurrent use by any
// number of goroutines; grouping allocates nothing. Share one Table across
// all workers.
type Table struct {
	manifest Manifest
	hrgs     []hrgInfo  // sorted by code
	roots    []rootInfo // sorted by code

	icd     []icdEntry  // indexed by schemas.ICD10
	classes []diagClass // [0] is the unmapped class
	sites   []string    // trauma site names; a class's site s means sites[s-1]

	procSet  []uint16 // indexed by schemas.OPCS4: procedure row list (0 none)
	procList lists    // rows tried in file order, up to the first unconditional
	procRows []procInfo
	when     []icdSpan // when_diagnosis spans of procRows (sorted, merged)
	whenText []string  // when_diagnosis of each procRow as written, for explain

	pregroup []pregroupRule // by priority

	ccSubs [][2]byte // the subchapters with a CC list, one weight column each
	ccW    []uint8   // weight of profile p on subchapter column s: ccW[p*len(ccSubs)+s]

	exclStart []uint32  // exclusion group g: exclSpans[exclStart[g]:exclStart[g+1]]
	exclSpans []icdSpan // secondary codes not counted, sorted and merged

	splits    []splitRule // grouped by root, by order: what grouping reads
	splitMeta []splitMeta // the same rules' root, order, line and label, for explain

	ubSet     []uint16 // indexed by schemas.OPCS4: unbundled procedure rule list (0 none)
	ubList    lists
	unbundled []ubRule
	ubDays    []uint16 // day-trigger rules in file order
}

// icdEntry is what the table knows of one packed ICD-10 code.
type icdEntry struct {
	class uint16 // diagnosis class (root and flags), 0 unmapped
	cc    uint16 // CC profile: weights per subchapter
	excl  uint16 // CC exclusion group when the code is primary, 0 none
}

// diagClass is a distinct (root, flags, trauma site) of diagnoses.csv.
type diagClass struct {
	root  uint16
	flags uint8
	site  uint8 // 0 none, else 1 + index into Table.sites
}

// noRoot marks a procedure row without a root.
const noRoot = 0xFFFF

// procInfo is one compiled row of procedures.csv.
type procInfo struct {
	line           int32
	hier           uint8
	flags          uint8
	root           uint16 // noRoot when blank
	whenLo, whenHi uint32 // when_diagnosis spans in Table.when; equal when unconditional
}

// rootInfo is one root with its split rules and CC column.
type rootInfo struct {
	code   [4]byte
	sub    int16 // CC column of the root's subchapter, -1 when it has no list
	lo, hi uint32
}

// splitRule is what grouping reads of one row of splits.csv (kept small:
// a root's rules are scanned in order).
type splitRule struct {
	cond [numAxes]interval
	hrg  HRG
}

// splitMeta is the rest of a row of splits.csv, for explain and Dump.
type splitMeta struct {
	root  uint16
	order int32
	line  int32
	label string
}

// pregroupRule is one compiled row of pregroup.csv.
type pregroupRule struct {
	rule     uint8
	minSites uint8
	root     uint16
	priority int32
	line     int32
}

// ubRule is one compiled row of unbundled.csv.
type ubRule struct {
	trigger uint8
	perDay  bool
	hrg     HRG
	line    int32
}

// hrgInfo is one row of hrgs.csv.
type hrgInfo struct {
	code  HRG
	label string
	line  int32
}

// lists is a list of uint16 lists stored flat: list i is
// items[start[i]:start[i+1]].
type lists struct {
	start []uint32
	items []uint16
}

func (l *lists) at(i uint16) []uint16 { return l.items[l.start[i]:l.start[i+1]] }

// Manifest returns the manifest of the design the table was compiled from.
func (t *Table) Manifest() Manifest { return t.manifest }

// HRGs returns every HRG of hrgs.csv in code order, in a new slice.
func (t *Table) HRGs() []HRG {
	out := make([]HRG, len(t.hrgs))
	for i, h := range t.hrgs {
		out[i] = h.code
	}
	return out
}

// HRGLabel returns the label of h in hrgs.csv, "" when h is not listed.
func (t *Table) HRGLabel(h HRG) string {
	if i, ok := t.hrgIndex(h); ok {
		return t.hrgs[i].label
	}
	return ""
}

func (t *Table) hrgIndex(h HRG) (int, bool) {
	return slices.BinarySearchFunc(t.hrgs, h, func(a hrgInfo, h HRG) int { return compareHRG(a.code, h) })
}

func compareHRG(a, b HRG) int { return slices.Compare(a[:], b[:]) }

// DiagnosisMapped reports whether c has a root in diagnoses.csv.
func (t *Table) DiagnosisMapped(c schemas.ICD10) bool {
	return int(c) < len(t.icd) && t.icd[c].class != 0
}

// ProcedureMapped reports whether a row of procedures.csv matches c
// (conditional rows included).
func (t *Table) ProcedureMapped(c schemas.OPCS4) bool {
	return int(c) < len(t.procSet) && t.procSet[c] != 0
}

// rootCode returns the text form of root index r.
func (t *Table) rootCode(r uint16) [4]byte {
	if int(r) >= len(t.roots) {
		return [4]byte{}
	}
	return t.roots[r].code
}
