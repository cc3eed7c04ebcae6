package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// buildCC writes the CC list of every subchapter whose roots have CC
// bands: the subchapter's inferred list, or the list it borrows. A listed
// 4-character code that has 5th-character subdivisions (J960) stands for
// all of them. Every code counts 1 point.
func (d *design) buildCC() error {
	needs := map[string]bool{}
	for _, s := range d.splits {
		if s.ccMin != "" {
			needs[s.root[:2]] = true
		}
	}
	d.ccSources = map[string]string{}
	for _, sub := range slices.Sorted(maps.Keys(needs)) {
		src := sub
		if _, ok := d.in.ccLists[sub]; !ok {
			src = ccBorrow[sub]
		}
		codes, ok := d.in.ccLists[src]
		if !ok {
			return fmt.Errorf("subchapter %s has CC bands but no CC list and none to borrow", sub)
		}
		d.ccSources[sub] = src
		rows, err := d.ccList(codes)
		if err != nil {
			return fmt.Errorf("CC list %s: %w", d.in.ccFiles[src], err)
		}
		for _, r := range rows {
			d.ccRows = append(d.ccRows, [3]string{sub, r, "1"})
		}
	}
	return nil
}

// ccList compacts one CC list into one code list per ICD-10 chapter
// letter.
func (d *design) ccList(codes []string) ([]string, error) {
	owner := make([]int, len(d.in.icd))
	for i := range owner {
		owner[i] = -1
	}
	for _, c := range codes {
		if len(c) == 4 {
			c += "*" // a 4-character code stands for its subdivisions too
		}
		sp, err := icdItem(c)
		if err != nil {
			return nil, err
		}
		lo, _ := slices.BinarySearch(d.in.icd, sp.lo)
		n := 0
		for i := lo; i < len(d.in.icd) && d.in.icd[i] <= sp.hi; i++ {
			owner[i], n = 0, n+1
		}
		if n == 0 {
			return nil, fmt.Errorf("code %s is not an ICD-10 code of the code list", c)
		}
	}
	lists, err := icdKind.compact(d.in.icd, owner, true)
	if err != nil {
		return nil, err
	}
	if err := checkExact(d.in.icd, owner, lists, icdItem, icdKind.text); err != nil {
		return nil, err
	}
	var rows []string
	var cur []string
	for i, it := range lists[0] {
		if i > 0 && it[0] != lists[0][i-1][0] {
			rows, cur = append(rows, strings.Join(cur, ";")), nil
		}
		cur = append(cur, it)
	}
	if len(cur) > 0 {
		rows = append(rows, strings.Join(cur, ";"))
	}
	return rows, nil
}

// buildExclusions writes one exclusion per ICD-10 block: a secondary
// diagnosis in the same block as the primary does not count as a CC.
func (d *design) buildExclusions() error {
	var prev string
	for _, b := range d.in.blocks {
		from, to, ok := strings.Cut(b, "-")
		if !ok || len(from) != 3 || len(to) != 3 || to < from {
			return fmt.Errorf("ICD-10 block %q is not a range of categories", b)
		}
		if prev != "" && from <= prev {
			return fmt.Errorf("ICD-10 block %s overlaps the block before it", b)
		}
		prev = to
		list := b
		if from == to {
			list = from + "*"
		}
		d.exclRows = append(d.exclRows, [2]string{list, list})
	}
	return nil
}
