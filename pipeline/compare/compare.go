package compare

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// Cause is the most likely cause of a spell's differences.
type Cause uint8

// The causes, in the order they are tried: the first that holds for a
// spell is its cause.
const (
	// CauseUnmatched: the spell is on one side only.
	CauseUnmatched Cause = iota
	// CauseCoding: both sides carry the spell's codes, they differ, and so
	// does the grouping (HRG, method, dominant procedure, an episode's).
	CauseCoding
	// CauseDatesLOS: an admission or discharge date, a length of stay or
	// the activity month differs.
	CauseDatesLOS
	// CausePOD: the point of delivery differs.
	CausePOD
	// CauseDesign: the grouping differs with the same codes, or with codes
	// that cannot be checked: the design or grouper version differs.
	CauseDesign
	// CausePriceTable: the grouping, point of delivery and length of stay
	// agree; a price component or excess bed days differ.
	CausePriceTable
	numCauses
)

var causeNames = [numCauses]string{"unmatched", "coding", "dates_los", "pod", "design", "price_table"}

// String returns the cause's name as diff/ Cause holds it.
func (c Cause) String() string {
	if c < numCauses {
		return causeNames[c]
	}
	return fmt.Sprintf("Cause(%d)", uint8(c))
}

// Diff is one difference between the sides: one row of diff/.
type Diff struct {
	Cause        Cause
	CauseDetail  string
	Field        string
	Episode      bool  // an episode-level difference
	EpisodeOrder int32 // position in the spell (1-based) when Episode
	SpellKey     string
	LeftRow      int64 // Null when on the right only
	RightRow     int64 // Null when on the left only
	Provider     string
	Commissioner string
	HRG, POD     string
	Month        string
	Left, Right  string
	ValuePence   int64 // Null when either side carries no prices
	Explain      string
	// LeftTrace and RightTrace are the grouping traces of an hrgflow run
	// side, for the first Options.Traces spells with design differences
	// (after Result.LoadTraces).
	LeftTrace, RightTrace string

	trace int32 // 1 + index in Result.traces; 0 for none
}

// Agreement counts how far the sides agree at one level.
type Agreement struct {
	Left, Right, Matched, LeftOnly, RightOnly, SameHRG, Identical int64
}

// Percent returns 100 × SameHRG / Matched, and false when nothing matched.
func (a Agreement) Percent() (float64, bool) {
	if a.Matched == 0 {
		return 0, false
	}
	return 100 * float64(a.SameHRG) / float64(a.Matched), true
}

// Result is a finished comparison. Its differences are kept in the
// workspace's temporary folder: read them with EachDiff or Diffs, and
// write the datasets with Write, before the workspace is closed.
type Result struct {
	Left, Right *Side
	// Key is the spell key the sides were matched on.
	Key KeyKind
	// Differences is the number of differences (rows of diff/).
	Differences int64
	// Spells and Episodes count agreement; Episodes is nil unless both
	// sides carry episodes.
	Spells   Agreement
	Episodes *Agreement
	// Money reports whether both sides carry prices; the totals are then
	// the sums of the sides' spell payments in pence.
	Money                 bool
	LeftTotal, RightTotal int64
	// Partitions is how many partitions the spells were compared in.
	Partitions int

	cells  map[cellKey]*Cell
	movers map[string]*Mover
	diffs  *spool
	traces []traceReq
}

// Options tunes a comparison.
type Options struct {
	// Key forces the spell key; nil chooses the first both sides carry
	// on (nearly) every spell.
	Key *KeyKind
	// Traces is how many spells with design differences (in diff/ order)
	// get the grouping trace of their hrgflow run sides (LoadTraces).
	Traces int
}

// ErrNoCommonKey means the sides share no spell key.
var ErrNoCommonKey = fmt.Errorf("the two sides share no spell key")

// Compare matches the spells of two sides, opened in the same workspace,
// and finds and classifies their differences. key forces a spell key; nil
// chooses the first one both sides carry on every spell.
func Compare(left, right *Side, key *KeyKind) (*Result, error) {
	return CompareWith(left, right, Options{Key: key})
}

// CompareWith is Compare with options. Spells are compared in partitions
// by a hash of the spell key, each small enough to hold: within one
// partition (small comparisons) diff/ lists the left spells in input order,
// each followed by its differences, then the right side's unmatched
// spells; with several partitions, the same, partition by partition.
func CompareWith(left, right *Side, opts Options) (*Result, error) {
	if left.ws != right.ws {
		return nil, fmt.Errorf("compare: the two sides were opened in different workspaces")
	}
	res := &Result{Left: left, Right: right, Money: left.Has&right.Has&HasPrice != 0,
		cells: map[cellKey]*Cell{}, movers: map[string]*Mover{}}
	if key := opts.Key; key != nil {
		if left.keyShare(*key) == 0 || right.keyShare(*key) == 0 {
			return nil, fmt.Errorf("spell key %v: not carried by both sides (left: %s; right: %s)", *key, keysOf(left), keysOf(right))
		}
		res.Key = *key
	} else {
		k, ok := commonKey(left, right)
		if !ok {
			return nil, fmt.Errorf("%w (left: %s; right: %s)", ErrNoCommonKey, keysOf(left), keysOf(right))
		}
		res.Key = k
	}
	if left.Has&right.Has&HasEpisodes != 0 {
		res.Episodes = &Agreement{}
	}
	var err error
	if res.diffs, err = left.ws.newSpool("diff-*"); err != nil {
		return nil, err
	}
	c := comparer{res: res, both: left.Has & right.Has, ws: left.ws, traces: opts.Traces}
	c.nDiag, c.nProc = min(left.MaxDiags, right.MaxDiags), min(left.MaxProcs, right.MaxProcs)
	c.ls, c.rs = newSpell(), newSpell()
	if err := c.run(); err != nil {
		return nil, err
	}
	return res, res.diffs.finish()
}

// MinKeyShare is the share of spells on each side that must carry a key
// for Compare to prefer it over the keys after it.
const MinKeyShare = 0.95

// commonKey returns the first key kind that at least MinKeyShare of the
// spells of both sides carry, else the one the most carry; false when no
// key is carried by any spell of both sides. Spells without the key are
// reported unmatched.
func commonKey(left, right *Side) (KeyKind, bool) {
	best, bestShare := KeyKind(0), 0.0
	for k := KeyKind(0); k < numKeys; k++ {
		share := min(left.keyShare(k), right.keyShare(k))
		if share >= MinKeyShare {
			return k, true
		}
		if share > bestShare {
			best, bestShare = k, share
		}
	}
	return best, bestShare > 0
}

// keysOf lists the keys a side carries with their shares, for errors.
func keysOf(s *Side) string {
	out := ""
	for k := KeyKind(0); k < numKeys; k++ {
		if share := s.keyShare(k); share > 0 {
			if out != "" {
				out += ", "
			}
			out += fmt.Sprintf("%s (%.1f%% of spells)", k, 100*share)
		}
	}
	if out == "" {
		return "no spell key"
	}
	return out
}

// comparer holds one comparison's state.
type comparer struct {
	res          *Result
	ws           *Workspace
	both         Has
	nDiag, nProc int
	ls, rs       Spell  // decoded spells, reused
	buf          []byte // encoded difference, reused
	spellDiffs   []Diff // the differences of the current spell
	traces       int    // trace requests still to make
}

// part is one partition of one side in memory: its records and, by seq,
// their keys.
type part struct {
	arena []byte
	refs  []partRef
}

type partRef struct {
	seq      int64
	key      []byte // aliases arena
	from, to int
}

func loadPart(s *spool, k KeyKind, arena []byte) (part, error) {
	arena, offs, err := s.readAll(arena[:0])
	if err != nil {
		return part{}, err
	}
	p := part{arena: arena, refs: make([]partRef, len(offs))}
	for i, o := range offs {
		seq, key, err := recordHead(arena[o[0]:o[1]], k)
		if err != nil {
			return part{}, err
		}
		p.refs[i] = partRef{seq, key, o[0], o[1]}
	}
	slices.SortFunc(p.refs, func(a, b partRef) int { return cmp.Compare(a.seq, b.seq) })
	return p, nil
}

// split hash-partitions a side's records by spell key into n spools.
func (c *comparer) split(s *Side, n int) ([]*spool, error) {
	if n == 1 {
		return []*spool{s.spool}, nil
	}
	out := make([]*spool, n)
	for i := range out {
		var err error
		if out[i], err = c.ws.newSpool("part-*"); err != nil {
			return nil, err
		}
	}
	err := s.spool.each(func(rec []byte) error {
		_, key, err := recordHead(rec, c.res.Key)
		if err != nil {
			return err
		}
		return out[fnv64(key)%uint64(n)].add(rec)
	})
	return out, err
}

func (c *comparer) run() error {
	l, r := c.res.Left, c.res.Right
	c.res.Spells.Left, c.res.Spells.Right = l.Spells, r.Spells
	n := c.ws.partitionsFor(l.spool.bytes + r.spool.bytes)
	c.res.Partitions = n
	lparts, err := c.split(l, n)
	if err != nil {
		return err
	}
	rparts, err := c.split(r, n)
	if err != nil {
		return err
	}
	var larena, rarena []byte
	for i := range n {
		lp, err := loadPart(lparts[i], c.res.Key, larena)
		if err != nil {
			return err
		}
		rp, err := loadPart(rparts[i], c.res.Key, rarena)
		if err != nil {
			return err
		}
		if err := c.comparePart(&lp, &rp); err != nil {
			return err
		}
		larena, rarena = lp.arena, rp.arena
		if n > 1 {
			if err := errors.Join(lparts[i].remove(), rparts[i].remove()); err != nil {
				return err
			}
		}
	}
	return nil
}

// comparePart matches one partition: each left spell takes the first
// unused right spell with its key, in input order.
func (c *comparer) comparePart(lp, rp *part) error {
	first := make(map[string]int32, len(rp.refs))
	next := make([]int32, len(rp.refs))
	for j := len(rp.refs) - 1; j >= 0; j-- {
		next[j] = -1
		k := rp.refs[j].key
		if len(k) == 0 {
			continue
		}
		if h, ok := first[string(k)]; ok {
			next[j] = h
		}
		first[string(k)] = int32(j)
	}
	used := make([]bool, len(rp.refs))
	for i := range lp.refs {
		ref := &lp.refs[i]
		if err := decodeSpell(lp.arena[ref.from:ref.to], &c.ls); err != nil {
			return err
		}
		c.addTotals(&c.ls, nil)
		j, ok := first[string(ref.key)]
		if !ok || len(ref.key) == 0 { // no key: never matched
			if err := c.unmatched(&c.ls, true); err != nil {
				return err
			}
			continue
		}
		if next[j] >= 0 {
			first[string(ref.key)] = next[j]
		} else {
			delete(first, string(ref.key))
		}
		used[j] = true
		rr := &rp.refs[j]
		if err := decodeSpell(rp.arena[rr.from:rr.to], &c.rs); err != nil {
			return err
		}
		if err := c.matched(&c.ls, &c.rs); err != nil {
			return err
		}
	}
	for j := range rp.refs {
		rr := &rp.refs[j]
		if err := decodeSpell(rp.arena[rr.from:rr.to], &c.rs); err != nil {
			return err
		}
		c.addTotals(nil, &c.rs)
		if !used[j] {
			if err := c.unmatched(&c.rs, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// addTotals adds a spell's payment to its side's total.
func (c *comparer) addTotals(ls, rs *Spell) {
	if !c.res.Money {
		return
	}
	if ls != nil {
		c.res.LeftTotal += money(ls.Money[MoneyTotal])
	}
	if rs != nil {
		c.res.RightTotal += money(rs.Money[MoneyTotal])
	}
}

// money treats a missing amount as nothing paid.
func money(v int64) int64 {
	if v == Null {
		return 0
	}
	return v
}

// unmatched records a spell found on one side only.
func (c *comparer) unmatched(s *Spell, left bool) error {
	d := c.base(s, nil)
	d.Cause, d.Field = CauseUnmatched, "Spell"
	d.CauseDetail = "on the right side only"
	if left {
		d.LeftRow, d.Left, d.CauseDetail = s.Row, "present", "on the left side only"
		c.res.Spells.LeftOnly++
	} else {
		d.RightRow, d.Right = s.Row, "present"
		c.res.Spells.RightOnly++
	}
	if c.res.Money {
		d.ValuePence = money(s.Money[MoneyTotal])
		if left {
			d.ValuePence = -d.ValuePence
		}
	}
	if e := c.res.Episodes; e != nil {
		if left {
			e.Left += int64(len(s.Episodes))
			e.LeftOnly += int64(len(s.Episodes))
		} else {
			e.Right += int64(len(s.Episodes))
			e.RightOnly += int64(len(s.Episodes))
		}
	}
	c.spellDiffs = append(c.spellDiffs[:0], d)
	return c.flushSpell()
}

// base fills the descriptive columns of a spell's difference rows from
// the left spell, else the right.
func (c *comparer) base(ls, rs *Spell) Diff {
	first := ls
	if first == nil {
		first = rs
	}
	d := Diff{SpellKey: first.Keys[c.res.Key], LeftRow: Null, RightRow: Null, ValuePence: Null}
	str := c.ws.syms.str
	for _, s := range []*Spell{ls, rs} {
		if s == nil {
			continue
		}
		d.Provider = cmp.Or(d.Provider, str(s.Provider))
		d.Commissioner = cmp.Or(d.Commissioner, str(s.Commissioner))
		d.HRG = cmp.Or(d.HRG, str(s.HRG))
		d.POD = cmp.Or(d.POD, str(s.POD))
		d.Month = cmp.Or(d.Month, str(s.Month))
	}
	return d
}
