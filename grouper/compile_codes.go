package grouper

import (
	"github.com/hrgflow/hrgflow/schemas"
)

// maxRows bounds the rows of a table that compiles to uint16 row indices.
const maxRows = 0xFFFF

func (c *compiler) tooManyRows(file string, n int) bool {
	if n > maxRows {
		c.errorf(file, 0, "", "%d rows: at most %d are supported", n, maxRows)
		return true
	}
	return false
}

// compileDiagnoses fills the diagnosis class of every mapped ICD-10 code.
// A code two rows map is reported once per pair of rows.
func (c *compiler) compileDiagnoses() {
	t := c.t
	t.icd = make([]icdEntry, schemas.NumICD10)
	t.classes = []diagClass{{}}
	if c.tooManyRows(fileDiagnoses, len(c.d.diagnoses)) {
		return
	}
	classOf := map[diagClass]uint16{}
	owner := make([]uint16, schemas.NumICD10) // 1 + row index
	for i, r := range c.d.diagnoses {
		cl := diagClass{root: c.rootIdx[r.root], flags: r.flags, site: c.site(r)}
		id, ok := classOf[cl]
		if !ok {
			id = uint16(len(t.classes))
			classOf[cl] = id
			t.classes = append(t.classes, cl)
		}
		reported := map[uint16]bool{}
		for _, sp := range r.codes {
			for code := sp.lo; code <= sp.hi; code++ {
				if o := owner[code]; o != 0 {
					if !reported[o] {
						reported[o] = true
						c.errorf(fileDiagnoses, r.line, "codes", "%s is already mapped at line %d (a code is mapped once)", code, c.d.diagnoses[o-1].line)
					}
					continue
				}
				owner[code] = uint16(i + 1)
				t.icd[code].class = id
			}
		}
	}
}

// site returns the trauma site number of a diagnosis row (0 for none),
// numbering sites in order of first use.
func (c *compiler) site(r diagRow) uint8 {
	if r.site == "" {
		return 0
	}
	for i, s := range c.t.sites {
		if s == r.site {
			return uint8(i + 1)
		}
	}
	if len(c.t.sites) == 64 {
		c.errorf(fileDiagnoses, r.line, "trauma_site", "more than 64 distinct trauma sites")
		return 0
	}
	c.t.sites = append(c.t.sites, r.site)
	return uint8(len(c.t.sites))
}

// compileProcedures fills, for every OPCS-4 code, the list of rows tried
// in file order: conditional rows up to and including the first
// unconditional one. Rows after that for the same code are shadowed.
func (c *compiler) compileProcedures() {
	t := c.t
	t.procSet = make([]uint16, schemas.NumOPCS4)
	if c.tooManyRows(fileProcedures, len(c.d.procedures)) {
		return
	}
	in := newInterner()
	for i, r := range c.d.procedures {
		lo := uint32(len(t.when))
		t.when = append(t.when, mergeSpans(r.when)...)
		t.whenText = append(t.whenText, r.whenText)
		t.procRows = append(t.procRows, procInfo{
			line: int32(r.line), hier: r.hierarchy, flags: r.flags, root: c.rootOrNone(r.root),
			whenLo: lo, whenHi: uint32(len(t.when)),
		})
		var shadowed, total int
		var first schemas.OPCS4
		var by uint16
		for _, sp := range r.codes {
			for code := sp.lo; code <= sp.hi; code++ {
				total++
				cur := t.procSet[code]
				if in.closed[cur] {
					if shadowed == 0 {
						first, by = code, c.closer(in.sets[cur])
					}
					shadowed++
					continue
				}
				t.procSet[code] = in.add(cur, uint16(i), len(r.when) == 0)
			}
		}
		c.reportShadow(r, shadowed, total, first, by)
	}
	if in.overflow {
		c.errorf(fileProcedures, 0, "codes", "too many distinct row combinations")
	}
	t.procList = in.lists()
}

// closer returns the unconditional row that closes a procedure row list.
func (c *compiler) closer(list []uint16) uint16 {
	for _, ri := range list {
		if len(c.d.procedures[ri].when) == 0 {
			return ri
		}
	}
	return list[len(list)-1]
}

func (c *compiler) reportShadow(r procRow, shadowed, total int, first schemas.OPCS4, by uint16) {
	switch {
	case shadowed == 0:
	case shadowed == total:
		c.warnf(fileProcedures, r.line, "codes", "row never applies: every code is matched first by the row at line %d", c.d.procedures[by].line)
	default:
		c.warnf(fileProcedures, r.line, "codes", "%s and %d more codes are matched first by the row at line %d; this row does not apply to them",
			first, shadowed-1, c.d.procedures[by].line)
	}
}

func (c *compiler) rootOrNone(r [4]byte) uint16 {
	if r == ([4]byte{}) {
		return noRoot
	}
	return c.rootIdx[r]
}

// compileUnbundled lists, for every OPCS-4 code, the procedure triggers
// naming it, and keeps the day triggers in file order.
func (c *compiler) compileUnbundled() {
	t := c.t
	t.ubSet = make([]uint16, schemas.NumOPCS4)
	if c.tooManyRows(fileUnbundled, len(c.d.unbundled)) {
		return
	}
	in := newInterner()
	for i, r := range c.d.unbundled {
		t.unbundled = append(t.unbundled, ubRule{trigger: r.trigger, perDay: r.perDay, hrg: r.hrg, line: int32(r.line)})
		if r.trigger != trigProcedure {
			t.ubDays = append(t.ubDays, uint16(i))
			continue
		}
		for _, sp := range r.codes {
			for code := sp.lo; code <= sp.hi; code++ {
				t.ubSet[code] = in.add(t.ubSet[code], uint16(i), false)
			}
		}
	}
	if in.overflow {
		c.errorf(fileUnbundled, 0, "codes", "too many distinct row combinations")
	}
	t.ubList = in.lists()
}

// compilePregroup orders the pre-grouping rules by priority (file order
// among equals) and warns about rules no diagnosis can fire.
func (c *compiler) compilePregroup() {
	var burns, sites bool
	for _, cl := range c.t.classes {
		burns = burns || cl.flags&flagBurn != 0
		sites = sites || cl.site != 0
	}
	for _, r := range c.d.pregroup {
		c.t.pregroup = append(c.t.pregroup, pregroupRule{
			rule: r.rule, minSites: uint8(r.minSites), root: c.rootIdx[r.root],
			priority: int32(r.priority), line: int32(r.line),
		})
		switch {
		case r.rule == ruleBurns && !burns:
			c.warnf(filePregroup, r.line, "rule", "no diagnosis is flagged burn: this rule never fires")
		case r.rule == ruleMultipleTrauma && !sites:
			c.warnf(filePregroup, r.line, "rule", "no diagnosis has a trauma_site: this rule never fires")
		}
	}
	sortStable(c.t.pregroup, func(a, b pregroupRule) bool { return a.priority < b.priority })
}
