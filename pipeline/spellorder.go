package pipeline

import (
	"context"
	"fmt"
	"hash/maphash"
)

// SpellOrder says whether the input's rows are ordered by spell, which
// decides how spells are assembled: streamed (sorted) or through hash
// partitions in temporary files (unsorted).
type SpellOrder int

// The spell orders.
const (
	// SpellOrderAuto probes the first rows of each file (probeRows or
	// probeBytes, whichever comes first) and reads the file as unsorted
	// when a spell key comes back after another spell began.
	SpellOrderAuto SpellOrder = iota
	// SpellOrderSorted streams: the episodes of a spell are consecutive
	// rows. Rows of one spell that are apart become separate spells.
	SpellOrderSorted
	// SpellOrderUnsorted partitions every file by spell key.
	SpellOrderUnsorted
)

// ParseSpellOrder reads a --spells value: auto, sorted or unsorted.
func ParseSpellOrder(s string) (SpellOrder, error) {
	switch s {
	case "auto", "":
		return SpellOrderAuto, nil
	case "sorted":
		return SpellOrderSorted, nil
	case "unsorted":
		return SpellOrderUnsorted, nil
	}
	return 0, fmt.Errorf("spell order %q: want auto, sorted or unsorted", s)
}

// String returns the name ParseSpellOrder reads.
func (o SpellOrder) String() string {
	return [...]string{"auto", "sorted", "unsorted"}[o]
}

// The probe's window: shuffled input shows a spell key again within a few
// hundred rows; the window bounds the probe's time and memory (a 64-bit
// hash per spell: about 8 MiB at most).
const (
	probeRows  = 262_144
	probeBytes = 64 << 20
)

// probeSpellOrder opens its own reader of in (a copy: in is untouched)
// and reports whether a spell key of the file's first rows comes back
// after a different spell began. Files without spell-key columns, or whose
// reader cannot give rows as lines, count as sorted. A read error ends the
// probe quietly: the real read reports it, with its line.
func probeSpellOrder(ctx context.Context, in *inputFile, cfg Config) (bool, error) {
	probe := *in
	cfg.Progress = nil
	src, err := openSource(ctx, &probe, cfg)
	if err != nil {
		return false, err
	}
	defer func() { _ = src.close() }()
	ls, ok := src.(lineSource)
	if !ok || len(probe.cols.spellKey) == 0 {
		return false, nil
	}
	seed := maphash.MakeSeed()
	seen := map[uint64]struct{}{}
	cut := spellCutter{cols: probe.cols.spellKey}
	var last uint64
	var bytes int64
	for n := 0; n < probeRows && bytes < probeBytes; n++ {
		line, _, ok, err := ls.nextLine()
		if err != nil || !ok {
			return false, nil
		}
		bytes += int64(len(line))
		h := maphash.Bytes(seed, cut.keyOf(line))
		if n > 0 && h == last {
			continue
		}
		if _, again := seen[h]; again {
			return true, nil
		}
		if n > 0 {
			seen[last] = struct{}{}
		}
		last = h
	}
	return false, nil
}
