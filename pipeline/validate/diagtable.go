package validate

import (
	"github.com/hrgflow/hrgflow/internal/codelist"
	"github.com/hrgflow/hrgflow/schemas"
)

// diagEntry is what checking a diagnosis position needs to know about a
// packed ICD-10 code, precomputed by New: one array lookup per position
// instead of two ICD10Info copies and the 5th-character fallback.
type diagEntry struct {
	flags diagFlags
	// sexBad is the SEX value ('1' or '2') of a patient the code does not
	// suit, 0 when it suits both.
	sexBad byte
	// minAge and maxAge are the code's age limits clamped to [-1, 1000],
	// which keeps every comparison with an age of 0–130 as it was; with no
	// limit they are 0 and 1000, which no such age fails.
	minAge, maxAge int16
}

// diagFlags are the yes/no facts of a diagEntry.
type diagFlags uint8

const (
	// diagUsable: the code may stand at its position (Valid or Parent,
	// after the optional 5th-character fallback).
	diagUsable diagFlags = 1 << iota
	// diagDagger and diagAsterisk are the code's TRUD usage.
	diagDagger
	diagAsterisk
)

// unknownDiag is the entry of a code the code list knows nothing about:
// not usable, no restrictions. It is entry 0 of every diagTable.
var unknownDiag = diagEntry{minAge: 0, maxAge: 1000}

// diagTable maps every packed ICD-10 code to its diagEntry through a dense
// index, as codelist.Table does; most codes share a few entries. The
// index is a byte a code (300 KiB, kinder to the caches) when there are at
// most 256 entries, as with the embedded lists, else two bytes.
type diagTable struct {
	idx8    []uint8  // by schemas.ICD10, when len(entries) <= 256
	idx16   []uint16 // by schemas.ICD10, otherwise
	entries []diagEntry
}

// newDiagTable precomputes the entries of every packed code of codes.
func newDiagTable(codes *codelist.Table) diagTable {
	t := diagTable{entries: []diagEntry{unknownDiag}}
	idx := make([]uint16, schemas.NumICD10)
	seen := map[diagEntry]uint16{unknownDiag: 0}
	for c := schemas.ICD10(1); c < schemas.NumICD10; c++ {
		en := newDiagEntry(codes, c)
		if en == unknownDiag {
			continue
		}
		i, ok := seen[en]
		if !ok {
			i = uint16(len(t.entries))
			t.entries = append(t.entries, en)
			seen[en] = i
		}
		idx[c] = i
	}
	if len(t.entries) > 256 {
		t.idx16 = idx
		return t
	}
	t.idx8 = make([]uint8, len(idx))
	for c, i := range idx {
		t.idx8[c] = uint8(i)
	}
	return t
}

// newDiagEntry derives c's entry from the code list exactly as the
// per-position checks used to: a code that is not valid but carries an
// accepted optional 5th character takes its 4-character code's facts.
func newDiagEntry(codes *codelist.Table, c schemas.ICD10) diagEntry {
	info := codes.ICD10(c)
	if c4 := codes.ICD10(c.Code4()); !info.Valid && optionalFifth(c) && (c4.Valid || c4.Parent) {
		info = c4
		info.Valid = true
	}
	en := unknownDiag
	if info.Valid || info.Parent {
		en.flags |= diagUsable
	}
	switch info.Usage {
	case codelist.UsageDagger:
		en.flags |= diagDagger
	case codelist.UsageAsterisk:
		en.flags |= diagAsterisk
	}
	switch info.Sex {
	case codelist.SexMale:
		en.sexBad = '2'
	case codelist.SexFemale:
		en.sexBad = '1'
	}
	if info.HasAgeLimit() {
		en.minAge, en.maxAge = clampAge(info.MinAge), clampAge(info.MaxAge)
	}
	return en
}

// clampAge bounds an age limit to [-1, 1000] for an int16.
func clampAge(a int) int16 { return int16(min(max(a, -1), 1000)) }

// lookup returns the entry of c, a packed code from NormalizeICD10.
func (t *diagTable) lookup(c schemas.ICD10) *diagEntry {
	if t.idx8 != nil {
		if uint(c) < uint(len(t.idx8)) {
			return &t.entries[t.idx8[c]]
		}
	} else if uint(c) < uint(len(t.idx16)) {
		return &t.entries[t.idx16[c]]
	}
	return &t.entries[0]
}
