package grouper

import (
	"encoding/binary"
	"slices"
)

// interner numbers distinct lists of row indices, so that a dense
// per-code slice can hold a uint16 list id instead of a list. Lists grow
// one row at a time (add), in row order; set 0 is the empty list. A list
// is closed when one of its rows closes it (a procedure row without
// when_diagnosis): the caller stops adding to closed lists.
type interner struct {
	ids      map[string]uint16
	sets     [][]uint16
	closed   []bool
	memo     map[[2]uint16]uint16
	last     [3]uint16 // from, row, to of the last add: runs of codes share them
	lastOK   bool
	overflow bool // more than 65,535 lists
}

func newInterner() *interner {
	return &interner{
		ids: map[string]uint16{"": 0}, sets: [][]uint16{nil}, closed: []bool{false},
		memo: map[[2]uint16]uint16{},
	}
}

// add returns the id of list from with row appended; closes marks the new
// list closed.
func (in *interner) add(from, row uint16, closes bool) uint16 {
	if in.lastOK && in.last[0] == from && in.last[1] == row {
		return in.last[2]
	}
	key := [2]uint16{from, row}
	to, ok := in.memo[key]
	if !ok {
		set := append(slices.Clone(in.sets[from]), row)
		k := listKey(set)
		if to, ok = in.ids[k]; !ok {
			if len(in.sets) > 0xFFFF {
				in.overflow = true
				return from
			}
			to = uint16(len(in.sets))
			in.ids[k] = to
			in.sets = append(in.sets, set)
			in.closed = append(in.closed, in.closed[from] || closes)
		}
		in.memo[key] = to
	}
	in.last, in.lastOK = [3]uint16{from, row, to}, true
	return to
}

// listKey is a map key holding the bytes of l.
func listKey(l []uint16) string {
	b := make([]byte, 0, 2*len(l))
	for _, v := range l {
		b = binary.LittleEndian.AppendUint16(b, v)
	}
	return string(b)
}

// lists returns the interned lists stored flat.
func (in *interner) lists() lists {
	l := lists{start: make([]uint32, 0, len(in.sets)+1)}
	for _, s := range in.sets {
		l.start = append(l.start, uint32(len(l.items)))
		l.items = append(l.items, s...)
	}
	l.start = append(l.start, uint32(len(l.items)))
	return l
}
