package grouper

import (
	"slices"
	"sort"
)

// sortStable sorts s stably by less.
func sortStable[T any](s []T, less func(a, b T) bool) {
	sort.SliceStable(s, func(i, j int) bool { return less(s[i], s[j]) })
}

// compileCC gives every ICD-10 code a CC profile: the list of cc.csv rows
// naming it, interned, so that codes with the same memberships share one
// row of weights (one byte per subchapter with a list). A code listed
// twice for one subchapter is reported once per row.
func (c *compiler) compileCC() {
	t := c.t
	col := map[[2]byte]int{}
	for _, r := range c.d.cc {
		if _, ok := col[r.sub]; !ok {
			col[r.sub] = 0
			t.ccSubs = append(t.ccSubs, r.sub)
		}
	}
	slices.SortFunc(t.ccSubs, func(a, b [2]byte) int { return slices.Compare(a[:], b[:]) })
	for i, s := range t.ccSubs {
		col[s] = i
	}
	if c.tooManyRows(fileCC, len(c.d.cc)) {
		return
	}
	in := newInterner()
	for i, r := range c.d.cc {
		c.addCCRow(in, i, r)
	}
	if in.overflow {
		c.errorf(fileCC, 0, "codes", "too many distinct CC memberships")
	}
	c.ccWeights(in, col)
	for i := range t.roots {
		code := t.roots[i].code
		if j, ok := col[[2]byte{code[0], code[1]}]; ok {
			t.roots[i].sub = int16(j)
		}
	}
}

// ccWeights turns the interned row lists into rows of weights, one per
// distinct weight row (lists of different rows often weigh the same), and
// renumbers the codes' profiles accordingly.
func (c *compiler) ccWeights(in *interner, col map[[2]byte]int) {
	t := c.t
	width := len(t.ccSubs)
	ids := map[string]uint16{}
	remap := make([]uint16, len(in.sets))
	for id, set := range in.sets {
		w := make([]uint8, width)
		for _, ri := range set {
			w[col[c.d.cc[ri].sub]] = c.d.cc[ri].weight
		}
		p, ok := ids[string(w)]
		if !ok {
			p = uint16(len(ids))
			ids[string(w)] = p
			t.ccW = append(t.ccW, w...)
		}
		remap[id] = p
	}
	for i := range t.icd {
		t.icd[i].cc = remap[t.icd[i].cc]
	}
}

// addCCRow adds row i to the profile of each of its codes.
func (c *compiler) addCCRow(in *interner, i int, r ccRow) {
	t := c.t
	lastCur, clash := -1, -1
	reported := false
	for _, sp := range r.codes {
		for code := sp.lo; code <= sp.hi; code++ {
			cur := t.icd[code].cc
			if int(cur) != lastCur {
				lastCur, clash = int(cur), c.sameSub(in.sets[cur], r.sub)
			}
			if clash >= 0 {
				if !reported {
					reported = true
					c.errorf(fileCC, r.line, "codes", "%s is already on the %s list at line %d", code, string(r.sub[:]), c.d.cc[clash].line)
				}
				continue
			}
			t.icd[code].cc = in.add(cur, uint16(i), false)
		}
	}
}

// sameSub returns the row of list on subchapter sub, or -1.
func (c *compiler) sameSub(list []uint16, sub [2]byte) int {
	for _, ri := range list {
		if c.d.cc[ri].sub == sub {
			return int(ri)
		}
	}
	return -1
}

// compileExclusions gives every primary code of cc_exclusions.csv an
// exclusion group: the merged spans of the secondary codes every row
// naming it excludes.
func (c *compiler) compileExclusions() {
	t := c.t
	if c.tooManyRows(fileExclusions, len(c.d.exclusions)) {
		return
	}
	in := newInterner()
	for i, r := range c.d.exclusions {
		for _, sp := range r.primary {
			for code := sp.lo; code <= sp.hi; code++ {
				t.icd[code].excl = in.add(t.icd[code].excl, uint16(i), false)
			}
		}
	}
	if in.overflow {
		c.errorf(fileExclusions, 0, "primary", "too many distinct exclusion combinations")
	}
	for _, set := range in.sets {
		t.exclStart = append(t.exclStart, uint32(len(t.exclSpans)))
		var spans []icdSpan
		for _, ri := range set {
			spans = append(spans, c.d.exclusions[ri].excluded...)
		}
		t.exclSpans = append(t.exclSpans, mergeSpans(spans)...)
	}
	t.exclStart = append(t.exclStart, uint32(len(t.exclSpans)))
}
