package synth

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestHeader(t *testing.T) {
	want := []string{"FYEAR", "EPIKEY", "PSEUDO_HESID", "SUSSPELLID", "PROCODE3", "PROCODE5", "SITETRET",
		"PURCODE", "GPPRAC", "ADMIDATE", "ADMIMETH", "ADMISORC", "ADMINCAT", "CLASSPAT", "ELECDATE",
		"EPISTART", "EPIEND", "EPIORDER", "EPISTAT", "EPITYPE", "EPIDUR", "DISDATE", "DISMETH", "DISDEST",
		"STARTAGE", "SEX", "ETHNOS", "MAINSPEF", "TRETSPEF"}
	for _, c := range []struct {
		name string
		n    int
	}{{"DIAG_4_%02d", 20}, {"OPERTN_4_%02d", 24}, {"OPDATE_%02d", 24}} {
		for i := 1; i <= c.n; i++ {
			want = append(want, fmt.Sprintf(c.name, i))
		}
	}
	out, _ := generate(t, testConfig(0, 0))
	require.Equal(t, strings.Join(want, ",")+"\n", string(out))
}

func TestDeterministic(t *testing.T) {
	cfg := testConfig(20_000, 0.02)
	a, sa := generate(t, cfg)
	b, sb := generate(t, cfg)
	require.Equal(t, sha256.Sum256(a), sha256.Sum256(b))
	require.Equal(t, sa, sb)
	cfg.Seed++
	c, _ := generate(t, cfg)
	require.NotEqual(t, sha256.Sum256(a), sha256.Sum256(c))
}

func TestFieldCount(t *testing.T) {
	out, st := generate(t, testConfig(30_000, 0.05))
	require.NotContains(t, string(out), `"`)
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	require.Len(t, lines, st.Episodes+1)
	for i, line := range lines {
		require.Equal(t, numCols-1, strings.Count(line, ","), "line %d: %s", i+1, line)
	}
	require.Len(t, parse(t, out).rows, 30_000)
}

func TestStats(t *testing.T) {
	out, st := generate(t, testConfig(30_000, 0.01))
	tb := parse(t, out)
	spells, patients := map[string]bool{}, map[string]bool{}
	for _, r := range tb.rows {
		spells[tb.get(r, "SUSSPELLID")] = true
		patients[tb.get(r, "PSEUDO_HESID")] = true
	}
	require.Equal(t, 30_000, st.Episodes)
	require.Equal(t, len(spells), st.Spells)
	require.Equal(t, len(patients), st.Patients)
	require.Less(t, st.Patients, st.Spells, "some patients should have several spells")
}

func TestBadRate(t *testing.T) {
	const n, rate = 40_000, 0.05
	clean, _ := generate(t, testConfig(n, 0))
	dirty, st := generate(t, testConfig(n, rate))
	require.InDelta(t, n*rate, st.BadEpisodes(), n*rate*0.15)
	ct, dt := parse(t, clean), parse(t, dirty)
	var found [NumBadKinds]int
	for i := range ct.rows {
		if k, ok := badKindOf(t, ct, ct.rows[i], dt.rows[i]); ok {
			found[k]++
		}
	}
	require.Equal(t, st.Bad, found, "bad kinds found by diffing against a clean run")
	for k, c := range st.Bad {
		require.Positive(t, c, BadKind(k).String())
	}
}

// badKindOf names the one deliberate error that tells dirty from clean.
func badKindOf(t *testing.T, tb table, clean, dirty []string) (BadKind, bool) {
	var diff []string
	for name, i := range tb.col {
		if clean[i] != dirty[i] {
			diff = append(diff, name)
		}
	}
	if len(diff) == 0 {
		return 0, false
	}
	require.Len(t, diff, 1, "one field per bad episode: %v", diff)
	name, v := diff[0], dirty[tb.col[diff[0]]]
	switch {
	case name == "DIAG_4_01" && v == "":
		return BadPrimaryBlank, true
	case strings.HasPrefix(name, "DIAG_4_"):
		require.Contains(t, invalidDiagnoses, v)
		return BadDiagnosis, true
	case name == "STARTAGE":
		require.Equal(t, "abc", v)
		return BadAgeText, true
	case name == "EPIDUR":
		require.Equal(t, clean[tb.col[name]]+".5", v)
		return BadDurationFloat, true
	case v == "1801-01-01":
		return BadSentinelDate, true
	case name == "EPIEND":
		require.True(t, tb.date(t, dirty, "EPIEND").Before(tb.date(t, dirty, "EPISTART")))
		return BadEndBeforeStart, true
	case name == "SEX":
		require.Equal(t, "X", v)
		return BadSex, true
	case name == "ADMIMETH":
		require.Equal(t, "77", v)
		return BadAdmissionMethod, true
	}
	t.Fatalf("unexpected change in %s: %q", name, v)
	return 0, false
}

func TestConfigValidate(t *testing.T) {
	for name, mod := range map[string]func(*Config){
		"negative episodes": func(c *Config) { c.Episodes = -1 },
		"bad rate above 1":  func(c *Config) { c.BadRate = 1.5 },
		"bad rate NaN":      func(c *Config) { c.BadRate = 0 / zero() },
		"dates reversed":    func(c *Config) { c.LastAdmission = c.FirstAdmission.AddDate(0, 0, -1) },
		"zero dates":        func(c *Config) { c.FirstAdmission, c.LastAdmission = time.Time{}, time.Time{} },
	} {
		cfg := DefaultConfig()
		mod(&cfg)
		_, err := Generate(context.Background(), io.Discard, cfg)
		require.ErrorIs(t, err, ErrConfig, name)
	}
	require.NoError(t, DefaultConfig().Validate())
}

func zero() float64 { return 0 }

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var buf bytes.Buffer
	st, err := Generate(ctx, &buf, testConfig(10_000, 0))
	require.ErrorIs(t, err, context.Canceled)
	require.Zero(t, st.Episodes)
}

// TestAllocs checks that allocations do not grow with the episode count.
func TestAllocs(t *testing.T) {
	allocs := func(n int) float64 {
		cfg := testConfig(n, 0.01)
		return testing.AllocsPerRun(2, func() {
			_, err := Generate(context.Background(), io.Discard, cfg)
			require.NoError(t, err)
		})
	}
	small, large := allocs(1_000), allocs(50_000)
	require.InDelta(t, small, large, 2, "allocations per run: %v for 1,000 episodes, %v for 50,000", small, large)
}
