package grouper

import (
	"fmt"
	"math"
	"strings"
)

// compileSplits lays the split rules out root by root, by order, and
// checks each root's rules: a root something leads to needs rules, and
// every rule must be reachable.
func (c *compiler) compileSplits() {
	t := c.t
	byRoot := make([][]int, len(t.roots))
	for i, s := range c.d.splits {
		r := c.rootIdx[s.root]
		byRoot[r] = append(byRoot[r], i)
	}
	for r := range t.roots {
		rows := byRoot[r]
		sortStable(rows, func(a, b int) bool { return c.d.splits[a].order < c.d.splits[b].order })
		t.roots[r].lo = uint32(len(t.splits))
		for k, i := range rows {
			s := c.d.splits[i]
			if k > 0 && c.d.splits[rows[k-1]].order == s.order {
				c.errorf(fileSplits, s.line, "order", "root %s has two rules with order %d (line %d)", rootString(s.root), s.order, c.d.splits[rows[k-1]].line)
			}
			t.splits = append(t.splits, splitRule{cond: s.cond, hrg: s.hrg})
			t.splitMeta = append(t.splitMeta, splitMeta{root: uint16(r), order: int32(s.order), line: int32(s.line), label: s.label})
		}
		t.roots[r].hi = uint32(len(t.splits))
		c.checkRootRules(uint16(r), rows)
	}
}

func (c *compiler) checkRootRules(r uint16, rows []int) {
	code := rootString(c.t.roots[r].code)
	switch {
	case len(rows) == 0 && c.led[r]:
		file, line := c.firstUse(c.t.roots[r].code)
		c.errorf(fileSplits, 0, "root", "root %s (named at %s:%d) has no split rule", code, file, line)
		return
	case len(rows) == 0:
		return
	case !c.led[r]:
		c.warnf(fileSplits, c.d.splits[rows[0]].line, "root", "no diagnosis, procedure or pre-grouping rule leads to root %s", code)
	}
	c.checkReachable(code, rows)
	c.checkGaps(code, rows)
}

// firstUse returns the first row that leads to root.
func (c *compiler) firstUse(root [4]byte) (string, int) {
	for _, r := range c.d.diagnoses {
		if r.root == root {
			return fileDiagnoses, r.line
		}
	}
	for _, r := range c.d.procedures {
		if r.root == root {
			return fileProcedures, r.line
		}
	}
	for _, r := range c.d.pregroup {
		if r.root == root {
			return filePregroup, r.line
		}
	}
	return "", 0
}

// box is a region of the split condition space.
type box [numAxes]interval

// The values each axis can take. Unknown values (age -1, sex 0, admission
// 0) are part of fullDomain, which decides reachability (a catch-all rule
// after sex 1 and sex 2 still catches sex 9), but not of validDomain, which
// decides gaps (validation already rejects unknown ages and sexes).
var (
	fullDomain  = box{{0, math.MaxInt32}, {-1, 130}, {0, math.MaxInt32}, {0, 2}, {0, 2}, {0, math.MaxInt32}}
	validDomain = box{{0, math.MaxInt32}, {0, 130}, {0, math.MaxInt32}, {1, 2}, {1, 2}, {0, math.MaxInt32}}
)

// maxBoxes bounds the uncovered regions tracked per root; beyond it the
// checks give up silently (a root with that many rules is unusual).
const maxBoxes = 4096

// checkReachable reports rules whose every case an earlier rule catches.
func (c *compiler) checkReachable(code string, rows []int) {
	left := []box{fullDomain}
	for k, i := range rows {
		s := c.d.splits[i]
		b := box(s.cond)
		if !anyOverlap(left, b) {
			c.errorf(fileSplits, s.line, "order", "rule %d of %s is never reached: %s", s.order, code, c.coveredBy(rows[:k], b))
		}
		if left = subtractAll(left, b); len(left) > maxBoxes {
			return
		}
	}
}

// coveredBy says which earlier rules catch b's cases.
func (c *compiler) coveredBy(earlier []int, b box) string {
	var lines []string
	for _, i := range earlier {
		s := c.d.splits[i]
		if overlaps(box(s.cond), b) {
			if box(s.cond) == unbounded() {
				return fmt.Sprintf("the rule at line %d has no conditions", s.line)
			}
			lines = append(lines, fmt.Sprint(s.line))
		}
	}
	return "the rules at lines " + strings.Join(lines, ", ") + " catch every case it matches"
}

// checkGaps warns when some valid case matches none of a root's rules.
func (c *compiler) checkGaps(code string, rows []int) {
	left := []box{validDomain}
	for _, i := range rows {
		if left = subtractAll(left, box(c.d.splits[i].cond)); len(left) > maxBoxes {
			return
		}
	}
	if len(left) > 0 {
		last := c.d.splits[rows[len(rows)-1]]
		c.warnf(fileSplits, last.line, "", "the rules of %s leave a gap (such episodes group to UZ01Z): no rule matches %s",
			code, describeBox(left[0], validDomain))
	}
}

func unbounded() box {
	var b box
	for i := range b {
		b[i] = interval{math.MinInt32, math.MaxInt32}
	}
	return b
}

func overlaps(a, b box) bool {
	for i := range a {
		if a[i].hi < b[i].lo || b[i].hi < a[i].lo {
			return false
		}
	}
	return true
}

func anyOverlap(boxes []box, b box) bool {
	for _, a := range boxes {
		if overlaps(a, b) {
			return true
		}
	}
	return false
}

// subtractAll returns the parts of boxes outside b.
func subtractAll(boxes []box, b box) []box {
	var out []box
	for _, a := range boxes {
		out = subtract(out, a, b)
	}
	return out
}

// subtract appends to out the parts of a outside b, as disjoint boxes.
func subtract(out []box, a, b box) []box {
	if !overlaps(a, b) {
		return append(out, a)
	}
	for k := range a {
		if a[k].lo < b[k].lo {
			part := a
			part[k].hi = b[k].lo - 1
			out = append(out, part)
			a[k].lo = b[k].lo
		}
		if a[k].hi > b[k].hi {
			part := a
			part[k].lo = b[k].hi + 1
			out = append(out, part)
			a[k].hi = b[k].hi
		}
	}
	return out
}

// describeBox names the axes where b is narrower than domain.
func describeBox(b, domain box) string {
	var parts []string
	for k := range b {
		if b[k] != domain[k] {
			parts = append(parts, axisText(k, b[k]))
		}
	}
	return strings.Join(parts, ", ")
}

var axisNames = [numAxes]string{"cc", "age", "interventions", "admission", "sex", "los"}

// axisText describes an interval of axis k in words ("age 19+", "cc 0–1",
// "elective").
func axisText(k int, iv interval) string {
	switch k {
	case axisAdmission:
		names := [...]string{"admission unknown", "elective", "non_elective"}
		lo, hi := min(max(iv.lo, 0), 2), min(max(iv.hi, 0), 2)
		if lo == hi {
			return names[lo]
		}
		return names[lo] + " or " + names[hi]
	case axisSex:
		if iv.lo == iv.hi {
			return fmt.Sprintf("sex %d", iv.lo)
		}
		return fmt.Sprintf("sex %d–%d", iv.lo, iv.hi)
	}
	name := axisNames[k]
	switch {
	case iv.hi < 0:
		return name + " unknown"
	case iv.lo == iv.hi:
		return fmt.Sprintf("%s %d", name, iv.lo)
	case iv.hi == math.MaxInt32:
		return fmt.Sprintf("%s %d+", name, max(iv.lo, 0))
	}
	return fmt.Sprintf("%s %d–%d", name, max(iv.lo, 0), iv.hi)
}

// condText describes a rule's conditions ("cc 2+, age 19+"), "always" when
// it has none.
func condText(cond [numAxes]interval) string {
	var parts []string
	for k, iv := range cond {
		if iv != (interval{math.MinInt32, math.MaxInt32}) {
			parts = append(parts, axisText(k, iv))
		}
	}
	if len(parts) == 0 {
		return "always"
	}
	return strings.Join(parts, ", ")
}
