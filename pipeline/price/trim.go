package price

import (
	"slices"
	"sort"
)

// TrimPoint returns the long-stay trim point of a set of lengths of stay:
// the upper quartile plus 1.5 times the interquartile range, rounded up to
// a whole day. Quartiles are R's default (type 7, Hyndman and Fan 1996):
// for sorted values x[0..n-1], the p-quantile is x[h] interpolated
// linearly towards x[h+1] at h = (n−1)p, so the quartiles of 1..8 are 2.75
// and 6.25 and the trim point is ⌈6.25 + 1.5 × 3.5⌉ = 12. The arithmetic
// is exact (in eighths of a day). Negative values (unknown LOS) are
// ignored; ok is false when no value is left. los is not modified.
func TrimPoint(los []int32) (days int32, ok bool) {
	s := make([]int32, 0, len(los))
	for _, v := range los {
		if v >= 0 {
			s = append(s, v)
		}
	}
	if len(s) == 0 {
		return NoTrimPoint, false
	}
	slices.Sort(s)
	return trimPoint(int64(len(s)), func(k int64) int32 { return s[k] }), true
}

// trimPoint computes the trim point of n ≥ 1 non-negative values whose
// k-th smallest (0-based) is nth(k).
func trimPoint(n int64, nth func(int64) int32) int32 {
	q1 := quartile4(n, 1, nth)
	q3 := quartile4(n, 3, nth)
	// T = Q3 + 1.5 (Q3 − Q1) = (5·4Q3 − 3·4Q1) / 8, rounded up.
	num := 5*q3 - 3*q1
	t := (num + 7) / 8
	return int32(min(t, maxDays))
}

// quartile4 returns 4 × the q-th quartile (q = 1 or 3) by linear
// interpolation at h = (n−1)·q/4, exactly: with h = lo + r/4,
// 4Q = 4·x[lo] + r·(x[lo+1] − x[lo]).
func quartile4(n, q int64, nth func(int64) int32) int64 {
	num := (n - 1) * q
	lo, r := num/4, num%4
	x := int64(nth(lo))
	if r == 0 {
		return 4 * x
	}
	return 4*x + r*(int64(nth(lo+1))-x)
}

// trimGroup says which trim point a POD's spells inform.
func trimGroup(pod POD) (nonElective bool, ok bool) {
	switch {
	case pod == PODElective:
		return false, true
	case pod.nonElective():
		return true, true
	}
	return false, false
}

// losKey identifies one HRG's samples for one trim point.
type losKey struct {
	hrg         [5]byte
	nonElective bool
}

// LOSSamples collects lengths of stay per HRG and trim point, as a count
// per length so memory stays bounded by the number of distinct lengths,
// not of spells. Ordinary elective spells (EL) inform the elective trim
// point; NE, NES, MAT and OTH spells the non-elective one. Day cases,
// regular attenders and unknown PODs are not counted: the elective trim
// point is the ordinary elective one, and day cases, planned as same-day,
// would pull it to 0.
//
// The zero value is ready to use. A LOSSamples is not safe for concurrent
// use: give each worker its own and Merge them at the end.
type LOSSamples struct {
	counts map[losKey]map[int32]int64
}

// Add counts one spell's length of stay and reports whether it was
// counted (not for a POD outside the groups above, a zero HRG or a
// negative, unknown, LOS).
func (s *LOSSamples) Add(hrg [5]byte, pod POD, los int32) bool {
	ne, ok := trimGroup(pod)
	if !ok || los < 0 || hrg == ([5]byte{}) {
		return false
	}
	s.add(losKey{hrg, ne}, los, 1)
	return true
}

// add counts n spells of length los under k.
func (s *LOSSamples) add(k losKey, los int32, n int64) {
	if s.counts == nil {
		s.counts = make(map[losKey]map[int32]int64)
	}
	h := s.counts[k]
	if h == nil {
		h = make(map[int32]int64)
		s.counts[k] = h
	}
	h[los] += n
}

// Merge adds every count of o to s. o is not changed.
func (s *LOSSamples) Merge(o *LOSSamples) {
	for k, h := range o.counts {
		for los, n := range h {
			s.add(k, los, n)
		}
	}
}

// Spells returns the number of spells counted for an HRG's elective or
// non-elective trim point.
func (s *LOSSamples) Spells(hrg [5]byte, nonElective bool) int64 {
	var n int64
	for _, c := range s.counts[losKey{hrg, nonElective}] {
		n += c
	}
	return n
}

// TrimPoints derives the trim points of every HRG with samples, by
// TrimPoint's method. A trim point informed by fewer than minSpells spells
// is left as NoTrimPoint; minSpells below 1 counts as 1.
func (s *LOSSamples) TrimPoints(minSpells int64) map[[5]byte]TrimPoints {
	minSpells = max(minSpells, 1)
	out := make(map[[5]byte]TrimPoints)
	for k, h := range s.counts {
		tp, ok := out[k.hrg]
		if !ok {
			tp = TrimPoints{Elective: NoTrimPoint, NonElective: NoTrimPoint}
		}
		if days, ok := histTrimPoint(h, minSpells); ok {
			if k.nonElective {
				tp.NonElective = days
			} else {
				tp.Elective = days
			}
		}
		out[k.hrg] = tp
	}
	return out
}

// histTrimPoint is TrimPoint over a histogram of lengths of stay.
func histTrimPoint(h map[int32]int64, minSpells int64) (int32, bool) {
	vals := make([]int32, 0, len(h))
	for v := range h {
		vals = append(vals, v)
	}
	slices.Sort(vals)
	cum := make([]int64, len(vals)) // cum[i]: spells with LOS ≤ vals[i]
	var n int64
	for i, v := range vals {
		n += h[v]
		cum[i] = n
	}
	if n < minSpells {
		return NoTrimPoint, false
	}
	nth := func(k int64) int32 {
		return vals[sort.Search(len(cum), func(i int) bool { return cum[i] > k })]
	}
	return trimPoint(n, nth), true
}
