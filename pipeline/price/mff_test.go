package price

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// loadMFF loads testdata/mff.csv.
func loadMFF(t testing.TB) *MFF {
	t.Helper()
	f, err := os.Open("testdata/mff.csv")
	require.NoError(t, err)
	defer f.Close()
	m, err := LoadMFF(f, "mff.csv")
	require.NoError(t, err)
	return m
}

func TestMFFIndex(t *testing.T) {
	m := loadMFF(t)
	require.Equal(t, "mff.csv", m.Name())
	require.Equal(t, 5, m.Len())
	cases := []struct {
		provider string
		ppm      int64
		found    bool
	}{
		{"RAA", 1_023_400, true},
		{"raa", 1_023_400, true},   // any case
		{" RAA ", 1_023_400, true}, // spaces trimmed
		{"RAA01", 1_023_400, true}, // site code → trust
		{"RBB", 999_500, true},     // stored upper case
		{"RCC", 1_000_000, true},
		{"RDD", 1_000_001, true}, // " 1.0000005 ": seventh decimal rounds half up
		{"RZZ", UnitIndexPPM, false},
		{"", UnitIndexPPM, false},
		{"RAA0123456", UnitIndexPPM, false}, // too long to be a code
	}
	for _, c := range cases {
		ppm, found := m.Index(c.provider)
		require.Equal(t, c.ppm, ppm, c.provider)
		require.Equal(t, c.found, found, c.provider)
	}
	require.Zero(t, testing.AllocsPerRun(100, func() { m.Index("raa01") }))

	var none *MFF
	ppm, found := none.Index("RAA")
	require.Equal(t, UnitIndexPPM, ppm)
	require.False(t, found)
	require.Zero(t, none.Len())
	require.Empty(t, none.Name())
}

func TestLoadMFFErrors(t *testing.T) {
	cases := []struct {
		name, csv string
		line, col int
		msg       string
	}{
		{"no columns", "trust,factor\nRAA,1\n", 1, 0, "want a provider column"},
		{"two points", "provider,mff\nRAA,1.02\nRBB,1.0.2\n", 3, 5, `"1.0.2" is not a decimal index`},
		{"not decimal", "provider,mff\nRAA,abc\n", 2, 5, `"abc" is not a decimal index`},
		{"percent", "code,index\nRAA,102.34\n", 2, 5, "outside (0, 10]"},
		{"zero", "code,index\nRAA,0\n", 2, 5, "outside (0, 10]"},
		{"bad provider", "code,index\nR-A,1\n", 2, 1, "not a provider code"},
		{"duplicate", "code,index\nRAA,1\nraa,1.1\n", 3, 1, "already listed on line 2"},
		{"empty", "", 0, 0, "empty file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := LoadMFF(strings.NewReader(c.csv), "m.csv")
			require.Error(t, err)
			var te *TableError
			require.True(t, errors.As(err, &te), "%v", err)
			require.Equal(t, c.line, te.Line, "%v", err)
			require.Equal(t, c.col, te.Column, "%v", err)
			require.Contains(t, err.Error(), c.msg)
		})
	}
}

func FuzzLoadMFF(f *testing.F) {
	b, err := os.ReadFile("testdata/mff.csv")
	require.NoError(f, err)
	f.Add(b)
	f.Add([]byte("code,index\nRAA,1.0000005\nraa01,0.5\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := LoadMFF(strings.NewReader(string(b)), "fuzz.csv")
		if err != nil {
			return
		}
		for p, ppm := range m.index {
			got, found := m.Index(p)
			require.True(t, found)
			require.Equal(t, ppm, got)
			require.True(t, ppm > 0 && ppm <= maxMFFPPM)
		}
	})
}
