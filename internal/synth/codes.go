package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/hrgflow/hrgflow/internal/refdata"
)

// Restriction flags of a clinical code: who may have it and where.
const (
	onlyFemale   uint8 = 1 << iota // female patients only
	onlyMale                       // male patients only
	onlyMaternal                   // female patients aged 15 to 50 only
	onlyInfant                     // patients under one year only
	notPrimary                     // never the primary diagnosis or main procedure
)

// codeTable is a flat list of 4-character codes as HES writes them in
// DIAG_4_nn or OPERTN_4_nn, with their restriction flags.
type codeTable struct {
	codes [][4]byte
	flags []uint8
}

func (t *codeTable) add(c [4]byte, flags uint8) {
	t.codes = append(t.codes, c)
	t.flags = append(t.flags, flags)
}

// find returns the index of code c, or -1.
func (t *codeTable) find(c string) int32 {
	for i, k := range t.codes {
		if string(k[:]) == c {
			return int32(i)
		}
	}
	return -1
}

// diagnosisTable turns the ICD-10 list into unique DIAG_4 values: X filler
// for undivided 3-character codes (I10 → I10X), 5-character codes cut to
// four. It leaves out R69 (R69X is HES's "not known") and the "Emergency
// use" U placeholders.
func diagnosisTable(list []refdata.Code) codeTable {
	var t codeTable
	seen := make(map[[4]byte]bool, len(list))
	for _, c := range list {
		if c.Code == "R69" || strings.HasPrefix(c.Title, "Emergency use of") {
			continue
		}
		k := [4]byte{c.Code[0], c.Code[1], c.Code[2], 'X'}
		if len(c.Code) > 3 {
			k[3] = c.Code[3]
		}
		if !seen[k] {
			seen[k] = true
			t.add(k, diagnosisFlags(k))
		}
	}
	return t
}

// diagnosisFlags applies the sex and age rules of the validation
// checklist, and a few more of the same kind:
//   - women of child-bearing age: O chapter, pregnancy Z32-Z37 and Z39;
//   - women: C51-C58, N70-N98, D06, D25-D28, D39, E28;
//   - men: C60-C63, N40-N51, D29, D40, E29;
//   - infants: P chapter, Z38 (liveborn infants);
//   - never primary: external causes V01-Y98.
func diagnosisFlags(k [4]byte) uint8 {
	n := int(k[1]-'0')*10 + int(k[2]-'0')
	in := func(ch byte, lo, hi int) bool { return k[0] == ch && n >= lo && n <= hi }
	switch {
	case k[0] == 'O', in('Z', 32, 37), in('Z', 39, 39):
		return onlyFemale | onlyMaternal
	case k[0] == 'P', in('Z', 38, 38):
		return onlyInfant
	case in('C', 51, 58), in('N', 70, 98), in('D', 6, 6), in('D', 25, 28), in('D', 39, 39), in('E', 28, 28):
		return onlyFemale
	case in('C', 60, 63), in('N', 40, 51), in('D', 29, 29), in('D', 40, 40), in('E', 29, 29):
		return onlyMale
	case k[0] >= 'V' && k[0] <= 'Y':
		return notPrimary
	}
	return 0
}

// procedureTable holds the OPCS-4 codes less the X99 placeholders.
func procedureTable(list []refdata.Code) codeTable {
	var t codeTable
	for _, c := range list {
		if strings.HasPrefix(c.Code, "X99") {
			continue
		}
		t.add([4]byte{c.Code[0], c.Code[1], c.Code[2], c.Code[3]}, procedureFlags(c.Code[0]))
	}
	return t
}

// procedureFlags restricts the genital and obstetric chapters (N male; P,
// Q female; R pregnancy) and keeps the subsidiary Y and Z chapters out of
// the main procedure.
func procedureFlags(chapter byte) uint8 {
	switch chapter {
	case 'N':
		return onlyMale
	case 'P', 'Q':
		return onlyFemale
	case 'R':
		return onlyFemale | onlyMaternal
	case 'Y', 'Z':
		return notPrimary
	}
	return 0
}

// who is the patient a code is drawn for.
type who struct {
	sex    byte // '1', '2' or '9'
	age    int  // whole years
	infant bool // under one year
}

// allows reports whether a code with flags suits w, as primary or not.
func (w who) allows(flags uint8, primary bool) bool {
	switch {
	case flags&onlyFemale != 0 && w.sex != '2',
		flags&onlyMale != 0 && w.sex != '1',
		flags&onlyMaternal != 0 && (w.age < 15 || w.age > 50),
		flags&onlyInfant != 0 && !w.infant,
		flags&notPrimary != 0 && primary:
		return false
	}
	return true
}

// ranked draws indexes of a codeTable with a Zipf-like frequency: the
// table is shuffled once, and rank r of the shuffled order is drawn with
// probability proportional to (v+r)^-s.
type ranked struct {
	order []int32
	zipf  *rand.Zipf
}

func newRanked(r *rand.Rand, n int, keep func(i int) bool, s, v float64) (ranked, error) {
	order := make([]int32, 0, n)
	for i := range n {
		if keep == nil || keep(i) {
			order = append(order, int32(i))
		}
	}
	if len(order) == 0 {
		return ranked{}, fmt.Errorf("synth: empty code list")
	}
	r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	return ranked{order: order, zipf: rand.NewZipf(r, s, v, uint64(len(order)-1))}, nil
}

// maxDraws bounds the redraws for a code that suits the patient; the
// fallback then walks the ranked order.
const maxDraws = 64

// draw returns a code index suiting w that is not already in taken.
func (rk *ranked) draw(t *codeTable, w who, primary bool, taken []int32) int32 {
	for range maxDraws {
		c := rk.order[rk.zipf.Uint64()]
		if w.allows(t.flags[c], primary) && !contains(taken, c) {
			return c
		}
	}
	for _, c := range rk.order {
		if w.allows(t.flags[c], primary) && !contains(taken, c) {
			return c
		}
	}
	return -1
}

func contains(s []int32, v int32) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
