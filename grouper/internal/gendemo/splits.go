package main

import (
	"fmt"
	"strconv"
)

// splitRow is one row of splits.csv. Blank bounds are "".
type splitRow struct {
	root, hrg, label                   string
	order                              int
	ccMin, ccMax, ageMin, ageMax       string
	interventionsMin, interventionsMax string
}

// The patterns a root's split letters follow, decided from prices.
const (
	patternSingle    = "single"        // one HRG: no condition
	patternCC        = "cc"            // CC bands in letter order
	patternAge       = "age"           // two letters, the second dearer: 19 and over / 18 and under
	patternReverseCC = "reverse-cc"    // every letter dearer than the one before: CC bands in reverse
	patternInterv    = "interventions" // series of letters by intervention count, CC bands within
	childMaxAge      = 18              // last age of the "18 and under" split
	narrowSeriesMax  = 3               // series up to this length use CC bands one point wide
)

// series cuts a root's priced HRGs into runs: a new run starts at each
// letter whose ordinary elective plus non-elective price is higher than the
// previous letter's.
func series(ps []price) [][]price {
	var out [][]price
	for i, p := range ps {
		if i == 0 || p.elective+p.nonE > ps[i-1].elective+ps[i-1].nonE {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], p)
	}
	return out
}

// pattern decides how a root's letters split.
func pattern(ps []price) string {
	s := series(ps)
	switch {
	case len(ps) == 1:
		return patternSingle
	case len(s) == 1:
		return patternCC
	case len(s) == len(ps) && len(ps) == 2:
		return patternAge
	case len(s) == len(ps):
		return patternReverseCC
	}
	return patternInterv
}

// splitRules derives the split rules of one root from its priced HRGs.
func splitRules(root string, ps []price) []splitRow {
	var rows []splitRow
	add := func(r splitRow) {
		r.root, r.order = root, 10*(len(rows)+1)
		rows = append(rows, r)
	}
	switch pattern(ps) {
	case patternSingle:
		add(splitRow{hrg: ps[0].hrg})
	case patternCC:
		for _, r := range ccBands(ps) {
			add(r)
		}
	case patternAge:
		add(splitRow{hrg: ps[1].hrg, ageMin: "0", ageMax: strconv.Itoa(childMaxAge), label: "18 and under"})
		add(splitRow{hrg: ps[0].hrg, label: "19 and over"})
	case patternReverseCC:
		rev := make([]price, len(ps))
		for i, p := range ps {
			rev[len(ps)-1-i] = p
		}
		for _, r := range ccBands(rev) {
			add(r)
		}
	case patternInterv:
		ss := series(ps)
		for i, s := range ss {
			n := len(ss) - 1 - i // interventions this series needs
			for _, r := range ccBands(s) {
				if n > 0 {
					r.interventionsMin = strconv.Itoa(n)
					if i > 0 {
						r.interventionsMax = strconv.Itoa(n)
					}
					r.label = joinLabel(interventionLabel(n, i == 0), r.label)
				} else {
					r.label = joinLabel("no interventions", r.label)
				}
				add(r)
			}
		}
	}
	return rows
}

// ccBands gives letters from the highest CC band down: with n letters and
// width w (1 for up to three letters, else 2), letter k (0-based) needs a
// CC score of at least (n-1-k)*w; the last letter takes every score left.
func ccBands(ps []price) []splitRow {
	n, w := len(ps), 1
	if n > narrowSeriesMax {
		w = 2
	}
	out := make([]splitRow, n)
	for k, p := range ps {
		lo := (n - 1 - k) * w
		r := splitRow{hrg: p.hrg}
		switch {
		case n == 1:
		case k == 0:
			r.ccMin, r.label = strconv.Itoa(lo), fmt.Sprintf("CC %d+", lo)
		case k == n-1:
			r.label = ccLabel(0, w-1)
		default:
			r.ccMin, r.ccMax, r.label = strconv.Itoa(lo), strconv.Itoa(lo+w-1), ccLabel(lo, lo+w-1)
		}
		out[k] = r
	}
	return out
}

func ccLabel(lo, hi int) string {
	if lo == hi {
		return fmt.Sprintf("CC %d", lo)
	}
	return fmt.Sprintf("CC %d-%d", lo, hi)
}

func interventionLabel(n int, orMore bool) string {
	switch {
	case orMore && n == 1:
		return "1+ interventions"
	case orMore:
		return fmt.Sprintf("%d+ interventions", n)
	case n == 1:
		return "1 intervention"
	}
	return fmt.Sprintf("%d interventions", n)
}

func joinLabel(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + ", " + b
}
