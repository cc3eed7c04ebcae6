package main

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// readme renders README.md: how the design was made and every rule choice,
// with the rule tables themselves.
func (d *design) readme(sizes map[string]int) []byte {
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	p("# The `demo` grouping design (illustrative)")
	p("")
	p("> **%s**", notice)
	p("")
	p("This folder is hrgflow's shipped demo design, embedded in the binary (package `grouper/designs`). It lets")
	p("the pipeline group episodes end to end without the licensed HRG4+ *Code to Group* workbook. It follows the")
	p("design format of `docs/design-format.md`. Every file in it is generated: do not edit by hand; change the rule")
	p("tables in `grouper/internal/gendemo` and run `go generate ./grouper/designs` (it needs the project's `shared/data`")
	p("folder beside the repository). The generator is deterministic: running it twice gives identical files.")
	p("")
	d.readmeStats(p, sizes)
	d.readmeHRGs(p)
	d.readmeDiagnoses(p)
	d.readmeProcedures(p)
	d.readmePregroup(p)
	d.readmeCC(p)
	d.readmeSplits(p)
	d.readmeUnbundled(p)
	d.readmeRoots(p)
	readmeSources(p)
	return b.Bytes()
}

type printer func(format string, args ...any)

func (d *design) readmeStats(p printer, sizes map[string]int) {
	rows := map[string]int{
		"hrgs.csv": len(d.hrgs), "diagnoses.csv": len(d.dxLists), "pregroup.csv": len(pregroupRules),
		"cc.csv": len(d.ccRows), "cc_exclusions.csv": len(d.exclRows), "splits.csv": len(d.splits), "unbundled.csv": len(d.unbundled),
	}
	for _, r := range d.proc {
		rows["procedures.csv"] += 1 + len(r.when)
	}
	what := map[string]string{
		"manifest.json": "name, version, validity, sources, licence, notice", "hrgs.csv": "every HRG the design can output",
		"diagnoses.csv": "ICD-10 → root, flags, trauma site", "procedures.csv": "OPCS-4 → hierarchy, root, flags, conditions",
		"pregroup.csv": "burns and multiple trauma", "cc.csv": "CC lists per subchapter", "cc_exclusions.csv": "CC codes not counted with a primary",
		"splits.csv": "split rules per root", "unbundled.csv": "unbundled HRG triggers",
	}
	p("## Contents")
	p("")
	p("| file | rows | bytes | what |")
	p("|---|---:|---:|---|")
	total := 0
	for _, f := range slices.Sorted(maps.Keys(sizes)) {
		total += sizes[f]
		n := "–"
		if r, ok := rows[f]; ok {
			n = fmt.Sprint(r)
		}
		p("| `%s` | %s | %d | %s |", f, n, sizes[f], what[f])
	}
	subs := map[string]bool{}
	for _, r := range d.roots {
		subs[r[:2]] = true
	}
	p("")
	p("Total %d bytes without this README. The design uses **%d of the %d roots** of the price list, in %d subchapters,",
		total, len(d.roots), len(d.priceRoots()), len(subs))
	p("and **%d of its %d HRGs** (%d from split rules, %d only as unbundled HRGs), plus `UZ01Z`.", len(d.hrgs)-1, len(d.in.prices),
		len(d.splits), len(d.unbundled))
	p("Every one of the %d selectable ICD-10 codes and %d selectable OPCS-4 codes of package `internal/refdata` is", len(d.in.icd), len(d.in.opcs))
	p("mapped by a deliberate rule (`grouper/demo_test.go` proves it).")
	p("")
}

func (d *design) priceRoots() map[string]bool {
	out := map[string]bool{}
	for _, pr := range d.in.prices {
		out[pr.hrg[:4]] = true
	}
	return out
}

func (d *design) readmeHRGs(p printer) {
	p("## HRG codes and labels (`hrgs.csv`)")
	p("")
	p("Only HRG codes of the NHS England 2024/25 APC spell price list are used, plus `UZ01Z` (\"Data Invalid for")
	p("Grouping\"). A root is the first four characters of a priced HRG; a root the design uses brings all its priced")
	p("HRGs. The public data has **no official HRG labels**, so every label is descriptive and written by hrgflow:")
	p("`Demo: <what the demo maps to the root>, <the split>` (for example `Demo: pneumonia, 1 intervention, CC 2+`).")
	p("The root part is the root's entry in `rootLabels` (roots several rules lead to) or the note of the one rule that")
	p("leads to it; it says what *this design* puts there and need not match the official meaning of the code.")
	p("")
}

// readmeDiagnoses is long because it is README text followed by the rule table.
func (d *design) readmeDiagnoses(p printer) {
	p("## Diagnoses (`diagnoses.csv`)")
	p("")
	p("Each ICD-10 chapter or block goes to a root of the body-system subchapter (DOMAIN.md §5) that the price list")
	p("holds, preferring roots with CC splits (diagnosis-driven HRGs). Neoplasms go by site (digestive → FD11, liver")
	p("and pancreas → GC12, breast → JA12, haematological → SA3x …); symptoms and signs go to the signs-and-symptoms")
	p("root of their system; injuries to a root by body region (HE for limbs and trunk, HC28 for the spine, AA28 for")
	p("the head). Mental and behavioural disorders have no priced admitted-care subchapter: dementia joins the nervous")
	p("system (AA22), the rest go to WH. Perinatal (P) and congenital (Q) codes go to the paediatric subchapter of")
	p("their body system whatever the patient's age (a diagnosis maps to one root, so the demo cannot route by age")
	p("between roots), except cystic kidney disease (Q61, mostly adult) → LA09. Obstetric diagnoses use the priced NZ")
	p("roots (the price list has only delivery roots). Rules are applied in order, each claiming the codes it covers")
	p("that no earlier rule claimed, and written as one row each with compact code lists.")
	p("")
	p("- **`poor_primary`** (skipped when choosing the spell primary diagnosis): R69 and R95–R99 (unknown and")
	p("  ill-defined causes), B95–B98 (infectious agents, supplementary codes), external causes V01–Y98 (not valid as")
	p("  primary), Z00–Z13 (examinations), Z20–Z29 (communicable disease hazards), Z37 (outcome of delivery, a")
	p("  secondary code), Z55–Z76 (social circumstances and other contacts), Z80–Z99 (history and status), and the")
	p("  special codes U06/U07 (emergency use, not COVID-19), U50–U52 and U80–U89. Z30–Z36, Z38, Z39 and Z40–Z54 (planned")
	p("  care such as Z51.1 chemotherapy) are accepted primaries and are not flagged.")
	p("- **`burn`** (fires the burns pre-grouping rule in any position): %s. First-degree,", strings.ReplaceAll(burnCodes, ";", ", "))
	p("  unspecified-degree, eye (T26) and internal organ (T28) burns, and burns under 10%% of body surface, are not flagged.")
	p("- **`trauma_site`**: every injury S00–T09 except superficial ones (S00, S10, S20 … S90, T00, T09.0) has the")
	p("  site of its region: `head` (S00–S09), `neck` (S10–S19), `spine` (cervical, thoracic, lumbar and sacral")
	p("  fractures, dislocations and cord injuries, T08, T09.3), `chest` (S20–S29), `abdomen` (S30–S39, T09), `pelvis`")
	p("  (S32.3–S32.8, S33.2–S33.4, S33.6–S33.7), `upper_limb` (S40–S69, T10–T11), `lower_limb` (S70–S99, T12–T13) and")
	p("  `multiple` (T01–T07).")
	p("")
	p("| # | codes (rule) | root | flags | site | what |")
	p("|---:|---|---|---|---|---|")
	for i, r := range d.dx {
		codes := r.codes
		if codes == burnCodes {
			codes = "*(the burn list above)*"
		}
		p("| %d | %s | %s | %s | %s | %s |", i+1, mdCodes(codes), r.root, r.flags, r.site, r.note)
	}
	p("")
}

// mdCodes formats a code list for a Markdown cell.
func mdCodes(s string) string {
	if strings.HasPrefix(s, "*(") {
		return s
	}
	return "`" + strings.ReplaceAll(s, ";", "` `") + "`"
}

// readmeProcedures is long because it is README text followed by the rule table.
func (d *design) readmeProcedures(p printer) {
	p("## Procedures (`procedures.csv`)")
	p("")
	p("Each OPCS-4 chapter section goes to a root of its body-system subchapter. The **hierarchy** says which")
	p("procedure drives grouping when an episode has several (the highest wins, the earliest on ties):")
	p("")
	p("| hierarchy | kind |")
	p("|---:|---|")
	p("| %d | organ transplantation |", hTransplant)
	p("| %d | very major open operations (oesophagectomy, colectomy, cardiac surgery, craniotomy for lesion) |", hVeryMajor)
	p("| %d | major open operations, joint replacement |", hMajor)
	p("| %d | complex interventional and catheter procedures (PCI, ablation, pacing), major fracture surgery |", hComplex)
	p("| %d | intermediate open operations |", hInter)
	p("| %d | therapeutic percutaneous and transluminal procedures, closed fracture fixation |", hPerc)
	p("| %d | therapeutic endoscopy, minor open operations |", hEndo)
	p("| %d | minor operations |", hMinor)
	p("| %d | diagnostic endoscopy, biopsy |", hDiag)
	p("| %d | minimal procedures (injections, simple extraction) |", hLow)
	p("| %d | tests that group only when nothing else was done (retinal evaluation) |", hTest)
	p("| 0 | `non_grouping`: never dominant |")
	p("")
	p("- **`non_grouping`** (hierarchy 0): diagnostic imaging, tests and rehabilitation (U01–U54, so imaging is low and")
	p("  never drives the HRG), Y and Z subsidiary method and site codes, the site codes of chapter O, the X99.7–X99.9")
	p("  placeholders, drug administration, radiotherapy, chemotherapy and high-cost drug codes (X28–X98), induction of")
	p("  labour, obstetric scans, neurophysiological tests, oxygen and respiratory tests, catheterisation (M47),")
	p("  intubation of stomach (G47), embolic protection (L73), catheter unblocking (L92), lymphangiography (T90).")
	p("- **`intervention`** (counted by the intervention splits): ventilation and respiratory support (E85, E89),")
	p("  transfusion, renal and liver support, resuscitation, intubation, artificial support (X33 except the stem cell")
	p("  transplants X33.4–X33.6, which group to SA16; X40–X43, X50, X56, X58), central venous and umbilical catheters")
	p("  (L91, O15), pleural puncture and pleurodesis (T12–T13),")
	p("  paracentesis (T46), diagnostic lumbar puncture (A55), bone marrow aspiration and biopsy (W35–W36) — all")
	p("  `non_grouping`, so they add to a diagnosis-driven HRG rather than replace it — and skin grafts and burn")
	p("  debridement (S33–S39, S54–S57), which group to JC roots but also count as interventions (for burns).")
	p("- **Conditional rows** (`when_diagnosis`, placed before the unconditional row for the same codes):")
	p("  - endoscopies of the digestive tract when the primary diagnosis is a gastrointestinal bleed (`%s`) group to", giBleed)
	p("    FD01 (gastrointestinal bleeding) and count as an intervention;")
	p("  - percutaneous coronary intervention when the primary is an acute myocardial infarction (I21–I23) → EY40, else EY41;")
	p("  - every orthopaedic rule with a non-trauma root HNxy (x site: 1 hip, 2 knee, 3 ankle and foot, 4 hand,")
	p("    5 shoulder, 6 elbow; y size: 2 very major … 6 minimal) has a trauma twin when the primary is an injury")
	p("    (`%s`): HTxy (HTx5 for size 6), HT81 for HN80/HN81, HT86 for HN85/HN86/HN93;", injuryPrimary)
	p("  - fracture and dislocation operations (W19–W30, W65–W68, O17) take the trauma root of the injured region")
	p("    (HT1y hip and thigh S70–S79, HT2y knee and leg S80–S89, HT3y ankle and foot S90–S99, HT4y wrist and hand")
	p("    S60–S69, HT5y shoulder and arm S40–S49, HT6y elbow and forearm S50–S59; y = 3 open reduction, 4 closed")
	p("    reduction and fixation, 5 other closed reduction), HT81 for a pelvic injury, HT86 for another injury, and")
	p("    HN85/HN86/HN93 without an injury primary (pathological fractures).")
	p("")
	p("| # | codes (rule) | hierarchy | root | flags | conditional variants | what |")
	p("|---:|---|---:|---|---|---|---|")
	for i, r := range d.proc {
		var w []string
		for _, v := range r.when {
			diag := v.diag
			if diag == giBleed {
				diag = "GI bleed"
			}
			w = append(w, fmt.Sprintf("%s → %s", diag, v.root))
		}
		p("| %d | %s | %d | %s | %s | %s | %s |", i+1, mdCodes(r.codes), r.hier, r.root, r.flags, strings.Join(w, "; "), r.note)
	}
	p("")
}

func (d *design) readmePregroup(p printer) {
	p("## Pre-grouping (`pregroup.csv`)")
	p("")
	p("The price list has no burns subchapter (JB in older designs), so burns go to JD07, the skin disorders root,")
	p("whose intervention split then separates burns with grafts or debridement. Multiple trauma uses the VA")
	p("subchapter, whose prices rise with the root number: the more injured body sites, the higher the root.")
	p("")
	p("| priority | rule | min_sites | root | fires on |")
	p("|---:|---|---:|---|---|")
	for _, r := range pregroupRules {
		p("| %d | %s | %s | %s | %s |", r.priority, r.rule, strings.TrimPrefix(fmt.Sprint(r.minSites), "0"), r.root, r.note)
	}
	p("")
}

func (d *design) readmeCC(p printer) {
	p("## CC lists (`cc.csv`) and exclusions (`cc_exclusions.csv`)")
	p("")
	p("The CC lists are the per-subchapter lists inferred from the official 2024/25 grouper's behaviour by")
	p("ansalls/HRG-Grouper-Analysis (`shared/data/grouper/cc_lists`; derived data, may be incomplete). Their second")
	p("column is the number of observations of the inference, **not a CC weight**: every code here weighs 1. A listed")
	p("4-character code whose category is subdivided at the 5th character (J960) stands for all its subdivisions.")
	p("Lists are written compactly (whole categories as ranges), one row per subchapter and ICD-10 letter, only for")
	p("subchapters with CC splits. Subchapters without an inferred list borrow the list of the nearest subchapter of")
	p("the same chapter:")
	p("")
	p("| subchapter | list used |")
	p("|---|---|")
	for _, sub := range slices.Sorted(maps.Keys(d.ccSources)) {
		src := d.ccSources[sub]
		note := "`" + d.in.ccFiles[src] + "`"
		if src != sub {
			note += " (borrowed from " + src + ")"
		}
		p("| %s | %s |", sub, note)
	}
	p("")
	p("**Exclusions**: a secondary diagnosis in the same ICD-10 block as the primary (one of the %d blocks of the", len(d.exclRows))
	p("code list, such as I20–I25 or E10–E14) does not count towards the CC score, so a condition cannot be its own")
	p("complication; the primary itself never counts, and each distinct code counts once.")
	p("")
}

func (d *design) readmeSplits(p printer) {
	p("## Split rules (`splits.csv`)")
	p("")
	p("Split rules come from the price list. A root's priced HRGs are read in letter order and cut into **series**:")
	p("a new series starts at each letter whose ordinary elective plus non-elective price is higher than the letter")
	p("before (prices fall within a series). Then:")
	p("")
	p("- **one HRG** (`Z` or a single letter): one rule without conditions;")
	p("- **one series**: CC bands, the first letter the highest band. A series of up to %d letters uses bands one", narrowSeriesMax)
	p("  point wide (CC 2+, 1, 0, as in the published NZ30 labels), a longer one bands two points wide (CC 8+, 6–7, 4–5,")
	p("  2–3, 0–1);")
	p("- **two single letters, the second dearer** (as in many eye, ENT and dental roots): an age split, the second")
	p("  letter for ages 0–%d (infant age codes count as 0), the first for 19 and over and for unknown ages (the", childMaxAge)
	p("  official 2024/25 grouper treated age 999 as adult);")
	p("- **every letter dearer than the one before** (three or more, for example the multiple-trauma VA roots): CC")
	p("  bands read in reverse, the dearest letter for the highest band;")
	p("- **several series otherwise**: an intervention split, as in the published HRG4+ pattern \"with multiple /")
	p("  single / without interventions\": with two series the first needs 1+ interventions; with three, the first")
	p("  2+, the second exactly 1; the last series has no intervention condition. CC bands within each series as above.")
	p("")
	p("Every root's last rule has no conditions, so no episode falls through. Counts:")
	p("")
	count := map[string][]string{}
	for _, r := range d.roots {
		count[d.patterns[r]] = append(count[d.patterns[r]], r)
	}
	p("| pattern | roots | examples |")
	p("|---|---:|---|")
	for _, pat := range []string{patternSingle, patternCC, patternAge, patternReverseCC, patternInterv} {
		rs := count[pat]
		p("| %s | %d | %s |", pat, len(rs), strings.Join(rs[:min(len(rs), 12)], " "))
	}
	p("")
	p("Age-split roots: %s. Reverse CC roots: %s.", strings.Join(count[patternAge], " "), strings.Join(count[patternReverseCC], " "))
	p("")
}

func (d *design) readmeUnbundled(p printer) {
	p("## Unbundled HRGs (`unbundled.csv`)")
	p("")
	p("The APC price list holds no rehabilitation (VC), specialist palliative care (SD), critical care (XA–XC) or")
	p("chemotherapy delivery HRGs, so the demo has no day-count triggers. It uses the priced same-day HRGs as")
	p("procedure-triggered unbundled HRGs (one per distinct procedure):")
	p("")
	p("| trigger | codes | HRG | what |")
	p("|---|---|---|---|")
	for _, u := range d.unbundled {
		p("| %s | %s | %s | %s |", u.trigger, mdCodes(u.codes), u.hrg, u.note)
	}
	p("")
	p("Same-day chemotherapy and radiotherapy are core HRGs instead: Z51.1–Z51.2 → SB97Z, Z51.0 → SC97Z.")
	p("")
}

func (d *design) readmeRoots(p printer) {
	p("## Roots by subchapter")
	p("")
	used := map[string]bool{}
	for _, r := range d.roots {
		used[r] = true
	}
	bySub := map[string][]string{}
	for r := range d.priceRoots() {
		bySub[r[:2]] = append(bySub[r[:2]], r)
	}
	p("| subchapter | used | not used |")
	p("|---|---|---|")
	for _, sub := range slices.Sorted(maps.Keys(bySub)) {
		var u, n []string
		for _, r := range slices.Sorted(slices.Values(bySub[sub])) {
			if used[r] {
				u = append(u, r)
			} else {
				n = append(n, r)
			}
		}
		p("| %s | %s | %s |", sub, strings.Join(u, " "), strings.Join(n, " "))
	}
	p("")
	p("Unused roots are not in `hrgs.csv`: nothing in the demo leads to them (RD97, RN97 and LA97 appear only as")
	p("unbundled HRGs; UZ01 is the error HRG).")
	p("")
}

func readmeSources(p printer) {
	p("## Sources and licences")
	p("")
	p("- HRG codes: NHS England SUS tariff reference data 2024/25 (APC spell prices), via ansalls/HRG-Grouper-Analysis.")
	p("  Contains public sector information licensed under the Open Government Licence v3.0.")
	p("- CC lists: inferred by ansalls/HRG-Grouper-Analysis (`data/cc_lists/`), MIT licence, © its authors; derived")
	p("  data, may be incomplete. MIT notice: \"Permission is hereby granted, free of charge, to any person obtaining a")
	p("  copy of this software and associated documentation files (the \"Software\"), to deal in the Software without")
	p("  restriction … The above copyright notice and this permission notice shall be included in all copies or")
	p("  substantial portions of the Software. THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND.\"")
	p("- ICD-10 and OPCS-4 code lists: UK Biobank data-codings 19 and 240 (see `internal/refdata/data/README.md`).")
	p("  ICD-10 © World Health Organization; OPCS-4 © Crown copyright.")
	p("- The mapping, hierarchy, split and exclusion rules are hrgflow's own and illustrative.")
}
