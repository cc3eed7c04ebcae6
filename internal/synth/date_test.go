package synth

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestDays(t *testing.T) {
	epoch := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	for d := civilDay(1800, 1, 1); d < civilDay(2101, 1, 1); d += 7 {
		want := epoch.AddDate(0, 0, int(d))
		require.Equal(t, d, dayOf(want))
		require.Equal(t, want.Format(time.DateOnly), string(appendDate(nil, d)))
	}
	require.Equal(t, "1801-01-01", string(appendDate(nil, sentinelDay)))
	require.Empty(t, appendDate(nil, noDay))
}

func TestStartAge(t *testing.T) {
	birth := civilDay(2024, 2, 29)
	for _, c := range []struct {
		y, m, d, want int
	}{
		{2024, 2, 29, 7001}, {2024, 3, 1, 7002}, {2024, 3, 6, 7002}, {2024, 3, 7, 7003},
		{2024, 3, 28, 7003}, {2024, 3, 29, 7004}, {2024, 8, 29, 7006}, {2025, 2, 28, 7007},
		{2025, 3, 1, 1}, {2034, 2, 28, 9}, {2034, 3, 1, 10},
	} {
		code, years := startAge(birth, civilDay(c.y, c.m, c.d))
		require.Equal(t, c.want, code, "%d-%02d-%02d", c.y, c.m, c.d)
		wantYears := c.want
		if c.want > 7000 {
			wantYears = 0
		}
		require.Equal(t, wantYears, years)
	}
}

func TestFyear(t *testing.T) {
	require.Equal(t, "2425", string(fyearSlice(civilDay(2024, 4, 1))))
	require.Equal(t, "2425", string(fyearSlice(civilDay(2025, 3, 31))))
	require.Equal(t, "9900", string(fyearSlice(civilDay(2000, 1, 1))))
	require.Equal(t, "0001", string(fyearSlice(civilDay(2000, 4, 1))))
}

func fyearSlice(d day) []byte { f := fyear(d); return f[:] }

func TestKeyPerm(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	k := newKeyPerm(r, 1000, 9000)
	seen := map[uint64]bool{}
	for i := range uint64(9000) {
		v := k.key(i)
		require.False(t, seen[v], "key %d repeats", v)
		require.True(t, v >= 1000 && v < 10000, "key %d out of range", v)
		seen[v] = true
	}
	big := newKeyPerm(r, 1e18, 9e18)
	require.Len(t, string(appendUint(big.key(12345))), 19)
}
