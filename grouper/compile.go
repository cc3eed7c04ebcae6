package grouper

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
)

// Compile checks a loaded design and indexes it into an immutable Table.
//
// It reports every problem as a Diagnostic: errors (an HRG named anywhere
// but not listed in hrgs.csv, a missing UZ01Z, a code mapped twice in
// diagnoses.csv or listed twice on one subchapter's CC list, a root
// without split rules, a split rule that can never be reached, two split
// rules of a root with the same order) and warnings (a procedures.csv row
// shadowed by an earlier unconditional row, a root whose split rules leave
// a gap, split rules of a root nothing leads to, a pre-grouping rule no
// diagnosis can fire). When any diagnostic is an error, Compile returns a
// nil Table and an error listing every error diagnostic; the warnings are
// returned in both cases.
func Compile(d *Design) (*Table, []Diagnostic, error) {
	c := &compiler{d: d, t: &Table{manifest: d.manifest}}
	c.compileHRGs()
	c.collectRoots()
	c.compileDiagnoses()
	c.compileProcedures()
	c.compilePregroup()
	c.compileCC()
	c.compileExclusions()
	c.compileSplits()
	c.compileUnbundled()
	var errs []error
	for _, dg := range c.diags {
		if !dg.Warning {
			errs = append(errs, dg)
		}
	}
	if len(errs) > 0 {
		if c.dropped > 0 {
			errs = append(errs, fmt.Errorf("… and %d more problems", c.dropped))
		}
		return nil, c.diags, fmt.Errorf("design %q: %d errors:\n%w", d.manifest.Name, len(errs), errors.Join(errs...))
	}
	return c.t, c.diags, nil
}

// compiler holds the state of one Compile.
type compiler struct {
	d       *Design
	t       *Table
	diags   []Diagnostic
	dropped int
	rootIdx map[[4]byte]uint16
	led     []bool // root is named by a mapping or pre-grouping rule
}

// report adds a diagnostic; warn marks a warning.
func (c *compiler) report(warn bool, file string, line int, field, format string, args ...any) {
	if len(c.diags) >= maxErrors {
		c.dropped++
		return
	}
	if c.d.dir != "" {
		file = filepath.Join(c.d.dir, file)
	}
	c.diags = append(c.diags, Diagnostic{File: file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...), Warning: warn})
}

func (c *compiler) errorf(file string, line int, field, format string, args ...any) {
	c.report(false, file, line, field, format, args...)
}

func (c *compiler) warnf(file string, line int, field, format string, args ...any) {
	c.report(true, file, line, field, format, args...)
}

// compileHRGs indexes hrgs.csv and checks every HRG named elsewhere.
func (c *compiler) compileHRGs() {
	t := c.t
	first := map[HRG]int{}
	for _, r := range c.d.hrgs {
		if l, dup := first[r.hrg]; dup {
			c.errorf(fileHRGs, r.line, "hrg", "%s is listed twice (first at line %d)", r.hrg, l)
			continue
		}
		first[r.hrg] = r.line
		t.hrgs = append(t.hrgs, hrgInfo{code: r.hrg, label: r.label, line: int32(r.line)})
	}
	slices.SortFunc(t.hrgs, func(a, b hrgInfo) int { return compareHRG(a.code, b.code) })
	if _, ok := first[hrgUZ01Z]; !ok {
		c.errorf(fileHRGs, 0, "hrg", "UZ01Z (Data Invalid for Grouping) is missing: every design needs it")
	}
	for _, s := range c.d.splits {
		c.checkHRG(first, fileSplits, s.line, s.hrg)
	}
	for _, u := range c.d.unbundled {
		c.checkHRG(first, fileUnbundled, u.line, u.hrg)
	}
}

func (c *compiler) checkHRG(known map[HRG]int, file string, line int, h HRG) {
	if _, ok := known[h]; !ok {
		c.errorf(file, line, "hrg", "%s is not listed in hrgs.csv", h)
	}
}

// collectRoots numbers every root any table names, in code order, and
// marks the roots a mapping or pre-grouping rule leads to.
func (c *compiler) collectRoots() {
	var led [][4]byte
	for _, r := range c.d.diagnoses {
		led = append(led, r.root)
	}
	for _, r := range c.d.procedures {
		if r.root != ([4]byte{}) {
			led = append(led, r.root)
		}
	}
	for _, r := range c.d.pregroup {
		led = append(led, r.root)
	}
	all := slices.Clone(led)
	for _, r := range c.d.splits {
		all = append(all, r.root)
	}
	slices.SortFunc(all, func(a, b [4]byte) int { return slices.Compare(a[:], b[:]) })
	all = slices.Compact(all)
	c.rootIdx = make(map[[4]byte]uint16, len(all))
	for i, r := range all {
		c.rootIdx[r] = uint16(i)
		c.t.roots = append(c.t.roots, rootInfo{code: r, sub: -1})
	}
	c.led = make([]bool, len(all))
	for _, r := range led {
		c.led[c.rootIdx[r]] = true
	}
}
