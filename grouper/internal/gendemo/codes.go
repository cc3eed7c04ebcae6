package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hrgflow/hrgflow/schemas"
)

// span is an inclusive range of packed codes, as the grouper expands a code
// list item.
type span struct{ lo, hi uint32 }

// icdItem returns the packed range a design code list item covers, with the
// semantics of docs/design-format.md: an exact code covers itself only, a
// prefix "p*" every code starting with p, a range "A-B" everything from the
// first code starting with A to the last code starting with B.
func icdItem(item string) (span, error) {
	bound := func(p string, hi bool) (uint32, error) {
		const low, high = "A000", "Z99X9"
		var s string
		if hi {
			s = p + high[len(p):]
		} else {
			s = p + low[min(len(p), 4):]
		}
		c, _, ok := schemas.NormalizeICD10(s)
		if !ok || len(p) < 1 || len(p) > 5 {
			return 0, fmt.Errorf("ICD-10 item %q: not a code or prefix", item)
		}
		return uint32(c), nil
	}
	return listItem(item, bound)
}

// opcsItem returns the packed range an OPCS-4 code list item covers.
func opcsItem(item string) (span, error) {
	bound := func(p string, hi bool) (uint32, error) {
		pad := "000"
		if hi {
			pad = "999"
		}
		if len(p) < 1 || len(p) > 4 {
			return 0, fmt.Errorf("OPCS-4 item %q: not a code or prefix", item)
		}
		c, _, ok := schemas.NormalizeOPCS4(p + pad[len(p)-1:])
		if !ok {
			return 0, fmt.Errorf("OPCS-4 item %q: not a code or prefix", item)
		}
		return uint32(c), nil
	}
	return listItem(item, bound)
}

// listItem turns an item into a span with bound, which pads a prefix to its
// first or last code. An exact code covers itself only (a 4-character
// ICD-10 code does not cover its 5th-character extensions).
func listItem(item string, bound func(p string, hi bool) (uint32, error)) (span, error) {
	a, b, exact := item, item, true
	switch {
	case strings.HasSuffix(item, "*"):
		a, b, exact = item[:len(item)-1], item[:len(item)-1], false
	case strings.Contains(item, "-"):
		a, b, _ = strings.Cut(item, "-")
		exact = false
	}
	lo, err := bound(a, false)
	if err != nil {
		return span{}, err
	}
	if exact {
		return span{lo, lo}, nil
	}
	hi, err := bound(b, true)
	if err != nil {
		return span{}, err
	}
	if hi < lo {
		return span{}, fmt.Errorf("item %q: range ends before it starts", item)
	}
	return span{lo, hi}, nil
}

// parseList parses a ';'-separated code list with item.
func parseList(list string, item func(string) (span, error)) ([]span, error) {
	var out []span
	for it := range strings.SplitSeq(list, ";") {
		sp, err := item(strings.TrimSpace(it))
		if err != nil {
			return nil, err
		}
		out = append(out, sp)
	}
	return out, nil
}

// inList reports whether c lies in one of the spans.
func inList(spans []span, c uint32) bool {
	for _, s := range spans {
		if c >= s.lo && c <= s.hi {
			return true
		}
	}
	return false
}

// codeKind describes how one classification's codes group for compaction:
// the 3-character category of a code, the key below it (the 4-character
// code for ICD-10, the code itself for OPCS-4), and their texts.
type codeKind struct {
	category func(c uint32) uint32
	key      func(c uint32) uint32
	text     func(c uint32) string
	catText  func(c uint32) string
	item     func(string) (span, error)
}

var icdKind = codeKind{
	category: func(c uint32) uint32 { return uint32(schemas.ICD10(c).CategoryIndex()) },
	key:      func(c uint32) uint32 { return uint32(schemas.ICD10(c).Code4()) },
	text:     func(c uint32) string { return schemas.ICD10(c).String() },
	catText:  func(c uint32) string { return schemas.ICD10(c).String()[:3] },
	item:     icdItem,
}

var opcsKind = codeKind{
	category: func(c uint32) uint32 { return (c - 1) / 10 },
	key:      func(c uint32) uint32 { return c },
	text:     func(c uint32) string { return schemas.OPCS4(c).String() },
	catText:  func(c uint32) string { return schemas.OPCS4(c).String()[:3] },
	item:     opcsItem,
}

// compact writes, for every owner, a short code list that covers exactly
// the universe codes it owns and no code another owner covers: runs of
// whole 3-character categories become ranges (A00-A09) or prefixes (A00*),
// the rest of a shared category runs of keys, and codes below a shared
// ICD-10 4-character key exact codes. codes must be sorted; owner[i] is the
// owner of codes[i] (-1 for none). With breakAtLetter no item spans two
// first letters.
func (k codeKind) compact(codes []uint32, owner []int, breakAtLetter bool) (map[int][]string, error) {
	out := map[int][]string{}
	type run struct {
		owner    int
		from, to uint32 // first and last code of the run
		whole    bool
	}
	var cur *run
	flush := func() {
		if cur == nil || cur.owner < 0 {
			cur = nil
			return
		}
		a, b := k.catText(cur.from), k.catText(cur.to)
		if a == b {
			out[cur.owner] = append(out[cur.owner], a+"*")
		} else {
			out[cur.owner] = append(out[cur.owner], a+"-"+b)
		}
		cur = nil
	}
	for i := 0; i < len(codes); {
		j := i
		for j < len(codes) && k.category(codes[j]) == k.category(codes[i]) {
			j++
		}
		o, whole := owner[i], true
		for _, x := range owner[i:j] {
			whole = whole && x == o
		}
		newLetter := cur != nil && breakAtLetter && k.text(cur.to)[0] != k.text(codes[i])[0]
		switch {
		case whole && cur != nil && cur.owner == o && !newLetter:
			cur.to = codes[j-1]
		case whole:
			flush()
			cur = &run{owner: o, from: codes[i], to: codes[j-1], whole: true}
		default:
			flush()
			if err := k.compactCategory(codes[i:j], owner[i:j], out); err != nil {
				return nil, err
			}
		}
		i = j
	}
	flush()
	return out, nil
}

// compactCategory writes the items of one category whose codes have
// different owners.
func (k codeKind) compactCategory(codes []uint32, owner []int, out map[int][]string) error {
	type keyRun struct {
		owner    int
		from, to uint32 // first and last key
		single   bool   // one key that is itself the only universe code under it
	}
	var cur *keyRun
	flush := func() {
		if cur == nil || cur.owner < 0 {
			cur = nil
			return
		}
		switch a, b := k.text(cur.from), k.text(cur.to); {
		case a != b:
			out[cur.owner] = append(out[cur.owner], a+"-"+b)
		case cur.single:
			out[cur.owner] = append(out[cur.owner], a)
		default:
			out[cur.owner] = append(out[cur.owner], a+"*")
		}
		cur = nil
	}
	for i := 0; i < len(codes); {
		j := i
		for j < len(codes) && k.key(codes[j]) == k.key(codes[i]) {
			j++
		}
		key, o, whole := k.key(codes[i]), owner[i], true
		for _, x := range owner[i:j] {
			whole = whole && x == o
		}
		switch {
		case whole && cur != nil && cur.owner == o:
			cur.to, cur.single = key, false
		case whole:
			flush()
			cur = &keyRun{owner: o, from: key, to: key, single: j-i == 1 && codes[i] == key}
		default:
			flush()
			for n, c := range codes[i:j] {
				if c == key {
					return fmt.Errorf("%s and its extensions have different owners: cannot write it as a code list", k.text(key))
				}
				if o := owner[i+n]; o >= 0 {
					out[o] = append(out[o], k.text(c))
				}
			}
		}
		i = j
	}
	flush()
	return nil
}

// claim gives every universe code the index of the first rule whose list
// covers it. It returns the owners (-1 where no rule covers a code) and an
// error naming any rule that claims no code.
func (k codeKind) claim(codes []uint32, lists []string, what func(i int) string) ([]int, error) {
	owner := make([]int, len(codes))
	for i := range owner {
		owner[i] = -1
	}
	for r, list := range lists {
		spans, err := parseList(list, k.item)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what(r), err)
		}
		if err := k.exactHasExtensions(codes, list); err != nil {
			return nil, fmt.Errorf("%s: %w", what(r), err)
		}
		n := 0
		for _, sp := range spans {
			lo, _ := slices.BinarySearch(codes, sp.lo)
			for i := lo; i < len(codes) && codes[i] <= sp.hi; i++ {
				if owner[i] < 0 {
					owner[i] = r
					n++
				}
			}
		}
		if n == 0 {
			return nil, fmt.Errorf("%s: claims no code that an earlier rule has not", what(r))
		}
	}
	return owner, nil
}

// checkExact verifies written lists: every universe code is covered by its
// owner's list only, and no two items overlap anywhere in the packed code
// space.
func checkExact(codes []uint32, owner []int, lists map[int][]string, item func(string) (span, error), text func(uint32) string) error {
	type ownedSpan struct {
		span
		owner int
	}
	var all []ownedSpan
	for o, items := range lists {
		for _, it := range items {
			sp, err := item(it)
			if err != nil {
				return err
			}
			all = append(all, ownedSpan{sp, o})
		}
	}
	slices.SortFunc(all, func(a, b ownedSpan) int { return int(int64(a.lo) - int64(b.lo)) })
	for i := 1; i < len(all); i++ {
		if all[i].lo <= all[i-1].hi {
			return fmt.Errorf("compaction: items of owners %d and %d overlap at %s", all[i-1].owner, all[i].owner, text(all[i].lo))
		}
	}
	for i, c := range codes {
		j, found := slices.BinarySearchFunc(all, c, func(a ownedSpan, c uint32) int { return int(int64(a.lo) - int64(c)) })
		if !found {
			j--
		}
		got := -1
		if j >= 0 && c <= all[j].hi {
			got = all[j].owner
		}
		if got != owner[i] {
			return fmt.Errorf("compaction: %s is covered by owner %d, want %d", text(c), got, owner[i])
		}
	}
	return nil
}

// exactHasExtensions fails when an exact code of list has longer universe
// codes under it (J960 with J9600…): the item would leave them out, which a
// rule table never means (write the prefix, J960*).
func (k codeKind) exactHasExtensions(codes []uint32, list string) error {
	for it := range strings.SplitSeq(list, ";") {
		it = strings.TrimSpace(it)
		if strings.ContainsAny(it, "*-") {
			continue
		}
		sp, err := k.item(it)
		if err != nil {
			return err
		}
		i, _ := slices.BinarySearch(codes, sp.lo+1)
		if i < len(codes) {
			if next := k.text(codes[i]); len(next) > len(it) && strings.HasPrefix(next, it) {
				return fmt.Errorf("exact code %s leaves out %s: write %s*", it, next, it)
			}
		}
	}
	return nil
}
