package pipeline

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hrgflow/hrgflow/grouper"
)

// TestRunGroupsEpisodesAndSpells checks the grouping columns and the
// spells dataset on the grouper-layout fixture (12 spells, one of three
// episodes) and the artificial extract: UZ01Z exactly for rows validation
// marked as errors, and for their spells; every HRG from the design.
func TestRunGroupsEpisodesAndSpells(t *testing.T) {
	table, err := grouper.Demo()
	require.NoError(t, err)
	known := map[string]bool{}
	for _, h := range table.HRGs() {
		known[h.String()] = true
	}
	for _, tc := range []struct {
		input  string
		spells int
	}{{grouperFixture, 12}, {hesFixture, 2075}} {
		out := t.TempDir()
		st := runFiles(t, out, nil, tc.input)
		require.Equal(t, int64(tc.spells), st.Spells, tc.input)
		eps := dumpEpisodes(t, episodesFile(out))
		spells := dumpDataset(t, filepath.Join(out, "spells", "part-00000.parquet"), spellFields())
		require.Len(t, spells, tc.spells)
		errorSpells := map[string]bool{}
		reports := map[string]int{}
		for _, e := range eps {
			require.True(t, known[e["FCE_HRG"]], "row %s: %q not in the design", e["SourceRow"], e["FCE_HRG"])
			require.Equal(t, e["Severity"] == "error", e["FCE_HRG"] == "UZ01Z", "row %s", e["SourceRow"])
			require.Equal(t, e["FCE_HRG"] == "UZ01Z", e["GroupingMethodFlag"] == "U", "row %s", e["SourceRow"])
			if e["Severity"] == "error" {
				errorSpells[e["SpellRow"]] = true
			}
			if e["SpellReportFlag"] == "1" {
				reports[e["SpellRow"]]++
			}
		}
		for _, e := range eps {
			require.Equal(t, errorSpells[e["SpellRow"]], e["SpellHRG"] == "UZ01Z", "row %s: UZ01Z cascades to the spell", e["SourceRow"])
		}
		for _, s := range spells {
			require.Equal(t, 1, reports[s["SpellRow"]], "spell at row %s has one reporting episode", s["SpellRow"])
			require.True(t, known[s["SpellHRG"]])
		}
	}
}

func TestSpellOfThreeEpisodes(t *testing.T) {
	out := t.TempDir()
	runFiles(t, out, nil, grouperFixture)
	spells := dumpDataset(t, filepath.Join(out, "spells", "part-00000.parquet"), spellFields())
	s := spells[1] // RXX SP0002: rows 2-4, EPIDUR 2+5+3, critical care 2, rehabilitation 3
	require.Equal(t, "2", s["SpellRow"])
	require.Equal(t, "SP0002", s["PROVSPNO"])
	require.Equal(t, "3", s["SpellEpisodeCount"])
	require.Equal(t, "5", s["SpellLOS"], "CalcEpidur 2 + (5−2) + (3−3)")
}
