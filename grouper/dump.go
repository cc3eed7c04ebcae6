package grouper

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unsafe"

	"github.com/hrgflow/hrgflow/schemas"
)

// Dump writes a deterministic text form of the compiled table: every HRG,
// root, split rule, diagnosis class, procedure row, pre-grouping rule, CC
// profile, exclusion group and unbundled rule, and the dense per-code
// slices as runs of equal values (A000-A00X9 3). Golden tests compare it;
// `hrgflow design dump` prints it.
func (t *Table) Dump(w io.Writer) error {
	b := bufio.NewWriter(w)
	m := t.manifest
	fmt.Fprintf(b, "# compiled grouping table\nmanifest name=%q version=%q valid=%s..%s\n  notice=%q\n", m.Name, m.Version, m.ValidFrom, m.ValidTo, m.Notice)
	fmt.Fprintf(b, "\nhrgs %d\n", len(t.hrgs))
	for _, h := range t.hrgs {
		fmt.Fprintf(b, "  %s  %q  hrgs.csv:%d\n", h.code, h.label, h.line)
	}
	t.dumpRules(b)
	fmt.Fprintf(b, "\ndiagnosis classes %d (0 = unmapped)\n", len(t.classes))
	for i, cl := range t.classes[1:] {
		fmt.Fprintf(b, "  %d  root %s%s%s\n", i+1, rootString(t.rootCode(cl.root)), flagText(cl.flags, diagFlags), t.siteText(cl.site))
	}
	dumpRuns(b, "diagnoses (code run → class)", t.icd, func(e icdEntry) int { return int(e.class) }, icdText)
	t.dumpProcedures(b)
	t.dumpCC(b)
	t.dumpUnbundled(b)
	t.dumpStorage(b)
	return b.Flush()
}

func (t *Table) dumpRules(b *bufio.Writer) {
	fmt.Fprintf(b, "\nroots %d\n", len(t.roots))
	for _, r := range t.roots {
		cc := "none"
		if r.sub >= 0 {
			cc = string(t.ccSubs[r.sub][:])
		}
		fmt.Fprintf(b, "  %s  cc list %s  split rules %d..%d\n", rootString(r.code), cc, r.lo, r.hi)
	}
	fmt.Fprintf(b, "\nsplit rules %d\n", len(t.splits))
	for i, s := range t.splits {
		m := t.splitMeta[i]
		fmt.Fprintf(b, "  %d  %s order %d → %s  if %s  %q  splits.csv:%d\n", i, rootString(t.rootCode(m.root)), m.order, s.hrg, condText(s.cond), m.label, m.line)
	}
	fmt.Fprintf(b, "\npre-grouping rules %d (by priority)\n", len(t.pregroup))
	for _, p := range t.pregroup {
		fmt.Fprintf(b, "  priority %d  %s", p.priority, ruleName(p.rule))
		if p.rule == ruleMultipleTrauma {
			fmt.Fprintf(b, " min_sites %d", p.minSites)
		}
		fmt.Fprintf(b, " → root %s  pregroup.csv:%d\n", rootString(t.rootCode(p.root)), p.line)
	}
}

func (t *Table) dumpProcedures(b *bufio.Writer) {
	fmt.Fprintf(b, "\nprocedure rows %d\n", len(t.procRows))
	for i, p := range t.procRows {
		root := "-"
		if p.root != noRoot {
			root = rootString(t.rootCode(p.root))
		}
		fmt.Fprintf(b, "  %d  hierarchy %d root %s%s", i, p.hier, root, flagText(p.flags, procFlags))
		if p.whenLo != p.whenHi {
			fmt.Fprintf(b, " when %s", spansText(t.when[p.whenLo:p.whenHi]))
		}
		fmt.Fprintf(b, "  procedures.csv:%d\n", p.line)
	}
	dumpLists(b, "procedure row lists", &t.procList)
	dumpRuns(b, "procedures (code run → row list)", t.procSet, func(v uint16) int { return int(v) }, opcsText)
}

func (t *Table) dumpCC(b *bufio.Writer) {
	width := len(t.ccSubs)
	subs := make([]string, width)
	for i, s := range t.ccSubs {
		subs[i] = string(s[:])
	}
	fmt.Fprintf(b, "\ncc subchapters %d: %s\n", width, strings.Join(subs, " "))
	if width > 0 {
		fmt.Fprintf(b, "cc profiles %d (weight per subchapter)\n", len(t.ccW)/width)
		for p := 1; p < len(t.ccW)/width; p++ {
			var parts []string
			for s, w := range t.ccW[p*width : (p+1)*width] {
				if w != 0 {
					parts = append(parts, fmt.Sprintf("%s=%d", subs[s], w))
				}
			}
			fmt.Fprintf(b, "  %d  %s\n", p, strings.Join(parts, " "))
		}
	}
	dumpRuns(b, "cc (code run → profile)", t.icd, func(e icdEntry) int { return int(e.cc) }, icdText)
	fmt.Fprintf(b, "\ncc exclusion groups %d\n", len(t.exclStart)-1)
	for g := 1; g+1 < len(t.exclStart); g++ {
		fmt.Fprintf(b, "  %d  %s\n", g, spansText(t.exclSpans[t.exclStart[g]:t.exclStart[g+1]]))
	}
	dumpRuns(b, "cc exclusions (primary code run → group)", t.icd, func(e icdEntry) int { return int(e.excl) }, icdText)
}

func (t *Table) dumpUnbundled(b *bufio.Writer) {
	fmt.Fprintf(b, "\nunbundled rules %d\n", len(t.unbundled))
	for i, u := range t.unbundled {
		fmt.Fprintf(b, "  %d  %s → %s", i, triggerName(u.trigger), u.hrg)
		if u.perDay {
			b.WriteString(" per day")
		}
		fmt.Fprintf(b, "  unbundled.csv:%d\n", u.line)
	}
	dumpLists(b, "unbundled rule lists", &t.ubList)
	dumpRuns(b, "unbundled procedures (code run → rule list)", t.ubSet, func(v uint16) int { return int(v) }, opcsText)
}

// dumpStorage prints the bytes of the dense slices.
func (t *Table) dumpStorage(b *bufio.Writer) {
	fmt.Fprintf(b, "\nstorage bytes\n")
	fmt.Fprintf(b, "  icd entries   %d\n", len(t.icd)*int(unsafe.Sizeof(icdEntry{})))
	fmt.Fprintf(b, "  opcs lists    %d\n", 2*(len(t.procSet)+len(t.ubSet))+4*(len(t.procList.start)+len(t.ubList.start))+2*(len(t.procList.items)+len(t.ubList.items)))
	fmt.Fprintf(b, "  cc weights    %d\n", len(t.ccW))
	fmt.Fprintf(b, "  exclusions    %d\n", 4*len(t.exclStart)+8*len(t.exclSpans))
	fmt.Fprintf(b, "  split rules   %d\n", len(t.splits)*int(unsafe.Sizeof(splitRule{})))
}

func dumpLists(b *bufio.Writer, title string, l *lists) {
	fmt.Fprintf(b, "\n%s %d\n", title, len(l.start)-1)
	for i := 1; i+1 < len(l.start); i++ {
		fmt.Fprintf(b, "  %d  %v\n", i, l.items[l.start[i]:l.start[i+1]])
	}
}

// dumpRuns prints the runs of equal non-zero values of a dense slice.
func dumpRuns[E any](b *bufio.Writer, title string, s []E, val func(E) int, code func(int) string) {
	fmt.Fprintf(b, "\n%s\n", title)
	for i := 0; i < len(s); {
		v := val(s[i])
		j := i + 1
		for j < len(s) && val(s[j]) == v {
			j++
		}
		switch {
		case v == 0:
		case j-1 == i:
			fmt.Fprintf(b, "  %s  %d\n", code(i), v)
		default:
			fmt.Fprintf(b, "  %s-%s  %d\n", code(i), code(j-1), v)
		}
		i = j
	}
}

func icdText(i int) string  { return schemas.ICD10(i).String() }
func opcsText(i int) string { return schemas.OPCS4(i).String() }

// spansText writes spans as a code list (A000-A00X9;I10X).
func spansText[T interface {
	~uint32
	String() string
}](s []span[T]) string {
	parts := make([]string, len(s))
	for i, sp := range s {
		parts[i] = sp.lo.String()
		if sp.hi != sp.lo {
			parts[i] += "-" + sp.hi.String()
		}
	}
	return strings.Join(parts, ";")
}

func flagText(bits uint8, known []flagName) string {
	var s string
	for _, f := range known {
		if bits&f.bit != 0 {
			s += " " + f.name
		}
	}
	return s
}

func (t *Table) siteText(site uint8) string {
	if site == 0 {
		return ""
	}
	return " site " + t.sites[site-1]
}

func ruleName(r uint8) string {
	if r == ruleBurns {
		return "burns"
	}
	return "multiple_trauma"
}

func triggerName(tr uint8) string {
	return [...]string{"", "procedure", "rehabilitation_days", "palliative_days", "critical_care_days"}[tr]
}
