package pipeline

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hrgflow/hrgflow/grouper"
	"github.com/hrgflow/hrgflow/internal/synth"
	"github.com/hrgflow/hrgflow/schemas"
)

// writeGenerated writes n generated episodes (seed 1) to path.
func writeGenerated(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	require.NoError(t, err)
	w := bufio.NewWriter(f)
	cfg := synth.DefaultConfig()
	cfg.Episodes = n
	_, err = synth.Generate(context.Background(), w, cfg)
	require.NoError(t, err)
	require.NoError(t, w.Flush())
	require.NoError(t, f.Close())
}

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
		spells := dumpDataset(t, filepath.Join(out, "spells"), spellFields())
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
	spells := dumpDataset(t, filepath.Join(out, "spells"), spellFields())
	s := spells[1] // RXX SP0002: rows 2-4, EPIDUR 2+5+3, critical care 2, rehabilitation 3
	require.Equal(t, "2", s["SpellRow"])
	require.Equal(t, "SP0002", s["PROVSPNO"])
	require.Equal(t, "3", s["SpellEpisodeCount"])
	require.Equal(t, "5", s["SpellLOS"], "CalcEpidur 2 + (5−2) + (3−3)")
}

// TestUnbundledDataset checks the long-form unbundled dataset against the
// episodes' UnbundledHRGs text on generated episodes.
func TestUnbundledDataset(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "gen.csv")
	writeGenerated(t, in, 5000)
	out := filepath.Join(dir, "out")
	st := runFiles(t, out, nil, in)
	rows := dumpDataset(t, filepath.Join(out, "unbundled"), schemas.UnbundledDictionary())
	require.Equal(t, int(st.Unbundled), len(rows))
	require.Positive(t, len(rows), "generated data has imaging and dialysis procedures")
	byRow := map[string][]string{}
	for _, r := range rows {
		h := r["UnbundledHRG"]
		if r["Multiplier"] != "" {
			h += "*" + r["Multiplier"]
		}
		byRow[r["SourceRow"]] = append(byRow[r["SourceRow"]], h)
	}
	for _, e := range dumpEpisodes(t, episodesFile(out)) {
		require.Equal(t, e["UnbundledHRGs"], strings.Join(byRow[e["SourceRow"]], ";"), "row %s", e["SourceRow"])
	}
}
