package grouper

import (
	"math"
	"strings"
)

// maxHierarchy is the largest procedure hierarchy value.
const maxHierarchy = 99

func (l *loader) loadHRGs() {
	cols := []column{{"hrg", true}, {"label", true}}
	l.table(fileHRGs, true, cols, func(r *row) {
		label, _ := r.required("label")
		l.d.hrgs = append(l.d.hrgs, hrgRow{line: r.line, hrg: r.hrg("hrg"), label: label})
	})
}

var diagFlags = []flagName{{"burn", flagBurn}, {"poor_primary", flagPoorPrimary}}

func (l *loader) loadDiagnoses() {
	cols := []column{{"codes", true}, {"root", true}, {"flags", false}, {"trauma_site", false}}
	l.table(fileDiagnoses, true, cols, func(r *row) {
		site := r.str("trauma_site")
		if strings.ContainsAny(site, " ;,") {
			r.fail("trauma_site", "%q: a site is one word (head, upper_limb)", site)
		}
		l.d.diagnoses = append(l.d.diagnoses, diagRow{
			line: r.line, codes: r.icdList("codes", true), root: r.root("root", true),
			flags: r.flags("flags", diagFlags), site: site,
		})
	})
}

var procFlags = []flagName{{"non_grouping", flagNonGrouping}, {"intervention", flagIntervention}}

func (l *loader) loadProcedures() {
	cols := []column{{"codes", true}, {"hierarchy", true}, {"root", false}, {"when_diagnosis", false}, {"flags", false}}
	l.table(fileProcedures, true, cols, func(r *row) {
		p := procRow{
			line: r.line, codes: r.opcsList("codes", true),
			hierarchy: uint8(r.integer("hierarchy", 0, 0, maxHierarchy)),
			root:      r.root("root", false), when: r.icdList("when_diagnosis", false),
			whenText: r.str("when_diagnosis"), flags: r.flags("flags", procFlags),
		}
		if r.str("hierarchy") == "" {
			r.fail("hierarchy", "required and blank (0 for a code that never drives grouping)")
		}
		if p.hierarchy > 0 && p.flags&flagNonGrouping == 0 && p.root == ([4]byte{}) {
			r.fail("root", "required for a grouping procedure (hierarchy > 0, not non_grouping)")
		}
		l.d.procedures = append(l.d.procedures, p)
	})
}

func (l *loader) loadPregroup() {
	cols := []column{{"priority", true}, {"rule", true}, {"min_sites", false}, {"root", true}}
	l.table(filePregroup, false, cols, func(r *row) {
		p := pregroupRow{
			line: r.line, priority: r.integer("priority", 0, 0, math.MaxInt32),
			rule: uint8(r.choice("rule", true, "burns", "multiple_trauma") + 1),
			root: r.root("root", true),
		}
		if r.str("priority") == "" {
			r.fail("priority", "required and blank")
		}
		switch p.rule {
		case ruleMultipleTrauma:
			p.minSites = r.integer("min_sites", 0, 2, 64)
			if p.minSites == 0 {
				r.fail("min_sites", "required for multiple_trauma (2 in HRG4+)")
			}
		case ruleBurns:
			if r.str("min_sites") != "" {
				r.fail("min_sites", "only for multiple_trauma")
			}
		}
		l.d.pregroup = append(l.d.pregroup, p)
	})
}

func (l *loader) loadCC() {
	cols := []column{{"subchapter", true}, {"codes", true}, {"weight", false}}
	l.table(fileCC, false, cols, func(r *row) {
		sub, _ := r.required("subchapter")
		if sub != "" && (len(sub) != 2 || !isUpper(sub[0]) || !isUpper(sub[1])) {
			r.fail("subchapter", "%q is not a 2-letter HRG subchapter (FD)", sub)
			sub = ""
		}
		c := ccRow{line: r.line, codes: r.icdList("codes", true), weight: uint8(r.integer("weight", 1, 1, 99))}
		if sub != "" {
			c.sub = [2]byte{sub[0], sub[1]}
		}
		l.d.cc = append(l.d.cc, c)
	})
}

func (l *loader) loadExclusions() {
	cols := []column{{"primary", true}, {"excluded", true}}
	l.table(fileExclusions, false, cols, func(r *row) {
		l.d.exclusions = append(l.d.exclusions, exclRow{
			line: r.line, primary: r.icdList("primary", true), excluded: r.icdList("excluded", true),
		})
	})
}

func (l *loader) loadSplits() {
	cols := []column{
		{"root", true}, {"order", true}, {"hrg", true}, {"cc_min", false}, {"cc_max", false},
		{"age_min", false}, {"age_max", false}, {"interventions_min", false}, {"interventions_max", false},
		{"admission", false}, {"sex", false}, {"los_min", false}, {"los_max", false}, {"label", false},
	}
	l.table(fileSplits, true, cols, func(r *row) {
		s := splitRow{
			line: r.line, root: r.root("root", true), order: r.integer("order", 0, 0, math.MaxInt32),
			hrg: r.hrg("hrg"), label: r.str("label"),
		}
		if r.str("order") == "" {
			r.fail("order", "required and blank")
		}
		s.cond[axisCC] = r.bound("cc", math.MaxInt32)
		s.cond[axisAge] = r.bound("age", 130)
		s.cond[axisInterventions] = r.bound("interventions", math.MaxInt32)
		s.cond[axisLOS] = r.bound("los", math.MaxInt32)
		s.cond[axisAdmission] = pick(r.choice("admission", false, "elective", "non_elective"), admElective)
		s.cond[axisSex] = pick(r.choice("sex", false, "1", "2"), 1)
		if s.hrg != (HRG{}) && s.root != ([4]byte{}) && s.hrg.Root() != s.root {
			r.fail("hrg", "%s does not belong to root %s", s.hrg, rootString(s.root))
		}
		l.d.splits = append(l.d.splits, s)
	})
}

// pick turns the index of a choice (-1 for blank) into an interval of one
// value, first + index, or the unbounded interval.
func pick(i int, first int32) interval {
	if i < 0 {
		return interval{math.MinInt32, math.MaxInt32}
	}
	return interval{first + int32(i), first + int32(i)}
}

func (l *loader) loadUnbundled() {
	cols := []column{{"trigger", true}, {"codes", false}, {"hrg", true}, {"per_day", false}}
	l.table(fileUnbundled, false, cols, func(r *row) {
		u := ubRow{
			line:    r.line,
			trigger: uint8(r.choice("trigger", true, "procedure", "rehabilitation_days", "palliative_days", "critical_care_days") + 1),
			hrg:     r.hrg("hrg"), perDay: r.choice("per_day", false, "yes", "no") == 0,
		}
		switch u.trigger {
		case trigProcedure:
			u.codes = r.opcsList("codes", true)
			if u.perDay {
				r.fail("per_day", "a procedure trigger has no day count")
			}
		default:
			if r.str("codes") != "" {
				r.fail("codes", "only for procedure triggers")
			}
		}
		l.d.unbundled = append(l.d.unbundled, u)
	})
}
