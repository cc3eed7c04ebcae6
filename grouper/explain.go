package grouper

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/hrgflow/hrgflow/schemas"
)

// Titles gives the titles of codes for explain. *codelist.Table satisfies
// it.
type Titles interface {
	ICD10Title(schemas.ICD10) string
	OPCS4Title(schemas.OPCS4) string
}

// WriteText writes the recorded decisions in plain words a clinical coder
// can check: the pre-grouping rules tried, each procedure with its
// hierarchy and why the dominant one won, the root, each CC code counted
// or left out with its weight, the split rules tried with their labels and
// conditions, the unbundled HRGs and their triggers, and why a record got
// UZ01Z. t must be the table that grouped; titles (nil for none) names the
// codes.
func (tr *Trace) WriteText(w io.Writer, t *Table, titles Titles) error {
	x := &explainer{b: bufio.NewWriter(w), t: t, titles: titles}
	if tr != nil {
		for _, s := range tr.steps {
			if int(s.kind) < len(stepText) && stepText[s.kind] != nil {
				stepText[s.kind](x, s)
			}
		}
	}
	return x.b.Flush()
}

// explainer renders steps.
type explainer struct {
	b       *bufio.Writer
	t       *Table
	titles  Titles
	spell   bool
	episode int
	facts   []string
}

func (x *explainer) line(format string, args ...any) {
	fmt.Fprintf(x.b, format+"\n", args...)
}

// at says where a code is: "position 2", or "episode 1 position 2" in a
// spell.
func (x *explainer) at(s step) string {
	if x.spell {
		return fmt.Sprintf("episode %d position %d", s.ep+1, s.pos+1)
	}
	return fmt.Sprintf("position %d", s.pos+1)
}

func (x *explainer) icd(c uint32) string {
	code := schemas.ICD10(c)
	if code == 0 {
		return "(blank)"
	}
	if x.titles != nil {
		if title := x.titles.ICD10Title(code); title != "" {
			return fmt.Sprintf("%s (%s)", code, title)
		}
	}
	return code.String()
}

func (x *explainer) opcs(c uint32) string {
	code := schemas.OPCS4(c)
	if x.titles != nil {
		if title := x.titles.OPCS4Title(code); title != "" {
			return fmt.Sprintf("%s (%s)", code, title)
		}
	}
	return code.String()
}

func (x *explainer) root(r uint16) string { return rootString(x.t.rootCode(r)) }

func (x *explainer) hrg(h HRG) string {
	if label := x.t.HRGLabel(h); label != "" {
		return fmt.Sprintf("%s (%s)", h, label)
	}
	return h.String()
}

func (x *explainer) pregroupRule(i int32) string {
	p := x.t.pregroup[i]
	return fmt.Sprintf("pre-grouping rule %s (priority %d, pregroup.csv:%d)", ruleName(p.rule), p.priority, p.line)
}

func (x *explainer) splitRule(i int32) string {
	s, m := x.t.splits[i], x.t.splitMeta[i]
	label := ""
	if m.label != "" {
		label = fmt.Sprintf(" %q", m.label)
	}
	return fmt.Sprintf("split rule %d of %s → %s%s if %s (splits.csv:%d)", m.order, x.root(m.root), s.hrg, label, condText(s.cond), m.line)
}

// stepText renders each kind of step.
var stepText = [...]func(x *explainer, s step){
	stEpisode: func(x *explainer, s step) {
		x.spell, x.facts = false, x.facts[:0]
		x.episode++
		x.line("Episode %d\n  calculated length of stay (CalcEpidur): %s", x.episode, days(s.a))
	},
	stSpell: func(x *explainer, s step) {
		x.spell, x.facts = true, x.facts[:0]
		x.line("Spell of %d episodes (pooled: diagnoses and procedures of every episode)", s.a)
	},
	stInvalid: func(x *explainer, s step) {
		x.line("  the episode failed a validation rule of severity error, so it cannot be grouped → UZ01Z")
	},
	stEpisodeUZ: func(x *explainer, s step) {
		x.line("  episode %d grouped to UZ01Z, so the whole spell groups to UZ01Z", s.ep+1)
	},
	stNoEpisodes: func(x *explainer, s step) { x.line("  the spell has no episodes → UZ01Z") },
	stSpellPrimary: func(x *explainer, s step) {
		x.line("  spell primary diagnosis: %s, from episode %d", x.icd(s.code), s.ep+1)
	},
	stPoorPrimary: func(x *explainer, s step) {
		x.line("  episode %d's primary diagnosis %s is flagged poor_primary (or blank): the next episode's primary is tried", s.ep+1, x.icd(s.code))
	},
	stBurn: func(x *explainer, s step) {
		x.line("  %s: %s at %s is a burn → fires: root %s, method B", x.pregroupRule(s.a), x.icd(s.code), x.at(s), x.root(x.t.pregroup[s.a].root))
	},
	stNoBurn: func(x *explainer, s step) {
		x.line("  %s: no diagnosis is a burn → not applied", x.pregroupRule(s.a))
	},
	stSite: func(x *explainer, s step) {
		note := "a new site"
		if s.b == 0 {
			note = "same site as an earlier injury: not counted again"
		}
		x.line("  trauma site %s: %s at %s (%s)", x.t.sites[s.a-1], x.icd(s.code), x.at(s), note)
	},
	stTrauma:     (*explainer).trauma,
	stProc:       (*explainer).proc,
	stProcCond:   (*explainer).procCond,
	stDominant:   (*explainer).dominant,
	stNoDominant: func(x *explainer, s step) { x.line("  no grouping procedure (hierarchy above 0 and not non_grouping)") },
	stPregroupUsed: func(x *explainer, s step) {
		p := x.t.pregroup[s.a]
		x.line("  root %s from the %s rule (pre-grouping rules come before the dominant procedure and the primary diagnosis)", x.root(p.root), ruleName(p.rule))
	},
	stProcRoot: func(x *explainer, s step) {
		x.line("  procedure-driven: root %s from the dominant procedure %s, method P", x.root(x.t.procRows[s.a].root), schemas.OPCS4(s.code))
	},
	stDiagRoot: (*explainer).diagRoot,
	stUnmapped: func(x *explainer, s step) {
		x.line("  the primary diagnosis %s has no mapping in diagnoses.csv → UZ01Z", x.icd(s.code))
	},
	stNoCCList: func(x *explainer, s step) {
		x.line("  CC score 0: subchapter %s has no CC list", x.root(uint16(s.a))[:2])
	},
	stCC:         func(x *explainer, s step) { x.line("  CC %s at %s: weight %d counted", x.icd(s.code), x.at(s), s.a) },
	stCCExcluded: (*explainer).ccExcluded,
	stCCDuplicate: func(x *explainer, s step) {
		x.line("  CC %s at %s: already counted once, not counted again", x.icd(s.code), x.at(s))
	},
	stCCPrimary: func(x *explainer, s step) {
		x.line("  %s at %s is the primary diagnosis itself: not counted", x.icd(s.code), x.at(s))
	},
	stCCScore:   func(x *explainer, s step) { x.line("  CC score on the %s list: %d", x.root(uint16(s.b))[:2], s.a) },
	stFact:      func(x *explainer, s step) { x.facts = append(x.facts, factText(int(s.a), s.b)) },
	stSplitNo:   (*explainer).splitNo,
	stSplitYes:  (*explainer).splitYes,
	stNoSplit:   (*explainer).noSplit,
	stUnbundled: (*explainer).unbundled,
	stUnbundledFull: func(x *explainer, s step) {
		x.line("  unbundled %s dropped: %d already", x.t.unbundled[s.a].hrg, MaxUnbundled)
	},
	stResult: (*explainer).result,
}

func (x *explainer) trauma(s step) {
	p := x.t.pregroup[s.a]
	site := "has no trauma site"
	if cl := x.t.class(schemas.ICD10(s.code)); cl.site != 0 {
		site = "is a " + x.t.sites[cl.site-1] + " injury"
	}
	verdict := "not applied"
	if x.t.class(schemas.ICD10(s.code)).site != 0 && s.b >= int32(p.minSites) {
		verdict = fmt.Sprintf("fires: root %s, method M", x.root(p.root))
	}
	x.line("  %s: primary %s %s; distinct body sites: %d, needed: %d → %s", x.pregroupRule(s.a), x.icd(s.code), site, s.b, p.minSites, verdict)
}

func (x *explainer) proc(s step) {
	if s.a < 0 {
		x.line("  procedure %s at %s: not in procedures.csv, ignored", x.opcs(s.code), x.at(s))
		return
	}
	p := x.t.procRows[s.a]
	var what []string
	what = append(what, fmt.Sprintf("hierarchy %d", p.hier))
	if p.root != noRoot {
		what = append(what, "root "+x.root(p.root))
	}
	if f := strings.TrimSpace(flagText(p.flags, procFlags)); f != "" {
		what = append(what, f)
	}
	if p.whenLo != p.whenHi {
		what = append(what, "row for primary diagnoses "+x.t.whenText[s.a])
	}
	x.line("  procedure %s at %s: %s (procedures.csv:%d)", x.opcs(s.code), x.at(s), strings.Join(what, ", "), p.line)
}

func (x *explainer) procCond(s step) {
	p := x.t.procRows[s.a]
	x.line("  procedure %s at %s: the row at procedures.csv:%d applies only with primary diagnoses %s; the primary is not one, so the next row is tried",
		x.opcs(s.code), x.at(s), p.line, x.t.whenText[s.a])
}

func (x *explainer) dominant(s step) {
	p := x.t.procRows[s.a]
	where := "ties go to the earliest position"
	if x.spell {
		where = fmt.Sprintf("in episode %d; ties go to the earliest episode, then position", s.ep+1)
	}
	x.line("  dominant procedure: %s, hierarchy %d, the highest (%s); its root is %s", x.opcs(s.code), p.hier, where, x.root(p.root))
}

func (x *explainer) diagRoot(s step) {
	cl := x.t.classes[s.a]
	x.line("  diagnosis-driven: primary diagnosis %s maps to root %s, method D", x.icd(s.code), x.root(cl.root))
}

func (x *explainer) ccExcluded(s step) {
	x.line("  CC %s at %s: weight %d not counted: cc_exclusions.csv excludes it with this primary diagnosis", x.icd(s.code), x.at(s), s.a)
}

func (x *explainer) flushFacts() {
	if len(x.facts) > 0 {
		x.line("  split inputs: %s", strings.Join(x.facts, ", "))
		x.facts = x.facts[:0]
	}
}

func factText(axis int, v int32) string {
	switch axis {
	case axisAge:
		if v < 0 {
			return "age unknown"
		}
	case axisAdmission:
		return [...]string{"admission unknown", "elective", "non_elective"}[v]
	case axisSex:
		if v == 0 {
			return "sex unknown"
		}
	case axisLOS:
		return "length of stay " + days(v)
	}
	return fmt.Sprintf("%s %d", axisNames[axis], v)
}

func (x *explainer) splitNo(s step) {
	x.flushFacts()
	x.line("  %s: not met (%s)", x.splitRule(s.a), axisText(int(s.b), x.t.splits[s.a].cond[s.b]))
}

func (x *explainer) splitYes(s step) {
	x.flushFacts()
	x.line("  %s: met → %s", x.splitRule(s.a), x.t.splits[s.a].hrg)
}

func (x *explainer) noSplit(s step) {
	x.flushFacts()
	x.line("  no split rule of %s matches → UZ01Z", x.root(uint16(s.a)))
}

func (x *explainer) unbundled(s step) {
	u := x.t.unbundled[s.a]
	h := u.hrg.String()
	if s.b > 0 {
		h = fmt.Sprintf("%s*%d", h, s.b)
	}
	from := fmt.Sprintf("procedure %s at %s", x.opcs(s.code), x.at(s))
	if u.trigger != trigProcedure {
		from = strings.ReplaceAll(triggerName(u.trigger), "_", " ") + " recorded"
	}
	x.line("  unbundled %s from %s (unbundled.csv:%d)", h, from, u.line)
}

func days(n int32) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

var methodNames = map[byte]string{
	MethodProcedure: "procedure-driven", MethodDiagnosis: "diagnosis-driven", MethodBurns: "burns",
	MethodTrauma: "multiple trauma", MethodGlobal: "global exception", MethodError: "error",
}

func (x *explainer) result(s step) {
	what := "episode"
	if x.spell {
		what = "spell"
	}
	x.line("  %s HRG: %s, method %c (%s)", what, x.hrg(s.hrg), byte(s.a), methodNames[byte(s.a)])
}
