package grouper

import (
	"bytes"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hrgflow/hrgflow/internal/codelist"
	"github.com/hrgflow/hrgflow/schemas"
)

// caseEpisodes parses the episodes of one case line (conformance format).
func caseEpisodes(t testing.TB, line string) []*schemas.Episode {
	t.Helper()
	c, err := parseCase(line + " => UZ01Z U")
	require.NoError(t, err)
	out := make([]*schemas.Episode, len(c.eps))
	for i := range c.eps {
		out[i] = &c.eps[i]
	}
	return out
}

func explainCase(t *testing.T, tab *Table, line string) string {
	t.Helper()
	eps := caseEpisodes(t, line)
	var tr Trace
	results := make([]EpisodeResult, len(eps))
	for i, e := range eps {
		tab.GroupEpisode(e, &results[i], &tr)
	}
	if len(eps) > 1 {
		var s SpellResult
		tab.GroupSpell(eps, results, &s, &tr)
	}
	titles, err := codelist.Default()
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, tr.WriteText(&buf, tab, titles))
	return buf.String()
}

func TestExplain(t *testing.T) {
	tab := expressive(t)
	for _, tc := range []struct {
		line string
		want []string
	}{
		{"episode age=70 diag=M161,M170,I10X,I10X proc=Z942,W461,W371,U051 rehab_days=2 los=5", []string{
			"procedure W461 (", "at position 2: hierarchy 60, root HN13",
			"applies only with primary diagnoses S72*", "the primary is not one, so the next row is tried",
			"dominant procedure: W461", "ties go to the earliest position", "procedure-driven: root HN13 from the dominant procedure W461, method P",
			"U051", "non_grouping", "CC M170", "cc_exclusions.csv excludes it", "CC I10X", "weight 1 counted",
			"already counted once", "split rule 1 of HN13 → HN13Z", "unbundled RD20Z from procedure U051",
			"unbundled VC40Z*2 from rehabilitation days recorded", "episode HRG: HN13Z (Major Hip Procedures for Non-Trauma), method P",
		}},
		{"episode age=40 diag=S065,S066,S223", []string{
			"trauma site head: S065", "same site as an earlier injury: not counted again", "trauma site chest",
			"distinct body sites: 2, needed: 2 → fires: root VA01, method M", "pre-grouping rule burns (priority 1, pregroup.csv:3): no diagnosis is a burn",
		}},
		{"episode age=40 diag=J189,T213", []string{"T213", "is a burn → fires: root JB01, method B", "split rule 1 of JB01 → JB01A \"19 and over\" if age 19+"}},
		{"episode age=80 adm=emergency los=2 diag=I500", []string{
			"split inputs: cc 0, age 80, interventions 0, non_elective, sex unknown, length of stay 2 days",
			"not met (los 3+)", "met → EB03B", "CC score 0: subchapter EB has no CC list",
		}},
		{"episode invalid diag=J189", []string{"failed a validation rule of severity error", "UZ01Z (Data Invalid for Grouping), method U (error)"}},
		{"episode age=40 diag=L409", []string{"L409", "has no mapping in diagnoses.csv → UZ01Z"}},
		{"episode age=30 sex=9 diag=N390", []string{"no split rule of LA04 matches → UZ01Z"}},
		{"spell age=67 diag=R69X | age=67 diag=J189,I10X proc=G451", []string{
			"Spell of 2 episodes", "episode 1's primary diagnosis R69X", "poor_primary", "spell primary diagnosis: J189",
			"episode 2 position 2", "spell HRG: DZ11M",
		}},
		{"spell age=67 diag=J189 | invalid diag=J189", []string{"episode 2 grouped to UZ01Z, so the whole spell groups to UZ01Z"}},
	} {
		text := explainCase(t, tab, tc.line)
		for _, w := range tc.want {
			require.Contains(t, text, w, "%s\n%s", tc.line, text)
		}
	}
}

func TestGroupAllocs(t *testing.T) {
	tab := expressive(t)
	eps := caseEpisodes(t, "spell age=70 adm=emergency los=3 diag=S720,I10X,F03X proc=W461,U051,X332 rehab_days=2 | age=70 diag=R69X,E119 proc=G451")
	results := make([]EpisodeResult, len(eps))
	var s SpellResult
	allocs := testing.AllocsPerRun(100, func() {
		for i, e := range eps {
			tab.GroupEpisode(e, &results[i], nil)
		}
		tab.GroupSpell(eps, results, &s, nil)
	})
	require.Zero(t, allocs)
	require.Equal(t, "HT12A", results[0].HRG.String())

	var tr Trace
	tab.GroupEpisode(eps[0], &results[0], &tr)
	n := tr.Len()
	require.Positive(t, n)
	tr.Reset()
	allocs = testing.AllocsPerRun(100, func() {
		tr.Reset()
		tab.GroupEpisode(eps[0], &results[0], &tr)
	})
	require.Zero(t, allocs, "a reused trace does not allocate either")
	require.Equal(t, n, tr.Len())
}

func TestGroupConcurrent(t *testing.T) {
	tab := expressive(t)
	eps := caseEpisodes(t, "spell age=67 adm=emergency diag=J189,N185,C349 | age=67 diag=J189,I10X proc=G451")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			results := make([]EpisodeResult, len(eps))
			for range 1000 {
				var s SpellResult
				for i, e := range eps {
					tab.GroupEpisode(e, &results[i], nil)
				}
				tab.GroupSpell(eps, results, &s, nil)
				if s.HRG.String() != "DZ11K" || s.CCScore != 7 {
					t.Errorf("got %s cc %d", s.HRG, s.CCScore)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestCalcEpidur(t *testing.T) {
	var e schemas.Episode
	e.Reset()
	require.Zero(t, calcEpidur(&e), "nothing known")
	e.Date[schemas.EPISTART], e.Date[schemas.EPIEND] = schemas.DateOf(2024, 5, 1), schemas.DateOf(2024, 5, 8)
	require.EqualValues(t, 7, calcEpidur(&e), "EPIDUR missing: the dates")
	e.Int[schemas.EPIDUR], e.Int[schemas.REHABILITATIONDAYS] = 10, 4
	require.EqualValues(t, 6, calcEpidur(&e))
	e.Int[schemas.CRITICALCAREDAYS], e.Int[schemas.SPCDAYS] = 5, 5
	require.Zero(t, calcEpidur(&e), "floored at 0")
	e.Int[schemas.EPIDUR] = -1 << 31
	require.Zero(t, calcEpidur(&e))
}

func TestEmptySpell(t *testing.T) {
	tab := expressive(t)
	var s SpellResult
	tab.GroupSpell(nil, nil, &s, nil)
	require.Equal(t, "UZ01Z", s.HRG.String())
	require.Equal(t, MethodError, s.Method)
	require.Equal(t, -1, s.ReportEpisode)
}
