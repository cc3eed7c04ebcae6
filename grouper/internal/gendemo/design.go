package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// design is the generated demo design, table by table, before writing.
type design struct {
	in *inputs

	dx      []dxRule
	dxLists map[int][]string // rule index → written code list items

	proc      []procRule
	procLists map[int][]string

	roots     []string          // roots something leads to, sorted
	patterns  map[string]string // root → split pattern
	labels    map[string]string // root → label
	splits    []splitRow
	hrgs      [][2]string // hrg, label; sorted
	ccRows    [][3]string // subchapter, codes, weight
	ccSources map[string]string
	exclRows  [][2]string
	unbundled []unbundledRule
}

// pregroupRule is one row of pregroup.csv.
type pregroupRule struct {
	priority, minSites int
	rule, root, note   string
}

// pregroupRules: burns first, then multiple trauma from the most sites
// down, each to a multiple-trauma root of the price list (prices in VA
// rise with the root number).
var pregroupRules = []pregroupRule{
	{1, 0, "burns", "JD07", "a second- or third-degree burn in any position"},
	{2, 4, "multiple_trauma", "VA14", "injury primary and injuries to 4 or more body sites"},
	{3, 3, "multiple_trauma", "VA12", "injury primary and injuries to 3 body sites"},
	{4, 2, "multiple_trauma", "VA10", "injury primary and injuries to 2 body sites"},
}

// unbundledRule is one row of unbundled.csv; codes is computed.
type unbundledRule struct {
	trigger, codes, hrg, note string
}

// ccBorrow names, for a subchapter with no inferred CC list, the list of
// the nearest subchapter of the same chapter it uses instead.
var ccBorrow = map[string]string{
	"AB": "AA", "CD": "CB", "ED": "EB", "HC": "HD", "JC": "JD", "NZ": "MB", "VA": "HE",
	"YA": "YQ", "YC": "YQ", "YD": "YQ", "YH": "YQ", "YJ": "YQ", "YL": "YQ", "SB": "SA", "SC": "SA",
}

// build generates every table from the inputs.
func build(in *inputs) (*design, error) {
	d := &design{in: in, patterns: map[string]string{}}
	d.dx = slices.Concat(dxRules, dxRulesLate)
	priced := func(r string) bool { return len(in.letters[r]) > 0 }
	d.proc = withTraumaTwins(slices.Concat(procRulesAH, procRulesJT, procRulesUZ), priced)
	steps := []func() error{d.buildDiagnoses, d.buildProcedures, d.buildRoots, d.buildUnbundled, d.buildHRGs, d.buildCC, d.buildExclusions}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func (d *design) buildDiagnoses() error {
	lists := make([]string, len(d.dx))
	for i, r := range d.dx {
		lists[i] = r.codes
	}
	owner, err := icdKind.claim(d.in.icd, lists, func(i int) string { return fmt.Sprintf("diagnosis rule %q", d.dx[i].codes) })
	if err != nil {
		return err
	}
	if err := uncovered(d.in.icd, owner, icdKind.text, "ICD-10"); err != nil {
		return err
	}
	if d.dxLists, err = icdKind.compact(d.in.icd, owner, false); err != nil {
		return err
	}
	return checkExact(d.in.icd, owner, d.dxLists, icdItem, icdKind.text)
}

func (d *design) buildProcedures() error {
	lists := make([]string, len(d.proc))
	for i, r := range d.proc {
		lists[i] = r.codes
		if (r.hier == 0) != strings.Contains(r.flags, nonGrouping) || (r.root == "") != (r.hier == 0) {
			return fmt.Errorf("procedure rule %q: hierarchy 0, non_grouping and a blank root go together", r.codes)
		}
		for _, w := range r.when {
			if err := icdKind.exactHasExtensions(d.in.icd, w.diag); err != nil {
				return fmt.Errorf("procedure rule %q, condition: %w", r.codes, err)
			}
		}
	}
	owner, err := opcsKind.claim(d.in.opcs, lists, func(i int) string { return fmt.Sprintf("procedure rule %q", d.proc[i].codes) })
	if err != nil {
		return err
	}
	if err := uncovered(d.in.opcs, owner, opcsKind.text, "OPCS-4"); err != nil {
		return err
	}
	if d.procLists, err = opcsKind.compact(d.in.opcs, owner, false); err != nil {
		return err
	}
	return checkExact(d.in.opcs, owner, d.procLists, opcsItem, opcsKind.text)
}

// uncovered fails listing the codes no rule claims.
func uncovered(codes []uint32, owner []int, text func(uint32) string, what string) error {
	var miss []string
	for i, o := range owner {
		if o < 0 {
			miss = append(miss, text(codes[i]))
		}
	}
	if len(miss) > 0 {
		return fmt.Errorf("%d %s codes are not mapped: %s", len(miss), what, strings.Join(miss[:min(len(miss), 40)], " "))
	}
	return nil
}

// buildRoots collects the roots the rules lead to, checks each against the
// price list, labels it and derives its split rules. A root's label is its
// rootLabels entry, or else the note of the one rule leading to it.
func (d *design) buildRoots() error {
	notes := map[string][]string{}
	for _, r := range d.dx {
		notes[r.root] = append(notes[r.root], r.note)
	}
	for _, r := range d.proc {
		if r.root != "" {
			notes[r.root] = append(notes[r.root], r.note)
		}
		for _, w := range r.when {
			notes[w.root] = append(notes[w.root], w.note)
		}
	}
	for _, p := range pregroupRules {
		notes[p.root] = append(notes[p.root], p.note)
	}
	d.roots = slices.Sorted(maps.Keys(notes))
	d.labels = map[string]string{}
	var unlabelled []string
	for _, root := range d.roots {
		ps := d.in.letters[root]
		if len(ps) == 0 {
			return fmt.Errorf("root %s is not in the price list", root)
		}
		switch {
		case rootLabels[root] != "":
			d.labels[root] = rootLabels[root]
		case len(notes[root]) == 1:
			d.labels[root] = notes[root][0]
		default:
			unlabelled = append(unlabelled, root)
		}
		d.patterns[root] = pattern(ps)
		d.splits = append(d.splits, splitRules(root, ps)...)
	}
	if len(unlabelled) > 0 {
		return fmt.Errorf("roots led to by several rules need a label in rootLabels: %s", strings.Join(unlabelled, " "))
	}
	for _, root := range slices.Sorted(maps.Keys(rootLabels)) {
		if len(notes[root]) < 2 {
			return fmt.Errorf("rootLabels names %s, which fewer than two rules lead to", root)
		}
	}
	return nil
}

// buildUnbundled computes the trigger lists: imaging codes, nuclear
// medicine codes (by title) and renal dialysis.
func (d *design) buildUnbundled() error {
	owner := make([]int, len(d.in.opcs))
	imaging, _ := parseList(imagingCodes, opcsItem)
	for i, c := range d.in.opcs {
		owner[i] = -1
		title := strings.ToLower(d.in.opcsName[c])
		switch {
		case opcsKind.text(c)[0] != 'U':
		case strings.Contains(title, "nuclear") || strings.Contains(title, "scinti") || strings.Contains(title, "positron") ||
			strings.Contains(title, "photon") || strings.Contains(title, "radionuclide"):
			owner[i] = 1
		case inList(imaging, c):
			owner[i] = 0
		}
	}
	lists, err := opcsKind.compact(d.in.opcs, owner, false)
	if err != nil {
		return err
	}
	if err := checkExact(d.in.opcs, owner, lists, opcsItem, opcsKind.text); err != nil {
		return err
	}
	d.unbundled = []unbundledRule{
		{"procedure", strings.Join(lists[0], ";"), "RD97Z", "diagnostic imaging (X-ray, ultrasound, CT, MRI, echocardiography)"},
		{"procedure", strings.Join(lists[1], ";"), "RN97Z", "nuclear medicine (titles naming nuclear, scintigraphy, positron or photon emission, radionuclide)"},
		{"procedure", "X40-X42", "LA97A", "renal dialysis and placement of dialysis apparatus"},
	}
	return nil
}

// imagingCodes are the OPCS-4 imaging categories (U19 and U34,
// electrocardiography, are tests, not imaging).
const imagingCodes = "U01-U18;U20-U21;U35-U37"

// unbundledLabels name the HRGs used only as unbundled HRGs.
var unbundledLabels = map[string]string{
	"RD97Z": "diagnostic imaging (unbundled)",
	"RN97Z": "nuclear medicine (unbundled)",
	"LA97A": "renal dialysis (unbundled)",
}

// buildHRGs lists every HRG of the roots used, the unbundled HRGs and
// UZ01Z, with descriptive labels.
func (d *design) buildHRGs() error {
	for _, s := range d.splits {
		label := "Demo: " + d.labels[s.root]
		if s.label != "" {
			label += ", " + s.label
		}
		d.hrgs = append(d.hrgs, [2]string{s.hrg, label})
	}
	for _, u := range d.unbundled {
		if !d.in.priced[u.hrg] {
			return fmt.Errorf("unbundled HRG %s is not in the price list", u.hrg)
		}
		d.hrgs = append(d.hrgs, [2]string{u.hrg, "Demo: " + unbundledLabels[u.hrg]})
	}
	d.hrgs = append(d.hrgs, [2]string{"UZ01Z", "Data Invalid for Grouping"})
	slices.SortFunc(d.hrgs, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	for i := 1; i < len(d.hrgs); i++ {
		if d.hrgs[i][0] == d.hrgs[i-1][0] {
			return fmt.Errorf("HRG %s listed twice", d.hrgs[i][0])
		}
	}
	return nil
}
