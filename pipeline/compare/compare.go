package compare

import (
	"fmt"
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

// Result is a finished comparison.
type Result struct {
	Left, Right *Side
	// Key is the spell key the sides were matched on.
	Key KeyKind
	// Diffs are the differences: left spells in order (each followed by
	// its differences), then the right side's unmatched spells.
	Diffs []Diff
	// Spells and Episodes count agreement; Episodes is nil unless both
	// sides carry episodes.
	Spells   Agreement
	Episodes *Agreement
	// Money reports whether both sides carry prices; the totals are then
	// the sums of the sides' spell payments in pence.
	Money                 bool
	LeftTotal, RightTotal int64
}

// ErrNoCommonKey means the sides share no spell key.
var ErrNoCommonKey = fmt.Errorf("the two sides share no spell key")

// Compare matches the spells of two sides and finds and classifies their
// differences. key forces a spell key; nil chooses the first one both sides
// carry on every spell.
func Compare(left, right *Side, key *KeyKind) (*Result, error) {
	res := &Result{Left: left, Right: right, Money: left.Has&right.Has&HasPrice != 0}
	if key != nil {
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
	c := comparer{res: res, both: left.Has & right.Has}
	c.nDiag, c.nProc = min(left.MaxDiags, right.MaxDiags), min(left.MaxProcs, right.MaxProcs)
	c.run()
	return res, nil
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
	both         Has
	nDiag, nProc int
}

func (c *comparer) run() {
	l, r, k := c.res.Left, c.res.Right, c.res.Key
	queue := map[string][]int{}
	for i := range r.Spells {
		key := r.Spells[i].Keys[k]
		queue[key] = append(queue[key], i)
	}
	used := make([]bool, len(r.Spells))
	c.res.Spells.Left, c.res.Spells.Right = int64(len(l.Spells)), int64(len(r.Spells))
	for i := range l.Spells {
		ls := &l.Spells[i]
		c.addTotals(ls, nil)
		q := queue[ls.Keys[k]]
		if len(q) == 0 || ls.Keys[k] == "" { // no key: never matched
			c.unmatched(ls, true)
			continue
		}
		j := q[0]
		queue[ls.Keys[k]] = q[1:]
		used[j] = true
		c.matched(ls, &r.Spells[j])
	}
	for j := range r.Spells {
		c.addTotals(nil, &r.Spells[j])
		if !used[j] {
			c.unmatched(&r.Spells[j], false)
		}
	}
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
func (c *comparer) unmatched(s *Spell, left bool) {
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
	c.res.Diffs = append(c.res.Diffs, d)
}

// base fills the descriptive columns of a spell's difference rows from
// the left spell, else the right.
func (c *comparer) base(ls, rs *Spell) Diff {
	first := ls
	if first == nil {
		first = rs
	}
	d := Diff{SpellKey: first.Keys[c.res.Key], LeftRow: Null, RightRow: Null, ValuePence: Null}
	for _, s := range []*Spell{ls, rs} {
		if s == nil {
			continue
		}
		d.Provider = cmpOr(d.Provider, s.Provider)
		d.Commissioner = cmpOr(d.Commissioner, s.Commissioner)
		d.HRG = cmpOr(d.HRG, s.HRG)
		d.POD = cmpOr(d.POD, s.POD)
		d.Month = cmpOr(d.Month, s.Month)
	}
	return d
}
