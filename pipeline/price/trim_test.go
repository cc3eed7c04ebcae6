package price

import (
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTrimPointKnownSamples(t *testing.T) {
	cases := []struct {
		name string
		los  []int32
		want int32
	}{
		// R: quantile(1:8, c(.25, .75)) = 2.75, 6.25; 6.25 + 1.5 × 3.5 = 11.5 → 12.
		{"one to eight", []int32{1, 2, 3, 4, 5, 6, 7, 8}, 12},
		// Unsorted input gives the same.
		{"one to eight shuffled", []int32{8, 3, 1, 7, 2, 6, 4, 5}, 12},
		// n = 5: h = 1 and 3 exactly: Q1 = 2, Q3 = 4; 4 + 1.5 × 2 = 7.
		{"one to five", []int32{1, 2, 3, 4, 5}, 7},
		// n = 9: Q1 = x[2] = 1, Q3 = x[6] = 8; 8 + 1.5 × 7 = 18.5 → 19.
		{"fibonacci", []int32{0, 1, 1, 2, 3, 5, 8, 13, 21}, 19},
		// n = 2: Q1 = 2 + 0.25 × 8 = 4, Q3 = 2 + 0.75 × 8 = 8; 8 + 1.5 × 4 = 14.
		{"two values", []int32{2, 10}, 14},
		// One value: Q1 = Q3 = 5, IQR 0.
		{"one value", []int32{5}, 5},
		{"all day cases", []int32{0, 0, 0, 0}, 0},
		// n = 4: Q1 at h = 0.75 is 0 + 0.75 × 1 = 0.75; Q3 at h = 2.25 is
		// 2 + 0.25 × 8 = 4; 4 + 1.5 × 3.25 = 8.875 → 9.
		{"skewed", []int32{0, 1, 2, 10}, 9},
		// Unknown lengths are ignored: the same as one to five.
		{"negatives ignored", []int32{1, -1, 2, 3, -5, 4, 5}, 7},
	}
	for _, c := range cases {
		in := slices.Clone(c.los)
		got, ok := TrimPoint(in)
		require.True(t, ok, c.name)
		require.Equal(t, c.want, got, c.name)
		require.Equal(t, c.los, in, "%s: input not modified", c.name)
	}
	_, ok := TrimPoint(nil)
	require.False(t, ok)
	_, ok = TrimPoint([]int32{-1})
	require.False(t, ok)
}

// ratTrimPoint is the definition in exact rational arithmetic: type 7
// quartiles, Q3 + 3/2 (Q3 − Q1), rounded up.
func ratTrimPoint(los []int32) int32 {
	s := slices.Sorted(slices.Values(los))
	q := func(num, den int64) *big.Rat {
		h := new(big.Rat).SetFrac64((int64(len(s))-1)*num, den)
		lo := new(big.Int).Quo(h.Num(), h.Denom()).Int64()
		frac := new(big.Rat).Sub(h, new(big.Rat).SetInt64(lo))
		v := new(big.Rat).SetInt64(int64(s[lo]))
		if frac.Sign() > 0 {
			d := new(big.Rat).SetInt64(int64(s[lo+1] - s[lo]))
			v.Add(v, d.Mul(d, frac))
		}
		return v
	}
	q1, q3 := q(1, 4), q(3, 4)
	iqr := new(big.Rat).Sub(q3, q1)
	t := new(big.Rat).Add(q3, iqr.Mul(iqr, big.NewRat(3, 2)))
	n := new(big.Int).Quo(t.Num(), t.Denom())
	if new(big.Rat).SetInt(n).Cmp(t) < 0 {
		n.Add(n, big.NewInt(1))
	}
	return int32(n.Int64())
}

func TestTrimPointMatchesDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		los := make([]int32, 1+r.IntN(60))
		for i := range los {
			los[i] = int32(r.IntN(1 + r.IntN(40)))
		}
		got, ok := TrimPoint(los)
		require.True(t, ok)
		require.Equal(t, ratTrimPoint(los), got, "%v", los)
	}
}

func TestLOSSamples(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var a, b LOSSamples
	var el, ne []int32
	h := hrg("FD01A")
	for i := range 5000 {
		los := int32(r.ExpFloat64() * 4)
		pods := []POD{PODElective, PODNonElective, PODNonElectiveShortStay, PODMaternity, PODOtherNonElective}
		pod := pods[i%len(pods)]
		if pod == PODNonElectiveShortStay {
			los = int32(i % 2)
		}
		s := &a
		if i%3 == 0 {
			s = &b // a second worker's samples
		}
		require.True(t, s.Add(h, pod, los))
		if pod == PODElective {
			el = append(el, los)
		} else {
			ne = append(ne, los)
		}
	}
	// Not counted: day cases, regular attenders, unknown POD, unknown LOS, no HRG.
	require.False(t, a.Add(h, PODDayCase, 0))
	require.False(t, a.Add(h, PODRegularDay, 0))
	require.False(t, a.Add(h, PODUnknown, 3))
	require.False(t, a.Add(h, PODElective, -1))
	require.False(t, a.Add([5]byte{}, PODElective, 1))

	a.Merge(&b)
	require.Equal(t, int64(len(el)), a.Spells(h, false))
	require.Equal(t, int64(len(ne)), a.Spells(h, true))
	wantEL, _ := TrimPoint(el)
	wantNE, _ := TrimPoint(ne)
	got := a.TrimPoints(1)
	require.Equal(t, map[[5]byte]TrimPoints{h: {Elective: wantEL, NonElective: wantNE}}, got)

	// Too few spells leaves a trim point missing.
	var c LOSSamples
	for _, los := range []int32{1, 2, 3, 4, 5, 6, 7, 8} {
		c.Add(hrg("AA01A"), PODElective, los)
	}
	c.Add(hrg("AA01A"), PODNonElective, 3)
	require.Equal(t, map[[5]byte]TrimPoints{hrg("AA01A"): {Elective: 12, NonElective: NoTrimPoint}}, c.TrimPoints(5))
	require.Equal(t, map[[5]byte]TrimPoints{hrg("AA01A"): {Elective: 12, NonElective: 3}}, c.TrimPoints(0))

	var empty LOSSamples
	require.Empty(t, empty.TrimPoints(1))
	require.Zero(t, empty.Spells(h, false))
}

func TestTrimPointsIntoTable(t *testing.T) {
	// The path of `hrgflow prices trimpoints`: samples → trim points → a
	// table with trim points filled → the compact CSV.
	var s LOSSamples
	for _, los := range []int32{1, 2, 3, 4, 5, 6, 7, 8} {
		s.Add(hrg("AA01C"), PODNonElective, los)
	}
	tab := loadFile(t, "compact.csv").WithTrimPoints(s.TrimPoints(1), false)
	p, _ := tab.Lookup(hrg("AA01C"))
	require.Equal(t, int32(12), p.NonElectiveTrim)
	require.Equal(t, NoTrimPoint, p.ElectiveTrim)
	b := tab.Price(spell("AA01C", PODNonElective, 15), nil, DefaultRules())
	require.Equal(t, int32(3), b.ExcessBedDays, "15 − 12; no per-day price")
	require.Equal(t, NoteNoPerDay, b.Notes)
}
